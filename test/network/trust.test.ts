import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  computeTrust,
  NO_RELATIONSHIP,
  tierOf,
  type Trust,
  type TrustInputs,
  trustScore,
} from '../../src/domain/trust.ts';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');
const DAY = 86_400_000;

function inputs(overrides: Partial<TrustInputs> = {}): TrustInputs {
  return { ...NO_RELATIONSHIP, sharedContext: [], ...overrides };
}

/** A close, long, balanced relationship with plenty of recent two-way contact. */
const close = inputs({
  connectedOn: NOW - 6 * 365 * DAY,
  interactionCount: 20,
  twoWayCount: 12,
  inboundCount: 6,
  outboundCount: 6,
  firstInteractionAt: NOW - 6 * 365 * DAY,
  lastInteractionAt: NOW - 2 * DAY,
  lastTwoWayAt: NOW - 2 * DAY,
  interactionsLast12Months: 14,
  introsMade: 3,
  sharedContext: ['company Acme', "tag 'fintech'"],
});

function sumOf(trust: Trust): number {
  return trust.factors.reduce((sum, factor) => sum + factor.contribution, 0);
}

const arbitraryInputs = fc
  .record({
    connectedDaysAgo: fc.option(fc.integer({ min: -30, max: 20_000 })),
    rating: fc.option(fc.integer({ min: 1, max: 5 })),
    inbound: fc.nat(50),
    outbound: fc.nat(50),
    mutual: fc.nat(50),
    twoWayExtra: fc.nat(50),
    firstDaysAgo: fc.integer({ min: 0, max: 20_000 }),
    lastTwoWayDaysAgo: fc.option(fc.integer({ min: -10, max: 5000 })),
    recent: fc.nat(100),
    made: fc.nat(20),
    declined: fc.nat(20),
    shared: fc.array(fc.string(), { maxLength: 4 }),
  })
  .map((r): TrustInputs => {
    const total = r.inbound + r.outbound + r.mutual;
    const twoWay = Math.min(total, r.inbound + r.mutual + r.twoWayExtra);
    return inputs({
      connectedOn: r.connectedDaysAgo === null ? null : NOW - r.connectedDaysAgo * DAY,
      rating: r.rating,
      interactionCount: total,
      inboundCount: r.inbound,
      outboundCount: r.outbound,
      twoWayCount: twoWay,
      firstInteractionAt: total > 0 ? NOW - r.firstDaysAgo * DAY : null,
      lastInteractionAt: total > 0 ? NOW : null,
      lastTwoWayAt:
        twoWay > 0 && r.lastTwoWayDaysAgo !== null ? NOW - r.lastTwoWayDaysAgo * DAY : null,
      interactionsLast12Months: Math.min(total, r.recent),
      introsMade: r.made,
      introsDeclined: r.declined,
      sharedContext: r.shared,
    });
  });

describe('computeTrust', () => {
  it('reports the six named factors with value, weight, contribution and evidence', () => {
    const trust = computeTrust(close, NOW);
    expect(trust.factors.map((factor) => factor.name)).toEqual([
      'recency',
      'frequency',
      'reciprocity',
      'duration',
      'shared context',
      'intro track record',
    ]);
    for (const factor of trust.factors) {
      expect(factor.evidence.length).toBeGreaterThan(10);
      expect(factor.contribution).toBeCloseTo(factor.value * factor.weight, 3);
    }
    expect(trust.factors.reduce((sum, factor) => sum + factor.weight, 0)).toBeCloseTo(1, 10);
  });

  it('scores a close, recent, balanced relationship as strong', () => {
    const trust = computeTrust(close, NOW);
    expect(trust.score).toBeGreaterThanOrEqual(0.75);
    expect(trust.tier).toBe('strong');
  });

  it('lets contributions add up to the score exactly, whatever the inputs', () => {
    fc.assert(
      fc.property(arbitraryInputs, fc.integer({ min: 0, max: 3650 }), (input, days) => {
        const trust = computeTrust(input, NOW + days * DAY);
        expect(Math.round(sumOf(trust) * 10_000)).toBe(Math.round(trust.score * 10_000));
        expect(Number((sumOf(trust) + 0).toFixed(4))).toBe(trust.score);
        expect(trust.score).toBeGreaterThanOrEqual(0);
        expect(trust.score).toBeLessThanOrEqual(1);
        expect(trust.tier).toBe(tierOf(trust.score));
      }),
      { numRuns: 500 },
    );
  });

  it('ranks by the same score without the factors (trustScore equals computeTrust().score)', () => {
    fc.assert(
      fc.property(arbitraryInputs, fc.integer({ min: 0, max: 4000 }), (input, days) => {
        const at = NOW + days * DAY;
        expect(trustScore(input, at)).toBe(computeTrust(input, at).score);
      }),
      { numRuns: 500 },
    );
  });

  it('caps the score at 0.30 without a two-way interaction, as a factor of its own', () => {
    fc.assert(
      fc.property(arbitraryInputs, (input) => {
        const oneWay = { ...input, rating: null, twoWayCount: 0, lastTwoWayAt: null };
        expect(computeTrust(oneWay, NOW).score).toBeLessThanOrEqual(0.3);
      }),
    );
    const oneWay = inputs({
      connectedOn: NOW - 10 * 365 * DAY,
      interactionCount: 30,
      outboundCount: 30,
      firstInteractionAt: NOW - 10 * 365 * DAY,
      lastInteractionAt: NOW - DAY,
      interactionsLast12Months: 30,
      introsMade: 5,
      sharedContext: ['a', 'b'],
    });
    const trust = computeTrust(oneWay, NOW);
    expect(trust.score).toBe(0.3);
    const cap = trust.factors.find((factor) => factor.name === 'cap: no two-way interaction');
    expect(cap?.contribution).toBeLessThan(0);
  });

  it('lets a human rating override the computed value with rating / 5, uncapped', () => {
    for (const rating of [1, 2, 3, 4, 5]) {
      const trust = computeTrust(inputs({ rating }), NOW);
      expect(trust.score).toBe(rating / 5);
      expect(trust.factors.at(-1)?.name).toBe('override: human rating');
    }
    expect(computeTrust(inputs({ rating: 3 }), NOW).tier).toBe('familiar');
    expect(computeTrust(inputs({ rating: 5 }), NOW).tier).toBe('strong');
    expect(computeTrust({ ...close, rating: 1 }, NOW).score).toBe(0.2);
  });

  it('halves recency every 90 days on the injected clock', () => {
    const at = NOW - 10 * DAY;
    const recency = (now: number) =>
      computeTrust(inputs({ lastTwoWayAt: at, twoWayCount: 1, interactionCount: 1 }), now)
        .factors[0]!.value;
    expect(recency(at)).toBe(1);
    expect(recency(at + 90 * DAY)).toBeCloseTo(0.5, 4);
    expect(recency(at + 180 * DAY)).toBeCloseTo(0.25, 4);
  });

  it('counts mutual and returned interactions as reciprocity, one-way ones not', () => {
    const reciprocity = (inbound: number, outbound: number, mutual: number) =>
      computeTrust(
        inputs({
          interactionCount: inbound + outbound + mutual,
          inboundCount: inbound,
          outboundCount: outbound,
          twoWayCount: inbound + mutual,
        }),
        NOW,
      ).factors[2]!.value;
    expect(reciprocity(0, 4, 0)).toBe(0);
    expect(reciprocity(2, 2, 0)).toBe(1);
    expect(reciprocity(0, 0, 3)).toBe(1);
    expect(reciprocity(1, 3, 0)).toBe(0.5);
  });

  it('moves the intro track record with intros made and declined, from a neutral 0.5', () => {
    const record = (made: number, declined: number) =>
      computeTrust(inputs({ introsMade: made, introsDeclined: declined }), NOW).factors[5]!.value;
    expect(record(0, 0)).toBe(0.5);
    expect(record(3, 0)).toBeGreaterThan(0.5);
    expect(record(0, 3)).toBeLessThan(0.5);
  });
});

describe('tierOf', () => {
  it('draws the tiers at 0.75, 0.50 and 0.25', () => {
    expect([0.75, 0.7499, 0.5, 0.4999, 0.25, 0.2499, 0].map(tierOf)).toEqual([
      'strong',
      'familiar',
      'familiar',
      'weak',
      'weak',
      'unknown',
      'unknown',
    ]);
  });
});
