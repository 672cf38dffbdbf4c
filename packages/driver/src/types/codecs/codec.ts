/**
 * The codec contract: one object per CQL type that turns JavaScript values into the bytes of a
 * `[value]` and back.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { ProtocolDecodeError } from '../../errors';
import { ByteWriter } from '../../binary/byte-writer';
import { dataTypeToString, type DataType } from '../data-type';
import { describeValue, ValueEncodingError } from '../value-encoding-error';
import { describeExpectedType } from './expected-type-description';

/**
 * Encodes and decodes the values of one CQL type. Obtain codecs with {@link codecFor}; they are
 * immutable and cached, so get one per type and reuse it.
 *
 * Null handling belongs to the caller: a `null`/`undefined` bind value is written as a `[value]`
 * of length −1 and {@link unset} as −2 without calling the codec, and a negative length read from
 * the wire means null without calling `decode`. Inside collections, tuples and UDTs the codecs
 * write and read nulls themselves.
 *
 * @example
 * ```ts
 * const codec = codecFor({ kind: 'list', element: { kind: 'int' } });
 * const bytes = codec.encode([1, 2, 3]);
 * codec.decode(bytes, 0, bytes.length); // [1, 2, 3]
 * ```
 */
export interface Codec<T = unknown> {
  /** The CQL type this codec handles. */
  readonly type: DataType;
  /** CQL text of {@link Codec.type}, e.g. `map<text, int>`. */
  readonly cqlType: string;
  /**
   * The bytes of `value` (without the `[value]` length prefix).
   *
   * @throws ValueEncodingError when `value` does not fit the type (including `null`, `undefined`
   * and {@link unset}, which the caller writes itself).
   */
  encode(value: unknown): Buffer;
  /**
   * Appends the bytes of `value` to `writer` (no length prefix); same rules as {@link Codec.encode}.
   * The driver's own encoding path (the writer is internal).
   *
   * @internal
   */
  encodeTo(writer: ByteWriter, value: unknown): void;
  /**
   * Decodes the `length` bytes at `offset` of `buf` in place (no slicing). A zero-length value of
   * a type other than text, ascii, blob and custom types decodes to `null` (Cassandra's legacy
   * "empty" values).
   *
   * @throws ProtocolDecodeError when the bytes are malformed.
   */
  decode(buf: Buffer, offset: number, length: number): T | null;
}

/**
 * Options that change how values are decoded. Codecs are cached per options object: reuse the
 * same object (typically one per client) rather than building a new one per call.
 *
 * @example
 * ```ts
 * const options: CodecOptions = { int64As: 'bigint', setsAs: 'set' };
 * codecFor({ kind: 'bigint' }, options).decode(buf, 0, 8); // 42n
 * ```
 */
export interface CodecOptions {
  /**
   * What 64-bit integers (`bigint`, `counter`) decode to: `Long` from the `long` package
   * (default) or native `bigint`. Encoding accepts both, plus safe-integer numbers.
   */
  readonly int64As?: 'long' | 'bigint';
  /** What sets decode to: arrays (default) or `Set`s. Encoding accepts both. */
  readonly setsAs?: 'array' | 'set';
  /**
   * The class bound to a user-defined type (see {@link UserTypeBinding}), or `undefined` (or no
   * callback) to decode UDTs to plain objects. Consulted at every encode/decode, so bindings
   * registered later take effect without rebuilding codecs.
   */
  readonly userTypeFor?: (keyspace: string, name: string) => UserTypeBinding | undefined;
}

/**
 * A class bound to a user-defined type (`cluster.registerUserType`): decoded values are instances
 * of `ctor` (created without arguments, then assigned field by field), and instances of `ctor`
 * bind as values of the type.
 *
 * @example
 * ```ts
 * class Address { street?: string; zipCode?: number }
 * const binding: UserTypeBinding = { ctor: Address, properties: { zip_code: 'zipCode' } };
 * ```
 */
export interface UserTypeBinding {
  /** The class. */
  readonly ctor: new () => object;
  /** CQL field name → property name; fields not listed use their own name. */
  readonly properties?: Readonly<Record<string, string>>;
}

/**
 * {@link BaseCodec.encode} encodes into this shared writer, then copies the bytes out into an
 * exactly sized buffer: one allocation per value instead of a writer, its buffer and a view.
 * Encoding is synchronous, so one writer serves every codec; `scratchBusy` detects re-entry.
 */
let scratch: ByteWriter | undefined;
let scratchBusy = false;
const SCRATCH_CAPACITY = 256;
/** A scratch writer grown past this by a big value is dropped rather than kept. */
const SCRATCH_RETAINED_LIMIT = 64 * 1024;

/**
 * Shared plumbing for codecs: the `encode` wrapper and error construction.
 *
 * @internal
 */
export abstract class BaseCodec<T> implements Codec<T> {
  readonly cqlType: string;

  constructor(
    readonly type: DataType,
    /** Initial writer capacity for {@link BaseCodec.encode}; the exact size for fixed-length types. */
    private readonly sizeHint = 32,
  ) {
    this.cqlType = dataTypeToString(type);
  }

  encode(value: unknown): Buffer {
    if (scratchBusy) {
      // encode() called from inside an encodeTo (a vector's elements): a writer of its own.
      const writer = new ByteWriter(this.sizeHint);
      this.encodeTo(writer, value);
      return writer.finish();
    }
    const writer = (scratch ??= new ByteWriter(SCRATCH_CAPACITY));
    writer.reset();
    scratchBusy = true;
    try {
      this.encodeTo(writer, value);
    } finally {
      scratchBusy = false;
    }
    const out = writer.copyOut();
    if (writer.capacity > SCRATCH_RETAINED_LIMIT) scratch = undefined;
    return out;
  }

  abstract encodeTo(writer: ByteWriter, value: unknown): void;

  abstract decode(buf: Buffer, offset: number, length: number): T | null;

  /** The error for a `value` that does not fit this codec's type. */
  protected invalid(value: unknown, reason?: string): ValueEncodingError {
    return new ValueEncodingError(this.cqlType, describeValue(value), {
      expectedDescription: describeExpectedType(this.type),
      ...(reason !== undefined ? { reason } : {}),
    });
  }

  /** Checks the length of a fixed-size value; `false` for an empty (null) value. */
  protected fixedLength(length: number, expected: number): boolean {
    if (length === expected) return true;
    if (length === 0) return false;
    throw new ProtocolDecodeError(`invalid ${this.cqlType} value: ${length} bytes, expected ${expected}`);
  }
}

/**
 * Writes one `[bytes]` element of a collection, tuple or UDT: `[int]` length then the value, or
 * length −1 for `null`/`undefined`.
 *
 * @internal
 */
export function writeElement(writer: ByteWriter, codec: Codec, value: unknown): void {
  if (value === null || value === undefined) {
    writer.writeInt(-1);
    return;
  }
  const at = writer.reserve(4);
  const start = writer.length;
  codec.encodeTo(writer, value);
  writer.patchInt(at, writer.length - start);
}
