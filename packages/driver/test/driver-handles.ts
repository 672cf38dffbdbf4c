/**
 * Which timers and sockets the driver itself created and has not released yet, for the tests that
 * check that `shutdown()` leaves nothing behind.
 *
 * Counting `process.getActiveResourcesInfo()` before and after is not enough: it also counts the
 * test runner's own timers (Jest's progress reporter re-arms one while a file runs in band), so
 * the count went up now and then with nothing leaked. This tracker records, through async hooks,
 * only the `Timeout` and `TCPWRAP` handles whose creation stack passes through the driver's
 * sources, and forgets each one when it is destroyed.
 */
import { createHook } from 'node:async_hooks';
import * as path from 'node:path';

const DRIVER_SOURCES = `${path.sep}packages${path.sep}driver${path.sep}src${path.sep}`;
const TRACKED = new Set(['Timeout', 'TCPWRAP']);

export interface DriverHandles {
  /** Handles created by the driver and not destroyed yet: type and where they were created. */
  live(): string[];
  /** Waits (up to `timeoutMs`) for the handles closed by now to report their destruction. */
  settled(timeoutMs?: number): Promise<string[]>;
  stop(): void;
}

/** Starts recording the driver's timers and sockets. */
export function trackDriverHandles(): DriverHandles {
  const live = new Map<number, string>();
  const hook = createHook({
    init(asyncId, type) {
      if (!TRACKED.has(type)) return;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 40;
      const stack = new Error().stack ?? '';
      Error.stackTraceLimit = limit;
      const frame = stack.split('\n').find((line) => line.includes(DRIVER_SOURCES));
      if (frame !== undefined) live.set(asyncId, `${type} ${frame.trim()}`);
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  }).enable();
  return {
    live: () => [...live.values()],
    settled: async (timeoutMs = 500) => {
      // Destroy hooks run asynchronously (closed sockets report once their close callback ran).
      const deadline = Date.now() + timeoutMs;
      do {
        await new Promise((resolve) => setImmediate(resolve));
      } while (live.size > 0 && Date.now() < deadline);
      return [...live.values()];
    },
    stop: () => hook.disable(),
  };
}
