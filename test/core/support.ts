/**
 * Helpers shared by the core's tests: a server with extra test-only tools, the arguments of a
 * typical draft, and row counts read straight from the store file.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';

import type { Services } from '../../src/domain/services.ts';
import { createLogger } from '../../src/log.ts';
import { createServer } from '../../src/mcp/server.ts';
import type { Tool } from '../../src/mcp/tool.ts';
import { TOOLS } from '../../src/mcp/tools/index.ts';

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
});

/** The real server factory with the real tools plus `extra`, linked in memory to an SDK client. */
export async function connectWithTools(
  services: Services,
  extra: readonly Tool[],
): Promise<Client> {
  const server = createServer({
    services: () => services,
    logger: createLogger('error'),
    tools: [...TOOLS, ...extra],
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test-agent', version: '1.2.3' });
  await client.connect(clientSide);
  await client.listTools();
  clients.push(client);
  return client;
}

export function draftArgs(
  key: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    idempotencyKey: key,
    subject: 'Maya Chen, founder of Tallyfox',
    target: 'fintech seed investors',
    context: 'Raising a seed round.',
    ...overrides,
  };
}

/** Counts rows through a connection of its own, as another process would see the file. */
export function countRows(path: string, table: string, where = '1 = 1'): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number })
      .n;
  } finally {
    db.close();
  }
}
