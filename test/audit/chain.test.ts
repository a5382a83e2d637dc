import { describe, expect, it } from 'vitest';

import { decide } from '../../src/cli/commands/decide.ts';
import { markIntroduced, recordOptIn } from '../../src/cli/commands/lifecycle.ts';
import type { Services } from '../../src/domain/services.ts';
import { eventHash, type EventRow, verifyChain } from '../../src/store/events.ts';
import { runCli } from '../helpers/cli.ts';
import { openTestServices } from '../helpers/store.ts';
import { draftIntro, draftRequest, PERSON, seedContact } from '../intros/seed.ts';

/** A store whose trail holds a whole intro story: six events. */
function storyStore() {
  const opened = openTestServices();
  const { services } = opened;
  const request = draftRequest(services);
  decide(services, PERSON, request.id, 'approved');
  const intro = draftIntro(services, { requestId: request.id, contactId: seedContact(services) });
  decide(services, PERSON, intro.id, 'approved');
  recordOptIn(services, PERSON, intro.id, 'target');
  markIntroduced(services, PERSON, intro.id);
  return opened;
}

/** What someone with the file and a SQLite shell could do: drop the guards first. */
function dropGuards(services: Services): void {
  services.store.db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
}

function row(services: Services, seq: number): EventRow {
  return services.store.db.prepare('SELECT * FROM events WHERE seq = ?').get(seq) as EventRow;
}

describe('the store', () => {
  it('refuses UPDATE on audit events', () => {
    const { services } = storyStore();
    expect(() =>
      services.store.db.prepare("UPDATE events SET actor = '{}' WHERE seq = 2").run(),
    ).toThrow(/append-only/);
    expect(verifyChain(services.store.db).ok).toBe(true);
  });

  it('refuses DELETE on audit events', () => {
    const { services } = storyStore();
    expect(() => services.store.db.prepare('DELETE FROM events WHERE seq = 2').run()).toThrow(
      /append-only/,
    );
    expect(() => services.store.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect(verifyChain(services.store.db)).toMatchObject({ ok: true, checked: 6 });
  });
});

describe('verifyChain', () => {
  it('reports an untouched trail as whole and guarded', () => {
    const { services } = storyStore();
    expect(verifyChain(services.store.db)).toEqual({ ok: true, checked: 6, guarded: true });
  });

  it('reports an empty trail as whole', () => {
    const { services } = openTestServices();
    expect(verifyChain(services.store.db)).toEqual({ ok: true, checked: 0, guarded: true });
  });

  it('finds a row edited by raw SQL', () => {
    const { services } = storyStore();
    dropGuards(services);
    const edited = row(services, 3);
    services.store.db
      .prepare('UPDATE events SET actor = ? WHERE seq = 3')
      .run(JSON.stringify({ kind: 'human', name: 'someone-else' }));
    expect(verifyChain(services.store.db)).toEqual({
      ok: false,
      checked: 2,
      guarded: false,
      problem: { seq: 3, id: edited.id, kind: 'altered' },
    });
  });

  it('finds an edited row whose hash was recomputed, at the link that no longer holds', () => {
    const { services } = storyStore();
    dropGuards(services);
    const forged = { ...row(services, 3), after_status: 'opted_in' };
    services.store.db
      .prepare('UPDATE events SET after_status = ?, hash = ? WHERE seq = 3')
      .run(forged.after_status, eventHash(forged));
    expect(verifyChain(services.store.db).problem).toEqual({
      seq: 4,
      id: row(services, 4).id,
      kind: 'broken_link',
    });
  });

  it('finds a row deleted from the middle', () => {
    const { services } = storyStore();
    dropGuards(services);
    services.store.db.prepare('DELETE FROM events WHERE seq = 4').run();
    expect(verifyChain(services.store.db)).toMatchObject({
      ok: false,
      checked: 3,
      problem: { seq: 4, id: null, kind: 'missing' },
    });
  });

  it('finds a deleted last row, even after later events were appended', () => {
    const { services } = storyStore();
    dropGuards(services);
    services.store.db.prepare('DELETE FROM events WHERE seq = 6').run();
    expect(verifyChain(services.store.db).problem).toEqual({ seq: 6, id: null, kind: 'missing' });
    // The next event must not reuse the deleted number and so paper over the gap.
    draftRequest(services, 'Another founder');
    expect(verifyChain(services.store.db).problem).toEqual({ seq: 6, id: null, kind: 'missing' });
    expect(row(services, 7)).toBeDefined();
  });

  it('finds a whole trail deleted', () => {
    const { services } = storyStore();
    dropGuards(services);
    services.store.db.prepare('DELETE FROM events').run();
    expect(verifyChain(services.store.db).problem).toEqual({ seq: 1, id: null, kind: 'missing' });
  });

  it('reports a whole trail whose guards were dropped as whole but unguarded', () => {
    const { services } = storyStore();
    dropGuards(services);
    expect(verifyChain(services.store.db)).toEqual({ ok: true, checked: 6, guarded: false });
  });
});

// These run the built CLI: `npm run build` first.
describe('agentintros audit verify', () => {
  it('exits 0 and says the trail is whole on an untouched store', () => {
    const { path } = storyStore();
    const result = runCli(['audit', 'verify'], { db: path });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('The audit trail is whole: 6 events');
  });

  it('exits 1 naming the first altered event', () => {
    const { services, path } = storyStore();
    dropGuards(services);
    const edited = row(services, 2);
    services.store.db.prepare("UPDATE events SET after_status = 'rejected' WHERE seq = 2").run();
    const result = runCli(['audit', 'verify'], { db: path });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `INVALID_STATE: The audit trail is broken: event #2 (${edited.id}) was altered`,
    );
    expect(result.stderr).toContain('no longer refuses UPDATE and DELETE');
  });

  it('exits 1 naming a removed event, and --json gives the report', () => {
    const { services, path } = storyStore();
    dropGuards(services);
    services.store.db.prepare('DELETE FROM events WHERE seq = 5').run();
    const result = runCli(['--json', 'audit', 'verify'], { db: path });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: false,
      checked: 4,
      guarded: false,
      problem: { seq: 5, id: null, kind: 'missing' },
    });
    expect(result.stderr).toContain('event #5 was removed');
  });
});
