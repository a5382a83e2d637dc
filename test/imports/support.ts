/**
 * Shared by the import tests: the fixture folders, and store figures read straight from SQL.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Services } from '../../src/domain/services.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const OWN_FIXTURES = join(REPO_ROOT, 'test/fixtures/imports');
export const SHARED_FIXTURES = resolve(REPO_ROOT, '../shared/fixtures');
export const HAVE_SHARED_FIXTURES = existsSync(join(SHARED_FIXTURES, 'expected.json'));

export interface StoreFigures {
  contacts: number;
  emails: number;
  relationships: number;
  importRows: number;
  events: number;
}

export function figures(services: Services): StoreFigures {
  const count = (table: string) =>
    (services.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    contacts: count('contacts'),
    emails: count('contact_emails'),
    relationships: count('relationships'),
    importRows: count('import_rows'),
    events: count('events'),
  };
}

export function contactByName(services: Services, name: string) {
  return services.store.db.prepare('SELECT * FROM contacts WHERE name = ?').get(name) as
    Record<string, any> | undefined;
}

export function emailsOf(services: Services, contactId: string): string[] {
  return (
    services.store.db
      .prepare('SELECT email FROM contact_emails WHERE contact_id = ? ORDER BY position')
      .all(contactId) as { email: string }[]
  ).map((row) => row.email);
}
