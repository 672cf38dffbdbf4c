/**
 * A map with a fixed capacity that evicts its least recently used entry: a `Map` from key to
 * entry, and the entries in a doubly linked list in use order. A hit is one `Map` lookup and a
 * relink — not the delete + insert of a `Map` kept in use order, which makes V8 rehash and shrink
 * the table as it fills with deleted slots.
 *
 * @internal
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, LruEntry<K, V>>();
  /** The least recently used entry (evicted first). */
  private oldest: LruEntry<K, V> | undefined = undefined;
  /** The most recently used entry. */
  private newest: LruEntry<K, V> | undefined = undefined;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  /**
   * The value of `key`; a hit makes it the most recently used.
   *
   * @example
   * ```ts
   * const cache = new LruCache<string, number>(2);
   * cache.set('a', 1);
   * cache.set('b', 2);
   * cache.get('a'); // 1 — now 'b' is the least recently used
   * cache.set('c', 3); // evicts 'b'
   * ```
   */
  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    if (entry !== this.newest) {
      this.unlink(entry);
      this.append(entry);
    }
    return entry.value;
  }

  /** Sets `key` as the most recently used; evicts the least recently used beyond capacity. */
  set(key: K, value: V): void {
    const existing = this.map.get(key);
    if (existing !== undefined) {
      existing.value = value;
      if (existing !== this.newest) {
        this.unlink(existing);
        this.append(existing);
      }
      return;
    }
    const entry: LruEntry<K, V> = { key, value, older: undefined, newer: undefined };
    this.map.set(key, entry);
    this.append(entry);
    if (this.map.size > this.capacity) {
      const oldest = this.oldest as LruEntry<K, V>;
      this.unlink(oldest);
      this.map.delete(oldest.key);
    }
  }

  delete(key: K): void {
    const entry = this.map.get(key);
    if (entry === undefined) return;
    this.unlink(entry);
    this.map.delete(key);
  }

  /** The values, least recently used first. */
  *values(): IterableIterator<V> {
    for (let entry = this.oldest; entry !== undefined; entry = entry.newer) yield entry.value;
  }

  clear(): void {
    this.map.clear();
    this.oldest = this.newest = undefined;
  }

  private append(entry: LruEntry<K, V>): void {
    const newest = this.newest;
    entry.older = newest;
    entry.newer = undefined;
    if (newest === undefined) this.oldest = entry;
    else newest.newer = entry;
    this.newest = entry;
  }

  private unlink(entry: LruEntry<K, V>): void {
    const { older, newer } = entry;
    if (older === undefined) this.oldest = newer;
    else older.newer = newer;
    if (newer === undefined) this.newest = older;
    else newer.older = older;
    entry.older = entry.newer = undefined;
  }
}

interface LruEntry<K, V> {
  readonly key: K;
  value: V;
  older: LruEntry<K, V> | undefined;
  newer: LruEntry<K, V> | undefined;
}
