/**
 * A self-made SVG chart (no dependency): for every point compared, the cqlkit ÷ cassandra-driver
 * ratio of client CPU per operation and of throughput, as horizontal bars around the 1.0 line.
 */
import type { DecodeSummary, DriverComparison } from './aggregate';

interface Bar {
  readonly label: string;
  readonly cpu: number;
  readonly throughput: number;
}

const ROW = 30;
const LABEL_WIDTH = 230;
const PLOT_WIDTH = 560;
const TOP = 60;
const CPU_COLOR = '#2f6fb0';
const THROUGHPUT_COLOR = '#e08a1e';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The chart as an SVG document. */
export function ratioChart(
  comparisons: readonly DriverComparison[],
  decode: readonly DecodeSummary[],
  title: string,
): string {
  const bars: Bar[] = comparisons.map((c) => ({
    label: `${c.target} · ${c.workload} · ${c.concurrency}`,
    cpu: c.cpuRatio,
    throughput: c.throughputRatio,
  }));
  const cqlkitDecode = decode.find((d) => d.decoder === 'cqlkit')?.cpuNsPerRow.median ?? NaN;
  const driverDecode = decode.find((d) => d.decoder === 'cassandra-driver')?.cpuNsPerRow.median ?? NaN;
  if (Number.isFinite(cqlkitDecode / driverDecode)) {
    bars.push({ label: 'decode · 5000 rows', cpu: cqlkitDecode / driverDecode, throughput: NaN });
  }
  const finite = bars.flatMap((b) => [b.cpu, b.throughput]).filter((v) => Number.isFinite(v));
  const maxValue = Math.max(2, Math.ceil(Math.max(0, ...finite) * 2) / 2);
  const x = (v: number): number => LABEL_WIDTH + (Math.min(v, maxValue) / maxValue) * PLOT_WIDTH;
  const height = TOP + bars.length * ROW + 50;
  const width = LABEL_WIDTH + PLOT_WIDTH + 40;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<rect x="10" y="32" width="12" height="10" fill="${CPU_COLOR}"/><text x="27" y="41">client CPU per op, cqlkit ÷ cassandra-driver (lower is better)</text>`,
    `<rect x="400" y="32" width="12" height="10" fill="${THROUGHPUT_COLOR}"/><text x="417" y="41">throughput, cqlkit ÷ cassandra-driver (higher is better)</text>`,
  ];
  for (let tick = 0; tick <= maxValue + 1e-9; tick += 0.5) {
    const tx = x(tick);
    const strong = Math.abs(tick - 1) < 1e-9;
    parts.push(
      `<line x1="${tx}" y1="${TOP - 5}" x2="${tx}" y2="${TOP + bars.length * ROW}" stroke="${strong ? '#333' : '#ddd'}" stroke-width="${strong ? 1.5 : 1}"/>`,
      `<text x="${tx}" y="${TOP + bars.length * ROW + 16}" text-anchor="middle">${tick.toFixed(1)}×</text>`,
    );
  }
  bars.forEach((bar, i) => {
    const y = TOP + i * ROW;
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y + 18}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    if (Number.isFinite(bar.cpu)) {
      parts.push(
        `<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${x(bar.cpu) - LABEL_WIDTH}" height="10" fill="${CPU_COLOR}"/>`,
        `<text x="${x(bar.cpu) + 4}" y="${y + 13}" font-size="10">${bar.cpu.toFixed(2)}</text>`,
      );
    }
    if (Number.isFinite(bar.throughput)) {
      parts.push(
        `<rect x="${LABEL_WIDTH}" y="${y + 15}" width="${x(bar.throughput) - LABEL_WIDTH}" height="10" fill="${THROUGHPUT_COLOR}"/>`,
        `<text x="${x(bar.throughput) + 4}" y="${y + 24}" font-size="10">${bar.throughput.toFixed(2)}</text>`,
      );
    }
  });
  parts.push(
    `<text x="10" y="${height - 10}" fill="#666">target · workload · requests in flight; medians over repetitions</text>`,
    '</svg>',
  );
  return parts.join('\n');
}
