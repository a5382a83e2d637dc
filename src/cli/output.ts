/**
 * The CLI's only door to the terminal: human text and tables on stdout, JSON for scripts, and
 * diagnostics on stderr. Colour follows picocolors (NO_COLOR, FORCE_COLOR, TTY detection).
 */
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
