/**
 * vCard 2.1 / 3.0 / 4.0 cards to contact records: FN (else N), structured ORG, TITLE, repeated
 * EMAIL and TEL (preferred first), CATEGORIES, NOTE, UID, ADR, and a LinkedIn profile from URL or
 * X-SOCIALPROFILE.
 */
import {
  cleanNotes,
  cleanText,
  emptyRecord,
  fallbackName,
  joinName,
  joinPlace,
  normaliseLinkedinUrl,
  uniqueEmails,
  uniquePhones,
  uniqueTags,
} from './normalise.ts';
import type { ContactRecord, SourceRow } from './record.ts';
import {
  parseVCards,
  splitEscaped,
  unescapeText,
  type VCard,
  type VCardProperty,
} from './vcard-parser.ts';

/** Whether the first line that is not blank opens a vCard. */
export function looksLikeVCard(text: string): boolean {
  return /^\s*BEGIN:VCARD\s*(?:\r|\n|$)/i.test(text.slice(0, 4096));
}

export interface VCardRows {
  rows: Generator<SourceRow>;
  /** The VERSION values seen so far; complete once `rows` is exhausted. */
  versions: Set<string>;
}

export function vcardRows(text: string): VCardRows {
  const versions = new Set<string>();
  function* rows(): Generator<SourceRow> {
    for (const card of parseVCards(text)) {
      if (card.version) versions.add(card.version);
      const mapped = cardToRecord(card);
      yield typeof mapped === 'string'
        ? { line: card.line, skip: mapped }
        : { line: card.line, record: mapped };
    }
  }
  return { rows: rows(), versions };
}

export function cardToRecord(card: VCard): ContactRecord | string {
  const all = (name: string) => card.properties.filter((p) => p.name === name);
  const first = (name: string) => all(name)[0];
  const text = (name: string) => {
    const property = first(name);
    return property ? cleanText(unescapeText(property.value)) : null;
  };

  const emails = uniqueEmails(byPreference(all('EMAIL')).map((p) => unescapeText(p.value)));
  const profile =
    [...all('URL'), ...all('X-SOCIALPROFILE'), ...all('X-LINKEDIN')]
      .map((p) => normaliseLinkedinUrl(unescapeText(p.value)))
      .find((found) => found !== null) ?? null;
  const name = text('FN') ?? nameFromN(first('N')) ?? fallbackName(emails, profile?.url ?? null);
  if (name === null) return 'card without a name, e-mail or LinkedIn URL';

  const record = emptyRecord(name);
  const org = first('ORG');
  record.company = org ? cleanText(splitEscaped(org.value, ';')[0]) : null;
  record.title = text('TITLE');
  record.location = placeFromAdr(byPreference(all('ADR'))[0]);
  record.emails = emails;
  record.phones = uniquePhones(byPreference(all('TEL')).map((p) => unescapeText(p.value)));
  record.linkedinUrl = profile?.url ?? null;
  record.tags = uniqueTags(all('CATEGORIES').flatMap(categories));
  const notes = all('NOTE')
    .map((p) => cleanNotes(unescapeText(p.value)))
    .filter((note): note is string => note !== null);
  record.notes = notes.length > 0 ? notes.join('\n\n') : null;
  record.uid = text('UID');
  return record;
}

/** N is family;given;additional;prefix;suffix; a name reads prefix given additional family. */
function nameFromN(property: VCardProperty | undefined): string | null {
  if (!property) return null;
  const [family, given, additional, prefix, suffix] = splitEscaped(property.value, ';');
  return joinName(prefix, given, additional, family, suffix);
}

/** ADR is pobox;ext;street;locality;region;code;country; the place is the city and country. */
function placeFromAdr(property: VCardProperty | undefined): string | null {
  if (!property) return null;
  const parts = splitEscaped(property.value, ';');
  return joinPlace(parts[3], parts[6]) ?? joinPlace(parts[4], parts[6]);
}

/** vCard 2.1 sometimes separates categories with `;` where 3.0 and 4.0 use `,`. */
function categories(property: VCardProperty): string[] {
  return splitEscaped(property.value, ',').flatMap((part) => part.split(';'));
}

/**
 * Preferred first, order kept otherwise: 4.0's `PREF=1` (lower is stronger), 3.0's
 * `TYPE=pref`, 2.1's bare `PREF`.
 */
function byPreference(properties: VCardProperty[]): VCardProperty[] {
  const rank = (p: VCardProperty) => {
    const pref = Number(p.params.get('PREF')?.[0]);
    if (Number.isInteger(pref) && pref >= 1) return pref;
    const types = p.params.get('TYPE') ?? [];
    return types.some((type) => type.toLowerCase() === 'pref') ? 1 : 101;
  };
  return properties
    .map((property, index) => ({ property, index, rank: rank(property) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.property);
}
