/**
 * How workers get cqlkit: the bundle built by the orchestrator when `CQLKIT_BENCH_DRIVER` names
 * one (the default), else the TypeScript sources through tsx (`--from-source`).
 */
import { createRequire } from 'node:module';
import { BUILT_DRIVER_ENV } from './driver-build';

const load = createRequire(__filename);

/** The driver module as the workers see it. */
export type DriverModule = typeof import('./driver-entry');

let loaded: DriverModule | undefined;

/** Loads the driver once per process. */
export function loadDriver(): DriverModule {
  if (loaded === undefined) {
    const built = process.env[BUILT_DRIVER_ENV] || undefined;
    loaded = load(built ?? './driver-entry') as DriverModule;
  }
  return loaded;
}

/** Which build the workers run, for the report. */
export function driverBuildDescription(): string {
  return process.env[BUILT_DRIVER_ENV]
    ? 'bundled JavaScript (esbuild, no keepNames)'
    : 'TypeScript sources through tsx (keepNames)';
}
