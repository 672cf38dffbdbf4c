import type { LocalDate } from '@cqlkit/driver';
import { ClusteringKey, Column, Entity, PartitionKey } from '@cqlkit/mapper';

/**
 * A reading outside its sensor's limits (table `alerts_by_site`): partition key `(site, day)`,
 * clustered by `raised_at DESC, sensor_id ASC`.
 */
@Entity({ table: 'alerts_by_site' })
export class Alert {
  @PartitionKey(0) @Column({ type: 'text' }) site!: string;
  @PartitionKey(1) @Column({ type: 'date' }) day!: LocalDate;
  @ClusteringKey(0, 'DESC') @Column({ type: 'timestamp' }) raisedAt!: Date;
  @ClusteringKey(1, 'ASC') @Column({ type: 'text' }) sensorId!: string;
  @Column({ type: 'double' }) value!: number;
  @Column({ type: 'text' }) message!: string;
}
