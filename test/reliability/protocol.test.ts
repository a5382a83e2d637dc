/**
 * Protocol abuse on stdin (SPEC §5: never crashes on bad input, stdout is JSON-RPC only): lines
 * that are not JSON, not JSON-RPC, far too long or far too deep; unknown methods; calls before
 * initialisation. The child must answer or ignore each, stay small, and keep answering.
 */
import { describe, expect, it } from 'vitest';

import { TOOLS } from '../../src/mcp/tools/index.ts';
import { tempDbPath } from '../helpers/store.ts';
import { RawServer, rssMiB, sleep } from './harness.ts';

const MAX_RSS_MIB = 300;
const TEN_MB = 10 * 1024 * 1024;

async function stillAnswers(server: RawServer): Promise<void> {
  const pong = await server.request('ping');
  expect(pong.result).toEqual({});
  const listed = await server.request('tools/call', { name: 'list_intro_requests', arguments: {} });
  expect(listed.result.isError).toBeUndefined();
}

describe('the stdio server under protocol abuse', { tags: ['slow'] }, () => {
  it('ignores lines that are not JSON-RPC messages and answers the next request', async () => {
    const server = new RawServer(tempDbPath(), { AGENTINTROS_LOG_LEVEL: 'debug' });
    await server.initialize();
    const garbage = [
      '{',
      'not json at all',
      'null',
      '42',
      '"a string"',
      '[]',
      '{}',
      '{"jsonrpc":"1.0","id":99,"method":"ping"}',
      '{"jsonrpc":"2.0","id":{"nested":true},"method":"ping"}',
      '[{"jsonrpc":"2.0","id":98,"method":"ping"}]',
      '\u0000\u0001\u0002\u00ff',
      '\ufeff{"jsonrpc":"2.0","id":97,"method":"ping"',
      '\ud800\udfff\ud800',
      '['.repeat(200_000),
      '{"jsonrpc":"2.0","method":"notifications/unknown_thing","params":{}}',
    ];
    for (const line of garbage) server.writeLine(line);
    await stillAnswers(server);
    expect(server.impure).toEqual([]);
    // None of these has an id a client waits on, so (as the SDK does) none is answered.
    expect(server.messages.filter((m) => m.id === 97 || m.id === 98 || m.id === 99)).toEqual([]);
    expect(server.stderr).toContain('ignored a malformed message');
  });

  it('answers unknown methods and malformed tools/call params with JSON-RPC errors', async () => {
    const server = new RawServer(tempDbPath());
    await server.initialize();
    const unknown = await server.request('no/such_method', {});
    expect(unknown.error?.code).toBe(-32601);
    for (const params of [
      {},
      { name: 42 },
      { name: 'list_intro_requests', arguments: [1, 2] },
      { name: 'list_intro_requests', arguments: 'text' },
    ]) {
      const reply = await server.request('tools/call', params);
      // The SDK's own check of tools/call refuses these before any tool runs.
      expect(reply.error?.code).toBe(-32602);
    }
    // No params at all: the same answer, not -32603 from the handler's own schema.
    const bare = server.expect(9_001);
    server.writeLine(JSON.stringify({ jsonrpc: '2.0', id: 9_001, method: 'tools/call' }));
    expect((await bare).error?.code).toBe(-32602);
    const noTool = await server.request('tools/call', {
      name: 'approve_everything',
      arguments: {},
    });
    expect(noTool.result.isError).toBe(true);
    expect(noTool.result.content[0].text).toMatch(/^NOT_FOUND: Unknown tool 'approve_everything'/);
    expect(server.impure).toEqual([]);
    await stillAnswers(server);
  });

  it('answers a call sent before initialisation and then initialises normally', async () => {
    const server = new RawServer(tempDbPath());
    // The SDK's low-level Server does not gate requests on initialize; we rely on that only
    // for not crashing: whatever comes back must be JSON-RPC.
    const early = await server.request('tools/call', {
      name: 'list_intro_requests',
      arguments: {},
    });
    expect(early.result ?? early.error).toBeDefined();
    await server.initialize();
    await stillAnswers(server);
    expect(server.impure).toEqual([]);
  });

  it('answers 10 MB lines without growing past a bound, and keeps answering', async () => {
    const server = new RawServer(tempDbPath());
    await server.initialize();
    await stillAnswers(server);
    const before = rssMiB(server.pid);

    // A 10 MB call with an id: answered with PAYLOAD_TOO_LARGE, through the tool or the line guard.
    const huge = 'x'.repeat(TEN_MB);
    let peak = before;
    for (let id = 1000; id < 1003; id += 1) {
      const reply = server.expect(id, 30_000);
      server.writeLine(
        JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: {
            name: 'draft_intro_request',
            arguments: { idempotencyKey: 'big-key-01', subject: huge },
          },
        }),
      );
      const answer = await reply;
      const text: string = answer.error?.message ?? answer.result.content[0].text;
      expect(text).toMatch(/^PAYLOAD_TOO_LARGE: /);
      peak = Math.max(peak, rssMiB(server.pid));
    }
    // Without an id and past the SDK's own 10 MiB buffer: dropped, and the server lives on.
    server.writeLine('y'.repeat(TEN_MB + 4096));
    await stillAnswers(server);
    peak = Math.max(peak, rssMiB(server.pid));
    await sleep(200);
    const after = rssMiB(server.pid);

    expect(server.alive).toBe(true);
    expect(server.impure).toEqual([]);
    expect(peak).toBeLessThan(MAX_RSS_MIB);
    console.log(
      `protocol: 3 x 10 MiB calls and one 10 MiB line without id: RSS ${before.toFixed(0)} MiB ` +
        `before, ${peak.toFixed(0)} MiB peak, ${after.toFixed(0)} MiB after (bound ` +
        `${MAX_RSS_MIB}); every call answered PAYLOAD_TOO_LARGE; server still answering`,
    );
  });

  it('answers arguments nested 100,000 deep with a coded error for every tool', async () => {
    const server = new RawServer(tempDbPath());
    await server.initialize();
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    let id = 5000;
    for (const tool of TOOLS) {
      for (const field of ['idempotencyKey', 'requestId', 'query', 'cursor']) {
        const reply = server.expect(++id, 30_000);
        server.writeLine(
          `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"${tool.name}",` +
            `"arguments":{"${field}":${deep}}}}`,
        );
        const text: string = (await reply).result.content[0].text;
        expect(text, `${tool.name}.${field}`).toMatch(
          /^(PAYLOAD_TOO_LARGE|IDEMPOTENCY_KEY_INVALID|VALIDATION_ERROR): /,
        );
      }
    }
    expect(server.impure).toEqual([]);
    await stillAnswers(server);
  });

  it('exits promptly once stdin closes, after all of the above', async () => {
    const server = new RawServer(tempDbPath());
    await server.initialize();
    server.writeLine('garbage');
    await stillAnswers(server);
    server.child.stdin!.end();
    expect(await server.exited(5000)).toBe(0);
    expect(server.impure).toEqual([]);
  });
});
