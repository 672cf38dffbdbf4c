/**
 * Reconnection to hosts that are down, on the reconnection policy's schedule.
 *
 * @packageDocumentation
 */

import type { PolicyLogger } from '../policies/policy-logger';
import type { ReconnectionPolicy } from '../policies/reconnection';
import type { Scheduler } from './event-debouncer';
import type { Host } from './host';

/** What a reconnector needs. @internal */
export interface HostReconnectorDeps {
  readonly policy: ReconnectionPolicy;
  readonly scheduler: Scheduler;
  readonly logger: PolicyLogger;
  /** One attempt: resolves when `host` accepted a connection. */
  attempt(host: Host): Promise<void>;
  /** An attempt succeeded (the host can be marked up). */
  onReconnected(host: Host): void;
}

interface Reconnection {
  readonly host: Host;
  readonly schedule: Iterator<number>;
  timer: { cancel(): void } | undefined;
  attempting: boolean;
  cancelled: boolean;
}

/**
 * For each host that went down: waits the policy's next delay, tries to connect, and repeats
 * until an attempt succeeds, the schedule ends, or the reconnection is cancelled (host removed,
 * shutdown). `attemptNow` short-cuts the wait, e.g. when the server announces the host UP.
 *
 * @example
 * ```ts
 * reconnector.start(host); // attempts after ≈1 s, 2 s, 4 s … (ExponentialReconnectionPolicy)
 * reconnector.attemptNow(host); // STATUS_CHANGE UP: try at once
 * ```
 * @internal
 */
export class HostReconnector {
  private readonly running = new Map<Host, Reconnection>();
  private stopped = false;

  constructor(private readonly deps: HostReconnectorDeps) {}

  /** Whether a reconnection to `host` is in progress. */
  isReconnecting(host: Host): boolean {
    return this.running.has(host);
  }

  /** Starts reconnecting to `host` (no-op when already in progress). */
  start(host: Host): void {
    if (this.stopped || this.running.has(host)) return;
    const reconnection = this.create(host);
    this.waitNext(reconnection);
  }

  /** Attempts at once (starting a reconnection when none is in progress). */
  attemptNow(host: Host): void {
    if (this.stopped) return;
    const reconnection = this.running.get(host) ?? this.create(host);
    if (reconnection.attempting) return;
    reconnection.timer?.cancel();
    reconnection.timer = undefined;
    void this.attempt(reconnection);
  }

  /** Stops reconnecting to `host`. */
  cancel(host: Host): void {
    const reconnection = this.running.get(host);
    if (reconnection === undefined) return;
    reconnection.cancelled = true;
    reconnection.timer?.cancel();
    this.running.delete(host);
  }

  /** Stops every reconnection. */
  stopAll(): void {
    this.stopped = true;
    for (const host of [...this.running.keys()]) this.cancel(host);
  }

  private create(host: Host): Reconnection {
    const reconnection: Reconnection = {
      host,
      schedule: this.deps.policy.newSchedule(),
      timer: undefined,
      attempting: false,
      cancelled: false,
    };
    this.running.set(host, reconnection);
    return reconnection;
  }

  private waitNext(reconnection: Reconnection): void {
    const next = reconnection.schedule.next();
    if (next.done) {
      this.running.delete(reconnection.host);
      this.deps.logger.warn(
        `gave up reconnecting to ${reconnection.host.endpoint} (the reconnection policy's schedule ended); ` +
          'it is used again when the cluster announces it up',
      );
      return;
    }
    reconnection.timer = this.deps.scheduler.schedule(next.value, () => {
      reconnection.timer = undefined;
      void this.attempt(reconnection);
    });
  }

  private async attempt(reconnection: Reconnection): Promise<void> {
    reconnection.attempting = true;
    let ok = false;
    try {
      await this.deps.attempt(reconnection.host);
      ok = true;
    } catch {
      // try again after the next delay
    } finally {
      reconnection.attempting = false;
    }
    if (reconnection.cancelled) return;
    if (ok) {
      this.running.delete(reconnection.host);
      this.deps.onReconnected(reconnection.host);
    } else {
      this.waitNext(reconnection);
    }
  }
}
