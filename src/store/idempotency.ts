/**
 * The idempotency engine (SPEC §4): wraps any write so that the write and its stored result
 * commit together, a retry replays the stored result, and a reused key is refused with the
 * fields that differ. Keys are scoped per principal and bound to the tool that first used them.
 */
import type { Clock } from '../domain/clock.ts';
import { toIso } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import { statement } from './statements.ts';
import type { Store } from './store.ts';

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,255}$/;

export const IDEMPOTENCY_KEY_RULE =
  'idempotencyKey must be 8-255 characters of A-Z a-z 0-9 . _ : - (for example ' +
  "'intro-req-2026-12-03-acme'); use one new key per user intent and reuse it only to retry";

export interface IdempotencyInfo {
  key: string;
  replayed: boolean;
  firstSeenAt: string;
}

export interface IdempotentCall {
  principal: string;
  tool: string;
  key: string;
  /** Validated arguments, defaults applied, without the key. */
  args: Record<string, unknown>;
}

export interface WriteOutcome<R> {
  resourceId: string;
  result: R;
}

interface KeyRow {
  tool: string;
  fingerprint: string;
  args: string | null;
  resource_id: string;
  result: string | null;
  created_at: number;
}

const PURGE_INTERVAL_MS = 3_600_000;

export class IdempotencyEngine {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  #lastPurge = Number.NEGATIVE_INFINITY;

  constructor(store: Store, clock: Clock, ttlMs: number) {
    this.#store = store;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  static assertKey(key: unknown): asserts key is string {
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      const shown = key === undefined ? 'is missing' : `${preview(key)} is malformed`;
      throw new AppError(
        'IDEMPOTENCY_KEY_INVALID',
        `idempotencyKey ${shown}: ${IDEMPOTENCY_KEY_RULE}.`,
      );
    }
  }

  /**
   * Runs `execute` exactly once per (principal, key). `execute` runs inside the write
   * transaction, so it must be synchronous and must do all of its writes through the store.
   */
  run<R extends object>(
    call: IdempotentCall,
    execute: (now: number) => WriteOutcome<R>,
  ): R & { idempotency: IdempotencyInfo } {
    IdempotencyEngine.assertKey(call.key);
    const argsJson = canonicalJson(call.args);
    const fingerprint = sha256Hex(canonicalJson({ tool: call.tool, args: call.args }));
    const lookup = statement<[string, string], KeyRow>(
      this.#store.db,
      'SELECT tool, fingerprint, args, resource_id, result, created_at FROM idempotency_keys ' +
        'WHERE principal = ? AND key = ?',
    );

    // A replay needs no write lock: read first, and only queue for the lock on a new key.
    const seen = this.#store.read(() => lookup.get(call.principal, call.key));
    if (seen) return this.#judge(call, fingerprint, seen);

    return this.#store.write(() => {
      const raced = lookup.get(call.principal, call.key);
      if (raced) return this.#judge(call, fingerprint, raced);

      const now = this.#clock.now();
      const outcome = execute(now);
      statement(
        this.#store.db,
        'INSERT INTO idempotency_keys (principal, key, tool, fingerprint, args, resource_id, ' +
          'result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        call.principal,
        call.key,
        call.tool,
        fingerprint,
        argsJson,
        outcome.resourceId,
        JSON.stringify(outcome.result),
        now,
      );
      this.#purgeExpired(now);
      return {
        ...outcome.result,
        idempotency: { key: call.key, replayed: false, firstSeenAt: toIso(now) },
      };
    });
  }

  #judge<R extends object>(
    call: IdempotentCall,
    fingerprint: string,
    row: KeyRow,
  ): R & { idempotency: IdempotencyInfo } {
    const firstSeenAt = toIso(row.created_at);
    if (this.#clock.now() - row.created_at >= this.#ttlMs || row.result === null) {
      throw new AppError(
        'IDEMPOTENCY_KEY_EXPIRED',
        `idempotencyKey '${call.key}' was used at ${firstSeenAt} for ${row.resource_id} and is past ` +
          `its ${Math.round(this.#ttlMs / 86_400_000)}-day retention; keys are never reused. ` +
          `${readHint(row.resource_id)}, or make a new key if this is a new intent.`,
        { resourceId: row.resource_id, firstSeenAt },
      );
    }
    if (row.tool !== call.tool || row.fingerprint !== fingerprint) {
      const differing = differingFields(row, call);
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        `idempotencyKey '${call.key}' was first used at ${firstSeenAt} by ${row.tool} for ` +
          `${row.resource_id}, with other arguments (differing: ${differing.join(', ')}). Retry ` +
          'with the original arguments to get that result, or use a new key for a new intent.',
        { resourceId: row.resource_id, firstSeenAt, differing },
      );
    }
    return {
      ...(JSON.parse(row.result) as R),
      idempotency: { key: call.key, replayed: true, firstSeenAt },
    };
  }

  #purgeExpired(now: number): void {
    if (now - this.#lastPurge < PURGE_INTERVAL_MS) return;
    this.#lastPurge = now;
    // Keep the row for ever as a tombstone; only the replayable result goes.
    this.#store.db
      .prepare(
        'UPDATE idempotency_keys SET result = NULL, args = NULL WHERE result IS NOT NULL AND created_at <= ?',
      )
      .run(now - this.#ttlMs);
  }
}

/** Where an agent can read a resource again: only intro requests have a tool of their own. */
function readHint(resourceId: string): string {
  return resourceId.startsWith('ir_')
    ? `Read it with get_intro_request (requestId '${resourceId}')`
    : `Find it in get_intro_request of the intro request it belongs to (list_intro_requests ` +
        'lists them)';
}

/** A short rendering of a bad key; never serialises a whole object, which may nest too deep. */
function preview(key: unknown): string {
  if (Array.isArray(key)) return 'an array';
  if (typeof key === 'object' && key !== null) return 'an object';
  return JSON.stringify(typeof key === 'string' ? key.slice(0, 80) : key) ?? String(key);
}

function differingFields(row: KeyRow, call: IdempotentCall): string[] {
  const fields: string[] = [];
  if (row.tool !== call.tool) fields.push(`tool (${row.tool} vs ${call.tool})`);
  const before = row.args === null ? {} : (JSON.parse(row.args) as Record<string, unknown>);
  const names = new Set([...Object.keys(before), ...Object.keys(call.args)]);
  for (const name of [...names].sort()) {
    if (canonicalJson(before[name]) !== canonicalJson(call.args[name])) fields.push(name);
  }
  return fields.length > 0 ? fields : ['arguments'];
}
