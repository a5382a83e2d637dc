/**
 * Reading a large export on a second thread: the worker (src/imports/parse-worker.ts, bundled as
 * dist/import-worker.js) decodes, detects, maps and fingerprints the rows while this thread writes
 * the batch before, so parsing and SQLite share the machine's two cores instead of taking turns.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import type { Delimiter } from './csv.ts';
import type { TextEncoding } from './decode.ts';
import type { OpenedSource } from './read.ts';
import { type ImportFormat, type SourceRow, UnrecognisedInput } from './record.ts';

export interface ParseRequest {
  bytes: Uint8Array;
  format: ImportFormat | undefined;
}

/**
 * What the worker sends. The importing thread first sends the ParseRequest (its bytes moved, not
 * copied, and freed by the worker once decoded), then answers each `rows` with one `more`.
 */
export type ParseMessage =
  | {
      type: 'opened';
      format: ImportFormat;
      encoding: TextEncoding;
      delimiter: Delimiter | null;
      estimatedRows: number;
    }
  | { type: 'rows'; rows: SourceRow[] }
  | { type: 'end'; versions: string[] }
  | { type: 'unrecognised'; reason: string }
  | { type: 'failed'; message: string; code?: string };

/** Rows per message: a message costs about as much as 50 rows' cloning. */
export const ROWS_PER_MESSAGE = 1000;
/**
 * Messages the worker may run ahead of the importing thread (24k rows): enough that writing never
 * waits for parsing, while memory stays bounded.
 */
export const MESSAGES_AHEAD = 24;
/** Below this size (about 10k LinkedIn rows) starting a thread costs more than it saves. */
const WORKER_FROM_BYTES = 1 << 20;

/** Defined by the build (src/build.mjs): the worker's file name in dist/. */
declare const AGENTINTROS_IMPORT_WORKER: string | undefined;

/**
 * The bundled worker, next to the entry or one folder up from the chunk this code is in; undefined
 * when running from the sources (tests), where rows are read on this thread.
 */
function workerFile(): string | undefined {
  if (typeof AGENTINTROS_IMPORT_WORKER !== 'string') return undefined;
  for (const at of [`../${AGENTINTROS_IMPORT_WORKER}`, `./${AGENTINTROS_IMPORT_WORKER}`]) {
    const file = fileURLToPath(new URL(at, import.meta.url));
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Whether openSourceInWorker would run for a file of this size. */
export function parsesInWorker(bytes: Uint8Array): boolean {
  return bytes.length >= WORKER_FROM_BYTES && workerFile() !== undefined;
}

/**
 * Like openSource, with the reading on a worker thread. The worker never keeps the process alive
 * on its own: it is referenced only while this thread waits for its next message.
 */
export async function openSourceInWorker(
  bytes: Uint8Array,
  format: ImportFormat | undefined,
): Promise<OpenedSource> {
  const worker = new Worker(workerFile()!);
  worker.unref();
  const inbox = new Inbox(worker);
  const request: ParseRequest = { bytes, format };
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  worker.postMessage(request, whole ? [bytes.buffer as ArrayBuffer] : []);

  const opened = await inbox.next().catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  if (opened.type !== 'opened') {
    await worker.terminate();
    if (opened.type === 'unrecognised') throw new UnrecognisedInput(opened.reason);
    throw new Error(`The import's parsing thread sent ${opened.type} before opening the file`);
  }

  const versions = new Set<string>();
  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      for (;;) {
        const message = await inbox.next();
        if (message.type === 'rows') {
          worker.postMessage('more');
          yield* message.rows;
        } else if (message.type === 'end') {
          for (const version of message.versions) versions.add(version);
          return;
        } else if (message.type === 'unrecognised') {
          throw new UnrecognisedInput(message.reason);
        } else {
          throw new Error(`The import's parsing thread sent ${message.type} while reading rows`);
        }
      }
    } finally {
      await worker.terminate();
    }
  }
  return {
    format: opened.format,
    encoding: opened.encoding,
    delimiter: opened.delimiter,
    versions,
    estimatedRows: opened.estimatedRows,
    rows: rows(),
    close: async () => {
      await worker.terminate();
    },
  };
}

/** The worker's messages in order; an error or an exit before the end rejects the waiter. */
class Inbox {
  readonly #worker: Worker;
  readonly #queue: ParseMessage[] = [];
  #waiter: { resolve(message: ParseMessage): void; reject(error: Error): void } | undefined;
  #failure: Error | undefined;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: ParseMessage) => {
      if (message.type === 'failed') {
        // The code (csv-parse's CSV_*) is what tells a malformed file from a failure of ours.
        this.#fail(Object.assign(new Error(message.message), { code: message.code }));
      } else if (this.#waiter) this.#take().resolve(message);
      else this.#queue.push(message);
    });
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) =>
      this.#fail(new Error(`The import's parsing thread stopped early (exit code ${code})`)),
    );
  }

  async next(): Promise<ParseMessage> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return queued;
    if (this.#failure) throw this.#failure;
    this.#worker.ref();
    try {
      return await new Promise<ParseMessage>((resolve, reject) => {
        this.#waiter = { resolve, reject };
      });
    } finally {
      this.#worker.unref();
    }
  }

  #take() {
    const waiter = this.#waiter!;
    this.#waiter = undefined;
    return waiter;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    if (this.#waiter) this.#take().reject(this.#failure);
  }
}
