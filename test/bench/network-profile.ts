/**
 * In-process timing of list_matches and search_contacts on a generated store, without stdio:
 * `node --import tsx test/bench/network-profile.ts DB [CALLS]` (DB from network-latency's KEEP_DB).
 * Prints p50 / p95 of the tool call alone (wall clock, and CPU time, which other load on the
 * machine inflates less), of JSON.stringify of its result, and the result's size.
 */
import { systemClock } from '../../src/domain/clock.ts';
import { createServices } from '../../src/domain/services.ts';
import { draftIntroRequest } from '../../src/mcp/tools/draft-intro-request.ts';
import { listMatches } from '../../src/mcp/tools/list-matches.ts';
import { searchContacts } from '../../src/mcp/tools/search-contacts.ts';
import { Store } from '../../src/store/store.ts';

const path = process.argv[2];
if (!path) throw new Error('usage: network-profile.ts DB [CALLS]');
const calls = Number(process.argv[3] ?? 200);
const store = Store.open({ path });
const services = createServices(store, { clock: systemClock, idempotencyTtlMs: 86_400_000 });
const context = {
  services,
  actor: () => ({ kind: 'agent' as const, name: 'profile' }),
};
const drafted = draftIntroRequest.call(
  {
    idempotencyKey: `net-profile-${Date.now()}`,
    subject: 'Founder of Acme raising a seed round',
    target: 'fintech seed investors',
    context: 'Acme builds payments infrastructure for marketplaces in Europe.',
  },
  context,
) as { introRequest: { id: string } };
const request = drafted.introRequest;

function loop(name: string, run: (i: number) => object) {
  const call: number[] = [];
  const json: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let i = 0; i < calls + 10; i += 1) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const result = run(i);
    const cpuUsed = process.cpuUsage(cpuStart);
    const mid = performance.now();
    const text = JSON.stringify(result);
    const end = performance.now();
    bytes = text.length;
    if (i >= 10) {
      call.push(mid - start);
      json.push(end - mid);
      cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
    }
  }
  const at = (list: number[], q: number) =>
    [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))]!;
  process.stdout.write(
    `${name}: call p50 ${at(call, 0.5).toFixed(2)} p95 ${at(call, 0.95).toFixed(2)} ms; ` +
      `cpu p50 ${at(cpu, 0.5).toFixed(2)} ms; stringify p50 ${at(json, 0.5).toFixed(2)} ms; ${bytes} bytes\n`,
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
loop('search_contacts', (i) =>
  searchContacts.call({ query: queries[i % queries.length] }, context),
);
loop('list_matches', () => listMatches.call({ requestId: request.id }, context));
store.close();
