/**
 * Already-encoded bound values as requests carry them: bytes, `null`, or the `unset` sentinel of
 * `types/unset` (protocol v4+, written as a `[value]` of length −2).
 *
 * @packageDocumentation
 */
import { InvalidOptionsError } from '../../errors';
import type { ByteWriter } from '../../binary/byte-writer';
import type { ProtocolVersion } from '../opcodes';
import { type Unset, unset } from '../../types/unset';
import { EncodedValueList, unsetBeforeV4 } from './encoded-value-list';
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
    if (version < 4) throw unsetBeforeV4(index, version);
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
  values: readonly EncodedValue[] | EncodedValueList,
  names: readonly string[] | undefined,
  version: ProtocolVersion,
): void {
  const n = values.length;
  if (n > SHORT_MAX) {
    throw new InvalidOptionsError(`${n} bound values exceed the protocol limit of ${SHORT_MAX}`);
  }
  if (values instanceof EncodedValueList) {
    writeSerializedList(w, values, names, version);
    return;
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

/** {@link writeValueList} for values serialized up front: one copy (names interleaved if given). */
function writeSerializedList(
  w: ByteWriter,
  values: EncodedValueList,
  names: readonly string[] | undefined,
  version: ProtocolVersion,
): void {
  const n = values.length;
  if (version < 4 && values.hasUnset) throw unsetBeforeV4(values.firstUnset(), version);
  w.writeShort(n);
  if (names === undefined) {
    w.writeRawRange(values.source, values.start, values.end);
    return;
  }
  if (names.length !== n) {
    throw new InvalidOptionsError(`option 'names' has ${names.length} names for ${n} values`);
  }
  for (let i = 0; i < n; i++) {
    const [start, end] = values.rangeOf(i);
    w.writeString(names[i] as string);
    w.writeRawRange(values.source, start, end);
  }
}
