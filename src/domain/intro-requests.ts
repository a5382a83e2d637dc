/**
 * Intro requests: drafted by agents as pending_approval, decided by people (SPEC §2). Every change
 * appends an audit event in the same transaction.
 */
import { appendEvent } from '../store/events.ts';
import { type IntroRequest, IntroRequestRows } from '../store/intro-requests.ts';
import type { Store } from '../store/store.ts';
import type { Actor } from './actor.ts';
import type { Clock } from './clock.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { notFound } from './errors.ts';
import { newId } from './ids.ts';
import { assertTransition, type RequestStatus } from './status.ts';

export type { IntroRequest };

export interface DraftIntroRequestInput {
  subject: string;
  target: string;
  context?: string | undefined;
}

interface RequestCursor extends Record<string, unknown> {
  t: number;
  i: string;
}

const isRequestCursor = (v: Record<string, unknown>): v is RequestCursor =>
  typeof v.t === 'number' && typeof v.i === 'string';

export class IntroRequests {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #rows: IntroRequestRows;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
    this.#rows = new IntroRequestRows(store.db);
  }

  /** Creates a pending request. Runs inside the caller's write transaction (the idempotency run). */
  draftInTransaction(
    now: number,
    actor: Actor,
    principal: string,
    input: DraftIntroRequestInput,
  ): IntroRequest {
    const request = this.#rows.insert({
      id: newId('introRequest', now),
      principal,
      subject: input.subject,
      target: input.target,
      context: input.context ?? null,
      createdBy: actor,
      now,
    });
    appendEvent(this.#store.db, now, {
      actor,
      action: 'intro_request.created',
      entityType: 'intro_request',
      entityId: request.id,
      after: request.status,
    });
    return request;
  }

  get(id: string): IntroRequest {
    const request = this.#rows.get(id);
    if (!request) throw notFound('intro request', id, 'call list_intro_requests for valid ids');
    return request;
  }

  find(id: string): IntroRequest | undefined {
    return this.#rows.get(id);
  }

  list(options: {
    principal: string;
    status?: RequestStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  }): { introRequests: IntroRequest[]; nextCursor?: string } {
    const after = options.cursor ? decodeCursor(options.cursor, isRequestCursor) : undefined;
    // One extra row tells whether another page exists without a second query.
    const page = this.#store.read(() =>
      this.#rows.list({
        principal: options.principal,
        status: options.status,
        limit: options.limit + 1,
        after: after && { createdAt: after.t, id: after.i },
      }),
    );
    const introRequests = page.rows.slice(0, options.limit);
    if (page.rows.length <= options.limit) return { introRequests };
    const last = introRequests.at(-1)!;
    return {
      introRequests,
      nextCursor: encodeCursor({ t: Date.parse(last.createdAt), i: last.id }),
    };
  }

  /**
   * A person's decision or a later lifecycle step; refused unless the status machine allows it.
   * Known gap: ending a request does not end its open intros and follow-ups; a cascade in this
   * transaction (with an event per child) would close it.
   */
  transition(id: string, to: RequestStatus, actor: Actor, note?: string): IntroRequest {
    return this.#store.write(() => {
      const now = this.#clock.now();
      const current = this.get(id);
      assertTransition('intro_request', id, current.status, to);
      this.#rows.setStatus(id, to, note ?? null, now);
      appendEvent(this.#store.db, now, {
        actor,
        action: `intro_request.${to}`,
        entityType: 'intro_request',
        entityId: id,
        before: current.status,
        after: to,
        data: note ? { note } : {},
      });
      return this.get(id);
    });
  }
}
