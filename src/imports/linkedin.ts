/**
 * LinkedIn's `Connections.csv`: First Name, Last Name, URL, Email Address, Company, Position,
 * Connected On (`15 Mar 2024`). The `Notes:` preamble above the header is skipped by the caller.
 */
import { cell, type HeaderIndex } from './csv.ts';
import type { CsvFormat } from './csv-formats.ts';
import {
  cleanText,
  emptyRecord,
  fallbackName,
  joinName,
  normaliseLinkedinUrl,
  parseConnectedOn,
  uniqueEmails,
} from './normalise.ts';

export const linkedinCsv: CsvFormat = {
  format: 'linkedin',
  recognises: (header: HeaderIndex) =>
    header.has('first name', 'last name', 'url') &&
    header.hasAny('connected on', 'position', 'email address'),
  mapper(header) {
    const first = header.column('first name');
    const last = header.column('last name');
    const url = header.column('url');
    const email = header.column('email address');
    const company = header.column('company');
    const position = header.column('position');
    const connected = header.column('connected on');
    return (cells) => {
      const profile = normaliseLinkedinUrl(cell(cells, url));
      const emails = uniqueEmails([cell(cells, email)]);
      const name =
        joinName(cell(cells, first), cell(cells, last)) ??
        fallbackName(emails, profile?.url ?? null);
      if (name === null) return 'no name, e-mail or LinkedIn URL';
      const record = emptyRecord(name);
      record.linkedinUrl = profile?.url ?? null;
      record.emails = emails;
      record.company = cleanText(cell(cells, company));
      record.title = cleanText(cell(cells, position));
      record.connectedOn = parseConnectedOn(cell(cells, connected));
      return record;
    };
  },
};
