/**
 * Sequential call loops over one session: per-call latency as the client sees it, and the
 * throughput of one client calling back to back.
 */
import type { Session } from './session.ts';
import { textOf } from './session.ts';
import { summarise, type Summary } from './stats.ts';

export interface LoopResult extends Summary {
  callsPerSecond: number;
  /** The same figures for each group of calls (by `groupOf` of each request), when given one. */
  byGroup?: Record<string, Summary>;
}

export async function callLoop(
  session: Session,
  call: (i: number) => { name: string; arguments: Record<string, unknown> },
  options: {
    calls: number;
    warmup: number;
    groupOf?: (request: { name: string; arguments: Record<string, unknown> }) => string;
  },
): Promise<LoopResult> {
  for (let i = 0; i < options.warmup; i += 1) await checked(session, call(-1 - i));

  const samples: number[] = [];
  const groups = new Map<string, number[]>();
  const start = performance.now();
  for (let i = 0; i < options.calls; i += 1) {
    const request = call(i);
    const before = performance.now();
    await checked(session, request);
    const took = performance.now() - before;
    samples.push(took);
    if (options.groupOf) {
      const group = options.groupOf(request);
      const taken = groups.get(group) ?? [];
      taken.push(took);
      groups.set(group, taken);
    }
  }
  const elapsed = performance.now() - start;
  return {
    ...summarise(samples),
    callsPerSecond: (options.calls / elapsed) * 1000,
    ...(options.groupOf
      ? {
          byGroup: Object.fromEntries(
            [...groups].map(([group, taken]) => [group, summarise(taken)]),
          ),
        }
      : {}),
  };
}

async function checked(
  session: Session,
  request: { name: string; arguments: Record<string, unknown> },
): Promise<void> {
  const result = await session.client.callTool(request);
  if (result.isError) {
    throw new Error(`${request.name} failed: ${textOf(result)}\n${session.stderr()}`);
  }
}

export interface InterleavedLoop {
  name: string;
  session: Session;
  call: (i: number) => { name: string; arguments: Record<string, unknown> };
}

/**
 * Several loops run call by call in turn, so a slow moment of the disk or the CPU falls on every
 * one of them alike. Calls per second here is 1000 ÷ the mean latency of that loop's calls.
 */
export async function interleavedLoops(
  loops: InterleavedLoop[],
  options: { calls: number; warmup: number },
): Promise<Record<string, LoopResult>> {
  for (let i = 0; i < options.warmup; i += 1) {
    for (const loop of loops) await checked(loop.session, loop.call(-1 - i));
  }
  const samples = loops.map((): number[] => []);
  for (let i = 0; i < options.calls; i += 1) {
    for (const [index, loop] of loops.entries()) {
      const request = loop.call(i);
      const before = performance.now();
      await checked(loop.session, request);
      samples[index]!.push(performance.now() - before);
    }
  }
  return Object.fromEntries(
    loops.map((loop, index) => {
      const summary = summarise(samples[index]!);
      return [loop.name, { ...summary, callsPerSecond: 1000 / summary.mean }];
    }),
  );
}
