import { StreamIdPool } from '../../src/connection/stream-id-pool';

describe('StreamIdPool', () => {
  it('hands out every id once, from 0 up, then −1', () => {
    const ids = new StreamIdPool(4);
    expect([ids.acquire(), ids.acquire(), ids.acquire(), ids.acquire(), ids.acquire()]).toEqual([
      0, 1, 2, 3, -1,
    ]);
    expect(ids.available).toBe(0);
    expect(ids.inUse).toBe(4);
  });

  it('reuses released ids in rotation, the least recently released first', () => {
    const ids = new StreamIdPool(4);
    const a = ids.acquire();
    ids.release(a);
    // Last-in-first-out handed `a` straight back: a late duplicate answer on `a` would then
    // settle the newest request.
    expect(ids.acquire()).toBe(1);
    expect(ids.acquire()).toBe(2);
    expect(ids.acquire()).toBe(3);
    ids.release(2);
    ids.release(1);
    expect(ids.acquire()).toBe(0);
    expect(ids.acquire()).toBe(2);
    expect(ids.acquire()).toBe(1);
    expect(ids.acquire()).toBe(-1);
    ids.release(3);
    expect(ids.acquire()).toBe(3);
  });

  it('goes through every id before reusing one, over many cycles', () => {
    const ids = new StreamIdPool(32768);
    const held = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const id = ids.acquire();
      expect(held.has(id)).toBe(false);
      // The first pass hands out 0, 1, 2, … although most ids are released at once.
      if (i < 32768) expect(id).toBe(i);
      held.add(id);
      if (i % 3 !== 0) {
        ids.release(id);
        held.delete(id);
      }
      if (held.size > 1000) {
        for (const h of held) ids.release(h);
        held.clear();
      }
    }
    expect(ids.available + held.size).toBe(32768);
  });
});
