/**
 * Mutual TLS, really verified: the nodes of the cluster project are started with client TLS and
 * `require_client_auth: true` (TLS stays optional on the port, so the other suites keep connecting
 * in plaintext). A TLS client without a certificate is refused; one presenting a certificate signed
 * by the test CA is accepted, and the node reports the connection as encrypted.
 */
import { Cluster, ConnectionError, ConnectTimeoutError, NoHostAvailableError } from '@cqlkit/driver';
import { readFileSync } from 'node:fs';

import type { TlsMaterial } from '@cqlkit/testing';
import { endpointOf, threeNodeLauncher, threeNodeOptions } from './three-node-cluster';

export function mutualTlsSuite(): void {
  describe('mutual TLS (require_client_auth)', () => {
    let tls: TlsMaterial;

    beforeAll(async () => {
      const material = await threeNodeLauncher().tlsMaterial();
      if (material === undefined) {
        throw new Error('the cluster project must run with client TLS (its launcher options enable it)');
      }
      tls = material;
    });

    it('refuses a TLS client that presents no certificate', async () => {
      const cluster = new Cluster(
        threeNodeOptions({ tls: { ca: readFileSync(tls.caPem) }, connectTimeoutMs: 10_000 }),
      );
      try {
        const error = await cluster.connect().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NoHostAvailableError);
        const cause = [...(error as NoHostAvailableError).errors.values()][0];
        expect(cause).toBeInstanceOf(ConnectionError);
        expect(cause).not.toBeInstanceOf(ConnectTimeoutError); // refused by the node, not lost
      } finally {
        await cluster.shutdown();
      }
    });

    it('accepts a TLS client with a certificate signed by the test CA, on every node', async () => {
      const cluster = new Cluster(
        threeNodeOptions({
          tls: { ca: readFileSync(tls.caPem), pfx: readFileSync(tls.clientPkcs12), passphrase: tls.password },
        }),
      );
      try {
        const session = await cluster.connect(undefined, { waitForAllPools: true });
        expect(
          cluster
            .getClusterState()
            .hosts.map((h) => h.endpoint)
            .sort(),
        ).toEqual([1, 2, 3].map(endpointOf));
        const clients = await session.execute('SELECT ssl_enabled FROM system_views.clients');
        expect(clients.rows.some((r) => r.ssl_enabled === true)).toBe(true);
      } finally {
        await cluster.shutdown();
      }
    });

    it('still accepts plaintext clients (TLS is optional on the port)', async () => {
      const cluster = new Cluster(threeNodeOptions());
      try {
        const session = await cluster.connect();
        const rs = await session.execute("SELECT release_version FROM system.local WHERE key = 'local'");
        expect(rs.first()).toBeDefined();
      } finally {
        await cluster.shutdown();
      }
    });
  });
}
