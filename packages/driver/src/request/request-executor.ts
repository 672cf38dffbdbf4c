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
import type { RequestMessage, ResponseFrame } from '../protocol/messages';
import type { ProtocolVersion } from '../protocol/opcodes';
import type { RoutingInfo } from '../policies/load-balancing';
import { decideRetry, type RetryPolicy } from '../policies/retry';
import type { TimerQueue } from './timer-queue';

/** Where the executor borrows a connection to a host: a session's pool, or the control connection. @internal */
export interface ConnectionSource {
  /** An open connection below its request limit, or `undefined`. */
  borrow(): Connection | undefined;
  /** Why no connection is available, when known. */
  readonly lastError: Error | undefined;
}

/** What the executor needs from the cluster/session. @internal */
export interface ExecutionEnvironment {
  /** A lazy query plan for the request. */
  queryPlan(routing: RoutingInfo): Iterable<Host>;
  /** The connections of a host, if the session has any. */
  pool(host: Host): ConnectionSource | undefined;
  /** Deadlines. */
  readonly timers: TimerQueue;
}

/** One logical request, as the executor sees it. @internal */
export interface RequestSpec {
  /** Builds the message for an attempt at the given consistency, on a connection of that version. */
  build(consistency: number, version: ProtocolVersion): RequestMessage;
  readonly idempotent: boolean;
  readonly consistency: number;
  /** Deadline of the whole request, retries included (0 = none). */
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly routing: RoutingInfo;
  readonly retryPolicy: RetryPolicy;
  /** Prepares the statement(s) again on `connection` after an UNPREPARED answer. */
  reprepare?(connection: Connection, error: UnpreparedError): Promise<void>;
}

/** How a request ended. @internal */
export interface RequestOutcome {
  /** The response, or `undefined` when the retry policy chose to ignore the error. */
  readonly frame: ResponseFrame | undefined;
  readonly host: Host;
  /** The connection that answered (the coordinator's), for follow-up queries such as schema agreement. */
  readonly connection: Connection;
}

/** Safety net against retry policies that never give up (the deadline usually ends earlier). */
const MAX_ATTEMPTS = 64;

/**
 * Runs one request through its query plan: borrows a connection of each host in turn, sends the
 * attempt, and on failure asks the retry policy whether to try the same host, the next one, to
 * give up or to ignore the error. Re-prepares transparently on UNPREPARED. One deadline covers the
 * whole request; the caller's AbortSignal cancels it at any stage.
 *
 * @internal
 */
export async function executeRequest(env: ExecutionEnvironment, spec: RequestSpec): Promise<RequestOutcome> {
  const userSignal = spec.signal;
  if (userSignal?.aborted) throw abortedError(userSignal);
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    spec.timeoutMs > 0
      ? env.timers.schedule(spec.timeoutMs, () => {
          timedOut = true;
          controller.abort();
        })
      : undefined;
  const onUserAbort = (): void => controller.abort();
  userSignal?.addEventListener('abort', onUserAbort, { once: true });

  const attempts: AttemptFailure[] = [];
  const stopped = (host: Host | undefined): Error => {
    if (timedOut) {
      const tried = attempts.map((a) => `${a.host}: ${a.error.message}`).join('; ');
      if (host) attempts.push({ host: host.endpoint, error: new Error('attempt cut short by the deadline') });
      return new OperationTimedOutError(
        `request timed out after ${spec.timeoutMs} ms` + (tried ? ` (attempts: ${tried})` : ''),
        spec.timeoutMs,
        attempts,
      );
    }
    return abortedError(userSignal);
  };

  try {
    const plan = env.queryPlan(spec.routing)[Symbol.iterator]();
    let consistency = spec.consistency;
    let retryCount = 0;
    const reprepared = new Set<Connection>();
    let next = plan.next();
    while (!next.done) {
      const host = next.value;
      if (controller.signal.aborted) throw stopped(undefined);
      if (attempts.length >= MAX_ATTEMPTS) break;
      const pool = env.pool(host);
      const connection = pool?.borrow();
      if (connection === undefined) {
        attempts.push({
          host: host.endpoint,
          error:
            pool?.lastError ??
            new ConnectionError(
              `no connection to ${host.endpoint} is open or below its request limit`,
              host.endpoint,
            ),
        });
        next = plan.next();
        continue;
      }
      try {
        const frame = await connection.send(
          spec.build(consistency, connection.protocolVersion),
          controller.signal,
        );
        return { frame, host, connection };
      } catch (raw) {
        const error = raw instanceof Error ? raw : new Error(String(raw));
        if (controller.signal.aborted) throw stopped(host);
        attempts.push({ host: host.endpoint, error });
        if (error instanceof UnpreparedError && spec.reprepare && !reprepared.has(connection)) {
          reprepared.add(connection);
          try {
            await spec.reprepare(connection, error);
          } catch (prepareError) {
            if (controller.signal.aborted) throw stopped(host);
            throw prepareError;
          }
          continue; // same host, same connection
        }
        if (error instanceof StreamsExhaustedError) {
          next = plan.next(); // never written: safe to try elsewhere
          continue;
        }
        const decision = decideRetry(
          spec.retryPolicy,
          { idempotent: spec.idempotent, consistency, retryCount },
          error,
        );
        switch (decision.kind) {
          case 'retry-same-host':
            retryCount++;
            consistency = decision.consistency ?? consistency;
            continue;
          case 'retry-next-host':
            retryCount++;
            consistency = decision.consistency ?? consistency;
            next = plan.next();
            continue;
          case 'ignore':
            return { frame: undefined, host, connection };
          case 'rethrow':
            throw error;
        }
      }
    }
    const errors = new Map(attempts.map((a) => [a.host, a.error] as const));
    const detail = attempts.map((a) => `${a.host}: ${a.error.message}`).join('; ');
    throw new NoHostAvailableError(
      attempts.length === 0
        ? 'no host is available: the query plan is empty (are all hosts down or filtered out?)'
        : `all hosts tried failed (${detail})`,
      errors,
    );
  } finally {
    timer?.cancel();
    userSignal?.removeEventListener('abort', onUserAbort);
  }
}

function abortedError(signal: AbortSignal | undefined): RequestAbortedError {
  return new RequestAbortedError('the request was aborted by its AbortSignal', { cause: signal?.reason });
}
