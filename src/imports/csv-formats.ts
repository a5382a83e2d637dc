/**
 * Opening a CSV export: sniff the delimiter, scan past any preamble for a header a format
 * recognises, then map every row below it to a contact record or a reason for skipping it.
 */
import {
  csvRecords,
  type Delimiter,
  HeaderIndex,
  isBlank,
  offsetOfLine,
  sniffDelimiter,
} from './csv.ts';
import type { ContactRecord, ImportFormat, SourceRow } from './record.ts';
import { UnrecognisedInput } from './record.ts';

export interface CsvFormat {
  format: ImportFormat;
  recognises(header: HeaderIndex): boolean;
  /** Resolves the columns once; the returned function maps one row (a string = skip reason). */
  mapper(header: HeaderIndex): (cells: string[]) => ContactRecord | string;
}

export interface OpenedCsv {
  format: ImportFormat;
  delimiter: Delimiter;
  rows: AsyncGenerator<SourceRow>;
}

/** LinkedIn's preamble is two records; anything that needs more is not an export we know. */
const HEADER_SCAN_RECORDS = 25;

export async function openCsv(
  text: string,
  formats: readonly CsvFormat[],
  forced?: ImportFormat,
): Promise<OpenedCsv> {
  const delimiter = sniffDelimiter(text);
  const records = csvRecords(text, delimiter);
  const candidates = forced ? formats.filter((f) => f.format === forced) : formats;
  let firstLine: string | undefined;
  for (let scanned = 0; scanned < HEADER_SCAN_RECORDS;) {
    const next = await records.next();
    if (next.done) break;
    const { cells, line } = next.value;
    if (isBlank(cells)) continue;
    scanned += 1;
    firstLine ??= cells.join(delimiter).slice(0, 80);
    const header = new HeaderIndex(cells);
    const format = candidates.find((candidate) => candidate.recognises(header));
    if (format) {
      await records.return(undefined);
      return {
        format: format.format,
        delimiter,
        rows: rowsBelow(fromHeader(text, delimiter, line), format.mapper(header)),
      };
    }
  }
  await records.return(undefined);
  if (firstLine === undefined) throw new UnrecognisedInput('it holds no rows');
  const wanted = forced ? `a ${forced} header` : 'a header of a known export';
  throw new UnrecognisedInput(`no line looks like ${wanted} (it starts "${firstLine}")`);
}

/**
 * The records again from the header on. csv-parse takes its first record's width as the norm and
 * builds an error (with a stack trace) for every record of another width, even when told to
 * relax: parsing past a one-field preamble would pay that on every row.
 */
async function* fromHeader(
  text: string,
  delimiter: Delimiter,
  headerLine: number,
): AsyncGenerator<{ line: number; cells: string[] }> {
  const records = csvRecords(text.slice(offsetOfLine(text, headerLine)), delimiter, headerLine);
  await records.next();
  yield* records;
}

async function* rowsBelow(
  records: AsyncGenerator<{ line: number; cells: string[] }>,
  map: (cells: string[]) => ContactRecord | string,
): AsyncGenerator<SourceRow> {
  for await (const { line, cells } of records) {
    // A line with no delimiter at all is a blank line, not a row; `,,,,` is an empty row.
    if (cells.length <= 1 && isBlank(cells)) continue;
    if (isBlank(cells)) {
      yield { line, skip: 'empty row' };
      continue;
    }
    const mapped = map(cells);
    yield typeof mapped === 'string' ? { line, skip: mapped } : { line, record: mapped };
  }
}
