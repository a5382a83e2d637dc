/**
 * Contention (SPEC §4 "concurrent duplicates, any number of processes", "store locked past the
 * busy timeout"): eight server processes write to one store at once, half of their keys shared;
 * then one write meets a lock held longer than the busy timeout.
 */
import { describe, expect, it } from 'vitest';

import { verifyChain } from '../../src/store/events.ts';
import { Store } from '../../src/store/store.ts';
import { call } from '../helpers/mcp.ts';
import Database from '../helpers/sqlite.ts';
import { tempDbPath } from '../helpers/store.ts';
import { count, integrity, sdkServer, withStoreFile } from './harness.ts';

const PROCESSES = 8;
const WRITES_PER_PROCESS = 250;
const IN_FLIGHT_PER_PROCESS = 8;

function args(key: string) {
  return { idempotencyKey: key, subject: `subject of ${key}`, target: 'contended investors' };
}

describe('writes from many server processes on one store', { tags: ['slow'] }, () => {
  it('commits each key exactly once and never answers STORE_BUSY at default settings', async () => {
    // No store yet: the processes also race to create and migrate it on their first call.
    const db = tempDbPath();
    const servers = await Promise.all(Array.from({ length: PROCESSES }, () => sdkServer(db)));
    const shared = WRITES_PER_PROCESS / 2;

    const started = Date.now();
    const outcomes = await Promise.all(
      servers.map(async ({ client }, p) => {
        // Half the keys are this process's own, half are shared by every process.
        const keys = Array.from({ length: WRITES_PER_PROCESS }, (_, i) =>
          i % 2 === 0 ? `shared-key-${i / 2}` : `own-key-p${p}-${(i - 1) / 2}`,
        );
        const replies: { key: string; id: string; replayed: boolean; error?: string }[] = [];
        let next = 0;
        const lane = async (): Promise<void> => {
          while (next < keys.length) {
            const key = keys[next++]!;
            const reply = await call(client, 'draft_intro_request', args(key));
            replies.push(
              reply.isError
                ? { key, id: '', replayed: false, error: reply.text }
                : {
                    key,
                    id: reply.data.introRequest.id,
                    replayed: reply.data.idempotency.replayed,
                  },
            );
          }
        };
        await Promise.all(Array.from({ length: IN_FLIGHT_PER_PROCESS }, lane));
        return replies;
      }),
    );
    const elapsedMs = Date.now() - started;
    await Promise.all(servers.map(({ client }) => client.close()));

    const all = outcomes.flat();
    expect(all.filter((reply) => reply.error)).toEqual([]);
    expect(all).toHaveLength(PROCESSES * WRITES_PER_PROCESS);

    // Every caller of a shared key got the same intro request, and only one of them created it.
    const byKey = new Map<string, { ids: Set<string>; fresh: number }>();
    for (const reply of all) {
      const entry = byKey.get(reply.key) ?? { ids: new Set(), fresh: 0 };
      entry.ids.add(reply.id);
      if (!reply.replayed) entry.fresh += 1;
      byKey.set(reply.key, entry);
    }
    for (const [key, entry] of byKey) {
      expect(entry.ids.size, key).toBe(1);
      expect(entry.fresh, key).toBe(1);
    }

    const distinct = PROCESSES * shared + shared;
    withStoreFile(db, (store) => {
      expect(integrity(store)).toBe('ok');
      expect(verifyChain(store).ok).toBe(true);
      expect(count(store, 'intro_requests')).toBe(distinct);
      expect(count(store, 'idempotency_keys')).toBe(distinct);
      expect(count(store, 'events')).toBe(distinct);
    });
    console.log(
      `contention: ${PROCESSES} processes x ${WRITES_PER_PROCESS} writes ` +
        `(${all.length} calls, ${PROCESSES * shared} on ${shared} shared keys) in ${elapsedMs} ms: ` +
        `${distinct} rows, 0 duplicates, 0 STORE_BUSY at the default busy timeout`,
    );
  }, 120_000);

  it('answers STORE_BUSY, retryable, and writes nothing when a lock outlasts the timeout', async () => {
    const db = tempDbPath();
    Store.open({ path: db }).close();
    const { client } = await sdkServer(db, { AGENTINTROS_BUSY_TIMEOUT_MS: '300' });
    expect((await call(client, 'list_intro_requests', {})).isError).toBe(false);

    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    const key = 'busy-key-00001';
    let reply;
    try {
      reply = await call(client, 'draft_intro_request', args(key));
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(reply.code).toBe('STORE_BUSY');
    expect(reply.text).toMatch(/retry/i);
    expect(reply.text).toContain(db);
    withStoreFile(db, (store) => {
      expect(count(store, 'intro_requests')).toBe(0);
      expect(count(store, 'idempotency_keys')).toBe(0);
      expect(count(store, 'events')).toBe(0);
    });

    // The key stayed unused: the same call now runs fresh.
    const retry = await call(client, 'draft_intro_request', args(key));
    expect(retry.isError).toBe(false);
    expect(retry.data.idempotency.replayed).toBe(false);
  });
});
