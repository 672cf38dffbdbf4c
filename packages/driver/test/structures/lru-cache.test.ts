import { LruCache } from '../../src/structures/lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used entry; a hit makes an entry the most recent', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1); // order now b, c, a
    cache.set('d', 4); // evicts b
    expect(cache.get('b')).toBeUndefined();
    expect([...cache.values()]).toEqual([3, 1, 4]);
    expect(cache.get('c')).toBe(3); // order a, d, c
    cache.set('e', 5); // evicts a
    expect([...cache.values()]).toEqual([4, 3, 5]);
    expect(cache.size).toBe(3);
  });

  it('replaces the value of a key set again and makes it the most recent', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10); // order b, a
    cache.set('c', 3); // evicts b
    expect(cache.get('a')).toBe(10);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('deletes any entry (oldest, newest, middle) and keeps the order of the others', () => {
    const cache = new LruCache<string, number>(5);
    for (const [k, v] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ] as const)
      cache.set(k, v);
    cache.delete('b');
    cache.delete('a');
    cache.delete('d');
    cache.delete('missing');
    expect([...cache.values()]).toEqual([3]);
    cache.set('e', 5);
    expect([...cache.values()]).toEqual([3, 5]);
    cache.delete('c');
    cache.delete('e');
    expect(cache.size).toBe(0);
    expect([...cache.values()]).toEqual([]);
    cache.set('f', 6);
    expect([...cache.values()]).toEqual([6]);
  });

  it('empties on clear() and works again afterwards', () => {
    const cache = new LruCache<number, string>(2);
    cache.set(1, 'x');
    cache.set(2, 'y');
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get(1)).toBeUndefined();
    cache.set(3, 'z');
    expect([...cache.values()]).toEqual(['z']);
  });

  it('behaves as a strict LRU model through many inserts, hits, misses and deletes', () => {
    const capacity = 16;
    const cache = new LruCache<number, number>(capacity);
    /** The model: keys in use order, least recent first. */
    const model: number[] = [];
    const use = (key: number): void => {
      model.splice(model.indexOf(key), 1);
      model.push(key);
    };
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let step = 0; step < 5000; step++) {
      const key = random(40);
      const action = random(10);
      if (action < 4) {
        cache.set(key, key); // values are the keys: values() shows the use order
        if (model.includes(key)) use(key);
        else {
          model.push(key);
          if (model.length > capacity) model.shift();
        }
      } else if (action < 9) {
        const hit = cache.get(key) !== undefined;
        expect(hit).toBe(model.includes(key));
        if (hit) use(key);
      } else {
        cache.delete(key);
        if (model.includes(key)) model.splice(model.indexOf(key), 1);
      }
      expect(cache.size).toBe(model.length);
      if (step % 100 === 0) expect([...cache.values()]).toEqual(model);
    }
    expect([...cache.values()]).toEqual(model);
  });
});
