import { Buffer } from 'node:buffer';
import type { ByteWriter } from '../../binary/byte-writer';
import type { UdtDataType } from '../data-type';
import { ValueEncodingError } from '../value-encoding-error';
import { BaseCodec, writeElement, type Codec, type CodecOptions } from './codec';
import { isPlainObject } from './collection-codecs';
import { readElementLength } from './decode-bounds';

/**
 * A user-defined type: one `[bytes]` per field in declaration order.
 *
 * Encoding reads each field from the property of the same name of any object (a missing or
 * `undefined` property is written as null), or, for an instance of the class bound to the type
 * (`userTypeFor`), from the property the binding maps the field to. Plain objects are checked for
 * properties that are not fields, which are almost always typos; class instances are not, so they
 * may carry other state.
 *
 * Decoding builds a plain object with every declared field (null when absent), or an instance of
 * the bound class with the mapped properties set. A value may stop before the last fields (they are then null)
 * and bytes after the last known field (fields added by `ALTER TYPE` since the metadata was
 * obtained) are ignored.
 *
 * @internal
 */
export class UdtCodec extends BaseCodec<object> {
  private readonly fieldNames: ReadonlySet<string>;

  constructor(
    private readonly udt: UdtDataType,
    private readonly fields: readonly Codec[],
    private readonly userTypeFor: CodecOptions['userTypeFor'],
  ) {
    super(udt, 64);
    this.fieldNames = new Set(udt.fields.map((f) => f.name));
  }

  encodeTo(writer: ByteWriter, value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Map) {
      throw this.invalid(value);
    }
    const record = value as Record<string, unknown>;
    const binding = this.userTypeFor?.(this.udt.keyspace, this.udt.name);
    const properties =
      binding !== undefined && value instanceof binding.ctor ? binding.properties : undefined;
    if (isPlainObject(value)) {
      for (const key of Object.keys(value)) {
        if (!this.fieldNames.has(key)) {
          throw this.invalid(value, `unknown field "${key}" (fields: ${[...this.fieldNames].join(', ')})`);
        }
      }
    }
    const defs = this.udt.fields;
    for (let i = 0; i < defs.length; i++) {
      const name = (defs[i] as { name: string }).name;
      try {
        writeElement(writer, this.fields[i] as Codec, record[properties?.[name] ?? name]);
      } catch (e) {
        throw e instanceof ValueEncodingError ? e.atField(name) : e;
      }
    }
  }

  decode(buf: Buffer, offset: number, length: number): object | null {
    if (length === 0) return null;
    const binding = this.userTypeFor?.(this.udt.keyspace, this.udt.name);
    const out = (binding !== undefined ? new binding.ctor() : {}) as Record<string, unknown>;
    const properties = binding?.properties;
    const end = offset + length;
    const defs = this.udt.fields;
    let pos = offset;
    for (let i = 0; i < defs.length; i++) {
      const field = (defs[i] as { name: string }).name;
      const name = properties?.[field] ?? field;
      if (pos >= end) {
        setField(out, name, null);
        continue;
      }
      const n = readElementLength(buf, pos, end, this.cqlType);
      pos += 4;
      if (n < 0) {
        setField(out, name, null);
      } else {
        setField(out, name, (this.fields[i] as Codec).decode(buf, pos, n));
        pos += n;
      }
    }
    return out;
  }
}

/** Assigns a decoded field; a field named `__proto__` becomes an own property, not the prototype. */
function setField(target: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[name] = value;
  }
}
