/**
 * Prepared statements cached per connection: a hot write path prepares each of its statements once
 * per process instead of once per call (issue 6). Only for SQL fixed at build time.
 */
import type Database from 'better-sqlite3';

import type { Db } from './store.ts';

const caches = new WeakMap<Db, Map<string, Database.Statement>>();

export function statement<P extends unknown[] | object = unknown[], R = unknown>(
  db: Db,
  sql: string,
): Database.Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared as Database.Statement<P, R>;
}
