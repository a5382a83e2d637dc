import { describe, expect, it } from 'vitest';

import {
  cleanNotes,
  cleanText,
  normaliseEmail,
  normaliseLinkedinUrl,
  normalisePhone,
  parseConnectedOn,
  uniqueTags,
} from '../../src/imports/normalise.ts';

describe('normaliseEmail', () => {
  it('trims, lowercases and unwraps mailto: and angle brackets', () => {
    expect(normaliseEmail('  Ana.Lupu@Example.COM ')).toBe('ana.lupu@example.com');
    expect(normaliseEmail('mailto:ana@example.com')).toBe('ana@example.com');
    expect(normaliseEmail('<ana@example.com>')).toBe('ana@example.com');
  });

  it('refuses what is no address', () => {
    for (const value of ['', 'ana', '@example.com', 'ana@', 'a@b@c', 'ana lupu@example.com']) {
      expect(normaliseEmail(value)).toBeNull();
    }
  });
});

describe('normaliseLinkedinUrl', () => {
  it('strips scheme, www. or a country host, query, fragment and trailing slash, and lowercases', () => {
    const want = { key: 'linkedin.com/in/ana-lupu', url: 'https://www.linkedin.com/in/ana-lupu' };
    for (const value of [
      'https://www.linkedin.com/in/ana-lupu',
      'http://linkedin.com/in/Ana-Lupu/',
      'www.linkedin.com/in/ana-lupu?trk=people',
      'https://uk.linkedin.com/in/ana-lupu#about',
      'linkedin.com/in/ana-lupu/details/experience/',
    ]) {
      expect(normaliseLinkedinUrl(value)).toEqual(want);
    }
  });

  it('decodes percent-escaped slugs so both spellings compare equal', () => {
    expect(normaliseLinkedinUrl('https://www.linkedin.com/in/j%C3%BCrgen')?.key).toBe(
      'linkedin.com/in/jürgen',
    );
  });

  it('gives the plain export form the same profile as its spellings with a query or fragment', () => {
    for (const slug of ['Ana_Lupu-1', 'bo-brandt-0a1b2c', 'CY']) {
      for (const host of ['www.linkedin.com', 'linkedin.com']) {
        const plain = normaliseLinkedinUrl(`https://${host}/in/${slug}/`);
        expect(plain).toEqual(normaliseLinkedinUrl(`https://${host}/in/${slug}?trk=people#about`));
        expect(plain?.key).toBe(`linkedin.com/in/${slug.toLowerCase()}`);
      }
    }
  });

  it('ignores company pages, other hosts and junk', () => {
    for (const value of [
      'https://www.linkedin.com/company/kelp',
      'https://notlinkedin.com/in/ana',
      'https://example.com/in/ana',
      'not a url',
      '',
    ]) {
      expect(normaliseLinkedinUrl(value)).toBeNull();
    }
  });
});

describe('normalisePhone', () => {
  it('keeps digits and a leading plus', () => {
    expect(normalisePhone('+1 (646) 555-0142')).toBe('+16465550142');
    expect(normalisePhone('0049 30 5550 1200')).toBe('+493055501200');
    expect(normalisePhone('tel:+49-30-5550-1299;ext=12')).toBe('+493055501299');
    expect(normalisePhone('030 555 01')).toBe('03055501');
    expect(normalisePhone('n/a')).toBeNull();
  });
});

describe('parseConnectedOn', () => {
  it("reads LinkedIn's day-month-year dates as midnight UTC", () => {
    expect(parseConnectedOn('15 Mar 2024')).toBe(Date.UTC(2024, 2, 15));
    expect(parseConnectedOn('29 Feb 2024')).toBe(Date.UTC(2024, 1, 29));
    expect(parseConnectedOn('15-Mar-24')).toBe(Date.UTC(2024, 2, 15));
    expect(parseConnectedOn('2024-03-15')).toBe(Date.UTC(2024, 2, 15));
  });

  it('gives null for no date or an impossible one', () => {
    expect(parseConnectedOn('')).toBeNull();
    expect(parseConnectedOn('31 Feb 2024')).toBeNull();
    expect(parseConnectedOn('15 Foo 2024')).toBeNull();
  });
});

describe('uniqueTags', () => {
  it('trims, drops blanks and keeps the first spelling of each tag', () => {
    expect(uniqueTags([' Investors', 'fintech', 'INVESTORS', '', 'Fintech '])).toEqual([
      'Investors',
      'fintech',
    ]);
  });
});

describe('cleanText and cleanNotes', () => {
  it('turn control characters of an export into spaces, keeping the line breaks of notes', () => {
    expect(cleanText('Eve \u001b[8mHIDDEN\u001b[0m\u001b]0;owned\u0007 Esc')).toBe(
      'Eve [8mHIDDEN [0m ]0;owned Esc',
    );
    expect(cleanText('Ana\u009b2J Ruiz')).toBe('Ana 2J Ruiz');
    expect(cleanNotes('line one\r\nline\u001b two\rthree\tfour')).toBe(
      'line one\nline  two\nthree\tfour',
    );
  });
});
