/**
 * Exactly once across processes (SPEC §4): several built servers on one store file, each driven
 * by its own SDK client over stdio, racing on the same keys. Run `npm run build` first.
 */
import { describe, expect, it } from 'vitest';

import { call, spawnServer } from '../helpers/mcp.ts';
import { tempDbPath } from '../helpers/store.ts';
import { countRows, draftArgs } from './support.ts';

const SERVERS = 4;
const KEYS = 60;

function shuffled<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('draft_intro_request across processes', () => {
  it(`writes one request per key when ${SERVERS} servers race on ${KEYS} keys`, async () => {
    const db = tempDbPath(); // a new file: the servers also race to create the store
    const clients = await Promise.all(
      Array.from({ length: SERVERS }, (_, i) =>
        spawnServer(db, {}, { name: `agent-${i}`, version: '1.0.0' }),
      ),
    );
    const keys = Array.from({ length: KEYS }, (_, i) => `race-key-${String(i).padStart(4, '0')}`);

    const replies = await Promise.all(
      clients.map(async (client, i) => {
        const results = await Promise.all(
          shuffled(keys, i + 1).map(async (key) => ({
            key,
            reply: await call(client, 'draft_intro_request', draftArgs(key, { target: key })),
          })),
        );
        return new Map(results.map(({ key, reply }) => [key, reply]));
      }),
    );

    for (const key of keys) {
      const forKey = replies.map((byKey) => byKey.get(key)!);
      for (const reply of forKey) expect(reply.isError, reply.text).toBe(false);
      expect(new Set(forKey.map((reply) => reply.data.introRequest.id)).size).toBe(1);
      expect(forKey.filter((reply) => !reply.data.idempotency.replayed)).toHaveLength(1);
      expect(new Set(forKey.map((reply) => reply.data.idempotency.firstSeenAt)).size).toBe(1);
    }
    expect(countRows(db, 'intro_requests')).toBe(KEYS);
    expect(countRows(db, 'idempotency_keys')).toBe(KEYS);
    expect(countRows(db, 'events', "action = 'intro_request.created'")).toBe(KEYS);
  });

  it('refuses in one process a key another process used with other arguments', async () => {
    const db = tempDbPath();
    const [first, second] = await Promise.all([spawnServer(db), spawnServer(db)]);
    const created = await call(first, 'draft_intro_request', draftArgs('cross-process-0001'));
    const replayed = await call(second, 'draft_intro_request', {
      ...draftArgs('cross-process-0001'),
      approval: 'human_required',
    });
    const reused = await call(
      second,
      'draft_intro_request',
      draftArgs('cross-process-0001', { context: 'Raising a Series A.' }),
    );

    expect(replayed.data.introRequest.id).toBe(created.data.introRequest.id);
    expect(replayed.data.idempotency.replayed).toBe(true);
    expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.text).toContain(created.data.introRequest.id);
    expect(reused.text).toContain('differing: context)');
    expect(countRows(db, 'intro_requests')).toBe(1);
  });
});
