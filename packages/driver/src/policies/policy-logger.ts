/**
 * The logging seam of the policies: the few policies that warn (DC inference, clock drift) write
 * through a logger the cluster injects.
 *
 * @packageDocumentation
 */

/**
 * Where policies send their warnings. `console` fits, and so does any logger with a `warn` method.
 *
 * @example
 * ```ts
 * const policy = new DCAwareRoundRobinPolicy({ logger: { warn: (m) => myLog.warning(m) } });
 * ```
 */
export interface PolicyLogger {
  /** Records a warning: something works, but probably not as the user intended. */
  warn(message: string): void;
}

/** The default logger: writes warnings to `console.warn`, prefixed with `cqlkit:`. */
export const consolePolicyLogger: PolicyLogger = {
  warn(message: string): void {
    console.warn(`cqlkit: ${message}`);
  },
};
