/**
 * The CLI's only door to the terminal: human text and tables on stdout, JSON for scripts, and
 * diagnostics on stderr. Colour follows picocolors (NO_COLOR, FORCE_COLOR, TTY detection).
 */
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import pc from 'picocolors';

import { CONTROL_CHARACTERS_BUT_BREAKS } from '../domain/control-characters.ts';

export const colors = pc;

/**
 * Everything the CLI prints: what an import or an agent stored could otherwise drive the person's
 * terminal (hide text, set its title, move the cursor back over a line with a lone carriage
 * return, reverse text with a bidi override), so that what they approve differs from what was
 * written. Escape sequences and control characters (src/domain/control-characters.ts) become '?',
 * except line breaks, tabs and the colours the CLI itself uses. Such a colour in stored text
 * still colours it; it cannot hide or move anything.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (found) => (OWN_SGR.test(found) ? found : '?'));
}

/** Whole escape sequences (CSI, OSC, two-character), then single control characters. */
const UNSAFE = new RegExp(
  [
    '\\u001b\\[[0-?]*[ -/]*[@-~]',
    '\\u001b\\][^\\u0007\\u001b]*(?:\\u0007|\\u001b\\\\)?',
    '\\u001b[ -~]?',
    `[${CONTROL_CHARACTERS_BUT_BREAKS}]`,
    '\\r(?!\\n)',
  ].join('|'),
  'gu',
);
/** picocolors' bold, dim, red, green, yellow and cyan, and their ends. */
// eslint-disable-next-line no-control-regex -- the escape character is what it matches
const OWN_SGR = /^\u001b\[(?:1|2|22|31|32|33|36|39)m$/u;

export function print(text = ''): void {
  console.log(terminalSafe(text));
}

/**
 * JSON.stringify escapes C0 controls but not C1 ones or bidi overrides; escaped here, the output
 * is the same JSON and cannot drive a terminal either. Its own line breaks stay.
 */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2).replace(JSON_UNSAFE, escapeJson));
}

const JSON_UNSAFE = new RegExp(`[${CONTROL_CHARACTERS_BUT_BREAKS}]`, 'gu');
const escapeJson = (found: string): string =>
  `\\u${found.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function printError(text: string): void {
  console.error(terminalSafe(text));
}

export function table(head: string[], rows: (string | number | null | undefined)[][]): string {
  const t = new Table({
    head: head.map((h) => pc.bold(h)),
    style: { head: [], border: [] },
    wordWrap: true,
  });
  for (const row of rows)
    t.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return t.toString();
}

export function heading(text: string): string {
  return pc.bold(text);
}

export function dim(text: string): string {
  return pc.dim(text);
}

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A progress bar on stderr, only when stderr is a terminal; otherwise it does nothing. */
export function progressBar(label: string): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {value}/{total}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, done);
      else bar.setTotal(Math.max(total, done));
      bar.update(done);
      started = true;
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
