/**
 * Free stream ids of one connection: an array-backed stack, O(1) acquire and release, no
 * allocation after construction. Ids start at 0 and recently released ids are reused first,
 * which keeps the set of ids in use small and dense.
 *
 * @example
 * ```ts
 * const ids = new StreamIdPool(32768);
 * const id = ids.acquire(); // 0
 * ids.release(id);
 * ```
 * @internal
 */
export class StreamIdPool {
  private readonly free: Uint16Array;
  private top: number;

  constructor(readonly capacity: number) {
    this.free = new Uint16Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.top = capacity;
  }

  /** Ids currently handed out. */
  get inUse(): number {
    return this.capacity - this.top;
  }

  /** Ids left. */
  get available(): number {
    return this.top;
  }

  /** A free id, or −1 when all are in use. */
  acquire(): number {
    if (this.top === 0) return -1;
    return this.free[--this.top] as number;
  }

  /** Returns an id obtained from {@link StreamIdPool.acquire} (exactly once). */
  release(id: number): void {
    this.free[this.top++] = id;
  }
}
