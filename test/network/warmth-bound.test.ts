/**
 * Warmth is documented as 100 × the most a contact's trust could be over its
 * relationships, whatever the clock says. Checked against computeTrust with every time-dependent
 * factor at its best (last two-way now, known for ever, every interaction in the last 12 months).
 */
import { describe, expect, it } from 'vitest';

import { computeTrust } from '../../src/domain/trust.ts';
import { seedContact } from '../helpers/network.ts';
import { openTestServices, testClock } from '../helpers/store.ts';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');

interface Aggregates {
  interactions: number;
  twoWay: number;
  inbound: number;
  outbound: number;
  made: number;
  declined: number;
}

function warmthAndBest(row: Aggregates): { warmth: number; best: number } {
  const { services } = openTestServices({ clock: testClock(NOW) });
  const { db } = services.store;
  const id = seedContact(services, { name: 'Ada Zebra', title: 'zebra keeper' });
  db.prepare(
    'UPDATE relationships SET interaction_count = ?, two_way_count = ?, inbound_count = ?, ' +
      'outbound_count = ?, intros_made = ?, intros_declined = ?, first_interaction_at = 0, ' +
      'last_interaction_at = ?, last_two_way_at = ? WHERE contact_id = ?',
  ).run(
    row.interactions,
    row.twoWay,
    row.inbound,
    row.outbound,
    row.made,
    row.declined,
    NOW,
    NOW,
    id,
  );
  const warmth = db.prepare('SELECT warmth FROM contacts WHERE id = ?').pluck().get(id) as number;
  const trust = computeTrust(
    {
      connectedOn: 0,
      rating: null,
      interactionCount: row.interactions,
      twoWayCount: row.twoWay,
      inboundCount: row.inbound,
      outboundCount: row.outbound,
      firstInteractionAt: 0,
      lastInteractionAt: NOW,
      lastTwoWayAt: NOW,
      interactionsLast12Months: row.interactions,
      introsMade: row.made,
      introsDeclined: row.declined,
      sharedContext: ['company Acme', 'tag fintech'],
    },
    NOW,
  );
  return { warmth, best: Math.round(trust.score * 100) };
}

describe('contact warmth as a bound of trust', () => {
  it.each([
    {
      title: 'is not rounded below the trust it bounds (0.87 -> 87, not 86)',
      row: { interactions: 39, twoWay: 37, inbound: 9, outbound: 2, made: 4, declined: 10 },
      best: (best: number) => expect(best).toBe(87),
    },
    {
      title: 'bounds a two-way relationship whose interaction count is 0 (written directly)',
      row: { interactions: 0, twoWay: 3, inbound: 0, outbound: 0, made: 5, declined: 0 },
      best: (best: number) => expect(best).toBeGreaterThan(30),
    },
  ])('$title', ({ row, best: checkBest }) => {
    const { warmth, best } = warmthAndBest(row);
    checkBest(best);
    expect(warmth).toBeGreaterThanOrEqual(best);
  });
});
