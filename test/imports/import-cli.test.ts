/**
 * `agentintros import` through the built CLI (run `npm run build` first): exit codes, messages on
 * stderr, --json on stdout, --dry-run.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCli } from '../helpers/cli.ts';
import { tempDbPath, tempDir } from '../helpers/store.ts';
import { OWN_FIXTURES } from './support.ts';

const FORMATS = /LinkedIn Connections\.csv, Google Contacts CSV, Outlook CSV, or vCard/;

describe('agentintros import', () => {
  it('imports a file and prints the report as JSON for scripts', () => {
    const db = tempDbPath();
    const result = runCli(['import', join(OWN_FIXTURES, 'linkedin-connections.csv'), '--json'], {
      db,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      format: 'linkedin',
      rows: 10,
      created: 7,
      merged: 1,
      skipped: 2,
    });
    expect(report.skippedRows).toEqual([
      { line: 8, reason: 'empty row' },
      { line: 12, reason: 'empty row' },
    ]);

    const again = JSON.parse(
      runCli(['import', join(OWN_FIXTURES, 'linkedin-connections.csv'), '--json'], { db }).stdout,
    );
    expect(again).toMatchObject({ created: 0, merged: 0, unchanged: 8 });
  });

  it('prints a human report and writes nothing on --dry-run', () => {
    const db = tempDbPath();
    const file = join(OWN_FIXTURES, 'contacts-v3.vcf');
    const dry = runCli(['import', file, '--dry-run', '--member', 'Priya Raman'], { db });
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Would import');
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    const real = runCli(['import', file, '--json'], { db });
    expect(JSON.parse(real.stdout)).toMatchObject({ created: 4, member: { id: 'mb_me' } });
  });

  it('creates no store, and no folder for it, on a --dry-run where none exists yet', () => {
    const folder = join(tempDir(), 'not', 'yet');
    const db = join(folder, 'agentintros.db');
    const file = join(OWN_FIXTURES, 'contacts-v3.vcf');
    const dry = runCli(['import', file, '--dry-run', '--json'], { db });
    expect(dry.status).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, created: 4 });
    expect(existsSync(join(folder, '..'))).toBe(false);
    const real = runCli(['import', file, '--json'], { db });
    expect(JSON.parse(real.stdout)).toMatchObject({ dryRun: false, created: 4 });
    expect(existsSync(db)).toBe(true);
  });

  const refusals: [string, string | Buffer, RegExp][] = [
    ['an empty file', '', /is empty/],
    [
      'a binary file',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]),
      /binary/,
    ],
    ['a LinkedIn preamble with no rows', 'Notes:\n"Nothing to see."\n\n', /no line looks like/],
    ['a CSV with an unknown header', 'id,amount\n1,2\n', /no line looks like a header/],
  ];
  for (const [what, content, reason] of refusals) {
    it(`exits 1 on ${what}, naming the file and the accepted formats`, () => {
      const file = join(tempDir(), 'export.csv');
      writeFileSync(file, content);
      const result = runCli(['import', file], { db: tempDbPath() });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^VALIDATION_ERROR: Cannot import /);
      expect(result.stderr).toContain(file);
      expect(result.stderr).toMatch(reason);
      expect(result.stderr).toMatch(FORMATS);
    });
  }

  it('exits 1 naming the path of a missing file', () => {
    const file = join(tempDir(), 'missing.csv');
    const result = runCli(['import', file], { db: tempDbPath() });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}: there is no such file`);
  });

  it('exits 2 on an unknown --format', () => {
    const result = runCli(['import', join(OWN_FIXTURES, 'contacts-v3.vcf'), '--format', 'xls'], {
      db: tempDbPath(),
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/linkedin, google, outlook, vcard/);
  });
});
