/**
 * Store.open on real files (SPEC §9): what it creates and with which modes, and what it refuses
 * while leaving the file exactly as it was.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AppError } from '../../src/domain/errors.ts';
import { MIGRATIONS, rowidOfKey, SCHEMA_VERSION } from '../../src/store/schema.ts';
import { APPLICATION_ID, Store } from '../../src/store/store.ts';
import { runCli } from '../helpers/cli.ts';
import { call, spawnServer } from '../helpers/mcp.ts';
import Database from '../helpers/sqlite.ts';
import { tempDir } from '../helpers/store.ts';

interface Snapshot {
  hash: string;
  mtimeMs: number;
  siblings: string[];
}

function snapshot(path: string): Snapshot {
  const dir = join(path, '..');
  return {
    hash: createHash('sha256').update(readFileSync(path)).digest('hex'),
    mtimeMs: statSync(path).mtimeMs,
    siblings: readdirSync(dir).sort(),
  };
}

function refusal(path: string): AppError {
  try {
    Store.open({ path }).close();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`Store.open(${path}) succeeded; it should have refused`);
}

/** A real AgentIntros store, closed, then stamped as a newer version would stamp it. */
function newerStore(): string {
  const path = join(tempDir(), 'newer.db');
  Store.open({ path }).close();
  const raw = new Database(path);
  raw.pragma('user_version = 999');
  raw.close();
  return path;
}

describe('Store.open on a new path', () => {
  let umask: number;
  beforeEach(() => {
    // A permissive umask proves the modes are set on purpose, not inherited.
    umask = process.umask(0o000);
  });
  afterEach(() => {
    process.umask(umask);
  });

  it('creates missing folders 0700 and the file 0600, with its WAL files private too', () => {
    const root = tempDir();
    const path = join(root, 'a', 'b', 'store.db');

    const store = Store.open({ path });
    store.write(() => store.db.prepare("UPDATE members SET name = 'me' WHERE id = 'mb_me'").run());

    expect(statSync(join(root, 'a')).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'a', 'b')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    for (const sibling of ['store.db-wal', 'store.db-shm']) {
      expect(statSync(join(root, 'a', 'b', sibling)).mode & 0o777).toBe(0o600);
    }
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    store.close();
  });

  it('opens an empty file as a new store', () => {
    const path = join(tempDir(), 'empty.db');
    writeFileSync(path, '', { mode: 0o600 });
    const store = Store.open({ path });
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    store.close();
  });

  it('reopens its own store unchanged in version', () => {
    const path = join(tempDir(), 'again.db');
    Store.open({ path }).close();
    const store = Store.open({ path });
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    store.close();
  });
});

describe('Store.open refuses', () => {
  it('a store stamped with a newer schema, saying so, and leaves it byte-identical', () => {
    const path = newerStore();
    const before = snapshot(path);

    const error = refusal(path);

    expect(error.message).toContain(path);
    expect(error.message).toContain('newer AgentIntros (schema 999');
    expect(error.message).toContain('Upgrade agentintros');
    expect(snapshot(path)).toEqual(before);
    expect(before.siblings).toEqual(['newer.db']);
  });

  it('a newer store through the CLI and the MCP server too, leaving it byte-identical', async () => {
    const path = newerStore();
    const before = snapshot(path);

    const cli = runCli(['inbox'], { db: path });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('newer AgentIntros (schema 999');

    const client = await spawnServer(path);
    const reply = await call(client, 'list_intro_requests', {});
    expect(reply.code).toBe('INTERNAL');
    expect(reply.text).toContain('newer AgentIntros (schema 999');
    await client.close();

    expect(snapshot(path)).toEqual(before);
  });

  it('a file that is not SQLite, naming the path and the fix', () => {
    const path = join(tempDir(), 'notes.txt');
    writeFileSync(path, 'These are my notes, not a database.\n'.repeat(20));
    const before = snapshot(path);

    const error = refusal(path);

    expect(error.message).toContain(`The file ${path} is not an AgentIntros store (not SQLite)`);
    expect(error.message).toContain('--db / AGENTINTROS_DB');
    expect(snapshot(path)).toEqual(before);
  });

  it('a file shorter than the SQLite header', () => {
    const path = join(tempDir(), 'tiny.db');
    writeFileSync(path, 'SQLite');
    const before = snapshot(path);
    expect(refusal(path).message).toContain('not SQLite');
    expect(snapshot(path)).toEqual(before);
  });

  it.each([0, 1, 7])(
    'a SQLite file of another program (user_version %i), leaving it byte-identical',
    (version) => {
      const path = join(tempDir(), 'other.sqlite');
      const raw = new Database(path);
      raw.exec('CREATE TABLE bookmarks (url TEXT PRIMARY KEY, title TEXT)');
      raw.exec("INSERT INTO bookmarks VALUES ('https://example.com', 'Example')");
      raw.pragma(`user_version = ${version}`);
      raw.close();
      const before = snapshot(path);

      const error = refusal(path);

      expect(error.message).toContain(
        `The file ${path} is a SQLite database of some other program`,
      );
      expect(error.message).toContain('--db / AGENTINTROS_DB');
      expect(snapshot(path)).toEqual(before);
    },
  );

  it('a directory as the path, naming it and the fix', () => {
    const path = join(tempDir(), 'store.db');
    mkdirSync(path);
    const error = refusal(path);
    expect(error.message).toContain(`The store path ${path} is a folder`);
    expect(error.message).toContain(`${path}/agentintros.db`);
    expect(readdirSync(path)).toEqual([]);
  });

  it('a folder it cannot create (under a regular file), naming it and the fix', () => {
    const root = tempDir();
    writeFileSync(join(root, 'plain-file'), 'x');
    const path = join(root, 'plain-file', 'sub', 'store.db');

    const error = refusal(path);

    expect(error.message).toContain(
      `Cannot create the store's folder ${join(root, 'plain-file', 'sub')}`,
    );
    expect(error.message).toContain('ENOTDIR');
    expect(error.message).toContain('--db / AGENTINTROS_DB');
    expect(readdirSync(root)).toEqual(['plain-file']);
    expect(readFileSync(join(root, 'plain-file'), 'utf8')).toBe('x');
  });
});

describe('Store.open on a store of an older version', () => {
  it('migrates a version-1 store forward, keeping every relationship and its figures', () => {
    const path = join(tempDir(), 'v1.db');
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.exec(MIGRATIONS[0]!);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma('user_version = 1');
    raw.exec(`
      INSERT INTO members (id, name, created_at) VALUES ('mb_priya', 'Priya Raman', 1);
      INSERT INTO contacts (id, name, created_at, updated_at) VALUES ('ct_ada', 'Ada', 1, 1);
      INSERT INTO relationships (member_id, contact_id, rating, interaction_count, two_way_count,
        created_at, updated_at)
        VALUES ('mb_me', 'ct_ada', 4, 3, 2, 1, 2), ('mb_priya', 'ct_ada', NULL, 1, 0, 1, 2);
    `);
    raw.close();

    const store = Store.open({ path });
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(
      store.db
        .prepare(
          'SELECT member_id, rating, interaction_count, two_way_count FROM relationships ' +
            "WHERE contact_id = 'ct_ada' ORDER BY member_id",
        )
        .all(),
    ).toEqual([
      { member_id: 'mb_me', rating: 4, interaction_count: 3, two_way_count: 2 },
      { member_id: 'mb_priya', rating: null, interaction_count: 1, two_way_count: 0 },
    ]);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });

  it('migrates a version-2 store to a warmest-first search index that finds every contact', () => {
    const path = join(tempDir(), 'v2.db');
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.exec(MIGRATIONS[0]!);
    raw.exec(MIGRATIONS[1]!);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma('user_version = 2');
    raw.exec(`
      INSERT INTO contacts (id, name, title, created_at, updated_at) VALUES
        ('ct_ada', 'Ada', 'zebra keeper', 1, 1), ('ct_bo', 'Bo', 'zebra keeper', 1, 1),
        ('ct_cy', 'Cy', 'lion tamer', 1, 1);
      INSERT INTO relationships (member_id, contact_id, rating, created_at, updated_at)
        VALUES ('mb_me', 'ct_ada', 5, 1, 2), ('mb_me', 'ct_bo', NULL, 1, 2);
      DELETE FROM contacts WHERE id = 'ct_cy';
    `);
    raw.close();

    const store = Store.open({ path });
    const { db } = store;
    expect(db.prepare('SELECT id, warmth FROM contacts ORDER BY id').raw().all()).toEqual([
      ['ct_ada', 100],
      ['ct_bo', 30],
    ]);
    expect(
      db
        .prepare(
          `SELECT c.id FROM contacts_fts JOIN contacts c ON c.rowid = ${rowidOfKey('contacts_fts.rowid')} ` +
            "WHERE contacts_fts MATCH 'zebra' ORDER BY contacts_fts.rowid DESC",
        )
        .pluck()
        .all(),
    ).toEqual(['ct_ada', 'ct_bo']);
    expect(
      db.prepare("SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH 'lion'").pluck().get(),
    ).toBe(0);
    db.exec("INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 1)");
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });
});

describe('Store on a file another process migrates further', () => {
  it('refuses to read or write once the schema is newer than it knows, and says to restart', () => {
    const path = join(tempDir(), 'upgraded.db');
    const store = Store.open({ path });
    expect(store.read(() => 1)).toBe(1);
    const other = new Database(path);
    other.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    other.close();
    expect(() => store.read(() => 1)).toThrow(/upgraded by a newer AgentIntros.*Restart/);
    expect(() => store.write(() => 1)).toThrow(/upgraded by a newer AgentIntros/);
    store.close();
  });
});
