/**
 * Bound values serialized once into a single buffer, in their wire form: `n` × `[value]`
 * (`[int]` length then the bytes; −1 for null, −2 for unset). Compared with one `Buffer` per
 * value, binding a statement costs one allocation instead of one per value (a `Buffer` object is
 * ~100 bytes of heap and tens of nanoseconds to create), and writing the values into a request is
 * one copy.
 *
 * @packageDocumentation
 */
import { Buffer } from 'node:buffer';
import { InvalidOptionsError } from '../../errors';
import type { Codec } from '../../types/codecs/codec';
import { type Unset, unset } from '../../types/unset';
import { ByteWriter } from '../../binary/byte-writer';
import { int32At } from '../../binary/byte-reader';

/**
 * Immutable serialized bound values; build it with {@link EncodedValueListBuilder}.
 *
 * @example
 * ```ts
 * const builder = EncodedValueListBuilder.start();
 * builder.add(codecFor({ kind: 'int' }), 42);
 * builder.addNull();
 * const values = builder.finish(); // values.length === 2
 * new ExecuteMessage(id, undefined, { consistency: Consistency.ONE, values });
 * ```
 */
export class EncodedValueList {
  /**
   * The buffer holding the values (a slab shared with other lists): they are
   * `source[start, end)`. Kept as a range rather than a `Buffer` view, which costs every bound
   * statement ~0.1 KB and a `subarray` call. @internal
   */
  readonly source: Buffer;
  /** @internal */
  readonly start: number;
  /** @internal */
  readonly end: number;
  /** Number of values. */
  readonly length: number;
  /** Whether some value is `unset` (not allowed on protocol v3). */
  readonly hasUnset: boolean;

  /** @internal */
  constructor(source: Buffer, start: number, end: number, length: number, hasUnset: boolean) {
    this.source = source;
    this.start = start;
    this.end = end;
    this.length = length;
    this.hasUnset = hasUnset;
  }

  /** The `[value]`s back to back (without the `[short]` count): a view, created on each read. */
  get bytes(): Buffer {
    return this.source.subarray(this.start, this.end);
  }

  /**
   * Offset in {@link EncodedValueList.source} of value `index`'s `[int]` length (its bytes follow;
   * a negative length is null or unset). For `0 ≤ index < length`.
   */
  startOf(index: number): number {
    const b = this.source;
    let at = this.start;
    for (let i = 0; i < index; i++) {
      const len = int32At(b, at);
      at += 4 + (len > 0 ? len : 0);
    }
    return at;
  }

  /**
   * Value `index` (0-based): its bytes (a view of {@link EncodedValueList.source}), `null` or
   * {@link unset}. `undefined` past the end.
   */
  valueAt(index: number): Uint8Array | null | Unset | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const at = this.startOf(index);
    const len = int32At(this.source, at);
    if (len === -1) return null;
    if (len === -2) return unset;
    return this.source.subarray(at + 4, at + 4 + len);
  }

  /** Bounds `[start, end)` in {@link EncodedValueList.source} of the whole `[value]` at `index`. @internal */
  rangeOf(index: number): [number, number] {
    const start = this.startOf(index);
    const len = int32At(this.source, start);
    return [start, start + 4 + (len > 0 ? len : 0)];
  }

  /** Index of the first unset value, −1 if none. @internal */
  firstUnset(): number {
    if (!this.hasUnset) return -1;
    for (let i = 0; i < this.length; i++) if (this.valueAt(i) === unset) return i;
    return -1;
  }
}

/**
 * Lists are carved from shared slabs, as `Buffer.allocUnsafe` carves small buffers from its pool:
 * each list is a view of the slab bytes it was encoded into — no copy, no allocation of its own.
 * A slab is never written twice; a list keeps its slab alive, so slabs stay small.
 */
const SLAB_SIZE = 16 * 1024;
/** A new slab is started when less than this is left (so that ordinary lists never overflow one). */
const MIN_FREE = 2 * 1024;
const PRIVATE_CAPACITY = 512;

let slab: ByteWriter | undefined;
let slabBusy = false;
/** The builder of lists on the slab (one list at a time: see {@link EncodedValueListBuilder.start}). */
let slabBuilder: EncodedValueListBuilder | undefined;

/**
 * Serializes bound values one after the other, then hands them over as an
 * {@link EncodedValueList}. Building is synchronous: start, add every value, finish (or abandon
 * after an error). A builder started while another one is building (a codec that binds values
 * itself) writes to a writer of its own.
 */
export class EncodedValueListBuilder {
  private count = 0;
  private hasUnset = false;

  private constructor(
    private writer: ByteWriter,
    /** Where this list starts in the writer. */
    private start: number,
    private readonly shared: boolean,
  ) {}

  /**
   * A builder over the shared slab (or a private writer if the slab is in use). The slab's
   * builder is one object, reused: only one list is built on the slab at a time.
   */
  static start(): EncodedValueListBuilder {
    if (slabBusy) return new EncodedValueListBuilder(new ByteWriter(PRIVATE_CAPACITY), 0, false);
    let writer = slab;
    if (writer === undefined || writer.capacity - writer.length < MIN_FREE) {
      writer = slab = new ByteWriter(SLAB_SIZE);
    }
    slabBusy = true;
    const builder = (slabBuilder ??= new EncodedValueListBuilder(writer, 0, true));
    builder.writer = writer;
    builder.start = writer.length;
    builder.count = 0;
    builder.hasUnset = false;
    return builder;
  }

  /**
   * Appends `value` encoded by `codec` (not null, undefined or unset: use the other methods).
   * Throws what the codec throws; the builder must then be abandoned with {@link abandon}.
   */
  add(codec: Codec, value: unknown): void {
    const w = this.writer;
    const at = w.reserve(4);
    codec.encodeTo(w, value);
    w.patchInt(at, w.length - at - 4);
    this.count++;
  }

  /** Appends already serialized bytes. */
  addBytes(bytes: Uint8Array): void {
    this.writer.writeBytes(bytes);
    this.count++;
  }

  /** Appends a null value. */
  addNull(): void {
    this.writer.writeInt(-1);
    this.count++;
  }

  /** Appends an unset value (protocol v4+). */
  addUnset(): void {
    this.writer.writeInt(-2);
    this.hasUnset = true;
    this.count++;
  }

  /** The values added; releases the shared slab. */
  finish(): EncodedValueList {
    const w = this.writer;
    let list: EncodedValueList;
    if (!this.shared) {
      const bytes = w.copyOut();
      list = new EncodedValueList(bytes, 0, bytes.length, this.count, this.hasUnset);
    } else if (w.capacity > SLAB_SIZE) {
      // The list outgrew the slab (the writer grew into a larger buffer, copying the slab's
      // earlier bytes): copy it out exactly rather than keep that buffer, and start a new slab.
      const bytes = w.copyRange(this.start, w.length);
      list = new EncodedValueList(bytes, 0, bytes.length, this.count, this.hasUnset);
      slab = undefined;
    } else {
      list = new EncodedValueList(w.backing, this.start, w.length, this.count, this.hasUnset);
    }
    this.release();
    return list;
  }

  /** Gives up (after an encoding error): the slab space is reused; releases the slab. */
  abandon(): void {
    if (this.shared) this.writer.truncate(this.start);
    this.release();
  }

  private release(): void {
    if (this.shared) slabBusy = false;
  }
}

/**
 * Throws the error {@link writeValue} throws for an unset value on protocol v3.
 *
 * @internal
 */
export function unsetBeforeV4(index: number, version: number): InvalidOptionsError {
  return new InvalidOptionsError(
    `value #${index} is unset, but unset values require protocol v4 or later (the connection uses v${version}); bind null or a value instead`,
  );
}
