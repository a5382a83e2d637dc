/**
 * The shared fixtures beside the repository (../shared/fixtures), when they are there. A fresh
 * clone has no such folder; the project's own fixtures cover the same shapes unconditionally.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { importFile } from '../../src/imports/import-file.ts';
import { openTestServices } from '../helpers/store.ts';
import { figures, HAVE_SHARED_FIXTURES, SHARED_FIXTURES } from './support.ts';

if (!HAVE_SHARED_FIXTURES) {
  console.warn(
    `[imports] skipped the shared-fixture tests: ${SHARED_FIXTURES} does not exist ` +
      '(the project fixtures in test/fixtures/imports still ran).',
  );
}

const LINKEDIN = 'linkedin-Connections.csv';
const FILES = [
  LINKEDIN,
  'google-contacts.csv',
  'outlook-contacts.csv',
  'contacts-v3.vcf',
  'contacts-v4.vcf',
  'contacts-v21.vcf',
];

describe.skipIf(!HAVE_SHARED_FIXTURES)(`importFile on ${SHARED_FIXTURES}`, () => {
  const expected = HAVE_SHARED_FIXTURES
    ? (JSON.parse(readFileSync(join(SHARED_FIXTURES, 'expected.json'), 'utf8')) as Record<
        string,
        Record<string, any>
      >)
    : {};
  const path = (name: string) => join(SHARED_FIXTURES, name);

  for (const name of FILES) {
    it(`imports ${name} alone with the expected figures`, async () => {
      const want = expected[name]!;
      const { services } = openTestServices();
      const report = await importFile(services, path(name));
      expect(report.format).toBe(want.format);
      expect(report.rows).toBe(want.rows);
      expect(report.created).toBe(want.contacts);
      expect(report.skipped).toBe(want.skipped ?? 0);
      if (want.version) expect(report.versions).toEqual([want.version]);
      if (want.encoding) expect(report.encoding).toBe(want.encoding);
      if (want.emails !== undefined) expect(figures(services).emails).toBe(want.emails);
      if (want.first) {
        const first = services.store.db
          .prepare('SELECT name FROM contacts ORDER BY rowid LIMIT 1')
          .get() as { name: string };
        expect(first.name).toBe(want.first);
      }
    });
  }

  it('merges the rows that share a profile URL with the LinkedIn file', async () => {
    for (const name of ['google-contacts.csv', 'contacts-v3.vcf', 'contacts-v4.vcf']) {
      const { services } = openTestServices();
      await importFile(services, path(LINKEDIN));
      const report = await importFile(services, path(name));
      expect(report.merged, name).toBe(expected[name]!.sameAsLinkedinRows);
    }
  });

  it('merges the 4.0 cards that repeat a 3.0 card', async () => {
    const { services } = openTestServices();
    await importFile(services, path('contacts-v3.vcf'));
    const report = await importFile(services, path('contacts-v4.vcf'));
    expect(report.merged).toBe(expected['contacts-v4.vcf']!.sameAsEarlierCards);
  });

  it('ends with allTogether contacts in two different orders, and a re-import changes nothing', async () => {
    for (const order of [FILES, [...FILES].reverse()]) {
      const { services } = openTestServices();
      for (const name of order) await importFile(services, path(name));
      const after = figures(services);
      expect(after.contacts).toBe(expected.allTogether!.contacts);
      for (const name of order) await importFile(services, path(name));
      expect(figures(services)).toEqual(after);
    }
  });
});
