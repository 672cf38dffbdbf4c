/**
 * The driver's own requests on one given connection — `USE` on new connections, REGISTER of the
 * control connection, PREPARE on the other hosts, re-preparation on up and after UNPREPARED — as
 * the Java driver's `AdminRequestHandler`: no query plan, no retry policy, no observers, but one
 * place that applies their deadline and decodes their answers. Application requests never come
 * here; they go through the request executor.
 *
 * @packageDocumentation
 */

import type { Connection } from '../connection/connection';
import { CancelToken } from '../connection/cancel-token';
import { OperationTimedOutError } from '../errors';
import { expectResponse, type RequestMessage, type ResponseMessage } from '../protocol/messages';
import type { TimerQueue } from '../structures/timer-queue';

/** One of the driver's own requests. @internal */
export interface InternalRequest<K extends ResponseMessage['type']> {
  /** The connection it must run on (it never moves to another one). */
  readonly connection: Connection;
  readonly message: RequestMessage;
  /** What it is, for error messages: `'USE "shop"'`, `'REGISTER'`, `'PREPARE'`… */
  readonly what: string;
  /** The response message type that answers it; any other is a protocol error. */
  readonly expect: K;
  /** Deadline in ms (0: none). */
  readonly timeoutMs: number;
  /** The timer structure of the cluster. */
  readonly timers: TimerQueue;
}

/** The reason a deadline cancels a request with (told apart from other cancellations). */
const DEADLINE = Symbol('deadline');

/**
 * Sends one of the driver's own requests and decodes its answer. Past the deadline the request is
 * abandoned (its stream id stays held until the node answers, as for any abandoned request) and
 * the call rejects with an {@link OperationTimedOutError} naming the request and the node.
 *
 * @throws OperationTimedOutError past the deadline
 * @throws ServerError (its subclass) when the node answers with an ERROR
 * @throws ConnectionError when the connection is or gets closed
 * @throws ProtocolDecodeError when the node answers with another message
 * @internal
 */
export async function runInternalRequest<K extends ResponseMessage['type']>(
  request: InternalRequest<K>,
): Promise<Extract<ResponseMessage, { type: K }>> {
  const { connection, timeoutMs } = request;
  const token = new CancelToken();
  const deadline =
    timeoutMs > 0 ? request.timers.schedule(timeoutMs, () => token.cancel(DEADLINE)) : undefined;
  try {
    const frame = await connection.send(request.message, token);
    return expectResponse(
      frame,
      request.expect,
      connection.endpoint,
      request.what,
      connection.resultMetadataIds,
    );
  } catch (error) {
    if (token.reason !== DEADLINE) throw error;
    const endpoint = connection.endpoint;
    throw new OperationTimedOutError(
      `${request.what} on ${endpoint} timed out after ${timeoutMs} ms`,
      timeoutMs,
      [{ host: endpoint, error: error instanceof Error ? error : new Error(String(error)) }],
    );
  } finally {
    deadline?.cancel();
  }
}
