/**
 * The human CLI as a person's shell runs it (SPEC §8): the built binary on a real store file.
 * Run `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCli } from '../helpers/cli.ts';
import { call, connectInMemory, ENTRY } from '../helpers/mcp.ts';
import Database from '../helpers/sqlite.ts';
import { openTestServices, tempDir } from '../helpers/store.ts';
import { countRows, draftArgs } from './support.ts';

/** A store holding one request an agent drafted, and the request's id. */
async function storeWithRequest(): Promise<{ db: string; id: string }> {
  const { services, path } = openTestServices();
  const client = await connectInMemory(services);
  const reply = await call(client, 'draft_intro_request', draftArgs('cli-test-key-0001'));
  return { db: path, id: reply.data.introRequest.id };
}

function showJson(db: string, id: string) {
  const shown = runCli(['show', id, '--json'], { db });
  expect(shown.status, shown.stderr).toBe(0);
  return JSON.parse(shown.stdout);
}

describe('approve', () => {
  it('approves a pending request, recording the OS user as the human actor', async () => {
    const { db, id } = await storeWithRequest();

    const result = runCli(['approve', id, '--note', 'Good fit'], { db });

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Approved ${id}: now approved.`);
    const shown = showJson(db, id);
    expect(shown.entity.status).toBe('approved');
    expect(shown.events.at(-1)).toMatchObject({
      action: 'intro_request.approved',
      actor: { kind: 'human', name: userInfo().username },
      beforeStatus: 'pending_approval',
      afterStatus: 'approved',
      data: { note: 'Good fit' },
    });
  });

  it('refuses to approve twice with INVALID_STATE naming the status and next steps', async () => {
    const { db, id } = await storeWithRequest();
    expect(runCli(['approve', id], { db }).status).toBe(0);
    const events = countRows(db, 'events');

    const again = runCli(['approve', id], { db });

    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^INVALID_STATE: /);
    expect(again.stderr).toContain(`${id} is approved`);
    expect(again.stderr).toContain('allowed next steps: close, withdraw');
    expect(countRows(db, 'events')).toBe(events);
  });

  it('answers NOT_FOUND with exit 1 for an unknown id', () => {
    const db = join(tempDir(), 'store.db');
    const result = runCli(['approve', 'ir_000000000deadbeefdeadbeef'], { db });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^NOT_FOUND: .*ir_000000000deadbeefdeadbeef/);
  });

  it('answers NOT_FOUND for audit and show of ids with nothing behind them', () => {
    const db = join(tempDir(), 'store.db');
    const audit = runCli(['audit', 'ir_000000000deadbeefdeadbeef'], { db });
    expect(audit.status).toBe(1);
    expect(audit.stderr).toMatch(/^NOT_FOUND: No events for 'ir_000000000deadbeefdeadbeef'/);
    const member = runCli(['show', 'mb_me'], { db });
    expect(member.status).toBe(1);
    expect(member.stderr).toContain('is a teammate (member) id');
  });
});

describe('reject', () => {
  it('rejects a pending request with the reason, recording the OS user', async () => {
    const { db, id } = await storeWithRequest();

    const result = runCli(['--db', db, 'reject', id, '--reason', 'Not now']);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Rejected ${id}: now rejected.`);
    const shown = showJson(db, id);
    expect(shown.entity).toMatchObject({ status: 'rejected', decisionNote: 'Not now' });
    expect(shown.events.at(-1)).toMatchObject({
      action: 'intro_request.rejected',
      actor: { kind: 'human', name: userInfo().username },
      data: { note: 'Not now' },
    });
  });

  it('refuses to reject an approved request, changing nothing', async () => {
    const { db, id } = await storeWithRequest();
    runCli(['approve', id], { db });

    const result = runCli(['reject', id, '--reason', 'Changed my mind'], { db });

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^INVALID_STATE: .* is approved, so it cannot become rejected/);
    expect(showJson(db, id).entity.status).toBe('approved');
  });

  it('is a usage error (exit 2) without --reason', async () => {
    const { db, id } = await storeWithRequest();
    const result = runCli(['reject', id], { db });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--reason');
    expect(showJson(db, id).entity.status).toBe('pending_approval');
  });

  it('refuses an empty --reason (exit 1), changing nothing', async () => {
    const { db, id } = await storeWithRequest();
    const result = runCli(['reject', id, '--reason', '  '], { db });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^VALIDATION_ERROR: --reason is empty/);
    expect(showJson(db, id).entity.status).toBe('pending_approval');
  });
});

describe('usage', () => {
  it('exits 2 on an unknown command, naming it', () => {
    const result = runCli(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it('exits 2 on an unknown flag and on a missing argument', () => {
    expect(runCli(['inbox', '--frobnicate']).status).toBe(2);
    expect(runCli(['approve']).status).toBe(2);
  });

  it('prints usage and exits 2 with no command at all', () => {
    const result = runCli([]);
    expect(result.status).toBe(2);
    expect(result.stdout + result.stderr).toContain('Usage: agentintros');
  });

  it('prints help to stdout and exits 0 for --help and for a command’s --help', () => {
    const top = runCli(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toContain('Usage: agentintros');
    for (const command of ['approve', 'reject', 'inbox', 'show', 'audit', 'doctor', 'demo']) {
      expect(top.stdout).toContain(command);
    }
    const sub = runCli(['reject', '--help']);
    expect(sub.status).toBe(0);
    expect(sub.stdout).toContain('Usage: agentintros reject');
    expect(sub.stdout).toContain('--reason');
    const mcp = runCli(['mcp', '--help']);
    expect(mcp.status).toBe(0);
    expect(mcp.stdout).toContain('Usage: agentintros mcp');
  });

  it('exits 1 naming the variable when a setting is malformed', () => {
    const db = join(tempDir(), 'store.db');
    const result = runCli(['inbox'], { db, env: { AGENTINTROS_BUSY_TIMEOUT_MS: 'soon' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^VALIDATION_ERROR: AGENTINTROS_BUSY_TIMEOUT_MS 'soon'/);
  });
});

describe('inbox and show', () => {
  it('print JSON that parses with --json', async () => {
    const { db, id } = await storeWithRequest();

    const inbox = runCli(['inbox', '--json'], { db });
    expect(inbox.status, inbox.stderr).toBe(0);
    const items = JSON.parse(inbox.stdout).items;
    expect(items.map((item: { id: string }) => item.id)).toContain(id);

    const shown = showJson(db, id);
    expect(shown.entity.id).toBe(id);
    expect(shown.events[0]).toMatchObject({
      action: 'intro_request.created',
      actor: { kind: 'agent', name: 'test-agent' },
    });
  });

  it('show answers NOT_FOUND with exit 1 for an id it does not know', async () => {
    const { db } = await storeWithRequest();
    const result = runCli(['show', 'ir_000000000deadbeefdeadbeef'], { db });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^NOT_FOUND: /);
  });
});

describe('doctor', () => {
  it('prints ready-to-paste configs with absolute paths for the four clients', () => {
    const db = join(tempDir(), 'store.db');

    const human = runCli(['doctor'], { db });
    expect(human.status, human.stderr).toBe(0);
    for (const client of ['Claude Desktop', 'Cursor', 'VS Code', 'Claude Code']) {
      expect(human.stdout).toContain(client);
    }

    const result = runCli(['doctor', '--json'], { db });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    const entry = realpathSync(ENTRY);
    expect(report.configs.map((c: { client: string }) => c.client)).toEqual([
      'Claude Desktop',
      'Cursor',
      'VS Code',
      'Claude Code',
    ]);
    for (const config of report.configs.slice(0, 3)) {
      const parsed = JSON.parse(config.text);
      const server = parsed.mcpServers?.agentintros ?? parsed.servers?.agentintros;
      expect(server.command).toBe(process.execPath);
      expect(server.args).toEqual([entry, 'mcp']);
      expect(server.env).toEqual({ AGENTINTROS_DB: db });
    }
    expect(report.configs[3].text).toContain(`-- ${process.execPath} ${entry} mcp`);
    expect(report.configs[3].text).toContain(`AGENTINTROS_DB=${db}`);
  });
});

describe('doctor with a relative --db', () => {
  it('prints the store as an absolute path, since a client does not share our folder', () => {
    const cwd = tempDir();
    const result = spawnSync(process.execPath, [ENTRY, 'doctor', '--json', '--db', 'relative.db'], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
    });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.store).toBe(join(realpathSync(cwd), 'relative.db'));
    expect(JSON.parse(report.configs[0].text).mcpServers.agentintros.env).toEqual({
      AGENTINTROS_DB: join(realpathSync(cwd), 'relative.db'),
    });
  });
});

describe('mcp', () => {
  it.each([
    ['an unknown flag', ['mcp', '--frobnicate'], "unknown option '--frobnicate'"],
    ['a --db without a path', ['mcp', '--db'], "option '--db <path>' argument missing"],
  ])('is a usage error (exit 2) with %s, and starts no server', (_, args, message) => {
    const db = join(tempDir(), 'store.db');
    const result = runCli(args, { db });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});

describe('demo', () => {
  it('exits 0 and tells the story on a throwaway store', () => {
    const result = runCli(['demo']);
    expect(result.status, result.stderr).toBe(0);
    for (const beat of [
      'The agent connects to the real server over stdio',
      'pending_approval',
      'replayed: true',
      'Refused: IDEMPOTENCY_KEY_REUSED',
      'You import your network',
      'It asks who could help (list_matches)',
      'It drafts a double opt-in intro',
      'It schedules a follow-up',
      'You approve the request and the intro',
      '-> introduced',
      '(due)',
      'The audit trail shows who did what',
      `human ${userInfo().username}`,
    ]) {
      expect(result.stdout).toContain(beat);
    }
  });
});

describe('an internal error', () => {
  it('exits 70 and says what to report', () => {
    const { path } = openTestServices();
    // A store damaged behind the program's back: its audit table is gone.
    const raw = new Database(path);
    raw.exec('DROP TABLE events');
    raw.close();

    const result = runCli(['audit'], { db: path });

    expect(result.status).toBe(70);
    expect(result.stderr).toMatch(/^INTERNAL: agentintros failed unexpectedly/);
    expect(result.stderr).toContain('report');
  });
});
