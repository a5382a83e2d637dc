/**
 * Helpers shared by the core's tests: a server with extra test-only tools, the arguments of a
 * typical draft, and row counts read straight from the store file.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach } from 'vitest';

import type { Services } from '../../src/domain/services.ts';
import { createLogger } from '../../src/log.ts';
import { createServer } from '../../src/mcp/server.ts';
import type { Tool } from '../../src/mcp/tool.ts';
import { TOOLS } from '../../src/mcp/tools/index.ts';
import { ENTRY } from '../helpers/mcp.ts';
import Database from '../helpers/sqlite.ts';

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

export interface RawServer {
  child: ChildProcessWithoutNullStreams;
  /** Every stdout line so far, as written. */
  lines: string[];
  stderr(): string;
  send(message: object | string): void;
  /** Resolves with the response to the request with this id. */
  response(id: number): Promise<any>;
  /** Resolves when the child exits, with the time it did. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** `node [nodeArgs] dist/agentintros.js mcp` spoken to in raw JSON-RPC lines. */
export function spawnRaw(
  db: string,
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): RawServer {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ENTRY, 'mcp'], {
    env: { PATH: process.env.PATH ?? '', AGENTINTROS_DB: db, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const waiting = new Map<number, (message: any) => void>();
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      try {
        const message = JSON.parse(line);
        waiting.get(message.id)?.(message);
      } catch {
        // Kept in `lines`; the test asserts every line parses.
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
    (resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
    },
  );
  running.push(child);
  return {
    child,
    lines,
    stderr: () => stderr,
    send(message) {
      child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
    },
    response(id) {
      const seen = lines.map(tryParse).find((message) => message?.id === id);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    exited,
  };
}

function tryParse(line: string): any {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

const running: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw-test-client', version: '0.0.1' },
  },
};
