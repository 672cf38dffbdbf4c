/**
 * Creates the benchmark keyspace and loads the read tables (100 000 `items` rows, 1000 `items_1k`
 * rows) with cqlkit; recreates the insert table. Setup only: nothing here is measured.
 */
import { Cluster, Consistency, Long, type Session, Uuid } from '../../packages/driver/src';
import {
  BENCH_KEYSPACE,
  CREATE_KEYSPACE,
  CREATE_READ_TABLES,
  ITEM_1K_PARTITIONS,
  ITEM_ROWS,
  RECREATE_WRITE_TABLE,
  ROWS_PER_PARTITION,
} from './bench-schema';
import {
  cqlkitValueConverter,
  LARGE_PAYLOAD_BYTES,
  type RawValue,
  rowValues,
  SMALL_PAYLOAD_BYTES,
} from './data-gen';
import type { TargetSpec } from './job';

const LOAD_CONCURRENCY = 128;

/** Bound values for cqlkit (the sources' classes: setup runs from source). */
const toValue = cqlkitValueConverter({ Uuid, Long });

/** Opens a cqlkit session on the target for setup work. */
export async function openSetupSession(target: TargetSpec): Promise<{ cluster: Cluster; session: Session }> {
  const cluster = new Cluster({
    contactPoints: [`${target.host}:${target.port}`],
    localDataCenter: target.localDataCenter,
    ...(target.credentials ? { credentials: target.credentials } : {}),
    protocolVersion: 4,
    compression: false,
    defaultProfile: { requestTimeoutMs: 60_000 },
  });
  return { cluster, session: await cluster.connect() };
}

async function loadTable(
  session: Session,
  table: string,
  rows: number,
  rowOf: (i: number) => RawValue[],
): Promise<void> {
  const insert = await session.prepare(
    `INSERT INTO ${BENCH_KEYSPACE}.${table} (pk, ck, id, n, label, payload) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < rows; i = next++) {
      await session.execute(insert, rowOf(i).map(toValue), {
        consistency: Consistency.ONE,
        idempotent: true,
      });
    }
  };
  await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, worker));
}

/** Drops and recreates the insert table (a fresh table for each suite that inserts). */
export async function recreateWriteTable(session: Session): Promise<void> {
  for (const cql of RECREATE_WRITE_TABLE) await session.execute(cql);
}

/** Recreates the keyspace's tables and loads the read data. */
export async function seedBenchData(session: Session, log: (message: string) => void): Promise<void> {
  await session.execute(CREATE_KEYSPACE);
  for (const table of ['items', 'items_1k'])
    await session.execute(`DROP TABLE IF EXISTS ${BENCH_KEYSPACE}.${table}`);
  for (const cql of CREATE_READ_TABLES) await session.execute(cql);
  await recreateWriteTable(session);
  const started = Date.now();
  await loadTable(session, 'items', ITEM_ROWS, (i) =>
    rowValues(Math.floor(i / ROWS_PER_PARTITION), i % ROWS_PER_PARTITION, SMALL_PAYLOAD_BYTES),
  );
  await loadTable(session, 'items_1k', ITEM_1K_PARTITIONS, (i) => rowValues(i, 0, LARGE_PAYLOAD_BYTES));
  log(`loaded ${ITEM_ROWS} + ${ITEM_1K_PARTITIONS} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
