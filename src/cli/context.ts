/**
 * What every command gets: the global flags, a way to open the store with the configured clock,
 * and the person at the keyboard as the actor of what they do.
 */
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
  /** Opens the store, runs `fn`, and closes the store whatever happens. */
  withServices<T>(fn: (services: Services) => T | Promise<T>): Promise<T>;
}

export function commandContext(options: GlobalOptions): CommandContext {
  return {
    json: options.json === true,
    actor: humanActor(),
    async withServices(fn) {
      const config = loadConfig({ db: options.db });
      const store = Store.open({ path: config.dbPath, busyTimeoutMs: config.busyTimeoutMs });
      try {
        return await fn(
          createServices(store, { clock: config.clock, idempotencyTtlMs: config.idempotencyTtlMs }),
        );
      } finally {
        store.close();
      }
    },
  };
}
