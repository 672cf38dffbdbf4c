import { LocalDate } from '@cqlkit/driver';
import type { CatalogueEntry } from './sensor-catalogue';
import { Reading } from './model';

/** Minutes between two readings of a sensor. */
export const READING_INTERVAL_MINUTES = 5;

/** A small seeded PRNG (mulberry32), so that every run writes the same readings. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/**
 * A day of readings of one sensor, one every {@link READING_INTERVAL_MINUTES} minutes, oldest
 * first: a daily cycle peaking mid-afternoon, noise, and one excursion in the early afternoon
 * that crosses the sensor's upper limit. The same sensor and day always give the same readings.
 */
export function simulateDay(entry: CatalogueEntry, day: LocalDate): Reading[] {
  const random = seededRandom(seedOf(`${entry.sensor.sensorId}/${day.toString()}`));
  const midnight = Date.parse(`${day.toString()}T00:00:00Z`);
  const perDay = (24 * 60) / READING_INTERVAL_MINUTES;
  const { base, swing, noise } = entry.signal;
  const excursionStart = 13 * 60 + Math.floor(random() * 90);
  const readings: Reading[] = [];
  for (let i = 0; i < perDay; i++) {
    const minute = i * READING_INTERVAL_MINUTES;
    const cycle = Math.sin(((minute / 60 - 9) / 24) * 2 * Math.PI);
    const excursion =
      minute >= excursionStart && minute < excursionStart + 20 ? (entry.limits.max - base) * 0.6 : 0;
    const value = base + swing * cycle + excursion + (random() - 0.5) * 2 * noise;
    readings.push(
      Object.assign(new Reading(), {
        sensorId: entry.sensor.sensorId,
        day,
        recordedAt: new Date(midnight + minute * 60_000),
        value: Math.round(value * 10) / 10,
        quality: random() < 0.01 ? 'suspect' : 'ok',
      }),
    );
  }
  return readings;
}
