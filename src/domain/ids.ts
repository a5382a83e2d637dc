/**
 * Opaque, prefixed ids (SPEC §2). The time part keeps ids of one kind roughly in creation order,
 * which makes tie-breaks stable; the random part makes them unguessable and collision-free.
 */
import { randomFillSync } from 'node:crypto';

export const ID_PREFIXES = {
  contact: 'ct_',
  member: 'mb_',
  introRequest: 'ir_',
  intro: 'in_',
  followUp: 'fu_',
  event: 'ev_',
  webhook: 'wh_',
} as const;

export type EntityKind = keyof typeof ID_PREFIXES;

/**
 * Random bytes drawn a page at a time: one randomBytes call per id cost 6.5 µs, most of a bulk
 * import's id time. The bytes are as random; each is handed out once.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/**
 * Ids made in the same millisecond (a frozen AGENTINTROS_NOW, a bulk import) still sort in the
 * order they were made, within a process: the random part then grows by a random step from the
 * last one instead of being drawn afresh. It starts below 2^63, so 2^31 ids fit in one millisecond.
 */
let lastTime = '';
let lastRandom = 0n;
const STEP_SPAN = 2n ** 32n;

export function newId(kind: EntityKind, now: number = Date.now()): string {
  const time = now.toString(36).padStart(9, '0');
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const drawn = pool.readBigUInt64BE(poolAt);
  poolAt += 8;
  lastRandom = time === lastTime ? lastRandom + 1n + (drawn % STEP_SPAN) : drawn >> 1n;
  lastTime = time;
  return `${ID_PREFIXES[kind]}${time}${lastRandom.toString(16).padStart(16, '0')}`;
}

export function kindOfId(id: string): EntityKind | undefined {
  const entry = Object.entries(ID_PREFIXES).find(([, prefix]) => id.startsWith(prefix));
  return entry?.[0] as EntityKind | undefined;
}
