/**
 * Crash mid-write (SPEC §4): a child process is killed inside its write transaction, after the
 * request, its audit event and (for all it knows) its key were written. Nothing of it persists.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { call, connectInMemory, spawnServer } from '../helpers/mcp.ts';
import Database from '../helpers/sqlite.ts';
import { openTestServices, tempDbPath } from '../helpers/store.ts';
import { countRows } from './support.ts';

const CHILD = resolve(import.meta.dirname, 'children/hold-write.ts');

function holdWrite(path: string, key: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, key], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const inserted = new Promise<string>((done, fail) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const id = /inserted (\S+)/.exec(chunk)?.[1];
      if (id) done(id);
    });
    child.once('exit', (code) => fail(new Error(`child exited (${code}) early: ${stderr}`)));
  });
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.once('exit', (_, signal) => done(signal)),
  );
  return { child, inserted, exited };
}

describe('a crash mid-write', () => {
  it('persists nothing, and the retry with the same key runs fresh', async () => {
    const path = tempDbPath();
    openTestServices({ path }).store.close(); // the store exists before the child races for it
    const key = 'crash-key-00000001';
    const { child, inserted, exited } = holdWrite(path, key);

    const id = await inserted;
    // The child holds the write lock with its rows written but not committed.
    const other = new Database(path, { timeout: 0 });
    expect(() => other.exec('BEGIN IMMEDIATE')).toThrow(/locked|busy/i);
    other.close();
    expect(countRows(path, 'intro_requests')).toBe(0);

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(countRows(path, 'intro_requests')).toBe(0);
    expect(countRows(path, 'idempotency_keys')).toBe(0);
    expect(countRows(path, 'events')).toBe(0);

    const { services } = openTestServices({ path });
    const client = await connectInMemory(services);
    const retry = await call(client, 'draft_intro_request', {
      idempotencyKey: key,
      subject: 'A founder',
      target: 'investors',
    });
    expect(retry.isError, retry.text).toBe(false);
    expect(retry.data.idempotency.replayed).toBe(false);
    expect(retry.data.introRequest.id).not.toBe(id);
    expect(countRows(path, 'intro_requests')).toBe(1);
    expect(services.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('a store locked by another process past AGENTINTROS_BUSY_TIMEOUT_MS', () => {
  it('answers STORE_BUSY from the stdio server, runs nothing, and the retry succeeds', async () => {
    const path = tempDbPath();
    openTestServices({ path }).store.close();
    const client = await spawnServer(path, { AGENTINTROS_BUSY_TIMEOUT_MS: '100' });
    const args = { idempotencyKey: 'busy-stdio-0001', subject: 'A founder', target: 'VCs' };
    const locker = new Database(path);
    locker.exec('BEGIN IMMEDIATE');
    let busy;
    try {
      busy = await call(client, 'draft_intro_request', args);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }

    expect(busy.code).toBe('STORE_BUSY');
    expect(busy.text).toContain('Retry the same call');
    expect(busy.text).toContain('AGENTINTROS_BUSY_TIMEOUT_MS');
    expect(countRows(path, 'idempotency_keys')).toBe(0);
    expect(countRows(path, 'intro_requests')).toBe(0);

    const retry = await call(client, 'draft_intro_request', args);
    expect(retry.data.idempotency.replayed).toBe(false);
  });
});
