import { Buffer } from 'node:buffer';
import type * as Lz4Napi from 'lz4-napi';
import { ProtocolDecodeError } from '../errors';
import { BodyCompressor, loadCompressionModule, SegmentCompressor } from './compression';

/**
 * LZ4 for v4 bodies and v5 segments, on top of `lz4-napi`.
 *
 * `lz4-napi` speaks lz4_flex's size-prepended block format: a 4-byte **little-endian**
 * uncompressed length, then the raw LZ4 block. Cassandra uses:
 * - v4 bodies: 4-byte **big-endian** uncompressed length + raw block → the prefix is byte-swapped;
 * - v5 segments: the raw block alone (lengths in the segment header) → the prefix is dropped on
 *   compression and rebuilt before decompression.
 *
 * @packageDocumentation
 */

type Lz4Module = typeof Lz4Napi;

/**
 * LZ4 cannot expand data by more than about 255× (each extra length byte adds at most 255
 * bytes); a declared size above this bound is rejected before anything is allocated.
 */
const MAX_RATIO = 255;
const RATIO_SLACK = 64;

function lz4(): Lz4Module {
  return loadCompressionModule<Lz4Module>('lz4-napi', 'lz4');
}

function reverse4(buf: Buffer): void {
  const b0 = buf[0] as number;
  const b1 = buf[1] as number;
  buf[0] = buf[3] as number;
  buf[1] = buf[2] as number;
  buf[2] = b1;
  buf[3] = b0;
}

/** Decompresses a size-prepended (LE) block, checking the declared size first. */
function decompressPrefixed(prefixed: Buffer, declared: number, maxLength: number): Buffer {
  const blockLength = prefixed.length - 4;
  if (declared > maxLength) {
    throw new ProtocolDecodeError(
      `lz4: declared uncompressed size ${declared} exceeds the limit ${maxLength}`,
    );
  }
  if (declared > blockLength * MAX_RATIO + RATIO_SLACK) {
    throw new ProtocolDecodeError(
      `lz4: declared uncompressed size ${declared} is impossible for a ${blockLength}-byte block`,
    );
  }
  let out: Buffer;
  try {
    out = lz4().uncompressSync(prefixed);
  } catch (cause) {
    if (cause instanceof ProtocolDecodeError) throw cause;
    throw new ProtocolDecodeError(`lz4: malformed compressed data (${(cause as Error).message})`, { cause });
  }
  if (out.length !== declared) {
    throw new ProtocolDecodeError(`lz4: decompressed ${out.length} bytes where ${declared} were declared`);
  }
  return out;
}

/**
 * v3/v4 LZ4 body codec.
 *
 * @internal
 */
export class Lz4BodyCompressor implements BodyCompressor {
  readonly algorithm = 'lz4' as const;

  constructor() {
    lz4(); // fail at configuration time when the module is missing
  }

  compressBody(body: Buffer): Buffer | null {
    const out = lz4().compressSync(body);
    if (out.length >= body.length) return null;
    reverse4(out); // LE size prefix → BE, as Cassandra expects
    return out;
  }

  decompressBody(body: Buffer, maxLength: number): Buffer {
    if (body.length < 4) throw new ProtocolDecodeError(`lz4: compressed body of ${body.length} bytes`);
    const declared = body.readUInt32BE(0);
    reverse4(body); // BE → LE in place for lz4-napi, restored below
    try {
      return decompressPrefixed(body, declared, maxLength);
    } finally {
      reverse4(body);
    }
  }
}

/**
 * v5 LZ4 segment payload codec.
 *
 * @internal
 */
export class Lz4SegmentCompressor implements SegmentCompressor {
  constructor() {
    lz4();
  }

  compressBlock(payload: Buffer): Buffer | null {
    const out = lz4().compressSync(payload);
    const block = out.subarray(4);
    return block.length < payload.length ? block : null;
  }

  decompressBlock(block: Buffer, uncompressedLength: number): Buffer {
    const prefixed = Buffer.allocUnsafe(block.length + 4);
    prefixed.writeUInt32LE(uncompressedLength, 0);
    block.copy(prefixed, 4);
    return decompressPrefixed(prefixed, uncompressedLength, uncompressedLength);
  }
}
