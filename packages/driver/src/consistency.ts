/**
 * Consistency levels as numbered by the native protocol.
 *
 * @example
 * ```ts
 * await session.execute('SELECT * FROM users WHERE id = ?', [id], { consistency: Consistency.LOCAL_QUORUM });
 * ```
 */
export const Consistency = {
  ANY: 0x0000,
  ONE: 0x0001,
  TWO: 0x0002,
  THREE: 0x0003,
  QUORUM: 0x0004,
  ALL: 0x0005,
  LOCAL_QUORUM: 0x0006,
  EACH_QUORUM: 0x0007,
  SERIAL: 0x0008,
  LOCAL_SERIAL: 0x0009,
  LOCAL_ONE: 0x000a,
} as const;

/** A consistency level code (a value of {@link Consistency}). */
export type Consistency = (typeof Consistency)[keyof typeof Consistency];

/** The name of a consistency level (`'LOCAL_QUORUM'`, …). */
export type ConsistencyName = keyof typeof Consistency;

const NAMES: ReadonlyMap<number, ConsistencyName> = new Map(
  (Object.keys(Consistency) as ConsistencyName[]).map((k) => [Consistency[k], k]),
);

/**
 * The name of a consistency code, or `UNKNOWN(0x..)` for a code this driver does not know.
 *
 * @example
 * ```ts
 * consistencyName(Consistency.QUORUM); // 'QUORUM'
 * ```
 */
export function consistencyName(code: number): string {
  return NAMES.get(code) ?? `UNKNOWN(0x${code.toString(16)})`;
}

/** True for SERIAL and LOCAL_SERIAL. */
export function isSerialConsistency(code: number): boolean {
  return code === Consistency.SERIAL || code === Consistency.LOCAL_SERIAL;
}
