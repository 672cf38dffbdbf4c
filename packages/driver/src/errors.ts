/**
 * The cqlkit error hierarchy. Every server error code and every client-side failure has its own
 * class carrying its fields, so callers can `instanceof`-check exactly what happened.
 *
 * ```
 * DriverError
 * ├── ProtocolDecodeError      server data that does not follow the protocol
 * └── …                        (server errors, connection errors, timeouts — see below)
 * ```
 *
 * @example
 * ```ts
 * try {
 *   await session.execute('SELECT * FROM ks.t');
 * } catch (e) {
 *   if (e instanceof ProtocolDecodeError) console.error('bad frame from server', e.message);
 * }
 * ```
 * @packageDocumentation
 */

/** Root of every error raised by cqlkit (value-encoding errors excepted, which are `TypeError`s). */
export class DriverError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Data received from a server could not be decoded: a truncated or malformed frame, segment,
 * message body or value. The connection that produced it is no longer trustworthy and is closed.
 */
export class ProtocolDecodeError extends DriverError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
