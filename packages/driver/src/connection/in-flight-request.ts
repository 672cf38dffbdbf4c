import type { Envelope, RequestMessage } from '../protocol/envelope';
import type { QueuedFrame } from './frame-writer';

/** The connection callbacks a request needs. @internal */
export interface RequestOwner {
  /** The message threw while being encoded; the frame was not sent. */
  encodeFailed(request: InFlightRequest, error: unknown): void;
  /** The request's AbortSignal fired. */
  aborted(request: InFlightRequest): void;
}

/**
 * One request holding a stream id, from `send()` until its response (or until the server
 * answers an abandoned request: the id stays held while {@link InFlightRequest.orphaned}).
 *
 * @internal
 */
export class InFlightRequest implements QueuedFrame {
  skip = false;
  written = false;
  /** Abandoned by the caller after being written: the late answer is discarded. */
  orphaned = false;
  /** The promise was resolved or rejected. */
  settled = false;
  private abortListener: (() => void) | undefined;

  constructor(
    readonly stream: number,
    readonly message: RequestMessage,
    private readonly resolveFn: (frame: Envelope) => void,
    private readonly rejectFn: (error: Error) => void,
    private readonly owner: RequestOwner,
    readonly signal: AbortSignal | undefined,
  ) {
    if (signal) {
      this.abortListener = () => owner.aborted(this);
      signal.addEventListener('abort', this.abortListener, { once: true });
    }
  }

  encodeFailed(error: unknown): void {
    this.owner.encodeFailed(this, error);
  }

  resolve(frame: Envelope): void {
    if (this.settle()) this.resolveFn(frame);
  }

  reject(error: Error): void {
    if (this.settle()) this.rejectFn(error);
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.abortListener) {
      (this.signal as AbortSignal).removeEventListener('abort', this.abortListener);
      this.abortListener = undefined;
    }
    return true;
  }
}
