/**
 * `importFile`: one export into the store for one member, in BEGIN IMMEDIATE batches, with one
 * audit event for the whole import and a report of what each row became. A dry run does the same
 * work inside a transaction that is rolled back.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';

import type { Actor } from '../domain/actor.ts';
import { AppError } from '../domain/errors.ts';
import type { Services } from '../domain/services.ts';
import { appendEvent } from '../store/events.ts';
import { translateSqliteError } from '../store/sqlite-errors.ts';
import {
  ContactWriter,
  type PossibleDuplicate,
  type ResolvedMember,
  resolveMember,
} from './contact-writer.ts';
import type { Delimiter } from './csv.ts';
import type { TextEncoding } from './decode.ts';
import { openSourceInWorker, parsesInWorker } from './parse-thread.ts';
import { openSource } from './read.ts';
import { type ImportFormat, type SourceRow, UnrecognisedInput } from './record.ts';

export interface ImportOptions {
  /** Skip detection; the file must still be of this format. */
  format?: ImportFormat;
  /** A teammate's name (or member id); their contacts become reachable through them. */
  member?: string;
  dryRun?: boolean;
  /** Who the audit event names; the system importer when absent. */
  actor?: Actor;
  /** Called every few hundred rows and once at the end. */
  onProgress?: (rowsRead: number, estimatedRows: number) => void;
  /** Rows per transaction. */
  batchSize?: number;
}

export interface SkippedRow {
  line: number;
  reason: string;
}

export interface ImportReport {
  file: string;
  format: ImportFormat;
  encoding: TextEncoding;
  delimiter: Delimiter | null;
  /** vCard versions seen, e.g. ["2.1"]; empty for CSV. */
  versions: string[];
  member: ResolvedMember;
  dryRun: boolean;
  rows: number;
  created: number;
  merged: number;
  /** Rows this member imported before in this format, recognised by their content. */
  unchanged: number;
  skipped: number;
  relationshipsCreated: number;
  /** At most REPORT_LIST_LIMIT entries each; the counts above are complete. */
  skippedRows: SkippedRow[];
  possibleDuplicates: PossibleDuplicate[];
  possibleDuplicateCount: number;
}

export const ACCEPTED_FORMATS =
  'LinkedIn Connections.csv, Google Contacts CSV, Outlook CSV, or vCard 2.1/3.0/4.0 (.vcf)';
const REPORT_LIST_LIMIT = 1000;
/**
 * Rows per transaction. Each commit rewrites every page its rows touched in the fingerprint and
 * LinkedIn-key indexes, which take keys at random places: 20k-row batches wrote 210 MB for 100k
 * rows where 5k-row ones wrote 490 MB, and 50k-row ones import 100k rows about 0.4 s sooner than
 * 20k-row ones. A batch holds the write lock for about two seconds, within the 5 s busy timeout
 * that MCP writes wait.
 */
const DEFAULT_BATCH = 50_000;
/**
 * A batch also ends after this long, so that on a slow or busy machine the write lock is still
 * given up within half the 5 s that MCP writes wait for it (a 50k-row batch held it 3.8 s while
 * another import competed for the CPU). Shorter batches cost throughput: each commit rewrites the
 * index pages its rows touched.
 */
const BATCH_MAX_MS = 2500;
/**
 * Page cache for the import's connection, in KiB. Contact ids and fingerprints land at random
 * places in their indexes; with SQLite's default 2 MB cache a large import re-reads and spills
 * pages on every batch. The cache only fills as far as the store is large.
 */
const IMPORT_CACHE_KIB = 65_536;
const PROGRESS_EVERY = 500;

export async function importFile(
  services: Services,
  path: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const file = resolve(path);
  const bytes = await readImportFile(file);
  const open = parsesInWorker(bytes) ? openSourceInWorker : openSource;
  const source = await open(bytes, options.format).catch((error: unknown) => {
    if (error instanceof UnrecognisedInput) throw unrecognised(file, error.reason);
    throw malformedCsv(error, file, 0) ?? error;
  });
  const { store } = services;
  const now = services.clock.now();
  const dryRun = options.dryRun === true;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;

  let member: ResolvedMember | undefined;
  let writer: ContactWriter | undefined;
  let changed = false;
  const counts = { rows: 0, created: 0, merged: 0, unchanged: 0, skipped: 0 };
  const skippedRows: SkippedRow[] = [];
  const possibleDuplicates: PossibleDuplicate[] = [];
  let possibleDuplicateCount = 0;

  /**
   * A batch is one transaction (a savepoint in a dry run), opened at its first row and committed
   * after its last, with the rows written as the reader hands them over: held in memory until
   * their batch was full, they outlived V8's young generation and grew the heap by 60 MB per 100k
   * rows. Large files are parsed on another thread that keeps ahead, so the write lock is held
   * about as long as the writing takes.
   */
  let batchRows = 0;
  let batchStarted = 0;
  const translated = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      throw translateSqliteError(error, store.path);
    }
  };
  const openBatch = () => {
    store.db.exec(dryRun ? 'SAVEPOINT import_batch' : 'BEGIN IMMEDIATE');
    store.assertCurrent();
    batchStarted = performance.now();
    if (!member) {
      member = resolveMember(store.db, options.member, now);
      changed ||= member.created;
      writer = new ContactWriter(store.db, {
        memberId: member.id,
        format: source.format,
        now,
        clock: services.clock,
      });
    }
    writer!.beginBatch();
  };
  const commitBatch = () => {
    writer!.endBatch();
    store.db.exec(dryRun ? 'RELEASE import_batch' : 'COMMIT');
    committedRows = counts.rows;
    batchRows = 0;
  };
  const write = (row: SourceRow) => {
    if (batchRows === 0) openBatch();
    batchRows += 1;
    const applied = writer!.apply(row.line, row.record!, row.fingerprint);
    counts[applied.outcome] += 1;
    changed ||= applied.changed;
    possibleDuplicateCount += applied.duplicates.length;
    for (const duplicate of applied.duplicates) {
      if (possibleDuplicates.length < REPORT_LIST_LIMIT) possibleDuplicates.push(duplicate);
    }
    // Checked every 1,000 rows: the clock costs more than a row's bookkeeping.
    if (
      batchRows >= batchSize ||
      (batchRows % 1000 === 0 && performance.now() - batchStarted >= BATCH_MAX_MS)
    ) {
      commitBatch();
    }
  };

  const cacheBefore = store.db.pragma('cache_size', { simple: true }) as number;
  const tempBefore = store.db.pragma('temp_store', { simple: true }) as number;
  store.db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  // An insert into contacts fires triggers, so SQLite gives it a statement journal; on a temp
  // file, that journal halved the speed of the contact inserts.
  store.db.pragma('temp_store = MEMORY');
  let committedRows = 0;
  try {
    if (dryRun) begin(services);
    for await (const row of readable(source.rows, file, () => (dryRun ? 0 : committedRows))) {
      counts.rows += 1;
      if (row.skip !== undefined) {
        counts.skipped += 1;
        if (skippedRows.length < REPORT_LIST_LIMIT)
          skippedRows.push({ line: row.line, reason: row.skip });
      } else {
        translated(() => write(row));
      }
      if (counts.rows % PROGRESS_EVERY === 0)
        options.onProgress?.(counts.rows, source.estimatedRows);
    }
    if (batchRows > 0) translated(commitBatch);
    options.onProgress?.(counts.rows, counts.rows);

    if (counts.rows === counts.skipped) {
      throw unrecognised(
        file,
        counts.rows === 0
          ? `it has a ${source.format} header but no rows below it`
          : `none of its ${counts.rows} rows holds a contact (${skippedRows[0]?.reason ?? 'skipped'})`,
      );
    }

    const report: ImportReport = {
      file,
      format: source.format,
      encoding: source.encoding,
      delimiter: source.delimiter,
      versions: [...source.versions].sort(),
      member: member!,
      dryRun,
      ...counts,
      relationshipsCreated: writer!.relationshipsCreated,
      skippedRows,
      possibleDuplicates,
      possibleDuplicateCount,
    };
    // One event per import that changed something; a re-import that changed nothing leaves no trace.
    if (changed) {
      store.write(() =>
        appendEvent(store.db, now, {
          actor: options.actor ?? { kind: 'system', name: 'import' },
          action: 'contacts.imported',
          entityType: 'member',
          entityId: report.member.id,
          data: {
            file: basename(file),
            format: report.format,
            rows: report.rows,
            created: report.created,
            merged: report.merged,
            unchanged: report.unchanged,
            skipped: report.skipped,
            possibleDuplicates: report.possibleDuplicateCount,
            relationshipsCreated: report.relationshipsCreated,
          },
        }),
      );
    }
    return report;
  } finally {
    // A failed batch (or a dry run's outer transaction) is rolled back whole.
    if (store.db.inTransaction) store.db.exec('ROLLBACK');
    // The parsing thread ends with its rows; this ends it too when they were never read.
    await source.close?.();
    store.db.pragma(`cache_size = ${cacheBefore}`);
    store.db.pragma(`temp_store = ${tempBefore}`);
  }
}

/** The rows of `rows`, with a malformed CSV answered as the user's error it is (malformedCsv). */
async function* readable<T>(
  rows: AsyncIterable<T> | Iterable<T>,
  file: string,
  committed: () => number,
): AsyncGenerator<T> {
  try {
    yield* rows;
  } catch (error) {
    throw malformedCsv(error, file, committed()) ?? error;
  }
}

/**
 * csv-parse's error (a quote left open, say) as a VALIDATION_ERROR naming the file, the parser's
 * words and what is already in the store; undefined for any other error.
 */
function malformedCsv(error: unknown, file: string, committedRows: number): AppError | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('CSV_')) return undefined;
  return new AppError(
    'VALIDATION_ERROR',
    `${file} is not valid CSV: ${(error as Error).message}. ` +
      (committedRows === 0
        ? 'Nothing was imported. '
        : `The first ${committedRows} rows were imported and stay; running the import again ` +
          'skips them. ') +
      'Fix the file (a quote left open is the usual cause) and import it again.',
    { field: 'FILE' },
  );
}

/**
 * A dry run holds one outer transaction; store.write inside it becomes a savepoint (better-sqlite3
 * nests), and the ROLLBACK at the end undoes every batch.
 */
function begin(services: Services): void {
  try {
    services.store.db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    throw translateSqliteError(error, services.store.path);
  }
}

async function readImportFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'this user may not read it'
            : `it cannot be read (${code ?? 'unknown error'})`;
    throw new AppError('VALIDATION_ERROR', `Cannot import ${file}: ${why}. Check the path.`, {
      file,
    });
  }
}

function unrecognised(file: string, reason: string): AppError {
  return new AppError(
    'VALIDATION_ERROR',
    `Cannot import ${file}: ${reason}. Accepted: ${ACCEPTED_FORMATS}; name the format with ` +
      '--format linkedin|google|outlook|vcard if detection picked the wrong one.',
    { file },
  );
}
