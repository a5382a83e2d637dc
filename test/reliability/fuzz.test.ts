/**
 * Property-based fuzzing of every registered tool (SPEC §5: never crashes on bad input; stdout is
 * JSON-RPC only). Most calls run in memory through the server factory; a few thousand go through
 * a real stdio child whose every stdout line is checked.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Services } from '../../src/domain/services.ts';
import type { Tool } from '../../src/mcp/tool.ts';
import { TOOLS } from '../../src/mcp/tools/index.ts';
import { call, connectInMemory } from '../helpers/mcp.ts';
import { openTestServices } from '../helpers/store.ts';
import { fuzzArguments, judge, overTheWire, type Pools, type Verdict } from './arbitraries.ts';
import { RawServer, type SeededNetwork, seedNetwork } from './harness.ts';

const IN_MEMORY_CALLS = 10_500;
const STDIO_CALLS = 2_100;
const SEED = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const perTool = (total: number) => Math.ceil(total / TOOLS.length);

function tally(verdicts: Map<string, Map<Verdict, number>>, tool: string, verdict: Verdict): void {
  const byVerdict = verdicts.get(tool) ?? new Map<Verdict, number>();
  byVerdict.set(verdict, (byVerdict.get(verdict) ?? 0) + 1);
  verdicts.set(tool, byVerdict);
}

function summary(verdicts: Map<string, Map<Verdict, number>>): string {
  return [...verdicts]
    .map(([tool, byVerdict]) => {
      const parts = [...byVerdict].map(([verdict, n]) => `${verdict} ${n}`).join(', ');
      return `  ${tool}: ${parts}`;
    })
    .join('\n');
}

/** A store with contacts (e-mails and phones that must never show) and a few requests. */
async function fuzzedStore(): Promise<{
  services: Services;
  path: string;
  pools: Pools;
  network: SeededNetwork;
}> {
  const { services, path } = openTestServices();
  const network = seedNetwork(services.store.db, 30);
  const client = await connectInMemory(services);
  const ids = [...network.contactIds, 'mb_me'];
  for (let i = 0; i < 3; i += 1) {
    const reply = await call(client, 'draft_intro_request', {
      idempotencyKey: `fuzz-seed-request-${i}`,
      subject: `Founder ${i} raising seed`,
      target: 'fintech investor',
    });
    ids.push(reply.data.introRequest.id);
  }
  const page = await call(client, 'list_intro_requests', { limit: 1 });
  return { services, path, pools: { ids, cursors: [page.data.nextCursor] }, network };
}

function leaks(text: string, network: SeededNetwork): string | undefined {
  return [...network.emails, ...network.phones].find((secret) => text.includes(secret));
}

describe('every registered tool under generated hostile calls', { tags: ['slow'] }, () => {
  it('answers each in-memory call with a valid result or a coded error', async () => {
    const { services, network, pools } = await fuzzedStore();
    const client = await connectInMemory(services);
    const verdicts = new Map<string, Map<Verdict, number>>();
    let calls = 0;

    for (const tool of TOOLS) {
      await fc.assert(
        fc.asyncProperty(fuzzArguments(tool, pools), async (args) => {
          calls += 1;
          const result = await client.callTool({ name: tool.name, arguments: overTheWire(args) });
          const verdict = judge(tool, result);
          const leaked = leaks(JSON.stringify(result), network);
          if (leaked) throw new Error(`${tool.name} returned a contact's e-mail or phone`);
          // An INTERNAL answer to bad input means an unhandled path, not a validation message.
          if (verdict === 'INTERNAL') throw new Error(`${tool.name}: ${JSON.stringify(result)}`);
          tally(verdicts, tool.name, verdict);
          if (verdict === 'ok' && tool.annotations.readOnlyHint === false) {
            pools.ids.push(...idsIn(result.structuredContent));
          }
        }),
        { numRuns: perTool(IN_MEMORY_CALLS), seed: SEED, endOnFailure: true },
      );
    }

    // Still up and still right.
    const after = await call(client, 'list_intro_requests', { limit: 1 });
    expect(after.isError).toBe(false);
    console.log(
      `fuzz in memory (seed ${SEED}): ${calls} calls over ${TOOLS.length} tools, every one a ` +
        `valid result or a coded error, 0 INTERNAL, 0 e-mails or phones shown:\n${summary(verdicts)}`,
    );
    expect(calls).toBeGreaterThanOrEqual(10_000);
  }, 150_000);

  it('keeps a stdio child up and its stdout pure JSON-RPC under generated calls', async () => {
    const { path, pools } = await fuzzedStore();
    const server = new RawServer(path);
    await server.initialize();
    const verdicts = new Map<string, Map<Verdict, number>>();
    const byName = new Map<string, Tool>(TOOLS.map((tool) => [tool.name, tool]));

    const generated = TOOLS.flatMap((tool) =>
      fc
        .sample(fuzzArguments(tool, pools), { numRuns: perTool(STDIO_CALLS), seed: SEED })
        .map((args) => ({ tool, args })),
    );
    let tooLongLines = 0;
    for (let start = 0; start < generated.length; start += 16) {
      const batch = generated.slice(start, start + 16);
      const replies = await Promise.all(
        batch.map(({ tool, args }) =>
          server.request('tools/call', { name: tool.name, arguments: args }, 30_000),
        ),
      );
      replies.forEach((reply, i) => {
        const tool = byName.get(batch[i]!.tool.name)!;
        if (reply.error) {
          // Only a line over the transport's bound is answered outside a tool result.
          expect(reply.error.message).toMatch(/^PAYLOAD_TOO_LARGE: /);
          tooLongLines += 1;
          return;
        }
        const verdict = judge(tool, reply.result);
        expect(verdict).not.toBe('INTERNAL');
        tally(verdicts, tool.name, verdict);
      });
    }

    expect(server.impure).toEqual([]);
    expect(server.alive).toBe(true);
    const after = await server.request('tools/call', {
      name: 'list_intro_requests',
      arguments: {},
    });
    expect(after.result.isError).toBeUndefined();
    console.log(
      `fuzz over stdio (seed ${SEED}): ${generated.length} calls, ${server.messages.length} ` +
        `stdout lines all JSON-RPC 2.0, ${tooLongLines} over-long lines answered with a ` +
        `JSON-RPC PAYLOAD_TOO_LARGE, server alive:\n${summary(verdicts)}`,
    );
    expect(generated.length).toBeGreaterThanOrEqual(2_000);
  }, 150_000);
});

function idsIn(value: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(value, (key, inner: unknown) => {
    if (key === 'id' && typeof inner === 'string') found.push(inner);
    return inner;
  });
  return found;
}
