/**
 * Codecs of `list` (↔ array), `set` (↔ array or Set) and `map` (↔ Map): an `[int]` count then
 * each element (each key and value for maps) as `[bytes]`.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import type { ByteWriter } from '../../binary/byte-writer';
import type { ListDataType, MapDataType, SetDataType } from '../data-type';
import { ValueEncodingError } from '../value-encoding-error';
import { BaseCodec, writeElement, type Codec } from './codec';
import { readElementCount, readElementLength } from './decode-bounds';
import { isTextType } from './expected-type-description';

/**
 * `list<T>` (arrays) and `set<T>` (arrays or Sets; decoded to arrays unless `asSet`). Null
 * elements are written as null; the server decides whether it accepts them.
 *
 * @internal
 */
export class ListOrSetCodec extends BaseCodec<unknown[] | Set<unknown>> {
  constructor(
    type: ListDataType | SetDataType,
    private readonly element: Codec,
    private readonly asSet: boolean,
  ) {
    super(type, 64);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    let items: Iterable<unknown>;
    let count: number;
    if (Array.isArray(value)) {
      items = value;
      count = value.length;
    } else if (value instanceof Set && this.type.kind === 'set') {
      items = value;
      count = value.size;
    } else {
      throw this.invalid(value);
    }
    writer.writeInt(count);
    let index = 0;
    for (const item of items) {
      try {
        writeElement(writer, this.element, item);
      } catch (e) {
        throw e instanceof ValueEncodingError ? e.atIndex(index) : e;
      }
      index++;
    }
  }

  decode(buf: Buffer, offset: number, length: number): unknown[] | Set<unknown> | null {
    if (length === 0) return null;
    const end = offset + length;
    const count = readElementCount(buf, offset, end, this.cqlType);
    const out = new Array<unknown>(count);
    let pos = offset + 4;
    for (let i = 0; i < count; i++) {
      const n = readElementLength(buf, pos, end, this.cqlType);
      pos += 4;
      if (n < 0) {
        out[i] = null;
      } else {
        out[i] = this.element.decode(buf, pos, n);
        pos += n;
      }
    }
    return this.asSet ? new Set(out) : out;
  }
}

/**
 * `map<K, V>`: Map in and out; plain objects are accepted too when the keys are text or ascii.
 *
 * @internal
 */
export class MapCodec extends BaseCodec<Map<unknown, unknown>> {
  private readonly textKeys: boolean;

  constructor(
    type: MapDataType,
    private readonly key: Codec,
    private readonly value: Codec,
  ) {
    super(type, 64);
    this.textKeys = isTextType(type.key);
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    let entries: Iterable<readonly [unknown, unknown]>;
    let count: number;
    if (value instanceof Map) {
      entries = value.entries();
      count = value.size;
    } else if (this.textKeys && isPlainObject(value)) {
      const list = Object.entries(value);
      entries = list;
      count = list.length;
    } else {
      throw this.invalid(value);
    }
    writer.writeInt(count);
    let index = 0;
    for (const [k, v] of entries) {
      try {
        if (k === null || k === undefined) throw this.invalid(k, 'a map key cannot be null');
        writeElement(writer, this.key, k);
      } catch (e) {
        throw e instanceof ValueEncodingError ? e.atMapKey(index) : e;
      }
      try {
        writeElement(writer, this.value, v);
      } catch (e) {
        throw e instanceof ValueEncodingError ? e.atMapValue(k) : e;
      }
      index++;
    }
  }

  decode(buf: Buffer, offset: number, length: number): Map<unknown, unknown> | null {
    if (length === 0) return null;
    const end = offset + length;
    const count = readElementCount(buf, offset, end, this.cqlType);
    const out = new Map<unknown, unknown>();
    let pos = offset + 4;
    for (let i = 0; i < count; i++) {
      const kn = readElementLength(buf, pos, end, this.cqlType);
      pos += 4;
      const k = kn < 0 ? null : this.key.decode(buf, pos, kn);
      if (kn > 0) pos += kn;
      const vn = readElementLength(buf, pos, end, this.cqlType);
      pos += 4;
      const v = vn < 0 ? null : this.value.decode(buf, pos, vn);
      if (vn > 0) pos += vn;
      out.set(k, v);
    }
    return out;
  }
}

/**
 * Whether `value` is an object literal (or `Object.create(null)`), not a class instance.
 *
 * @internal
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
