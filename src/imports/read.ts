/**
 * From the bytes of a file to its rows: decode, detect the format by content (or take the one
 * asked for), and hand back the rows of the matching reader. Unknown input is UnrecognisedInput.
 */
import { type Delimiter } from './csv.ts';
import { type CsvFormat, openCsv } from './csv-formats.ts';
import { decodeBytes, looksBinary, type TextEncoding } from './decode.ts';
import { googleCsv } from './google.ts';
import { linkedinCsv } from './linkedin.ts';
import { outlookCsv } from './outlook.ts';
import { type ImportFormat, type SourceRow, UnrecognisedInput } from './record.ts';
import { looksLikeVCard, vcardRows } from './vcard.ts';

/** Tried in this order; each recognises its own header, so the order only breaks odd ties. */
const CSV_FORMATS: readonly CsvFormat[] = [linkedinCsv, googleCsv, outlookCsv];

export interface OpenedSource {
  format: ImportFormat;
  encoding: TextEncoding;
  delimiter: Delimiter | null;
  /** vCard VERSION values seen; complete once the rows have been read. */
  versions: ReadonlySet<string>;
  /** An upper bound on the rows, for a progress bar. */
  estimatedRows: number;
  rows: AsyncIterable<SourceRow> | Iterable<SourceRow>;
  /** Frees what reading holds (a parsing thread), whether or not the rows were read. */
  close?: () => Promise<void>;
}

export async function openSource(bytes: Uint8Array, format?: ImportFormat): Promise<OpenedSource> {
  if (bytes.length === 0) throw new UnrecognisedInput('it is empty');
  if (looksBinary(bytes)) throw new UnrecognisedInput('it is a binary file, not text');
  const { text, encoding } = decodeBytes(bytes);
  if (text.trim() === '') throw new UnrecognisedInput('it holds only blank lines');

  if (looksLikeVCard(text)) {
    if (format && format !== 'vcard') {
      throw new UnrecognisedInput(`it is a vCard file, not ${format} (try --format vcard)`);
    }
    const { rows, versions } = vcardRows(text);
    return {
      format: 'vcard',
      encoding,
      delimiter: null,
      versions,
      estimatedRows: count(text, /^BEGIN:VCARD/gim),
      rows,
    };
  }
  if (format === 'vcard') throw new UnrecognisedInput('it has no BEGIN:VCARD line');

  const opened = await openCsv(text, CSV_FORMATS, format);
  return {
    format: opened.format,
    encoding,
    delimiter: opened.delimiter,
    versions: new Set(),
    estimatedRows: count(text, /\n/g) + 1,
    rows: opened.rows,
  };
}

function count(text: string, pattern: RegExp): number {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) n += 1;
  return n;
}
