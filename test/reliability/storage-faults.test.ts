/**
 * Storage faults (SPEC §9): a damaged store, a file that is not a store, a store this user may not
 * write, a folder that is missing or cannot exist, and a full disk. Each must end in a message
 * that names the path and the fix, with nothing half-written.
 */
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createServices } from '../../src/domain/services.ts';
import { Store } from '../../src/store/store.ts';
import { runCli } from '../helpers/cli.ts';
import { call, connectInMemory } from '../helpers/mcp.ts';
import { openTestServices, tempDir, testClock } from '../helpers/store.ts';
import { count, integrity, RawServer, seededRandom, withStoreFile } from './harness.ts';

const PAGE = 4096;
const noiseSource = seededRandom(5);

/** Reproducible garbage, so a damaged page is the same on every run. */
function noise(bytes: number): Buffer {
  return Buffer.from(Array.from({ length: bytes }, () => Math.floor(noiseSource() * 256)));
}

function draftArgs(key: string, context = 'why this matters') {
  return { idempotencyKey: key, subject: `subject ${key}`, target: 'investors', context };
}

/** One tools/call through a real child on `db`, with the child's whole stdout checked. */
async function callChild(
  db: string,
  name: string,
  args: Record<string, unknown>,
  spawnAs?: { uid: number; gid: number },
): Promise<{ isError: boolean; text: string; server: RawServer }> {
  const server = new RawServer(db, {}, spawnAs);
  await server.initialize();
  const reply = await server.request('tools/call', { name, arguments: args });
  expect(server.impure).toEqual([]);
  return {
    isError: reply.result.isError === true,
    text: reply.result.content[0].text as string,
    server,
  };
}

/** A store with `rows` intro requests written through the services, closed (WAL folded in). */
function storeWithRows(path: string, rows: number): void {
  const clock = testClock();
  const store = Store.open({ path });
  const services = createServices(store, { clock, idempotencyTtlMs: 30 * 86_400_000 });
  for (let i = 0; i < rows; i += 1) {
    services.idempotency.run(
      {
        principal: services.principal,
        tool: 'draft_intro_request',
        key: `seed-${i}-key`,
        args: {},
      },
      (now) => {
        const created = services.introRequests.draftInTransaction(
          now,
          { kind: 'system', name: 'seed' },
          services.principal,
          { subject: `seed ${i}`, target: 'investors', context: 'c'.repeat(200) },
        );
        return { resourceId: created.id, result: { introRequest: created } };
      },
    );
  }
  store.close();
}

describe('a store file damaged in the middle', { tags: ['slow'] }, () => {
  it('answers with the path and the fix when a call reaches a damaged page', async () => {
    const db = join(tempDir(), 'store.db');
    storeWithRows(db, 600);
    const pages = statSync(db).size / PAGE;
    const fd = openSync(db, 'r+');
    for (let page = Math.floor(pages / 2) - 4; page < Math.floor(pages / 2) + 4; page += 1) {
      writeSync(fd, noise(PAGE), 0, PAGE, page * PAGE);
    }
    closeSync(fd);
    // SQLite itself sees the damage (integrity_check either lists it or refuses to run).
    const damaged = (): boolean => {
      try {
        return withStoreFile(db, integrity) !== 'ok';
      } catch {
        return true;
      }
    };
    expect(damaged()).toBe(true);

    // Page through everything: the damaged pages are met on the way, and answered clearly.
    const server = new RawServer(db);
    await server.initialize();
    let cursor: string | undefined;
    let failure: string | undefined;
    for (let page = 0; page < 40 && failure === undefined; page += 1) {
      const reply = await server.request('tools/call', {
        name: 'list_intro_requests',
        arguments: { limit: 50, ...(cursor ? { cursor } : {}) },
      });
      if (reply.result.isError) failure = reply.result.content[0].text;
      else if (!(cursor = reply.result.structuredContent.nextCursor)) break;
    }
    expect(failure).toBeDefined();
    expect(failure).toMatch(/^INTERNAL: The file at .* is damaged/);
    expect(failure).toContain(db);
    expect(failure).toMatch(/Restore it from a backup/);
    expect(server.impure).toEqual([]);
    expect((await server.request('ping')).result).toEqual({});

    // doctor reads every page, so it finds the damage before any call has to.
    const doctor = runCli(['doctor'], { db });
    expect(doctor.status).toBe(1);
    expect(doctor.stdout).toMatch(/FAIL store opens .*damaged/);
  });
});

describe('a store path that is not a store', { tags: ['slow'] }, () => {
  it('refuses a file that is not SQLite and leaves it byte-identical', async () => {
    const db = join(tempDir(), 'notes.txt');
    writeFileSync(db, 'my precious notes, not a database\n'.repeat(200));
    const before = readFileSync(db);
    const reply = await callChild(db, 'draft_intro_request', draftArgs('not-sqlite-01'));
    expect(reply.isError).toBe(true);
    expect(reply.text).toMatch(/^INTERNAL: The file .* is not an AgentIntros store \(not SQLite\)/);
    expect(reply.text).toContain(db);
    expect(reply.text).toContain('AGENTINTROS_DB');
    expect(readFileSync(db).equals(before)).toBe(true);

    const cli = runCli(['inbox'], { db });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(db);
  });

  it("refuses another program's SQLite database and leaves it byte-identical", async () => {
    const db = join(tempDir(), 'other.sqlite');
    withStoreFile(db, (other) => other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)'));
    const before = readFileSync(db);
    const reply = await callChild(db, 'list_intro_requests', {});
    expect(reply.text).toMatch(/^INTERNAL: The file .* is a SQLite database of some other program/);
    expect(reply.text).toContain(db);
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('a store this user may not write', { tags: ['slow'] }, () => {
  // Root writes through any mode bits, so as root the server runs as `nobody` instead.
  const asRoot = process.getuid?.() === 0;
  const spawnAs = asRoot ? { uid: 65534, gid: 65534 } : undefined;

  function readOnlyStore(folderWritable: boolean): string {
    const dir = tempDir();
    const db = join(dir, 'store.db');
    storeWithRows(db, 3);
    if (asRoot) {
      chmodSync(dir, folderWritable ? 0o1777 : 0o755);
      chmodSync(db, 0o644);
    } else {
      chmodSync(db, 0o444);
      chmodSync(dir, folderWritable ? 0o755 : 0o555);
    }
    return db;
  }

  for (const folderWritable of [false, true]) {
    const which = folderWritable ? 'the file' : 'the file and its folder';
    it(`says the store is read-only when ${which} may not be written`, async () => {
      const db = readOnlyStore(folderWritable);
      const before = readFileSync(db);
      const reply = await callChild(db, 'draft_intro_request', draftArgs('read-only-01'), spawnAs);
      expect(reply.isError).toBe(true);
      expect(reply.text).toContain(db);
      expect(reply.text).toMatch(/read-only|could not be read or written/);
      expect(reply.text).toMatch(/writable|permissions/);
      expect(readFileSync(db).equals(before)).toBe(true);
      chmodSync(dirname(db), 0o700);
      withStoreFile(db, (store) => expect(count(store, 'intro_requests')).toBe(3));
    });
  }
});

describe('a store folder that does not exist', { tags: ['slow'] }, () => {
  it('creates missing folders 0700 and the file 0600', async () => {
    const db = join(tempDir(), 'not', 'yet', 'there', 'store.db');
    const reply = await callChild(db, 'draft_intro_request', draftArgs('missing-dir-01'));
    expect(reply.isError).toBe(false);
    expect(statSync(dirname(db)).mode & 0o777).toBe(0o700);
    expect(statSync(db).mode & 0o777).toBe(0o600);
  });

  it('names the folder and the fix when the folder cannot be created', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-file'), 'in the way');
    const db = join(dir, 'a-file', 'sub', 'store.db');
    const reply = await callChild(db, 'draft_intro_request', draftArgs('no-folder-01'));
    expect(reply.isError).toBe(true);
    expect(reply.text).toContain(join(dir, 'a-file', 'sub'));
    expect(reply.text).toMatch(/--db|AGENTINTROS_DB/);
    // The server stays up; a later call tries to open the store again.
    expect((await reply.server.request('ping')).result).toEqual({});
  });

  it.runIf(process.platform === 'linux')(
    'answers at once for a folder under /proc, where a recursive mkdir would spin',
    async () => {
      const db = '/proc/agentintros-no-such-folder/sub/store.db';
      const reply = await callChild(db, 'list_intro_requests', {});
      expect(reply.isError).toBe(true);
      expect(reply.text).toContain("Cannot create the store's folder");
      expect((await reply.server.request('ping')).result).toEqual({});
    },
  );

  it('says a folder was given where a file belongs', async () => {
    const db = tempDir();
    mkdirSync(join(db, 'inside'));
    const reply = await callChild(db, 'list_intro_requests', {});
    expect(reply.text).toMatch(/is a folder; give --db \/ AGENTINTROS_DB a file path/);
  });
});

describe('a full disk', () => {
  // SQLITE_FULL is what a full disk raises; max_page_count on the server's own connection makes
  // the store full without filling the machine's disk.
  it('answers with the path and the fix, writes nothing, and leaves the key unused', async () => {
    const { services, store, path } = openTestServices();
    const client = await connectInMemory(services);
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 2}`);

    const big = 'x'.repeat(4000);
    let failed: { key: string; text: string; code: string | undefined } | undefined;
    let written = 0;
    for (let i = 0; i < 20 && !failed; i += 1) {
      const key = `full-disk-${i}`;
      const reply = await call(client, 'draft_intro_request', draftArgs(key, big));
      if (reply.isError) failed = { key, text: reply.text, code: reply.code };
      else written += 1;
    }
    expect(failed).toBeDefined();
    expect(failed!.code).toBe('INTERNAL');
    expect(failed!.text).toContain(path);
    expect(failed!.text).toMatch(/is full .*nothing was written. Free some disk space, then retry/);

    // Nothing half-written: the counts are those of the successful calls, the key is unused.
    expect(integrity(store.db)).toBe('ok');
    expect(count(store.db, 'intro_requests')).toBe(written);
    expect(count(store.db, 'events')).toBe(written);
    expect(count(store.db, 'idempotency_keys')).toBe(written);
    const keyRow = store.db
      .prepare('SELECT 1 FROM idempotency_keys WHERE key = ?')
      .get(failed!.key);
    expect(keyRow).toBeUndefined();

    // Space freed: the same call, same key, now runs fresh.
    store.db.pragma('max_page_count = 1073741823');
    const retry = await call(client, 'draft_intro_request', draftArgs(failed!.key, big));
    expect(retry.isError).toBe(false);
    expect(retry.data.idempotency.replayed).toBe(false);
    expect(count(store.db, 'intro_requests')).toBe(written + 1);
  });
});
