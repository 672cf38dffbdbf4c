/**
 * Cassandra's `Murmur3Partitioner`: the token of a partition is the first 64 bits of
 * MurmurHash3 x64_128 (seed 0) of the partition's routing key, read as a signed 64-bit integer.
 *
 * Cassandra's `MurmurHash.hash3_x64_128` differs from the reference MurmurHash3 in one place:
 * the tail bytes (the last `length % 16` bytes) are read as *signed* Java bytes, so a byte
 * ≥ 0x80 is sign-extended to 64 bits before being shifted into `k1`/`k2`. This module
 * reproduces that quirk, and the two partitioner rules on top of the hash: an empty key has the
 * minimum token, and a hash equal to the minimum token is mapped to the maximum token.
 *
 * The 64-bit arithmetic runs on pairs of signed 32-bit numbers (V8 small integers) kept in local
 * variables, so the hot path allocates nothing; a `bigint` is made only for the result.
 *
 * @packageDocumentation
 */

/** The smallest Murmur3 token, -2^63 (the token of an empty routing key). */
export const MURMUR3_MIN_TOKEN = -(2n ** 63n);

/** The largest Murmur3 token, 2^63 - 1. */
export const MURMUR3_MAX_TOKEN = 2n ** 63n - 1n;

// Multiplication constants of MurmurHash3 x64_128, as (high, low) signed 32-bit words.
const C1_HI = 0x87c37b91 | 0;
const C1_LO = 0x114253d5;
const C2_HI = 0x4cf5ad43;
const C2_LO = 0x2745937f;
const F1_HI = 0xff51afd7 | 0;
const F1_LO = 0xed558ccd | 0;
const F2_HI = 0xc4ceb9fe | 0;
const F2_LO = 0x1a85ec53;
const H1_ADD = 0x52dce729;
const H2_ADD = 0x38495ab5;

// 64-bit values are (hi, lo) pairs of signed 32-bit integers (small integers to V8: no boxing).
// The helpers that produce a 64-bit value return it through these two module-level registers.
let outHi = 0;
let outLo = 0;

/**
 * High word of (aHi:aLo × bHi:bLo) mod 2^64; the low word is `Math.imul(aLo, bLo)`.
 * hi = hi32(aLo × bLo) + aLo × bHi + aHi × bLo (mod 2^32), where hi32(aLo × bLo) is assembled
 * from 16-bit limb products, each exact in a double.
 */
function mulHi(aHi: number, aLo: number, bHi: number, bLo: number): number {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const carry = ((p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff)) >>> 16;
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + carry + Math.imul(aLo, bHi) + Math.imul(aHi, bLo)) | 0;
}

/** k1 ← rotl(k1 × C1, 31) × C2, for the k1 word of a block → outHi:outLo. */
function mixK1(hi: number, lo: number): void {
  const h = mulHi(hi, lo, C1_HI, C1_LO);
  const l = Math.imul(lo, C1_LO);
  const rh = (h << 31) | (l >>> 1);
  const rl = (l << 31) | (h >>> 1);
  outHi = mulHi(rh, rl, C2_HI, C2_LO);
  outLo = Math.imul(rl, C2_LO);
}

/** k2 ← rotl(k2 × C2, 33) × C1, for the k2 word of a block → outHi:outLo. */
function mixK2(hi: number, lo: number): void {
  const h = mulHi(hi, lo, C2_HI, C2_LO);
  const l = Math.imul(lo, C2_LO);
  // rotl 33 = swap the halves, then rotate by 1
  const rh = (l << 1) | (h >>> 31);
  const rl = (h << 1) | (l >>> 31);
  outHi = mulHi(rh, rl, C1_HI, C1_LO);
  outLo = Math.imul(rl, C1_LO);
}

/** MurmurHash3's 64-bit finaliser fmix64 → outHi:outLo. */
function fmix64(hi: number, lo: number): void {
  lo ^= hi >>> 1; // k ^= k >>> 33
  const h1 = mulHi(hi, lo, F1_HI, F1_LO); // k *= F1
  const l1 = Math.imul(lo, F1_LO) ^ (h1 >>> 1); // k ^= k >>> 33
  const h2 = mulHi(h1, l1, F2_HI, F2_LO); // k *= F2
  outHi = h2;
  outLo = Math.imul(l1, F2_LO) ^ (h2 >>> 1); // k ^= k >>> 33
}

/** Little-endian 32-bit word of `key` at `offset`. */
function word(key: Uint8Array, offset: number): number {
  return key[offset]! | (key[offset + 1]! << 8) | (key[offset + 2]! << 16) | (key[offset + 3]! << 24);
}

/**
 * The Murmur3Partitioner token of a routing key, as Cassandra computes it
 * (`SELECT token(k) FROM t` gives the same value).
 *
 * @param routingKey - the serialized partition key (see {@link composeRoutingKey} for composite keys)
 * @returns a signed 64-bit token in [`MURMUR3_MIN_TOKEN`, `MURMUR3_MAX_TOKEN`]
 *
 * @example
 * ```ts
 * murmur3Token(Buffer.from('123')); // -7468325962851647638n
 * ```
 */
export function murmur3Token(routingKey: Uint8Array): bigint {
  return murmur3TokenOfRange(routingKey, 0, routingKey.length);
}

/**
 * {@link murmur3Token} of the routing key `bytes[start, end)`, read in place (no view of it).
 *
 * @internal
 * @example
 * ```ts
 * murmur3TokenOfRange(Buffer.from('x123'), 1, 4); // the token of '123'
 * ```
 */
export function murmur3TokenOfRange(bytes: Uint8Array, start: number, end: number): bigint {
  const length = end - start;
  if (length === 0) return MURMUR3_MIN_TOKEN;

  let h1Hi = 0;
  let h1Lo = 0;
  let h2Hi = 0;
  let h2Lo = 0;
  let hi: number;
  let lo: number;
  let sum: number;

  const blocksEnd = length & ~15;
  for (let o = 0; o < blocksEnd; o += 16) {
    // h1 ^= mixK1(k1); h1 = rotl(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729
    mixK1(word(bytes, start + o + 4), word(bytes, start + o));
    hi = h1Hi ^ outHi;
    lo = h1Lo ^ outLo;
    h1Hi = (hi << 27) | (lo >>> 5);
    h1Lo = (lo << 27) | (hi >>> 5);
    sum = (h1Lo >>> 0) + (h2Lo >>> 0);
    h1Lo = sum | 0;
    h1Hi = (h1Hi + h2Hi + (sum > 0xffffffff ? 1 : 0)) | 0;
    // × 5 = x + (x << 2)
    sum = (h1Lo >>> 0) + ((h1Lo << 2) >>> 0);
    h1Hi = (h1Hi + ((h1Hi << 2) | (h1Lo >>> 30)) + (sum > 0xffffffff ? 1 : 0)) | 0;
    sum = (sum >>> 0) + H1_ADD;
    h1Lo = sum | 0;
    h1Hi = (h1Hi + (sum > 0xffffffff ? 1 : 0)) | 0;

    // h2 ^= mixK2(k2); h2 = rotl(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5
    mixK2(word(bytes, start + o + 12), word(bytes, start + o + 8));
    hi = h2Hi ^ outHi;
    lo = h2Lo ^ outLo;
    h2Hi = (hi << 31) | (lo >>> 1);
    h2Lo = (lo << 31) | (hi >>> 1);
    sum = (h2Lo >>> 0) + (h1Lo >>> 0);
    h2Lo = sum | 0;
    h2Hi = (h2Hi + h1Hi + (sum > 0xffffffff ? 1 : 0)) | 0;
    sum = (h2Lo >>> 0) + ((h2Lo << 2) >>> 0);
    h2Hi = (h2Hi + ((h2Hi << 2) | (h2Lo >>> 30)) + (sum > 0xffffffff ? 1 : 0)) | 0;
    sum = (sum >>> 0) + H2_ADD;
    h2Lo = sum | 0;
    h2Hi = (h2Hi + (sum > 0xffffffff ? 1 : 0)) | 0;
  }

  // Tail: Cassandra reads these bytes as signed, so a byte >= 0x80 sets every bit above it.
  const tail = length & 15;
  if (tail > 0) {
    let k1Hi = 0;
    let k1Lo = 0;
    let k2Hi = 0;
    let k2Lo = 0;
    for (let i = tail - 1; i >= 0; i--) {
      const signed = (bytes[start + blocksEnd + i]! << 24) >> 24;
      const fill = signed >> 31; // 0 or -1: the sign extension into the next word
      if (i >= 12) {
        k2Hi ^= signed << ((i - 12) << 3);
      } else if (i >= 8) {
        k2Lo ^= signed << ((i - 8) << 3);
        k2Hi ^= fill;
      } else if (i >= 4) {
        k1Hi ^= signed << ((i - 4) << 3);
      } else {
        k1Lo ^= signed << (i << 3);
        k1Hi ^= fill;
      }
    }
    if (tail > 8) {
      mixK2(k2Hi, k2Lo);
      h2Hi ^= outHi;
      h2Lo ^= outLo;
    }
    mixK1(k1Hi, k1Lo);
    h1Hi ^= outHi;
    h1Lo ^= outLo;
  }

  // Finalisation: h1 ^= len; h2 ^= len; h1 += h2; h2 += h1; fmix both; h1 += h2.
  h1Lo ^= length;
  h2Lo ^= length;
  sum = (h1Lo >>> 0) + (h2Lo >>> 0);
  h1Lo = sum | 0;
  h1Hi = (h1Hi + h2Hi + (sum > 0xffffffff ? 1 : 0)) | 0;
  sum = (h2Lo >>> 0) + (h1Lo >>> 0);
  h2Lo = sum | 0;
  h2Hi = (h2Hi + h1Hi + (sum > 0xffffffff ? 1 : 0)) | 0;
  fmix64(h1Hi, h1Lo);
  h1Hi = outHi;
  h1Lo = outLo;
  fmix64(h2Hi, h2Lo);
  sum = (h1Lo >>> 0) + (outLo >>> 0);
  lo = sum >>> 0;
  hi = (h1Hi + outHi + (sum > 0xffffffff ? 1 : 0)) | 0;

  if (hi === -0x80000000 && lo === 0) return MURMUR3_MAX_TOKEN;
  // One bigint read from a typed array, instead of two conversions, a shift and an add.
  tokenWords[LOW_WORD] = lo;
  tokenWords[HIGH_WORD] = hi;
  return tokenValue[0] as bigint;
}

/** The two 32-bit words of a 64-bit token and the token they make, in the platform's byte order. */
const tokenWords = new Int32Array(2);
const tokenValue = new BigInt64Array(tokenWords.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LOW_WORD = LITTLE_ENDIAN ? 0 : 1;
const HIGH_WORD = LITTLE_ENDIAN ? 1 : 0;
