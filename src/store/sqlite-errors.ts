/**
 * Translates better-sqlite3's SqliteError into the contract's codes, so that no caller ever sees a
 * raw SQLite message and every storage fault names the store's path and what to do about it.
 */
import { AppError } from '../domain/errors.ts';

interface SqliteLikeError {
  code: string;
  message: string;
}

function isSqliteError(error: unknown): error is SqliteLikeError {
  return (
    error instanceof Error &&
    error.name === 'SqliteError' &&
    typeof (error as Partial<SqliteLikeError>).code === 'string'
  );
}

export function translateSqliteError(error: unknown, path: string): unknown {
  if (!isSqliteError(error)) return error;
  const code = error.code;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError(
      'STORE_BUSY',
      `The store at ${path} is locked by another process past the busy timeout; nothing was written. ` +
        'Retry the same call (with the same idempotency key), or raise AGENTINTROS_BUSY_TIMEOUT_MS.',
      { sqlite: code },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError(
      'INTERNAL',
      `The store at ${path} is read-only; nothing was written. Make the file and its folder ` +
        'writable for this user, or point --db / AGENTINTROS_DB at a writable path.',
      { sqlite: code },
    );
  }
  if (code === 'SQLITE_FULL') {
    return new AppError(
      'INTERNAL',
      `The store at ${path} is full (the disk or its size limit); nothing was written. Free some ` +
        'disk space, then retry the same call.',
      { sqlite: code },
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new AppError(
      'INTERNAL',
      `The file at ${path} is damaged or is not an AgentIntros store. Restore it from a backup, ` +
        "or point --db / AGENTINTROS_DB at another path; 'agentintros doctor' checks a path.",
      { sqlite: code },
    );
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return new AppError(
      'INTERNAL',
      `The store at ${path} could not be read or written (${code}). Check the disk and the file's ` +
        "permissions; 'agentintros doctor' checks the path.",
      { sqlite: code },
    );
  }
  // The SQLite message goes to details (the server's stderr log), never to the agent.
  return new AppError('INTERNAL', `The store at ${path} refused an operation (${code}).`, {
    sqlite: code,
    cause: error.message,
  });
}
