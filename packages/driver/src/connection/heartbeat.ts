/**
 * Keeps a connection checked, on one timer per connection (re-armed every interval, never one per
 * request). Liveness is judged by **complete** responses, not by bytes: a node that trickles
 * bytes or sends a header and stops is as dead as a silent one.
 *
 * Every `intervalMs` the heartbeat looks back: if no complete response arrived during the last
 * interval it calls `probe` (an OPTIONS request), and if the probe is not answered within
 * `timeoutMs`, `onTimeout` closes the connection. So a stalled connection is closed between one
 * and two intervals after its last response, plus the probe timeout. Each check also calls
 * `inspect` (the connection looks at its orphaned streams there).
 *
 * @example
 * ```ts
 * const heartbeat = new Heartbeat(30_000, 5000, () => connection.send(new OptionsRequest()), closeIt);
 * decoder.onEnvelope(() => heartbeat.received());
 * heartbeat.start();
 * ```
 * @internal
 */
export class Heartbeat {
  /** Complete responses so far (a counter: cheaper than a clock read per response). */
  private responses = 0;
  private responsesAtLastCheck = 0;
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private stopped = true;

  constructor(
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
    private readonly probe: () => Promise<unknown>,
    private readonly onTimeout: (silentForMs: number) => void,
    private readonly inspect: () => void = () => undefined,
  ) {}

  /** Starts watching (no-op when the interval is 0). */
  start(): void {
    if (this.intervalMs <= 0 || !this.stopped) return;
    this.stopped = false;
    this.responsesAtLastCheck = this.responses;
    this.arm();
  }

  /** Records one complete response (or event); cheap enough for every one. */
  received(): void {
    this.responses++;
  }

  /** Stops all timers. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.check(), this.intervalMs);
    this.timer.unref();
  }

  private check(): void {
    this.timer = undefined;
    if (this.stopped || this.probing) return;
    this.inspect();
    if (this.stopped) return;
    if (this.responses !== this.responsesAtLastCheck) {
      this.responsesAtLastCheck = this.responses;
      this.arm();
      return;
    }
    this.probing = true;
    const started = Date.now();
    const deadline = setTimeout(() => {
      if (!this.stopped) this.onTimeout(Date.now() - started);
    }, this.timeoutMs);
    deadline.unref();
    this.probe().then(
      () => this.probed(deadline),
      () => this.probed(deadline),
    );
  }

  private probed(deadline: NodeJS.Timeout): void {
    clearTimeout(deadline);
    this.probing = false;
    this.responsesAtLastCheck = this.responses;
    this.arm();
  }
}
