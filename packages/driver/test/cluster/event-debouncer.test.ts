import { EventDebouncer, type Scheduler } from '../../src/cluster/event-debouncer';

/** A manual scheduler: timers fire when the test says so. */
class ManualScheduler implements Scheduler {
  readonly timers: { delay: number; fire: () => void; cancelled: boolean }[] = [];
  schedule(delay: number, fire: () => void): { cancel(): void } {
    const timer = { delay, fire, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }
  get pending(): { delay: number; fire: () => void; cancelled: boolean }[] {
    return this.timers.filter((t) => !t.cancelled);
  }
  fireAll(): void {
    for (const t of this.timers.splice(0)) if (!t.cancelled) t.fire();
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('EventDebouncer', () => {
  it('collects the events of one window into one batch', async () => {
    const scheduler = new ManualScheduler();
    const batches: number[][] = [];
    const d = new EventDebouncer<number>({
      windowMs: 1000,
      scheduler,
      random: () => 0.5,
      flush: async (events) => void batches.push([...events]),
    });
    d.push(1);
    d.push(2);
    d.push(3);
    expect(scheduler.pending.map((t) => t.delay)).toEqual([500]); // one timer, jittered within the window
    scheduler.fireAll();
    await tick();
    expect(batches).toEqual([[1, 2, 3]]);
    d.push(4);
    expect(scheduler.pending).toHaveLength(1);
  });

  it('keeps the jittered delay within [0, window)', () => {
    for (const r of [0, 0.25, 0.999]) {
      const scheduler = new ManualScheduler();
      const d = new EventDebouncer<number>({
        windowMs: 2000,
        scheduler,
        random: () => r,
        flush: async () => undefined,
      });
      d.push(1);
      expect(scheduler.pending[0]!.delay).toBe(Math.floor(r * 2000));
    }
  });

  it('flushes at once with a 0 window and drops events with a negative one', async () => {
    const scheduler = new ManualScheduler();
    const now: number[][] = [];
    const immediate = new EventDebouncer<number>({
      windowMs: 0,
      scheduler,
      flush: async (e) => void now.push([...e]),
    });
    immediate.push(1);
    await tick();
    expect(now).toEqual([[1]]);
    expect(scheduler.timers).toHaveLength(0);

    const off: number[][] = [];
    const disabled = new EventDebouncer<number>({
      windowMs: -1,
      scheduler,
      flush: async (e) => void off.push([...e]),
    });
    disabled.push(1);
    await disabled.flushNow();
    expect(disabled.enabled).toBe(false);
    expect(off).toEqual([]);
  });

  it('never runs two batches at once: events during a batch form the next one', async () => {
    const scheduler = new ManualScheduler();
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    let running = 0;
    let maxRunning = 0;
    const d = new EventDebouncer<number>({
      windowMs: 0,
      scheduler,
      flush: async (events) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        batches.push([...events]);
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        running--;
      },
    });
    d.push(1);
    await tick();
    d.push(2);
    d.push(3);
    await tick();
    expect(batches).toEqual([[1]]);
    release();
    await d.flushNow();
    expect(batches).toEqual([[1], [2, 3]]);
    expect(maxRunning).toBe(1);
  });

  it('reports a failed batch and keeps going', async () => {
    const errors: unknown[] = [];
    const seen: number[][] = [];
    const d = new EventDebouncer<number>({
      windowMs: 0,
      scheduler: new ManualScheduler(),
      onError: (e) => errors.push(e),
      flush: async (events) => {
        seen.push([...events]);
        if (seen.length === 1) throw new Error('boom');
      },
    });
    d.push(1);
    await d.flushNow();
    d.push(2);
    await d.flushNow();
    expect(seen).toEqual([[1], [2]]);
    expect(errors).toEqual([new Error('boom')]);
  });

  it('drops pending events on stop()', async () => {
    const scheduler = new ManualScheduler();
    const seen: number[][] = [];
    const d = new EventDebouncer<number>({
      windowMs: 100,
      scheduler,
      flush: async (e) => void seen.push([...e]),
    });
    d.push(1);
    d.stop();
    expect(scheduler.pending).toHaveLength(0);
    d.push(2);
    await d.flushNow();
    expect(seen).toEqual([]);
  });
});
