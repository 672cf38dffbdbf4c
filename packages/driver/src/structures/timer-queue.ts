/**
 * One timer structure for all request deadlines of a cluster, served by a single Node.js timer
 * re-armed for the earliest deadline: the hot path never creates a `setTimeout` per request.
 *
 * Timers are kept in one FIFO list per delay (as Node.js groups its own timers by duration):
 * nearly every request of a client uses one of a few timeouts, and within one list the deadlines
 * come in the order the timers were added. Scheduling appends to a list, cancelling unlinks the
 * entry (O(1), nothing left behind to compact), and the earliest deadline is the earliest head.
 * The Node.js timer is only re-armed for an earlier deadline; when every timer was cancelled it
 * lapses at its time without firing anything (it is `unref`'d: it never keeps the process alive).
 *
 * Holds no request logic: callers give a function and the object it runs on.
 *
 * @internal
 */
import { performance } from 'node:perf_hooks';

export class TimerQueue {
  /** The list of each delay that has pending timers (or is the last delay used). */
  private readonly lists = new Map<number, TimerList>();
  /** The list of the last delay scheduled (most schedules use the same delay as the previous). */
  private lastList: TimerList | undefined = undefined;
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Runs `fire` once, `delayMs` from now, unless the returned handle is cancelled first; `fire`
   * is called with `self` as `this` (a shared function and its object: no closure per timer).
   *
   * @example
   * ```ts
   * const deadline = timers.schedule(5_000, function (this: Request) { this.timedOut(); }, request);
   * deadline.cancel(); // answered in time
   * ```
   */
  schedule<T>(delayMs: number, fire: (this: T) => void, self?: T): TimerHandle {
    const delay = delayMs > 0 ? delayMs : 0;
    let list = this.lastList;
    if (list === undefined || list.delay !== delay) list = this.listFor(delay);
    const tail = list.tail;
    let at = this.now() + delay;
    // A clock that stepped back must not unsort the list: such a timer fires with its predecessor.
    if (tail !== undefined && tail.at > at) at = tail.at;
    const entry = new TimerEntry(at, fire as (this: unknown) => void, self, list, this);
    list.append(entry);
    this.pending++;
    if (at < this.armedFor) this.arm(at);
    return entry;
  }

  /** Number of pending (not cancelled, not fired) timers. */
  get size(): number {
    return this.pending;
  }

  /** Lists kept (one per delay with pending timers, plus the last delay used). @internal */
  get listCount(): number {
    return this.lists.size;
  }

  /** Cancels every pending timer and stops the underlying Node.js timer. */
  clear(): void {
    for (const list of this.lists.values()) {
      for (let e = list.head; e !== undefined;) {
        const next = e.next;
        e.detach();
        e = next;
      }
      list.head = list.tail = undefined;
    }
    this.lists.clear();
    this.lastList = undefined;
    this.pending = 0;
    this.disarm();
  }

  /** @internal called by TimerEntry.cancel once the entry is unlinked from `list`. */
  onCancel(list: TimerList): void {
    this.pending--;
    if (list.head === undefined && list !== this.lastList) this.lists.delete(list.delay);
    // The Node.js timer stays armed when nothing is left: it lapses (unref'd, firing nothing) at
    // its time, so one request at a time costs no setTimeout + clearTimeout pair (~0.5 µs) each.
  }

  private listFor(delay: number): TimerList {
    let list = this.lists.get(delay);
    if (list === undefined) {
      list = new TimerList(delay);
      this.lists.set(delay, list);
    }
    // The list it replaces as "last" is dropped when empty (bounded map with ever-changing delays).
    const previous = this.lastList;
    this.lastList = list;
    if (previous !== undefined && previous !== list && previous.head === undefined) {
      this.lists.delete(previous.delay);
    }
    return list;
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

  /** The list whose head is due first, or `undefined` when nothing is pending. */
  private earliest(): TimerList | undefined {
    let best: TimerList | undefined;
    for (const list of this.lists.values()) {
      const head = list.head;
      if (head !== undefined && (best === undefined || head.at < (best.head as TimerEntry).at)) best = list;
    }
    return best;
  }

  private run(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = this.now();
    // In deadline order across lists; a fired callback may schedule or cancel timers.
    for (;;) {
      const list = this.earliest();
      const head = list?.head;
      if (list === undefined || head === undefined || head.at > now) break;
      list.remove(head);
      this.pending--;
      const fire = head.fire;
      const self = head.self;
      head.detach();
      fire.call(self);
    }
    for (const list of this.lists.values()) {
      if (list.head === undefined && list !== this.lastList) this.lists.delete(list.delay);
    }
    const next = this.earliest()?.head;
    if (next !== undefined && next.at < this.armedFor) this.arm(next.at);
  }
}

/** Cancels a scheduled timer. @internal */
export interface TimerHandle {
  /** Idempotent; does nothing once the timer fired. */
  cancel(): void;
}

/** The timers of one delay, in deadline order (a doubly linked list through the entries). */
class TimerList {
  head: TimerEntry | undefined = undefined;
  tail: TimerEntry | undefined = undefined;

  constructor(readonly delay: number) {}

  append(entry: TimerEntry): void {
    const tail = this.tail;
    entry.prev = tail;
    if (tail === undefined) this.head = entry;
    else tail.next = entry;
    this.tail = entry;
  }

  remove(entry: TimerEntry): void {
    const { prev, next } = entry;
    if (prev === undefined) this.head = next;
    else prev.next = next;
    if (next === undefined) this.tail = prev;
    else next.prev = prev;
    entry.prev = entry.next = undefined;
  }
}

const NOOP = (): void => undefined;

class TimerEntry implements TimerHandle {
  prev: TimerEntry | undefined = undefined;
  next: TimerEntry | undefined = undefined;

  constructor(
    readonly at: number,
    public fire: (this: unknown) => void,
    public self: unknown,
    /** The list holding the entry; `undefined` once it fired or was cancelled. */
    private list: TimerList | undefined,
    private readonly queue: TimerQueue,
  ) {}

  cancel(): void {
    const list = this.list;
    if (list === undefined) return;
    list.remove(this);
    this.detach();
    this.queue.onCancel(list);
  }

  /** Out of its list for good: lets go of the callback and its object (they may hold a page). */
  detach(): void {
    this.list = undefined;
    this.fire = NOOP;
    this.self = undefined;
  }
}
