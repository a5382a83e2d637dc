/**
 * `npm run bench` (issue 6): start-up, latency, scale and memory of the built server, each as a
 * ratio to floors (a bare SDK server, the same doing one durable insert) and a peer (the official
 * memory server) measured in the same run, so a noisy machine moves both sides alike.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import { build } from 'esbuild';

import { bundleOptions } from '../../src/bundle-options.mjs';
import { callLoop, interleavedLoops, type LoopResult } from './lib/latency.ts';
import { type NetworkFigures, runNetworkSection } from './lib/network.ts';
import { rawColdStart } from './lib/raw.ts';
import { fmt, type GoalRow, goalTable, markdownTable } from './lib/report.ts';
import {
  coldStart,
  openSession,
  rssMiB,
  type ServerSpec,
  type StartupSample,
} from './lib/session.ts';
import { summarise, type Summary } from './lib/stats.ts';
import { preloadIntroRequests, writeMemoryFile } from './lib/stores.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = join(ROOT, 'dist/agentintros.js');
const FLOORS = join(import.meta.dirname, 'floors');
const PEER = join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    rounds: { type: 'string' },
  },
});
const quick = flags.quick === true;
const plan = {
  startupRounds: Number(flags.rounds ?? (quick ? 3 : 15)),
  calls: quick ? 150 : 1500,
  warmup: quick ? 10 : 50,
  peerCalls: quick ? 20 : 150,
  preload: 5000,
  largePreload: quick ? 0 : 50_000,
  peerRecords: 5000,
  contactSizes: quick ? [1000] : [1000, 10_000, 100_000],
  importRows: quick ? 5000 : 100_000,
};

const work = mkdtempSync(join(tmpdir(), 'agentintros-bench-'));
const log = (line: string): void => console.error(`bench: ${line}`);

async function main(): Promise<void> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing; run npm run build first.`);
  const started = Date.now();

  log('bundling the bare server with esbuild');
  const bundled = await bundleFloor();

  const ourStartupDb = join(work, 'startup.db');
  preloadIntroRequests(ourStartupDb, 0);
  const emptyMemory = join(work, 'memory-empty.jsonl');
  writeFileSync(emptyMemory, '');

  const servers = {
    floorInstalled: noopSpec('floor (SDK, as installed)', join(FLOORS, 'noop-server.mjs')),
    floorBundled: noopSpec('floor (SDK, bundled)', bundled),
    floorDurable: durableSpec(join(work, 'floor-startup.db')),
    peer: peerSpec(emptyMemory, { name: 'read_graph', arguments: {} }),
    ours: ourSpec(ourStartupDb, { name: 'list_intro_requests', arguments: {} }),
  };

  log(`start-up: ${plan.startupRounds} rounds over ${Object.keys(servers).length} servers`);
  const startup = await measureStartup(Object.values(servers));
  const schemaCompile = await clientSchemaCompile(servers.ours);

  log('idle memory');
  const idle = {
    floorInstalled: await idleRss(servers.floorInstalled),
    floorBundled: await idleRss(servers.floorBundled),
    ours: await idleRss(servers.ours),
  };

  log(`latency: ${plan.calls} calls per loop`);
  const latency = await measureLatency();

  const network = await runNetworkSection({
    work,
    entry: ENTRY,
    sizes: plan.contactSizes,
    importRows: plan.importRows,
    // 300 calls, so that p95 is not decided by five calls.
    calls: quick ? 20 : 300,
    log,
  });

  const figures = {
    when: new Date(started).toISOString(),
    quick,
    plan,
    machine: machine(),
    commit: gitCommit(),
    durationSeconds: (Date.now() - started) / 1000,
    startup,
    clientSchemaCompileMs: schemaCompile,
    idleRssMiB: idle,
    latency: latency.figures,
    loadedRssMiB: latency.loadedRssMiB,
    network,
  };
  printReport(figures, servers);
  writeResults(figures);
}

function noopSpec(name: string, file: string): ServerSpec {
  return { name, args: [file], env: {}, firstCall: { name: 'noop', arguments: {} } };
}

function durableSpec(db: string): ServerSpec {
  return {
    name: 'floor (SDK + durable insert)',
    args: [join(FLOORS, 'durable-server.mjs')],
    env: { FLOOR_DB_PATH: db },
    firstCall: { name: 'write', arguments: {} },
  };
}

function peerSpec(memoryFile: string, firstCall: ServerSpec['firstCall']): ServerSpec {
  return {
    name: 'peer (server-memory)',
    args: [PEER],
    env: { MEMORY_FILE_PATH: memoryFile },
    firstCall,
  };
}

function ourSpec(db: string, firstCall: ServerSpec['firstCall']): ServerSpec {
  return { name: 'AgentIntros', args: [ENTRY, 'mcp'], env: { AGENTINTROS_DB: db }, firstCall };
}

/** The no-op floor bundled into one file, as our build bundles the entry. */
async function bundleFloor(): Promise<string> {
  const outfile = join(work, 'floor-bundled.mjs');
  await build({ ...bundleOptions(ROOT), entryPoints: [join(FLOORS, 'noop-server.mjs')], outfile });
  return outfile;
}

interface PhaseFigures {
  initialize: Summary;
  listTools: Summary;
  firstCall: Summary;
}

/** `sdk`: as the SDK client sees it; `raw`: raw JSON-RPC lines, the server's own time only. */
interface StartupFigures {
  sdk: PhaseFigures;
  raw: PhaseFigures;
}

/** Every round spawns each server once per driver, in an order that rotates, so noise falls on all alike. */
async function measureStartup(specs: ServerSpec[]): Promise<Record<string, StartupFigures>> {
  const sdk = new Map<string, StartupSample[]>(specs.map((spec) => [spec.name, []]));
  const raw = new Map<string, StartupSample[]>(specs.map((spec) => [spec.name, []]));
  for (const spec of specs) await coldStart(spec); // page cache warm for all
  for (let round = 0; round < plan.startupRounds; round += 1) {
    for (let i = 0; i < specs.length; i += 1) {
      const spec = specs[(round + i) % specs.length]!;
      if (round % 2 === 0) {
        sdk.get(spec.name)!.push(await coldStart(spec));
        raw.get(spec.name)!.push(await rawColdStart(spec));
      } else {
        raw.get(spec.name)!.push(await rawColdStart(spec));
        sdk.get(spec.name)!.push(await coldStart(spec));
      }
    }
  }
  const phases = (list: StartupSample[]): PhaseFigures => ({
    initialize: summarise(list.map((s) => s.initialize)),
    listTools: summarise(list.map((s) => s.listTools)),
    firstCall: summarise(list.map((s) => s.firstCall)),
  });
  return Object.fromEntries(
    specs.map((spec) => [
      spec.name,
      { sdk: phases(sdk.get(spec.name)!), raw: phases(raw.get(spec.name)!) },
    ]),
  );
}

/**
 * What the SDK client spends compiling our output schemas with ajv after tools/list (the floors
 * declare none): part of the SDK-client start-up figures, not of the server's own time.
 */
async function clientSchemaCompile(spec: ServerSpec): Promise<Summary> {
  const session = await openSession(spec);
  try {
    const { tools } = await session.client.listTools();
    const samples: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const validator = new AjvJsonSchemaValidator();
      validator.getValidator({ type: 'object' }); // Ajv's own set-up is not ours
      const start = performance.now();
      for (const tool of tools) if (tool.outputSchema) validator.getValidator(tool.outputSchema);
      samples.push(performance.now() - start);
    }
    return summarise(samples);
  } finally {
    await session.close();
  }
}

/** RSS after initialize and tools/list, once the process has settled. */
async function idleRss(spec: ServerSpec): Promise<number> {
  const session = await openSession(spec);
  try {
    await session.client.listTools();
    await new Promise((done) => setTimeout(done, 300));
    return rssMiB(session.pid);
  } finally {
    await session.close();
  }
}

async function measureLatency(): Promise<{
  figures: Record<string, LoopResult>;
  loadedRssMiB: number;
}> {
  const figures: Record<string, LoopResult> = {};
  const loops = { calls: plan.calls, warmup: plan.warmup };

  log(`AgentIntros: ${plan.preload} requests stored; floors and AgentIntros call by call in turn`);
  const db = join(work, 'latency.db');
  preloadIntroRequests(db, plan.preload);
  const noop = await openSession(noopSpec('noop', join(FLOORS, 'noop-server.mjs')));
  const durable = await openSession(durableSpec(join(work, 'floor-latency.db')));
  const ours = await openSession(ourSpec(db, { name: 'list_intro_requests', arguments: {} }));
  const replayed = draftCall('bench-replayed');
  Object.assign(
    figures,
    await interleavedLoops(
      [
        { name: 'floorNoop', session: noop, call: () => ({ name: 'noop', arguments: {} }) },
        { name: 'floorDurable', session: durable, call: () => ({ name: 'write', arguments: {} }) },
        { name: 'draft', session: ours, call: (i) => draftCall(`bench-call-${i}`) },
        { name: 'replay', session: ours, call: () => replayed },
      ],
      loops,
    ),
  );
  const loadedRssMiB = rssMiB(ours.pid);
  await Promise.all([noop.close(), durable.close(), ours.close()]);

  log(`peer: create_entities with ${plan.peerRecords} entities stored`);
  const memory = join(work, 'memory-5k.jsonl');
  writeMemoryFile(memory, plan.peerRecords);
  const peer = await openSession(peerSpec(memory, { name: 'read_graph', arguments: {} }));
  figures.peerCreateEntities = await callLoop(
    peer,
    (i) => ({
      name: 'create_entities',
      arguments: {
        entities: [{ name: `Bench ${i}`, entityType: 'person', observations: ['benchmark'] }],
      },
    }),
    { calls: plan.peerCalls, warmup: 3 },
  );
  await peer.close();

  if (plan.largePreload > 0) {
    log(`AgentIntros: draft_intro_request with ${plan.largePreload} requests stored`);
    const large = join(work, 'latency-large.db');
    preloadIntroRequests(large, plan.largePreload);
    const session = await openSession(
      ourSpec(large, { name: 'list_intro_requests', arguments: {} }),
    );
    figures.draftLarge = await callLoop(session, (i) => draftCall(`bench-call-${i}`), loops);
    await session.close();
  }
  return { figures, loadedRssMiB };
}

function draftCall(key: string): { name: string; arguments: Record<string, unknown> } {
  return {
    name: 'draft_intro_request',
    arguments: {
      idempotencyKey: key,
      subject: 'Founder of Acme raising a seed round',
      target: 'fintech seed investors in Europe',
      context: 'Met at the Lisbon fintech meetup; warm intro preferred.',
    },
  };
}

interface Figures {
  when: string;
  quick: boolean;
  machine: ReturnType<typeof machine>;
  commit: string;
  durationSeconds: number;
  startup: Record<string, StartupFigures>;
  clientSchemaCompileMs: Summary;
  idleRssMiB: { floorInstalled: number; floorBundled: number; ours: number };
  latency: Record<string, LoopResult>;
  loadedRssMiB: number;
  network: NetworkFigures;
}

function printReport(figures: Figures, servers: Record<string, ServerSpec>): void {
  const s = figures.startup;
  const floor = s[servers.floorInstalled!.name]!;
  const bundledFloor = s[servers.floorBundled!.name]!;
  const ours = s[servers.ours!.name]!;
  const lat = figures.latency;
  const out: string[] = [];

  out.push(
    `AgentIntros benchmark, ${figures.when}${figures.quick ? ' (--quick)' : ''}, commit ` +
      `${figures.commit}; ${figures.machine.cpus}× ${figures.machine.cpu}, Node ` +
      `${figures.machine.node}; ${plan.startupRounds} start-up rounds, ${plan.calls} calls per loop.`,
    '',
    '### Start-up (ms since spawn, median; p95 of the first call)',
    '',
    markdownTable(
      [
        'server',
        'SDK client: initialize / tools/list / first call',
        'p95',
        '÷ floor',
        'raw JSON-RPC: initialize / tools/list / first call',
        'p95',
        '÷ floor',
      ],
      Object.entries(s).map(([name, f]) => [
        name,
        phaseCells(f.sdk),
        fmt(f.sdk.firstCall.p95),
        `${fmt(f.sdk.firstCall.p50 / floor.sdk.firstCall.p50)}×`,
        phaseCells(f.raw),
        fmt(f.raw.firstCall.p95),
        `${fmt(f.raw.firstCall.p50 / floor.raw.firstCall.p50)}×`,
      ]),
    ),
    '',
    `The SDK client compiles AgentIntros' output schemas with ajv after tools/list: ` +
      `${fmt(figures.clientSchemaCompileMs.p50)} ms (median of 5) of its tools/list phase is ` +
      'client-side work the floors (no output schemas) do not cause.',
    '',
    '### Goals',
    '',
  );

  const rows: GoalRow[] = [
    {
      measure: 'cold start (spawn → first call answered, SDK client), median',
      ours: ours.sdk.firstCall.p50,
      unit: 'ms',
      reference: 'bare SDK floor as installed',
      referenceValue: floor.sdk.firstCall.p50,
      goal: 0.75,
    },
    {
      measure: 'cold start, server only (raw JSON-RPC), median',
      ours: ours.raw.firstCall.p50,
      unit: 'ms',
      reference: 'bare SDK floor as installed',
      referenceValue: floor.raw.firstCall.p50,
      goal: 0.75,
    },
    {
      measure: 'cold start, server only (raw JSON-RPC), median',
      ours: ours.raw.firstCall.p50,
      unit: 'ms',
      reference: 'bare SDK floor bundled',
      referenceValue: bundledFloor.raw.firstCall.p50,
    },
    {
      measure: `draft_intro_request p50 (${plan.preload} stored)`,
      ours: lat.draft!.p50,
      unit: 'ms',
      reference: 'durable-insert floor p50',
      referenceValue: lat.floorDurable!.p50,
      goal: 1.5,
    },
    {
      measure: 'draft_intro_request p95',
      ours: lat.draft!.p95,
      unit: 'ms',
      reference: 'durable-insert floor p95',
      referenceValue: lat.floorDurable!.p95,
    },
    {
      measure: 'draft_intro_request p99',
      ours: lat.draft!.p99,
      unit: 'ms',
      reference: 'durable-insert floor p99',
      referenceValue: lat.floorDurable!.p99,
    },
    {
      measure: 'draft_intro_request calls/s (one client, sequential; 1000 ÷ mean)',
      ours: 1000 / lat.draft!.callsPerSecond,
      unit: 'ms/call',
      reference: `${fmt(lat.draft!.callsPerSecond)} vs ${fmt(lat.floorDurable!.callsPerSecond)} calls/s; floor`,
      referenceValue: 1000 / lat.floorDurable!.callsPerSecond,
    },
    {
      measure: 'replay (same key, same arguments) p50',
      ours: lat.replay!.p50,
      unit: 'ms',
      reference: 'no-op floor p50',
      referenceValue: lat.floorNoop!.p50,
      goal: 1.5,
    },
    {
      measure: `draft_intro_request p50 vs peer (${plan.peerRecords} records stored)`,
      ours: lat.draft!.p50,
      unit: 'ms',
      reference: 'server-memory create_entities p50',
      referenceValue: lat.peerCreateEntities!.p50,
      goal: 0.1,
    },
    {
      // The bound under the row above: one fsync per durable write, which the peer never pays.
      measure: 'durable-insert floor p50 vs peer (the best a durable write can do)',
      ours: lat.floorDurable!.p50,
      unit: 'ms',
      reference: 'server-memory create_entities p50',
      referenceValue: lat.peerCreateEntities!.p50,
    },
  ];
  if (lat.draftLarge) {
    rows.push({
      measure: `draft_intro_request p50 (${plan.largePreload} stored): flat as the store grows`,
      ours: lat.draftLarge.p50,
      unit: 'ms',
      reference: `p50 with ${plan.preload} stored`,
      referenceValue: lat.draft!.p50,
      goal: 1.25,
    });
  }
  rows.push(
    {
      measure: 'idle RSS (after initialize + tools/list)',
      ours: figures.idleRssMiB.ours,
      unit: 'MiB',
      reference: 'bare SDK floor as installed',
      referenceValue: figures.idleRssMiB.floorInstalled,
      goal: 1.2,
    },
    {
      measure: `loaded RSS (after ${2 * (plan.calls + plan.warmup)} calls)`,
      ours: figures.loadedRssMiB,
      unit: 'MiB',
      reference: 'bare SDK floor idle',
      referenceValue: figures.idleRssMiB.floorInstalled,
    },
  );
  out.push(goalTable(rows), '');
  out.push('### Scale', '', figures.network.report, '');
  out.push(`Total run: ${fmt(figures.durationSeconds)} s.`);
  console.log(out.join('\n'));
}

function phaseCells(f: PhaseFigures): string {
  return `${fmt(f.initialize.p50)} / ${fmt(f.listTools.p50)} / ${fmt(f.firstCall.p50)}`;
}

function writeResults(figures: Figures): void {
  const file = flags.out
    ? resolve(flags.out)
    : join(
        import.meta.dirname,
        'results',
        `${figures.when.replace(/[:.]/g, '-')}-${figures.commit}${figures.quick ? '-quick' : ''}.json`,
      );
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
  log(`raw figures written to ${file}`);
}

function machine(): { cpus: number; cpu: string; node: string; platform: string } {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // Not Linux: os.cpus() named it already.
  }
  return { cpus: cpus().length, cpu, node: process.version, platform: process.platform };
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })
      .toString()
      .trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT }).length > 0;
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return 'unknown';
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
