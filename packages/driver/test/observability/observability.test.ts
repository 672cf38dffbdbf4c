import diagnosticsChannel from 'node:diagnostics_channel';
import { LatencyHistogram } from '../../src/observability/latency-histogram';
import { DriverMetrics } from '../../src/observability/driver-metrics';
import { SlowRequestLogger, type RequestEnd } from '../../src/observability/request-events';
import { DIAGNOSTICS_CHANNELS, publishEnd, publishStart } from '../../src/observability/diagnostics';
import { fetchQueryTrace } from '../../src/observability/query-trace';
import { TraceUnavailableError } from '../../src/errors';
import { TimeUuid, Uuid, InetAddress } from '../../src/types';

function end(partial: Partial<RequestEnd> = {}): RequestEnd {
  return {
    id: 1,
    kind: 'query',
    query: 'SELECT 1',
    statements: undefined,
    params: [],
    keyspace: undefined,
    summary: undefined,
    consistency: 1,
    pageSize: undefined,
    page: undefined,
    idempotent: false,
    timeoutMs: 1000,
    startedAt: 0,
    latencyMs: 10,
    coordinator: '127.0.0.1:9042',
    coordinatorHost: undefined,
    attempts: 1,
    speculativeExecutions: 0,
    error: undefined,
    ...partial,
  };
}

describe('LatencyHistogram', () => {
  it('computes percentiles within the bucket precision', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 1000; i++) h.record(i / 10); // 0.1 … 100 ms
    expect(h.count).toBe(1000);
    expect(h.min).toBeCloseTo(0.1);
    expect(h.max).toBe(100);
    expect(h.mean).toBeCloseTo(50.05, 1);
    for (const [p, expected] of [
      [50, 50],
      [99, 99],
      [99.9, 99.9],
    ] as const) {
      expect(Math.abs(h.percentile(p) - expected) / expected).toBeLessThan(0.05);
    }
    h.reset();
    expect(h.percentile(99)).toBe(0);
  });
});

describe('DriverMetrics', () => {
  it('counts requests, errors by class, retries, speculative executions and timeouts', () => {
    const m = new DriverMetrics(() => ({ openConnections: 3, inFlight: 7 }));
    m.requestEnded(2, undefined);
    m.requestEnded(4, Object.assign(new Error('x'), { name: 'WriteTimeoutError' }));
    m.requestEnded(12000, Object.assign(new Error('t'), { name: 'OperationTimedOutError' }));
    m.retried();
    m.speculativeExecutionStarted();
    const s = m.snapshot();
    expect(s).toMatchObject({
      requests: 3,
      errors: 2,
      errorsByClass: { WriteTimeoutError: 1, OperationTimedOutError: 1 },
      retries: 1,
      speculativeExecutions: 1,
      timeouts: 1,
      openConnections: 3,
      inFlight: 7,
    });
    expect(s.latency.count).toBe(3);
    m.reset();
    expect(m.snapshot().requests).toBe(0);
  });
});

describe('SlowRequestLogger', () => {
  it('logs slow requests and, when asked, failures', () => {
    const lines: string[] = [];
    const logger = new SlowRequestLogger({
      thresholdMs: 100,
      logFailures: true,
      log: { warn: (m) => lines.push(m) },
    });
    logger.onSuccess(end({ latencyMs: 5 }));
    logger.onSuccess(end({ latencyMs: 150, query: 'SELECT slow' }));
    logger.onError(end({ latencyMs: 1, error: new Error('boom') }));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/slow query \(150\.0 ms.*SELECT slow/);
    expect(lines[1]).toMatch(/failed query.*boom/);
  });
});

describe('diagnostics_channel events', () => {
  it('publishes start, end and error events to subscribers', () => {
    const seen: string[] = [];
    const onStart = (m: unknown): void => void seen.push(`start:${(m as RequestEnd).query}`);
    const onEnd = (m: unknown): void => void seen.push(`end:${(m as RequestEnd).latencyMs}`);
    const onError = (m: unknown): void => void seen.push(`error:${(m as RequestEnd).error?.message}`);
    diagnosticsChannel.subscribe(DIAGNOSTICS_CHANNELS.start, onStart);
    diagnosticsChannel.subscribe(DIAGNOSTICS_CHANNELS.end, onEnd);
    diagnosticsChannel.subscribe(DIAGNOSTICS_CHANNELS.error, onError);
    try {
      publishStart(end());
      publishEnd(end({ latencyMs: 3 }));
      publishEnd(end({ error: new Error('nope') }));
    } finally {
      diagnosticsChannel.unsubscribe(DIAGNOSTICS_CHANNELS.start, onStart);
      diagnosticsChannel.unsubscribe(DIAGNOSTICS_CHANNELS.end, onEnd);
      diagnosticsChannel.unsubscribe(DIAGNOSTICS_CHANNELS.error, onError);
    }
    expect(seen).toEqual(['start:SELECT 1', 'end:3', 'error:nope']);
  });
});

describe('fetchQueryTrace', () => {
  const id = Uuid.random();
  const session = {
    request: 'Execute CQL3 query',
    command: 'QUERY',
    coordinator: InetAddress.parse('127.0.0.1'),
    client: InetAddress.parse('127.0.0.1'),
    duration: 1234,
    parameters: new Map([['query', 'SELECT 1']]),
    started_at: new Date(0),
  };

  it('polls until the session row is complete, then returns it with its events', async () => {
    let polls = 0;
    const trace = await fetchQueryTrace(
      async (cql) => {
        if (cql.includes('system_traces.sessions')) {
          polls++;
          return polls < 3 ? [{ ...session, duration: null }] : [session];
        }
        return [
          {
            event_id: TimeUuid.now(),
            activity: 'Parsing',
            source: InetAddress.parse('127.0.0.1'),
            source_elapsed: 10,
            thread: 'Native-1',
          },
        ];
      },
      id,
      { intervalMs: 1 },
    );
    expect(polls).toBe(3);
    expect(trace).toMatchObject({
      request: 'Execute CQL3 query',
      durationMicros: 1234,
      coordinator: '127.0.0.1',
    });
    expect(trace.parameters).toEqual({ query: 'SELECT 1' });
    expect(trace.events[0]).toMatchObject({ activity: 'Parsing', sourceElapsedMicros: 10 });
  });

  it('gives up with TraceUnavailableError', async () => {
    await expect(
      fetchQueryTrace(async () => [], id, { maxWaitMs: 20, intervalMs: 5 }),
    ).rejects.toBeInstanceOf(TraceUnavailableError);
  });
});
