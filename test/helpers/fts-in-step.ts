/**
 * A check that contacts_fts and warmth are in step with contacts: FTS5's integrity
 * check, one key per contact, warmth equal to a rebuild, and every word found exactly where a
 * fresh index of the contacts as they are finds it (and, optionally, with the same bm25).
 */
import { expect } from 'vitest';

import { FTS_KEY_SPAN, ftsKey, WARMTH_REBUILD_SQL } from '../../src/store/schema.ts';
import Database, { type Db } from './sqlite.ts';

export function expectDbInStep(db: Db, label: string, options = { bm25: false }): void {
  db.exec("INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 1)");
  expect(db.prepare('SELECT id, warmth FROM contacts ORDER BY id').raw().all(), label).toEqual(
    db.prepare(WARMTH_REBUILD_SQL).raw().all(),
  );
  const keys = (sql: string) => (db.prepare(sql).pluck().all() as number[]).sort((a, b) => a - b);
  expect(keys('SELECT rowid FROM contacts_fts'), label).toEqual(
    keys(`SELECT ${ftsKey('contacts')} FROM contacts`),
  );

  const ref = new Database(':memory:');
  ref.exec(
    "CREATE VIRTUAL TABLE ref USING fts5(name, title, company, tags, notes, content = '', " +
      "tokenize = 'porter unicode61 remove_diacritics 2')",
  );
  const insert = ref.prepare(
    'INSERT INTO ref (rowid, name, title, company, tags, notes) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const row of db
    .prepare('SELECT rowid, name, title, company, tags, notes FROM contacts')
    .raw()
    .all() as unknown[][]) {
    insert.run(...row);
  }
  ref.exec("CREATE VIRTUAL TABLE refv USING fts5vocab('ref', 'row')");
  db.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.storev USING fts5vocab(main, 'contacts_fts', 'row')",
  );
  const terms = new Set([
    ...(ref.prepare('SELECT term FROM refv').pluck().all() as string[]),
    ...(db.prepare('SELECT term FROM temp.storev').pluck().all() as string[]),
  ]);
  // bm25 as well as the rowids: an entry indexed twice under one key still finds one row, but
  // counts its words twice.
  const inStore = db.prepare(
    `SELECT rowid % ${FTS_KEY_SPAN}, round(bm25(contacts_fts, 2.0, 4.0, 3.0, 3.0, 1.0), 9) ` +
      'FROM contacts_fts WHERE contacts_fts MATCH ? ORDER BY 1',
  );
  const inRef = ref.prepare(
    'SELECT rowid, round(bm25(ref, 2.0, 4.0, 3.0, 3.0, 1.0), 9) FROM ref WHERE ref MATCH ? ORDER BY 1',
  );
  const wrong: string[] = [];
  for (const term of terms) {
    const match = `"${term.replaceAll('"', '""')}"`;
    const rows = (statement: ReturnType<Db['prepare']>) =>
      (statement.raw().all(match) as [number, number][]).map((row) =>
        options.bm25 ? row : row[0],
      );
    const got = rows(inStore);
    const want = rows(inRef);
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(term);
  }
  ref.close();
  expect(wrong, `${label}: words the index finds wrongly`).toEqual([]);
}

export function expectInStep(
  services: { store: { db: Db } },
  label: string,
  options = { bm25: false },
): void {
  expectDbInStep(services.store.db, label, options);
}
