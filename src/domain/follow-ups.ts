/**
 * Follow-ups: dated reminders on an intro or an intro request (SPEC §2), scheduled by agents and
 * marked done or cancelled by people. Also owns how a due date is read.
 */
import * as z from 'zod';

import { appendEvent } from '../store/events.ts';
import { type FollowUp, FollowUpRows } from '../store/follow-ups.ts';
import type { Store } from '../store/store.ts';
import type { Actor } from './actor.ts';
import type { Clock } from './clock.ts';
import { toIso } from './clock.ts';
import { AppError, notFound } from './errors.ts';
import { newId } from './ids.ts';
import type { IntroRequests } from './intro-requests.ts';
import type { Intros } from './intros.ts';
import { assertTransition, type FollowUpStatus } from './status.ts';

export type { FollowUp };

/** A bare date is due at this hour (UTC) of that day: the start of a working day in Europe. */
export const BARE_DATE_HOUR_UTC = 9;

export const DUE_AT_RULE =
  'an ISO 8601 date such as 2026-12-10 (read as 09:00 UTC that day) or a date-time with a UTC ' +
  'offset such as 2026-12-10T15:30:00+01:00 or 2026-12-10T14:30:00Z';

// zod's ISO validators check the calendar (no 2026-02-30, leap years right) and, for date-times,
// insist on Z or an offset; seconds and fractions are optional.
const bareDate = z.iso.date();
const dateTime = z.union([
  z.iso.datetime({ offset: true }),
  z.iso.datetime({ offset: true, precision: -1 }),
]);

export type DueAt = { at: number; bareDate: false } | { at: number; bareDate: true; day: string };

/** Reads `dueAt` strictly; undefined when it is not one of the accepted forms. */
export function parseDueAt(text: string): DueAt | undefined {
  if (bareDate.safeParse(text).success) {
    const at = Date.parse(`${text}T${String(BARE_DATE_HOUR_UTC).padStart(2, '0')}:00:00Z`);
    return Number.isNaN(at) ? undefined : { at, bareDate: true, day: text };
  }
  if (dateTime.safeParse(text).success) {
    const at = Date.parse(text);
    return Number.isNaN(at) ? undefined : { at, bareDate: false };
  }
  return undefined;
}

/** Why `text` is not a due date, for the VALIDATION_ERROR that refuses it. */
export function dueAtProblem(text: string): string {
  const shown = `'${text.slice(0, 60)}'`;
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text)) {
    return `${shown} has no UTC offset; add Z or one like +01:00 (e.g. ${text}Z). Accepted: ${DUE_AT_RULE}`;
  }
  return `${shown} is not a valid date; use ${DUE_AT_RULE}`;
}

export interface ScheduleInput {
  introId?: string | undefined;
  requestId?: string | undefined;
  dueAt: string;
  note?: string | undefined;
}

const CLOSED_INTRO = ['rejected', 'declined', 'withdrawn', 'closed'];
const CLOSED_REQUEST = ['rejected', 'withdrawn', 'closed'];

export class FollowUps {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #requests: IntroRequests;
  readonly #intros: Intros;
  readonly #rows: FollowUpRows;

  constructor(store: Store, clock: Clock, requests: IntroRequests, intros: Intros) {
    this.#store = store;
    this.#clock = clock;
    this.#requests = requests;
    this.#intros = intros;
    this.#rows = new FollowUpRows(store.db);
  }

  /**
   * Schedules a follow-up inside the caller's write transaction (the idempotency run). "Not in
   * the past" is judged here, against the clock, so that a retry replays even once the date has
   * passed. A bare date of today is accepted (due at once); only earlier days are in the past.
   */
  scheduleInTransaction(now: number, actor: Actor, input: ScheduleInput): FollowUp {
    const due = parseDueAt(input.dueAt);
    if (!due) throw new AppError('VALIDATION_ERROR', `dueAt ${dueAtProblem(input.dueAt)}.`);
    const today = toIso(now).slice(0, 10);
    if (due.bareDate ? due.day < today : due.at < now) {
      const tomorrow = toIso(now + 86_400_000).slice(0, 10);
      throw new AppError(
        'VALIDATION_ERROR',
        `dueAt '${input.dueAt}' is in the past (it is now ${toIso(now)}); pass a later date such ` +
          `as ${tomorrow} or ${tomorrow}T09:00:00Z.`,
        { field: 'dueAt' },
      );
    }

    const { requestId, introId } = this.#subject(input);
    const followUp = this.#rows.insert({
      id: newId('followUp', now),
      requestId,
      introId,
      dueAt: due.at,
      note: input.note ?? null,
      createdBy: actor,
      now,
    });
    this.#event(now, actor, followUp, null);
    return followUp;
  }

  get(id: string): FollowUp {
    const followUp = this.#rows.get(id);
    if (!followUp) {
      throw notFound('follow-up', id, "run 'agentintros followups' to list scheduled ones");
    }
    return followUp;
  }

  find(id: string): FollowUp | undefined {
    return this.#rows.get(id);
  }

  forRequest(requestId: string): FollowUp[] {
    return this.#rows.forRequest(requestId);
  }

  /** Scheduled follow-ups, soonest first; with `due`, only those whose time has come. */
  scheduled(options: { due?: boolean } = {}): FollowUp[] {
    const dueBy = options.due ? this.#clock.now() : undefined;
    return this.#store.read(() => this.#rows.scheduled(dueBy));
  }

  complete(id: string, actor: Actor): FollowUp {
    return this.#transition(id, 'done', actor);
  }

  cancel(id: string, actor: Actor): FollowUp {
    return this.#transition(id, 'cancelled', actor);
  }

  #transition(id: string, to: FollowUpStatus, actor: Actor): FollowUp {
    return this.#store.write(() => {
      const now = this.#clock.now();
      const current = this.get(id);
      assertTransition('follow_up', id, current.status, to);
      this.#rows.setStatus(id, to, now);
      this.#event(now, actor, current, to);
      return this.get(id);
    });
  }

  #subject(input: ScheduleInput): { requestId: string; introId: string | null } {
    if (input.introId !== undefined) {
      const intro = this.#intros.get(input.introId);
      if (CLOSED_INTRO.includes(intro.status)) {
        throw new AppError(
          'INVALID_STATE',
          `Intro ${intro.id} is ${intro.status}, so there is nothing to follow up; schedule on an ` +
            'intro that is still open, or on its request.',
          { id: intro.id, status: intro.status },
        );
      }
      return { requestId: intro.requestId, introId: intro.id };
    }
    const request = this.#requests.get(input.requestId!);
    if (CLOSED_REQUEST.includes(request.status)) {
      throw new AppError(
        'INVALID_STATE',
        `Intro request ${request.id} is ${request.status}, so there is nothing to follow up; ` +
          'schedule follow-ups on open requests (list_intro_requests).',
        { id: request.id, status: request.status },
      );
    }
    return { requestId: request.id, introId: null };
  }

  #event(now: number, actor: Actor, followUp: FollowUp, to: FollowUpStatus | null): void {
    appendEvent(this.#store.db, now, {
      actor,
      action: `follow_up.${to ?? 'scheduled'}`,
      entityType: 'follow_up',
      entityId: followUp.id,
      before: to === null ? null : followUp.status,
      after: to ?? followUp.status,
      data: {
        requestId: followUp.requestId,
        ...(followUp.introId ? { introId: followUp.introId } : {}),
        dueAt: followUp.dueAt,
      },
    });
  }
}
