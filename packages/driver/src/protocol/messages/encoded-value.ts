/**
 * Already-encoded bound values as requests carry them: bytes, `null`, or the `unset` sentinel of
 * `types/unset` (protocol v4+, written as a `[value]` of length −2).
 *
 * @packageDocumentation
 */
import { InvalidOptionsError } from '../../errors';
import type { ByteWriter } from '../byte-writer';
import type { ProtocolVersion } from '../opcodes';
import { type Unset, unset } from '../../types/unset';
import { SHORT_MAX } from './request-option-checks';

/** One bound value in its wire form: serialized bytes, `null` (CQL null) or `unset` (v4+). */
export type EncodedValue = Uint8Array | null | Unset;

/**
 * Writes one `[value]`.
 *
 * @param index position of the value, for the error message
 * @throws InvalidOptionsError for `unset` on protocol v3, which has no unset values.
 */
export function writeValue(
  w: ByteWriter,
  value: EncodedValue,
  version: ProtocolVersion,
  index: number,
): void {
  if (value === unset) {
    if (version < 4) {
      throw new InvalidOptionsError(
        `value #${index} is unset, but unset values require protocol v4 or later (the connection uses v${version}); bind null or a value instead`,
      );
    }
    w.writeUnset();
    return;
  }
  w.writeBytes(value);
}

/**
 * Writes `[short] n` followed by n `[value]`s, each preceded by its `[string]` name when `names`
 * is given.
 *
 * @throws InvalidOptionsError for more than 65535 values, a names list of another length, or
 * `unset` on v3.
 */
export function writeValueList(
  w: ByteWriter,
  values: readonly EncodedValue[],
  names: readonly string[] | undefined,
  version: ProtocolVersion,
): void {
  const n = values.length;
  if (n > SHORT_MAX) {
    throw new InvalidOptionsError(`${n} bound values exceed the protocol limit of ${SHORT_MAX}`);
  }
  w.writeShort(n);
  if (names === undefined) {
    for (let i = 0; i < n; i++) writeValue(w, values[i] as EncodedValue, version, i);
    return;
  }
  if (names.length !== n) {
    throw new InvalidOptionsError(`option 'names' has ${names.length} names for ${n} values`);
  }
  for (let i = 0; i < n; i++) {
    w.writeString(names[i] as string);
    writeValue(w, values[i] as EncodedValue, version, i);
  }
}
