import { BodyCompressor, CompressionAlgorithm, SegmentCompressor } from './compression';
import { Lz4BodyCompressor, Lz4SegmentCompressor } from './compression-lz4';
import { SnappyBodyCompressor } from './compression-snappy';

/**
 * The v3/v4 body codec for `algorithm`; throws `InvalidOptionsError` when its package cannot be
 * loaded.
 *
 * @internal
 */
export function createBodyCompressor(algorithm: CompressionAlgorithm): BodyCompressor {
  return algorithm === 'lz4' ? new Lz4BodyCompressor() : new SnappyBodyCompressor();
}

/**
 * The v5 segment codec (LZ4, the only algorithm v5 allows).
 *
 * @internal
 */
export function createSegmentCompressor(): SegmentCompressor {
  return new Lz4SegmentCompressor();
}
