/**
 * Sequential call loops over one session: per-call latency as the client sees it, and the
 * throughput of one client calling back to back.
 */
import type { Session } from './session.ts';
import { textOf } from './session.ts';
import { summarise, type Summary } from './stats.ts';

export interface LoopResult extends Summary {
  callsPerSecond: number;
}

export async function callLoop(
  session: Session,
  call: (i: number) => { name: string; arguments: Record<string, unknown> },
  options: { calls: number; warmup: number },
): Promise<LoopResult> {
  for (let i = 0; i < options.warmup; i += 1) await checked(session, call(-1 - i));

  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < options.calls; i += 1) {
    const request = call(i);
    const before = performance.now();
    await checked(session, request);
    samples.push(performance.now() - before);
  }
  const elapsed = performance.now() - start;
  return { ...summarise(samples), callsPerSecond: (options.calls / elapsed) * 1000 };
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
