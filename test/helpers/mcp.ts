/**
 * MCP peers for tests: the official SDK client, either linked in memory to a server built by the
 * factory, or driving the built server as a real stdio child process.
 */
import { resolve } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach } from 'vitest';

import type { Services } from '../../src/domain/services.ts';
import { createLogger } from '../../src/log.ts';
import { createServer } from '../../src/mcp/server.ts';

export const ENTRY = resolve(import.meta.dirname, '../../dist/agentintros.js');

const open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close().catch(() => undefined)));
});

export async function connectInMemory(
  services: Services,
  clientInfo = { name: 'test-agent', version: '1.2.3' },
): Promise<Client> {
  const server = createServer({ services: () => services, logger: createLogger('error') });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client(clientInfo);
  await client.connect(clientSide);
  await client.listTools(); // so that the client checks structuredContent against output schemas
  open.push(client);
  return client;
}

/** Spawns `node dist/agentintros.js mcp` on the given store (run `npm run build` first). */
export async function spawnServer(
  db: string,
  env: Record<string, string> = {},
  clientInfo = { name: 'test-agent', version: '1.2.3' },
): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [ENTRY, 'mcp'],
    env: { PATH: process.env.PATH ?? '', AGENTINTROS_DB: db, ...env },
    stderr: 'pipe',
  });
  const client = new Client(clientInfo);
  await client.connect(transport);
  await client.listTools();
  open.push(client);
  return client;
}

export interface CallOutcome {
  isError: boolean;
  text: string;
  /** The error code when isError, read from the `CODE: message` text. */
  code: string | undefined;
  data: any;
}

export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<CallOutcome> {
  const result = await client.callTool({ name, arguments: args });
  const text = (result.content as { type: string; text: string }[]).map((c) => c.text).join('\n');
  const isError = result.isError === true;
  return {
    isError,
    text,
    code: isError ? /^([A-Z_]+):/.exec(text)?.[1] : undefined,
    data: result.structuredContent,
  };
}
