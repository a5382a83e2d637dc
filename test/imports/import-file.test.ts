import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { Services } from '../../src/domain/services.ts';
import { importFile } from '../../src/imports/import-file.ts';
import { ftsKey, rowidOfKey } from '../../src/store/schema.ts';
import Database from '../helpers/sqlite.ts';
import { openTestServices, tempDir } from '../helpers/store.ts';
import { contactByName, emailsOf, figures, OWN_FIXTURES } from './support.ts';

const expected = JSON.parse(readFileSync(join(OWN_FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  Record<string, any>
>;
const fixture = (name: string) => join(OWN_FIXTURES, name);
const ALL = [
  'linkedin-connections.csv',
  'google-contacts.csv',
  'google-legacy.csv',
  'outlook-contacts.csv',
  'contacts-v3.vcf',
  'contacts-v4.vcf',
  'contacts-v21.vcf',
];

describe('importFile on the project fixtures', () => {
  for (const name of Object.keys(expected).filter((key) => key !== 'allTogether')) {
    const want = expected[name]!;
    it(`imports ${name} into an empty store with the expected figures`, async () => {
      const { services } = openTestServices();
      const report = await importFile(services, fixture(name));
      expect(report.format).toBe(want.format);
      expect(report.rows).toBe(want.rows);
      expect(report.created).toBe(want.contacts);
      expect(report.skipped).toBe(want.skipped);
      if (want.merged !== undefined) expect(report.merged).toBe(want.merged);
      if (want.skippedLines)
        expect(report.skippedRows.map((row) => row.line)).toEqual(want.skippedLines);
      if (want.delimiter) expect(report.delimiter).toBe(want.delimiter);
      if (want.encoding) expect(report.encoding).toBe(want.encoding);
      if (want.version) expect(report.versions).toEqual([want.version]);
      const after = figures(services);
      expect(after.contacts).toBe(want.contacts);
      expect(after.emails).toBe(want.emails);
      expect(after.relationships).toBe(want.contacts);
      if (want.first) {
        const first = services.store.db
          .prepare('SELECT name FROM contacts ORDER BY rowid LIMIT 1')
          .get() as { name: string };
        expect(first.name).toBe(want.first);
      }
    });
  }

  it('merges the Google rows whose LinkedIn URL is already known', async () => {
    const { services } = openTestServices();
    await importFile(services, fixture('linkedin-connections.csv'));
    const report = await importFile(services, fixture('google-contacts.csv'));
    expect(report.merged).toBe(expected['google-contacts.csv']!.sameAsLinkedinRows);
    expect(report.created).toBe(6 - 2);
  });

  it('merges Outlook rows into Google contacts by e-mail', async () => {
    const { services } = openTestServices();
    await importFile(services, fixture('google-contacts.csv'));
    const report = await importFile(services, fixture('outlook-contacts.csv'));
    expect(report.merged).toBe(expected['outlook-contacts.csv']!.sameAsGoogleRows);
  });

  it('merges 3.0 cards by URL into LinkedIn contacts and 4.0 cards by UID into 3.0 ones', async () => {
    const { services } = openTestServices();
    await importFile(services, fixture('linkedin-connections.csv'));
    const v3 = await importFile(services, fixture('contacts-v3.vcf'));
    expect(v3.merged).toBe(expected['contacts-v3.vcf']!.sameAsLinkedinRows);
    const v4 = await importFile(services, fixture('contacts-v4.vcf'));
    expect(v4.merged).toBe(expected['contacts-v4.vcf']!.sameAsEarlierCards);
  });

  it('ends with the same contacts whatever order the files come in', async () => {
    for (const order of [
      ALL,
      [...ALL].reverse(),
      [ALL[4]!, ALL[0]!, ALL[6]!, ALL[2]!, ALL[5]!, ALL[1]!, ALL[3]!],
    ]) {
      const { services } = openTestServices();
      for (const name of order) await importFile(services, fixture(name));
      expect(figures(services).contacts).toBe(expected.allTogether!.contacts);
    }
  });
});

describe('importFile re-imports', () => {
  it('changes no count when the same file is imported twice, rows without identifiers included', async () => {
    const { services } = openTestServices();
    for (const name of ALL) await importFile(services, fixture(name));
    const before = figures(services);
    for (const name of ALL) {
      const again = await importFile(services, fixture(name));
      expect(again.created).toBe(0);
      expect(again.merged).toBe(0);
      expect(again.unchanged).toBe(again.rows - again.skipped);
    }
    expect(figures(services)).toEqual(before);
  });

  it('recognises a row with no UID, e-mail or URL by its content', async () => {
    const { services } = openTestServices();
    await importFile(services, fixture('linkedin-connections.csv'));
    const oskar = contactByName(services, 'Oskar Brandt')!;
    expect(oskar.linkedin_url).toBeNull();
    await importFile(services, fixture('linkedin-connections.csv'));
    const all = services.store.db
      .prepare("SELECT id FROM contacts WHERE name = 'Oskar Brandt'")
      .all();
    expect(all).toEqual([{ id: oskar.id }]);
  });

  it('treats a re-saved copy with another delimiter as the same rows', async () => {
    const { services } = openTestServices();
    await importFile(services, fixture('linkedin-connections.csv'));
    const copy = await importFile(services, fixture('linkedin-semicolon.csv'));
    expect(copy.created).toBe(0);
    expect(copy.unchanged).toBe(8);
  });

  it('recognises a row repeated later in the same file, in its batch or a later one', async () => {
    const file = join(tempDir(), 'repeats.csv');
    const oskar = 'Oskar,Brandt,,,Ledgerleaf,Harpist,01 Jan 2020\n';
    writeFileSync(
      file,
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n' +
        oskar +
        oskar +
        'Bo,Brandt,,,,,01 Jan 2020\n' +
        'Cy,Dahl,,,,,01 Jan 2020\n' +
        oskar,
    );
    for (const batchSize of [2, 3, 100]) {
      const { services } = openTestServices();
      const report = await importFile(services, file, { batchSize });
      expect([report.created, report.unchanged]).toEqual([3, 2]);
      const again = await importFile(services, file, { batchSize });
      expect([again.created, again.unchanged]).toEqual([0, 5]);
    }
  });

  it('recognises a row another connection imported between two batches of this import', async () => {
    const header = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';
    const later = 'Oskar,Brandt,,,Ledgerleaf,Harpist,01 Jan 2020\n';
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    const rows = Array.from({ length: 1000 }, (_, i) => `P${i},Q${i},,,,,01 Jan 2020\n`);
    writeFileSync(file, header + rows.join('') + later);
    // The fingerprint Oskar's row gets, from an import of that row alone into another store.
    writeFileSync(join(dir, 'one.csv'), header + later);
    const other = openTestServices().services;
    await importFile(other, join(dir, 'one.csv'));
    const { fingerprint } = other.store.db
      .prepare<[], { fingerprint: string }>('SELECT fingerprint FROM import_rows')
      .get()!;

    const { services } = openTestServices();
    const elsewhere = new Database(services.store.path, { timeout: 5000 });
    let contactId = '';
    const report = await importFile(services, file, {
      batchSize: 500,
      onProgress: (read) => {
        if (read !== 500) return;
        // A delete and an insert: the count of import_rows stays what this import wrote.
        const victim = elsewhere
          .prepare<[], { fingerprint: string; contact_id: string }>(
            'SELECT fingerprint, contact_id FROM import_rows LIMIT 1',
          )
          .get()!;
        contactId = victim.contact_id;
        elsewhere.prepare('DELETE FROM import_rows WHERE fingerprint = ?').run(victim.fingerprint);
        elsewhere
          .prepare("INSERT INTO import_rows VALUES ('mb_me', 'linkedin', ?, ?)")
          .run(fingerprint, contactId);
      },
    });
    elsewhere.close();
    expect(contactId).not.toBe('');
    expect([report.created, report.unchanged]).toEqual([1000, 1]);
  });
});

describe('importFile merging', () => {
  it('fills empty fields, unions e-mails, tags and sources, and keeps what was there', async () => {
    const { services } = openTestServices();
    await importFile(services, fixture('linkedin-connections.csv'));
    const before = contactByName(services, 'Maya Lindqvist')!;
    await importFile(services, fixture('google-contacts.csv'));
    const after = contactByName(services, 'Maya Lindqvist')!;
    expect(after.id).toBe(before.id);
    expect(after.title).toBe('General Partner');
    expect(after.notes).toContain('Led the Kelp Payments seed round.\nPrefers warm intros');
    expect(JSON.parse(after.tags)).toEqual(['Investors', 'Fintech']);
    expect(JSON.parse(after.sources)).toEqual(['linkedin', 'google']);
    expect(emailsOf(services, after.id)).toEqual([
      'maya@lindqvist.example',
      'maya@harbourlight.example',
      'maya.home@example.net',
    ]);
  });

  it('never overwrites a field that has a value', async () => {
    const { services } = openTestServices();
    const dir = tempDir();
    const first = join(dir, 'first.csv');
    const second = join(dir, 'second.csv');
    const header = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';
    writeFileSync(
      first,
      header + 'Ana,Lupu,https://www.linkedin.com/in/ana-lupu,,Old Co,CFO,01 Jan 2020\n',
    );
    writeFileSync(
      second,
      header +
        'Ana,Lupu,https://www.linkedin.com/in/ana-lupu,ana@new.example,New Co,CEO,02 Jan 2021\n',
    );
    await importFile(services, first);
    const report = await importFile(services, second);
    expect(report.merged).toBe(1);
    const ana = contactByName(services, 'Ana Lupu')!;
    expect([ana.company, ana.title]).toEqual(['Old Co', 'CFO']);
    expect(emailsOf(services, ana.id)).toEqual(['ana@new.example']);
    const rel = services.store.db
      .prepare('SELECT connected_on FROM relationships WHERE contact_id = ?')
      .get(ana.id) as { connected_on: number };
    expect(rel.connected_on).toBe(Date.UTC(2020, 0, 1));
  });

  it('refuses a quote left open as VALIDATION_ERROR naming the file, importing nothing', async () => {
    const { services } = openTestServices();
    const file = join(tempDir(), 'open-quote.csv');
    writeFileSync(
      file,
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n' +
        'Ana,Open,,,"Acme,CEO,01 Jan 2020\nBo,Next,,,X,Y,01 Jan 2020\n',
    );
    const error = await importFile(services, file).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((error as Error).message).toMatch(/open-quote\.csv is not valid CSV: Quote Not Closed/);
    expect((error as Error).message).toMatch(/Nothing was imported/);
    expect(services.store.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(0);
  });

  it('lists same name and company as a possible duplicate without merging', async () => {
    const { services } = openTestServices();
    const file = join(tempDir(), 'twins.csv');
    writeFileSync(
      file,
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n' +
        'Sam,Okoro,https://www.linkedin.com/in/sam-okoro-1,,Brightwave,CTO,01 Jan 2020\n' +
        'Sam,Okoro,https://www.linkedin.com/in/sam-okoro-2,,brightwave,VP,01 Jan 2021\n',
    );
    const report = await importFile(services, file);
    expect(report.created).toBe(2);
    expect(report.possibleDuplicateCount).toBe(1);
    expect(report.possibleDuplicates[0]).toMatchObject({
      line: 3,
      name: 'Sam Okoro',
      reason: 'same name and company',
    });
  });
});

describe('importFile dedupe without a lookup per row', () => {
  const header = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';
  const write = (text: string) => {
    const file = join(tempDir(), 'rows.csv');
    writeFileSync(file, header + text);
    return file;
  };
  const sameNameOthers = (report: {
    possibleDuplicates: { line: number; otherContactId: string }[];
  }) => report.possibleDuplicates.map((dup) => [dup.line, dup.otherContactId]);

  it('merges into contacts another connection added between two batches, by URL and e-mail', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => `P${i},Q${i},,,,,01 Jan 2020\n`);
    rows[550] = 'Ana,Late,https://www.linkedin.com/in/ana-late,,,,01 Jan 2020\n';
    rows[551] = 'Bo,Late,,bo@late.example,,,01 Jan 2020\n';
    const file = write(rows.join(''));
    const { services } = openTestServices();
    const elsewhere = new Database(services.store.path, { timeout: 5000 });
    const report = await importFile(services, file, {
      batchSize: 500,
      onProgress: (read) => {
        if (read !== 500) return;
        elsewhere.exec(
          "INSERT INTO contacts (id, name, linkedin_url, linkedin_key, created_at, updated_at) VALUES ('ct_ana', 'Ana Late', 'https://www.linkedin.com/in/ana-late', 'linkedin.com/in/ana-late', 0, 0);" +
            "INSERT INTO contacts (id, name, created_at, updated_at) VALUES ('ct_bo', 'Bo Late', 0, 0);" +
            "INSERT INTO contact_emails (email_key, contact_id, email) VALUES ('bo@late.example', 'ct_bo', 'bo@late.example');",
        );
      },
    });
    elsewhere.close();
    expect([report.created, report.merged]).toEqual([598, 2]);
  });

  it('lists the first three earlier contacts with the same name and company, stored or new', async () => {
    const { services } = openTestServices();
    const sam = (i: number, company: string) =>
      `Sam,Okoro,https://www.linkedin.com/in/sam-okoro-${i},,${company},CTO,01 Jan 2020\n`;
    const first = await importFile(services, write(sam(1, 'Brightwave') + sam(2, 'Kelp')));
    expect(first.possibleDuplicateCount).toBe(0);
    const ids = services.store.db
      .prepare('SELECT id FROM contacts ORDER BY rowid')
      .pluck()
      .all() as string[];
    const report = await importFile(
      services,
      write(
        sam(3, 'BRIGHTWAVE') +
          sam(4, 'brightwave') +
          sam(5, 'Brightwave') +
          sam(6, 'Brightwave') +
          sam(7, 'Nordlicht') +
          sam(8, 'nordlicht'),
      ),
    );
    const created = (
      services.store.db.prepare('SELECT id FROM contacts ORDER BY rowid').pluck().all() as string[]
    ).slice(2);
    expect(sameNameOthers(report)).toEqual([
      [2, ids[0]],
      [3, ids[0]],
      [3, created[0]],
      [4, ids[0]],
      [4, created[0]],
      [4, created[1]],
      [5, ids[0]],
      [5, created[0]],
      [5, created[1]],
      [7, created[4]],
    ]);
  });

  it('lists a contact under the company a merge gave it, not the one it had', async () => {
    const { services } = openTestServices();
    const report = await importFile(
      services,
      write(
        'Sam,Okoro,https://www.linkedin.com/in/sam-1,,,CTO,\n' +
          'Sam,Okoro,,,,,\n' +
          'Sam,Okoro,https://www.linkedin.com/in/sam-1,,Kelp,CTO,\n' +
          'Sam,Okoro,https://www.linkedin.com/in/sam-2,,Kelp,,\n' +
          'Sam,Okoro,https://www.linkedin.com/in/sam-3,,,,\n',
      ),
    );
    const ids = services.store.db
      .prepare('SELECT id FROM contacts ORDER BY rowid')
      .pluck()
      .all() as string[];
    expect(report.merged).toBe(1);
    expect(sameNameOthers(report)).toEqual([
      [3, ids[0]],
      [5, ids[0]],
      [6, ids[1]],
    ]);
  });

  it('folds only A-Z when comparing names, as SQLite NOCASE does', async () => {
    const { services } = openTestServices();
    const report = await importFile(
      services,
      write('Émile,Zola,,,Acme,,\némile,zola,,,Acme,,\nEMILE,ZOLA,,,ACME,,\nemile,zola,,,acme,,\n'),
    );
    expect(report.created).toBe(4);
    expect(report.possibleDuplicates.map((dup) => dup.line)).toEqual([5]);
  });
});

describe('importFile search index', () => {
  const matches = (services: Services, query: string) =>
    (
      services.store.db
        .prepare(
          'SELECT c.name FROM contacts_fts JOIN contacts c ' +
            `ON c.rowid = ${rowidOfKey('contacts_fts.rowid')} ` +
            'WHERE contacts_fts MATCH ? ORDER BY c.name',
        )
        .all(query) as { name: string }[]
    ).map((row) => row.name);
  /** FTS5's own check, and exactly one index row per contact, under its current key. */
  const integrityCheck = (services: Services) => {
    const { db } = services.store;
    db.exec("INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 1)");
    const keys = (sql: string) => (db.prepare(sql).pluck().all() as number[]).sort((a, b) => a - b);
    expect(keys('SELECT rowid FROM contacts_fts')).toEqual(
      keys(`SELECT ${ftsKey('contacts')} FROM contacts`),
    );
  };

  it('indexes contacts created and merged in one batch, across batches and across imports', async () => {
    const { services } = openTestServices();
    const file = join(tempDir(), 'twice.csv');
    const header = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';
    writeFileSync(
      file,
      header +
        'Ana,Lupu,https://www.linkedin.com/in/ana-lupu,,,,01 Jan 2020\n' +
        'Ana,Lupu,https://www.linkedin.com/in/ana-lupu,,Quillstone,Cartographer,01 Jan 2020\n' +
        'Bo,Brandt,https://www.linkedin.com/in/bo-brandt,,,,01 Jan 2020\n' +
        'Cy,Dahl,https://www.linkedin.com/in/cy-dahl,,,,01 Jan 2020\n' +
        'Bo,Brandt,https://www.linkedin.com/in/bo-brandt,,Ledgerleaf,Harpist,01 Jan 2020\n',
    );
    const report = await importFile(services, file, { batchSize: 3 });
    expect([report.created, report.merged]).toEqual([3, 2]);
    await importFile(services, fixture('linkedin-connections.csv'), { batchSize: 2 });
    await importFile(services, fixture('google-contacts.csv'), { batchSize: 2 });
    integrityCheck(services);
    expect(matches(services, 'cartographer')).toEqual(['Ana Lupu']);
    expect(matches(services, 'harpist ledgerleaf')).toEqual(['Bo Brandt']);
    expect(matches(services, 'cy')).toEqual(['Cy Dahl']);
    expect(matches(services, 'Maya')).toEqual(['Maya Lindqvist']);
    expect(matches(services, 'Investors')).toContain('Maya Lindqvist');
  });

  function ftsTriggers(services: Services): string[] {
    return services.store.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'contacts_fts_%' " +
          'ORDER BY name',
      )
      .pluck()
      .all() as string[];
  }

  it('leaves the triggers indexing contacts written after the import', async () => {
    const { services } = openTestServices();
    await importFile(services, fixture('linkedin-connections.csv'));
    services.store.db
      .prepare(
        "INSERT INTO contacts (id, name, title, created_at, updated_at) VALUES ('ct_x', 'Zed Ueda', 'Falconer', 1, 1)",
      )
      .run();
    services.store.db.prepare("UPDATE contacts SET title = 'Glassblower' WHERE id = 'ct_x'").run();
    integrityCheck(services);
    expect(matches(services, 'glassblower')).toEqual(['Zed Ueda']);
    expect(matches(services, 'falconer')).toEqual([]);
    expect(ftsTriggers(services)).toEqual([
      'contacts_fts_delete',
      'contacts_fts_insert',
      'contacts_fts_update',
    ]);
  });

  it('keeps the triggers when a batch fails and rolls back', async () => {
    const { services } = openTestServices();
    services.store.db.exec(
      "CREATE TRIGGER refuse_ravi BEFORE INSERT ON contacts WHEN new.name LIKE 'Ravi%' " +
        "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
    );
    await expect(importFile(services, fixture('linkedin-connections.csv'))).rejects.toThrow();
    services.store.db.exec('DROP TRIGGER refuse_ravi');
    expect(ftsTriggers(services)).toEqual([
      'contacts_fts_delete',
      'contacts_fts_insert',
      'contacts_fts_update',
    ]);
    services.store.db
      .prepare(
        "INSERT INTO contacts (id, name, title, created_at, updated_at) VALUES ('ct_y', 'Yu Ito', 'Cooper', 1, 1)",
      )
      .run();
    expect(matches(services, 'cooper')).toEqual(['Yu Ito']);
  });

  it('leaves the index as it was after a dry run', async () => {
    const { services } = openTestServices();
    await importFile(services, fixture('linkedin-connections.csv'));
    await importFile(services, fixture('google-contacts.csv'), { dryRun: true, batchSize: 2 });
    integrityCheck(services);
    expect(matches(services, 'Investors')).toEqual([]);
  });
});

describe('importFile for a teammate', () => {
  it('creates the member, their contact, and a path me -> teammate -> their contacts', async () => {
    const { services } = openTestServices();
    const report = await importFile(services, fixture('contacts-v3.vcf'), {
      member: 'Priya Raman',
    });
    expect(report.member).toMatchObject({ name: 'Priya Raman', created: true });
    expect(report.member.id).toMatch(/^mb_/);
    const db = services.store.db;
    const member = db.prepare('SELECT * FROM members WHERE id = ?').get(report.member.id) as any;
    expect(member.contact_id).toBe(report.member.contactId);
    expect(db.prepare('SELECT name FROM contacts WHERE id = ?').get(member.contact_id)).toEqual({
      name: 'Priya Raman',
    });
    expect(
      db
        .prepare(
          "SELECT count(*) AS n FROM relationships WHERE member_id = 'mb_me' AND contact_id = ?",
        )
        .get(member.contact_id),
    ).toEqual({ n: 1 });
    expect(
      db.prepare('SELECT count(*) AS n FROM relationships WHERE member_id = ?').get(member.id),
    ).toEqual({ n: 4 });

    const again = await importFile(services, fixture('contacts-v4.vcf'), { member: 'priya raman' });
    expect(again.member).toMatchObject({ id: report.member.id, created: false });
    const spaced = await importFile(services, fixture('contacts-v21.vcf'), {
      member: ' Priya \t Raman ',
    });
    expect(spaced.member).toMatchObject({ id: report.member.id, created: false });
    expect(db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 2 });
  });

  it("adds the teammate's relationship to a contact the owner already has", async () => {
    const { services } = openTestServices();
    await importFile(services, fixture('linkedin-connections.csv'));
    const report = await importFile(services, fixture('linkedin-connections.csv'), {
      member: 'Priya Raman',
    });
    // Oskar Brandt has no UID, e-mail or URL: only a suggestion links him to the owner's row.
    expect(report.created).toBe(1);
    expect(report.merged).toBe(7);
    expect(report.possibleDuplicates).toMatchObject([{ name: 'Oskar Brandt' }]);
    const nia = contactByName(services, 'Nia Okonjo')!;
    const members = services.store.db
      .prepare('SELECT member_id FROM relationships WHERE contact_id = ? ORDER BY member_id')
      .all(nia.id);
    expect(members).toHaveLength(2);
    expect(members).toContainEqual({ member_id: report.member.id });
    expect(members).toContainEqual({ member_id: 'mb_me' });
  });
});

describe('importFile audit and dry run', () => {
  it('appends one contacts.imported event per import, with the counts', async () => {
    const { services } = openTestServices();
    await importFile(services, fixture('linkedin-connections.csv'), {
      actor: { kind: 'human', name: 'tester' },
    });
    const events = services.store.db
      .prepare("SELECT * FROM events WHERE action = 'contacts.imported'")
      .all() as any[];
    expect(events).toHaveLength(1);
    expect(events[0].entity_id).toBe('mb_me');
    expect(JSON.parse(events[0].data)).toMatchObject({
      rows: 10,
      created: 7,
      merged: 1,
      skipped: 2,
    });
  });

  it('reports what would change and writes nothing on a dry run', async () => {
    const { services } = openTestServices();
    const before = figures(services);
    const report = await importFile(services, fixture('google-contacts.csv'), {
      dryRun: true,
      member: 'Priya Raman',
    });
    expect(report.dryRun).toBe(true);
    expect(report.created).toBe(6);
    expect(figures(services)).toEqual(before);
    expect(services.store.db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 1 });
    const real = await importFile(services, fixture('google-contacts.csv'));
    expect(real.created).toBe(6);
  });
});

describe('importFile refusals', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['an empty file', '', /is empty/],
    ['a binary file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]), /binary/],
    [
      'a LinkedIn preamble with no rows',
      'Notes:\n"Some text, here."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n',
      /no rows below it/,
    ],
    ['a CSV with an unknown header', 'sku,price,qty\nA1,3.50,2\n', /no line looks like a header/],
    [
      'only empty rows',
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n,,,,,,\n',
      /none of its 1 rows/,
    ],
  ];
  for (const [what, content, reason] of cases) {
    it(`refuses ${what} with VALIDATION_ERROR naming the file and the formats`, async () => {
      const { services } = openTestServices();
      const file = join(tempDir(), 'input.csv');
      writeFileSync(file, content);
      const error = await importFile(services, file).catch((e: unknown) => e as any);
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.message).toContain(file);
      expect(error.message).toMatch(reason);
      expect(error.message).toMatch(/LinkedIn.*Google.*Outlook.*vCard/);
      expect(figures(services).contacts).toBe(0);
    });
  }

  it('names the path of a missing file', async () => {
    const { services } = openTestServices();
    const file = join(tempDir(), 'nope.csv');
    await expect(importFile(services, file)).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringContaining(`${file}: there is no such file`),
    });
  });

  it('refuses a forced format the content does not have', async () => {
    const { services } = openTestServices();
    await expect(
      importFile(services, fixture('contacts-v3.vcf'), { format: 'google' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(
      importFile(services, fixture('google-contacts.csv'), { format: 'outlook' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringMatching(/outlook header/),
    });
    const forced = await importFile(services, fixture('google-contacts.csv'), { format: 'google' });
    expect(forced.created).toBe(6);
  });
});
