import { nextTick } from 'node:process';
import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import { ByteWriter } from '../binary/byte-writer';
import type { BodyCompressor, SegmentCompressor } from '../protocol/compression';
import { beginEnvelope, endEnvelope, type RequestMessage } from '../protocol/envelope';
import { EnvelopeFlag, ProtocolVersion } from '../protocol/opcodes';
import { SEGMENT_TRAILER_LENGTH } from '../protocol/segment';
import { SegmentEncoder } from '../protocol/segment-encoder';

/**
 * The outbound half of a connection: queues request frames and writes everything queued in one
 * tick with **one** `socket.write`, encoding straight into one growing buffer (v5: envelopes are
 * then packed into segments). That buffer is encoded into again by the next flush when the socket
 * took the last write whole and synchronously (the bytes are in the kernel); otherwise the next
 * flush takes a new one. Stops writing while the socket's buffer is full (`write` returned false)
 * and resumes on `'drain'`.
 *
 * @packageDocumentation
 */

/** A request waiting to be written. @internal */
export interface QueuedFrame {
  readonly stream: number;
  readonly message: RequestMessage;
  /** Set when the request was aborted before being written: the writer drops it. */
  skip: boolean;
  /** Set by the writer once the frame was handed to the socket. */
  written: boolean;
  /** Called when encoding the message threw; the frame is not sent. */
  encodeFailed(error: unknown): void;
}

/**
 * A single write is cut after this many bytes; the rest follows after I/O had a turn (or on
 * `'drain'`). Large enough that normal ticks produce one write.
 */
const MAX_WRITE_BYTES = 2 * 1024 * 1024;

/** Buffers sized by the last write, or kept for reuse, stay below this (memory after a big request). */
const RETAINED_BUFFER_LIMIT = 256 * 1024;

/** Bodies shorter than this are not worth compressing (v3/v4). */
const MIN_COMPRESSED_BODY = 128;

/** Framing mode of the writer. */
type Framing =
  | { readonly kind: 'envelopes'; readonly compressor: BodyCompressor | null }
  | { readonly kind: 'segments'; readonly encoder: SegmentEncoder };

/**
 * Coalescing, backpressure-aware writer of request frames.
 *
 * @internal
 */
export class FrameWriter {
  private queue: QueuedFrame[] = [];
  private head = 0;
  private scheduled = false;
  private blocked = false;
  private stopped = false;
  private framing: Framing = { kind: 'envelopes', compressor: null };
  /**
   * Envelopes are encoded here (v5: after room for a segment header). v3/v4, and v5 framed in
   * place, hand its bytes to the socket as they are; see {@link FrameWriter.keepOrReplaceBuffer}.
   */
  private encoded = new RewindableWriter(1024);
  /** Whether the last flush handed {@link FrameWriter.encoded}'s own bytes to the socket. */
  private encodedHandedOver = false;
  private readonly envelopeEnds: number[] = [];
  /** v3/v4 with compression: one body is encoded here, then compressed into the output. */
  private bodyScratch: ByteWriter | undefined;
  /** Number of `socket.write` calls (for tests and metrics). */
  writeCount = 0;
  /**
   * Whether EXECUTEs carry result metadata ids: v5, or v4 once ScyllaDB's
   * `SCYLLA_USE_METADATA_ID` is accepted in STARTUP (set by the connection).
   */
  resultMetadataIds: boolean;

  constructor(
    private readonly socket: Socket,
    private readonly version: ProtocolVersion,
  ) {
    this.resultMetadataIds = version >= 5;
    socket.on('drain', () => {
      this.blocked = false;
      this.schedule();
    });
  }

  /** Whether the socket refused more data and the writer waits for `'drain'`. */
  get isBlocked(): boolean {
    return this.blocked;
  }

  /** v3/v4: compress bodies from now on (set after the STARTUP response). */
  useBodyCompression(compressor: BodyCompressor | null): void {
    this.framing = { kind: 'envelopes', compressor };
  }

  /** v5: frame everything in segments from now on (set when READY/AUTHENTICATE arrives). */
  useSegments(compressor: SegmentCompressor | null): void {
    this.framing = { kind: 'segments', encoder: new SegmentEncoder(compressor) };
  }

  /** Queues a frame; it is written at the end of the current tick. */
  enqueue(frame: QueuedFrame): void {
    this.queue.push(frame);
    this.schedule();
  }

  /** Drops everything queued (the connection is closing). */
  stop(): void {
    this.stopped = true;
    this.queue = [];
    this.head = 0;
  }

  private schedule(): void {
    if (this.scheduled || this.blocked || this.stopped || this.head === this.queue.length) return;
    this.scheduled = true;
    nextTick(this.flushNow);
  }

  /** {@link FrameWriter.flush} bound once (not a closure per tick). */
  private readonly flushNow = (): void => this.flush();

  private readonly scheduleNow = (): void => this.schedule();

  private flush(): void {
    this.scheduled = false;
    if (this.blocked || this.stopped) return;
    const framing = this.framing;
    const out = framing.kind === 'segments' ? this.encodeSegments(framing.encoder) : this.encodeEnvelopes();
    if (out === undefined) return;
    this.writeCount++;
    const ok = this.socket.write(out);
    // Nothing left in Node's or libuv's queues: the socket wrote every byte synchronously.
    this.keepOrReplaceBuffer(ok && this.socket.writableLength === 0, out.length);
    if (!ok) {
      this.blocked = true;
      return;
    }
    if (this.head < this.queue.length) setImmediate(this.scheduleNow);
  }

  /**
   * Takes frames off the queue until the write budget is used, encoding each into `out` (and,
   * with `ends`, recording where each envelope ends). Returns how many were encoded; those are
   * marked written (the caller hands the bytes to the socket right away).
   */
  private drainQueue(out: RewindableWriter, ends: number[] | undefined): number {
    const compressor = this.framing.kind === 'envelopes' ? this.framing.compressor : null;
    const queue = this.queue;
    let taken = 0;
    while (this.head < queue.length && out.writer.length < MAX_WRITE_BYTES) {
      const frame = queue[this.head++] as QueuedFrame;
      if (frame.skip) continue;
      const before = out.writer.length;
      try {
        if (compressor) this.writeCompressedEnvelope(out.writer, frame, compressor);
        else this.writeEnvelope(out.writer, frame);
      } catch (error) {
        out.truncate(before);
        frame.encodeFailed(error);
        continue;
      }
      frame.written = true;
      ends?.push(out.writer.length);
      taken++;
    }
    if (this.head === queue.length) {
      this.queue = [];
      this.head = 0;
    }
    return taken;
  }

  /** v3/v4: the envelopes, back to back, go to the socket as they are. */
  private encodeEnvelopes(): Buffer | undefined {
    const out = this.encoded;
    out.writer.reset();
    if (this.drainQueue(out, undefined) === 0) return undefined;
    this.encodedHandedOver = true;
    return out.writer.finish();
  }

  /**
   * v5: envelopes are encoded after room for a segment header. When they are sent as one
   * uncompressed segment, its header and CRC are written around them and that buffer goes to the
   * socket as it is (no copy); a compressed segment, or several, are framed into a new buffer.
   */
  private encodeSegments(encoder: SegmentEncoder): Buffer | undefined {
    const scratch = this.encoded;
    scratch.writer.reset();
    scratch.writer.reserve(encoder.headerRoom);
    this.envelopeEnds.length = 0;
    if (this.drainQueue(scratch, this.envelopeEnds) === 0) return undefined;
    scratch.writer.reserve(SEGMENT_TRAILER_LENGTH);
    const data = scratch.writer.finish();
    const out = encoder.encodeInPlace(data, this.envelopeEnds);
    this.encodedHandedOver = out.buffer === data.buffer && out.byteOffset === data.byteOffset;
    return out;
  }

  /**
   * After a write of `written` bytes: {@link FrameWriter.encoded} is encoded into again unless
   * its bytes went to a socket that did not take them whole and synchronously (`wroteThrough`
   * false: Node or libuv still holds them and reads them later), or it grew past
   * {@link RETAINED_BUFFER_LIMIT}. A new one is sized for a write like this one, with a quarter
   * to spare.
   */
  private keepOrReplaceBuffer(wroteThrough: boolean, written: number): void {
    const handedOver = this.encodedHandedOver;
    this.encodedHandedOver = false;
    if ((handedOver && !wroteThrough) || this.encoded.writer.capacity > RETAINED_BUFFER_LIMIT) {
      this.encoded = new RewindableWriter(
        Math.min(RETAINED_BUFFER_LIMIT, Math.max(1024, written + (written >>> 2))),
      );
    }
  }

  /** Header (length patched afterwards) and body, straight into `w`. */
  private writeEnvelope(w: ByteWriter, frame: QueuedFrame): void {
    const message = frame.message;
    const start = beginEnvelope(w, 'request', this.version, message.flags ?? 0, frame.stream, message.opcode);
    message.encodeBody(w, this.version, this.resultMetadataIds);
    endEnvelope(w, start);
  }

  private writeCompressedEnvelope(w: ByteWriter, frame: QueuedFrame, compressor: BodyCompressor): void {
    const scratch = (this.bodyScratch ??= new ByteWriter(1024));
    scratch.reset();
    frame.message.encodeBody(scratch, this.version, this.resultMetadataIds);
    const body = scratch.finish();
    const compressed = body.length >= MIN_COMPRESSED_BODY ? compressor.compressBody(body) : null;
    const flags = (frame.message.flags ?? 0) | (compressed ? EnvelopeFlag.COMPRESSED : 0);
    const start = beginEnvelope(w, 'request', this.version, flags, frame.stream, frame.message.opcode);
    w.writeRaw(compressed ?? body);
    endEnvelope(w, start);
    if (body.length > RETAINED_BUFFER_LIMIT) this.bodyScratch = undefined;
  }
}

/**
 * A {@link ByteWriter} that can be cut back to an earlier length, used when a message fails to
 * encode halfway through a coalesced buffer. ByteWriter has no truncation, so the rare failure
 * path copies the bytes kept into a fresh writer.
 */
class RewindableWriter {
  writer: ByteWriter;

  constructor(capacity: number) {
    this.writer = new ByteWriter(capacity);
  }

  truncate(length: number): void {
    if (this.writer.length === length) return;
    const kept = this.writer.finish().subarray(0, length);
    const replacement = new ByteWriter(Math.max(1024, length * 2));
    replacement.writeRaw(kept);
    this.writer = replacement;
  }
}
