/**
 * Real stores in temporary folders, with a clock the test moves by hand.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach } from 'vitest';

import type { Clock } from '../../src/domain/clock.ts';
import { createServices, type Services } from '../../src/domain/services.ts';
import { Store } from '../../src/store/store.ts';

const cleanups: (() => void)[] = [];

afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** A fresh folder removed after the test. */
export function tempDir(prefix = 'agentintros-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tempDbPath(): string {
  return join(tempDir(), 'store.db');
}

export interface TestClock extends Clock {
  set(at: number | string): void;
  advance(ms: number): void;
}

export function testClock(start: number | string = '2026-12-03T12:00:00.000Z'): TestClock {
  let at = typeof start === 'string' ? Date.parse(start) : start;
  return {
    now: () => at,
    set(value) {
      at = typeof value === 'string' ? Date.parse(value) : value;
    },
    advance(ms) {
      at += ms;
    },
  };
}

export interface TestServices {
  services: Services;
  store: Store;
  clock: TestClock;
  path: string;
}

export const DAY_MS = 86_400_000;

/** Opens a real store file with the given clock; closed after the test. */
export function openTestServices(
  options: { path?: string; clock?: TestClock; ttlDays?: number; busyTimeoutMs?: number } = {},
): TestServices {
  const path = options.path ?? tempDbPath();
  const clock = options.clock ?? testClock();
  const store = Store.open({ path, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
  cleanups.unshift(() => store.close());
  const services = createServices(store, {
    clock,
    idempotencyTtlMs: (options.ttlDays ?? 30) * DAY_MS,
  });
  return { services, store, clock, path };
}
