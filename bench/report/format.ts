/** Number formatting and plain-text / Markdown tables for the reports. */
import type { Spread } from './aggregate';

/** A number with 3 significant digits at most (no exponent), `–` when not finite. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toString();
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** `median (min–max)`. */
export function withRange(s: Spread): string {
  if (s.n === 0) return '–';
  return s.n === 1 || s.min === s.max ? num(s.median) : `${num(s.median)} (${num(s.min)}–${num(s.max)})`;
}

/** A ratio as `0.42×`. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–';
}

/** Operations per second as `12.3k`. */
export function opsPerSecond(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 1000 ? `${num(value / 1000)}k` : num(value);
}

/** Whether a cell holds a number-like value (right-aligned). */
function numeric(cell: string): boolean {
  return /^[\d.–×k ()%/+-]+( MB)?$/.test(cell);
}

/** A fixed-width text table; numbers-like cells are right-aligned. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric(c) && i > 0 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A Markdown table. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (c: string): string => c.replace(/\|/g, '\\|');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `| ${headers.map((_, i) => (rows.every((r) => numeric(r[i] ?? '')) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}
