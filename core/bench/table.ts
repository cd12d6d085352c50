import { BenchResult } from './section';

/** The results as plain-text tables: one per section, a column per figure, then the checks. */
export function formatResult(name: string, result: BenchResult): string {
  const columns = [...new Set(result.rows.flatMap((row) => Object.keys(row.figures)))];
  const cells = result.rows.map((row) => [row.label, ...columns.map((column) => format(row.figures[column]))]);
  const out = [`## ${name}`, '', ...markdownTable(['', ...columns], cells)];
  if (result.checks?.length) {
    out.push('', ...markdownTable(['check', 'measured', 'target', ''], result.checks.map((c) => [c.name, `${format(round(c.value))}${c.unit ? ` ${c.unit}` : ''}`, `≤ ${format(c.limit)}${c.unit ? ` ${c.unit}` : ''}`, c.value <= c.limit ? 'met' : 'MISSED'])));
  }
  for (const note of result.notes ?? []) out.push('', note);
  return out.join('\n');
}

function markdownTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`, ...rows.map(line)];
}

function format(value: number | string | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? value.toLocaleString('en', { maximumFractionDigits: 3 }) : value;
}

function round(value: number): number {
  return Math.abs(value) >= 10 ? Math.round(value * 10) / 10 : Math.round(value * 10000) / 10000;
}
