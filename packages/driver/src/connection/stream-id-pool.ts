/**
 * Free stream ids of one connection: a ring of free ids, O(1) acquire and release, no allocation
 * after construction. Ids are handed out in rotation: a released id goes to the back and is reused
 * only after every id freed before it, so a late or duplicated answer to a finished request is
 * very unlikely to meet a live request on the same id (last-in-first-out reuse handed it straight
 * to the newest request).
 *
 * @example
 * ```ts
 * const ids = new StreamIdPool(32768);
 * const id = ids.acquire(); // 0
 * ids.release(id);
 * ids.acquire(); // 1: id 0 waits behind the 32767 others
 * ```
 * @internal
 */
export class StreamIdPool {
  private readonly free: Uint16Array;
  /** Index in `free` of the next id to hand out. */
  private head = 0;
  private count: number;

  constructor(readonly capacity: number) {
    this.free = new Uint16Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = i;
    this.count = capacity;
  }

  /** Ids currently handed out. */
  get inUse(): number {
    return this.capacity - this.count;
  }

  /** Ids left. */
  get available(): number {
    return this.count;
  }

  /** A free id, or −1 when all are in use. */
  acquire(): number {
    if (this.count === 0) return -1;
    const id = this.free[this.head] as number;
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.count--;
    return id;
  }

  /** Returns an id obtained from {@link StreamIdPool.acquire} (exactly once). */
  release(id: number): void {
    let tail = this.head + this.count;
    if (tail >= this.capacity) tail -= this.capacity;
    this.free[tail] = id;
    this.count++;
  }
}
