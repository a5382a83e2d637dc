/**
 * Seeds a network straight through the store's row classes (not the importers), so the network
 * tests stand on their own: contacts, teammates as connectors, relationships and interactions.
 */
import { newId } from '../../src/domain/ids.ts';
import type { IntroRequest } from '../../src/domain/intro-requests.ts';
import type { Services } from '../../src/domain/services.ts';
import { ContactRows, MemberRows } from '../../src/store/contacts.ts';
import {
  type Direction,
  type InteractionKind,
  RelationshipRows,
} from '../../src/store/relationships.ts';
import { OWNER_MEMBER_ID } from '../../src/store/schema.ts';

export interface SeedInteraction {
  kind: InteractionKind;
  at: string;
  direction?: Direction;
}

export interface SeedContact {
  name: string;
  title?: string;
  company?: string;
  location?: string;
  tags?: string[];
  notes?: string;
  emails?: string[];
  phones?: string[];
  doNotIntroduce?: boolean;
  /** Whose contact it is (default the owner); null for a contact without any relationship. */
  member?: string | null;
  connectedOn?: string;
  rating?: number;
  interactions?: SeedInteraction[];
}

/** Inserts one contact with its relationship and interactions; returns its id. */
export function seedContact(services: Services, seed: SeedContact): string {
  const { store, clock } = services;
  const now = clock.now();
  const id = newId('contact', now);
  store.write(() => {
    const contacts = new ContactRows(store.db);
    contacts.insert({ id, ...seed }, now);
    if (seed.doNotIntroduce) contacts.setDoNotIntroduce(id, true, now);
    const member = seed.member === undefined ? OWNER_MEMBER_ID : seed.member;
    if (member === null) return;
    const relationships = new RelationshipRows(store.db);
    relationships.ensure(member, id, now, seed.connectedOn ? Date.parse(seed.connectedOn) : null);
    if (seed.rating !== undefined) relationships.setRating(member, id, seed.rating, now);
    for (const interaction of seed.interactions ?? []) {
      relationships.addInteraction(
        {
          memberId: member,
          contactId: id,
          kind: interaction.kind,
          direction: interaction.direction ?? 'mutual',
          at: Date.parse(interaction.at),
          summary: null,
        },
        now,
      );
    }
  });
  return id;
}

/** A teammate member whose own contact record is in the owner's network (a connector). */
export function seedTeammate(
  services: Services,
  name: string,
  asContact: Omit<SeedContact, 'name' | 'member'> = {},
): { memberId: string; contactId: string } {
  const contactId = seedContact(services, { name, ...asContact });
  const memberId = newId('member', services.clock.now());
  services.store.write(() =>
    new MemberRows(services.store.db).insert(
      { id: memberId, name, contactId },
      services.clock.now(),
    ),
  );
  return { memberId, contactId };
}

export function seedRequest(
  services: Services,
  input: { subject: string; target: string; context?: string },
): IntroRequest {
  return services.store.write(() =>
    services.introRequests.draftInTransaction(
      services.clock.now(),
      { kind: 'agent', name: 'test-agent' },
      services.principal,
      input,
    ),
  );
}

/** Two meetings in the last month: enough for a two-way, recent relationship. */
export function recentMeetings(now: number, count = 2): SeedInteraction[] {
  return Array.from({ length: count }, (_, n) => ({
    kind: 'meeting' as const,
    at: new Date(now - (n + 1) * 7 * 86_400_000).toISOString(),
  }));
}
