/**
 * The built server as a real child process, spoken to in raw JSON-RPC lines: stdout carries
 * nothing but the protocol, and the process ends promptly however it is told to (SPEC §5).
 * Run `npm run build` first.
 */
import { describe, expect, it } from 'vitest';

import Database from '../helpers/sqlite.ts';
import { tempDbPath } from '../helpers/store.ts';
import { countRows, INITIALIZE, spawnRaw } from './support.ts';

/** Keeps an interval alive in the child, as a client library or a future feature might. */
const TIMER = ['--import', 'data:text/javascript,setInterval(() => {}, 1000)'];

async function initialized(db: string, nodeArgs: string[] = []) {
  const server = spawnRaw(db, { nodeArgs });
  server.send(INITIALIZE);
  const init = await server.response(1);
  server.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return { server, init };
}

describe('the stdio server', () => {
  it('writes only JSON-RPC 2.0 lines to stdout, for good and bad calls alike', async () => {
    const db = tempDbPath();
    const { server, init } = await initialized(db);
    expect(init.result.serverInfo.name).toBe('agentintros');
    expect(init.result.instructions).toContain('draft_intro_request');

    server.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const call = (id: number, name: string, args: unknown) =>
      server.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
    call(3, 'draft_intro_request', {
      idempotencyKey: 'raw-stdio-key-0001',
      subject: 'A founder',
      target: 'investors',
    });
    call(4, 'draft_intro_request', { subject: 'no key' });
    call(5, 'no_such_tool', {});
    call(6, 'get_intro_request', { requestId: 'ir_unknown' });
    call(7, 'list_intro_requests', { limit: 'many' });
    server.send('this is not JSON');
    server.send('{"jsonrpc":"2.0","id":8,');
    server.send({ jsonrpc: '2.0', id: 9, method: 'no/such/method' });
    server.send({ jsonrpc: '2.0', id: 10, method: 'tools/call', params: { arguments: [] } });
    server.send({ jsonrpc: '2.0', id: 11, method: 'ping' });

    const [list, good, noKey, noTool, unknownId, badLimit, noMethod, badParams, ping] =
      await Promise.all([2, 3, 4, 5, 6, 7, 9, 10, 11].map((id) => server.response(id)));

    expect(list.result.tools.map((tool: { name: string }) => tool.name)).toContain(
      'draft_intro_request',
    );
    expect(good.result.isError).toBeUndefined();
    expect(good.result.structuredContent.introRequest.status).toBe('pending_approval');
    expect(noKey.result).toMatchObject({ isError: true });
    expect(noKey.result.content[0].text).toMatch(/^IDEMPOTENCY_KEY_INVALID: /);
    expect(noTool.result.content[0].text).toMatch(/^NOT_FOUND: Unknown tool 'no_such_tool'/);
    expect(unknownId.result.content[0].text).toMatch(/^NOT_FOUND: .*list_intro_requests/);
    expect(badLimit.result.content[0].text).toMatch(/^VALIDATION_ERROR: .*limit/);
    for (const failed of [noKey, noTool, unknownId, badLimit]) {
      expect(failed.result.structuredContent).toBeUndefined();
    }
    expect(noMethod.error.code).toBe(-32601);
    expect(badParams.error.code).toBe(-32602);
    expect(ping.result).toEqual({});

    server.child.stdin.end();
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(server.lines.length).toBeGreaterThanOrEqual(10);
    for (const line of server.lines) {
      expect(() => JSON.parse(line), line).not.toThrow();
      expect(JSON.parse(line).jsonrpc).toBe('2.0');
    }
    expect(server.stderr()).not.toMatch(/at .*\.js:\d+/); // no stack traces, even in the log
    expect(countRows(db, 'intro_requests')).toBe(1);
  });

  it.each([
    ['without timers', []],
    ['with a timer alive', TIMER],
  ])('exits within 2 s of stdin closing, %s', async (_, nodeArgs) => {
    const { server } = await initialized(tempDbPath(), nodeArgs);
    server.send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'list_intro_requests', arguments: {} },
    });
    await server.response(2);

    const closedAt = Date.now();
    server.child.stdin.end();
    const exit = await server.exited;

    expect(exit.code).toBe(0);
    expect(exit.at - closedAt).toBeLessThan(2000);
  });

  it('exits within 2 s of stdin closing while a write waits for a locked store', async () => {
    const db = tempDbPath();
    const { server } = await initialized(db);
    server.send({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'list_intro_requests', arguments: {} },
    });
    await server.response(2);

    // Another process holds the write lock for longer than the default 5 s busy timeout.
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    server.send({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: {
        name: 'draft_intro_request',
        arguments: { idempotencyKey: 'waiting-for-lock', subject: 'A founder', target: 'VCs' },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const closedAt = Date.now();
    server.child.stdin.end();
    const exit = await server.exited;
    holder.exec('ROLLBACK');
    holder.close();

    expect(exit.code).toBe(0);
    expect(exit.at - closedAt).toBeLessThan(2000);
    expect(countRows(db, 'intro_requests')).toBe(0);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'exits within 2 s of %s, with a timer alive, leaving a store that opens',
    async (signal) => {
      const db = tempDbPath();
      const { server } = await initialized(db, TIMER);
      server.send({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: {
          name: 'draft_intro_request',
          arguments: { idempotencyKey: `signal-${signal}`, subject: 'A founder', target: 'VCs' },
        },
      });
      await server.response(2);

      const sentAt = Date.now();
      server.child.kill(signal);
      const exit = await server.exited;

      expect(exit.code).toBe(0);
      expect(exit.at - sentAt).toBeLessThan(2000);
      expect(countRows(db, 'intro_requests')).toBe(1);
    },
  );
});
