/**
 * The stderr logger. stdout belongs to JSON-RPC, so nothing here ever writes there.
 */

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LEVELS)[number];

export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

export function parseLogLevel(value: string | undefined): LogLevel {
  return LEVELS.find((level) => level === value?.toLowerCase()) ?? 'warn';
}

export function createLogger(
  level: LogLevel,
  write = (line: string) => process.stderr.write(line),
) {
  const threshold = LEVELS.indexOf(level);
  const emit = (at: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(at) > threshold) return;
    const extra = fields ? ` ${JSON.stringify(fields)}` : '';
    write(`agentintros ${at}: ${message}${extra}\n`);
  };
  return {
    error: emit('error'),
    warn: emit('warn'),
    info: emit('info'),
    debug: emit('debug'),
  } satisfies Logger;
}
