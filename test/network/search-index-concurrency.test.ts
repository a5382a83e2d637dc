/**
 * Two imports in two processes, in small batches over overlapping people,
 * while a third process rates contacts, records interactions and searches: the index and warmth
 * end in step with the contacts.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { importFile } from '../../src/imports/import-file.ts';
import { expectInStep } from '../helpers/fts-in-step.ts';
import { openTestServices, tempDir, testClock } from '../helpers/store.ts';
import { PERSON } from '../intros/seed.ts';

const CHILD = resolve(import.meta.dirname, '../helpers/import-child.ts');

function run(args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('exit', (code) => (code === 0 ? done(out) : fail(new Error(`${code}: ${err}`))));
  });
}

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('concurrent imports and writes', () => {
  it('leave contacts_fts and warmth in step', async () => {
    const dir = tempDir();
    const linkedin = join(dir, 'Connections.csv');
    const google = join(dir, 'google.csv');
    const people = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, k) => from + k);
    writeFileSync(
      linkedin,
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n' +
        people(0, 1500)
          .map(
            (n) =>
              `Li${n},Person${n},,p${n}@example.com,Walrus Co ${n % 17},Keeper ${n % 5},01 Jan 2020`,
          )
          .join('\n'),
    );
    writeFileSync(
      google,
      'First Name,Last Name,Organization Name,Organization Title,Notes,Labels,E-mail 1 - Value\n' +
        people(700, 2200)
          .map(
            (n) =>
              `Go${n},Person${n},Yak Inc ${n % 13},Tamer ${n % 7},note word${n},* myContacts ::: tag${n % 9},p${n}@example.com`,
          )
          .join('\n'),
    );
    const { services, path } = openTestServices({ clock: testClock(), busyTimeoutMs: 20_000 });
    await importFile(services, linkedin, { batchSize: 400 });

    const imports = Promise.all([
      run([path, google, '25']),
      run([path, linkedin, '25', 'Priya Raman']),
      run([path, google, '40', 'Sam Lee']),
    ]);
    let finished = false;
    void imports.finally(() => (finished = true));
    let writes = 0;
    while (!finished) {
      const ids = services.store.db
        .prepare('SELECT id FROM contacts ORDER BY random() LIMIT 3')
        .pluck()
        .all() as string[];
      services.contacts.set(ids[0]!, { strength: 1 + (writes % 5) }, PERSON);
      services.contacts.addInteraction(
        { contactId: ids[1]!, kind: 'call', at: Date.parse('2026-11-01T00:00:00.000Z') },
        PERSON,
      );
      services.network.search('keeper tamer walrus', { minTrustScore: 0, limit: 10 });
      writes += 1;
      await wait(5);
    }
    await imports;
    expect(writes).toBeGreaterThan(3);
    expectInStep(services, 'after concurrent imports and writes');
  }, 60_000);
});
