/**
 * The metric instruments: the request metrics recorded by the request telemetry, and the pool
 * gauges (connections per host, requests in flight, pool saturation) read from the sessions the
 * instrumentation follows (announced on `cqlkit:session:connect`). Holds no request logic.
 *
 * @packageDocumentation
 */
import type { BatchObservableCallback, Meter, Observable } from '@opentelemetry/api';
import type { HostPoolState, Session } from '@cqlkit/driver';

import type { RequestInstruments } from './request-telemetry';
import * as sc from './semconv';

/** Creates the request metrics on `meter`. */
export function requestInstruments(meter: Meter): RequestInstruments {
  return {
    duration: meter.createHistogram(sc.METRIC_DB_CLIENT_OPERATION_DURATION, {
      description:
        'Duration of database client operations (whole requests: retries and speculative executions included).',
      unit: 's',
      advice: { explicitBucketBoundaries: sc.DURATION_BUCKETS },
    }),
    retries: meter.createCounter(sc.METRIC_CQLKIT_RETRIES, {
      description:
        'Attempts retried by the retry policy (same or next host), speculative executions excluded.',
      unit: '{retry}',
    }),
    speculativeExecutions: meter.createCounter(sc.METRIC_CQLKIT_SPECULATIVE_EXECUTIONS, {
      description: 'Speculative executions started.',
      unit: '{execution}',
    }),
    errors: meter.createCounter(sc.METRIC_CQLKIT_ERRORS, {
      description: 'Requests that failed, by error class (error.type).',
      unit: '{request}',
    }),
  };
}

/**
 * The pool gauges of `sessions` (those connected while the instrumentation is enabled; the set is
 * the instrumentation's, kept when it changes providers or options), per host endpoint (the pools
 * of several sessions to one host add up).
 */
export class PoolMetrics {
  private readonly observables: Observable[];
  private readonly callback: BatchObservableCallback;

  constructor(
    private readonly meter: Meter,
    private readonly sessions: ReadonlySet<Session>,
  ) {
    const connections = meter.createObservableUpDownCounter(sc.METRIC_DB_CLIENT_CONNECTION_COUNT, {
      description: 'Open connections per host, used (requests in flight) or idle.',
      unit: '{connection}',
    });
    const inFlight = meter.createObservableUpDownCounter(sc.METRIC_CQLKIT_POOL_IN_FLIGHT, {
      description: 'Requests in flight on the connections of a host.',
      unit: '{request}',
    });
    const saturation = meter.createObservableGauge(sc.METRIC_CQLKIT_POOL_SATURATION, {
      description: 'Requests in flight over what the open connections of a host can carry at once (0 to 1).',
      unit: '1',
    });
    this.observables = [connections, inFlight, saturation];
    this.callback = (result) => {
      for (const [endpoint, pool] of this.poolStates()) {
        const name = { [sc.ATTR_DB_CLIENT_CONNECTION_POOL_NAME]: endpoint };
        result.observe(connections, pool.busyConnections, {
          ...name,
          [sc.ATTR_DB_CLIENT_CONNECTION_STATE]: 'used',
        });
        result.observe(connections, pool.openConnections - pool.busyConnections, {
          ...name,
          [sc.ATTR_DB_CLIENT_CONNECTION_STATE]: 'idle',
        });
        result.observe(inFlight, pool.inFlight, name);
        result.observe(saturation, pool.capacity > 0 ? pool.inFlight / pool.capacity : 0, name);
      }
    };
    meter.addBatchObservableCallback(this.callback, this.observables);
  }

  /** Stops observing. */
  close(): void {
    this.meter.removeBatchObservableCallback(this.callback, this.observables);
  }

  /** The pools of every observed session, added up per host endpoint. */
  private poolStates(): Map<string, HostPoolState> {
    const total = new Map<string, HostPoolState>();
    for (const session of this.sessions) {
      for (const [endpoint, pool] of session.poolStates()) {
        const sum = total.get(endpoint);
        total.set(
          endpoint,
          sum === undefined
            ? pool
            : {
                openConnections: sum.openConnections + pool.openConnections,
                busyConnections: sum.busyConnections + pool.busyConnections,
                inFlight: sum.inFlight + pool.inFlight,
                capacity: sum.capacity + pool.capacity,
              },
        );
      }
    }
    return total;
  }
}
