/**
 * cqlkit under test (TypeScript sources, run with tsx): protocol v4 uncompressed by default, or v5
 * / v5 + LZ4; one connection per host; prepared statements; LOCAL_ONE.
 */
import type { Cluster, PreparedStatement, QueryOptions, ResultSet, Session } from '../../packages/driver/src';
import { loadDriver } from '../lib/driver-module';
import { type StatementName, STATEMENTS } from '../lib/bench-schema';
import { cqlkitValueConverter } from '../lib/data-gen';
import { type WorkloadName, WORKLOADS } from '../lib/workloads';
import type { StreamApi } from '../lib/job';
import type { BenchOperation, BenchSession, ConnectSpec, DriverAdapter } from './driver-adapter';
import { buildParamPool, PARAM_POOL_MASK } from './param-pool';

const { Cluster: ClusterClass, Consistency, Long, Uuid } = loadDriver();

const OPTIONS: QueryOptions = Object.freeze({ consistency: Consistency.LOCAL_ONE });

/** Bound values with the classes of the driver under test (the bundle's). */
const toCqlkitValue = cqlkitValueConverter({ Uuid, Long });

class CqlkitSession implements BenchSession {
  private insertPool: unknown[][] | undefined;

  constructor(
    private readonly cluster: Cluster,
    private readonly session: Session,
    private readonly prepared: ReadonlyMap<StatementName, PreparedStatement>,
  ) {}

  operation(workload: WorkloadName): BenchOperation {
    const definition = WORKLOADS[workload];
    const statement = this.statement(definition.statement);
    const session = this.session;
    if (definition.paged) {
      return {
        run: async () => {
          let rows = 0;
          for await (const _row of session.iterate(statement, [], OPTIONS)) rows++;
          return rows;
        },
        rows: (n) => n as number,
      };
    }
    const pool = buildParamPool(workload, toCqlkitValue);
    return {
      run: (i) => session.execute(statement, pool[i & PARAM_POOL_MASK], OPTIONS),
      rows: (result) => (result as ResultSet).rows.length,
    };
  }

  async streamScan(api: StreamApi, pageSize: number, onRow: (count: number) => boolean): Promise<number> {
    if (api !== 'iterate') throw new Error(`cqlkit streams with session.iterate(), not ${api}`);
    let rows = 0;
    const options = { ...OPTIONS, pageSize };
    for await (const _row of this.session.iterate(this.statement('scan'), [], options)) {
      if (!onRow(++rows)) break;
    }
    return rows;
  }

  sendUnanswered(i: number): Promise<unknown> {
    this.insertPool ??= buildParamPool('insert', toCqlkitValue);
    return this.session.execute(this.statement('blackhole'), this.insertPool[i & PARAM_POOL_MASK], OPTIONS);
  }

  async shutdown(): Promise<void> {
    await this.cluster.shutdown();
  }

  private statement(name: StatementName): PreparedStatement {
    const statement = this.prepared.get(name);
    if (statement === undefined) throw new Error(`statement ${name} was not prepared`);
    return statement;
  }
}

/** The cqlkit adapter. */
export const cqlkitAdapter: DriverAdapter = {
  name: 'cqlkit',
  async connect(spec: ConnectSpec): Promise<BenchSession> {
    const { target, variant } = spec;
    const cluster = new ClusterClass({
      contactPoints: [`${target.host}:${target.port}`],
      localDataCenter: target.localDataCenter,
      ...(target.credentials ? { credentials: target.credentials } : {}),
      protocolVersion: variant === 'v4' ? 4 : 5,
      compression: variant === 'v5-lz4' ? 'lz4' : false,
      connectionsPerHost: 1,
      maxRequestsPerConnection: spec.maxRequestsPerConnection,
      schemaMetadataEnabled: false,
      // The token map needs the keyspaces' replication, which cqlkit reads with its token metadata.
      tokenMetadataEnabled: spec.tokenAware === true,
    });
    const session = await cluster.connect();
    const prepared = new Map<StatementName, PreparedStatement>();
    for (const name of spec.statements) prepared.set(name, await session.prepare(STATEMENTS[name]));
    return new CqlkitSession(cluster, session, prepared);
  },
};
