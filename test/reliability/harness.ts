/**
 * Shared pieces of the reliability suite: a raw JSON-RPC peer over a real stdio child that checks
 * every stdout line, an SDK client whose child can be killed, a seeded random source, and a look
 * into a store file from outside the server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach } from 'vitest';

import { ENTRY } from '../helpers/mcp.ts';
import Database, { type Db } from '../helpers/sqlite.ts';

const children: ChildProcess[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

export function childEnv(db: string, env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AGENTINTROS_DB: db, ...env };
}

/** Residents set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? Number.NaN : Number(kb) / 1024;
}

export interface RpcMessage {
  jsonrpc: string;
  id?: string | number | null;
  result?: any;
  error?: { code: number; message: string };
  method?: string;
}

/**
 * A JSON-RPC peer that writes raw lines to `agentintros mcp` and parses every stdout line. A
 * line that is not a JSON-RPC 2.0 message lands in `impure`.
 */
export class RawServer {
  readonly child: ChildProcess;
  readonly impure: string[] = [];
  readonly messages: RpcMessage[] = [];
  stderr = '';
  #nextId = 1;
  #waiting = new Map<string | number, (message: RpcMessage) => void>();
  #partial = '';

  /** `spawnAs` runs the child as another user (root only), for permission faults. */
  constructor(
    db: string,
    env: Record<string, string> = {},
    spawnAs?: { uid: number; gid: number },
  ) {
    this.child = spawn(process.execPath, [ENTRY, 'mcp'], {
      env: childEnv(db, env),
      stdio: ['pipe', 'pipe', 'pipe'],
      ...spawnAs,
    });
    children.push(this.child);
    this.child.stdin!.on('error', () => undefined);
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-20_000);
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.#read(chunk));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  #read(chunk: string): void {
    const lines = (this.#partial + chunk).split('\n');
    this.#partial = lines.pop()!;
    for (const line of lines) {
      let message: RpcMessage;
      try {
        message = JSON.parse(line) as RpcMessage;
      } catch {
        this.impure.push(line.slice(0, 200));
        continue;
      }
      if (typeof message !== 'object' || message === null || message.jsonrpc !== '2.0') {
        this.impure.push(line.slice(0, 200));
        continue;
      }
      this.messages.push(message);
      if (message.id !== undefined && message.id !== null) {
        this.#waiting.get(message.id)?.(message);
        this.#waiting.delete(message.id);
      }
    }
  }

  /** Writes one line as is (a newline is added). */
  writeLine(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  notify(method: string, params: Record<string, unknown> = {}): void {
    this.writeLine(JSON.stringify({ jsonrpc: '2.0', method, params }));
  }

  request(method: string, params: unknown = {}, timeoutMs = 15_000): Promise<RpcMessage> {
    const id = this.#nextId++;
    const reply = this.expect(id, timeoutMs);
    this.writeLine(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return reply;
  }

  /** Resolves with the message answering `id`, or rejects after `timeoutMs`. */
  expect(id: string | number, timeoutMs = 15_000): Promise<RpcMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`no answer to id ${id} in ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.#waiting.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  }

  async initialize(): Promise<void> {
    const reply = await this.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'reliability-raw', version: '0.0.1' },
    });
    if (!reply.result) throw new Error(`initialize failed: ${JSON.stringify(reply)}`);
    this.notify('notifications/initialized');
  }

  exited(timeoutMs = 10_000): Promise<number | null> {
    if (!this.alive) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not exit')), timeoutMs);
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }
}

/** The official SDK client over a stdio child whose pid the test can kill. */
export async function sdkServer(
  db: string,
  env: Record<string, string> = {},
): Promise<{ client: Client; transport: StdioClientTransport; pid: number }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [ENTRY, 'mcp'],
    env: childEnv(db, env),
    stderr: 'pipe',
  });
  const client = new Client({ name: 'reliability-driver', version: '0.0.1' });
  await client.connect(transport);
  await client.listTools();
  clients.push(client);
  return { client, transport, pid: transport.pid! };
}

/** A small seeded generator (mulberry32), so a failing round can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Opens the store file from outside the server, as a person with the sqlite3 shell would. */
export function withStoreFile<T>(path: string, fn: (db: Db) => T): T {
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function integrity(db: Db): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((row) => row.integrity_check).join('; ');
}

export function count(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface SeededNetwork {
  contactIds: string[];
  emails: string[];
  phones: string[];
}

/**
 * Contacts, their e-mails and phones, and relationships from the owner, written with plain SQL
 * (as an import would leave them), so tests need no importer. `notes` picks each contact's notes.
 */
export function seedNetwork(
  db: Db,
  size: number,
  notes: (index: number) => string = (index) => `met at fintech meetup ${index}`,
): SeededNetwork {
  const now = Date.parse('2026-06-01T12:00:00.000Z');
  const seeded: SeededNetwork = { contactIds: [], emails: [], phones: [] };
  const contact = db.prepare(
    'INSERT INTO contacts (id, name, company, title, notes, tags, created_at, updated_at) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const email = db.prepare(
    'INSERT INTO contact_emails (email_key, contact_id, email) VALUES (?, ?, ?)',
  );
  const phone = db.prepare('INSERT INTO contact_phones (contact_id, phone) VALUES (?, ?)');
  const relationship = db.prepare(
    'INSERT INTO relationships (member_id, contact_id, connected_on, interaction_count, ' +
      'two_way_count, inbound_count, first_interaction_at, last_interaction_at, last_two_way_at, ' +
      "created_at, updated_at) VALUES ('mb_me', ?, ?, 3, 2, 1, ?, ?, ?, ?, ?)",
  );
  db.transaction(() => {
    for (let index = 0; index < size; index += 1) {
      const id = `ct_seed${String(index).padStart(6, '0')}`;
      const address = `seed.person${index}@secret-mail.example`;
      const number = `+49 30 555 ${String(1000 + index)}`;
      contact.run(
        id,
        `Seed Person ${index}`,
        `Fintech Fund ${index % 7}`,
        index % 2 === 0 ? 'Partner, fintech investor' : 'Founder',
        notes(index),
        JSON.stringify(['fintech', 'investor']),
        now,
        now,
      );
      email.run(address.toLowerCase(), id, address);
      phone.run(id, number);
      relationship.run(id, now - 400 * 86_400_000, now - 90 * 86_400_000, now, now, now, now);
      seeded.contactIds.push(id);
      seeded.emails.push(address);
      seeded.phones.push(number);
    }
  })();
  return seeded;
}
