/**
 * cassandra-driver 4.10 under test, configured like cqlkit: protocol v4 (its maximum for
 * Cassandra), one connection per host, `maxRequestsPerConnection` ≥ the concurrency, prepared
 * statements (`prepare: true`, prepared on first use), LOCAL_ONE, metadata sync off (as cqlkit's schema/token metadata),
 * encoding defaults (Long for bigint, copied blobs).
 */
import cassandra from 'cassandra-driver';
import { STATEMENTS } from '../lib/bench-schema';
import type { RawValue } from '../lib/data-gen';
import type { StreamApi } from '../lib/job';
import { type WorkloadName, WORKLOADS } from '../lib/workloads';
import type { BenchOperation, BenchSession, ConnectSpec, DriverAdapter } from './driver-adapter';
import { buildParamPool, PARAM_POOL_MASK } from './param-pool';

const { types } = cassandra;

const OPTIONS: cassandra.QueryOptions = Object.freeze({
  prepare: true,
  consistency: types.consistencies.localOne,
});

function toDriverValue(value: RawValue): unknown {
  switch (value.type) {
    case 'int':
    case 'text':
      return value.value;
    case 'uuid':
      return new types.Uuid(value.bytes);
    case 'bigint':
      return types.Long.fromBits(value.low, value.high, false);
    case 'blob':
      return value.bytes;
  }
}

/** `client.stream()` returns a Readable (typed as an EventEmitter in index.d.ts). */
function rowsOf(stream: unknown): AsyncIterable<unknown> {
  return stream as AsyncIterable<unknown>;
}

class CassandraDriverSession implements BenchSession {
  private insertPool: unknown[][] | undefined;

  constructor(private readonly client: cassandra.Client) {}

  operation(workload: WorkloadName): BenchOperation {
    const definition = WORKLOADS[workload];
    const query = STATEMENTS[definition.statement];
    const client = this.client;
    if (definition.paged) {
      const options = { ...OPTIONS, autoPage: true };
      return {
        run: async () => {
          let rows = 0;
          for await (const _row of rowsOf(client.stream(query, [], options))) rows++;
          return rows;
        },
        rows: (n) => n as number,
      };
    }
    const pool = buildParamPool(workload, toDriverValue);
    return {
      run: (i) => client.execute(query, pool[i & PARAM_POOL_MASK], OPTIONS),
      rows: (result) => {
        const rows = (result as cassandra.types.ResultSet).rows;
        return rows ? rows.length : 0;
      },
    };
  }

  async streamScan(api: StreamApi, pageSize: number, onRow: (count: number) => boolean): Promise<number> {
    let rows = 0;
    if (api === 'resultset') {
      // `for await` over a ResultSet fetches the following pages as it goes (cassandra-driver ≥ 4.2):
      // its closest equivalent to cqlkit's session.iterate().
      const result = await this.client.execute(STATEMENTS.scan, [], { ...OPTIONS, fetchSize: pageSize });
      for await (const _row of result) {
        if (!onRow(++rows)) break;
      }
      return rows;
    }
    if (api !== 'stream') throw new Error(`cassandra-driver has no ${api} streaming API`);
    const options = { ...OPTIONS, autoPage: true, fetchSize: pageSize };
    for await (const _row of rowsOf(this.client.stream(STATEMENTS.scan, [], options))) {
      if (!onRow(++rows)) break;
    }
    return rows;
  }

  sendUnanswered(i: number): Promise<unknown> {
    this.insertPool ??= buildParamPool('insert', toDriverValue);
    return this.client.execute(STATEMENTS.blackhole, this.insertPool[i & PARAM_POOL_MASK], OPTIONS);
  }

  async shutdown(): Promise<void> {
    await this.client.shutdown();
  }
}

/** The cassandra-driver adapter. */
export const cassandraDriverAdapter: DriverAdapter = {
  name: 'cassandra-driver',
  async connect(spec: ConnectSpec): Promise<BenchSession> {
    const { target } = spec;
    if (spec.variant !== 'v4') throw new Error('cassandra-driver speaks at most protocol v4 to Cassandra');
    const client = new cassandra.Client({
      contactPoints: [target.host],
      localDataCenter: target.localDataCenter,
      ...(target.credentials ? { credentials: target.credentials } : {}),
      protocolOptions: { port: target.port, maxVersion: 4 },
      pooling: {
        coreConnectionsPerHost: { [types.distance.local]: 1, [types.distance.remote]: 1 },
        maxRequestsPerConnection: spec.maxRequestsPerConnection,
      },
      isMetadataSyncEnabled: false,
    });
    await client.connect();
    // No public prepare() in cassandra-driver 4.x: `execute(…, { prepare: true })` prepares on first
    // use, which the untimed warm-up of every workload does.
    return new CassandraDriverSession(client);
  },
};
