import type { LocalDate } from '@cqlkit/driver';
import { Mapper, type Repository } from '@cqlkit/mapper';
import { Alert, Reading, Sensor, SensorBySite } from './model';

/** Alerts are kept for 30 days. */
const ALERT_TTL_SECONDS = 30 * 24 * 3600;

/** Limits of a sensor, outside which its readings raise alerts. */
export interface SensorLimits {
  readonly min: number;
  readonly max: number;
}

/**
 * The telemetry store's use cases, served through mapper repositories: every statement is
 * prepared once per shape and values are checked against the columns before anything is sent.
 */
export class TelemetryService {
  private readonly sensors: Repository<Sensor>;
  private readonly sensorsBySite: Repository<SensorBySite>;
  private readonly readings: Repository<Reading>;
  private readonly alerts: Repository<Alert>;

  constructor(private readonly mapper: Mapper) {
    this.sensors = mapper.repository(Sensor);
    this.sensorsBySite = mapper.repository(SensorBySite);
    this.readings = mapper.repository(Reading);
    this.alerts = mapper.repository(Alert);
  }

  /**
   * Checks every entity against the live schema (tables, columns, types, key layout) now rather
   * than on first use; throws `SchemaMismatchError` listing every difference.
   */
  async ready(): Promise<void> {
    await Promise.all([this.sensors, this.sensorsBySite, this.readings, this.alerts].map((r) => r.ready()));
  }

  /** Registers a sensor: `sensors` and `sensors_by_site` written together in one logged batch. */
  async registerSensor(sensor: Sensor): Promise<void> {
    const bySite = Object.assign(new SensorBySite(), {
      site: sensor.location.site,
      sensorId: sensor.sensorId,
      kind: sensor.kind,
    });
    await this.mapper.batch({ type: 'logged' }).insert(Sensor, sensor).insert(SensorBySite, bySite).execute();
  }

  /** The sensors of a site, through the `sensors_by_site` lookup table. */
  async sensorsAt(site: string): Promise<Sensor[]> {
    const found: Sensor[] = [];
    for await (const entry of this.sensorsBySite.find({ site })) {
      const sensor = await this.sensors.findOne({ sensorId: entry.sensorId });
      if (sensor !== undefined) found.push(sensor);
    }
    return found;
  }

  /** A sensor by id, or `undefined`. */
  sensor(sensorId: string): Promise<Sensor | undefined> {
    return this.sensors.findOne({ sensorId });
  }

  /**
   * Records a firmware upgrade, only if the sensor exists (a lightweight transaction:
   * `UPDATE … IF EXISTS`). Returns whether it was applied.
   */
  async upgradeFirmware(sensorId: string, firmware: string): Promise<boolean> {
    const { applied } = await this.sensors.update({ sensorId }, { firmware }, { ifExists: true });
    return applied;
  }

  /** The newest `count` readings of a sensor on a day (the clustering order makes them come first). */
  async latestReadings(sensorId: string, day: LocalDate, count: number): Promise<Reading[]> {
    const latest: Reading[] = [];
    for await (const reading of this.readings.find({ sensorId, day }, { limit: count })) latest.push(reading);
    return latest;
  }

  /** Readings of a sensor in `[from, to)`, oldest first (a clustering range read in reverse order). */
  async readingsBetween(sensorId: string, day: LocalDate, from: Date, to: Date): Promise<Reading[]> {
    const found: Reading[] = [];
    const range = { recordedAt: { gte: from, lt: to } };
    for await (const reading of this.readings.find({ sensorId, day }, { range, order: 'ASC' })) {
      found.push(reading);
    }
    return found;
  }

  /** How many readings a sensor recorded on a day. */
  countReadings(sensorId: string, day: LocalDate): Promise<number> {
    return this.readings.count({ sensorId, day });
  }

  /**
   * Walks a sensor's day of readings (every page, through the repository's async iterable) and
   * raises an alert (kept 30 days) for each reading outside the limits. Returns the alerts raised.
   */
  async raiseAlerts(sensor: Sensor, day: LocalDate, limits: SensorLimits): Promise<Alert[]> {
    const raised: Alert[] = [];
    for await (const reading of this.readings.find({ sensorId: sensor.sensorId, day }, { pageSize: 100 })) {
      if (reading.value >= limits.min && reading.value <= limits.max) continue;
      const bound = reading.value > limits.max ? `above ${limits.max}` : `below ${limits.min}`;
      const alert = Object.assign(new Alert(), {
        site: sensor.location.site,
        day,
        raisedAt: reading.recordedAt,
        sensorId: sensor.sensorId,
        value: reading.value,
        message: `${sensor.kind} ${reading.value} ${sensor.unit} ${bound}`,
      });
      await this.alerts.insert(alert, { ttl: ALERT_TTL_SECONDS });
      raised.push(alert);
    }
    return raised;
  }

  /** The alerts of a site on a day, newest first. */
  async alertsAt(site: string, day: LocalDate, limit: number): Promise<Alert[]> {
    const found: Alert[] = [];
    for await (const alert of this.alerts.find({ site, day }, { limit })) found.push(alert);
    return found;
  }
}
