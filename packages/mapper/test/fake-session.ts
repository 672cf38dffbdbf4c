/**
 * A stand-in for the driver Session in unit tests: records what would be prepared and executed,
 * and answers with canned rows.
 */
import { PreparedStatement, type Cluster, type QueryOptions, type Session } from '@cqlkit/driver';

/** The driver's (internal) constructor, to make real PreparedStatements without a server. */
const NewPreparedStatement = PreparedStatement as unknown as new (
  query: string,
  keyspace: undefined,
  result: unknown,
) => PreparedStatement;

export interface ExecutedCall {
  readonly cql: string;
  readonly params: unknown;
  /** The options the request runs with: the statement handle's defaults under the call's options. */
  readonly options: QueryOptions | undefined;
  /** The options argument of the call itself. */
  readonly callOptions: QueryOptions | undefined;
}

export interface FakeResult {
  readonly rows?: unknown[];
  readonly applied?: boolean;
  readonly pagingState?: Buffer;
}

/** A fake session: `respond` decides each result; every prepare and execute is recorded. */
export class FakeSession {
  readonly prepared: string[] = [];
  readonly executed: ExecutedCall[] = [];
  readonly batches: { statements: unknown[]; options: unknown }[] = [];
  keyspace: string | undefined = 'ks';
  respond: (call: ExecutedCall) => FakeResult = () => ({ rows: [] });
  /** What `session.cluster` returns: give it the members a test needs (e.g. `registerUserType`). */
  cluster: Partial<Cluster> = {};

  asSession(): Session {
    return this as unknown as Session;
  }

  /** A fake session whose cluster has `members`. */
  static withCluster(members: Partial<Cluster>): FakeSession {
    const session = new FakeSession();
    session.cluster = members;
    return session;
  }

  async prepare(cql: string): Promise<PreparedStatement> {
    this.prepared.push(cql);
    return new NewPreparedStatement(cql, undefined, {
      kind: 'prepared',
      id: Buffer.from(cql),
      resultMetadataId: undefined,
      variables: { columns: [], partitionKeyIndexes: [] },
      resultMetadata: { columns: [] },
    });
  }

  async execute(
    query: string | PreparedStatement,
    params?: unknown,
    options?: QueryOptions,
  ): Promise<unknown> {
    const cql = typeof query === 'string' ? query : (query as unknown as { query: string }).query;
    // What the request runs with, as the driver resolves it: a handle's defaults, then the call's.
    const defaults = query instanceof PreparedStatement ? query.defaults : {};
    const effective = Object.keys(defaults).length === 0 ? options : { ...defaults, ...options };
    const call = { cql, params, options: effective, callOptions: options };
    this.executed.push(call);
    return fakeResultSet(this.respond(call));
  }

  async batch(statements: unknown[], options?: unknown): Promise<unknown> {
    this.batches.push({ statements, options });
    return fakeResultSet({ rows: [] });
  }
}

function fakeResultSet(result: FakeResult): unknown {
  const rows = result.rows ?? [];
  return {
    rows,
    first: () => rows[0],
    wasApplied: result.applied ?? true,
    pagingState: result.pagingState,
    hasMorePages: result.pagingState !== undefined,
    async *[Symbol.asyncIterator]() {
      yield* rows;
    },
  };
}
