/**
 * contacts_fts (contentless, keyed warmest first): after any sequence of writes
 * through the real code paths, the index holds each contact once under its current key, finds
 * exactly the words the contact holds now, and every warmth equals a rebuild.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { decide } from '../../src/cli/commands/decide.ts';
import { declineIntro, markIntroduced, recordOptIn } from '../../src/cli/commands/lifecycle.ts';
import { missingOptIns } from '../../src/domain/intros.ts';
import { importFile } from '../../src/imports/import-file.ts';
import { expectInStep } from '../helpers/fts-in-step.ts';
import { openTestServices, tempDir, testClock } from '../helpers/store.ts';
import { OWN_FIXTURES, SHARED_FIXTURES } from '../imports/support.ts';
import { draftIntro, draftRequest, PERSON } from '../intros/seed.ts';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');
/** The project's own fixtures, and the shared ones beside the tree when they are there. */
const FILES = [...(existsSync(SHARED_FIXTURES) ? [SHARED_FIXTURES] : []), OWN_FIXTURES].flatMap(
  (dir) =>
    readdirSync(dir)
      .filter((f) => /\.(csv|tsv|vcf)$/.test(f))
      .sort()
      .map((f) => join(dir, f)),
);

/** A tiny seeded generator, so that a failure names the step and reruns the same. */
function prng(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

async function randomSession(seed: number, steps: number, bm25 = false): Promise<number[]> {
  const { services } = openTestServices({ clock: testClock(NOW) });
  const { db } = services.store;
  const pick = prng(seed);
  const contactIds = () =>
    db.prepare('SELECT id FROM contacts ORDER BY rowid').pluck().all() as string[];
  const members = [undefined, 'Priya Raman', 'Sam Lee'];
  for (let step = 0; step < steps; step += 1) {
    const op = step < 3 ? 0 : pick(6);
    const ids = contactIds();
    const someone = ids[pick(Math.max(1, ids.length))];
    let label = `seed ${seed} step ${step} `;
    if (op === 0 || someone === undefined) {
      const file = FILES[pick(FILES.length)]!;
      const member = members[pick(members.length)];
      const batchSize = [1, 2, 7, 500][pick(4)]!;
      label += `import ${file} member ${member} batch ${batchSize}`;
      await importFile(services, file, { member, batchSize }).catch(() => undefined);
    } else if (op === 1) {
      const strength = pick(6);
      label += `strength ${strength} on ${someone}`;
      services.contacts.set(someone, { strength: strength === 0 ? 5 : strength }, PERSON);
    } else if (op === 2 || op === 3) {
      const kind = (['meeting', 'call', 'email', 'message', 'note'] as const)[pick(5)]!;
      const direction = (['outbound', 'inbound', 'mutual'] as const)[pick(3)]!;
      const member = db.prepare('SELECT name FROM members ORDER BY id').pluck().all() as string[];
      const who = member[pick(member.length)];
      label += `interaction ${kind} ${direction} ${who} on ${someone}`;
      try {
        services.contacts.addInteraction(
          { contactId: someone, kind, direction, at: NOW - pick(400) * 86_400_000, member: who },
          PERSON,
        );
      } catch {
        // an unknown member name for "me" is fine to skip
      }
    } else if (op === 4) {
      label += `do-not-introduce on ${someone}`;
      services.contacts.set(someone, { doNotIntroduce: pick(2) === 0 }, PERSON);
    } else {
      label += `intro outcome on ${someone}`;
      try {
        const request = draftRequest(services);
        decide(services, PERSON, request.id, 'approved');
        let intro = draftIntro(services, { requestId: request.id, contactId: someone });
        intro = decide(services, PERSON, intro.id, 'approved') as typeof intro;
        if (pick(2) === 0) {
          for (const party of missingOptIns(intro.optIns)) {
            intro = recordOptIn(services, PERSON, intro.id, party);
          }
          markIntroduced(services, PERSON, intro.id);
        } else {
          declineIntro(services, PERSON, intro.id, 'target', 'busy');
        }
      } catch {
        // do-not-introduce contacts refuse intros
      }
    }
    expectInStep(services, label, { bm25 });
  }
  return db
    .prepare(
      'SELECT (SELECT count(*) FROM contacts), (SELECT count(*) FROM contacts WHERE warmth > 30), ' +
        '(SELECT sum(intros_made) + sum(intros_declined) FROM relationships), ' +
        '(SELECT count(*) FROM members)',
    )
    .raw()
    .get() as number[];
}

describe('contacts_fts and warmth after real writes', () => {
  for (const seed of [1, 2, 3]) {
    it(`stay in step through a random session of imports, ratings, interactions and intros (seed ${seed})`, async () => {
      const [contacts, warm, outcomes, members] = await randomSession(seed, 40);
      // The session did reach the paths it is meant to: warm contacts, outcomes, teammates.
      expect({ contacts: contacts! > 20, warm: warm! > 0, outcomes: outcomes! > 0 }).toEqual({
        contacts: true,
        warm: true,
        outcomes: true,
      });
      expect(members).toBeGreaterThan(1);
    }, 60_000);
  }

  it('rank as a fresh index of the same contacts would (bm25 statistics) through such a session', async () => {
    await randomSession(1, 20, true);
  }, 60_000);

  it('stay in step when a batch fails and rolls back mid-import', async () => {
    const { services } = openTestServices({ clock: testClock(NOW) });
    await importFile(services, join(OWN_FIXTURES, 'linkedin-connections.csv'), { batchSize: 5 });
    const dir = tempDir();
    const good = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n';
    const rows = Array.from(
      { length: 3000 },
      (_, n) => `Zed${n},Quux${n},,z${n}@example.com,Yak Corp ${n},Walrus keeper,01 Jan 2020`,
    );
    const file = join(dir, 'broken.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, good + rows.join('\n') + '\n"Open,quote,never closed\n');
    await expect(importFile(services, file, { batchSize: 5 })).rejects.toThrow(/not valid CSV/);
    expect(
      services.store.db
        .prepare("SELECT count(*) FROM contacts WHERE name LIKE 'Zed%'")
        .pluck()
        .get(),
    ).toBeGreaterThan(0);
    expectInStep(services, 'after a failed import');
  });
});
