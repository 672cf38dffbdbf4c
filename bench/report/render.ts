/** Renders a run as console text and as a Markdown report. */
import type { MachineInfo } from '../lib/machine-info';
import type { ModeSettings } from '../lib/plan';
import { type ServerWarmup, serverWarmupLine } from '../lib/server-warmup';
import { markdownTable, textTable } from './format';
import { buildSections, type Analysis, type ReportSection, targetSection } from './sections';

/** A worker that failed. */
export interface WorkerFailure {
  readonly what: string;
  readonly exitCode: number | null;
  readonly diagnostics: string;
}

/** Facts about a run besides the records. */
export interface RunContext {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly mode: ModeSettings;
  readonly machine: MachineInfo;
  readonly cassandraVersion: string | undefined;
  readonly suites: readonly string[];
  readonly loadAverageAtEnd: readonly number[];
  readonly failures: readonly WorkerFailure[];
  /** How cqlkit was run (bundle or sources through tsx). */
  readonly driverBuild: string;
  /** The native anchors built or installed (anchors suite). */
  readonly anchorPrograms: readonly string[];
  /** Waits for a quiet server before measured runs (see `waitForQuietProcess`). */
  readonly serverSettling: ServerSettling;
  /** The unrecorded rounds that warmed the Cassandra node (`undefined`: no node, or not watched). */
  readonly serverWarmup: ServerWarmup | undefined;
}

/** What the waits for a quiet server before measured runs added up to. */
export interface ServerSettling {
  readonly waits: number;
  readonly totalMs: number;
  /** Runs that started with the server still busy after the longest wait. */
  readonly stillBusy: number;
}

function settlingLine(s: ServerSettling): string {
  if (s.waits === 0) return '- Server settling: none (no server process to watch)';
  const busy = s.stillBusy > 0 ? `; **${s.stillBusy} run(s) started with the server still busy**` : '';
  return `- Server settling: before each of ${s.waits} measured run(s) the harness waited for the server to go quiet, ${(s.totalMs / 1000).toFixed(0)} s in all${busy}`;
}

/** 1-minute load average above which the report warns that the machine was busy before the run. */
const BUSY_LOAD_AVERAGE = 1;

function busyWarning(context: RunContext): string | undefined {
  const load = context.machine.loadAverageAtStart[0] ?? 0;
  return load > BUSY_LOAD_AVERAGE
    ? `WARNING: load average ${load} when the run started (other work on the machine): numbers are noisy; compare ratios only, and rerun on a quiet machine for figures to keep.`
    : undefined;
}

function renderText(section: ReportSection): string {
  return [
    `== ${section.title}`,
    textTable(section.headers, section.rows),
    ...(section.note ? [section.note] : []),
  ].join('\n');
}

/** The console summary: targets and the main tables. */
export function renderConsole(analysis: Analysis, context: RunContext): string {
  const sections = buildSections(analysis).filter((s) => !s.markdownOnly);
  const failures = context.failures.map(
    (f) => `! ${f.what} failed (exit ${f.exitCode}): ${f.diagnostics.split('\n').slice(-3).join(' | ')}`,
  );
  const warning = busyWarning(context);
  return [
    ...(warning ? [warning] : []),
    renderText(targetSection(analysis.targets)),
    ...sections.map(renderText),
    ...failures,
  ].join('\n\n');
}

function anchorSettings(context: RunContext): string {
  const a = context.mode.anchors;
  const counts = (c: typeof a.counts): string =>
    `first ${c.coldOps}, warm-up ${c.warmupOps} in all, steady ${c.measureOps}`;
  const programs = context.anchorPrograms.length > 0 ? context.anchorPrograms.join('; ') : 'none built';
  return (
    `- Anchors: ${a.reps} repetitions, ${a.concurrency} in flight; operations counted from connect: ${counts(a.counts)} ` +
    `(Python: ${counts(a.pythonCounts)}); ${programs}`
  );
}

function settingsList(context: RunContext): string {
  const m = context.machine;
  const mode = context.mode;
  return [
    `- Mode: **${mode.name}** — ${mode.reps} repetitions per driver, alternating A B / B A (protocol variants: ${Math.min(mode.reps, mode.protocolStubReps)} on the stub, ${mode.protocolStub.measureMs} ms windows; ${mode.protocolCassandraReps} on Cassandra); suites: ${context.suites.join(', ')}`,
    `- Windows: stub ${mode.stub.warmupMs} ms warm-up + ${mode.stub.measureMs} ms per cell; Cassandra ${mode.cassandra.warmupMs} + ${mode.cassandra.measureMs} ms; per-workload warm-up ${mode.stub.workloadWarmupMs} / ${mode.cassandra.workloadWarmupMs} ms`,
    `- Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGB} GB, Linux ${m.kernel}, Node ${m.node}; load average ${m.loadAverageAtStart.join(' ')} at start, ${context.loadAverageAtEnd.join(' ')} at end`,
    `- Software: cqlkit ${m.cqlkitVersion} (${context.driverBuild}, commit ${m.gitCommit ?? 'unknown'}), cassandra-driver ${m.cassandraDriverVersion}, Cassandra ${context.cassandraVersion ?? 'not used'}`,
    ...(context.suites.includes('anchors') ? [anchorSettings(context)] : []),
    settlingLine(context.serverSettling),
    ...[serverWarmupLine(context.serverWarmup)].filter((line) => line !== undefined),
    `- Run: ${context.startedAt} → ${context.finishedAt}`,
  ].join('\n');
}

/** The Markdown report. */
export function renderMarkdown(
  analysis: Analysis,
  context: RunContext,
  chartFile: string | undefined,
): string {
  const sections = buildSections(analysis);
  const parts = [
    `# cqlkit benchmark — ${context.startedAt}`,
    settingsList(context),
    ...(busyWarning(context) ? [`> **${busyWarning(context) ?? ''}**`] : []),
    `## ${targetSection(analysis.targets).title}`,
    markdownTable(targetSection(analysis.targets).headers, targetSection(analysis.targets).rows),
    ...(chartFile ? [`![cqlkit ÷ cassandra-driver](${chartFile})`] : []),
    ...sections.flatMap((s) => [
      `## ${s.title}`,
      markdownTable(s.headers, s.rows),
      ...(s.note ? [`_${s.note}_`] : []),
    ]),
  ];
  if (context.failures.length > 0) {
    parts.push(
      '## Failed workers',
      ...context.failures.map((f) => `- ${f.what} (exit ${f.exitCode}):\n\n\`\`\`\n${f.diagnostics}\n\`\`\``),
    );
  }
  parts.push('Method and caveats: see docs/performance.md.');
  return `${parts.join('\n\n')}\n`;
}
