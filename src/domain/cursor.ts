/**
 * Opaque page cursors: base64url JSON that only this server reads back. A cursor that does not
 * decode is a VALIDATION_ERROR that tells the caller to start again without it.
 */
import { AppError } from './errors.ts';

export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T extends Record<string, unknown>>(
  cursor: string,
  isValid: (value: Record<string, unknown>) => value is T,
): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (typeof value === 'object' && value !== null && isValid(value as Record<string, unknown>)) {
    return value as T;
  }
  throw new AppError(
    'VALIDATION_ERROR',
    `cursor '${cursor.slice(0, 40)}' is not one this server issued; pass the nextCursor of the ` +
      'previous page unchanged, or omit cursor to start from the first page.',
  );
}
