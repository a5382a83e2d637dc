/**
 * Compares two `npm run bench` result files, e.g. from two commits:
 * `node --import tsx test/bench/compare.ts BEFORE.json AFTER.json`. Ratios to the floors are the
 * figures to compare across runs; raw milliseconds move with the machine's load.
 */
import { readFileSync } from 'node:fs';

import { fmt, markdownTable } from './lib/report.ts';

type Json = Record<string, any>;

const [beforePath, afterPath] = process.argv.slice(2);
if (!beforePath || !afterPath) {
  console.error('usage: node --import tsx test/bench/compare.ts BEFORE.json AFTER.json');
  process.exit(2);
}
const before = JSON.parse(readFileSync(beforePath, 'utf8')) as Json;
const after = JSON.parse(readFileSync(afterPath, 'utf8')) as Json;

const startup = (r: Json, name: string, driver: 'sdk' | 'raw'): number =>
  // Files from before the raw driver existed hold the SDK client's phases directly.
  r.startup?.[name]?.[driver]?.firstCall?.p50 ??
  (driver === 'sdk' ? r.startup?.[name]?.firstCall?.p50 : undefined) ??
  Number.NaN;
const FLOOR = 'floor (SDK, as installed)';

const measures: [string, (r: Json) => number][] = [
  [
    'cold start ÷ floor (SDK client)',
    (r) => startup(r, 'AgentIntros', 'sdk') / startup(r, FLOOR, 'sdk'),
  ],
  [
    'cold start ÷ floor (raw JSON-RPC)',
    (r) => startup(r, 'AgentIntros', 'raw') / startup(r, FLOOR, 'raw'),
  ],
  ['draft p50 ÷ durable floor p50', (r) => r.latency.draft.p50 / r.latency.floorDurable.p50],
  ['replay p50 ÷ no-op floor p50', (r) => r.latency.replay.p50 / r.latency.floorNoop.p50],
  [
    'draft p50 ÷ peer create_entities p50',
    (r) => r.latency.draft.p50 / r.latency.peerCreateEntities.p50,
  ],
  ['idle RSS ÷ floor', (r) => r.idleRssMiB.ours / r.idleRssMiB.floorInstalled],
  ['draft p50 (ms)', (r) => r.latency.draft.p50],
  ['cold start, SDK client (ms)', (r) => startup(r, 'AgentIntros', 'sdk')],
];

console.log(
  markdownTable(
    [
      'measure',
      `${before.commit} (${before.when})`,
      `${after.commit} (${after.when})`,
      'after ÷ before',
    ],
    measures.map(([name, read]) => {
      const a = read(before);
      const b = read(after);
      return [name, fmt(a), fmt(b), `${fmt(b / a)}×`];
    }),
  ),
);
