/**
 * The import's parsing thread (bundled as dist/import-worker.js, started by parse-thread.ts):
 * reads the rows of one export with the same readers as the importing thread would, fingerprints
 * them, and sends them in messages, at most MESSAGES_AHEAD unanswered at a time.
 */
import { parentPort } from 'node:worker_threads';

import { rowFingerprint } from './fingerprint.ts';
import {
  MESSAGES_AHEAD,
  type ParseMessage,
  type ParseRequest,
  ROWS_PER_MESSAGE,
} from './parse-thread.ts';
import { openSource } from './read.ts';
import { type SourceRow, UnrecognisedInput } from './record.ts';

const port = parentPort!;
let credit = MESSAGES_AHEAD;
let wake: (() => void) | undefined;
let started = false;
port.on('message', (message: ParseRequest | 'more') => {
  if (message === 'more') {
    credit += 1;
    wake?.();
    wake = undefined;
  } else if (!started) {
    started = true;
    void finish(run(message));
  }
});

async function send(message: ParseMessage): Promise<void> {
  if (message.type === 'rows') {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit -= 1;
  }
  port.postMessage(message);
}

async function run(request: Partial<ParseRequest>): Promise<void> {
  const opening = openSource(request.bytes!, request.format);
  // The text is decoded by now; nothing here keeps the bytes alive while the rows are read.
  delete request.bytes;
  const source = await opening;
  await send({
    type: 'opened',
    format: source.format,
    encoding: source.encoding,
    delimiter: source.delimiter,
    estimatedRows: source.estimatedRows,
  });
  let rows: SourceRow[] = [];
  for await (const row of source.rows) {
    if (row.record) row.fingerprint = rowFingerprint(row.record);
    rows.push(row);
    if (rows.length === ROWS_PER_MESSAGE) {
      await send({ type: 'rows', rows });
      rows = [];
    }
  }
  if (rows.length > 0) await send({ type: 'rows', rows });
  await send({ type: 'end', versions: [...source.versions] });
}

async function finish(reading: Promise<void>): Promise<void> {
  try {
    await reading;
  } catch (error) {
    port.postMessage(
      error instanceof UnrecognisedInput
        ? ({ type: 'unrecognised', reason: error.reason } satisfies ParseMessage)
        : ({
            type: 'failed',
            message: error instanceof Error ? error.message : String(error),
            code: (error as { code?: unknown }).code?.toString(),
          } satisfies ParseMessage),
    );
  }
  // Nothing more to wait for: the 'more' listener must not keep this thread running.
  port.unref();
}
