/**
 * The CLI's only door to the terminal: human text and tables on stdout, JSON for scripts, and
 * diagnostics on stderr. Colour follows picocolors (NO_COLOR, FORCE_COLOR, TTY detection).
 */
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import pc from 'picocolors';

export const colors = pc;

export function print(text = ''): void {
  console.log(text);
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

export function printError(text: string): void {
  console.error(text);
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
