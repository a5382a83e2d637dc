/**
 * Paging through every match, warm and cold, sees each contact once, in
 * (score, id) order; do-not-introduce contacts stay out of list_matches however warm they are.
 */
import { describe, expect, it } from 'vitest';

import { CANDIDATE_LIMIT } from '../../src/domain/matching.ts';
import { seedContact, seedRequest } from '../helpers/network.ts';
import { openTestServices, testClock } from '../helpers/store.ts';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');

describe('paging through matches', () => {
  it('returns each of 500 matching contacts exactly once, warm ones included', () => {
    const { services } = openTestServices({ clock: testClock(NOW) });
    const { db } = services.store;
    services.store.write(() => {
      const insert = db.prepare(
        'INSERT INTO contacts (id, name, title, do_not_introduce, created_at, updated_at) ' +
          'VALUES (?, ?, ?, ?, ?, ?)',
      );
      const relate = db.prepare(
        "INSERT INTO relationships (member_id, contact_id, rating, created_at, updated_at) VALUES ('mb_me', ?, ?, 1, 1)",
      );
      for (let n = 0; n < CANDIDATE_LIMIT; n += 1) {
        const id = `ct_${String(n).padStart(4, '0')}`;
        insert.run(
          id,
          `Person ${n}`,
          n % 3 === 0 ? 'fintech investor' : 'investor',
          n % 50 === 0 ? 1 : 0,
          NOW,
          NOW,
        );
        relate.run(id, n % 7 === 0 ? (n % 5) + 1 : null);
      }
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    let previous: [number, string] | undefined;
    for (let page = 0; page < 100; page += 1) {
      const result = services.network.search('fintech investor', {
        minTrustScore: 0,
        limit: 50,
        cursor,
      });
      for (const hit of result.contacts) {
        const here: [number, string] = [hit.score, hit.contact.id];
        if (previous) {
          expect(previous[0] > here[0] || (previous[0] === here[0] && previous[1] < here[1])).toBe(
            true,
          );
        }
        previous = here;
        seen.push(hit.contact.id);
      }
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    expect(seen.length).toBe(CANDIDATE_LIMIT);
    expect(new Set(seen).size).toBe(CANDIDATE_LIMIT);

    const request = seedRequest(services, { subject: 'A founder', target: 'fintech investor' });
    const matched: string[] = [];
    cursor = undefined;
    for (let page = 0; page < 100; page += 1) {
      const result = services.network.listMatches(request, { minTrustScore: 0, limit: 50, cursor });
      matched.push(...result.matches.map((m) => m.contact.id));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    const dni = new Set(
      db.prepare('SELECT id FROM contacts WHERE do_not_introduce = 1').pluck().all() as string[],
    );
    expect(matched.filter((id) => dni.has(id))).toEqual([]);
    expect(new Set(matched).size).toBe(matched.length);
    expect(matched.length).toBe(CANDIDATE_LIMIT - dni.size);
  });

  it('answers hostile queries without an error', () => {
    const { services } = openTestServices({ clock: testClock(NOW) });
    seedContact(services, { name: 'Ada Zebra', title: 'zebra keeper', rating: 5 });
    for (const query of [
      '"',
      'NEAR(',
      '* AND OR NOT',
      'rowid:1',
      '^zebra',
      'zebra"*',
      '\u0000',
      'x'.repeat(10_000),
    ]) {
      expect(() => services.network.search(query, { minTrustScore: 0, limit: 5 })).not.toThrow();
    }
  });
});
