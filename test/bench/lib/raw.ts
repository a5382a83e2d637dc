/**
 * A cold start driven over raw JSON-RPC lines instead of the SDK client, so the figures hold the
 * server's own work only: no client-side validation or schema compilation in between.
 */
import { spawn } from 'node:child_process';

import type { ServerSpec, StartupSample } from './session.ts';

interface Reply {
  id?: number;
  result?: { tools?: { name: string }[]; isError?: boolean };
  error?: unknown;
}

export async function rawColdStart(spec: ServerSpec): Promise<StartupSample> {
  const start = performance.now();
  const child = spawn(process.execPath, spec.args, {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env },
  });
  const waiting = new Map<number, (reply: Reply) => void>();
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const reply = JSON.parse(buffer.slice(0, end)) as Reply;
      buffer = buffer.slice(end + 1);
      if (reply.id !== undefined) waiting.get(reply.id)?.(reply);
    }
  });
  const exited = new Promise((done) => child.once('exit', done));
  const send = (message: object): void => {
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  };
  const request = (id: number, method: string, params: object): Promise<Reply> => {
    const reply = new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${spec.name}: no answer to ${method}`)),
        20_000,
      );
      waiting.set(id, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
    send({ id, method, params });
    return reply;
  };

  try {
    await request(1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'agentintros-bench-raw', version: '1.0.0' },
    });
    const initialize = performance.now() - start;
    send({ method: 'notifications/initialized' });
    await request(2, 'tools/list', {});
    const listTools = performance.now() - start;
    const answer = await request(3, 'tools/call', spec.firstCall);
    const firstCall = performance.now() - start;
    if (answer.error || answer.result?.isError) {
      throw new Error(`${spec.name} first call failed: ${JSON.stringify(answer).slice(0, 300)}`);
    }
    return { initialize, listTools, firstCall };
  } finally {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
