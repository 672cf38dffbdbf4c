/**
 * The iteration order of a `java.util.HashMap`, which leaks into DESCRIBE output: Cassandra keeps a
 * keyspace's replication options in a map copied from a `HashMap`, and prints them in its order.
 *
 * @packageDocumentation
 */

/**
 * Java's `String.hashCode()`: `s[0]·31^(n−1) + … + s[n−1]` over UTF-16 code units, in 32-bit
 * two's-complement arithmetic.
 *
 * @example
 * ```ts
 * javaStringHash('dc1'); // 99218
 * ```
 */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/** `HashMap.tableSizeFor`: the smallest power of two ≥ `capacity` (at least 1). */
function tableSizeFor(capacity: number): number {
  let size = 1;
  while (size < capacity) size *= 2;
  return size;
}

/**
 * The order in which a Java 11/17 `HashMap` built by copying a map of `copiedSize` entries
 * (`new HashMap<>(source)`) iterates `keys`, given in the source map's iteration order: by bucket
 * (`(h ^ h >>> 16) & (capacity − 1)`), keys sharing a bucket in insertion order.
 *
 * `copiedSize` may exceed `keys.length` when entries were removed after the copy (Cassandra copies
 * the replication map with its `class` entry, then removes it); the table never shrinks.
 *
 * @example
 * ```ts
 * javaHashMapOrder(['dc1', 'dc2', 'dc3'], 4); // the order Java iterates them in
 * ```
 */
export function javaHashMapOrder(keys: readonly string[], copiedSize: number = keys.length): string[] {
  if (keys.length === 0) return [];
  // putMapEntries pre-sizes the table: tableSizeFor((int) (size / 0.75f + 1.0f)).
  const capacity = tableSizeFor(Math.trunc(Math.fround(Math.fround(copiedSize / 0.75) + 1)));
  const bucketOf = (key: string): number => {
    const h = javaStringHash(key);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((key, index) => ({ key, index, bucket: bucketOf(key) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.key);
}
