/**
 * Debouncing of server events: events of one kind are collected over a window and handled by one
 * refresh.
 *
 * @packageDocumentation
 */

/** Something that runs a callback later; `TimerQueue` is one. @internal */
export interface Scheduler {
  schedule(delayMs: number, fire: () => void): { cancel(): void };
}

/** Options of an {@link EventDebouncer}. @internal */
export interface EventDebouncerOptions<E> {
  /**
   * Window in ms: the batch is handled at a random point within it after the first event (jitter,
   * so that many clients do not all refresh at once). 0: at once; negative: events are dropped.
   */
  readonly windowMs: number;
  /** Handles one batch; batches never overlap (events arriving meanwhile form the next one). */
  readonly flush: (events: readonly E[]) => Promise<void>;
  readonly scheduler: Scheduler;
  /** Random source in [0, 1) for the jitter. */
  readonly random?: () => number;
  /** Called when `flush` rejects (the batch is not retried). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Collects events and hands them to `flush` in batches, one window after the first event of a
 * batch, as the Python driver's `*_event_refresh_window` settings do.
 *
 * @example
 * ```ts
 * const topology = new EventDebouncer({ windowMs: 10_000, scheduler: timers, flush: () => refreshNodes() });
 * topology.push(event); // many events within the window → one refreshNodes()
 * ```
 * @internal
 */
export class EventDebouncer<E> {
  private pending: E[] = [];
  private timer: { cancel(): void } | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly random: () => number;

  constructor(private readonly options: EventDebouncerOptions<E>) {
    this.random = options.random ?? Math.random;
  }

  /** Whether events are handled at all (a negative window turns them off). */
  get enabled(): boolean {
    return this.options.windowMs >= 0;
  }

  /** Events waiting for the next batch. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Adds an event to the current batch, scheduling the batch if needed. */
  push(event: E): void {
    if (this.stopped || !this.enabled) return;
    this.pending.push(event);
    if (this.timer === undefined && this.running === undefined) this.arm();
  }

  /**
   * Handles the pending events now (waiting for a batch in progress first). Resolves when they
   * were handled.
   */
  async flushNow(): Promise<void> {
    while (true) {
      this.timer?.cancel();
      this.timer = undefined;
      if (this.running) await this.running;
      else if (this.pending.length > 0) await this.run();
      else return;
    }
  }

  /** Drops pending events and stops scheduling; a batch in progress finishes. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.pending = [];
  }

  private arm(): void {
    const window = this.options.windowMs;
    if (window === 0) {
      void this.run();
      return;
    }
    const delay = Math.floor(this.random() * window);
    this.timer = this.options.scheduler.schedule(delay, () => {
      this.timer = undefined;
      void this.run();
    });
  }

  private run(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const running = (async () => {
      try {
        await this.options.flush(batch);
      } catch (error) {
        this.options.onError?.(error);
      }
    })();
    this.running = running;
    void running.then(() => {
      if (this.running === running) this.running = undefined;
      if (!this.stopped && this.pending.length > 0 && this.timer === undefined) this.arm();
    });
    return running;
  }
}
