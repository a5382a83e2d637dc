/**
 * One MCP session with a server child over stdio, through the SDK client, timed per phase:
 * spawn → initialize answered, → tools/list answered, → first call answered.
 */
import { readFileSync } from 'node:fs';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export interface ServerSpec {
  /** A short name used as the row label and the JSON key. */
  name: string;
  args: string[];
  env: Record<string, string>;
  /** The call that counts as "first call answered" in a cold start. */
  firstCall: { name: string; arguments: Record<string, unknown> };
}

export interface Session {
  client: Client;
  pid: number;
  stderr(): string;
  close(): Promise<void>;
}

export interface StartupSample {
  initialize: number;
  listTools: number;
  firstCall: number;
}

export async function openSession(spec: ServerSpec): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: spec.args,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env },
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  });
  const client = new Client({ name: 'agentintros-bench', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    pid: transport.pid ?? -1,
    stderr: () => log,
    close: () => client.close(),
  };
}

/** One cold start; the phases are cumulative milliseconds since the spawn. */
export async function coldStart(spec: ServerSpec): Promise<StartupSample> {
  const start = performance.now();
  const session = await openSession(spec);
  try {
    const initialize = performance.now() - start;
    await session.client.listTools();
    const listTools = performance.now() - start;
    const result = await session.client.callTool(spec.firstCall);
    const firstCall = performance.now() - start;
    if (result.isError) throw new Error(`${spec.name} first call failed: ${textOf(result)}`);
    return { initialize, listTools, firstCall };
  } catch (error) {
    throw new Error(`${spec.name}: ${String(error)}\n${session.stderr()}`);
  } finally {
    await session.close();
  }
}

export interface CallResult {
  isError?: boolean;
  content?: unknown;
  structuredContent?: unknown;
}

export function textOf(result: object): string {
  const blocks = ((result as CallResult).content ?? []) as { type: string; text?: string }[];
  return blocks.map((block) => block.text ?? '').join('\n');
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kib === undefined ? Number.NaN : Number(kib) / 1024;
  } catch {
    return Number.NaN;
  }
}
