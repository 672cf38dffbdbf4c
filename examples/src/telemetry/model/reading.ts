import type { LocalDate } from '@cqlkit/driver';
import { ClusteringKey, Column, Entity, PartitionKey } from '@cqlkit/mapper';

/** How much a reading can be trusted. */
export type ReadingQuality = 'ok' | 'suspect';

/**
 * One measurement (table `readings`): partition key `(sensor_id, day)`, clustering column
 * `recorded_at` in descending order, so a partition reads newest first.
 */
@Entity({ table: 'readings' })
export class Reading {
  @PartitionKey(0) @Column({ type: 'text' }) sensorId!: string;
  @PartitionKey(1) @Column({ type: 'date' }) day!: LocalDate;
  @ClusteringKey(0, 'DESC') @Column({ type: 'timestamp' }) recordedAt!: Date;
  @Column({ type: 'double' }) value!: number;
  @Column({ type: 'text' }) quality!: ReadingQuality;
}
