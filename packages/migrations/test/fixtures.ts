/** Builders of migrations and history rows for unit tests. */
import { statementChecksum } from '../src/checksum';
import { splitCql } from '../src/cql-splitter';
import type { HistoryRecord } from '../src/history';
import type { Migration } from '../src/loader';

/** A `.cql` migration with the given statements. */
export function cqlMigration(version: string, cql: string, checksum = `sum-${version}`): Migration {
  return {
    version,
    description: `m${version}`,
    script: `V${version}__m${version}.cql`,
    path: `/m/V${version}__m${version}.cql`,
    kind: 'cql',
    checksum,
    statements: splitCql(cql),
    undo: undefined,
  };
}

/** A history row; `applied` statements get their checksums from `migration` when given. */
export function record(
  version: string,
  overrides: Partial<HistoryRecord> = {},
  migration?: Migration,
): HistoryRecord {
  const applied = overrides.statementsApplied ?? migration?.statements.length ?? 0;
  return {
    version,
    description: `m${version}`,
    script: `V${version}__m${version}.cql`,
    kind: 'cql',
    checksum: `sum-${version}`,
    state: 'succeeded',
    statementsApplied: applied,
    statementsTotal: migration?.statements.length ?? applied,
    appliedChecksums: migration?.statements.slice(0, applied).map((s) => statementChecksum(s.cql)) ?? [],
    startedAt: new Date(0),
    finishedAt: new Date(1),
    executedBy: 'test',
    runId: `run-${version}`,
    error: undefined,
    ...overrides,
  };
}
