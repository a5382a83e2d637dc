/**
 * The scale section: list_matches and search_contacts over stores of 1k-100k contacts, and import
 * throughput, each built by the generator its engineer owns. A part whose generator or tool is not
 * there yet prints "skipped" with the reason instead of a figure.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { callLoop, type LoopResult } from './latency.ts';
import { fmt, markdownTable } from './report.ts';
import { openSession, rssMiB } from './session.ts';

const BENCH = join(import.meta.dirname, '..');
const NETWORK_GENERATOR = join(BENCH, 'network-generator.ts');
const LINKEDIN_GENERATOR = join(BENCH, 'linkedin-generator.ts');

export interface NetworkOptions {
  work: string;
  entry: string;
  sizes: number[];
  importRows: number;
  calls: number;
  log(line: string): void;
}

export interface ScaleFigures {
  contacts: number;
  fillSeconds: number;
  searchContacts?: LoopResult;
  listMatches?: LoopResult;
  rssMiB?: number;
  /** Per query: how many of its first page's 10 contacts a ranking of every match also puts there. */
  recall?: { query: string; shared: number }[];
  skipped?: string;
}

export interface NetworkFigures {
  scale: ScaleFigures[];
  /** peakRssMiB: the import process's high-water mark (VmHWM); absent where /proc is not. */
  import?: {
    rows: number;
    /** The median run's. */
    seconds: number;
    runsSeconds: number[];
    rowsPerSecond: number;
    /** The highest of the runs'. */
    peakRssMiB?: number;
  };
  skipped: string[];
  report: string;
}

export async function runNetworkSection(options: NetworkOptions): Promise<NetworkFigures> {
  const skipped: string[] = [];
  const scale: ScaleFigures[] = [];
  if (!existsSync(NETWORK_GENERATOR)) {
    skipped.push('list_matches / search_contacts: skipped: generator not yet available');
  } else {
    for (const size of options.sizes) scale.push(await measureScale(size, options));
  }

  let imported: NetworkFigures['import'];
  if (!existsSync(LINKEDIN_GENERATOR)) {
    skipped.push('import rows/s: skipped: generator not yet available');
  } else {
    const result = await measureImport(options);
    if (typeof result === 'string') skipped.push(`import rows/s: skipped: ${result}`);
    else imported = result;
  }

  return { scale, import: imported, skipped, report: report(scale, imported, skipped) };
}

async function measureScale(size: number, options: NetworkOptions): Promise<ScaleFigures> {
  const db = join(options.work, `network-${size}.db`);
  options.log(`filling a store with ${size} contacts`);
  const start = performance.now();
  const { fillNetwork } = (await import(NETWORK_GENERATOR)) as {
    fillNetwork: (path: string, contacts: number) => void | Promise<void>;
  };
  await fillNetwork(db, size);
  const fillSeconds = (performance.now() - start) / 1000;

  const session = await openSession({
    name: 'AgentIntros',
    args: [options.entry, 'mcp'],
    env: { AGENTINTROS_DB: db },
    firstCall: { name: 'list_intro_requests', arguments: {} },
  });
  try {
    const names = new Set((await session.client.listTools()).tools.map((tool) => tool.name));
    const figures: ScaleFigures = { contacts: size, fillSeconds };
    const loops = { calls: options.calls, warmup: 5 };
    const missing = ['search_contacts', 'list_matches'].filter((name) => !names.has(name));
    if (missing.length > 0) figures.skipped = `${missing.join(', ')} not yet offered`;

    const queries = ['fintech investor', 'engineering manager Berlin', 'design', 'seed', 'ai'];
    if (names.has('search_contacts')) {
      figures.searchContacts = await callLoop(
        session,
        (i) => ({ name: 'search_contacts', arguments: { query: queries[Math.abs(i) % 5] } }),
        { ...loops, groupOf: (request) => String(request.arguments.query) },
      );
    }
    if (names.has('list_matches')) {
      const drafted = await session.client.callTool({
        name: 'draft_intro_request',
        arguments: {
          idempotencyKey: `bench-scale-${size}`,
          subject: 'Founder of Acme raising a seed round',
          target: 'fintech seed investors',
        },
      });
      const requestId = (drafted.structuredContent as { introRequest: { id: string } }).introRequest
        .id;
      figures.listMatches = await callLoop(
        session,
        () => ({ name: 'list_matches', arguments: { requestId } }),
        loops,
      );
    }
    figures.rssMiB = rssMiB(session.pid);
    if (size === Math.max(...options.sizes)) figures.recall = await measureRecall(db, queries);
    return figures;
  } finally {
    await session.close();
  }
}

/**
 * Ranking looks at a bounded window of each stage's matches (RANK_WINDOW, CANDIDATE_LIMIT): how
 * much of the first page a ranking of every match would keep, in this process, on the same store.
 */
async function measureRecall(db: string, queries: string[]) {
  const { Store } = await import('../../../src/store/store.ts');
  const { Network } = await import('../../../src/domain/matching.ts');
  const { systemClock } = await import('../../../src/domain/clock.ts');
  const store = Store.open({ path: db });
  try {
    const bounded = new Network(store, systemClock);
    const every = new Network(store, systemClock, { window: 1e9, candidates: 1e9 });
    const page = { minTrustScore: 0, limit: 10 };
    const ids = (network: InstanceType<typeof Network>, query: string) =>
      network.search(query, page).contacts.map((match) => match.contact.id);
    return queries.map((query) => {
      const all = new Set(ids(every, query));
      return { query, shared: ids(bounded, query).filter((id) => all.has(id)).length };
    });
  } finally {
    store.close();
  }
}

async function measureImport(options: NetworkOptions): Promise<NetworkFigures['import'] | string> {
  const csv = join(options.work, 'connections.csv');
  const { writeLinkedInCsv } = (await import(LINKEDIN_GENERATOR)) as {
    writeLinkedInCsv: (path: string, rows: number) => void | Promise<void>;
  };
  await writeLinkedInCsv(csv, options.importRows);

  // Each run into a new store; the median of three, since one run swings with the machine.
  options.log(
    `importing ${options.importRows} LinkedIn rows through the CLI, ${IMPORT_RUNS} times`,
  );
  const runs: { seconds: number; peakRssMiB?: number }[] = [];
  for (let n = 0; n < IMPORT_RUNS; n += 1) {
    const start = performance.now();
    const run = await spawnMeasured(process.execPath, [
      options.entry,
      'import',
      csv,
      '--db',
      join(options.work, `import-${n}.db`),
      '--json',
    ]);
    if (run.status !== 0) {
      return `agentintros import exited ${run.status}: ${run.stderr.slice(0, 200)}`;
    }
    runs.push({ seconds: (performance.now() - start) / 1000, peakRssMiB: run.peakRssMiB });
  }
  const seconds = runs.map((run) => run.seconds).sort((a, b) => a - b)[1]!;
  const peaks = runs.flatMap((run) => (run.peakRssMiB === undefined ? [] : [run.peakRssMiB]));
  return {
    rows: options.importRows,
    seconds,
    runsSeconds: runs.map((run) => run.seconds),
    rowsPerSecond: options.importRows / seconds,
    peakRssMiB: peaks.length > 0 ? Math.max(...peaks) : undefined,
  };
}

const IMPORT_RUNS = 3;

/**
 * Runs a child to its end, reading its VmHWM (peak resident set) from /proc every 20 ms while it
 * runs: the last reading before it exits is its peak. Undefined where there is no /proc.
 */
async function spawnMeasured(
  command: string,
  args: string[],
): Promise<{ status: number | null; stderr: string; peakRssMiB?: number }> {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let peakKib: number | undefined;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
      if (kib !== undefined) peakKib = Math.max(peakKib ?? 0, Number(kib));
    } catch {
      // Gone already, or no /proc on this system.
    }
  };
  const timer = setInterval(sample, 20);
  sample();
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  }).finally(() => clearInterval(timer));
  return { status, stderr, peakRssMiB: peakKib === undefined ? undefined : peakKib / 1024 };
}

function report(
  scale: ScaleFigures[],
  imported: NetworkFigures['import'],
  skipped: string[],
): string {
  const parts: string[] = [];
  if (scale.length > 0) {
    const cell = (loop?: LoopResult): string =>
      loop ? `${fmt(loop.p50)} / ${fmt(loop.p95)}` : 'skipped';
    parts.push(
      markdownTable(
        [
          'contacts',
          'search_contacts p50 / p95 ms',
          'list_matches p50 / p95 ms',
          'RSS MiB',
          'note',
        ],
        scale.map((row) => [
          String(row.contacts),
          cell(row.searchContacts),
          cell(row.listMatches),
          fmt(row.rssMiB ?? Number.NaN),
          row.skipped ?? '',
        ]),
      ),
    );
  }
  for (const row of scale) {
    // The largest network's row, the only one with recall, also gets search by query.
    if (!row.recall) continue;
    const byQuery = row.searchContacts?.byGroup ?? {};
    parts.push(
      `search_contacts at ${row.contacts} contacts by query, p50 / p95 ms: ` +
        Object.entries(byQuery)
          .map(([query, loop]) => `'${query}' ${fmt(loop.p50)} / ${fmt(loop.p95)}`)
          .join(', '),
    );
    parts.push(
      `search_contacts at ${row.contacts} contacts, the first page's 10 that a ranking of every ` +
        `match also puts there: ${row.recall.map((r) => `'${r.query}' ${r.shared}`).join(', ')}`,
    );
  }
  if (imported) {
    const peak =
      imported.peakRssMiB === undefined
        ? 'peak RSS n/a'
        : `peak RSS ${fmt(imported.peakRssMiB)} MiB`;
    parts.push(
      `import: ${imported.rows} LinkedIn rows in ${fmt(imported.seconds)} s = ` +
        `${fmt(imported.rowsPerSecond)} rows/s, median of ${imported.runsSeconds.length} runs ` +
        `(${imported.runsSeconds.map((run) => fmt(run)).join(', ')} s), ${peak} (CLI, spawn ` +
        'included, each run into a new store)',
    );
  }
  parts.push(...skipped);
  return parts.join('\n\n');
}
