import type { Envelope, RequestMessage } from '../protocol/envelope';
import { type Cancellable, CancelToken } from './cancel-token';
import type { QueuedFrame } from './frame-writer';

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
 * It is also the promise's settlement: the resolve/reject functions of the `send()` promise are
 * stored here, so a request costs this object, the promise and its executor, and nothing per
 * signal unless an `AbortSignal` is given (a {@link CancelToken} costs a field write).
 *
 * @internal
 */
export class InFlightRequest implements QueuedFrame, Cancellable {
  skip = false;
  written = false;
  /** Abandoned by the caller after being written: the late answer is discarded. */
  orphaned = false;
  /** The promise was resolved or rejected. */
  settled = false;
  private abortListener: (() => void) | undefined = undefined;
  private resolveFn: ((frame: Envelope) => void) | undefined = undefined;
  private rejectFn: ((error: Error) => void) | undefined = undefined;

  constructor(
    readonly stream: number,
    readonly message: RequestMessage,
    private readonly owner: RequestOwner,
    readonly signal: AbortSignal | CancelToken | undefined,
  ) {}

  /**
   * Creates the promise settled by {@link InFlightRequest.resolve} / {@link InFlightRequest.reject}
   * and starts listening to the signal or token. Called once, right after construction.
   */
  start(): Promise<Envelope> {
    const promise = new Promise<Envelope>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    const signal = this.signal;
    if (signal instanceof CancelToken) {
      signal.attach(this);
    } else if (signal) {
      this.abortListener = () => this.owner.aborted(this);
      signal.addEventListener('abort', this.abortListener, { once: true });
    }
    return promise;
  }

  /** The token this request is attached to was cancelled. */
  cancelled(): void {
    this.owner.aborted(this);
  }

  encodeFailed(error: unknown): void {
    this.owner.encodeFailed(this, error);
  }

  resolve(frame: Envelope): void {
    if (this.settle()) (this.resolveFn as (frame: Envelope) => void)(frame);
  }

  reject(error: Error): void {
    if (this.settle()) (this.rejectFn as (error: Error) => void)(error);
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
