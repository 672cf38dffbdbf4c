import { formatEndpoint } from '../connection/endpoint';

/**
 * How far a host is from this client, as decided by the load-balancing policy. The distance sizes
 * the host's connection pool: `local` hosts get the most connections, `remote` ones fewer and
 * `ignored` hosts none.
 */
export type HostDistance = 'local' | 'remote' | 'ignored';

/** What the driver knows about a node of the cluster. */
export interface HostInit {
  /** IP address the driver connects to (after address translation). */
  readonly address: string;
  /** Native-protocol port. */
  readonly port: number;
  /** Data center name, once known from system.local / system.peers. */
  readonly datacenter?: string | undefined;
  /** Rack name, once known. */
  readonly rack?: string | undefined;
  /** Node's host id (a UUID string), once known. */
  readonly hostId?: string | undefined;
  /** Cassandra release version, e.g. `5.0.9`. */
  readonly releaseVersion?: string | undefined;
  /** Tokens owned by the node (Murmur3 tokens as decimal strings). */
  readonly tokens?: readonly string[] | undefined;
}

/**
 * A node of the cluster. Its identity is `endpoint` (`address:port`); its descriptive fields are
 * replaced atomically when metadata is refreshed, and `isUp` follows the driver's view of it.
 *
 * @example
 * ```ts
 * for (const host of cluster.hosts()) console.log(host.endpoint, host.datacenter, host.isUp);
 * ```
 */
export class Host {
  /** `address:port`, unique within a cluster. */
  readonly endpoint: string;
  readonly address: string;
  readonly port: number;
  private info: HostInit;
  private up = true;

  constructor(init: HostInit) {
    this.address = init.address;
    this.port = init.port;
    this.endpoint = formatEndpoint(init.address, init.port);
    this.info = init;
  }

  get datacenter(): string | undefined {
    return this.info.datacenter;
  }

  get rack(): string | undefined {
    return this.info.rack;
  }

  get hostId(): string | undefined {
    return this.info.hostId;
  }

  get releaseVersion(): string | undefined {
    return this.info.releaseVersion;
  }

  get tokens(): readonly string[] {
    return this.info.tokens ?? [];
  }

  /** Whether the driver currently considers the node reachable. */
  get isUp(): boolean {
    return this.up;
  }

  /** @internal Replaces the descriptive fields (address and port never change). */
  update(init: Omit<HostInit, 'address' | 'port'>): void {
    this.info = { ...this.info, ...init, address: this.address, port: this.port };
  }

  /** @internal */
  setUp(up: boolean): void {
    this.up = up;
  }

  toString(): string {
    return this.endpoint;
  }
}
