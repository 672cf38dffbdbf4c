/**
 * Response bodies captured once from a real Cassandra 5.0 node (`bench/stub-server/capture.ts`),
 * stored gzipped in `bench/fixtures/` and served by the stub server; the decode benchmark reads the
 * 5000-row scan page from the same file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { StatementName } from '../lib/bench-schema';

/** Default location of the captured frames. */
export const FIXTURE_PATH = join(__dirname, '..', 'fixtures', 'cassandra-5.0-frames.json.gz');

/** A response body and its envelope flags. */
export interface CapturedBody {
  readonly flags: number;
  readonly body: Buffer;
}

/** One statement: its PREPARE answers (v4 and v5 differ) and its EXECUTE answer (v4 body). */
export interface CapturedStatement {
  readonly cql: string;
  readonly preparedV4: CapturedBody;
  readonly preparedV5: CapturedBody;
  /** The first page (5000 rows at most) or Void; v4 and v5 Rows bodies are identical. */
  readonly result: CapturedBody;
}

/** The system tables drivers read when they connect. */
export type SystemQueryName = 'local' | 'peers' | 'peersV2';

/** Everything captured. */
export interface CapturedFixtures {
  readonly capturedAt: string;
  readonly cassandraVersion: string;
  readonly supported: CapturedBody;
  readonly systemQueries: Readonly<Record<SystemQueryName, CapturedBody>>;
  readonly statements: Readonly<Record<StatementName, CapturedStatement>>;
}

interface StoredBody {
  readonly flags: number;
  readonly base64: string;
}

function store(body: CapturedBody): StoredBody {
  return { flags: body.flags, base64: body.body.toString('base64') };
}

function restore(stored: StoredBody): CapturedBody {
  return { flags: stored.flags, body: Buffer.from(stored.base64, 'base64') };
}

/** Writes `fixtures` to `path` (gzipped JSON, bodies in base64). */
export function saveFixtures(fixtures: CapturedFixtures, path: string = FIXTURE_PATH): void {
  const json = JSON.stringify(
    fixtures,
    (_key, value: unknown) =>
      value !== null && typeof value === 'object' && 'body' in value && Buffer.isBuffer(value.body)
        ? store(value as CapturedBody)
        : value,
    1,
  );
  writeFileSync(path, gzipSync(json, { level: 9 }));
}

/** Reads the fixtures written by {@link saveFixtures}. */
export function loadFixtures(path: string = FIXTURE_PATH): CapturedFixtures {
  const json = gunzipSync(readFileSync(path)).toString('utf8');
  return JSON.parse(json, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && 'base64' in value && 'flags' in value
      ? restore(value as StoredBody)
      : value,
  ) as CapturedFixtures;
}
