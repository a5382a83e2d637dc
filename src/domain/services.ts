/**
 * The domain operations over one open store, wired once and shared by the MCP server and the CLI.
 */
import { IdempotencyEngine } from '../store/idempotency.ts';
import { OWNER_MEMBER_ID } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { FollowUps } from './follow-ups.ts';
import { IntroRequests } from './intro-requests.ts';
import { Intros } from './intros.ts';

export interface ServicesOptions {
  clock: Clock;
  idempotencyTtlMs: number;
}

export interface Services {
  readonly store: Store;
  readonly clock: Clock;
  /** The member every call acts for; always the owner on a local store. */
  readonly principal: string;
  readonly idempotency: IdempotencyEngine;
  readonly introRequests: IntroRequests;
  readonly intros: Intros;
  readonly followUps: FollowUps;
}

export function createServices(store: Store, options: ServicesOptions): Services {
  const introRequests = new IntroRequests(store, options.clock);
  // Without a path trust function, intros are drafted with trustScore null.
  const intros = new Intros(store, options.clock, introRequests);
  return Object.freeze({
    store,
    clock: options.clock,
    principal: OWNER_MEMBER_ID,
    idempotency: new IdempotencyEngine(store, options.clock, options.idempotencyTtlMs),
    introRequests,
    intros,
    followUps: new FollowUps(store, options.clock, introRequests, intros),
  });
}
