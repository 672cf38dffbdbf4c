/**
 * The files of `src/session/` that `Session` delegates to, alone: what they check, in which order
 * they fail (synchronously or as a rejection), and what they hand back.
 */
import { InvalidOptionsError } from '../../src/errors';
import type { HostPool } from '../../src/pool/host-pool';
import type { BatchStatement } from '../../src/request/batch-request';
import { PreparedStatement } from '../../src/request/prepared-statement';
import { prepareBatchTexts } from '../../src/session/batch-preparation';
import { keyspaceNameOf } from '../../src/session/keyspace-name';
import {
  connectionCountsOf,
  loadOf,
  poolStatesOf,
  protocolVersionOf,
} from '../../src/session/pool-introspection';
import { awaitAgreedVersion, checkAgreedVersion } from '../../src/session/schema-agreement-calls';
import type { SessionClusterLink } from '../../src/session/session-init';
import { fetchTraceThrough, type TraceExecute } from '../../src/session/trace-fetch';
import { Uuid } from '../../src/types';

describe('keyspaceNameOf', () => {
  it('lower-cases unquoted names and keeps case-sensitive ones', () => {
    expect(keyspaceNameOf('Shop_1', false)).toBe('shop_1');
    expect(keyspaceNameOf('Shop-EU', true)).toBe('Shop-EU');
  });

  it('names what is wrong with the argument', () => {
    expect(() => keyspaceNameOf('', false)).toThrow(InvalidOptionsError);
    expect(() => keyspaceNameOf(42 as unknown as string, true)).toThrow(/name must be a non-empty string/);
    expect(() => keyspaceNameOf('shop-eu', false)).toThrow(
      /useKeyspace\('shop-eu'\): an unquoted keyspace name may only contain letters, digits and '_'/,
    );
  });
});

describe('schema-agreement calls', () => {
  const agreed = '5f1d0e2c-7a4b-4c3d-9e8f-0a1b2c3d4e5f';
  function link(over: Partial<SessionClusterLink>): SessionClusterLink {
    return over as SessionClusterLink;
  }

  it('checks once: the agreed version as a Uuid, or null', async () => {
    const versions = { agreed: true, agreedVersion: agreed, versions: new Map() };
    expect(await checkAgreedVersion(link({ readSchemaVersions: async () => versions }))).toEqual(
      Uuid.parse(agreed),
    );
    const split = { agreed: false, agreedVersion: undefined, versions: new Map() };
    expect(await checkAgreedVersion(link({ readSchemaVersions: async () => split }))).toBeNull();
  });

  it('waits with the given timeout, else the default, and passes the signal', async () => {
    const calls: Array<[number, AbortSignal | undefined]> = [];
    const cluster = link({
      awaitSchemaAgreement: async (timeoutMs, signal) => {
        calls.push([timeoutMs, signal]);
        return agreed;
      },
    });
    const signal = new AbortController().signal;
    expect(await awaitAgreedVersion(cluster, { timeoutMs: 500, signal }, 10_000)).toEqual(Uuid.parse(agreed));
    await awaitAgreedVersion(cluster, {}, 10_000);
    expect(calls).toEqual([
      [500, signal],
      [10_000, undefined],
    ]);
  });

  it('rejects bad options before waiting', async () => {
    const cluster = link({ awaitSchemaAgreement: () => Promise.reject(new Error('must not wait')) });
    await expect(awaitAgreedVersion(cluster, { timeoutMs: 0 }, 10_000)).rejects.toThrow(
      /option 'timeoutMs' must be a positive number/,
    );
    await expect(
      awaitAgreedVersion(cluster, { timeout: 5 } as unknown as { timeoutMs: number }, 10_000),
    ).rejects.toBeInstanceOf(InvalidOptionsError);
  });
});

describe('fetchTraceThrough', () => {
  const id = Uuid.random();

  it('runs the trace queries unpaged and idempotent at the trace consistency, with the signal', async () => {
    const seen: unknown[] = [];
    const execute: TraceExecute = async (query, params, options) => {
      seen.push(options);
      const rows = query.includes('system_traces.sessions')
        ? [
            {
              request: 'Execute CQL3 query',
              command: 'QUERY',
              coordinator: '127.0.0.1',
              client: '127.0.0.1',
              duration: 120,
              parameters: {},
              started_at: new Date(0),
            },
          ]
        : [];
      expect(params).toEqual([id]);
      return { rows } as unknown as Awaited<ReturnType<TraceExecute>>;
    };
    const signal = new AbortController().signal;
    const trace = await fetchTraceThrough(execute, id, { signal });
    expect(trace.tracingId).toBe(id);
    expect(trace.durationMicros).toBe(120);
    expect(seen.length).toBeGreaterThan(0);
    for (const options of seen) {
      expect(options).toEqual({ consistency: expect.anything(), paging: false, idempotent: true, signal });
    }
  });

  it('throws at once on an unknown option and rejects an id that is not a Uuid', async () => {
    const execute: TraceExecute = () => Promise.reject(new Error('must not query'));
    expect(() => fetchTraceThrough(execute, id, { maxWait: 5 } as never)).toThrow(InvalidOptionsError);
    const pending = fetchTraceThrough(execute, 'abc' as unknown as Uuid, {});
    await expect(pending).rejects.toThrow('getQueryTrace(tracingId): pass ResultSet.tracingId (a Uuid)');
  });
});

describe('prepareBatchTexts', () => {
  const prepared = Object.create(PreparedStatement.prototype) as PreparedStatement;
  const already = Object.create(PreparedStatement.prototype) as PreparedStatement;
  const statements: BatchStatement[] = [
    'INSERT INTO t (k) VALUES (1)',
    { query: 'INSERT INTO t (k, v) VALUES (?, ?)', params: [1, 'a'] },
    { query: 'INSERT INTO t (k) VALUES (?)', params: ['a'], hints: ['text'] },
    { query: already, params: [2] },
  ];

  it('prepares every text with `all`, keeping params and hints, and the given options', async () => {
    const texts: Array<[string, unknown]> = [];
    const options = { keyspace: 'shop' };
    const out = await prepareBatchTexts(statements, options, true, async (query, o) => {
      texts.push([query, o]);
      return prepared;
    });
    expect(texts.map(([q]) => q)).toEqual([
      'INSERT INTO t (k) VALUES (1)',
      'INSERT INTO t (k, v) VALUES (?, ?)',
      'INSERT INTO t (k) VALUES (?)',
    ]);
    expect(texts.every(([, o]) => o === options)).toBe(true);
    expect(out).toEqual([
      prepared,
      { query: prepared, params: [1, 'a'] },
      { query: prepared, params: ['a'], hints: ['text'] },
      statements[3],
    ]);
  });

  it('otherwise prepares only the texts whose values need the server types', async () => {
    const texts: string[] = [];
    const out = await prepareBatchTexts(statements, undefined, false, async (query) => {
      texts.push(query);
      return prepared;
    });
    expect(texts).toEqual(['INSERT INTO t (k, v) VALUES (?, ?)']); // 1 is a number: int? bigint? double?
    expect(out[0]).toBe(statements[0]);
    expect(out[2]).toBe(statements[2]);
  });
});

describe('pool introspection', () => {
  function pool(endpoint: string, size: number, inFlight: number, protocolVersion?: number): HostPool {
    return {
      host: { endpoint },
      size,
      inFlight,
      openConnections: protocolVersion === undefined ? [] : [{ protocolVersion }],
      state: () => ({ openConnections: size, inFlight }),
    } as unknown as HostPool;
  }

  it('reports per host endpoint, totals, and the first open connection’s protocol version', () => {
    const pools = [pool('127.0.0.1:9042', 2, 3), pool('127.0.0.2:9042', 1, 0, 5)];
    expect([...connectionCountsOf(pools)]).toEqual([
      ['127.0.0.1:9042', 2],
      ['127.0.0.2:9042', 1],
    ]);
    expect(poolStatesOf(pools).get('127.0.0.1:9042')).toEqual({ openConnections: 2, inFlight: 3 });
    expect(loadOf(pools)).toEqual({ openConnections: 3, inFlight: 3 });
    expect(protocolVersionOf(pools)).toBe(5);
    expect(protocolVersionOf([pool('127.0.0.1:9042', 0, 0)])).toBeUndefined();
  });
});
