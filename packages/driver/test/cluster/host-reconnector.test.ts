import { Host } from '../../src/cluster/host';
import { HostReconnector } from '../../src/cluster/host-reconnector';
import {
  ConstantReconnectionPolicy,
  ExponentialReconnectionPolicy,
  type ReconnectionPolicy,
} from '../../src/policies/reconnection';

class ManualScheduler {
  readonly delays: number[] = [];
  private timers: { fire: () => void; cancelled: boolean }[] = [];
  schedule(delay: number, fire: () => void): { cancel(): void } {
    const timer = { fire, cancelled: false };
    this.delays.push(delay);
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
  fire(): void {
    for (const t of this.timers.splice(0)) if (!t.cancelled) t.fire();
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const host = new Host({ address: '10.0.0.1', port: 9042 });

describe('HostReconnector', () => {
  function setup(
    failures: number,
    policy: ReconnectionPolicy = new ExponentialReconnectionPolicy({ jitter: false }),
  ) {
    const scheduler = new ManualScheduler();
    const warnings: string[] = [];
    let attempts = 0;
    const reconnected: Host[] = [];
    const reconnector = new HostReconnector({
      policy,
      scheduler,
      logger: { warn: (m) => void warnings.push(m) },
      attempt: async () => {
        attempts++;
        if (attempts <= failures) throw new Error('refused');
      },
      onReconnected: (h) => void reconnected.push(h),
    });
    return { scheduler, reconnector, reconnected, warnings, attempts: () => attempts };
  }

  it('attempts on the policy’s schedule until one succeeds', async () => {
    const { scheduler, reconnector, reconnected, attempts } = setup(3);
    reconnector.start(host);
    reconnector.start(host); // no second reconnection
    for (let i = 0; i < 4; i++) {
      scheduler.fire();
      await tick();
    }
    expect(scheduler.delays).toEqual([1000, 2000, 4000, 8000]);
    expect(attempts()).toBe(4);
    expect(reconnected).toEqual([host]);
    expect(reconnector.isReconnecting(host)).toBe(false);
  });

  it('attempts at once on attemptNow, replacing the pending wait', async () => {
    const { scheduler, reconnector, reconnected } = setup(0);
    reconnector.start(host);
    expect(scheduler.pending).toBe(1);
    reconnector.attemptNow(host);
    await tick();
    expect(scheduler.pending).toBe(0);
    expect(reconnected).toEqual([host]);
  });

  it('stops when cancelled', async () => {
    const { scheduler, reconnector, reconnected } = setup(0);
    reconnector.start(host);
    reconnector.cancel(host);
    expect(scheduler.pending).toBe(0);
    scheduler.fire();
    await tick();
    expect(reconnected).toEqual([]);
  });

  it('gives up with a warning when the schedule ends', async () => {
    const { scheduler, reconnector, reconnected, warnings } = setup(
      99,
      new ConstantReconnectionPolicy(10, 2),
    );
    reconnector.start(host);
    for (let i = 0; i < 3; i++) {
      scheduler.fire();
      await tick();
    }
    expect(reconnected).toEqual([]);
    expect(reconnector.isReconnecting(host)).toBe(false);
    expect(warnings[0]).toMatch(/gave up reconnecting to 10\.0\.0\.1:9042/);
  });
});
