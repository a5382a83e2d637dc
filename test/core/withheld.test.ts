/**
 * src/domain/withheld.ts: which spellings of an address or a number are withheld from agents, and
 * which look-alikes in ordinary titles are left alone.
 */
import { describe, expect, it } from 'vitest';

import { EMAIL_WITHHELD, PHONE_WITHHELD, withholdFor } from '../../src/domain/withheld.ts';

const withhold = withholdFor(['+1 (415) 555-0142', '+1 415 555 0150 ext 12']);

describe('withholdFor', () => {
  it.each([
    'ana@example.com',
    'ana @ example.com',
    'ana＠example.com',
    '"ana"@example.com',
    'ana [at] example [dot] com',
    'ana(at)example(dot)com',
    "reach gabriel@exampleco' (cut short)",
  ])('withholds the address in %j', (text) => {
    expect(withhold(text)).toContain(EMAIL_WITHHELD);
    expect(withhold(text)).not.toMatch(/ana|gabriel@/);
  });

  it.each([
    '+1 415 555 0142',
    '415.555.0142',
    '415–555–0142',
    '415_555_0142',
    '４１５５５５０１４２',
    'office 415-555-0150',
    '+44 20 7946 0958',
    '0049 30 5550 1299',
  ])('withholds the number in %j', (text) => {
    expect(withhold(text)).toContain(PHONE_WITHHELD);
    expect(withhold(text)).not.toMatch(/0142|0150|0958|1299/);
  });

  it.each([
    'CTO at example.com',
    'Partner 2019-2024',
    'Series A $10,000,000',
    'Known since 2021-11-25 (5.0 years; 5 or more count fully).',
    'Founder, 100x growth',
  ])('leaves %j as it is', (text) => {
    expect(withhold(text)).toBe(text);
  });

  it('does not look for a stored "number" longer than any phone number', () => {
    const long = withholdFor(['7'.repeat(20_000)]);
    expect(long(`code ${'7'.repeat(5_000)}`)).toBe(`code ${'7'.repeat(5_000)}`);
  });
});
