/**
 * The domain operations over one open store, wired once and shared by the MCP server and the CLI.
 */
import { IdempotencyEngine } from '../store/idempotency.ts';
import { OWNER_MEMBER_ID } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { IntroRequests } from './intro-requests.ts';

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
}

export function createServices(store: Store, options: ServicesOptions): Services {
  return Object.freeze({
    store,
    clock: options.clock,
    principal: OWNER_MEMBER_ID,
    idempotency: new IdempotencyEngine(store, options.clock, options.idempotencyTtlMs),
    introRequests: new IntroRequests(store, options.clock),
  });
}
