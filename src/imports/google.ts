/**
 * Google Contacts CSV, in today's shape (First Name, Labels, `E-mail 1 - Label/Value`) and the
 * legacy one (Name, Given Name, Group Membership, `E-mail 1 - Type/Value`). Several values share
 * a cell as `a ::: b`; a label starting with `* ` marks the primary one.
 */
import { cell, type HeaderIndex } from './csv.ts';
import type { CsvFormat } from './csv-formats.ts';
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

/** Groups every contact is in; they say nothing about the person. */
const SYSTEM_LABELS = new Set(['mycontacts', 'my contacts']);

export const googleCsv: CsvFormat = {
  format: 'google',
  recognises: (header: HeaderIndex) =>
    header.hasAny('first name', 'last name', 'name', 'given name', 'family name') &&
    header.hasAny(
      'e-mail 1 - value',
      'labels',
      'group membership',
      'organization name',
      'organization 1 - name',
    ),
  mapper(header) {
    const col = (...names: string[]) =>
      names.map((name) => header.column(name)).find((index) => index >= 0) ?? -1;
    const first = col('first name', 'given name');
    const middle = col('middle name', 'additional name');
    const last = col('last name', 'family name');
    const full = col('name');
    const nickname = col('nickname');
    const fileAs = col('file as');
    const company = col('organization name', 'organization 1 - name');
    const title = col('organization title', 'organization 1 - title');
    const notes = col('notes');
    const labels = col('labels', 'group membership');
    const city = col('address 1 - city');
    const country = col('address 1 - country');
    const location = col('location');
    const emails = pairs(header, 'e-mail');
    const phones = pairs(header, 'phone');
    const websites = pairs(header, 'website');
    return (cells) => {
      const emailList = uniqueEmails(multiValues(cells, emails));
      const profile = multiValues(cells, websites)
        .map(normaliseLinkedinUrl)
        .find((found) => found !== null);
      const name =
        cleanText(cell(cells, full)) ??
        joinName(cell(cells, first), cell(cells, middle), cell(cells, last)) ??
        cleanText(cell(cells, nickname)) ??
        cleanText(cell(cells, fileAs)) ??
        fallbackName(emailList, profile?.url ?? null);
      if (name === null) return 'no name, e-mail or LinkedIn URL';
      const record = emptyRecord(name);
      record.company = cleanText(cell(cells, company));
      record.title = cleanText(cell(cells, title));
      record.location =
        joinPlace(cell(cells, city), cell(cells, country)) ?? cleanText(cell(cells, location));
      record.emails = emailList;
      record.phones = uniquePhones(multiValues(cells, phones));
      record.linkedinUrl = profile?.url ?? null;
      record.notes = cleanNotes(cell(cells, notes));
      record.tags = uniqueTags(
        splitMulti(cell(cells, labels))
          .map(unmark)
          .filter((label) => !SYSTEM_LABELS.has(label.toLowerCase())),
      );
      return record;
    };
  },
};

interface ValueColumn {
  value: number;
  label: number;
}

/** `E-mail 1 - Value` with its `E-mail 1 - Label` (or legacy `- Type`), in header order. */
function pairs(header: HeaderIndex, kind: string): ValueColumn[] {
  return header.matching(new RegExp(`^${kind} (\\d+) - value$`)).map(({ index, match }) => ({
    value: index,
    label: [`${kind} ${match[1]} - label`, `${kind} ${match[1]} - type`]
      .map((name) => header.column(name))
      .reduce((a, b) => (a >= 0 ? a : b)),
  }));
}

/** Every value of the columns, the ones whose label carries `* ` first. */
function multiValues(cells: string[], columns: ValueColumn[]): string[] {
  const primary: string[] = [];
  const rest: string[] = [];
  for (const column of columns) {
    const values = splitMulti(cell(cells, column.value));
    const labels = splitMulti(cell(cells, column.label));
    values.forEach((value, i) => (labels[i]?.startsWith('*') ? primary : rest).push(value));
  }
  return [...primary, ...rest];
}

function splitMulti(value: string): string[] {
  if (value === '') return [];
  return value
    .split(':::')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function unmark(label: string): string {
  return label.replace(/^\*\s*/, '');
}
