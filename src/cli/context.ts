/**
 * What every command gets: the global flags, a way to open the store with the configured clock,
 * and the person at the keyboard as the actor of what they do.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from '../config.ts';
import { type Actor, humanActor } from '../domain/actor.ts';
import { createServices, type Services } from '../domain/services.ts';
import { Store } from '../store/store.ts';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

export interface CommandContext {
  readonly json: boolean;
  readonly actor: Actor;
  /**
   * Opens the store, runs `fn`, and closes the store whatever happens. With `scratchIfMissing`,
   * a store that does not exist yet is not created: `fn` runs against an empty one in a temporary
   * folder, removed afterwards (a dry run must leave no file behind).
   */
  withServices<T>(
    fn: (services: Services) => T | Promise<T>,
    options?: { scratchIfMissing?: boolean },
  ): Promise<T>;
}

export function commandContext(options: GlobalOptions): CommandContext {
  return {
    json: options.json === true,
    actor: humanActor(),
    async withServices(fn, { scratchIfMissing = false } = {}) {
      const config = loadConfig({ db: options.db });
      const scratch =
        scratchIfMissing && !existsSync(config.dbPath)
          ? mkdtempSync(join(tmpdir(), 'agentintros-scratch-'))
          : undefined;
      try {
        const path = scratch ? join(scratch, 'empty.db') : config.dbPath;
        const store = Store.open({ path, busyTimeoutMs: config.busyTimeoutMs });
        try {
          return await fn(
            createServices(store, {
              clock: config.clock,
              idempotencyTtlMs: config.idempotencyTtlMs,
            }),
          );
        } finally {
          store.close();
        }
      } finally {
        if (scratch) rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}
