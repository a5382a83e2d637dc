/**
 * The contract's error codes (SPEC §5) and the one error class that carries them. Adapters turn
 * an AppError into an `isError` tool result or a CLI exit code; anything else is INTERNAL.
 */

export const ERROR_CODES = [
  'VALIDATION_ERROR',
  'IDEMPOTENCY_KEY_INVALID',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_KEY_EXPIRED',
  'NOT_FOUND',
  'INVALID_STATE',
  'NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'STORE_BUSY',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  /** Whether the same call may succeed when simply tried again. */
  get retryable(): boolean {
    return this.code === 'STORE_BUSY';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function notFound(kind: string, id: string, hint: string): AppError {
  return new AppError('NOT_FOUND', `Unknown ${kind} '${id}'; ${hint}.`, { id });
}
