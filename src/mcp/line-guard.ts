/**
 * Bounds the lines stdin may hand the SDK's stdio transport. The SDK closes its transport once one
 * unterminated line passes 10 MiB, and the server then exits silently; this filter holds at most
 * one line of `maxLineBytes`, drops a longer line whole, and reports it so the server can answer.
 */
import { Transform } from 'node:stream';

export interface DroppedLine {
  bytes: number;
  /** The request's id when it could be read from the line's first or last bytes. */
  id: string | number | undefined;
}

const EDGE_BYTES = 256;
const HEAD_ID =
  /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d{1,15}|"[^"\\]{0,200}")/;
// The last member before the final brace belongs to the top-level object, never a nested one.
const TAIL_ID = /"id"\s*:\s*(-?\d{1,15}|"[^"\\]{0,200}")\s*\}\s*$/;

export function lineGuard(maxLineBytes: number, onDropped: (line: DroppedLine) => void): Transform {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let dropping = false;
  let droppedBytes = 0;
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);

  const keepTail = (segment: Buffer): void => {
    tail = Buffer.concat([tail, segment.subarray(-EDGE_BYTES)]).subarray(-EDGE_BYTES);
  };

  const startDropping = (): void => {
    const held = Buffer.concat(pending);
    head = held.subarray(0, EDGE_BYTES);
    tail = Buffer.alloc(0);
    keepTail(held);
    droppedBytes = pendingBytes;
    pending = [];
    pendingBytes = 0;
    dropping = true;
  };

  const finishDropped = (): void => {
    onDropped({ bytes: droppedBytes, id: readId(head, tail) });
    dropping = false;
    droppedBytes = 0;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let start = 0;
      while (start < chunk.length) {
        const newline = chunk.indexOf(0x0a, start);
        const end = newline === -1 ? chunk.length : newline;
        const segment = chunk.subarray(start, end);
        if (dropping) {
          droppedBytes += segment.length;
          keepTail(segment);
        } else {
          pending.push(segment);
          pendingBytes += segment.length;
          if (pendingBytes > maxLineBytes) startDropping();
        }
        if (newline === -1) break;
        if (dropping) finishDropped();
        else {
          pending.push(Buffer.from('\n'));
          this.push(Buffer.concat(pending));
          pending = [];
          pendingBytes = 0;
        }
        start = newline + 1;
      }
      done();
    },
  });
}

function readId(head: Buffer, tail: Buffer): string | number | undefined {
  const match = HEAD_ID.exec(head.toString('utf8')) ?? TAIL_ID.exec(tail.toString('utf8'));
  if (!match) return undefined;
  const raw = match[1]!;
  return raw.startsWith('"') ? raw.slice(1, -1) : Number(raw);
}
