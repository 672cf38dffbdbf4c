/**
 * Conviction: whether a connection failure means the host is down.
 *
 * @packageDocumentation
 */

import type { Host } from '../cluster/host';

/**
 * Decides, after a connection to a host failed (or failed to open), whether to mark the host
 * down; a host marked down leaves the query plans until reconnection succeeds.
 */
export interface ConvictionPolicy {
  /**
   * Records a connection failure and says whether to mark `host` down.
   *
   * @param host - the host whose connection failed
   * @param error - why it failed
   * @param openConnections - connections to `host` still open after this failure
   * @returns true to mark the host down
   */
  addFailure(host: Host, error: Error, openConnections: number): boolean;
  /** Forgets the failures of `host` (called when a connection to it succeeds). */
  reset(host: Host): void;
}

/**
 * Marks a host down when it has no open connection left: one broken connection among several
 * healthy ones does not take the host out of the plans.
 *
 * @example
 * ```ts
 * const cluster = new Cluster({ contactPoints, conviction: new DefaultConvictionPolicy() });
 * ```
 */
export class DefaultConvictionPolicy implements ConvictionPolicy {
  addFailure(_host: Host, _error: Error, openConnections: number): boolean {
    return openConnections <= 0;
  }

  reset(_host: Host): void {
    // Stateless: nothing to forget.
  }
}
