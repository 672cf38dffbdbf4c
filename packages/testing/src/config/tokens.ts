/**
 * Balanced Murmur3 tokens for a cluster where every node owns exactly one token (`num_tokens: 1`).
 */

const TWO_POW_63 = 1n << 63n;
const TWO_POW_64 = 1n << 64n;

/**
 * The `initial_token` of each node of an `nodeCount`-node cluster, using ccm's formula
 * `i·⌊2^64/n⌋ − 2^63` for i = 0…n−1 (node 1 gets index 0).
 *
 * @param nodeCount - number of nodes (≥ 1)
 * @returns one token per node, in node order
 */
export function balancedMurmur3Tokens(nodeCount: number): bigint[] {
  if (!Number.isInteger(nodeCount) || nodeCount < 1) {
    throw new RangeError(`node count must be a positive integer, got ${nodeCount}`);
  }
  const step = TWO_POW_64 / BigInt(nodeCount);
  return Array.from({ length: nodeCount }, (_, i) => BigInt(i) * step - TWO_POW_63);
}
