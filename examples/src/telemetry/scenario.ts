import { type Cluster, LocalDate, type Session } from '@cqlkit/driver';
import { Mapper } from '@cqlkit/mapper';
import { dailyStatistics } from './daily-report';
import { clock, column, micros } from './format';
import { Location, type Reading } from './model';
import { ingestReadings } from './reading-ingest';
import { SENSOR_CATALOGUE } from './sensor-catalogue';
import { simulateDay } from './simulated-readings';
import { TelemetryService } from './telemetry-service';
import { tracedLookup } from './traced-lookup';

/** The day the demo simulates (fixed, so that every run prints the same readings). */
export const DEMO_DAY = LocalDate.of(2025, 3, 14);

/** What the scenario needs: a session on the migrated keyspace, and its cluster. */
export interface ScenarioContext {
  readonly cluster: Cluster;
  readonly session: Session;
  readonly log: (message: string) => void;
}

/**
 * The telemetry store's story, printed as it goes: sensors are registered, a day of readings is
 * ingested, queried, turned into alerts and reported on, through repositories and through the raw
 * session.
 */
export async function runScenario({ cluster, session, log }: ScenarioContext): Promise<void> {
  const local = (
    await session.execute<{ release_version: string; cluster_name: string }>(
      'SELECT release_version, cluster_name FROM system.local',
    )
  ).first();
  log(
    `connected to Cassandra ${local?.release_version} (cluster "${local?.cluster_name}") ` +
      `over protocol v${session.protocolVersion}, keyspace ${session.keyspace}`,
  );

  const mapper = new Mapper(session);
  const service = new TelemetryService(mapper);
  await service.ready();
  log('the entities match the live schema (Sensor, SensorBySite, Reading, Alert; UDT location)');

  log('');
  log('1. Register the sensors: mapper batch (logged) of sensors + sensors_by_site');
  for (const { sensor } of SENSOR_CATALOGUE) {
    await service.registerSensor(sensor);
    log(
      `   ${column(sensor.sensorId, 15)} ${column(`${sensor.kind} (${sensor.unit})`, 18)} ${sensor.location.describe()}`,
    );
  }

  log('');
  log(`2. Ingest ${DEMO_DAY.toString()}: raw session, prepared INSERT in unlogged single-partition batches`);
  const readings: Reading[] = SENSOR_CATALOGUE.flatMap((entry) => simulateDay(entry, DEMO_DAY));
  const started = performance.now();
  const ingest = await ingestReadings(session, readings);
  log(
    `   ${ingest.readings} readings in ${ingest.batches} batches (${Math.round(performance.now() - started)} ms)` +
      (ingest.warnings.length ? `; server warnings: ${ingest.warnings.join(' | ')}` : ''),
  );
  for (const { sensor } of SENSOR_CATALOGUE) {
    log(
      `   ${column(sensor.sensorId, 15)} ${await service.countReadings(sensor.sensorId, DEMO_DAY)} readings (repository.count)`,
    );
  }

  const lobby = SENSOR_CATALOGUE[0].sensor;
  log('');
  log(`3. Latest readings of ${lobby.sensorId}: repository.find({ sensorId, day }, { limit: 3 })`);
  log('   (newest first without sorting: the table is clustered by recorded_at DESC)');
  for (const r of await service.latestReadings(lobby.sensorId, DEMO_DAY, 3)) {
    log(`   ${clock(r.recordedAt)}  ${r.value} ${lobby.unit}  ${r.quality}`);
  }

  const lab = SENSOR_CATALOGUE[1];
  const from = new Date(`${DEMO_DAY.toString()}T14:00:00Z`);
  const to = new Date(`${DEMO_DAY.toString()}T14:30:00Z`);
  log('');
  log(
    `4. ${lab.sensor.sensorId} from ${clock(from)} to ${clock(to)}: a clustering range, read in ascending order`,
  );
  const window = await service.readingsBetween(lab.sensor.sensorId, DEMO_DAY, from, to);
  log(`   ${window.map((r) => `${clock(r.recordedAt)} ${r.value}`).join(' · ')} ${lab.sensor.unit}`);

  log('');
  log('5. Alerts: every page of each partition (repository.find), alerts inserted with a 30-day TTL');
  for (const { sensor, limits } of SENSOR_CATALOGUE) {
    const raised = await service.raiseAlerts(sensor, DEMO_DAY, limits);
    const span = raised.length
      ? ` between ${clock(raised.at(-1)?.raisedAt)} and ${clock(raised[0]?.raisedAt)}`
      : '';
    log(
      `   ${column(sensor.sensorId, 15)} limits ${limits.min}–${limits.max} ${sensor.unit}: ${raised.length} alerts${span}`,
    );
  }
  for (const alert of await service.alertsAt('hq', DEMO_DAY, 3)) {
    log(`   newest at hq: ${clock(alert.raisedAt)} ${alert.sensorId}: ${alert.message}`);
  }

  log('');
  log(
    '6. Firmware upgrade: repository.update(key, { firmware }, { ifExists: true }) — a lightweight transaction',
  );
  log(`   hq-lab-co2 → 2.4.1: applied=${await service.upgradeFirmware('hq-lab-co2', '2.4.1')}`);
  log(`   no-such-sensor → 2.4.1: applied=${await service.upgradeFirmware('no-such-sensor', '2.4.1')}`);
  for (const sensor of await service.sensorsAt('hq')) {
    log(
      `   at hq: ${column(sensor.sensorId, 15)} firmware ${sensor.firmware ?? '(unknown)'}, installed ${sensor.installedAt.toISOString().slice(0, 10)}`,
    );
  }

  const depot = SENSOR_CATALOGUE[2].sensor;
  log('');
  log(`7. Daily report of ${depot.sensorId}: raw session, pages of 100 resumed from a base64 cursor`);
  const stats = await dailyStatistics(session, depot.sensorId, DEMO_DAY, (page, index) => {
    const cursor = page.cursor === undefined ? 'last page' : `next cursor ${page.cursor.slice(0, 16)}…`;
    log(
      `   page ${index + 1}: ${page.values.length} readings ${clock(page.first)} → ${clock(page.last)}, ${cursor}`,
    );
  });
  log(
    `   ${stats.readings} readings in ${stats.pages} pages: min ${stats.min} ${depot.unit}, ` +
      `max ${stats.max} ${depot.unit}, mean ${stats.mean.toFixed(1)} ${depot.unit}`,
  );

  const at = new Date(`${DEMO_DAY.toString()}T12:00:00Z`);
  log('');
  log(`8. Traced request: the ${clock(at)} reading of ${lobby.sensorId} with { tracing: true }`);
  const traced = await tracedLookup(session, lobby.sensorId, DEMO_DAY, at);
  log(
    `   found=${traced.found}; trace ${traced.tracingId.toString()}: coordinator ${traced.coordinator}, ` +
      `${micros(traced.durationMicros)}, ${traced.steps.length} steps`,
  );
  for (const step of traced.steps) {
    log(`   ${micros(step.elapsedMicros).padStart(9)}  ${step.activity}`);
  }

  log('');
  log('9. Raw rows with UDT instances: mapper.registerUdts([Location]) binds the class in the driver');
  await mapper.registerUdts([Location]);
  for await (const row of session.iterate<{ sensor_id: string; location: Location }>(
    'SELECT sensor_id, location FROM sensors',
  )) {
    const where = row.location instanceof Location ? row.location.describe() : JSON.stringify(row.location);
    log(
      `   ${column(row.sensor_id, 15)} location instanceof Location: ${row.location instanceof Location} → ${where}`,
    );
  }

  const metrics = cluster.metrics();
  if (metrics !== undefined) {
    log('');
    log('10. Driver metrics (cluster option metrics: true)');
    log(
      `   ${metrics.requests} requests, ${metrics.errors} errors, ${metrics.retries} retries, ` +
        `${metrics.openConnections} open connection${metrics.openConnections === 1 ? '' : 's'}; latency p50 ${metrics.latency.p50.toFixed(1)} ms, ` +
        `p99 ${metrics.latency.p99.toFixed(1)} ms, max ${metrics.latency.max.toFixed(1)} ms`,
    );
  }
}
