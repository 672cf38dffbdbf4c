import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TimerQueue } from '../../src/structures/timer-queue';

/** A full garbage collection (exposes `gc` for this process on first use). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('TimerQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires timers in deadline order with one underlying timer', () => {
    const q = new TimerQueue(() => Date.now());
    const fired: number[] = [];
    q.schedule(30, () => fired.push(30));
    q.schedule(10, () => fired.push(10));
    q.schedule(20, () => fired.push(20));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(15);
    expect(fired).toEqual([10]);
    jest.advanceTimersByTime(20);
    expect(fired).toEqual([10, 20, 30]);
    expect(q.size).toBe(0);
  });

  it('does not fire cancelled timers; with nothing pending its one timer lapses and is not re-armed', () => {
    const q = new TimerQueue(() => Date.now());
    const fired: string[] = [];
    const a = q.schedule(10, () => fired.push('a'));
    q.schedule(20, () => fired.push('b')).cancel();
    a.cancel();
    a.cancel();
    expect(q.size).toBe(0);
    // No clearTimeout per cancel: the timer armed for `a` lapses at its time.
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(50);
    expect(fired).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('serves one request at a time with one Node.js timer, not one per request', () => {
    const q = new TimerQueue(() => Date.now());
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    for (let i = 0; i < 100; i++) {
      q.schedule(1000, () => undefined).cancel();
      jest.advanceTimersByTime(1);
    }
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    setTimeoutSpy.mockRestore();
  });

  it('survives many cancellations and keeps order', () => {
    const q = new TimerQueue(() => Date.now());
    const fired: number[] = [];
    const handles = [];
    for (let i = 0; i < 1000; i++) handles.push(q.schedule(100 + (i % 50), () => fired.push(i)));
    for (let i = 0; i < 1000; i++) if (i % 10 !== 0) handles[i]!.cancel();
    expect(q.size).toBe(100);
    jest.advanceTimersByTime(200);
    expect(fired.length).toBe(100);
    const delays = fired.map((i) => 100 + (i % 50));
    expect([...delays].sort((x, y) => x - y)).toEqual(delays);
  });

  it('keeps no list per delay once its timers are gone (timeouts computed per request)', () => {
    const q = new TimerQueue(() => Date.now());
    const fired: number[] = [];
    for (let i = 0; i < 1000; i++) q.schedule(1000 + i, () => fired.push(i)).cancel();
    expect(q.size).toBe(0);
    expect(q.listCount).toBeLessThanOrEqual(1);
    for (let i = 0; i < 100; i++) q.schedule(2000 + i, () => fired.push(i));
    jest.advanceTimersByTime(2200);
    expect(fired).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(q.listCount).toBeLessThanOrEqual(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('fires interleaved delays in deadline order, and a timer of a clock that stepped back after its predecessor', () => {
    let now = 1000;
    const q = new TimerQueue(() => now);
    const fired: string[] = [];
    q.schedule(100, () => fired.push('a@1100'));
    now = 1010;
    q.schedule(50, () => fired.push('b@1060'));
    now = 1020;
    q.schedule(100, () => fired.push('c@1120'));
    now = 900; // the clock stepped back: c2 would be due at 1000, before a
    q.schedule(100, () => fired.push('c2'));
    now = 1100;
    jest.advanceTimersByTime(1000);
    expect(fired).toEqual(['b@1060', 'a@1100']);
    now = 1200;
    jest.advanceTimersByTime(1000);
    expect(fired).toEqual(['b@1060', 'a@1100', 'c@1120', 'c2']);
    expect(q.size).toBe(0);
  });

  it('fires a timer scheduled by a firing callback', () => {
    const q = new TimerQueue(() => Date.now());
    const fired: string[] = [];
    q.schedule(10, () => {
      fired.push('first');
      q.schedule(0, () => fired.push('zero'));
      q.schedule(10, () => fired.push('later'));
    });
    jest.advanceTimersByTime(10);
    jest.advanceTimersByTime(0);
    expect(fired).toEqual(['first', 'zero']);
    jest.advanceTimersByTime(10);
    expect(fired).toEqual(['first', 'zero', 'later']);
  });

  it('clear() cancels everything', () => {
    const q = new TimerQueue(() => Date.now());
    let n = 0;
    q.schedule(5, () => n++);
    q.clear();
    jest.advanceTimersByTime(10);
    expect(n).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('calls a shared function with the object it was given as `this`', () => {
    const q = new TimerQueue(() => Date.now());
    const fired: string[] = [];
    function fire(this: { name: string }): void {
      fired.push(this.name);
    }
    q.schedule(5, fire, { name: 'a' });
    q.schedule(10, fire, { name: 'b' }).cancel();
    jest.advanceTimersByTime(20);
    expect(fired).toEqual(['a']);
  });

  it('lets go of the object of a cancelled timer while other timers are pending', async () => {
    jest.useRealTimers();
    const q = new TimerQueue(() => Date.now());
    q.schedule(60_000, () => undefined);
    let request: WeakRef<object>;
    (() => {
      const big = { rows: new Array<number>(100_000).fill(1) };
      request = new WeakRef(big);
      q.schedule(
        90_000,
        function (this: typeof big) {
          void this.rows;
        },
        big,
      ).cancel();
    })();
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(request!.deref()).toBeUndefined();
    q.clear();
  });

  it('lets go of a cancelled callback (and what it holds) while other timers are pending', async () => {
    jest.useRealTimers();
    const q = new TimerQueue(() => Date.now());
    q.schedule(60_000, () => undefined); // keeps the queue armed
    let page: WeakRef<object>;
    // In a function of its own, so that no local variable of this test keeps the page alive.
    (() => {
      const big = { rows: new Array<number>(100_000).fill(1) };
      page = new WeakRef(big);
      q.schedule(90_000, () => big.rows.length).cancel();
    })();
    await new Promise((resolve) => setImmediate(resolve)); // WeakRef targets are kept until the job ends
    collectGarbage();
    expect(page!.deref()).toBeUndefined();
    q.clear();
  });
});
