import { Buffer } from 'node:buffer';
import type * as SnappyModuleTypes from 'snappy';
import { ProtocolDecodeError } from '../errors';
import { BodyCompressor, loadCompressionModule } from './compression';

/**
 * Snappy for v3/v4 envelope bodies (raw snappy blocks), on top of the optional `snappy` package,
 * loaded on first use. Protocol v5 has no snappy.
 *
 * @packageDocumentation
 */

type SnappyModule = typeof SnappyModuleTypes;

/** Snappy's densest encoding (a 64-byte copy in 3 bytes) bounds the expansion ratio. */
const MAX_RATIO = 32;
const RATIO_SLACK = 64;

function snappy(): SnappyModule {
  return loadCompressionModule<SnappyModule>('snappy', 'snappy');
}

/** Reads the varint uncompressed length that starts a raw snappy block. */
function declaredLength(block: Buffer): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (i >= block.length) break;
    const b = block[i] as number;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return value;
  }
  throw new ProtocolDecodeError('snappy: malformed length header');
}

/**
 * v3/v4 snappy body codec.
 *
 * @internal
 */
export class SnappyBodyCompressor implements BodyCompressor {
  readonly algorithm = 'snappy' as const;

  constructor() {
    snappy();
  }

  compressBody(body: Buffer): Buffer | null {
    const out = snappy().compressSync(body);
    return out.length < body.length ? out : null;
  }

  decompressBody(body: Buffer, maxLength: number): Buffer {
    const declared = declaredLength(body);
    if (declared > maxLength) {
      throw new ProtocolDecodeError(
        `snappy: declared uncompressed size ${declared} exceeds the limit ${maxLength}`,
      );
    }
    if (declared > body.length * MAX_RATIO + RATIO_SLACK) {
      throw new ProtocolDecodeError(
        `snappy: declared uncompressed size ${declared} is impossible for a ${body.length}-byte block`,
      );
    }
    let out: Buffer | string;
    try {
      out = snappy().uncompressSync(body, { asBuffer: true });
    } catch (cause) {
      throw new ProtocolDecodeError(`snappy: malformed compressed data (${(cause as Error).message})`, {
        cause,
      });
    }
    if (typeof out === 'string' || out.length !== declared) {
      throw new ProtocolDecodeError(`snappy: decompressed size differs from the declared ${declared} bytes`);
    }
    return out;
  }
}
