/**
 * Time as the domain sees it. AGENTINTROS_NOW freezes the clock for demos and tests (SPEC §9).
 */

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function frozenClock(at: number): Clock {
  return { now: () => at };
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
