/**
 * Following one request for its observers: the metrics, the request-init listeners, the request
 * tracker and the `diagnostics_channel` subscribers. Builds event objects only for someone who
 * listens; never decides anything about the request itself.
 *
 * @packageDocumentation
 */
import { emitWarning } from 'node:process';
import { performance } from 'node:perf_hooks';
import type { Host } from '../cluster/host';
import type { DriverMetrics } from '../observability/driver-metrics';
import {
  publishAttempt,
  publishEnd,
  publishReprepare,
  publishStart,
  requestAttemptChannel,
  requestEndChannel,
  requestErrorChannel,
  requestReprepareChannel,
  requestStartChannel,
} from '../observability/diagnostics';
import type {
  AttemptOutcome,
  RequestEnd,
  RequestInitListener,
  RequestPage,
  RequestStart,
  RequestTracker,
} from '../observability/request-events';

/** Who wants to know about the requests of a session. @internal */
export interface RequestObservers {
  readonly metrics: DriverMetrics | undefined;
  readonly tracker: RequestTracker | undefined;
  readonly initListeners: ReadonlySet<RequestInitListener>;
}

/** The caller-facing description of a request (kind, text, parameters, keyspace…). @internal */
export type RequestDescription = Pick<RequestStart, 'kind' | 'query' | 'params' | 'keyspace'> & {
  readonly statements?: readonly string[] | undefined;
  readonly summary?: string | undefined;
  readonly pageSize?: number | undefined;
  readonly page?: RequestPage | undefined;
};

/** The last request id handed out (ids are only drawn for observed requests). */
let lastRequestId = 0;

/**
 * Follows one request for the observers: metrics always (cheap), and the request-init listeners,
 * the tracker and the diagnostics channels only when present (the description is then built
 * once). Attempts are followed only while someone subscribes to the attempt or re-prepare
 * channels. Observer exceptions never affect the request.
 *
 * @internal
 */
export class RequestObservation {
  private attemptCount = 0;
  /** Attempts sent and not over yet (only when attempts are followed). */
  private live: AttemptObservation[] | undefined = undefined;

  private constructor(
    private readonly observers: RequestObservers,
    private readonly startedAt: number,
    /** The start event, when someone wanted the details. */
    readonly event: RequestStart | undefined,
    private readonly attemptsFollowed: boolean,
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
      requestErrorChannel.hasSubscribers ||
      requestAttemptChannel.hasSubscribers ||
      requestReprepareChannel.hasSubscribers;
    if (!detailed && observers.metrics === undefined) return undefined;
    const startedAt = performance.now();
    let event: RequestStart | undefined;
    if (detailed && spec.describe) {
      const d = spec.describe();
      event = {
        id: ++lastRequestId,
        kind: d.kind,
        query: d.query,
        statements: d.statements,
        params: d.params,
        keyspace: d.keyspace,
        summary: d.summary,
        consistency: spec.consistency,
        pageSize: d.pageSize,
        page: d.page,
        idempotent: spec.idempotent,
        timeoutMs: spec.timeoutMs,
        startedAt,
      };
      for (const listener of observers.initListeners) guard(() => listener(event as RequestStart));
      publishStart(event);
    }
    const attemptsFollowed =
      event !== undefined && (requestAttemptChannel.hasSubscribers || requestReprepareChannel.hasSubscribers);
    return new RequestObservation(observers, startedAt, event, attemptsFollowed);
  }

  /** An attempt is sent to `host`: its observation, when someone follows attempts. */
  attemptStarted(execution: number, host: Host, consistency: number): AttemptObservation | undefined {
    if (!this.attemptsFollowed) return undefined;
    const attempt = new AttemptObservation(
      this,
      ++this.attemptCount,
      execution,
      host,
      consistency,
      performance.now(),
    );
    (this.live ??= []).push(attempt);
    return attempt;
  }

  /** Runs a re-preparation on `host`, telling the observers when it is over. */
  observeReprepare(host: Host, reprepare: () => Promise<void>): Promise<void> {
    const event = this.event;
    if (!this.attemptsFollowed || event === undefined) return reprepare();
    const startedAt = performance.now();
    const report = (error: Error | undefined): void => {
      if (!requestReprepareChannel.hasSubscribers) return;
      publishReprepare({
        requestId: event.id,
        host,
        startedAt,
        latencyMs: performance.now() - startedAt,
        error,
      });
    };
    return reprepare().then(
      () => report(undefined),
      (error: unknown) => {
        report(error instanceof Error ? error : new Error(String(error)));
        throw error;
      },
    );
  }

  /** The request ended (successfully when `error` is undefined). */
  end(
    error: Error | undefined,
    host: Host | undefined,
    attempts: number,
    speculativeExecutions: number,
  ): void {
    const latencyMs = performance.now() - this.startedAt;
    this.observers.metrics?.requestEnded(latencyMs, error);
    const live = this.live;
    if (live !== undefined) {
      // Executions still running lose: another one answered, or the request failed or timed out.
      for (const attempt of [...live]) attempt.ended(undefined, 'cancelled');
    }
    const start = this.event;
    if (start === undefined) return;
    // One literal with every field: a spread of the start event costs several times more.
    const event: RequestEnd = {
      id: start.id,
      kind: start.kind,
      query: start.query,
      statements: start.statements,
      params: start.params,
      keyspace: start.keyspace,
      summary: start.summary,
      consistency: start.consistency,
      pageSize: start.pageSize,
      page: start.page,
      idempotent: start.idempotent,
      timeoutMs: start.timeoutMs,
      startedAt: start.startedAt,
      latencyMs,
      coordinator: host?.endpoint,
      coordinatorHost: host,
      attempts,
      speculativeExecutions,
      error,
    };
    const tracker = this.observers.tracker;
    if (tracker) guard(() => (error ? tracker.onError?.(event) : tracker.onSuccess?.(event)));
    publishEnd(event);
  }

  /** @internal */
  attemptEnded(attempt: AttemptObservation): void {
    const live = this.live;
    const index = live === undefined ? -1 : live.indexOf(attempt);
    if (index >= 0) live?.splice(index, 1);
  }
}

/** One attempt being followed for the attempt channel. @internal */
export class AttemptObservation {
  private over = false;

  constructor(
    private readonly request: RequestObservation,
    private readonly attempt: number,
    private readonly execution: number,
    private readonly host: Host,
    private readonly consistency: number,
    private readonly startedAt: number,
  ) {}

  /** The attempt is over (the first report wins: a cancelled attempt may still answer later). */
  ended(error: Error | undefined, outcome: AttemptOutcome): void {
    if (this.over) return;
    this.over = true;
    this.request.attemptEnded(this);
    const event = this.request.event;
    if (event === undefined || !requestAttemptChannel.hasSubscribers) return;
    publishAttempt({
      requestId: event.id,
      attempt: this.attempt,
      execution: this.execution,
      host: this.host,
      consistency: this.consistency,
      startedAt: this.startedAt,
      latencyMs: performance.now() - this.startedAt,
      error,
      outcome,
    });
  }
}

function guard(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    emitWarning(
      `a cqlkit request observer threw: ${e instanceof Error ? e.message : String(e)}`,
      'CqlkitObserverWarning',
    );
  }
}
