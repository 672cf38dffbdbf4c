/**
 * Which timers and sockets the driver itself created and has not released yet, for the tests that
 * check that `shutdown()` leaves nothing behind.
 *
 * Counting `process.getActiveResourcesInfo()` before and after is not enough: it also counts the
 * test runner's own timers (Jest's progress reporter re-arms one while a file runs in band), so
 * the count went up now and then with nothing leaked. This tracker records, through async hooks,
 * only the `Timeout`, `TCPWRAP` and `TCPSERVERWRAP` handles the driver created, and forgets each
 * one when it is destroyed. A handle is the driver's when its creation stack passes through the
 * driver's sources, or when it was created by something the driver set going whose own stack is
 * native: a server's listening handle is opened in a `process.nextTick` (or DNS lookup) scheduled
 * by `server.listen(host)`, and an accepted socket is created by the listening handle.
 */
import { createHook } from 'node:async_hooks';
import * as path from 'node:path';

const DRIVER_SOURCES = `${path.sep}packages${path.sep}driver${path.sep}src${path.sep}`;
const TRACKED = new Set(['Timeout', 'TCPWRAP', 'TCPSERVERWRAP']);
/** Resources that run a callback later: what they create belongs to whoever scheduled them. */
const RELAYS = new Set(['TickObject', 'GETADDRINFOREQWRAP']);

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
  /** Ticks and lookups the driver scheduled, by async id: where they were scheduled. */
  const relays = new Map<number, string>();
  const hook = createHook({
    init(asyncId, type, triggerAsyncId) {
      const relay = RELAYS.has(type);
      if (!relay && !TRACKED.has(type)) return;
      const parent = live.get(triggerAsyncId);
      if (TRACKED.has(type) && parent?.startsWith('TCPSERVERWRAP')) {
        live.set(asyncId, `${type} accepted by ${parent}`);
        return;
      }
      const scheduledBy = relays.get(triggerAsyncId);
      const where = scheduledBy ?? driverFrame();
      if (where === undefined) return;
      if (relay) relays.set(asyncId, where);
      else live.set(asyncId, `${type} ${where}`);
    },
    destroy(asyncId) {
      live.delete(asyncId);
      relays.delete(asyncId);
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

/** The innermost frame of the current stack in the driver's sources, if any. */
function driverFrame(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack
    .split('\n')
    .find((line) => line.includes(DRIVER_SOURCES))
    ?.trim();
}
