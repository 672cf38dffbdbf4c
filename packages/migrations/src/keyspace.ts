/**
 * Creating the target keyspace from configuration (its replication usually differs per
 * environment), and checking what exists through `system_schema`.
 *
 * @packageDocumentation
 */
import { cqlIdentifier } from '@cqlkit/driver';
import { cqlString, type TableRef } from './cql-names';
import { MigrationConfigError } from './errors';
import type { MigrationSession } from './migration-session';

/**
 * A keyspace's replication map: a strategy class plus its options.
 *
 * @example
 * ```ts
 * const dev: Replication = { class: 'SimpleStrategy', replication_factor: 1 };
 * const prod: Replication = { class: 'NetworkTopologyStrategy', dc1: 3, dc2: 3 };
 * ```
 */
export interface Replication {
  readonly class: string;
  readonly [option: string]: string | number;
}

/** How to create the target keyspace when it does not exist. */
export interface KeyspaceCreation {
  readonly replication: Replication;
  /** `durable_writes` (default true). */
  readonly durableWrites?: boolean;
}

/**
 * Checks a {@link KeyspaceCreation} given as configuration.
 *
 * @throws MigrationConfigError naming the bad field and what was expected.
 */
export function validateKeyspaceCreation(value: unknown, where: string): KeyspaceCreation {
  const shape = `${where} must be { replication: { class: 'SimpleStrategy', replication_factor: 1 }, durableWrites?: boolean }`;
  if (value === null || typeof value !== 'object')
    throw new MigrationConfigError(`${shape}, got ${JSON.stringify(value)}`);
  const { replication, durableWrites } = value as { replication?: unknown; durableWrites?: unknown };
  if (replication === null || typeof replication !== 'object') {
    throw new MigrationConfigError(`${shape}; replication is missing`);
  }
  const entries = Object.entries(replication as Record<string, unknown>);
  const strategy = (replication as { class?: unknown }).class;
  if (typeof strategy !== 'string' || strategy.trim() === '') {
    throw new MigrationConfigError(
      `${where}.replication.class must name a strategy such as 'NetworkTopologyStrategy'`,
    );
  }
  if (entries.length < 2) {
    throw new MigrationConfigError(
      `${where}.replication needs replication_factor (SimpleStrategy) or one factor per data center (NetworkTopologyStrategy)`,
    );
  }
  for (const [key, v] of entries) {
    if (key === 'class') continue;
    const ok =
      (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && v.trim() !== '');
    if (!ok) {
      throw new MigrationConfigError(
        `${where}.replication.${key} must be a replica count (a non-negative integer), got ${JSON.stringify(v)}`,
      );
    }
  }
  if (durableWrites !== undefined && typeof durableWrites !== 'boolean') {
    throw new MigrationConfigError(
      `${where}.durableWrites must be true or false, got ${JSON.stringify(durableWrites)}`,
    );
  }
  return value as KeyspaceCreation;
}

/**
 * The `CREATE KEYSPACE IF NOT EXISTS` statement for a keyspace.
 *
 * @example
 * ```ts
 * createKeyspaceCql('shop', { replication: { class: 'SimpleStrategy', replication_factor: 1 } });
 * // CREATE KEYSPACE IF NOT EXISTS shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'} AND durable_writes = true
 * ```
 */
export function createKeyspaceCql(keyspace: string, creation: KeyspaceCreation): string {
  const map = Object.entries(creation.replication)
    .map(([k, v]) => `${cqlString(k)}: ${cqlString(String(v))}`)
    .join(', ');
  return (
    `CREATE KEYSPACE IF NOT EXISTS ${cqlIdentifier(keyspace)} WITH replication = {${map}} ` +
    `AND durable_writes = ${creation.durableWrites ?? true}`
  );
}

/** Whether a keyspace exists. */
export async function keyspaceExists(session: MigrationSession, keyspace: string): Promise<boolean> {
  const rs = await session.execute(
    'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?',
    [keyspace],
    { prepare: true },
  );
  return rs.rows.length > 0;
}

/** Whether a table exists. */
export async function tableExists(session: MigrationSession, ref: TableRef): Promise<boolean> {
  const rs = await session.execute(
    'SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?',
    [ref.keyspace, ref.table],
    { prepare: true },
  );
  return rs.rows.length > 0;
}
