import { readFileSync } from 'node:fs';
import type { ConnectionSettings } from '../telemetry/cluster-settings';

/** Where the demo's Cassandra is and how to log in: the same facts for the CLI and the driver. */
export interface ConnectionTarget {
  readonly contactPoints: readonly string[];
  readonly localDataCenter: string;
  readonly credentials?: { readonly username: string; readonly password: string };
  /** CA certificate (PEM file) to verify the server's certificate with; TLS is used when set. */
  readonly tlsCaFile?: string;
  /** `127.0.0.1 (auth, TLS)`. */
  readonly description: string;
}

/** Describes a target for the console. */
export function describeTarget(
  contactPoints: readonly string[],
  credentials: ConnectionTarget['credentials'],
  tlsCaFile: string | undefined,
): string {
  const features = [credentials ? 'auth' : undefined, tlsCaFile ? 'TLS' : undefined].filter(Boolean);
  return `${contactPoints.join(',')}${features.length ? ` (${features.join(', ')})` : ''}`;
}

/**
 * A cluster given by the environment (`CQLKIT_CONTACT_POINTS`, `CQLKIT_LOCAL_DC`,
 * `CQLKIT_USERNAME`/`CQLKIT_PASSWORD`, `CQLKIT_TLS_CA_FILE`: the variables the integration tests
 * read), or `undefined` when none is set.
 */
export function targetFromEnvironment(env: NodeJS.ProcessEnv = process.env): ConnectionTarget | undefined {
  const points = env.CQLKIT_CONTACT_POINTS?.split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (points === undefined || points.length === 0) return undefined;
  const credentials =
    env.CQLKIT_USERNAME && env.CQLKIT_PASSWORD
      ? { username: env.CQLKIT_USERNAME, password: env.CQLKIT_PASSWORD }
      : undefined;
  const tlsCaFile = env.CQLKIT_TLS_CA_FILE || undefined;
  return {
    contactPoints: points,
    localDataCenter: env.CQLKIT_LOCAL_DC || 'datacenter1',
    ...(credentials ? { credentials } : {}),
    ...(tlsCaFile ? { tlsCaFile } : {}),
    description: describeTarget(points, credentials, tlsCaFile),
  };
}

/** The driver's connection settings for a target (certificates verified against the target's CA). */
export function connectionSettingsFor(target: ConnectionTarget): ConnectionSettings {
  return {
    contactPoints: target.contactPoints,
    localDataCenter: target.localDataCenter,
    ...(target.credentials ? { credentials: target.credentials } : {}),
    ...(target.tlsCaFile ? { tls: { ca: readFileSync(target.tlsCaFile) } } : {}),
  };
}
