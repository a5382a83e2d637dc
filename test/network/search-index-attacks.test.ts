/**
 * Ways the OLD values handed to FTS5's 'delete' could differ from what
 * contacts_fts indexed (merges across and within batches, Unicode, long notes, rolled-back
 * batches, warm contacts merged by an import), each checked word by word with bm25.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { Services } from '../../src/domain/services.ts';
import { importFile } from '../../src/imports/import-file.ts';
import { RelationshipRows } from '../../src/store/relationships.ts';
import { OWNER_MEMBER_ID } from '../../src/store/schema.ts';
import { expectInStep } from '../helpers/fts-in-step.ts';
import { openTestServices, tempDir, testClock } from '../helpers/store.ts';
import { PERSON } from '../intros/seed.ts';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');
const BM25 = { bm25: true };
const GOOGLE =
  'First Name,Last Name,Organization Name,Organization Title,Notes,Labels,E-mail 1 - Value';
const LINKEDIN = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On';

const csvField = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** LinkedIn rows of `count` people with a name and an e-mail at `domain`, nothing more. */
function plainPeople(count: number, domain: string): string[][] {
  return Array.from({ length: count }, (_, n) => [
    `Al${n}`,
    `B${n}`,
    '',
    `q${n}@${domain}`,
    '',
    '',
    '',
  ]);
}

function file(dir: string, name: string, header: string, rows: string[][]): string {
  const path = join(dir, name);
  writeFileSync(path, [header, ...rows.map((row) => row.map(csvField).join(','))].join('\n'));
  return path;
}

/** First names that stress the tokenizer: NFD, emoji, RTL, CJK, a zero-width joiner. */
const NAMES = [
  'Zoe\u0301',
  'Zo\u00e9',
  'Ren\u00e9e',
  '\u{1F600}Smile',
  '\u05E9\u05DC\u05D5\u05DD',
  '\u0645\u0631\u062D\u0628\u0627',
  '\u5F20\u4F1F',
  'A\u200DB',
  'O\u2019Brien',
];

const warm = (services: Services, n: number) => {
  const ids = services.store.db
    .prepare('SELECT id FROM contacts ORDER BY rowid LIMIT ?')
    .pluck()
    .all(n) as string[];
  ids.forEach((id, k) => services.contacts.set(id, { strength: 1 + (k % 5) }, PERSON));
  ids.forEach((id) =>
    services.contacts.addInteraction(
      { contactId: id, kind: 'call', direction: 'mutual', at: NOW - 86_400_000 },
      PERSON,
    ),
  );
};

describe('contacts_fts after imports that merge text into indexed contacts', () => {
  it('stays in step when one contact is merged several times in one batch and across batches', async () => {
    const dir = tempDir();
    const { services } = openTestServices({ clock: testClock(NOW) });
    const people = Array.from({ length: 60 }, (_, n) => n);
    const base = file(
      dir,
      'base.csv',
      LINKEDIN,
      people.map((n) => [
        NAMES[n % NAMES.length]!,
        `Person${n}`,
        '',
        `p${n}@example.com`,
        n % 3 === 0 ? '' : `Walrus ${n % 7}`,
        n % 4 === 0 ? '' : `keeper level${n % 5}`,
        '01 Jan 2020',
      ]),
    );
    await importFile(services, base, { batchSize: 7 });
    expectInStep(services, 'after the base import', BM25);
    warm(services, 25);
    expectInStep(services, 'after ratings', BM25);

    // Each person three times: adjacent rows (one batch) and far apart (later batches), each
    // time with other notes and labels, and a title/company that fills a blank.
    const longNote = 'lorem ipsum dolor '.repeat(20_000) + '\u{1F680} end';
    const rows: string[][] = [];
    for (const round of [0, 1, 2]) {
      for (const n of [...people, 60, 61, 62]) {
        const row = [
          NAMES[n % NAMES.length]!,
          `Person${n}`,
          `Yak ${round} \u05D0\u05D1`,
          `tamer r${round} Caf\u0065\u0301`,
          n === 5 && round === 1 ? longNote : `note${round} for ${n} na\u00efve \u{1F9E1}`,
          `* myContacts ::: Tag${round} ::: TAG${round} ::: t\u00e4g${n % 3}`,
          `p${n}@example.com`,
        ];
        rows.push(row);
        if (round === 0 && n % 2 === 0)
          rows.push([...row.slice(0, 4), `again ${n}`, 'Again', row[6]!]);
      }
    }
    const merges = file(dir, 'merges.csv', GOOGLE, rows);
    for (const batchSize of [1, 4, 50, 5000]) {
      const { services: fresh } = openTestServices({ clock: testClock(NOW) });
      await importFile(fresh, base, { batchSize: 7 });
      warm(fresh, 25);
      const report = await importFile(fresh, merges, { batchSize });
      expect(report.merged).toBeGreaterThan(100);
      expectInStep(fresh, `after merging in batches of ${batchSize}`, BM25);
      // The same again: every row is seen, nothing changes.
      await importFile(fresh, merges, { batchSize });
      warm(fresh, 40);
      expectInStep(fresh, `after re-importing and more ratings, batches of ${batchSize}`, BM25);
    }
  }, 60_000);

  it('stays in step when a batch that merged into indexed contacts rolls back', async () => {
    const dir = tempDir();
    const { services } = openTestServices({ clock: testClock(NOW) });
    const base = file(dir, 'base.csv', LINKEDIN, plainPeople(30, 'example.com'));
    await importFile(services, base, { batchSize: 10 });
    warm(services, 10);
    const good = Array.from({ length: 30 }, (_, n) =>
      [
        `Al${n}`,
        `B${n}`,
        `Co${n}`,
        `Ti${n}`,
        `zebra${n}`,
        `* myContacts ::: x${n}`,
        `q${n}@example.com`,
      ]
        .map(csvField)
        .join(','),
    );
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, [GOOGLE, ...good, '"Open,quote'].join('\n'));
    await expect(importFile(services, broken, { batchSize: 1000 })).rejects.toThrow(/valid CSV/);
    expectInStep(services, 'after a rolled-back merging batch', BM25);
    await expect(importFile(services, broken, { batchSize: 7 })).rejects.toThrow(/valid CSV/);
    expectInStep(services, 'after a partly committed merging import', BM25);
    await importFile(services, broken, { batchSize: 7, dryRun: true }).catch(() => undefined);
    expectInStep(services, 'after a dry run', BM25);
  });
});

describe('contacts_fts when warmth and text change together', () => {
  it('stays in step when text and warmth change in one transaction, several times', async () => {
    const dir = tempDir();
    const { services } = openTestServices({ clock: testClock(NOW) });
    const base = file(dir, 'base.csv', LINKEDIN, plainPeople(8, 'x.example'));
    await importFile(services, base, { batchSize: 3 });
    const { db } = services.store;
    const ids = db.prepare('SELECT id FROM contacts ORDER BY rowid').pluck().all() as string[];
    const rows = new RelationshipRows(db);
    services.store.write(() => {
      for (const [k, id] of ids.entries()) {
        db.prepare("UPDATE contacts SET notes = 'first words', tags = '[\"a\"]' WHERE id = ?").run(
          id,
        );
        rows.ensure(OWNER_MEMBER_ID, id, NOW);
        rows.setRating(OWNER_MEMBER_ID, id, 1 + (k % 5), NOW);
        db.prepare("UPDATE contacts SET notes = NULL, title = '' WHERE id = ?").run(id);
        rows.setRating(OWNER_MEMBER_ID, id, 5 - (k % 5), NOW);
        db.prepare("UPDATE contacts SET notes = 'last words \u{1F600}' WHERE id = ?").run(id);
      }
    });
    expectInStep(services, 'after mixed text and warmth updates', BM25);
  });

  it('stays in step when another connection rates contacts between the batches that merge them', async () => {
    const dir = tempDir();
    const { services, path } = openTestServices({ clock: testClock(NOW) });
    const people = Array.from({ length: 1000 }, (_, n) => n);
    const base = file(
      dir,
      'base.csv',
      LINKEDIN,
      people.map((n) => [`Al${n}`, `B${n}`, '', `q${n}@x.example`, '', '', '']),
    );
    await importFile(services, base, { batchSize: 500 });
    const other = openTestServices({ clock: testClock(NOW), path }).services;
    const merges = file(
      dir,
      'merges.csv',
      GOOGLE,
      people.map((n) => [`Al${n}`, `B${n}`, `Co${n}`, `Ti${n}`, `n${n}`, 'x', `q${n}@x.example`]),
    );
    const idOf = other.store.db.prepare('SELECT contact_id FROM contact_emails WHERE email = ?');
    await importFile(services, merges, {
      batchSize: 1,
      onProgress: (rows) => {
        // Called at row 500: the rows after it are rated by "another process" before they merge.
        for (let n = rows; n < Math.min(1000, rows + 500); n += 1) {
          const id = idOf.pluck().get(`q${n}@x.example`) as string;
          other.contacts.set(id, { strength: 1 + (n % 5) }, PERSON);
        }
      },
    });
    const warmCount = services.store.db
      .prepare('SELECT count(*) FROM contacts WHERE warmth > 30')
      .pluck()
      .get();
    expect(warmCount).toBeGreaterThan(300);
    expectInStep(services, 'after merges interleaved with ratings', BM25);
  });
});
