/**
 * The CSV layer under the LinkedIn, Google and Outlook readers: delimiter sniffing, streaming
 * records through csv-parse with the line each starts on, and columns looked up by header name.
 */
import { Readable } from 'node:stream';

import { parse } from 'csv-parse';

export type Delimiter = ',' | ';' | '\t';
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/**
 * The delimiter of the first lines, counting only characters outside quotes: the one whose
 * count repeats on the most lines (header and rows agree), weighted by that count. A preamble
 * or a note with a stray comma barely moves it.
 */
export function sniffDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number[]>(DELIMITERS.map((d) => [d, []]));
  let inQuotes = false;
  let lines = 0;
  let line = new Map<Delimiter, number>();
  const end = Math.min(text.length, 65_536);
  for (let i = 0; i <= end && lines < 50; i += 1) {
    const char = i < end ? text[i] : '\n';
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (char === '\n' || char === '\r')) {
      for (const d of DELIMITERS) {
        const n = line.get(d) ?? 0;
        if (n > 0) counts.get(d)!.push(n);
      }
      line = new Map();
      lines += 1;
    } else if (!inQuotes && (char === ',' || char === ';' || char === '\t')) {
      line.set(char, (line.get(char) ?? 0) + 1);
    }
  }
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const score = modeScore(counts.get(d)!);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

function modeScore(perLine: number[]): number {
  const freq = new Map<number, number>();
  for (const n of perLine) freq.set(n, (freq.get(n) ?? 0) + 1);
  let score = 0;
  for (const [count, lines] of freq) score = Math.max(score, count * lines);
  return score;
}

export interface CsvRecord {
  /** The line (1-based) the record starts on. */
  line: number;
  cells: string[];
}

const CHUNK = 64 * 1024;

function* chunks(text: string): Generator<string> {
  for (let at = 0; at < text.length; at += CHUNK) yield text.slice(at, at + CHUNK);
}

/**
 * Records in file order, fed to csv-parse in slices so memory stays bounded by backpressure.
 * Blank lines come through as `['']`; callers skip them without counting them as rows.
 */
export async function* csvRecords(
  text: string,
  delimiter: Delimiter,
  firstLine = 1,
): AsyncGenerator<CsvRecord> {
  const parser = Readable.from(chunks(text)).pipe(
    parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }),
  );
  let line = firstLine;
  for await (const cells of parser as AsyncIterable<string[]>) {
    yield { line, cells };
    // Line breaks can only sit inside quoted fields; csv-parse's own line count is off there.
    line += 1;
    for (const cell of cells) if (cell.includes('\n') || cell.includes('\r')) line += breaks(cell);
  }
}

/** Where line `line` (1-based, CRLF counted once, as csvRecords counts) starts in `text`. */
export function offsetOfLine(text: string, line: number): number {
  const pattern = /\r\n|\r|\n/g;
  for (let at = 1; at < line; at += 1) {
    if (pattern.exec(text) === null) return text.length;
  }
  return line <= 1 ? 0 : pattern.lastIndex;
}

function breaks(cell: string): number {
  return cell.match(/\r\n|\r|\n/g)?.length ?? 0;
}

export function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}

/** Header cells by lowercased, trimmed name; the first of repeated names wins. */
export class HeaderIndex {
  readonly names: readonly string[];
  readonly #index = new Map<string, number>();

  constructor(cells: string[]) {
    this.names = cells.map((cell) => cell.trim().toLowerCase());
    this.names.forEach((name, i) => {
      if (name !== '' && !this.#index.has(name)) this.#index.set(name, i);
    });
  }

  has(...names: string[]): boolean {
    return names.every((name) => this.#index.has(name));
  }

  hasAny(...names: string[]): boolean {
    return names.some((name) => this.#index.has(name));
  }

  /** The column's position, or -1; resolve columns once per file, not once per row. */
  column(name: string): number {
    return this.#index.get(name) ?? -1;
  }

  /** Positions of the columns whose names match, in header order, with the regex's groups. */
  matching(pattern: RegExp): { index: number; match: RegExpExecArray }[] {
    const out: { index: number; match: RegExpExecArray }[] = [];
    this.names.forEach((name, index) => {
      const match = pattern.exec(name);
      if (match) out.push({ index, match });
    });
    return out;
  }
}

/** The trimmed cell at `index`, '' when the row is shorter or the column absent. */
export function cell(cells: string[], index: number): string {
  return index < 0 ? '' : (cells[index]?.trim() ?? '');
}
