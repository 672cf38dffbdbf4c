import type { Envelope, RequestMessage } from '../protocol/envelope';
import { type Cancellable, CancelToken } from './cancel-token';
import type { QueuedFrame } from './frame-writer';

/**
 * Who learns how a request ended: the driver's request executions implement it directly (no
 * promise per attempt); {@link Connection.send} wraps a promise's resolve/reject in one.
 *
 * `answered` is called synchronously while the connection dispatches the response (inside the
 * socket's data handler): keep it short and never throw. `failed` may be called from anywhere
 * (dispatch, close, abort).
 *
 * @internal
 */
export interface ResponseReceiver {
  /** The server answered with anything but an ERROR. */
  answered(frame: Envelope): void;
  /**
   * The request failed: a decoded server error (`ServerError` subclass), the connection closed,
   * the signal or token aborted it, or its message failed to encode.
   */
  failed(error: Error): void;
}

/** The connection callbacks a request needs. @internal */
export interface RequestOwner {
  /** The message threw while being encoded; the frame was not sent. */
  encodeFailed(request: InFlightRequest, error: unknown): void;
  /** The request's AbortSignal (or CancelToken) fired. */
  aborted(request: InFlightRequest): void;
}

/**
 * One request holding a stream id, from `send()` until its response (or until the server
 * answers an abandoned request: the id stays held while {@link InFlightRequest.orphaned}).
 *
 * It settles once, by calling its {@link ResponseReceiver}: a request costs this object, and
 * nothing per signal unless an `AbortSignal` is given (a {@link CancelToken} costs a field write).
 *
 * @internal
 */
export class InFlightRequest implements QueuedFrame, Cancellable {
  skip = false;
  written = false;
  /** Abandoned by the caller after being written: the late answer is discarded. */
  orphaned = false;
  /** When it was orphaned (`Date.now()`), for the connection's bound on orphan age. */
  orphanedAt = 0;
  /** The promise was resolved or rejected. */
  settled = false;
  private abortListener: (() => void) | undefined = undefined;

  constructor(
    readonly stream: number,
    readonly message: RequestMessage,
    private readonly owner: RequestOwner,
    readonly signal: AbortSignal | CancelToken | undefined,
    private readonly receiver: ResponseReceiver,
  ) {
    if (signal instanceof CancelToken) {
      signal.attach(this);
    } else if (signal) {
      this.abortListener = () => this.owner.aborted(this);
      signal.addEventListener('abort', this.abortListener, { once: true });
    }
  }

  /** The token this request is attached to was cancelled. */
  cancelled(): void {
    this.owner.aborted(this);
  }

  encodeFailed(error: unknown): void {
    this.owner.encodeFailed(this, error);
  }

  resolve(frame: Envelope): void {
    if (this.settle()) this.receiver.answered(frame);
  }

  reject(error: Error): void {
    if (this.settle()) this.receiver.failed(error);
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    const signal = this.signal;
    if (signal instanceof CancelToken) {
      signal.detach(this);
    } else if (this.abortListener) {
      (signal as AbortSignal).removeEventListener('abort', this.abortListener);
      this.abortListener = undefined;
    }
    return true;
  }
}
