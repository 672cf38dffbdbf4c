import type { Host } from '../cluster/host';
import type { DriverMetrics } from '../observability/driver-metrics';
import {
  publishEnd,
  publishStart,
  requestEndChannel,
  requestErrorChannel,
  requestStartChannel,
} from '../observability/diagnostics';
import type {
  RequestEnd,
  RequestInitListener,
  RequestStart,
  RequestTracker,
} from '../observability/request-events';

/** Who wants to know about the requests of a session. @internal */
export interface RequestObservers {
  readonly metrics: DriverMetrics | undefined;
  readonly tracker: RequestTracker | undefined;
  readonly initListeners: ReadonlySet<RequestInitListener>;
}

/** The caller-facing description of a request (kind, text, parameters, keyspace). @internal */
export type RequestDescription = Pick<RequestStart, 'kind' | 'query' | 'params' | 'keyspace'>;

/**
 * Follows one request for the observers: metrics always (cheap), and the request-init listeners,
 * the tracker and the diagnostics channels only when present (the description is then built
 * once). Observer exceptions never affect the request.
 *
 * @internal
 */
export class RequestObservation {
  private constructor(
    private readonly observers: RequestObservers,
    private readonly startedAt: number,
    private readonly event: RequestStart | undefined,
  ) {}

  /** Starts observing, or returns undefined when nobody listens. */
  static start(
    observers: RequestObservers | undefined,
    spec: {
      readonly describe?: (() => RequestDescription) | undefined;
      readonly consistency: number;
      readonly idempotent: boolean;
      readonly timeoutMs: number;
    },
  ): RequestObservation | undefined {
    if (observers === undefined) return undefined;
    const detailed =
      observers.initListeners.size > 0 ||
      observers.tracker !== undefined ||
      requestStartChannel.hasSubscribers ||
      requestEndChannel.hasSubscribers ||
      requestErrorChannel.hasSubscribers;
    if (!detailed && observers.metrics === undefined) return undefined;
    const startedAt = performance.now();
    let event: RequestStart | undefined;
    if (detailed && spec.describe) {
      event = {
        ...spec.describe(),
        consistency: spec.consistency,
        idempotent: spec.idempotent,
        timeoutMs: spec.timeoutMs,
        startedAt,
      };
      for (const listener of observers.initListeners) guard(() => listener(event as RequestStart));
      publishStart(event);
    }
    return new RequestObservation(observers, startedAt, event);
  }

  /** The request ended (successfully when `error` is undefined). */
  end(error: Error | undefined, host: Host | undefined, attempts: number): void {
    const latencyMs = performance.now() - this.startedAt;
    this.observers.metrics?.requestEnded(latencyMs, error);
    const start = this.event;
    if (start === undefined) return;
    const event: RequestEnd = { ...start, latencyMs, coordinator: host?.endpoint, attempts, error };
    const tracker = this.observers.tracker;
    if (tracker) guard(() => (error ? tracker.onError?.(event) : tracker.onSuccess?.(event)));
    publishEnd(event);
  }
}

function guard(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    process.emitWarning(
      `a cqlkit request observer threw: ${e instanceof Error ? e.message : String(e)}`,
      'CqlkitObserverWarning',
    );
  }
}
