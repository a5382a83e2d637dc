// These run the built CLI as a child process: `npm run build` first.
import { describe, expect, it } from 'vitest';

import { eventsFor } from '../../src/store/events.ts';
import { runCli } from '../helpers/cli.ts';
import { openTestServices } from '../helpers/store.ts';
import { draftIntro, draftRequest, seedContact, seedMember } from './seed.ts';

function seeded(options: { connector?: boolean } = {}) {
  const opened = openTestServices();
  const { services } = opened;
  const connectorId = options.connector ? seedMember(services) : undefined;
  const contactId = seedContact(services, { knownBy: connectorId ? [connectorId] : ['mb_me'] });
  const request = draftRequest(services);
  opened.clock.advance(60_000); // so that the inbox's newest-first order is not a tie
  const intro = draftIntro(services, {
    requestId: request.id,
    contactId,
    ...(connectorId ? { connectorId } : {}),
  });
  const cli = (...args: string[]) =>
    runCli(args, { db: opened.path, env: { AGENTINTROS_NOW: '2026-12-03T12:00:00Z' } });
  return { ...opened, request, intro, cli };
}

describe('the lifecycle commands', () => {
  it('refuse approving an intro of a pending request: exit 1, INVALID_STATE, the fix', () => {
    const { cli, intro, request } = seeded();
    const result = cli('approve', intro.id);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^INVALID_STATE: /);
    expect(result.stderr).toContain(
      `approve the request first ('agentintros approve ${request.id}')`,
    );
  });

  it('walk an intro from approval to closed, refusing introduced until both opt-ins are in', () => {
    const { cli, intro, request, services } = seeded({ connector: true });
    expect(cli('approve', request.id).status).toBe(0);
    const approved = cli('approve', intro.id, '--note', 'good fit');
    expect(approved.status).toBe(0);
    expect(approved.stdout).toContain('now approved');

    const early = cli('introduced', intro.id);
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(
      /^INVALID_STATE: Intro in_\w+ is approved: it cannot be marked introduced/,
    );
    expect(early.stderr).toContain('allowed next steps: opt-in, decline, withdraw');

    const half = cli('opt-in', intro.id, '--party', 'connector');
    expect(half.status).toBe(0);
    expect(half.stdout).toContain('now awaiting_opt_in. Still waiting for: target.');
    expect(cli('introduced', intro.id).status).toBe(1);

    expect(cli('opt-in', intro.id, '--party', 'target').stdout).toContain('now opted_in');
    expect(cli('introduced', intro.id).stdout).toContain('now introduced');
    expect(cli('close', intro.id).stdout).toContain('now closed');

    const again = cli('close', intro.id);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('INVALID_STATE: Intro');
    expect(again.stderr).toContain("'closed' is final");

    const actors = eventsFor(services.store.db, [intro.id]).map((e) => e.actor.kind);
    expect(actors).toEqual(['agent', 'human', 'human', 'human', 'human', 'human']);
  });

  it('decline records the party and the reason', () => {
    const { cli, intro } = seeded();
    const result = cli('--json', 'decline', intro.id, '--party', 'target', '--reason', 'not now');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'declined',
      declineReason: 'not now',
      optIns: { target: 'declined' },
    });
  });

  it('withdraw and close on a request follow its machine', () => {
    const { cli, request } = seeded();
    const pending = cli('withdraw', request.id);
    expect(pending.status).toBe(1);
    expect(pending.stderr).toContain(
      'is pending_approval, so it cannot become withdrawn; allowed next steps: approve, reject',
    );
    expect(cli('approve', request.id).status).toBe(0);
    expect(cli('withdraw', request.id, '--reason', 'raised elsewhere').stdout).toContain(
      'now withdrawn',
    );
  });

  it('refuse an unknown party or a missing --party as usage errors (exit 2)', () => {
    const { cli, intro } = seeded();
    expect(cli('opt-in', intro.id, '--party', 'boss').status).toBe(2);
    expect(cli('opt-in', intro.id).status).toBe(2);
  });
});

describe('inbox and show', () => {
  it('inbox lists pending intros with requests, newest first', () => {
    const { cli, intro, request } = seeded();
    const result = cli('--json', 'inbox');
    expect(result.status).toBe(0);
    const items = JSON.parse(result.stdout).items as { id: string; kind: string }[];
    expect(items.map((i) => [i.kind, i.id])).toEqual([
      ['intro', intro.id],
      ['intro_request', request.id],
    ]);
  });

  it('show prints an intro and a follow-up with their history', () => {
    const { cli, intro, services } = seeded();
    const followUp = services.store.write(() =>
      services.followUps.scheduleInTransaction(
        services.clock.now(),
        { kind: 'agent', name: 'a' },
        {
          introId: intro.id,
          dueAt: '2026-12-04T12:00:00Z',
        },
      ),
    );
    const shownIntro = JSON.parse(cli('--json', 'show', intro.id).stdout);
    expect(shownIntro.entity).toMatchObject({ id: intro.id, status: 'pending_approval' });
    expect(shownIntro.events.map((e: { action: string }) => e.action)).toEqual(['intro.created']);
    const shown = cli('show', followUp.id);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('follow_up.scheduled');
  });
});

describe('followups', () => {
  it('lists due follow-ups by the clock and marks one done', () => {
    const { cli, intro, services } = seeded();
    const schedule = (dueAt: string) =>
      services.store.write(() =>
        services.followUps.scheduleInTransaction(
          services.clock.now(),
          { kind: 'agent', name: 'a' },
          {
            introId: intro.id,
            dueAt,
          },
        ),
      );
    const soon = schedule('2026-12-05');
    schedule('2026-12-20');
    expect(cli('followups', '--due').stdout).toContain('No follow-up is due.');
    expect(JSON.parse(cli('--json', 'followups').stdout).followUps).toHaveLength(2);

    const later = (...args: string[]) =>
      runCli(args, { db: services.store.path, env: { AGENTINTROS_NOW: '2026-12-06T00:00:00Z' } });
    const due = JSON.parse(later('--json', 'followups', '--due').stdout).followUps;
    expect(due.map((f: { id: string }) => f.id)).toEqual([soon.id]);

    expect(later('followups', 'done', soon.id).stdout).toContain('now done');
    const twice = later('followups', 'done', soon.id);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toContain('INVALID_STATE: Follow-up');
    expect(JSON.parse(later('--json', 'followups', '--due').stdout).followUps).toEqual([]);
  });
});
