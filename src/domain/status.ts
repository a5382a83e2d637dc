/**
 * The status machines of SPEC §2. Every change of status goes through `assertTransition`, which
 * refuses an illegal one with INVALID_STATE naming the current status and the allowed next steps.
 */
import { AppError } from './errors.ts';

export const REQUEST_STATUSES = [
  'pending_approval',
  'approved',
  'rejected',
  'closed',
  'withdrawn',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const INTRO_STATUSES = [
  'pending_approval',
  'approved',
  'rejected',
  'awaiting_opt_in',
  'opted_in',
  'introduced',
  'closed',
  'declined',
  'withdrawn',
] as const;
export type IntroStatus = (typeof INTRO_STATUSES)[number];

export const FOLLOW_UP_STATUSES = ['scheduled', 'done', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

const REQUEST_NEXT: Record<RequestStatus, readonly RequestStatus[]> = {
  pending_approval: ['approved', 'rejected'],
  approved: ['closed', 'withdrawn'],
  rejected: [],
  closed: [],
  withdrawn: [],
};

const ENDINGS = ['declined', 'withdrawn'] as const;
const INTRO_NEXT: Record<IntroStatus, readonly IntroStatus[]> = {
  pending_approval: ['approved', 'rejected', ...ENDINGS],
  approved: ['awaiting_opt_in', 'opted_in', ...ENDINGS],
  awaiting_opt_in: ['opted_in', ...ENDINGS],
  opted_in: ['introduced', ...ENDINGS],
  introduced: ['closed', ...ENDINGS],
  rejected: [],
  closed: [],
  declined: [],
  withdrawn: [],
};

const FOLLOW_UP_NEXT: Record<FollowUpStatus, readonly FollowUpStatus[]> = {
  scheduled: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

const MACHINES = {
  intro_request: REQUEST_NEXT as Record<string, readonly string[]>,
  intro: INTRO_NEXT as Record<string, readonly string[]>,
  follow_up: FOLLOW_UP_NEXT as Record<string, readonly string[]>,
};
export type MachineName = keyof typeof MACHINES;

/** The CLI verb that moves an entity into each status, for messages that say what to do. */
const VERB: Record<string, string> = {
  approved: 'approve',
  rejected: 'reject',
  closed: 'close',
  withdrawn: 'withdraw',
  declined: 'decline',
  awaiting_opt_in: 'opt-in',
  opted_in: 'opt-in',
  introduced: 'introduced',
  done: 'followups done',
  cancelled: 'followups cancel',
};

const LABEL: Record<MachineName, string> = {
  intro_request: 'Intro request',
  intro: 'Intro',
  follow_up: 'Follow-up',
};

export function allowedNext(machine: MachineName, from: string): readonly string[] {
  return MACHINES[machine][from] ?? [];
}

/** The CLI verbs that lead on from `from`, for messages that say what can be done next. */
export function nextSteps(machine: MachineName, from: string): string[] {
  return [...new Set(allowedNext(machine, from).map((status) => VERB[status] ?? status))];
}

export function assertTransition(machine: MachineName, id: string, from: string, to: string): void {
  const allowed = allowedNext(machine, from);
  if (allowed.includes(to)) return;
  const verbs = nextSteps(machine, from);
  const next =
    verbs.length === 0 ? `'${from}' is final` : `allowed next steps: ${verbs.join(', ')}`;
  throw new AppError(
    'INVALID_STATE',
    `${LABEL[machine]} ${id} is ${from}, so it cannot become ${to}; ${next}.`,
    { id, status: from, allowed: verbs },
  );
}
