/**
 * The executor of one logical request: its query plan, its attempts on borrowed connections, the
 * retry policy's decisions, re-preparation after UNPREPARED, speculative executions, one deadline
 * and the caller's `AbortSignal`. A request is its own first execution; its promise is the only one
 * on the common path.
 *
 * Never holds what a request sends or how its answer is read (the spec's `build` and `complete`),
 * socket code, or policy implementations.
 *
 * @packageDocumentation
 */
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
import {
  RequestObservation,
  type AttemptObservation,
  type RequestObservers,
  type RequestDescription,
} from './request-observation';
import type { TimerHandle, TimerQueue } from '../structures/timer-queue';
import { CancelToken } from '../connection/cancel-token';
import type { TabletMap } from '../routing/tablet-map';
import type { ResponseReceiver } from '../connection/in-flight-request';

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
  /**
   * Builds the message for an attempt at the given consistency, on a connection of that version
   * (and that does or does not use result metadata ids).
   */
  build(consistency: number, version: ProtocolVersion, metadataIds: boolean): RequestMessage;
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

/**
 * A spec whose request resolves with `complete(outcome)` rather than the outcome: `complete` is
 * called on the spec (a shared function reading its fields needs no closure) once, when the
 * answer arrives, and a throw rejects the request. The caller's promise is then the one promise
 * of the request. @internal
 */
export interface CompletingSpec<T> {
  complete(outcome: RequestOutcome): T | Promise<T>;
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

const NO_SETTLER = (): void => undefined;

/**
 * Runs one request through its query plan: borrows a connection of each host in turn, sends the
 * attempt, and on failure asks the retry policy whether to try the same host, the next one, to
 * give up or to ignore the error. Re-prepares transparently on UNPREPARED. For idempotent
 * requests with a speculative-execution policy, further executions start on the next hosts of the
 * same plan after the policy's delays; the first answer wins and the others are cancelled. One
 * deadline covers the whole request; the caller's AbortSignal cancels it at any stage.
 *
 * With a {@link CompletingSpec}, the promise resolves with `spec.complete(outcome)`.
 *
 * @internal
 */
export function executeRequest<T>(
  env: ExecutionEnvironment,
  spec: RequestSpec & CompletingSpec<T>,
): Promise<T>;
export function executeRequest(env: ExecutionEnvironment, spec: RequestSpec): Promise<RequestOutcome>;
export function executeRequest(
  env: ExecutionEnvironment,
  spec: RequestSpec & Partial<CompletingSpec<unknown>>,
): Promise<unknown> {
  const userSignal = spec.signal;
  if (userSignal?.aborted) return Promise.reject(abortedError(userSignal));
  let run: RequestRun;
  try {
    run = new RequestRun(env, spec);
  } catch (error) {
    return Promise.reject(error);
  }
  constructing = run;
  const promise = new Promise<unknown>(attachSettlers);
  constructing = undefined;
  try {
    run.start();
  } catch (error) {
    run.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return promise;
}

/**
 * The run whose promise is being constructed: {@link attachSettlers} is one shared executor
 * function, so a request allocates no executor closure (the promise's own settle functions remain).
 */
let constructing: RequestRun | undefined;

function attachSettlers(resolve: (value: unknown) => void, reject: (error: Error) => void): void {
  const run = constructing as RequestRun;
  run.resolve = resolve;
  run.reject = reject;
}

/** A request's deadline passed (called by the timer queue with the run as `this`). */
function deadlineReached(this: RequestRun): void {
  this.timedOut();
}

/** What an {@link Execution} uses of its request. */
interface ExecutionOwner {
  readonly env: ExecutionEnvironment;
  readonly spec: RequestSpec;
  /** Failed attempts so far (created on the first failure). */
  readonly failures: AttemptFailure[] | undefined;
  /** Records a failed attempt. */
  recordFailure(failure: AttemptFailure): void;
  readonly settled: boolean;
  /** The request's observation (undefined when nobody observes it). */
  readonly observation: RequestObservation | undefined;
  lastHost: Host | undefined;
  nextHost(): Host | undefined;
  executionEnded(outcome: RequestOutcome | undefined, failure: Error | undefined): void;
}

/**
 * One execution of a request: walks the shared plan until an answer, an error to rethrow, or the
 * plan's end. It is the cancel token and the {@link ResponseReceiver} of its attempts, so an answer reaches the request
 * with no promise in between; failures are handled a microtask later (never inside the
 * connection's dispatch or close), with the retry policy's decision.
 *
 * A request is its own first execution ({@link RequestRun} extends this class); speculative
 * executions are further instances.
 */
class Execution extends CancelToken implements ResponseReceiver {
  private readonly run: ExecutionOwner;
  private retryCount = 0;
  private reprepared: Set<Connection> | undefined = undefined;
  /** Hosts whose new pool this execution already waited for (once per host). */
  private waited: Set<Host> | undefined = undefined;
  private host: Host | undefined = undefined;
  private connection: Connection | undefined = undefined;
  /** The observation of the attempt in flight, when someone follows attempts. */
  private observed: AttemptObservation | undefined = undefined;
  private ended = false;

  /**
   * `run`: the request (`undefined`: this is the request itself, its first execution);
   * `index`: 1 for the first execution, 2… for speculative ones (observers see it);
   * `consistency`: of the first attempt.
   */
  constructor(
    run: ExecutionOwner | undefined,
    private readonly index: number,
    private consistency: number,
  ) {
    super();
    this.run = run ?? (this as unknown as ExecutionOwner);
  }

  /** Sends the next attempt, starting with `host`; ends the execution when no host is left. */
  attempt(first: Host | undefined): void {
    const run = this.run;
    let host = first;
    while (host !== undefined) {
      if (this.aborted || run.settled || (run.failures?.length ?? 0) >= MAX_ATTEMPTS) break;
      const pool = run.env.pool(host);
      const connection = pool?.borrow(run.spec.routing);
      if (connection === undefined) {
        const opening = pool?.firstConnection?.();
        if (opening !== undefined && !(this.waited ??= new Set()).has(host)) {
          this.waited.add(host);
          // A new pool: wait for its first connection (within the deadline), once, then try again.
          const again = host;
          opening.then(
            () => this.attempt(again),
            (error: unknown) =>
              this.end(undefined, error instanceof Error ? error : new Error(String(error))),
          );
          return;
        }
        run.recordFailure({
          host: host.endpoint,
          error:
            pool?.lastError ??
            new ConnectionError(
              `no connection to ${host.endpoint} is open or below its request limit`,
              host.endpoint,
            ),
        });
        host = run.nextHost();
        continue;
      }
      run.lastHost = host;
      this.host = host;
      this.connection = connection;
      this.observed = run.observation?.attemptStarted(this.index, host, this.consistency);
      let failure: Error | undefined;
      try {
        failure = connection.sendTo(
          run.spec.build(this.consistency, connection.protocolVersion, connection.resultMetadataIds),
          this,
          this,
        );
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
      if (failure !== undefined) this.failed(failure);
      return;
    }
    this.end(undefined, undefined);
  }

  answered(frame: Envelope): void {
    this.observed?.ended(undefined, 'success');
    this.end(
      {
        frame,
        host: this.host as Host,
        connection: this.connection as Connection,
        request: this.run.observation?.event,
      },
      undefined,
    );
  }

  failed(error: Error): void {
    queueMicrotask(() => {
      this.retryAfter(error).catch((e: unknown) =>
        this.end(undefined, e instanceof Error ? e : new Error(String(e))),
      );
    });
  }

  /** The retry policy's answer to a failed attempt. */
  private async retryAfter(error: Error): Promise<void> {
    const run = this.run;
    const spec = run.spec;
    const host = this.host as Host;
    const connection = this.connection as Connection;
    const observed = this.observed;
    this.observed = undefined;
    if (this.aborted || run.settled) {
      this.end(undefined, undefined);
      return;
    }
    run.recordFailure({ host: host.endpoint, error });
    const reprepare = spec.reprepare;
    if (error instanceof UnpreparedError && reprepare) {
      this.reprepared ??= new Set();
      if (!this.reprepared.has(connection)) {
        this.reprepared.add(connection);
        observed?.ended(error, 'reprepare');
        const again = (): Promise<void> => reprepare.call(spec, connection, error);
        await (run.observation ? run.observation.observeReprepare(host, again) : again());
        this.attempt(host); // same host (its pool lends the connection again)
        return;
      }
    }
    if (error instanceof StreamsExhaustedError) {
      observed?.ended(error, 'next-host');
      this.attempt(run.nextHost()); // never written: safe to try elsewhere
      return;
    }
    const decision = decideRetry(
      spec.retryPolicy,
      { idempotent: spec.idempotent, consistency: this.consistency, retryCount: this.retryCount },
      error,
    );
    observed?.ended(error, decision.kind === 'rethrow' ? 'failed' : outcomeOf[decision.kind]);
    switch (decision.kind) {
      case 'retry-same-host':
        this.retryCount++;
        run.env.observers?.metrics?.retried();
        this.consistency = decision.consistency ?? this.consistency;
        this.attempt(host);
        return;
      case 'retry-next-host':
        this.retryCount++;
        run.env.observers?.metrics?.retried();
        this.consistency = decision.consistency ?? this.consistency;
        this.attempt(run.nextHost());
        return;
      case 'ignore':
        this.end({ frame: undefined, host, connection, request: run.observation?.event }, undefined);
        return;
      case 'rethrow':
        this.end(undefined, error);
        return;
    }
  }

  private end(outcome: RequestOutcome | undefined, failure: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.run.executionEnded(outcome, failure);
  }
}

/**
 * The state of one logical request: its plan, its executions, its deadline. It is its own first
 * execution: on the common path — the first attempt answers — a request costs this object and the
 * caller's promise.
 */
class RequestRun extends Execution implements ExecutionOwner {
  private readonly plan: Iterator<Host>;
  failures: AttemptFailure[] | undefined = undefined;
  /** Speculative executions (rare); the first is the run itself. */
  private more: Execution[] | undefined = undefined;
  private executionCount = 0;
  readonly observation: RequestObservation | undefined;
  private readonly speculative: SpeculativeExecutionPlan | undefined;
  private deadline: TimerHandle | undefined = undefined;
  private speculativeTimer: TimerHandle | undefined = undefined;
  private running = 0;
  settled = false;
  private planExhausted = false;
  lastHost: Host | undefined = undefined;
  private onUserAbort: (() => void) | undefined = undefined;

  /** Settle the request's promise (set by {@link attachSettlers} before `start`). */
  resolve: (value: unknown) => void = NO_SETTLER;
  reject: (error: Error) => void = NO_SETTLER;

  constructor(
    readonly env: ExecutionEnvironment,
    readonly spec: RequestSpec & Partial<CompletingSpec<unknown>>,
  ) {
    super(undefined, 1, spec.consistency);
    this.observation = RequestObservation.start(env.observers, spec);
    this.plan = (spec.queryPlan ?? env.queryPlan)(spec.routing)[Symbol.iterator]();
    this.speculative = spec.idempotent ? spec.speculativeExecution?.newPlan() : undefined;
  }

  start(): void {
    const spec = this.spec;
    if (spec.timeoutMs > 0) {
      this.deadline = this.env.timers.schedule(spec.timeoutMs, deadlineReached, this);
    }
    if (spec.signal) {
      this.onUserAbort = () => this.fail(abortedError(this.spec.signal));
      spec.signal.addEventListener('abort', this.onUserAbort, { once: true });
    }
    this.startExecution();
  }

  private startExecution(): void {
    this.executionCount++;
    this.running++;
    if (this.executionCount === 1) {
      this.attempt(this.nextHost()); // the run is its own first execution
    } else {
      const execution = new Execution(this, this.executionCount, this.spec.consistency);
      (this.more ??= []).push(execution);
      this.env.observers?.metrics?.speculativeExecutionStarted();
      execution.attempt(this.nextHost());
    }
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

  nextHost(): Host | undefined {
    if (this.planExhausted) return undefined;
    const next = this.plan.next();
    if (next.done) {
      this.planExhausted = true;
      return undefined;
    }
    return next.value;
  }

  recordFailure(failure: AttemptFailure): void {
    (this.failures ??= []).push(failure);
  }

  /** An execution ended: with an answer, an error to rethrow, or nothing (plan walked to its end). */
  executionEnded(outcome: RequestOutcome | undefined, failure: Error | undefined): void {
    this.running--;
    if (failure !== undefined) this.fail(failure);
    else if (outcome !== undefined) this.succeed(outcome);
    else if (this.running === 0) this.fail(this.exhaustedError());
  }

  private succeed(outcome: RequestOutcome): void {
    if (this.settled) return;
    this.finish(undefined, outcome.host);
    const spec = this.spec;
    if (spec.complete === undefined) {
      this.resolve(outcome);
      return;
    }
    let value: unknown;
    try {
      value = spec.complete(outcome);
    } catch (error) {
      this.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.resolve(value);
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
    this.cancel();
    if (this.more) for (const execution of this.more) execution.cancel();
    this.observation?.end(
      error,
      host,
      (this.failures?.length ?? 0) + (error === undefined ? 1 : 0),
      this.executionCount - 1,
    );
  }

  /** The deadline passed before the request settled. */
  timedOut(): void {
    this.fail(this.timedOutError());
  }

  private timedOutError(): Error {
    const tried = (this.failures ?? []).map((a) => `${a.host}: ${a.error.message}`).join('; ');
    if (this.lastHost && this.running > 0) {
      this.recordFailure({
        host: this.lastHost.endpoint,
        error: new Error('attempt cut short by the deadline'),
      });
    }
    return new OperationTimedOutError(
      `request timed out after ${this.spec.timeoutMs} ms` + (tried ? ` (attempts: ${tried})` : ''),
      this.spec.timeoutMs,
      [...(this.failures ?? [])],
    );
  }

  private exhaustedError(): Error {
    const attempts = this.failures ?? [];
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
