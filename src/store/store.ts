/**
 * Opens, migrates and guards the one SQLite file (SPEC §9). Writes run in BEGIN IMMEDIATE so that
 * concurrent processes queue on the busy timeout instead of failing on a stale snapshot.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

import type Database from 'better-sqlite3';

import { AppError } from '../domain/errors.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';
import { translateSqliteError } from './sqlite-errors.ts';
import { statement } from './statements.ts';

export type Db = Database.Database;

let driver: typeof Database | undefined;

/**
 * better-sqlite3 12 aborts the process on Node 24 when a statement is garbage-collected (its
 * ObjectWrap destructor asserts; WiseLibs/better-sqlite3#1515, closed upstream without a fix), and
 * 13 does not run on Node 20. So Node 24 and later load 13, installed as the optional dependency
 * `better-sqlite3-node24`; older Nodes load 12. This ends once Node 20 support is dropped.
 */
export function driverPackage(): 'better-sqlite3' | 'better-sqlite3-node24' {
  return Number(process.versions.node.split('.')[0]) >= 24
    ? 'better-sqlite3-node24'
    : 'better-sqlite3';
}

/**
 * better-sqlite3 is loaded on the first open, not at import: the MCP server opens its store after
 * tools/list, while the client is busy, so loading the native module stays out of initialize.
 */
export function loadDriver(): typeof Database {
  const name = driverPackage();
  try {
    driver ??= createRequire(import.meta.url)(name) as typeof Database;
  } catch (error) {
    const reason = String((error as Error).message).split('\n')[0];
    throw new AppError(
      'INTERNAL',
      `The SQLite module ${name} does not load under Node ${process.version} (${reason}). ` +
        `Run \`agentintros doctor\`, or \`npm install\` then \`npm rebuild ${name}\` where ` +
        'agentintros is installed, with this same Node.',
    );
  }
  return driver;
}

export interface OpenOptions {
  path: string;
  busyTimeoutMs?: number;
}

const SQLITE_HEADER = 'SQLite format 3\0';
/** PRAGMA application_id of every AgentIntros store ('AgIn'), so that no other file passes. */
export const APPLICATION_ID = 0x4167496e;

export class Store {
  readonly path: string;
  readonly db: Db;
  #closed = false;
  #dataVersion: number | undefined;

  private constructor(path: string, db: Db) {
    this.path = path;
    this.db = db;
  }

  static open(options: OpenOptions): Store {
    const path = resolve(options.path);
    const Driver = loadDriver();
    prepareFile(path);
    let db: Db;
    try {
      db = new Driver(path, { timeout: options.busyTimeoutMs ?? 5000 });
    } catch (error) {
      throw translateSqliteError(error, path);
    }
    try {
      initialise(db, path, options.busyTimeoutMs ?? 5000);
    } catch (error) {
      db.close();
      throw translateSqliteError(error, path);
    }
    return new Store(path, db);
  }

  /** Runs `fn` in a BEGIN IMMEDIATE transaction; everything it did rolls back if it throws. */
  write<T>(fn: () => T): T {
    try {
      return this.db
        .transaction(() => {
          this.assertCurrent();
          return fn();
        })
        .immediate();
    } catch (error) {
      throw translateSqliteError(error, this.path);
    }
  }

  /** Runs `fn` as one consistent read (a deferred transaction that never writes). */
  read<T>(fn: () => T): T {
    try {
      return this.db
        .transaction(() => {
          this.assertCurrent();
          return fn();
        })
        .deferred();
    } catch (error) {
      throw translateSqliteError(error, this.path);
    }
  }

  /**
   * Throws unless the store still has the schema this code knows; call inside a transaction
   * (read() and write() do, and so does each import batch). Another process running a newer
   * AgentIntros may migrate the file while this one has it open (an MCP server a client keeps
   * running across an upgrade): this one's statements would then read and write a schema they
   * were not written for. Checked when another connection has committed since the last check.
   */
  assertCurrent(): void {
    const seen = statement(this.db, 'PRAGMA data_version').pluck().get() as number;
    if (seen === this.#dataVersion) return;
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new AppError(
        'INTERNAL',
        `The store ${this.path} was upgraded by a newer AgentIntros (schema ${version}; this ` +
          `process knows ${SCHEMA_VERSION}) while this process had it open. Restart it (for the ` +
          'MCP server: restart the client) so that the newer version runs.',
      );
    }
    this.#dataVersion = seen;
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.db.close();
  }
}

function prepareFile(path: string): void {
  const dir = dirname(path);
  try {
    makeFolders(dir);
  } catch (error) {
    throw new AppError(
      'INTERNAL',
      `Cannot create the store's folder ${dir} (${(error as NodeJS.ErrnoException).code}). ` +
        'Create it yourself or point --db / AGENTINTROS_DB at a writable folder.',
    );
  }
  if (existsSync(path)) {
    refuseForeignFile(path);
    return;
  }
  try {
    // Create the file ourselves so it is 0600 from the first byte; SQLite gives -wal/-shm the same.
    closeSync(openSync(path, 'a', 0o600));
  } catch (error) {
    throw new AppError(
      'INTERNAL',
      `Cannot create the store ${path} (${(error as NodeJS.ErrnoException).code}). Make ${dir} ` +
        'writable for this user, or point --db / AGENTINTROS_DB at another path.',
    );
  }
}

/**
 * mkdirSync(dir, { recursive: true }) without its loop: Node 20-24 spin for ever on a path under
 * /proc that does not exist, which would leave the server deaf to stdin's end and to SIGTERM.
 * Each missing folder is created on its own, from the nearest existing one down, so every
 * failure is an error at once.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; !existsSync(at); at = dirname(at)) {
    if (dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (error) {
      // Another process starting at the same time made it first.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(folder).isDirectory()) {
        throw error;
      }
    }
  }
}

function refuseForeignFile(path: string): void {
  const stats = statSync(path);
  if (stats.isDirectory()) {
    throw new AppError(
      'INTERNAL',
      `The store path ${path} is a folder; give --db / AGENTINTROS_DB a file path such as ${path}/agentintros.db.`,
    );
  }
  if (stats.size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new AppError(
      'INTERNAL',
      `The file ${path} is not an AgentIntros store (not SQLite); it was left untouched. ` +
        'Point --db / AGENTINTROS_DB at another path.',
    );
  }
}

function initialise(db: Db, path: string, busyTimeoutMs: number): void {
  // Judge the file before anything writes: a newer or foreign store must stay byte-identical.
  // One read transaction, so that a store another process is creating is seen whole or not at all.
  db.transaction(() => refuseForeignOrNewer(db, path)).deferred();
  setWal(db, busyTimeoutMs);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db, path);
}

function refuseForeignOrNewer(db: Db, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if ((db.pragma('application_id', { simple: true }) as number) === APPLICATION_ID) {
    if (version > SCHEMA_VERSION) {
      throw new AppError(
        'INTERNAL',
        `The store ${path} was written by a newer AgentIntros (schema ${version}; this one knows ` +
          `${SCHEMA_VERSION}). It was not changed. Upgrade agentintros to open it.`,
      );
    }
    return;
  }
  // Not stamped as ours: only a database with nothing in it yet may become a store. Many programs
  // set user_version, so a version alone never makes a file ours.
  const tables = db
    .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    .get() as { n: number };
  if (version !== 0 || tables.n > 0) {
    throw new AppError(
      'INTERNAL',
      `The file ${path} is a SQLite database of some other program; it was left untouched. ` +
        'Point --db / AGENTINTROS_DB at another path.',
    );
  }
}

function setWal(db: Db, busyTimeoutMs: number): void {
  // Several processes opening a new store at once can see SQLITE_BUSY here; the busy handler
  // does not cover this pragma, so retry it for about as long as the busy timeout would.
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function migrate(db: Db, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current === SCHEMA_VERSION) return;
  db.transaction(() => {
    // Another process may have migrated between our read and our lock: read again inside.
    refuseForeignOrNewer(db, path);
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let next = version; next < SCHEMA_VERSION; next += 1) {
      db.exec(MIGRATIONS[next]!);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
