/**
 * Ad-hoc latency check of list_matches and search_contacts over stdio on a generated store:
 * `node --import tsx test/bench/network-latency.ts [CONTACTS] [CALLS]` after `npm run build`.
 * Prints p50 / p95 per tool; the full benchmark (npm run bench) reuses the same generator.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { fillNetwork } from './network-generator.ts';

const contacts = Number(process.argv[2] ?? 100_000);
const calls = Number(process.argv[3] ?? 200);
const keep = process.env.KEEP_DB;
const dir = mkdtempSync(join(tmpdir(), 'agentintros-netbench-'));
const db = keep ?? join(dir, 'network.db');

if (!existsSync(db)) {
  const started = performance.now();
  fillNetwork(db, contacts);
  process.stderr.write(
    `filled ${contacts} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

const client = new Client({ name: 'network-bench', version: '1' });
await client.connect(
  new StdioClientTransport({
    command: process.execPath,
    args: [resolve(import.meta.dirname, '../../dist/agentintros.js'), 'mcp'],
    env: { PATH: process.env.PATH ?? '', AGENTINTROS_DB: db },
  }),
);
await client.listTools();

async function loop(name: string, args: (i: number) => Record<string, unknown>) {
  for (let i = 0; i < 10; i += 1) await client.callTool({ name, arguments: args(i) });
  const times: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const start = performance.now();
    const result = await client.callTool({ name, arguments: args(i) });
    times.push(performance.now() - start);
    if (result.isError) throw new Error(JSON.stringify(result.content));
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  process.stdout.write(
    `${name}: p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms\n`,
  );
}

const queries = [
  'fintech investor',
  'engineering manager Berlin',
  'design',
  'seed',
  'ai',
  'climate founder London',
];
await loop('search_contacts', (i) => ({ query: queries[i % queries.length] }));
const drafted = await client.callTool({
  name: 'draft_intro_request',
  arguments: {
    idempotencyKey: `net-bench-${Date.now()}`,
    subject: 'Founder of Acme raising a seed round',
    target: 'fintech seed investors',
    context: 'Acme builds payments infrastructure for marketplaces in Europe.',
  },
});
const requestId = (drafted.structuredContent as { introRequest: { id: string } }).introRequest.id;
await loop('list_matches', () => ({ requestId }));
await client.close();
if (!keep) rmSync(dir, { recursive: true, force: true });
