/**
 * The write-path floor: the no-op floor's server, where each call does one durable insert into
 * SQLite (WAL, synchronous=FULL), as a bare better-sqlite3 program would.
 */
import process from 'node:process';

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import Database from 'better-sqlite3';

const db = new Database(process.env.FLOOR_DB_PATH ?? 'floor.db');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(
  'CREATE TABLE IF NOT EXISTS writes (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, body TEXT)',
);
const insert = db.prepare('INSERT INTO writes (at, body) VALUES (?, ?)');

const server = new McpServer({ name: 'floor-durable', version: '1.0.0' });

server.registerTool('write', { title: 'Write', description: 'Inserts one row.' }, () => {
  const { lastInsertRowid } = insert.run(Date.now(), 'floor');
  return { content: [{ type: 'text', text: String(lastInsertRowid) }] };
});

await server.connect(new StdioServerTransport());
