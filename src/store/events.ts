/**
 * The audit trail: append-only, hash-chained events. Each event's hash covers its content and the
 * hash of the event before it, so an edited or missing row breaks the chain at that point.
 */
import type { Actor } from '../domain/actor.ts';
import { toIso } from '../domain/clock.ts';
import { newId } from '../domain/ids.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import { statement } from './statements.ts';
import type { Db } from './store.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface NewEvent {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before?: string | null;
  after?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditEvent {
  id: string;
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  beforeStatus: string | null;
  afterStatus: string | null;
  data: Record<string, unknown>;
}

export interface EventRow {
  seq: number;
  id: string;
  at: number;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before_status: string | null;
  after_status: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

/** The hash of one row, from its stored columns; `audit verify` recomputes exactly this. */
export function eventHash(row: Omit<EventRow, 'hash'>): string {
  return sha256Hex(
    row.prev_hash +
      canonicalJson({
        id: row.id,
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        before: row.before_status,
        after: row.after_status,
        data: row.data,
      }),
  );
}

/** Appends one event; call it inside the write transaction of the change it records. */
export function appendEvent(db: Db, now: number, event: NewEvent): AuditEvent {
  const last = statement(db, 'SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  // Number after the highest seq ever written, not the highest left: otherwise the next event
  // would take the number of a deleted last event and hide its removal from `audit verify`.
  const high = highestSeq(db);
  const row: Omit<EventRow, 'hash'> = {
    seq: Math.max(last?.seq ?? 0, high) + 1,
    id: newId('event', now),
    at: now,
    actor: canonicalJson(event.actor),
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId,
    before_status: event.before ?? null,
    after_status: event.after ?? null,
    data: canonicalJson(event.data ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  statement(
    db,
    'INSERT INTO events (seq, id, at, actor, action, entity_type, entity_id, before_status, ' +
      'after_status, data, prev_hash, hash) VALUES (@seq, @id, @at, @actor, @action, @entity_type, ' +
      '@entity_id, @before_status, @after_status, @data, @prev_hash, @hash)',
  ).run({ ...row, hash: eventHash(row) });
  return toAuditEvent({ ...row, hash: '' });
}

export function toAuditEvent(row: EventRow): AuditEvent {
  return {
    id: row.id,
    seq: row.seq,
    at: toIso(row.at),
    actor: JSON.parse(row.actor) as Actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    beforeStatus: row.before_status,
    afterStatus: row.after_status,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

export function eventsFor(db: Db, entityIds: readonly string[], limit = 50): AuditEvent[] {
  if (entityIds.length === 0) return [];
  const marks = entityIds.map(() => '?').join(', ');
  const rows = db
    .prepare(
      `SELECT * FROM events WHERE entity_id IN (${marks}) ORDER BY seq DESC LIMIT ${Math.floor(limit)}`,
    )
    .all(...entityIds) as EventRow[];
  return rows.reverse().map(toAuditEvent);
}

function highestSeq(db: Db): number {
  const high = statement(db, "SELECT seq FROM sqlite_sequence WHERE name = 'events'").get() as
    { seq: number } | undefined;
  return high?.seq ?? 0;
}

export interface VerifyReport {
  ok: boolean;
  checked: number;
  /** Whether the store still refuses UPDATE and DELETE on events (both triggers in place). */
  guarded: boolean;
  problem?: { seq: number; id: string | null; kind: 'altered' | 'missing' | 'broken_link' };
}

/**
 * Walks the chain from the first event and reports the first row that does not hold, all in one
 * read transaction, so that an event appended meanwhile cannot look like a missing one.
 * Known limit: whoever can write the file can rewrite the whole chain consistently; anchoring the
 * latest hash outside the store (printed, or signed) would detect that.
 */
export function verifyChain(db: Db): VerifyReport {
  return db.transaction(() => ({ ...walkChain(db), guarded: guarded(db) })).deferred();
}

function guarded(db: Db): boolean {
  const row = db
    .prepare(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events' " +
        "AND name IN ('events_no_update', 'events_no_delete')",
    )
    .get() as { n: number };
  return row.n === 2;
}

function walkChain(db: Db): Omit<VerifyReport, 'guarded'> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (const row of db
    .prepare('SELECT * FROM events ORDER BY seq')
    .iterate() as Iterable<EventRow>) {
    if (row.seq !== expectedSeq) {
      return { ok: false, checked, problem: { seq: expectedSeq, id: null, kind: 'missing' } };
    }
    if (row.prev_hash !== prev) {
      return { ok: false, checked, problem: { seq: row.seq, id: row.id, kind: 'broken_link' } };
    }
    if (eventHash(row) !== row.hash) {
      return { ok: false, checked, problem: { seq: row.seq, id: row.id, kind: 'altered' } };
    }
    prev = row.hash;
    expectedSeq += 1;
    checked += 1;
  }
  // AUTOINCREMENT remembers the highest seq ever written, so a deleted tail shows too.
  if (highestSeq(db) >= expectedSeq) {
    return { ok: false, checked, problem: { seq: expectedSeq, id: null, kind: 'missing' } };
  }
  return { ok: true, checked };
}
