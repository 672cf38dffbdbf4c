import type { Host } from '../cluster/host';
import type { Connection } from '../connection/connection';
import {
  ConnectionError,
  NoHostAvailableError,
  OperationTimedOutError,
  RequestAbortedError,
  StreamsExhaustedError,
  UnpreparedError,
  type AttemptFailure,
} from '../errors';
import type { Envelope, RequestMessage } from '../protocol/envelope';
import type { RequestStart } from '../observability/request-events';
import type { ProtocolVersion } from '../protocol/opcodes';
import type { RoutingInfo } from '../policies/load-balancing';
import { decideRetry, type RetryPolicy } from '../policies/retry';
import type { SpeculativeExecutionPlan, SpeculativeExecutionPolicy } from '../policies/speculative-execution';
import { RequestObservation, type RequestObservers, type RequestDescription } from './request-observation';
import type { TimerHandle, TimerQueue } from '../structures/timer-queue';
import { CancelToken } from '../connection/cancel-token';
import type { TabletMap } from '../routing/tablet-map';

/** Where the executor borrows a connection to a host: a session's pool, or the control connection. @internal */
export interface ConnectionSource {
  /**
   * An open connection below its request limit, or `undefined`; with ScyllaDB sharding, one of
   * the shard that owns the request's token (or tablet) when it has one.
   */
  borrow(routing?: RoutingInfo): Connection | undefined;
  /** Why no connection is available, when known. */
  readonly lastError: Error | undefined;
  /**
   * A pool just created (e.g. for a profile added after `connect()`): settles when its first
   * connection attempt ends; `undefined` when there is nothing to wait for.
   */
  firstConnection?(): Promise<void> | undefined;
}

/** What the executor needs from the cluster/session. @internal */
export interface ExecutionEnvironment {
  /** A lazy query plan for the request (the default load-balancing policy's). */
  queryPlan(routing: RoutingInfo): Iterable<Host>;
  /** The connections of a host, if the session has any. */
  pool(host: Host): ConnectionSource | undefined;
  /** Deadlines. */
  readonly timers: TimerQueue;
  /** Metrics, listeners and trackers to inform (absent for internal queries). */
  readonly observers?: RequestObservers | undefined;
  /** ScyllaDB: the tablets learned so far (consulted when a table has some). */
  readonly tablets?: TabletMap | undefined;
}

/** One logical request, as the executor sees it. @internal */
export interface RequestSpec {
  /** Builds the message for an attempt at the given consistency, on a connection of that version. */
  build(consistency: number, version: ProtocolVersion): RequestMessage;
  readonly idempotent: boolean;
  readonly consistency: number;
  /** Deadline of the whole request, retries and speculative executions included (0 = none). */
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly routing: RoutingInfo;
  readonly retryPolicy: RetryPolicy;
  /** A query plan other than the environment's (from an execution profile's load-balancing policy). */
  readonly queryPlan?: ((routing: RoutingInfo) => Iterable<Host>) | undefined;
  /** Speculative executions (used for idempotent requests only). */
  readonly speculativeExecution?: SpeculativeExecutionPolicy | undefined;
  /** What observers are told about the request (built only when someone listens). */
  readonly describe?: (() => RequestDescription) | undefined;
  /** Prepares the statement(s) again on `connection` after an UNPREPARED answer. */
  reprepare?(connection: Connection, error: UnpreparedError): Promise<void>;
}

/** How a request ended. @internal */
export interface RequestOutcome {
  /** The response, or `undefined` when the retry policy chose to ignore the error. */
  readonly frame: Envelope | undefined;
  readonly host: Host;
  /** The connection that answered (the coordinator's), for follow-up queries such as schema agreement. */
  readonly connection: Connection;
  /** The start event observers received for the request (undefined when nobody observed it). */
  readonly request: RequestStart | undefined;
}

/** Safety net against retry policies that never give up (the deadline usually ends earlier). */
const MAX_ATTEMPTS = 64;

/**
 * Runs one request through its query plan: borrows a connection of each host in turn, sends the
 * attempt, and on failure asks the retry policy whether to try the same host, the next one, to
 * give up or to ignore the error. Re-prepares transparently on UNPREPARED. For idempotent
 * requests with a speculative-execution policy, further executions start on the next hosts of the
 * same plan after the policy's delays; the first answer wins and the others are cancelled. One
 * deadline covers the whole request; the caller's AbortSignal cancels it at any stage.
 *
 * @internal
 */
export function executeRequest(env: ExecutionEnvironment, spec: RequestSpec): Promise<RequestOutcome> {
  const userSignal = spec.signal;
  if (userSignal?.aborted) return Promise.reject(abortedError(userSignal));
  return new RequestRun(env, spec).promise;
}

/** The state of one logical request: its plan, its executions, its deadline. */
class RequestRun {
  readonly promise: Promise<RequestOutcome>;
  private resolve!: (o: RequestOutcome) => void;
  private reject!: (e: Error) => void;
  private readonly plan: Iterator<Host>;
  private readonly attempts: AttemptFailure[] = [];
  /** The first execution's token; speculative executions' tokens go to `more` (rare). */
  private first: CancelToken | undefined = undefined;
  private more: CancelToken[] | undefined = undefined;
  private executionCount = 0;
  private readonly observation: RequestObservation | undefined;
  private readonly speculative: SpeculativeExecutionPlan | undefined;
  private deadline: TimerHandle | undefined;
  private speculativeTimer: TimerHandle | undefined;
  private running = 0;
  private settled = false;
  private planExhausted = false;
  private lastHost: Host | undefined;

  constructor(
    private readonly env: ExecutionEnvironment,
    private readonly spec: RequestSpec,
  ) {
    this.promise = new Promise<RequestOutcome>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.observation = RequestObservation.start(env.observers, spec);
    this.plan = (spec.queryPlan ?? env.queryPlan)(spec.routing)[Symbol.iterator]();
    this.speculative = spec.idempotent ? spec.speculativeExecution?.newPlan() : undefined;
    if (spec.timeoutMs > 0) {
      this.deadline = env.timers.schedule(spec.timeoutMs, () => this.fail(this.timedOutError()));
    }
    if (spec.signal) {
      this.onUserAbort = () => this.fail(abortedError(this.spec.signal));
      spec.signal.addEventListener('abort', this.onUserAbort, { once: true });
    }
    this.startExecution();
  }

  private onUserAbort: (() => void) | undefined = undefined;

  private startExecution(): void {
    const token = new CancelToken();
    if (this.first === undefined) this.first = token;
    else (this.more ??= []).push(token);
    this.executionCount++;
    this.running++;
    if (this.executionCount > 1) this.env.observers?.metrics?.speculativeExecutionStarted();
    void this.run(token, this.executionCount);
    this.scheduleSpeculativeExecution();
  }

  private scheduleSpeculativeExecution(): void {
    const delay = this.speculative?.nextDelayMs(this.executionCount);
    if (delay === undefined || this.settled) return;
    this.speculativeTimer = this.env.timers.schedule(delay, () => {
      this.speculativeTimer = undefined;
      if (!this.settled && !this.planExhausted) this.startExecution();
    });
  }

  /**
   * One execution: walks the shared plan until an answer, an error to rethrow, or the plan's end,
   * then settles the request (the first execution to answer wins). One async frame per execution:
   * no intermediate promise between the connection's answer and the request's.
   */
  private async run(token: CancelToken, execution: number): Promise<void> {
    const spec = this.spec;
    let consistency = spec.consistency;
    let retryCount = 0;
    let reprepared: Set<Connection> | undefined;
    let waited: Set<Host> | undefined;
    let outcome: RequestOutcome | undefined;
    let failure: Error | undefined;
    try {
      let host = this.nextHost();
      attempts: while (host !== undefined) {
        if (token.aborted || this.settled) break;
        if (this.attempts.length >= MAX_ATTEMPTS) break;
        const pool = this.env.pool(host);
        const connection = pool?.borrow(spec.routing);
        if (connection === undefined) {
          const opening = pool?.firstConnection?.();
          if (opening !== undefined && !(waited ??= new Set()).has(host)) {
            waited.add(host);
            await opening; // a new pool: wait for its first connection (within the deadline), once
            continue;
          }
          this.attempts.push({
            host: host.endpoint,
            error:
              pool?.lastError ??
              new ConnectionError(
                `no connection to ${host.endpoint} is open or below its request limit`,
                host.endpoint,
              ),
          });
          host = this.nextHost();
          continue;
        }
        this.lastHost = host;
        const observed = this.observation?.attemptStarted(execution, host, consistency);
        try {
          const frame = await connection.send(spec.build(consistency, connection.protocolVersion), token);
          observed?.ended(undefined, 'success');
          outcome = { frame, host, connection, request: this.observation?.event };
          break;
        } catch (raw) {
          const error = raw instanceof Error ? raw : new Error(String(raw));
          if (token.aborted || this.settled) break;
          this.attempts.push({ host: host.endpoint, error });
          const reprepare = spec.reprepare;
          if (error instanceof UnpreparedError && reprepare) {
            reprepared ??= new Set();
            if (!reprepared.has(connection)) {
              reprepared.add(connection);
              observed?.ended(error, 'reprepare');
              const again = () => reprepare.call(spec, connection, error);
              await (this.observation ? this.observation.observeReprepare(host, again) : again());
              continue; // same host, same connection
            }
          }
          if (error instanceof StreamsExhaustedError) {
            observed?.ended(error, 'next-host');
            host = this.nextHost(); // never written: safe to try elsewhere
            continue;
          }
          const decision = decideRetry(
            spec.retryPolicy,
            { idempotent: spec.idempotent, consistency, retryCount },
            error,
          );
          observed?.ended(error, decision.kind === 'rethrow' ? 'failed' : outcomeOf[decision.kind]);
          switch (decision.kind) {
            case 'retry-same-host':
              retryCount++;
              this.env.observers?.metrics?.retried();
              consistency = decision.consistency ?? consistency;
              continue;
            case 'retry-next-host':
              retryCount++;
              this.env.observers?.metrics?.retried();
              consistency = decision.consistency ?? consistency;
              host = this.nextHost();
              continue;
            case 'ignore':
              outcome = { frame: undefined, host, connection, request: this.observation?.event };
              break attempts;
            case 'rethrow':
              throw error;
          }
        }
      }
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    this.running--;
    if (failure !== undefined) this.fail(failure);
    else if (outcome !== undefined) this.succeed(outcome);
    else if (this.running === 0) this.fail(this.exhaustedError());
  }

  private nextHost(): Host | undefined {
    if (this.planExhausted) return undefined;
    const next = this.plan.next();
    if (next.done) {
      this.planExhausted = true;
      return undefined;
    }
    return next.value;
  }

  private succeed(outcome: RequestOutcome): void {
    if (this.settled) return;
    this.finish(undefined, outcome.host);
    this.resolve(outcome);
  }

  private fail(error: Error): void {
    if (this.settled) return;
    this.finish(error, this.lastHost);
    this.reject(error);
  }

  private finish(error: Error | undefined, host: Host | undefined): void {
    this.settled = true;
    this.deadline?.cancel();
    this.speculativeTimer?.cancel();
    if (this.onUserAbort) this.spec.signal?.removeEventListener('abort', this.onUserAbort);
    // Cancel the executions still running (the losers of a speculative race, or all on failure).
    this.first?.cancel();
    if (this.more) for (const token of this.more) token.cancel();
    this.observation?.end(
      error,
      host,
      this.attempts.length + (error === undefined ? 1 : 0),
      this.executionCount - 1,
    );
  }

  private timedOutError(): Error {
    const tried = this.attempts.map((a) => `${a.host}: ${a.error.message}`).join('; ');
    if (this.lastHost && this.running > 0) {
      this.attempts.push({
        host: this.lastHost.endpoint,
        error: new Error('attempt cut short by the deadline'),
      });
    }
    return new OperationTimedOutError(
      `request timed out after ${this.spec.timeoutMs} ms` + (tried ? ` (attempts: ${tried})` : ''),
      this.spec.timeoutMs,
      [...this.attempts],
    );
  }

  private exhaustedError(): Error {
    const attempts = this.attempts;
    const errors = new Map(attempts.map((a) => [a.host, a.error] as const));
    const detail = attempts.map((a) => `${a.host}: ${a.error.message}`).join('; ');
    return new NoHostAvailableError(
      attempts.length === 0
        ? 'no host is available: the query plan is empty (are all hosts down or filtered out?)'
        : `all hosts tried failed (${detail})`,
      errors,
    );
  }
}

/** The attempt outcome of a retry decision (`rethrow` is `failed`). */
const outcomeOf = {
  'retry-same-host': 'retry-same-host',
  'retry-next-host': 'retry-next-host',
  ignore: 'ignored',
} as const;

function abortedError(signal: AbortSignal | undefined): RequestAbortedError {
  return new RequestAbortedError('the request was aborted by its AbortSignal', { cause: signal?.reason });
}
