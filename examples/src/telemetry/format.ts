/** `14:05` (UTC). */
export function clock(date: Date | undefined): string {
  return date === undefined ? '--:--' : date.toISOString().slice(11, 16);
}

/** `1,234 µs`. */
export function micros(value: number): string {
  return `${value.toLocaleString('en-US')} µs`;
}

/** Pads to a column width. */
export function column(text: string, width: number): string {
  return text.padEnd(width);
}
