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

// Multiplication constants of MurmurHash3 x64_128, as signed 32-bit high words and the two
// 16-bit halves of the low words (the low word is multiplied limb by limb to stay exact in doubles).
const C1_HI = 0x87c37b91 | 0;
const C1_LO = 0x114253d5;
const C1_LO_0 = C1_LO & 0xffff;
const C1_LO_1 = C1_LO >>> 16;
const C2_HI = 0x4cf5ad43;
const C2_LO = 0x2745937f;
const C2_LO_0 = C2_LO & 0xffff;
const C2_LO_1 = C2_LO >>> 16;
const F1_HI = 0xff51afd7 | 0;
const F1_LO = 0xed558ccd | 0;
const F1_LO_0 = F1_LO & 0xffff;
const F1_LO_1 = F1_LO >>> 16;
const F2_HI = 0xc4ceb9fe | 0;
const F2_LO = 0x1a85ec53;
const F2_LO_0 = F2_LO & 0xffff;
const F2_LO_1 = F2_LO >>> 16;
const H1_ADD = 0x52dce729;
const H2_ADD = 0x38495ab5;

// 64-bit values are (hi, lo) pairs of signed 32-bit integers (small integers to V8: no boxing).
// The helpers return their result through these two module-level registers.
let outHi = 0;
let outLo = 0;

// Each "× constant (mod 2^64)" below is written out in full rather than called, so that V8 can
// keep the whole hash in registers. For a = aHi:aLo and b = bHi:bLo:
//   lo(a×b) = lo32(aLo × bLo)
//   hi(a×b) = hi32(aLo × bLo) + aLo × bHi + aHi × bLo   (mod 2^32)
// where hi32(aLo × bLo) is assembled from 16-bit limb products, each exact in a double.

/** k1 ← rotl(k1 × C1, 31) × C2, for the k1 word of a block → outHi:outLo. */
function mixK1(hi: number, lo: number): void {
  // k1 *= C1
  let a0 = lo & 0xffff;
  let a1 = lo >>> 16;
  let p00 = a0 * C1_LO_0;
  let p01 = a0 * C1_LO_1;
  let p10 = a1 * C1_LO_0;
  let mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  let h =
    (a1 * C1_LO_1 +
      (p01 >>> 16) +
      (p10 >>> 16) +
      (mid >>> 16) +
      Math.imul(lo, C1_HI) +
      Math.imul(hi, C1_LO)) |
    0;
  let l = (mid << 16) | (p00 & 0xffff);
  // k1 = rotl(k1, 31)
  hi = (h << 31) | (l >>> 1);
  lo = (l << 31) | (h >>> 1);
  // k1 *= C2
  a0 = lo & 0xffff;
  a1 = lo >>> 16;
  p00 = a0 * C2_LO_0;
  p01 = a0 * C2_LO_1;
  p10 = a1 * C2_LO_0;
  mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  h =
    (a1 * C2_LO_1 +
      (p01 >>> 16) +
      (p10 >>> 16) +
      (mid >>> 16) +
      Math.imul(lo, C2_HI) +
      Math.imul(hi, C2_LO)) |
    0;
  l = (mid << 16) | (p00 & 0xffff);
  outHi = h;
  outLo = l;
}

/** k2 ← rotl(k2 × C2, 33) × C1, for the k2 word of a block → outHi:outLo. */
function mixK2(hi: number, lo: number): void {
  // k2 *= C2
  let a0 = lo & 0xffff;
  let a1 = lo >>> 16;
  let p00 = a0 * C2_LO_0;
  let p01 = a0 * C2_LO_1;
  let p10 = a1 * C2_LO_0;
  let mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  let h =
    (a1 * C2_LO_1 +
      (p01 >>> 16) +
      (p10 >>> 16) +
      (mid >>> 16) +
      Math.imul(lo, C2_HI) +
      Math.imul(hi, C2_LO)) |
    0;
  let l = (mid << 16) | (p00 & 0xffff);
  // k2 = rotl(k2, 33): swap the halves, then rotate by 1
  hi = (l << 1) | (h >>> 31);
  lo = (h << 1) | (l >>> 31);
  // k2 *= C1
  a0 = lo & 0xffff;
  a1 = lo >>> 16;
  p00 = a0 * C1_LO_0;
  p01 = a0 * C1_LO_1;
  p10 = a1 * C1_LO_0;
  mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  h =
    (a1 * C1_LO_1 +
      (p01 >>> 16) +
      (p10 >>> 16) +
      (mid >>> 16) +
      Math.imul(lo, C1_HI) +
      Math.imul(hi, C1_LO)) |
    0;
  l = (mid << 16) | (p00 & 0xffff);
  outHi = h;
  outLo = l;
}

/** MurmurHash3's 64-bit finaliser fmix64 → outHi:outLo. */
function fmix64(hi: number, lo: number): void {
  // k ^= k >>> 33
  lo ^= hi >>> 1;
  // k *= F1
  let a0 = lo & 0xffff;
  let a1 = lo >>> 16;
  let p00 = a0 * F1_LO_0;
  let p01 = a0 * F1_LO_1;
  let p10 = a1 * F1_LO_0;
  let mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  hi =
    (a1 * F1_LO_1 +
      (p01 >>> 16) +
      (p10 >>> 16) +
      (mid >>> 16) +
      Math.imul(lo, F1_HI) +
      Math.imul(hi, F1_LO)) |
    0;
  lo = (mid << 16) | (p00 & 0xffff);
  // k ^= k >>> 33
  lo ^= hi >>> 1;
  // k *= F2
  a0 = lo & 0xffff;
  a1 = lo >>> 16;
  p00 = a0 * F2_LO_0;
  p01 = a0 * F2_LO_1;
  p10 = a1 * F2_LO_0;
  mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  hi =
    (a1 * F2_LO_1 +
      (p01 >>> 16) +
      (p10 >>> 16) +
      (mid >>> 16) +
      Math.imul(lo, F2_HI) +
      Math.imul(hi, F2_LO)) |
    0;
  lo = (mid << 16) | (p00 & 0xffff);
  // k ^= k >>> 33
  outHi = hi;
  outLo = lo ^ (hi >>> 1);
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
 * @returns a signed 64-bit token in [{@link MURMUR3_MIN_TOKEN}, {@link MURMUR3_MAX_TOKEN}]
 *
 * @example
 * ```ts
 * murmur3Token(Buffer.from('123')); // -7468325962851647638n
 * ```
 */
export function murmur3Token(routingKey: Uint8Array): bigint {
  const length = routingKey.length;
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
    mixK1(word(routingKey, o + 4), word(routingKey, o));
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
    mixK2(word(routingKey, o + 12), word(routingKey, o + 8));
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
      const signed = (routingKey[blocksEnd + i]! << 24) >> 24;
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
  return (BigInt(hi) << 32n) + BigInt(lo);
}
