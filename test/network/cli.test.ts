import { describe, expect, it } from 'vitest';

import { runCli } from '../helpers/cli.ts';
import { seedContact } from '../helpers/network.ts';
import { openTestServices } from '../helpers/store.ts';

// These run the built CLI (npm run build first), with the clock frozen where the seed put it.
const NOW = '2026-12-03T12:00:00.000Z';
const env = { AGENTINTROS_NOW: NOW };

function seededStore() {
  const { services, store, path } = openTestServices();
  const id = seedContact(services, {
    name: 'Ines Vale',
    title: 'Seed investor',
    company: 'Northwind',
    notes: 'Met at the fintech meetup',
    emails: ['ines@northwind.example'],
    phones: ['+1 555 0100'],
    connectedOn: '2020-01-01',
  });
  store.close();
  return { path, id };
}

function trustOf(db: string, id: string): number {
  const shown = runCli(['contacts', 'show', id, '--json'], { db, env });
  expect(shown.status, shown.stderr).toBe(0);
  return JSON.parse(shown.stdout).bestPath.trust.score;
}

describe('agentintros contacts', () => {
  it('lists matching contacts as a table, and as JSON with --json', () => {
    const { path } = seededStore();
    const human = runCli(['contacts', 'investor'], { db: path, env });
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toContain('Ines Vale');
    const json = JSON.parse(runCli(['contacts', 'investor', '--json'], { db: path, env }).stdout);
    expect(json.contacts[0].name).toBe('Ines Vale');
    expect(JSON.stringify(json)).not.toContain('@');
  });

  it('shows everything to the person, e-mails, phones, notes and trust factors included', () => {
    const { path, id } = seededStore();
    const shown = runCli(['contacts', 'show', id], { db: path, env });
    expect(shown.status, shown.stderr).toBe(0);
    for (const text of ['ines@northwind.example', '+1 555 0100', 'fintech meetup', 'recency']) {
      expect(shown.stdout).toContain(text);
    }
  });

  it('answers NOT_FOUND with exit 1 for an unknown id', () => {
    const { path } = seededStore();
    const shown = runCli(['contacts', 'show', 'ct_missing'], { db: path, env });
    expect(shown.status).toBe(1);
    expect(shown.stderr).toMatch(/^NOT_FOUND: .*ct_missing/);
  });
});

describe('agentintros contacts set', () => {
  it('overrides trust with the rating and records an audit event', () => {
    const { path, id } = seededStore();
    expect(trustOf(path, id)).toBeLessThanOrEqual(0.3);
    const set = runCli(['contacts', 'set', id, '--strength', '5'], { db: path, env });
    expect(set.status, set.stderr).toBe(0);
    expect(trustOf(path, id)).toBe(1);
    const audit = runCli(['audit', id, '--json'], { db: path, env });
    expect(audit.stdout).toContain('contact.strength_set');
  });

  it('marks do-not-introduce and lifts it again, each an audit event', () => {
    const { path, id } = seededStore();
    expect(runCli(['contacts', 'set', id, '--do-not-introduce'], { db: path, env }).status).toBe(0);
    const shown = JSON.parse(runCli(['contacts', 'show', id, '--json'], { db: path, env }).stdout);
    expect(shown.doNotIntroduce).toBe(true);
    expect(runCli(['contacts', 'set', id, '--allow-intro'], { db: path, env }).status).toBe(0);
    const audit = runCli(['audit', id, '--json'], { db: path, env }).stdout;
    expect(audit.match(/contact\.do_not_introduce_set/g)).toHaveLength(2);
  });

  it('refuses a strength outside 1-5 with exit 1, naming the field and the fix', () => {
    const { path, id } = seededStore();
    const set = runCli(['contacts', 'set', id, '--strength', '9'], { db: path, env });
    expect(set.status).toBe(1);
    expect(set.stderr).toMatch(/^VALIDATION_ERROR: --strength '9' must be a whole number from 1/);
  });
});

describe('agentintros interactions add', () => {
  it('lifts the no-two-way cap with a meeting, updating trust at once', () => {
    const { path, id } = seededStore();
    const before = trustOf(path, id);
    const added = runCli(
      ['interactions', 'add', id, '--kind', 'meeting', '--at', '2026-11-28', '--summary', 'coffee'],
      { db: path, env },
    );
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/Recorded meeting \(mutual\)/);
    const after = trustOf(path, id);
    expect(after).toBeGreaterThan(before);
    expect(after).toBeGreaterThan(0.3);
    const audit = runCli(['audit', id, '--json'], { db: path, env });
    expect(audit.stdout).toContain('interaction.recorded');
  });

  it('refuses an unknown kind, a bad date and a future date with exit 1', () => {
    const { path, id } = seededStore();
    const run = (...args: string[]) =>
      runCli(['interactions', 'add', id, ...args], { db: path, env });
    expect(run('--kind', 'dance', '--at', '2026-11-01').stderr).toMatch(
      /^VALIDATION_ERROR: --kind/,
    );
    expect(run('--kind', 'call', '--at', 'yesterday').stderr).toMatch(/^VALIDATION_ERROR: --at/);
    const future = run('--kind', 'call', '--at', '2027-01-01');
    expect(future.status).toBe(1);
    expect(future.stderr).toMatch(/in the future/);
    const unknown = runCli(
      ['interactions', 'add', 'ct_missing', '--kind', 'call', '--at', '2026-11-01'],
      {
        db: path,
        env,
      },
    );
    expect(unknown.stderr).toMatch(/^NOT_FOUND/);
  });
});
