/**
 * The migrations runner on 3 nodes with one node frozen (SIGSTOP): the schema-agreement wait after
 * the first DDL statement fails clearly, naming the hosts and their versions. (How long a resumed
 * node takes to pull the schema varies — sometimes over a minute — so resuming is not asserted here;
 * resume from a failed statement is covered on one node.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Cluster } from '@cqlkit/driver';
import { migrate, SchemaAgreementError } from '@cqlkit/migrations';

import { uniqueKeyspaceName } from '@cqlkit/testing';
import { AvoidingPolicy } from './schema-agreement.suite';
import { endpointOf, threeNodeLauncher, threeNodeOptions } from './three-node-cluster';

const FROZEN = 3;

export function migrationsAgreementSuite(): void {
  describe('migrations with a frozen node', () => {
    const keyspace = uniqueKeyspaceName('migr3');
    const dir = mkdtempSync(join(tmpdir(), 'cqlkit-migr3-'));
    let cluster: Cluster;

    beforeAll(async () => {
      writeFileSync(
        join(dir, 'V1__tables.cql'),
        'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY);\n',
      );
      cluster = new Cluster(
        threeNodeOptions({ loadBalancingPolicy: new AvoidingPolicy(endpointOf(FROZEN)) }),
      );
    });

    afterAll(async () => {
      const launcher = threeNodeLauncher();
      if ((await launcher.status()).nodes.find((n) => n.index === FROZEN)?.state === 'paused') {
        await launcher.resumeNode(FROZEN);
      }
      try {
        const session = await cluster.connect();
        await session.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
      } finally {
        await cluster.shutdown();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('fails the run when schema agreement times out, naming the hosts', async () => {
      const session = await cluster.connect(undefined, { waitForAllPools: true });
      const options = {
        migrationsDir: dir,
        keyspace,
        createKeyspace: { replication: { class: 'SimpleStrategy', replication_factor: 3 } },
        schemaAgreementTimeoutMs: 3000,
      };
      await threeNodeLauncher().pauseNode(FROZEN);
      let error: unknown;
      try {
        error = await migrate(session, options).then(
          () => undefined,
          (e: unknown) => e,
        );
      } finally {
        await threeNodeLauncher().resumeNode(FROZEN);
      }
      expect(error).toBeInstanceOf(SchemaAgreementError);
      const hosts = [...(error as SchemaAgreementError).hostVersions.keys()];
      expect(hosts).toContain(endpointOf(FROZEN));
      expect((error as Error).message).toContain(endpointOf(FROZEN));
    });
  });
}
