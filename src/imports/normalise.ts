/**
 * Normalisers shared by every reader: the forms in which e-mails, LinkedIn profile URLs, phones,
 * names and tags are compared and stored, so that the same person exported twice dedupes.
 */
import { CONTROL_CHARACTERS, CONTROL_CHARACTERS_BUT_BREAKS } from '../domain/control-characters.ts';
import type { ContactRecord } from './record.ts';

/** Trimmed and lowercased, `mailto:` and angle brackets removed; null when it is no address. */
export function normaliseEmail(value: string): string | null {
  let email = value.trim().toLowerCase();
  if (email.startsWith('mailto:')) email = email.slice('mailto:'.length);
  if (email.startsWith('<') && email.endsWith('>')) email = email.slice(1, -1).trim();
  const at = email.indexOf('@');
  if (at <= 0 || at !== email.lastIndexOf('@') || at === email.length - 1) return null;
  // Spaces or control characters (an escape sequence, say) make it no address at all.
  if (/\s/.test(email) || HAS_CONTROL.test(email)) return null;
  return email;
}

export interface LinkedinProfile {
  /** What dedupe compares: `linkedin.com/in/slug`, lowercased. */
  key: string;
  /** What is stored and shown: `https://www.linkedin.com/in/slug`. */
  url: string;
}

const LINKEDIN_HOST = /^(?:[a-z0-9-]+\.)*linkedin\.com$/;

/**
 * Scheme, host (`www.`, country subdomains), query, fragment and trailing slash stripped. Only
 * personal profiles (`/in/slug`) count; company pages and other links are not a person's URL.
 */
export function normaliseLinkedinUrl(value: string): LinkedinProfile | null {
  const text = value.trim();
  if (text === '') return null;
  const plain = PLAIN_PROFILE.exec(text);
  if (plain) return profile(plain[1]!.toLowerCase());
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (!LINKEDIN_HOST.test(parsed.hostname.toLowerCase())) return null;
  const segments = parsed.pathname.split('/').filter((part) => part !== '');
  if (segments.length < 2 || segments[0]!.toLowerCase() !== 'in') return null;
  let slug = segments[1]!;
  try {
    slug = decodeURIComponent(slug);
  } catch {
    // A malformed escape stays as written; it still compares equal to itself.
  }
  // A control character makes it no profile name.
  if (HAS_CONTROL.test(slug)) return null;
  return profile(slug.toLowerCase());
}

/**
 * The form LinkedIn exports write, which the URL parser above would leave as it is but for case:
 * taking it by pattern saves a URL parse per row (0.2 s per 100k rows).
 */
const PLAIN_PROFILE = /^https:\/\/(?:www\.)?linkedin\.com\/in\/([A-Za-z0-9_-]+)\/?$/;

function profile(slug: string): LinkedinProfile {
  return { key: `linkedin.com/in/${slug}`, url: `https://www.linkedin.com/in/${slug}` };
}

/**
 * Digits with a leading `+` kept, separators dropped (`+1 (415) 555-1000` -> `+14155551000`);
 * `tel:` URIs and their parameters are unwrapped. Null when fewer than three digits remain.
 */
export function normalisePhone(value: string): string | null {
  let text = value.trim();
  if (/^tel:/i.test(text)) text = text.slice(4).split(';')[0]!;
  const plus = text.startsWith('+') || text.startsWith('00');
  let digits = text.replace(/\D/g, '');
  if (text.startsWith('00')) digits = digits.slice(2);
  if (digits.length < 3) return null;
  return plus ? `+${digits}` : digits;
}

/** Trimmed, inner whitespace (newlines included) collapsed to one space; null when empty. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/**
 * Control characters in an export (an escape sequence in a name, say) would reach the terminal of
 * whoever lists the contacts; each becomes a space. Tabs and line breaks are whitespace already.
 */
const CONTROLS = new RegExp(`[${CONTROL_CHARACTERS}]`, 'gu');
const CONTROLS_BUT_BREAKS = new RegExp(`[${CONTROL_CHARACTERS_BUT_BREAKS}]`, 'gu');
const HAS_CONTROL = new RegExp(`[${CONTROL_CHARACTERS}]`, 'u');

/** Like cleanText for multi-line notes: line endings unified, each line trimmed at the end. */
export function cleanNotes(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS_BUT_BREAKS, ' ')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  return text === '' ? null : text;
}

/** A person's name from its parts, in the order given, blanks skipped. */
export function joinName(...parts: (string | null | undefined)[]): string | null {
  return cleanText(parts.filter((part) => part && part.trim() !== '').join(' '));
}

/** A place from its parts, most specific first: `Zürich, Switzerland`. */
export function joinPlace(...parts: (string | null | undefined)[]): string | null {
  const present = parts.map(cleanText).filter((part): part is string => part !== null);
  return present.length === 0 ? null : present.join(', ');
}

/** Trimmed, blanks dropped, duplicates removed ignoring case; the first spelling wins. */
export function uniqueTags(tags: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = cleanText(raw);
    if (tag === null || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

export function uniqueEmails(values: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const value of values) {
    const email = normaliseEmail(value);
    if (email !== null) out.add(email);
  }
  return [...out];
}

export function uniquePhones(values: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const value of values) {
    const phone = normalisePhone(value);
    if (phone !== null) out.add(phone);
  }
  return [...out];
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/**
 * LinkedIn's `15 Mar 2024` (also `15-Mar-24` from older exports and ISO `2024-03-15`) as
 * milliseconds at 00:00 UTC; null when the text is no such date.
 */
export function parseConnectedOn(value: string): number | null {
  const text = value.trim();
  let match = /^(\d{1,2})[\s-]([A-Za-z]{3})[A-Za-z]*[\s-](\d{2}|\d{4})$/.exec(text);
  if (match) {
    const month = MONTHS[match[2]!.toLowerCase()];
    let year = Number(match[3]);
    if (match[3]!.length === 2) year += 2000;
    return month === undefined ? null : utcDay(year, month, Number(match[1]));
  }
  match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match) return utcDay(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return null;
}

function utcDay(year: number, month: number, day: number): number | null {
  const at = Date.UTC(year, month, day);
  const date = new Date(at);
  // Date.UTC rolls 31 Feb over into March; such a day is not a date.
  return date.getUTCMonth() === month && date.getUTCDate() === day ? at : null;
}

/** A record with every field empty, for readers to fill. */
export function emptyRecord(name: string): ContactRecord {
  return {
    name,
    company: null,
    title: null,
    location: null,
    linkedinUrl: null,
    emails: [],
    phones: [],
    tags: [],
    notes: null,
    uid: null,
    connectedOn: null,
  };
}

/**
 * The name a row is filed under when it has no name of its own: its first e-mail, else its
 * LinkedIn slug. Null when the row has nothing that identifies a person.
 */
export function fallbackName(emails: string[], linkedinUrl: string | null): string | null {
  if (emails[0]) return emails[0];
  if (linkedinUrl) return linkedinUrl.slice(linkedinUrl.lastIndexOf('/') + 1);
  return null;
}
