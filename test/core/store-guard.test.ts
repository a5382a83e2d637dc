/**
 * Store refuses a store another process migrated further. The importer opens
 * its batches with its own BEGIN IMMEDIATE, not store.write, so the guard must hold there too.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { importFile } from '../../src/imports/import-file.ts';
import { SCHEMA_VERSION } from '../../src/store/schema.ts';
import { call, connectInMemory } from '../helpers/mcp.ts';
import Database from '../helpers/sqlite.ts';
import { openTestServices, tempDir, testClock } from '../helpers/store.ts';
import { PERSON } from '../intros/seed.ts';

const HEADER = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On';

describe('Store on a file another process migrates during an import', () => {
  it('stops the import at its next batch instead of writing on under the old schema', async () => {
    const dir = tempDir();
    const csv = join(dir, 'Connections.csv');
    writeFileSync(
      csv,
      [HEADER, ...Array.from({ length: 1200 }, (_, n) => `A${n},B${n},,a${n}@x.example,,,`)].join(
        '\n',
      ),
    );
    const { services, path } = openTestServices({ clock: testClock() });
    let upgradedAt = 0;
    const importing = importFile(services, csv, {
      batchSize: 1,
      onProgress: (rows) => {
        if (upgradedAt > 0 || rows < 500) return;
        // A newer AgentIntros migrates the file between two batches; its migration also
        // rewrote a trigger this version's importer drops and re-creates.
        const newer = new Database(path);
        newer.exec(
          'DROP TRIGGER contacts_fts_insert; CREATE TRIGGER contacts_fts_insert AFTER INSERT ' +
            'ON contacts BEGIN SELECT 1; END;',
        );
        newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
        newer.close();
        upgradedAt = rows;
      },
    });
    await expect(importing).rejects.toThrow(/upgraded by a newer AgentIntros/);
    const raw = new Database(path);
    const written = raw.prepare('SELECT count(*) FROM contacts').pluck().get();
    const trigger = raw
      .prepare("SELECT sql FROM sqlite_master WHERE name = 'contacts_fts_insert'")
      .pluck()
      .get() as string;
    raw.close();
    expect({ upgradedAt, written, newerTriggerKept: trigger.includes('SELECT 1') }).toEqual({
      upgradedAt: 500,
      written: 500,
      newerTriggerKept: true,
    });
  });

  it('does not refuse a store whose other writers (imports, ratings) leave user_version alone', async () => {
    const dir = tempDir();
    const csv = join(dir, 'Connections.csv');
    writeFileSync(csv, [HEADER, 'Ann,Lee,,ann@x.example,Co,CEO,'].join('\n'));
    const first = openTestServices({ clock: testClock() });
    const second = openTestServices({ clock: testClock(), path: first.path });
    await importFile(first.services, csv, { batchSize: 1 });
    const id = second.store.read(() =>
      second.store.db.prepare('SELECT id FROM contacts').pluck().get(),
    ) as string;
    second.services.contacts.set(id, { strength: 4 }, PERSON);
    await importFile(first.services, csv, { batchSize: 1, dryRun: true });
    expect(first.services.contacts.show(id).relationships[0]!.rating).toBe(4);
    expect(second.store.read(() => 1)).toBe(1);
  });
});

describe('MCP tools on a store another process migrated further', () => {
  it('every read tool answers with the restart message, none reads the store unguarded first', async () => {
    const { services, path } = openTestServices({ clock: testClock() });
    const client = await connectInMemory(services);
    const newer = new Database(path);
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    newer.close();
    const answers = {
      list_matches: (await call(client, 'list_matches', { requestId: 'ir_missing' })).text,
      get_intro_request: (await call(client, 'get_intro_request', { requestId: 'ir_missing' }))
        .text,
      list_intro_requests: (await call(client, 'list_intro_requests', {})).text,
      search_contacts: (await call(client, 'search_contacts', { query: 'zebra' })).text,
    };
    for (const [tool, text] of Object.entries(answers)) {
      expect(`${tool}: ${text}`).toMatch(/upgraded by a newer AgentIntros/);
    }
  });
});
