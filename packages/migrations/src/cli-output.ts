/**
 * What `cqlkit-migrate` prints: a summary line or table per command in text mode, one JSON
 * document in `--json` mode, and errors in either form.
 *
 * @packageDocumentation
 */
import type { CliCommand } from './cli-args';
import type { CreatedMigration } from './commands/create';
import type { DownResult } from './commands/down';
import type { RepairResult } from './commands/repair';
import type { StatusReport } from './commands/status';
import type { MigrateResult } from './commands/up';
import { MigrationError } from './errors';

/** The result of any command. */
export type CommandResult =
  | { readonly command: 'up'; readonly result: MigrateResult }
  | { readonly command: 'status'; readonly result: StatusReport }
  | { readonly command: 'create'; readonly result: CreatedMigration }
  | { readonly command: 'baseline'; readonly result: { version: string } }
  | { readonly command: 'repair'; readonly result: RepairResult }
  | { readonly command: 'down'; readonly result: DownResult };

/**
 * The text printed at the end of a successful command.
 *
 * @example
 * ```ts
 * process.stdout.write(formatResult({ command: 'up', result }));
 * ```
 */
export function formatResult(r: CommandResult): string {
  switch (r.command) {
    case 'up': {
      const { result } = r;
      if (result.dryRun) {
        const statements = result.planned.reduce((n, p) => n + p.statements.length, 0);
        return (
          `dry run: ${result.planned.length} migration(s) with ${statements} statement(s) would be applied ` +
          `(current version ${result.currentVersion ?? 'none'}); nothing was changed\n`
        );
      }
      return `applied ${result.applied.length} migration(s); now at version ${result.currentVersion ?? 'none'}\n`;
    }
    case 'status':
      return formatStatus(r.result);
    case 'create':
      return `created ${r.result.path}\n`;
    case 'baseline':
      return `baseline recorded at version ${r.result.version}\n`;
    case 'repair': {
      const { checksumsAccepted, failedCleared } = r.result;
      if (checksumsAccepted.length === 0 && failedCleared.length === 0)
        return 'repair: the history needed no repair\n';
      return (
        `repair: accepted ${checksumsAccepted.length} changed checksum(s)` +
        `${checksumsAccepted.length ? ` (${checksumsAccepted.map((v) => `V${v}`).join(', ')})` : ''}, ` +
        `cleared ${failedCleared.length} failed migration(s)` +
        `${failedCleared.length ? ` (${failedCleared.map((v) => `V${v}`).join(', ')})` : ''}\n`
      );
    }
    case 'down': {
      const { result } = r;
      const list = result.reverted.map((m) => `V${m.version} (${m.script})`).join(', ') || 'nothing';
      return result.dryRun
        ? `dry run: would revert ${list}; version would be ${result.currentVersion ?? 'none'}; nothing was changed\n`
        : `reverted ${list}; now at version ${result.currentVersion ?? 'none'}\n`;
    }
  }
}

/** The status report as a table. */
export function formatStatus(report: StatusReport): string {
  const header = ['VERSION', 'STATE', 'CHECKSUM', 'APPLIED AT', 'BY', 'SCRIPT'];
  const rows = report.entries.map((e) => [
    e.version,
    e.state === 'failed' || e.state === 'running'
      ? `${e.state} (${e.statementsApplied ?? 0}/${e.statementsTotal ?? 0})`
      : e.state,
    (e.checksum ?? e.appliedChecksum ?? '').slice(0, 12) || '-',
    e.appliedAt?.toISOString() ?? '-',
    e.executedBy ?? '-',
    e.script,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ');
  const title =
    `keyspace ${report.keyspace} (history ${report.historyTable}): version ${report.currentVersion ?? 'none'}, ` +
    `${report.pending} pending\n`;
  const errors = report.entries
    .filter((e) => e.error !== undefined)
    .map((e) => `V${e.version} failed: ${e.error}\n`)
    .join('');
  if (rows.length === 0) return `${title}no migrations found\n`;
  return `${title}${[header, ...rows].map(line).join('\n')}\n${errors}`;
}

/**
 * The `--json` document of a successful command.
 *
 * @example
 * ```ts
 * JSON.parse(jsonResult({ command: 'baseline', result: { version: '3' } })); // { ok: true, command: 'baseline', result: { version: '3' } }
 * ```
 */
export function jsonResult(r: CommandResult): string {
  return `${JSON.stringify({ ok: true, command: r.command, result: r.result }, replacer)}\n`;
}

/** The `--json` document of a failed command. */
export function jsonError(command: CliCommand | undefined, error: unknown): string {
  return `${JSON.stringify({ ok: false, command, error: errorFields(error) }, replacer)}\n`;
}

/** The text printed for a failed command. */
export function formatError(error: unknown): string {
  if (error instanceof MigrationError) return `error [${error.code}]: ${error.message}\n`;
  if (error instanceof Error) return `error: ${error.name}: ${error.message}\n`;
  return `error: ${String(error)}\n`;
}

function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'cause' && key !== 'stack') fields[key] = value;
  }
  if (error.cause instanceof Error) fields.cause = { name: error.cause.name, message: error.cause.message };
  return fields;
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}
