/**
 * The printed report: Markdown tables (so they paste into the README as they are) of the figures
 * and their ratios to the floors and the peer measured in the same run.
 */

export interface GoalRow {
  measure: string;
  ours: number;
  unit: string;
  reference: string;
  referenceValue: number;
  /** The goal as a ceiling on ours ÷ reference; undefined for a row that only informs. */
  goal?: number;
}

export function fmt(value: number, unit = ''): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

export function markdownTable(header: string[], rows: string[][]): string {
  const lines = [header, header.map(() => '---'), ...rows].map(
    (cells) => `| ${cells.join(' | ')} |`,
  );
  return lines.join('\n');
}

export function goalTable(rows: GoalRow[]): string {
  return markdownTable(
    ['measure', 'AgentIntros', 'reference', 'ratio', 'goal', 'met'],
    rows.map((row) => {
      const ratio = row.ours / row.referenceValue;
      const met = row.goal === undefined ? '' : ratio <= row.goal ? 'yes' : '**no**';
      return [
        row.measure,
        fmt(row.ours, row.unit),
        `${row.reference}: ${fmt(row.referenceValue, row.unit)}`,
        `${fmt(ratio)}×`,
        row.goal === undefined ? '' : `≤ ${row.goal}×`,
        met,
      ];
    }),
  );
}
