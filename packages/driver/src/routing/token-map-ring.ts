/**
 * The token ring: every token owned by a node, sorted, with a snapshot of each owner's data
 * center and rack taken when the ring was built.
 *
 * @packageDocumentation
 */

import type { Host } from '../cluster/host';

/** Counts of nodes and racks in one data center of the ring. */
export interface DatacenterShape {
  /** Distinct nodes of the data center that own tokens. */
  readonly nodeCount: number;
  /** Distinct racks among those nodes (a node without a rack counts as rack `''`). */
  readonly rackCount: number;
}

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;
const INT64_DECIMAL = /^[+-]?\d{1,19}$/;

/** Parses a decimal Murmur3 token, or returns undefined when it is not a signed 64-bit integer. */
function parseToken(text: string): bigint | undefined {
  if (!INT64_DECIMAL.test(text)) return undefined;
  const value = BigInt(text);
  return value >= MIN_INT64 && value <= MAX_INT64 ? value : undefined;
}

/**
 * Index of the first of the ascending `tokens` that is ≥ `token` (`tokens.length` when none is).
 * Binary search, O(log n).
 *
 * @example
 * ```ts
 * firstTokenAtLeast([-5n, 0n, 7n], 1n); // 2
 * ```
 * @internal
 */
export function firstTokenAtLeast(tokens: readonly bigint[], token: bigint): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (tokens[mid]! < token) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The sorted ring of Murmur3 tokens. Position `i` covers the range `(tokens[i-1], tokens[i]]`
 * (position 0 also covers everything above the last token), and `owners[i]` is the node that
 * owns it.
 *
 * @example
 * ```ts
 * const ring = TokenRing.fromHosts(cluster.hosts());
 * const primary = ring.owners[ring.indexOf(murmur3Token(key))];
 * ```
 */
export class TokenRing {
  /** The ring with no tokens. */
  static readonly EMPTY = new TokenRing([], [], [], [], []);

  /** Data center shapes, computed on first use. */
  private shapes: ReadonlyMap<string, DatacenterShape> | undefined;

  private constructor(
    /** Tokens, ascending. */
    readonly tokens: readonly bigint[],
    /** Owner of each token. */
    readonly owners: readonly Host[],
    /** Data center of each owner when the ring was built (undefined when unknown). */
    readonly ownerDatacenters: readonly (string | undefined)[],
    /** Rack of each owner when the ring was built (`''` when unknown). */
    readonly ownerRacks: readonly string[],
    /** Distinct owners, in the order of their first token. */
    readonly hosts: readonly Host[],
  ) {}

  /**
   * Builds the ring from the hosts' tokens (decimal strings). Tokens that are not signed 64-bit
   * integers are ignored; if two hosts claim the same token, the first one keeps it.
   */
  static fromHosts(hosts: Iterable<Host>): TokenRing {
    const entries: { token: bigint; host: Host; datacenter: string | undefined; rack: string }[] = [];
    const seen = new Set<bigint>();
    for (const host of hosts) {
      const datacenter = host.datacenter;
      const rack = host.rack ?? '';
      for (const text of host.tokens) {
        const token = parseToken(text);
        if (token === undefined || seen.has(token)) continue;
        seen.add(token);
        entries.push({ token, host, datacenter, rack });
      }
    }
    if (entries.length === 0) return TokenRing.EMPTY;
    entries.sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
    const distinct = new Set(entries.map((e) => e.host));
    return new TokenRing(
      entries.map((e) => e.token),
      entries.map((e) => e.host),
      entries.map((e) => e.datacenter),
      entries.map((e) => e.rack),
      [...distinct],
    );
  }

  /** Number of tokens on the ring. */
  get size(): number {
    return this.tokens.length;
  }

  /**
   * Position of the range holding `token`: the index of the first ring token ≥ `token`, or 0
   * when `token` is above the last one (the ring wraps around). Binary search, O(log n).
   * Must not be called on an empty ring.
   */
  indexOf(token: bigint): number {
    const index = firstTokenAtLeast(this.tokens, token);
    return index === this.tokens.length ? 0 : index;
  }

  /** Node and rack counts per data center (nodes without a data center are not counted). */
  datacenterShapes(): ReadonlyMap<string, DatacenterShape> {
    if (this.shapes === undefined) {
      const racksByDc = new Map<string, Set<string>>();
      const nodesByDc = new Map<string, Set<Host>>();
      this.owners.forEach((host, i) => {
        const dc = this.ownerDatacenters[i];
        if (dc === undefined) return;
        let racks = racksByDc.get(dc);
        let nodes = nodesByDc.get(dc);
        if (racks === undefined || nodes === undefined) {
          racks = new Set();
          nodes = new Set();
          racksByDc.set(dc, racks);
          nodesByDc.set(dc, nodes);
        }
        racks.add(this.ownerRacks[i]!);
        nodes.add(host);
      });
      const shapes = new Map<string, DatacenterShape>();
      for (const [dc, nodes] of nodesByDc) {
        shapes.set(dc, { nodeCount: nodes.size, rackCount: racksByDc.get(dc)!.size });
      }
      this.shapes = shapes;
    }
    return this.shapes;
  }
}
