import { InvalidOptionsError } from '@cqlkit/driver';
import { Consistency, SchemaAgreementError as DriverSchemaAgreementError } from '@cqlkit/driver';
import {
  ChecksumMismatchError,
  formatEvent,
  MigrationConfigError,
  SchemaAgreementError,
  type StatusReport,
} from '@cqlkit/migrations';

import { deterministicTableId } from '../src/bootstrap';
import { formatError, formatResult, formatStatus, jsonError, jsonResult } from '../src/cli-output';
import { qualified } from '../src/cql-names';
import { createKeyspaceCql, validateKeyspaceCreation } from '../src/keyspace';
import { resolveContext, type MigrationOptions } from '../src/options';
import { FakeSession } from './fake-session';

describe('resolveContext', () => {
  it('resolves defaults from the session keyspace', () => {
    const session = new FakeSession();
    session.keyspace = 'Shop';
    const ctx = resolveContext(session, { migrationsDir: 'm' }, 'migrate');
    expect(ctx.keyspace).toBe('shop');
    expect(ctx.historyTable).toEqual({ keyspace: 'shop', table: 'cqlkit_migrations' });
    expect(ctx.lockTable).toEqual({ keyspace: 'shop', table: 'cqlkit_migrations_lock' });
    expect(ctx.consistency).toBe(Consistency.QUORUM);
    expect(ctx.serialConsistency).toBe(Consistency.SERIAL);
    expect(ctx.lock).toEqual({ ttlSeconds: 60, waitTimeoutMs: 120_000, pollIntervalMs: 1000 });
    expect(ctx.executedBy).toMatch(/^.+@.+ \(pid \d+\)$/);
  });

  it.each([
    [{ migrationsDir: '' }, "option 'migrationsDir' must be the path of the migrations folder"],
    [{ migrationsDir: 'm' }, "option 'keyspace' is required when the session has no keyspace"],
    [{ migrationsDir: 'm', keyspace: 'my-shop' }, `option 'keyspace' must be an unquoted CQL name`],
    [{ migrationsDir: 'm', keyspace: 'k', historyTable: 'x'.repeat(44) }, 'at most 43 characters'],
    [
      { migrationsDir: 'm', keyspace: 'k', serialConsistency: Consistency.QUORUM },
      "option 'serialConsistency' must be",
    ],
    [
      { migrationsDir: 'm', keyspace: 'k', lock: { ttlSeconds: 1 } },
      "option 'lock.ttlSeconds' must be an integer of at least 2, got 1",
    ],
    [
      {
        migrationsDir: 'm',
        keyspace: 'k',
        createKeyspace: { replication: { class: 'SimpleStrategy', replication_factor: -1 } },
      },
      'replication.replication_factor must be a replica count',
    ],
  ])('rejects %j', (options, message) => {
    expect(() => resolveContext(new FakeSession(), options, 'migrate')).toThrow(MigrationConfigError);
    expect(() => resolveContext(new FakeSession(), options, 'migrate')).toThrow(message);
  });

  it('refuses unknown option names with InvalidOptionsError, naming the nearest one', () => {
    const untyped = (o: Record<string, unknown>): MigrationOptions => o as unknown as MigrationOptions;
    const check =
      (o: Record<string, unknown>, command: 'migrate' | 'down' = 'migrate') =>
      () =>
        resolveContext(new FakeSession(), untyped({ migrationsDir: 'm', keyspace: 'k', ...o }), command);
    expect(check({ migrationDir: 'x' })).toThrow(InvalidOptionsError);
    expect(check({ migrationDir: 'x' })).toThrow(
      /unknown migrate\(\) option 'migrationDir'; did you mean 'migrationsDir'/,
    );
    expect(check({ dryrun: true })).toThrow(/'dryrun'; did you mean 'dryRun'/);
    expect(check({ outOfOrder: true }, 'down')).toThrow(/unknown down\(\) option 'outOfOrder'/);
    expect(check({ lock: { ttl: 5 } })).toThrow(
      /unknown migrate\(\) option 'lock\.ttl'; did you mean 'ttlSeconds'/,
    );
    expect(check({ dryRun: true, lock: { ttlSeconds: 5 } })).not.toThrow();
  });
});

describe('keyspace creation', () => {
  it('renders CREATE KEYSPACE IF NOT EXISTS with quoted replication values', () => {
    expect(
      createKeyspaceCql('shop', {
        replication: { class: 'NetworkTopologyStrategy', dc1: 3, "d'c2": 2 },
        durableWrites: false,
      }),
    ).toBe(
      "CREATE KEYSPACE IF NOT EXISTS shop WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': '3', 'd''c2': '2'} AND durable_writes = false",
    );
  });

  it('quotes a keyspace name that is a reserved keyword (the driver identifier rules)', () => {
    expect(
      createKeyspaceCql('table', { replication: { class: 'SimpleStrategy', replication_factor: 1 } }),
    ).toBe(
      "CREATE KEYSPACE IF NOT EXISTS \"table\" WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'} AND durable_writes = true",
    );
    expect(qualified({ keyspace: 'order', table: 'cqlkit_migrations' })).toBe('"order".cqlkit_migrations');
    expect(qualified({ keyspace: 'shop', table: 'cqlkit_migrations' })).toBe('shop.cqlkit_migrations');
  });

  it('explains the expected shape', () => {
    expect(() =>
      validateKeyspaceCreation({ replication: { replication_factor: 1 } }, 'createKeyspace'),
    ).toThrow("createKeyspace.replication.class must name a strategy such as 'NetworkTopologyStrategy'");
    expect(() => validateKeyspaceCreation('SimpleStrategy', 'createKeyspace')).toThrow(
      /must be \{ replication:/,
    );
  });

  it('derives a stable name-based table id', () => {
    const id = deterministicTableId({ keyspace: 'shop', table: 'cqlkit_migrations_lock' });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicTableId({ keyspace: 'shop', table: 'cqlkit_migrations_lock' })).toBe(id);
    expect(deterministicTableId({ keyspace: 'shop2', table: 'cqlkit_migrations_lock' })).not.toBe(id);
  });
});

describe('CLI output', () => {
  const report: StatusReport = {
    keyspace: 'shop',
    historyTable: 'shop.cqlkit_migrations',
    currentVersion: '1',
    pending: 2,
    entries: [
      {
        version: '1',
        description: 'users',
        script: 'V1__users.cql',
        kind: 'cql',
        state: 'applied',
        checksum: 'abcdef0123456789',
        appliedChecksum: 'abcdef0123456789',
        appliedAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
        executedBy: 'ann@ci (pid 7)',
        statementsApplied: 2,
        statementsTotal: 2,
        error: undefined,
      },
      {
        version: '2',
        description: 'email',
        script: 'V2__email.cql',
        kind: 'cql',
        state: 'failed',
        checksum: '0123456789abcdef',
        appliedChecksum: 'ffff',
        appliedAt: new Date(Date.UTC(2024, 0, 3)),
        executedBy: 'ann@ci (pid 8)',
        statementsApplied: 1,
        statementsTotal: 3,
        error: 'Invalid column name',
      },
    ],
  };

  it('prints the status as a table with the failure reason', () => {
    expect(formatStatus(report)).toBe(
      'keyspace shop (history shop.cqlkit_migrations): version 1, 2 pending\n' +
        'VERSION  STATE         CHECKSUM      APPLIED AT                BY              SCRIPT\n' +
        '1        applied       abcdef012345  2024-01-02T03:04:05.000Z  ann@ci (pid 7)  V1__users.cql\n' +
        '2        failed (1/3)  0123456789ab  2024-01-03T00:00:00.000Z  ann@ci (pid 8)  V2__email.cql\n' +
        'V2 failed: Invalid column name\n',
    );
  });

  it('prints one JSON document per result, dates as ISO strings', () => {
    const parsed = JSON.parse(jsonResult({ command: 'status', result: report })) as {
      ok: boolean;
      result: { entries: { appliedAt: string }[] };
    };
    expect(parsed.ok).toBe(true);
    expect(parsed.result.entries[0]?.appliedAt).toBe('2024-01-02T03:04:05.000Z');
    expect(formatResult({ command: 'baseline', result: { version: '4' } })).toBe(
      'baseline recorded at version 4\n',
    );
  });

  it('prints errors with their code, and their fields in JSON', () => {
    const mismatch = new ChecksumMismatchError([
      { version: '1', script: 'V1__a.cql', applied: 'aaa', current: 'bbb' },
    ]);
    expect(formatError(mismatch)).toMatch(
      /^error \[CQLKIT_MIGRATION_CHECKSUM_MISMATCH\]: 1 applied migration\(s\) changed/,
    );
    const agreement = new SchemaAgreementError('after V1', new Map([['127.0.0.1:9042', 'v1']]), 10, {
      cause: new DriverSchemaAgreementError('x', 10, new Map()),
    });
    const json = JSON.parse(jsonError('up', agreement)) as { ok: boolean; error: Record<string, unknown> };
    expect(json).toMatchObject({
      ok: false,
      error: {
        name: 'SchemaAgreementError',
        code: 'CQLKIT_MIGRATION_SCHEMA_AGREEMENT',
        hostVersions: { '127.0.0.1:9042': 'v1' },
      },
    });
    expect((json.error.cause as { name: string }).name).toBe('SchemaAgreementError');
  });

  it('prints one line per progress event', () => {
    expect(
      formatEvent({
        type: 'migration-started',
        version: '2',
        script: 'V2__x.cql',
        kind: 'cql',
        statements: 3,
        resumeFrom: 1,
        direction: 'up',
      }),
    ).toBe('applying V2 V2__x.cql (3 statements, resuming at statement 2)');
    expect(
      formatEvent({
        type: 'statement-applied',
        version: '2',
        script: 'V2__x.cql',
        number: 2,
        total: 3,
        cql: 'ALTER TABLE t\n  ADD v text',
        durationMs: 12,
        awaitedAgreement: true,
      }),
    ).toBe('  [2/3] ALTER TABLE t ADD v text (12 ms, schema agreed)');
  });

  it('shows an empty CQL file as having no statements, not as a code migration', () => {
    const started = { type: 'migration-started', version: '3', resumeFrom: 0, direction: 'up' } as const;
    expect(formatEvent({ ...started, script: 'V3__empty.cql', kind: 'cql', statements: 0 })).toBe(
      'applying V3 V3__empty.cql (no statements)',
    );
    expect(formatEvent({ ...started, script: 'V3__seed.ts', kind: 'code', statements: 0 })).toBe(
      'applying V3 V3__seed.ts (code)',
    );
    expect(formatEvent({ ...started, script: 'V3__one.cql', kind: 'cql', statements: 1 })).toBe(
      'applying V3 V3__one.cql (1 statement)',
    );
  });

  it('names the migration a dry-run down would revert, and with what', () => {
    expect(
      formatEvent({
        type: 'migration-planned',
        version: '2',
        script: 'V2__email.cql',
        kind: 'cql',
        statements: 2,
        resumeFrom: 0,
        direction: 'down',
        via: 'U2__email.cql',
      }),
    ).toBe('would revert V2 V2__email.cql with U2__email.cql (2 statements)');
    const reverted = { version: '2', script: 'V2__email.cql', via: 'U2__email.cql', statements: [] };
    expect(
      formatResult({ command: 'down', result: { dryRun: true, reverted: [reverted], currentVersion: '1' } }),
    ).toBe('dry run: would revert V2 (V2__email.cql); version would be 1; nothing was changed\n');
  });
});
