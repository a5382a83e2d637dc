/**
 * The same SQLite driver the store loads (better-sqlite3 12, or 13 on Node 24; see
 * src/store/store.ts), for tests that open a store file behind the program's back.
 */
import type BetterSqlite3 from 'better-sqlite3';

import { loadDriver } from '../../src/store/store.ts';

const Database: typeof BetterSqlite3 = loadDriver();

export type Db = BetterSqlite3.Database;
export default Database;
