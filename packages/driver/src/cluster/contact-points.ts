/**
 * Contact points: the configured `host[:port]` entries resolved to hosts.
 *
 * @packageDocumentation
 */

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { NoHostAvailableError } from '../errors';
import type { ContactPoint } from '../options-validation';
import { Host } from './host';

/**
 * Resolves the contact points (host names through DNS, every address of each) into distinct
 * hosts, in the configured order.
 *
 * @throws NoHostAvailableError when none could be resolved
 * @internal
 */
export async function resolveContactPoints(contactPoints: readonly ContactPoint[]): Promise<Host[]> {
  const failures: string[] = [];
  const resolved = await Promise.all(
    contactPoints.map(async (cp) => {
      try {
        const addresses = isIP(cp.host) ? [{ address: cp.host }] : await lookup(cp.host, { all: true });
        return addresses.map((a) => new Host({ address: a.address, port: cp.port }));
      } catch (e) {
        failures.push(`${cp.host}: ${(e as Error).message}`);
        return [];
      }
    }),
  );
  const hosts = new Map<string, Host>();
  for (const host of resolved.flat()) if (!hosts.has(host.endpoint)) hosts.set(host.endpoint, host);
  if (hosts.size === 0) {
    throw new NoHostAvailableError(
      `none of the contact points could be resolved (${failures.join('; ')})`,
      new Map(failures.map((f) => [f, new Error(f)])),
    );
  }
  return [...hosts.values()];
}
