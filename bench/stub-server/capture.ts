/**
 * Captures the stub server's canned responses from a real Cassandra node, once:
 * `npx tsx bench/stub-server/capture.ts` (starts/reuses Cassandra and loads the benchmark data).
 * Sends raw protocol messages over cqlkit's Connection (v4 and v5) and stores the response bodies
 * byte for byte in `bench/fixtures/cassandra-5.0-frames.json.gz`.
 */
import { Connection, PlainTextAuthProvider } from '../../packages/driver/src/connection';
import { Consistency } from '../../packages/driver/src';
import { OptionsRequest } from '../../packages/driver/src/protocol/handshake';
import {
  decodeResponseBody,
  ExecuteMessage,
  PrepareMessage,
  QueryMessage,
  type RequestMessage,
} from '../../packages/driver/src/protocol/messages';
import type { ProtocolVersion } from '../../packages/driver/src/protocol/opcodes';
import { SCAN_PAGE_SIZE, STATEMENT_NAMES, STATEMENTS, type StatementName } from '../lib/bench-schema';
import { type RawValue, rowValues, SMALL_PAYLOAD_BYTES } from '../lib/data-gen';
import { acquireCassandra } from '../lib/cassandra-target';
import type { TargetSpec } from '../lib/job';
import { openSetupSession, seedBenchData } from '../lib/seed-data';
import {
  type CapturedBody,
  type CapturedFixtures,
  type CapturedStatement,
  FIXTURE_PATH,
  saveFixtures,
  type SystemQueryName,
} from './fixtures';

const SYSTEM_QUERIES: Readonly<Record<SystemQueryName, string>> = {
  local: "SELECT * FROM system.local WHERE key='local'",
  peers: 'SELECT * FROM system.peers',
  peersV2: 'SELECT * FROM system.peers_v2',
};

/** Sample bound values of each statement's captured EXECUTE. */
const SAMPLE_VALUES: Readonly<Record<StatementName, RawValue[]>> = {
  insert: rowValues(1, 0, SMALL_PAYLOAD_BYTES),
  select1: [
    { type: 'int', value: 1 },
    { type: 'int', value: 2 },
  ],
  select100: [{ type: 'int', value: 1 }],
  scan: [],
  select1k: [
    { type: 'int', value: 1 },
    { type: 'int', value: 0 },
  ],
  blackhole: rowValues(2, 0, SMALL_PAYLOAD_BYTES),
};

function encodeRaw(value: RawValue): Buffer {
  switch (value.type) {
    case 'int': {
      const out = Buffer.alloc(4);
      out.writeInt32BE(value.value);
      return out;
    }
    case 'bigint': {
      const out = Buffer.alloc(8);
      out.writeInt32BE(value.high, 0);
      out.writeInt32BE(value.low, 4);
      return out;
    }
    case 'text':
      return Buffer.from(value.value, 'utf8');
    case 'uuid':
    case 'blob':
      return value.bytes;
  }
}

function log(message: string): void {
  process.stderr.write(`[capture] ${message}\n`);
}

async function open(target: TargetSpec, version: ProtocolVersion): Promise<Connection> {
  return Connection.open(target.host, target.port, {
    protocolVersion: version,
    compression: false,
    ...(target.credentials
      ? { authProvider: new PlainTextAuthProvider(target.credentials.username, target.credentials.password) }
      : {}),
  });
}

async function bodyOf(connection: Connection, message: RequestMessage): Promise<CapturedBody> {
  const frame = await connection.send(message);
  return { flags: frame.flags, body: Buffer.from(frame.body) };
}

async function captureStatement(
  v4: Connection,
  v5: Connection,
  name: StatementName,
): Promise<CapturedStatement> {
  const cql = STATEMENTS[name];
  const preparedV4 = await bodyOf(v4, new PrepareMessage(cql));
  const preparedV5 = await bodyOf(v5, new PrepareMessage(cql));
  const decoded = decodeResponseBody({
    version: 4,
    flags: preparedV4.flags,
    stream: 0,
    opcode: 0x08,
    body: preparedV4.body,
  });
  if (decoded.message.type !== 'result' || decoded.message.result.kind !== 'prepared') {
    throw new Error(`PREPARE ${cql} answered ${decoded.message.type}`);
  }
  const result = await bodyOf(
    v4,
    new ExecuteMessage(decoded.message.result.id, undefined, {
      consistency: Consistency.ONE,
      values: SAMPLE_VALUES[name].map(encodeRaw),
      pageSize: SCAN_PAGE_SIZE,
    }),
  );
  log(
    `${name}: PREPARE ${preparedV4.body.length} B (v4) / ${preparedV5.body.length} B (v5), EXECUTE ${result.body.length} B`,
  );
  return { cql, preparedV4, preparedV5, result };
}

async function main(): Promise<void> {
  const cassandra = await acquireCassandra(log);
  try {
    const { cluster, session } = await openSetupSession(cassandra.target);
    try {
      await seedBenchData(session, log);
    } finally {
      await cluster.shutdown();
    }
    const v4 = await open(cassandra.target, 4);
    const v5 = await open(cassandra.target, 5);
    try {
      const supported = await bodyOf(v4, new OptionsRequest());
      const systemQueries = {} as Record<SystemQueryName, CapturedBody>;
      for (const [name, cql] of Object.entries(SYSTEM_QUERIES) as [SystemQueryName, string][]) {
        systemQueries[name] = await bodyOf(v4, new QueryMessage(cql, { consistency: Consistency.ONE }));
      }
      const statements = {} as Record<StatementName, CapturedStatement>;
      for (const name of STATEMENT_NAMES) statements[name] = await captureStatement(v4, v5, name);
      const fixtures: CapturedFixtures = {
        capturedAt: new Date().toISOString(),
        cassandraVersion: cassandra.version ?? 'unknown',
        supported,
        systemQueries,
        statements,
      };
      saveFixtures(fixtures);
      log(`wrote ${FIXTURE_PATH}`);
    } finally {
      await v4.close();
      await v5.close();
    }
  } finally {
    await cassandra.release();
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
