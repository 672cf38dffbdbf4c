import { Host } from '../../src/cluster/host';

/** A host at `10.0.0.<n>:9042` owning `tokens`, in `datacenter`/`rack` when given. */
export function ringHost(
  n: number,
  tokens: readonly (string | number | bigint)[],
  datacenter?: string,
  rack?: string,
): Host {
  return new Host({
    address: `10.0.0.${n}`,
    port: 9042,
    datacenter,
    rack,
    tokens: tokens.map(String),
  });
}

/** Last address byte of each host, for compact assertions. */
export function ids(hosts: readonly Host[]): number[] {
  return hosts.map((h) => Number(h.address.split('.')[3]));
}
