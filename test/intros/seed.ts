/**
 * Seeds a store for intro tests with direct SQL: contacts, teammates and relationships, without
 * depending on the importer. Also drafts requests and intros through the domain as agents would.
 */
import type { Actor } from '../../src/domain/actor.ts';
import { newId } from '../../src/domain/ids.ts';
import type { IntroRequest } from '../../src/domain/intro-requests.ts';
import type { Intro } from '../../src/domain/intros.ts';
import type { Services } from '../../src/domain/services.ts';

export const AGENT: Actor = { kind: 'agent', name: 'test-agent', version: '1.2.3' };
export const PERSON: Actor = { kind: 'human', name: 'tester' };

export interface ContactSeed {
  name?: string;
  title?: string;
  company?: string;
  optIn?: 'ask_first' | 'ok_direct';
  doNotIntroduce?: boolean;
  email?: string;
  /** Members with a relationship to this contact; the owner by default. */
  knownBy?: string[];
}

export function seedContact(services: Services, seed: ContactSeed = {}): string {
  const db = services.store.db;
  const id = newId('contact');
  const now = services.clock.now();
  db.prepare(
    'INSERT INTO contacts (id, name, company, title, opt_in, do_not_introduce, created_at, ' +
      'updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    id,
    seed.name ?? 'Ana Ruiz',
    seed.company ?? 'Northwind Ventures',
    seed.title ?? 'Partner',
    seed.optIn ?? 'ask_first',
    seed.doNotIntroduce ? 1 : 0,
    now,
    now,
  );
  if (seed.email) {
    db.prepare('INSERT INTO contact_emails (email_key, contact_id, email) VALUES (?, ?, ?)').run(
      seed.email.toLowerCase(),
      id,
      seed.email,
    );
  }
  for (const member of seed.knownBy ?? ['mb_me']) seedRelationship(services, member, id);
  return id;
}

export function seedMember(services: Services, name = 'Priya Raman'): string {
  const id = newId('member');
  services.store.db
    .prepare('INSERT INTO members (id, name, created_at) VALUES (?, ?, ?)')
    .run(id, name, services.clock.now());
  return id;
}

export function seedRelationship(services: Services, memberId: string, contactId: string): void {
  const now = services.clock.now();
  services.store.db
    .prepare(
      'INSERT INTO relationships (member_id, contact_id, created_at, updated_at) VALUES (?, ?, ?, ?)',
    )
    .run(memberId, contactId, now, now);
}

export function relationshipCounts(
  services: Services,
  memberId: string,
  contactId: string,
): { made: number; declined: number } {
  return services.store.db
    .prepare(
      'SELECT intros_made AS made, intros_declined AS declined FROM relationships ' +
        'WHERE member_id = ? AND contact_id = ?',
    )
    .get(memberId, contactId) as { made: number; declined: number };
}

export function draftRequest(services: Services, subject = 'A founder raising seed'): IntroRequest {
  return services.store.write(() =>
    services.introRequests.draftInTransaction(services.clock.now(), AGENT, services.principal, {
      subject,
      target: 'fintech investors',
    }),
  );
}

export function draftIntro(
  services: Services,
  input: { requestId: string; contactId: string; connectorId?: string; message?: string },
): Intro {
  return services.store.write(() =>
    services.intros.draftInTransaction(services.clock.now(), AGENT, {
      message: 'Ana, meet Maya: she is raising a seed round for Tallyfox.',
      ...input,
    }),
  );
}

export function eventCount(services: Services): number {
  return (services.store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
}
