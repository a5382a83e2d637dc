/**
 * What agents never read (SPEC §1): a contact's e-mail addresses and phone numbers. Results leave
 * out those fields, but exports put them in other fields too (a title "Partner (ana@x.com)", an
 * e-mail as a tag or as the name of a contact without one). Every contact text a tool returns
 * passes through here: anything shaped like an e-mail address, the contact's own phone numbers
 * written with any separators, and international numbers (+ and 7 or more digits) are withheld.
 */
import type { Intro } from '../store/intros.ts';
import type { Match } from './matching.ts';

export const EMAIL_WITHHELD = '[e-mail withheld]';
export const PHONE_WITHHELD = '[phone withheld]';

/**
 * Anything around an '@' (no top-level domain needed: a reason quoting a tag may have cut it off),
 * and the bracketed spellings `name [at] example [dot] com`. A spelled-out " at " is left alone:
 * "CTO at example.com" is a title.
 */
const EMAIL = /(?:"[^"\s]{1,64}"|[^\s@<>()[\]{}"',;:]+)\s?@\s?[^\s@<>()[\]{}"',;:]{2,}/gu;
const BRACKETED_EMAIL =
  /[\p{L}\p{N}._%+-]+\s*[([{]\s*at\s*[)\]}]\s*[\p{L}\p{N}-]+(?:\s*(?:[([{]\s*dot\s*[)\]}]|\.)\s*[\p{L}\p{N}-]+)*/giu;
/** Where BRACKETED_EMAIL can match at all: an `at` closed by a bracket. */
const BRACKETED_AT = /at\s*[)\]}]/iu;
/** `+` or `00`, then 7 or more digits, with the separators people write between them. */
const INTERNATIONAL = /(?:\+|\b00)\s?\d(?:[\s().\-/_\u2010-\u2015\u2212]{0,3}\d){6,}/gu;
const SEPARATORS = '[\\s().\\-/_\\u2010-\\u2015\\u2212]{0,3}';
/** Full-width forms (＠, ４１５) are read as the characters they stand for. */
const FULL_WIDTH = /[\uff01-\uff5e]/u;
/**
 * A stored number is looked for from its whole digits down to its last this many, longest first,
 * so that `415.555.0199` is found for `+1 (415) 555-0199`; fewer would match years and amounts.
 */
const MIN_PHONE_DIGITS = 7;

/** Replaces e-mail addresses and phone numbers in the text of one contact. */
export type Withhold = (text: string) => string;

/**
 * The withholding for a contact whose stored phone numbers are `phones`. A search returns about
 * twenty texts per contact, most with no '@', no '+' and few digits: those skip the patterns, and
 * the contact's own patterns are built only when some text has enough digits to hold a number.
 */
export function withholdFor(phones: readonly string[]): Withhold {
  let own: RegExp[] | undefined;
  return (text) => {
    let out = FULL_WIDTH.test(text) ? text.normalize('NFKC') : text;
    if (out.includes('@')) out = out.replace(EMAIL, EMAIL_WITHHELD);
    if (BRACKETED_AT.test(out)) out = out.replace(BRACKETED_EMAIL, EMAIL_WITHHELD);
    if (out.includes('+') || out.includes('00')) out = out.replace(INTERNATIONAL, PHONE_WITHHELD);
    if (phones.length > 0 && digitCount(out) >= MIN_PHONE_DIGITS) {
      own ??= phonePatterns(phones);
      for (const pattern of own) out = out.replace(pattern, PHONE_WITHHELD);
    }
    return out;
  };
}

/**
 * A number has at most 15 digits (E.164); an extension (`ext 12`, `x12`, `#12`) is not part of
 * how the number is written elsewhere. Longer digit runs are not numbers to look for: matching
 * them would only cost time.
 */
const MAX_PHONE_DIGITS = 15;
const EXTENSION = /\s*(?:ext\.?|extension|x|#|;)\s*\d+\s*$/iu;

function phonePatterns(phones: readonly string[]): RegExp[] {
  return phones.flatMap((phone) => {
    const digits = phone.replace(EXTENSION, '').replace(/\D/g, '');
    if (digits.length > MAX_PHONE_DIGITS) return [];
    const patterns: RegExp[] = [];
    for (let length = digits.length; length >= MIN_PHONE_DIGITS; length -= 1) {
      const tail = digits.slice(digits.length - length);
      patterns.push(new RegExp(tail.split('').join(SEPARATORS), 'gu'));
    }
    return patterns;
  });
}

function digitCount(text: string): number {
  let count = 0;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code >= 48 && code <= 57) count += 1;
  }
  return count;
}

function nullable(text: string | null, withhold: Withhold): string | null {
  return text === null ? null : withhold(text);
}

/** A match (of list_matches or search_contacts) as agents may read it. */
export function withheldMatch<M extends Match>(match: M, withhold: Withhold): M {
  const factors = (list: Match['trust']['factors']) =>
    list.map((factor) => ({ ...factor, evidence: withhold(factor.evidence) }));
  return {
    ...match,
    contact: {
      ...match.contact,
      name: withhold(match.contact.name),
      title: nullable(match.contact.title, withhold),
      company: nullable(match.contact.company, withhold),
      tags: match.contact.tags.map(withhold),
    },
    trust: {
      ...match.trust,
      factors: factors(match.trust.factors),
      ...(match.trust.legs
        ? {
            legs: match.trust.legs.map((leg) => ({
              ...leg,
              memberName: withhold(leg.memberName),
              factors: factors(leg.factors),
            })),
          }
        : {}),
    },
    path: withheldPath(match.path, withhold),
    reasons: match.reasons.map(withhold),
  };
}

/** A teammate's name as typed for `--member` may hold an address too. */
function withheldPath<P extends Match['path'] | Intro['path']>(path: P, withhold: Withhold): P {
  return path.kind === 'direct'
    ? path
    : { ...path, connector: { ...path.connector, name: withhold(path.connector.name) } };
}

/**
 * An intro as agents may read it: its contact's name, title and company, the connector's name,
 * and what people wrote of it (the decision note, a decline's reason) withheld likewise.
 */
export function withheldIntro(intro: Intro, withhold: Withhold): Intro {
  return {
    ...intro,
    contact: {
      ...intro.contact,
      name: withhold(intro.contact.name),
      title: nullable(intro.contact.title, withhold),
      company: nullable(intro.contact.company, withhold),
    },
    path: withheldPath(intro.path, withhold),
    decisionNote: nullable(intro.decisionNote, withhold),
    declineReason: nullable(intro.declineReason, withhold),
  };
}
