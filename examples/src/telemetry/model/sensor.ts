import { ClusteringKey, Column, Entity, PartitionKey } from '@cqlkit/mapper';
import { Location } from './location';

/** What a sensor measures. */
export type SensorKind = 'temperature' | 'humidity' | 'co2';

/** A sensor (table `sensors`, one row per sensor). */
@Entity({ table: 'sensors' })
export class Sensor {
  @PartitionKey() @Column({ type: 'text' }) sensorId!: string;
  @Column({ type: 'text' }) kind!: SensorKind;
  @Column({ type: 'text' }) unit!: string;
  /** A `frozen<location>` UDT column: read back as a {@link Location} instance. */
  @Column({ type: Location }) location!: Location;
  @Column({ type: 'timestamp' }) installedAt!: Date;
  /** Added by migration V3. */
  @Column({ type: 'text' }) firmware?: string;
}

/** The sensors of a site (table `sensors_by_site`), written together with {@link Sensor}. */
@Entity({ table: 'sensors_by_site' })
export class SensorBySite {
  @PartitionKey() @Column({ type: 'text' }) site!: string;
  @ClusteringKey() @Column({ type: 'text' }) sensorId!: string;
  @Column({ type: 'text' }) kind!: SensorKind;
}
