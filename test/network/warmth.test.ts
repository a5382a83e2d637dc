/**
 * contacts_fts is keyed warmest first (src/store/schema.ts, migration 3), so that ranking's
 * window of RANK_WINDOW matches holds the contacts a person knows best. The triggers must keep
 * every contact's warmth and key current, and a warm contact must be found however many colder
 * ones match too.
 */
import { describe, expect, it } from 'vitest';

import type { Services } from '../../src/domain/services.ts';
import { RANK_WINDOW } from '../../src/store/fts.ts';
import { RelationshipRows } from '../../src/store/relationships.ts';
import { ftsKey, OWNER_MEMBER_ID, WARMTH_REBUILD_SQL } from '../../src/store/schema.ts';
import { recentMeetings, seedContact, seedTeammate } from '../helpers/network.ts';
import { openTestServices, testClock } from '../helpers/store.ts';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');

/** Warmth as stored equals a rebuild, and contacts_fts holds each contact once, under its key. */
function expectCurrent(services: Services): void {
  const { db } = services.store;
  expect(db.prepare('SELECT id, warmth FROM contacts ORDER BY id').raw().all()).toEqual(
    db.prepare(WARMTH_REBUILD_SQL).raw().all(),
  );
  const keys = (sql: string) => (db.prepare(sql).pluck().all() as number[]).sort((a, b) => a - b);
  expect(keys('SELECT rowid FROM contacts_fts')).toEqual(
    keys(`SELECT ${ftsKey('contacts')} FROM contacts`),
  );
}

const warmthOf = (services: Services, id: string) =>
  services.store.db.prepare('SELECT warmth FROM contacts WHERE id = ?').pluck().get(id);

describe('contact warmth', () => {
  it('follows ratings, interactions, intros, teammates and deletes', () => {
    const { services } = openTestServices({ clock: testClock(NOW) });
    const { db } = services.store;
    const mate = seedTeammate(services, 'Priya Raman', { interactions: recentMeetings(NOW) });
    const a = seedContact(services, { name: 'Ada Zebra', title: 'zebra keeper' });
    const b = seedContact(services, { name: 'Bo Zebra', title: 'keeper', member: null });
    expect(warmthOf(services, a)).toBe(30);
    expectCurrent(services);

    const relationships = new RelationshipRows(db);
    const write = (fn: () => void) => {
      services.store.write(fn);
      expectCurrent(services);
    };
    write(() => relationships.setRating(OWNER_MEMBER_ID, a, 5, NOW));
    expect(warmthOf(services, a)).toBe(100);
    write(() => relationships.setRating(OWNER_MEMBER_ID, a, 1, NOW));
    expect(warmthOf(services, a)).toBe(30);
    write(() => relationships.setRating(OWNER_MEMBER_ID, a, null, NOW));
    for (const direction of ['inbound', 'mutual'] as const) {
      write(() => {
        relationships.addInteraction(
          {
            memberId: mate.memberId,
            contactId: b,
            kind: 'call',
            direction,
            at: NOW,
            summary: null,
          },
          NOW,
        );
      });
    }
    expect(warmthOf(services, b)).toBeGreaterThan(30);
    write(() => {
      db.prepare('UPDATE relationships SET intros_declined = 3 WHERE contact_id = ?').run(b);
    });
    write(() => {
      db.prepare('UPDATE relationships SET contact_id = ? WHERE contact_id = ?').run(a, b);
    });
    expect(warmthOf(services, b)).toBe(30);
    write(() => db.prepare('DELETE FROM relationships WHERE contact_id = ?').run(a));
    expect(warmthOf(services, a)).toBe(30);
    write(() => db.prepare('DELETE FROM contacts WHERE id = ?').run(b));
  });
});

describe('the ranking window', () => {
  it('holds a warm contact however many newer, colder ones match', () => {
    const { services } = openTestServices({ clock: testClock(NOW) });
    const warm = seedContact(services, { name: 'Old Friend', title: 'zebra keeper', rating: 5 });
    services.store.write(() => {
      for (let n = 0; n < RANK_WINDOW + 100; n += 1) {
        services.store.db
          .prepare(
            'INSERT INTO contacts (id, name, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(`ct_cold${n}`, `Cold ${n}`, 'zebra keeper', NOW, NOW);
      }
    });
    const found = services.network.search('zebra keeper', { minTrustScore: 0, limit: 3 });
    expect(found.contacts[0]!.contact.id).toBe(warm);
    expect(found.contacts[0]!.trustScore).toBe(1);
  });

  it('scores first a warm contact whose match is weaker than every cold one, on a page of one', () => {
    const { services } = openTestServices({ clock: testClock(NOW) });
    services.store.write(() => {
      // More than one chunk of bounds (250), so that warmth decides which are bounded at all.
      for (let n = 0; n < 300; n += 1) {
        services.store.db
          .prepare(
            'INSERT INTO contacts (id, name, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
          )
          .run(`ct_cold${n}`, `Cold ${n}`, 'zebra keeper', NOW, NOW);
      }
    });
    const warm = seedContact(services, {
      name: 'Old Friend',
      title: 'keeper',
      notes: 'once met a zebra',
      rating: 5,
    });
    const every = services.network.search('zebra', { minTrustScore: 0, limit: 50 }).contacts;
    expect(every[0]!.contact.id).toBe(warm);
    expect(every[0]!.relevance).toBeLessThan(0.9);
    const one = services.network.search('zebra', { minTrustScore: 0, limit: 1 }).contacts;
    expect(one.map((match) => [match.contact.id, match.score])).toEqual([[warm, every[0]!.score]]);
  });
});
