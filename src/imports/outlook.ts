/**
 * Outlook's contact CSV: First/Middle/Last Name, Company, Job Title, `E-mail Address` and its
 * numbered siblings, phones by kind, and `;`-separated Categories. The file is often saved in
 * Windows-1252; decoding happens before this reader sees it.
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

const EMAIL_COLUMNS = ['e-mail address', 'e-mail 2 address', 'e-mail 3 address'];
const PHONE_COLUMNS = [
  'mobile phone',
  'business phone',
  'business phone 2',
  'primary phone',
  'home phone',
  'home phone 2',
  'company main phone',
  'other phone',
];

export const outlookCsv: CsvFormat = {
  format: 'outlook',
  recognises: (header: HeaderIndex) =>
    header.hasAny('first name', 'last name') &&
    header.hasAny('e-mail address', 'job title', 'business phone', 'e-mail display name'),
  mapper(header) {
    const first = header.column('first name');
    const middle = header.column('middle name');
    const last = header.column('last name');
    const suffix = header.column('suffix');
    const display = header.column('e-mail display name');
    const company = header.column('company');
    const title = header.column('job title');
    const businessCity = header.column('business city');
    const businessCountry = header.column('business country/region');
    const homeCity = header.column('home city');
    const homeCountry = header.column('home country/region');
    const categories = header.column('categories');
    const notes = header.column('notes');
    const webPage = header.column('web page');
    const emails = EMAIL_COLUMNS.map((name) => header.column(name));
    const phones = PHONE_COLUMNS.map((name) => header.column(name));
    return (cells) => {
      const emailList = uniqueEmails(emails.map((index) => cell(cells, index)));
      const profile = normaliseLinkedinUrl(cell(cells, webPage));
      const name =
        joinName(cell(cells, first), cell(cells, middle), cell(cells, last), cell(cells, suffix)) ??
        cleanText(cell(cells, display)) ??
        fallbackName(emailList, profile?.url ?? null);
      if (name === null) return 'no name, e-mail or LinkedIn URL';
      const record = emptyRecord(name);
      record.company = cleanText(cell(cells, company));
      record.title = cleanText(cell(cells, title));
      record.location =
        joinPlace(cell(cells, businessCity), cell(cells, businessCountry)) ??
        joinPlace(cell(cells, homeCity), cell(cells, homeCountry));
      record.emails = emailList;
      record.phones = uniquePhones(phones.map((index) => cell(cells, index)));
      record.linkedinUrl = profile?.url ?? null;
      record.notes = cleanNotes(cell(cells, notes));
      record.tags = uniqueTags(cell(cells, categories).split(/[;,]/));
      return record;
    };
  },
};
