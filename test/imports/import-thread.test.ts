/**
 * Large files through the built CLI (run `npm run build` first), where rows are read on the
 * parsing thread: the same report and store as reading them on the importing thread.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { importFile } from '../../src/imports/import-file.ts';
import { writeLinkedInCsv } from '../bench/linkedin-generator.ts';
import { runCli } from '../helpers/cli.ts';
import Database from '../helpers/sqlite.ts';
import { openTestServices, tempDbPath, tempDir } from '../helpers/store.ts';

/** Over the 1 MiB from which the CLI reads on the parsing thread. */
const ROWS = 12_000;

function storeFigures(db: string) {
  const sqlite = new Database(db, { readonly: true });
  try {
    const count = (sql: string) => (sqlite.prepare(sql).pluck().get() as number) ?? 0;
    return {
      contacts: count('SELECT count(*) FROM contacts'),
      emails: count('SELECT count(*) FROM contact_emails'),
      relationships: count('SELECT count(*) FROM relationships'),
      importRows: count('SELECT count(*) FROM import_rows'),
      indexed: count("SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH 'payments'"),
    };
  } finally {
    sqlite.close();
  }
}

function largeFile(): string {
  const file = join(tempDir(), 'connections.csv');
  writeLinkedInCsv(file, ROWS);
  return file;
}

describe('agentintros import of a large file', () => {
  it('reports and stores what an import on one thread does, and a re-import changes nothing', async () => {
    const file = largeFile();
    const { services } = openTestServices();
    const inThread = await importFile(services, file);
    const db = tempDbPath();
    const result = runCli(['import', file, '--json'], { db });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    for (const key of ['rows', 'created', 'merged', 'unchanged', 'skipped'] as const) {
      expect(report[key]).toBe(inThread[key]);
    }
    expect(report.possibleDuplicateCount).toBe(inThread.possibleDuplicateCount);
    expect(report.skippedRows).toEqual(inThread.skippedRows);
    const pick = (list: typeof inThread.possibleDuplicates) =>
      list.map((dup) => [dup.line, dup.reason]);
    expect(pick(report.possibleDuplicates)).toEqual(pick(inThread.possibleDuplicates));
    const figures = storeFigures(db);
    expect(figures).toMatchObject({
      contacts: inThread.created,
      relationships: inThread.created,
      importRows: inThread.created,
    });
    expect(figures.indexed).toBeGreaterThan(0);

    const again = JSON.parse(runCli(['import', file, '--json'], { db }).stdout);
    expect(again).toMatchObject({ created: 0, merged: 0, unchanged: inThread.created });
    expect(storeFigures(db)).toEqual(figures);
  });

  it('writes nothing on --dry-run', () => {
    // An existing store: a dry run where there is none reads against an empty scratch one.
    const { store } = openTestServices();
    const db = store.path;
    store.close();
    const dry = runCli(['import', largeFile(), '--dry-run', '--json'], { db });
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, rows: ROWS });
    expect(storeFigures(db)).toMatchObject({ contacts: 0, importRows: 0 });
  });

  it('exits 1 on a large file of no known format, naming the accepted formats', () => {
    const other = join(tempDir(), 'other.csv');
    writeFileSync(other, 'a,b,c\n' + '1,2,3\n'.repeat(200_000));
    const result = runCli(['import', other], { db: tempDbPath() });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^VALIDATION_ERROR: Cannot import .*other\.csv: no line looks like/,
    );
    expect(result.stderr).toMatch(/LinkedIn Connections\.csv, Google Contacts CSV/);
  });

  it('exits 1 on a quote left open, naming the file and keeping the rows before it', () => {
    const file = largeFile();
    writeFileSync(file, readFileSync(file, 'utf8') + 'Ana,Open,,,"Acme,CEO,01 Jan 2020\n');
    const db = tempDbPath();
    const result = runCli(['import', file], { db });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^VALIDATION_ERROR: .*connections\.csv is not valid CSV: Quote/);
    expect(result.stderr).toMatch(/Fix the file/);
    // Whatever was committed before the bad line stays, and is what the message says it is.
    const kept = storeFigures(db).contacts;
    if (kept === 0) expect(result.stderr).toMatch(/Nothing was imported/);
    else expect(result.stderr).toMatch(/rows were imported and stay/);
  });
});
