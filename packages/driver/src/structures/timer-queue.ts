/**
 * One timer structure for all request deadlines of a cluster: a binary min-heap of deadlines served
 * by a single Node.js timer that is re-armed for the earliest one. Scheduling and cancelling are
 * cheap (cancel is O(1): the entry is only marked and dropped lazily), so the hot path never creates
 * a `setTimeout` per request.
 *
 * @internal
 */
export class TimerQueue {
  private heap: TimerEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private cancelled = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Runs `fire` once, `delayMs` from now, unless the returned handle is cancelled first; `fire`
   * is called with `self` as `this` (a shared function and its object: no closure per timer).
   */
  schedule<T>(delayMs: number, fire: (this: T) => void, self?: T): TimerHandle {
    const entry = new TimerEntry(
      this.now() + Math.max(0, delayMs),
      fire as (this: unknown) => void,
      self,
      this,
    );
    this.push(entry);
    if (entry.at < this.armedFor) this.arm(entry.at);
    return entry;
  }

  /** Number of pending (not cancelled) timers. */
  get size(): number {
    return this.heap.length - this.cancelled;
  }

  /** Cancels every pending timer and stops the underlying Node.js timer. */
  clear(): void {
    for (const e of this.heap) e.state = CANCELLED;
    this.heap = [];
    this.cancelled = 0;
    this.disarm();
  }

  /** @internal called by TimerEntry.cancel */
  onCancel(): void {
    this.cancelled++;
    if (this.cancelled > 64 && this.cancelled * 2 > this.heap.length) this.compact();
    if (this.size === 0) this.disarm();
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(() => this.run(), Math.max(0, at - this.now()));
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private run(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = this.now();
    while (this.heap.length > 0) {
      const top = this.heap[0] as TimerEntry;
      if (top.state === CANCELLED) {
        this.pop();
        this.cancelled--;
        continue;
      }
      if (top.at > now) break;
      this.pop();
      top.state = FIRED;
      top.fire.call(top.self);
    }
    const next = this.heap[0];
    if (next) this.arm(next.at);
  }

  private compact(): void {
    const live = this.heap.filter((e) => e.state === PENDING);
    this.heap = [];
    this.cancelled = 0;
    for (const e of live) this.push(e);
  }

  private push(entry: TimerEntry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as TimerEntry).at <= entry.at) break;
      h[i] = h[parent] as TimerEntry;
      i = parent;
    }
    h[i] = entry;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop() as TimerEntry;
    if (h.length === 0) return;
    let i = 0;
    const n = h.length;
    while (true) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && (h[r] as TimerEntry).at < (h[l] as TimerEntry).at ? r : l;
      if ((h[child] as TimerEntry).at >= last.at) break;
      h[i] = h[child] as TimerEntry;
      i = child;
    }
    h[i] = last;
  }
}

/** A scheduled timer; `cancel()` is idempotent and does nothing once the timer fired. */
export interface TimerHandle {
  cancel(): void;
}

const PENDING = 0;
const CANCELLED = 1;
const FIRED = 2;

class TimerEntry implements TimerHandle {
  state = PENDING;
  constructor(
    readonly at: number,
    public fire: (this: unknown) => void,
    public self: unknown,
    private readonly queue: TimerQueue,
  ) {}

  cancel(): void {
    if (this.state !== PENDING) return;
    this.state = CANCELLED;
    // A cancelled entry stays in the heap until it is popped or compacted: drop the callback now,
    // or it keeps its request (and the request's response, e.g. a 470 KB page) alive until then.
    this.fire = NOOP;
    this.self = undefined;
    this.queue.onCancel();
  }
}

const NOOP = (): void => undefined;
