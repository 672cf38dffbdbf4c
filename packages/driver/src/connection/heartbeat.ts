/**
 * Keeps an idle connection checked: after `intervalMs` without receiving anything it calls
 * `probe` (an OPTIONS request); if the probe is not answered within `timeoutMs`, `onTimeout`
 * closes the connection. One timer per connection, re-armed lazily, never per request.
 *
 * @example
 * ```ts
 * const heartbeat = new Heartbeat(30_000, 5000, () => connection.send(new OptionsRequest()), closeIt);
 * socket.on('data', () => heartbeat.received());
 * heartbeat.start();
 * ```
 * @internal
 */
export class Heartbeat {
  private lastReceived = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private stopped = true;

  constructor(
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
    private readonly probe: () => Promise<unknown>,
    private readonly onTimeout: (silentForMs: number) => void,
  ) {}

  /** Starts watching (no-op when the interval is 0). */
  start(): void {
    if (this.intervalMs <= 0 || !this.stopped) return;
    this.stopped = false;
    this.lastReceived = Date.now();
    this.arm(this.intervalMs);
  }

  /** Records inbound traffic; cheap enough for every socket chunk. */
  received(): void {
    this.lastReceived = Date.now();
  }

  /** Stops all timers. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.check(), delayMs);
    this.timer.unref();
  }

  private check(): void {
    this.timer = undefined;
    if (this.stopped || this.probing) return;
    const idle = Date.now() - this.lastReceived;
    if (idle < this.intervalMs) {
      this.arm(this.intervalMs - idle);
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
    this.lastReceived = Date.now();
    this.arm(this.intervalMs);
  }
}
