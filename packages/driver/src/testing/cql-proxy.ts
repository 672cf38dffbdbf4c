import { type AddressTranslator, MapAddressTranslator } from '../policies/address-translator';
import { ProxyNode, ProxyNodeOptions } from './proxy-node';

/**
 * The fault-injecting CQL proxy: one listener per real node, decoding the traffic of each
 * connection into envelopes and applying per-node rules to them.
 *
 * @packageDocumentation
 */

/** Options of {@link CqlProxy.start}. */
export interface CqlProxyOptions {
  /** One entry per real node. */
  readonly nodes: readonly ProxyNodeOptions[];
  /**
   * Called with each proxy-side failure (undecodable traffic, unreachable node, a throwing
   * condition or feedback callback); they are also kept in {@link CqlProxy.errors}.
   */
  readonly onError?: (error: Error, node: number) => void;
}

/**
 * A proxy between a driver and real nodes, for testing driver behaviour under faults: delayed,
 * dropped or forged frames, closed connections. Modelled on ScyllaDB's `scylla-proxy`.
 *
 * Each node decodes both directions (handshake envelopes, v3/v4 envelopes with lz4/snappy
 * bodies, v5 segments with or without lz4) into envelopes; the node's request rules see what the
 * driver sends, its response rules what the node answers. A unit whose envelopes all pass is
 * forwarded byte for byte; otherwise what passes is re-encoded for the connection's framing.
 * TLS is not supported: drivers speak plain TCP to the proxy, and the proxy to the nodes.
 *
 * @example
 * ```ts
 * await using proxy = await CqlProxy.start({
 *   nodes: [{ listen: { host: '127.0.1.1', port: 9042 }, target: { host: '127.0.0.1', port: 9042 } }],
 * });
 * proxy.nodes[0].setRequestRules([
 *   rule(Condition.opcode(Opcode.QUERY).and(Condition.bodyContains('ks.t')), Reaction.delay(300)),
 * ]);
 * const cluster = new Cluster({
 *   contactPoints: proxy.contactPoints(),
 *   addressTranslator: proxy.addressTranslator(),
 * });
 * ```
 */
export class CqlProxy implements AsyncDisposable {
  private closing: Promise<void> | undefined;

  private constructor(
    /** The nodes, in the order of `options.nodes`. */
    readonly nodes: readonly ProxyNode[],
    private readonly failures: Error[],
  ) {}

  /**
   * Starts one listener per node. Rejects (after closing what was started) when a listen
   * address is taken or invalid.
   */
  static async start(options: CqlProxyOptions): Promise<CqlProxy> {
    if (!options || !Array.isArray(options.nodes) || options.nodes.length === 0) {
      throw new TypeError('CqlProxy.start: options.nodes must list at least one node');
    }
    const nodes: ProxyNode[] = [];
    const failures: Error[] = [];
    const report = (index: number) => (error: Error) => {
      failures.push(error);
      options.onError?.(error, index);
    };
    try {
      for (const [index, node] of options.nodes.entries()) {
        nodes.push(await ProxyNode.listen(index, node, report(index)));
      }
    } catch (error) {
      await Promise.all(nodes.map((n) => n.close()));
      throw error;
    }
    return new CqlProxy(nodes, failures);
  }

  /** Proxy-side failures so far (see {@link CqlProxyOptions.onError}). */
  get errors(): readonly Error[] {
    return this.failures;
  }

  /** The listen endpoints (`host:port`), usable as the driver's contact points. */
  contactPoints(): string[] {
    return this.nodes.map((n) => n.endpoint);
  }

  /** Real node endpoint → proxy endpoint, e.g. `{ '127.0.0.1:9042': '127.0.1.1:9042' }`. */
  translationMap(): Record<string, string> {
    return Object.fromEntries(this.nodes.map((n) => [n.targetEndpoint, n.endpoint]));
  }

  /**
   * An address translator sending the driver to the proxy for every real node it discovers
   * (addresses from `system.local` / `system.peers`).
   */
  addressTranslator(): AddressTranslator {
    return new MapAddressTranslator(this.translationMap());
  }

  /** Removes the rules of every node. */
  clearRules(): void {
    for (const node of this.nodes) node.clearRules();
  }

  /** Stops every listener and closes every connection (no handle stays open). Idempotent. */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.nodes.map((n) => n.close())).then(() => undefined);
    return this.closing;
  }

  /** `await using proxy = await CqlProxy.start(…)` closes it. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
