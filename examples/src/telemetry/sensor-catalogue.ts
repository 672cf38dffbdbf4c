import { Location, Sensor, type SensorKind } from './model';

/** A sensor the demo installs, with the limits outside which its readings raise an alert. */
export interface CatalogueEntry {
  readonly sensor: Sensor;
  /** Readings below `min` or above `max` raise an alert. */
  readonly limits: { readonly min: number; readonly max: number };
  /** Typical value, daily swing (half amplitude) and noise of the simulated readings. */
  readonly signal: { readonly base: number; readonly swing: number; readonly noise: number };
}

function sensor(
  sensorId: string,
  kind: SensorKind,
  unit: string,
  location: Omit<Location, 'describe'>,
  installedAt: string,
): Sensor {
  return Object.assign(new Sensor(), {
    sensorId,
    kind,
    unit,
    location: Object.assign(new Location(), location),
    installedAt: new Date(installedAt),
  });
}

/** The three sensors of the demo, at two sites. */
export const SENSOR_CATALOGUE: readonly CatalogueEntry[] = [
  {
    sensor: sensor(
      'hq-lobby-temp',
      'temperature',
      '°C',
      { site: 'hq', building: 'A', floor: 0, latitude: 52.52, longitude: 13.405 },
      '2024-01-10T09:00:00Z',
    ),
    limits: { min: 16, max: 26 },
    signal: { base: 21, swing: 3, noise: 0.4 },
  },
  {
    sensor: sensor(
      'hq-lab-co2',
      'co2',
      'ppm',
      { site: 'hq', building: 'A', floor: 2, latitude: 52.5201, longitude: 13.4052 },
      '2024-03-02T14:30:00Z',
    ),
    limits: { min: 350, max: 1000 },
    signal: { base: 650, swing: 250, noise: 30 },
  },
  {
    sensor: sensor(
      'depot-humidity',
      'humidity',
      '%',
      { site: 'depot', building: 'Hall 1', floor: 0, latitude: 52.4, longitude: 13.52 },
      '2024-06-21T07:15:00Z',
    ),
    limits: { min: 30, max: 70 },
    signal: { base: 55, swing: 12, noise: 2 },
  },
];
