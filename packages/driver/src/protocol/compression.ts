import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { InvalidOptionsError } from '../errors';

/**
 * Compression contracts of the protocol and the lazy loading of the native codecs.
 *
 * - v3/v4 compress **envelope bodies** (`lz4` or `snappy`), flagged per envelope with
 *   `EnvelopeFlag.COMPRESSED`.
 * - v5 compresses **segment payloads**, `lz4` only; the envelope flag is ignored there.
 *
 * The codecs (`lz4-napi`, `snappy`) are native modules loaded on first use, so a platform
 * without a prebuilt binary only fails when compression is actually asked for, with a clear
 * {@link InvalidOptionsError}.
 *
 * @packageDocumentation
 */

/** Compression algorithms of the native protocol. */
export type CompressionAlgorithm = 'lz4' | 'snappy';

/** Compresses and decompresses v3/v4 envelope bodies. @internal */
export interface BodyCompressor {
  /** Algorithm name as sent in STARTUP's `COMPRESSION`. */
  readonly algorithm: CompressionAlgorithm;
  /** The compressed body, or `null` when compressing would not make it smaller. */
  compressBody(body: Buffer): Buffer | null;
  /**
   * The decompressed body. Throws `ProtocolDecodeError` (and nothing else) on malformed input or
   * when the declared size exceeds `maxLength`.
   */
  decompressBody(body: Buffer, maxLength: number): Buffer;
}

/** Compresses and decompresses v5 segment payloads (raw blocks, lengths carried by the header). @internal */
export interface SegmentCompressor {
  /** The raw compressed block, or `null` when it would not be smaller than `payload`. */
  compressBlock(payload: Buffer): Buffer | null;
  /** Decompresses a raw block to exactly `uncompressedLength` bytes; `ProtocolDecodeError` otherwise. */
  decompressBlock(block: Buffer, uncompressedLength: number): Buffer;
}

const requireFromHere = createRequire(__filename);
const loaded = new Map<string, unknown>();

/**
 * Loads an optional native module once; throws {@link InvalidOptionsError} naming the package
 * and the option that needs it when it cannot be loaded.
 *
 * @internal
 */
export function loadCompressionModule<T>(packageName: string, algorithm: CompressionAlgorithm): T {
  const cached = loaded.get(packageName);
  if (cached !== undefined) return cached as T;
  try {
    const mod = requireFromHere(packageName) as T;
    loaded.set(packageName, mod);
    return mod;
  } catch (cause) {
    throw new InvalidOptionsError(
      `compression '${algorithm}' needs the npm package '${packageName}', which could not be loaded ` +
        `(${cause instanceof Error ? cause.message : String(cause)}); install it or set compression: false`,
      { cause },
    );
  }
}
