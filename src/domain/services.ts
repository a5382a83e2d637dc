/**
 * The domain operations over one open store, wired once and shared by the MCP server and the CLI.
 */
import { IdempotencyEngine } from '../store/idempotency.ts';
import { OWNER_MEMBER_ID } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './clock.ts';
import { Contacts } from './contacts.ts';
import { FollowUps } from './follow-ups.ts';
import { IntroRequests } from './intro-requests.ts';
import { Intros } from './intros.ts';
import { Network } from './matching.ts';

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
  /** Matching, search and path trust (list_matches, search_contacts, pathTrust). */
  readonly network: Network;
  /** People's changes to contacts and interactions (the CLI). */
  readonly contacts: Contacts;
}

export function createServices(store: Store, options: ServicesOptions): Services {
  const introRequests = new IntroRequests(store, options.clock);
  const network = new Network(store, options.clock);
  const intros = new Intros(
    store,
    options.clock,
    introRequests,
    (contactId, connectorId, request) =>
      network.pathTrust(contactId, { connectorId, request }).score,
  );
  return Object.freeze({
    store,
    clock: options.clock,
    principal: OWNER_MEMBER_ID,
    idempotency: new IdempotencyEngine(store, options.clock, options.idempotencyTtlMs),
    introRequests,
    intros,
    followUps: new FollowUps(store, options.clock, introRequests, intros),
    network,
    contacts: new Contacts(store, options.clock, network),
  });
}
