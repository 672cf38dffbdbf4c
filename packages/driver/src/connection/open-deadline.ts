import { ConnectTimeoutError, RequestAbortedError } from '../errors';

/**
 * The one AbortSignal that bounds `Connection.open`: it fires with a {@link ConnectTimeoutError}
 * after `timeoutMs` (naming the stage reached), or with a {@link RequestAbortedError} when the
 * caller's signal aborts.
 *
 * @internal
 */
export class OpenDeadline {
  /** What opening was doing, for the timeout message. */
  stage = 'TCP connect';
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort: (() => void) | undefined;

  constructor(
    endpoint: string,
    timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.timer = setTimeout(() => {
      this.controller.abort(
        new ConnectTimeoutError(
          `opening a connection to ${endpoint} timed out after ${timeoutMs} ms (stage: ${this.stage})`,
          endpoint,
        ),
      );
    }, timeoutMs);
    if (callerSignal) {
      this.onCallerAbort = () =>
        this.controller.abort(
          new RequestAbortedError(`opening a connection to ${endpoint} was aborted`, {
            cause: callerSignal.reason,
          }),
        );
      if (callerSignal.aborted) this.onCallerAbort();
      else callerSignal.addEventListener('abort', this.onCallerAbort, { once: true });
    }
  }

  /** Aborts when the deadline passes or the caller aborts. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Clears the timer and listeners. */
  dispose(): void {
    clearTimeout(this.timer);
    if (this.onCallerAbort) this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}
