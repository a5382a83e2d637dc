/**
 * Every change of a contact's warmth or indexed text takes its old row out of contacts_fts and
 * indexes the new one. bm25's statistics (row count, token totals) must follow, so that the same
 * network ranks the same whatever its history (contentless_delete, tried first, did not: FTS5
 * keeps a row deleted that way in its statistics).
 */
import { describe, expect, it } from 'vitest';

import type { Services } from '../../src/domain/services.ts';
import { seedContact } from '../helpers/network.ts';
import { openTestServices, testClock } from '../helpers/store.ts';
import { PERSON } from '../intros/seed.ts';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');

/** The same small network in every store: what a search should rank is its content alone. */
function seedNetwork(services: Services): string[] {
  return [
    seedContact(services, { name: 'Ada One', title: 'zebra keeper' }),
    seedContact(services, { name: 'Bo Two', title: 'lion keeper' }),
    seedContact(services, { name: 'Cy Three', title: 'lion tamer' }),
    seedContact(services, { name: 'Di Four', title: 'accountant' }),
    seedContact(services, { name: 'Ed Five', title: 'accountant' }),
  ];
}

/** Name, relevance and score of each match; equal scores by name, as ids differ between stores. */
const ranked = (services: Services, query: string) =>
  services.network
    .search(query, { minTrustScore: 0, limit: 10 })
    .contacts.map((hit) => [hit.contact.name, hit.relevance, hit.score] as const)
    .sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));

/** FTS5's own row count for bm25: the first varint of the averages record (small here). */
const indexedRows = (services: Services) =>
  (
    services.store.db
      .prepare('SELECT block FROM contacts_fts_data WHERE id = 1')
      .pluck()
      .get() as Buffer
  )[0];

describe('search ranking after warmth changes', () => {
  it('ranks a network the same whatever ratings it went through on the way to its state', () => {
    const fresh = openTestServices({ clock: testClock(NOW) }).services;
    const freshIds = seedNetwork(fresh);
    fresh.contacts.set(freshIds[3]!, { strength: 1 }, PERSON);

    const churned = openTestServices({ clock: testClock(NOW) }).services;
    const churnedIds = seedNetwork(churned);
    // Someone changes their mind about one accountant a few times; it ends where `fresh` is.
    for (const strength of [5, 1, 5, 1, 5, 1]) {
      churned.contacts.set(churnedIds[3]!, { strength }, PERSON);
    }

    expect(ranked(churned, 'lion zebra')).toEqual(ranked(fresh, 'lion zebra'));
    expect(ranked(churned, 'keeper')).toEqual(ranked(fresh, 'keeper'));
    expect(indexedRows(churned)).toBe(indexedRows(fresh));
  });
});
