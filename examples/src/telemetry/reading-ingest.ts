import { Consistency, type Session } from '@cqlkit/driver';
import type { Reading } from './model';

/** Readings per batch: small enough to stay under Cassandra's 5 KiB batch-size warning. */
export const READINGS_PER_BATCH = 48;

/** What {@link ingestReadings} did. */
export interface IngestSummary {
  readonly readings: number;
  readonly batches: number;
  /** Warnings the server returned with any batch (e.g. a batch that is too large). */
  readonly warnings: readonly string[];
}

/**
 * Writes readings through the raw session, in unlogged batches that each hold readings of a single
 * partition (one sensor, one day): Cassandra applies such a batch as one mutation on one replica
 * set, which is cheaper than one request per reading. Batches spanning partitions should be logged
 * (atomic) or not be batches at all.
 */
export async function ingestReadings(session: Session, readings: readonly Reading[]): Promise<IngestSummary> {
  const insert = await session.prepare(
    'INSERT INTO readings (sensor_id, day, recorded_at, value, quality) VALUES (?, ?, ?, ?, ?)',
  );
  const byPartition = new Map<string, Reading[]>();
  for (const reading of readings) {
    const key = `${reading.sensorId}/${reading.day.toString()}`;
    const partition = byPartition.get(key) ?? [];
    partition.push(reading);
    byPartition.set(key, partition);
  }
  const warnings: string[] = [];
  let batches = 0;
  // One partition at a time, its batches concurrently.
  for (const partition of byPartition.values()) {
    const chunks: Reading[][] = [];
    for (let i = 0; i < partition.length; i += READINGS_PER_BATCH) {
      chunks.push(partition.slice(i, i + READINGS_PER_BATCH));
    }
    const results = await Promise.all(
      chunks.map((chunk) =>
        session.batch(
          chunk.map((r) => ({
            query: insert,
            params: [r.sensorId, r.day, r.recordedAt, r.value, r.quality],
          })),
          { type: 'unlogged', consistency: Consistency.LOCAL_QUORUM, idempotent: true },
        ),
      ),
    );
    batches += results.length;
    for (const result of results) warnings.push(...result.warnings);
  }
  return { readings: readings.length, batches, warnings };
}
