/**
 * The inbound byte queue shared by the envelope and segment decoders: socket chunks are kept as
 * they arrive and each byte is copied at most once, when a unit (header, body, payload) spans
 * chunks. A unit inside one chunk is returned as a view, without copying. This avoids the
 * quadratic re-concatenation of large bodies arriving in many chunks.
 *
 * @internal
 */
import { Buffer } from 'node:buffer';

export class ChunkQueue {
  private chunks: Buffer[] = [];
  /** Index of the first unconsumed chunk. */
  private head = 0;
  /** Read position inside `chunks[head]`. */
  private headOffset = 0;
  private size = 0;

  /** Unconsumed bytes. */
  get length(): number {
    return this.size;
  }

  /** Appends a chunk (kept by reference, not copied). */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /**
   * Whether the first `n` unconsumed bytes (`n ≤ length`) sit in one chunk, readable in place at
   * {@link ChunkQueue.frontOffset} of {@link ChunkQueue.frontChunk}.
   */
  frontHas(n: number): boolean {
    return this.headOffset + n <= (this.chunks[this.head] as Buffer).length;
  }

  /** The chunk holding the first unconsumed byte (`length > 0`). */
  get frontChunk(): Buffer {
    return this.chunks[this.head] as Buffer;
  }

  /** Position of the first unconsumed byte in {@link ChunkQueue.frontChunk}. */
  get frontOffset(): number {
    return this.headOffset;
  }

  /** The byte at `index` from the front (`index < length`). */
  byteAt(index: number): number {
    let i = this.head;
    let at = this.headOffset + index;
    while (at >= (this.chunks[i] as Buffer).length) {
      at -= (this.chunks[i] as Buffer).length;
      i++;
    }
    return (this.chunks[i] as Buffer)[at] as number;
  }

  /** The first `n` bytes without consuming them (`n ≤ length`); a view when they sit in one chunk. */
  peek(n: number): Buffer {
    const first = this.chunks[this.head] as Buffer;
    if (this.headOffset + n <= first.length) return first.subarray(this.headOffset, this.headOffset + n);
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    let i = this.head;
    let offset = this.headOffset;
    while (filled < n) {
      const chunk = this.chunks[i] as Buffer;
      const count = Math.min(chunk.length - offset, n - filled);
      chunk.copy(out, filled, offset, offset + count);
      filled += count;
      i++;
      offset = 0;
    }
    return out;
  }

  /** Consumes and returns the first `n` bytes (`n ≤ length`); a view when they sit in one chunk. */
  take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[this.head] as Buffer;
    if (this.headOffset + n <= first.length) {
      const out = first.subarray(this.headOffset, this.headOffset + n);
      this.consume(n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[this.head] as Buffer;
      const count = Math.min(chunk.length - this.headOffset, n - filled);
      chunk.copy(out, filled, this.headOffset, this.headOffset + count);
      filled += count;
      this.consume(count);
    }
    return out;
  }

  /** Discards the first `n` bytes (`n ≤ length`). */
  skip(n: number): void {
    let left = n;
    while (left > 0) {
      const chunk = this.chunks[this.head] as Buffer;
      const count = Math.min(chunk.length - this.headOffset, left);
      this.consume(count);
      left -= count;
    }
  }

  /** Consumes everything, returned as one buffer. */
  takeAll(): Buffer {
    return this.take(this.size);
  }

  private consume(n: number): void {
    this.size -= n;
    this.headOffset += n;
    const chunk = this.chunks[this.head] as Buffer;
    if (this.headOffset < chunk.length) return;
    this.headOffset = 0;
    this.head++;
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head >= 64 && this.head * 2 >= this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }
}
