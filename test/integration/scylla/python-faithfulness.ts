/**
 * The simulator judged by ScyllaDB's own client: the Python `scylla-driver` (installed from PyPI
 * into a cached virtual environment, see test/harness/python-venv.ts) connects to a simulated
 * cluster. Its pool must cover every shard through the shard-aware port, its token-routed
 * prepared requests must arrive on an owning shard (as the simulator records them), and after one
 * tablets-routing-v1 payload per tablet it must send that tablet's requests to a replica; it must
 * accept SCYLLA_USE_METADATA_ID and read prepared rows through result metadata ids, also after
 * ALTER TABLE ADD. Where
 * the Python driver and the simulator disagree, the simulator is wrong. Shared by the 1-node
 * (integration) and 3-node (cluster) projects.
 */
import { join } from 'node:path';

import { Cluster } from '@cqlkit/driver';
import type { ScyllaSimulator } from '@cqlkit/driver/testing';

import {
  credentials,
  describeFailure,
  localDataCenter,
  runCommand,
  uniqueKeyspaceName,
} from '@cqlkit/testing';

import { ensureScyllaPythonEnv, SCYLLA_DRIVER_VERSION } from '../../harness/python-venv';
import { simulatedClusterOptions } from './scylla-fixture';

const KEYS = 200;

interface PythonReport {
  driverVersion: string;
  protocolVersion: number;
  hosts: { address: string; nrShards: number | null; shards: number[]; ports: number[] }[];
  tabletsLearned: number;
  /** `use_metadata_id` of the pool's connections (deduplicated). */
  metadataIds: boolean[];
  /** Length of the result metadata id of the prepared `SELECT *` (0: none). */
  resultMetadataIdBytes: number;
  /** Rows of `SELECT * FROM wide WHERE k = ?` for k in 0..9, before ALTER TABLE. */
  beforeAlter: number[][];
  /** The row k = 3 after `ALTER TABLE wide ADD w int` and `SET w = 7`. */
  afterAlter: Record<string, number>;
}

/** Defines the faithfulness tests on the simulator `start()` gives, with keyspaces and tablets at `rf`. */
export function pythonFaithfulnessSuite(start: () => Promise<ScyllaSimulator>, rf: number): void {
  describe(`ScyllaDB's Python driver against the simulated cluster (RF ${rf})`, () => {
    let simulator: ScyllaSimulator;
    let cluster: Cluster;
    const keyspace = uniqueKeyspaceName('pysim');
    let report: PythonReport;

    beforeAll(async () => {
      const env = await ensureScyllaPythonEnv();
      expect(env.driverVersion).toBe(SCYLLA_DRIVER_VERSION);
      simulator = await start();
      cluster = new Cluster(simulatedClusterOptions(simulator, { logger: { warn: () => undefined } }));
      const session = await cluster.connect();
      await session.execute(
        `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${rf}}`,
      );
      await session.execute(`CREATE TABLE ${keyspace}.kv (k int PRIMARY KEY, v int)`);
      await session.execute(`CREATE TABLE ${keyspace}.tab (k int PRIMARY KEY, v int)`);
      await session.execute(`CREATE TABLE ${keyspace}.wide (k int PRIMARY KEY, v int)`);
      await simulator.refreshMetadata();
      simulator.splitIntoTablets(keyspace, 'tab', { count: 8, replicationFactor: rf });
      simulator.clearRequests();
      const creds = credentials();
      const config = {
        contactPoints: simulator.nodes.map((n) => n.address),
        port: 9042,
        dc: localDataCenter(),
        username: creds?.username,
        password: creds?.password,
        nodes: simulator.nodes.length,
        keyspace,
        keys: KEYS,
      };
      const script = join(__dirname, 'python', 'faithfulness.py');
      const run = await runCommand(env.python, [script, JSON.stringify(config)], { timeoutMs: 120_000 });
      if (run.code !== 0) throw new Error(describeFailure('faithfulness.py', run));
      report = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as PythonReport;
    }, 600_000); // the first run creates the Python environment (pip install from PyPI)

    afterAll(async () => {
      try {
        await (await cluster?.connect())?.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
      } finally {
        await cluster?.shutdown();
        await simulator?.close();
      }
    });

    it('negotiates protocol v4 (ScyllaDB has no v5)', () => {
      expect(report.driverVersion).toBe(SCYLLA_DRIVER_VERSION);
      expect(report.protocolVersion).toBe(4);
    });

    it('negotiates SCYLLA_USE_METADATA_ID and reads prepared rows through it, also after ALTER TABLE ADD', () => {
      expect(report.metadataIds).toEqual([true]);
      expect(report.resultMetadataIdBytes).toBe(16);
      expect(report.beforeAlter).toEqual([...Array(10).keys()].map((k) => [k, k * 10]));
      expect(report.afterAlter).toEqual({ k: 3, v: 30, w: 7 });
      const executes = simulator.requests({ keyspace, table: 'wide', kind: 'execute' });
      expect(executes.length).toBeGreaterThanOrEqual(21);
    });

    it('covers every shard of every host, through the shard-aware port', () => {
      expect(report.hosts.map((h) => h.address).sort()).toEqual(simulator.nodes.map((n) => n.address).sort());
      for (const host of report.hosts) {
        expect(host.nrShards).toBe(simulator.shards);
        expect(host.shards).toEqual([...Array(simulator.shards).keys()]);
        expect(host.ports).toContain(19042);
      }
      // the simulator's side: requests arrived on every shard, and on shard-aware connections
      const records = simulator.requests({ keyspace, table: 'kv', kind: 'execute' });
      for (const node of simulator.nodes.keys()) {
        const here = records.filter((r) => r.node === node);
        expect(new Set(here.map((r) => r.shard)).size).toBe(simulator.shards);
        const viaShardAwarePort = new Set(here.filter((r) => r.port === 'shard-aware').map((r) => r.shard));
        expect(viaShardAwarePort.size).toBeGreaterThanOrEqual(simulator.shards - 1); // the first one: regular port
      }
    });

    it('sends every token-routed prepared request to an owning shard', () => {
      const records = simulator.requests({ keyspace, table: 'kv', kind: 'execute' });
      expect(records).toHaveLength(KEYS);
      expect(records.filter((r) => !r.onOwner)).toEqual([]);
    });

    it('learns each tablet from one payload, then routes its requests to a replica', () => {
      const records = simulator.requests({ keyspace, table: 'tab', kind: 'execute' });
      expect(records).toHaveLength(2 * KEYS);
      const first = records.slice(0, KEYS);
      const second = records.slice(KEYS);
      const tablets = simulator.tablets(keyspace, 'tab');
      const misroutesPerTablet = new Map<bigint, number>();
      for (const r of first.filter((r) => !r.onOwner)) {
        const tablet = tablets.find((t) => r.token! > t.firstToken && r.token! <= t.lastToken)!;
        misroutesPerTablet.set(tablet.lastToken, (misroutesPerTablet.get(tablet.lastToken) ?? 0) + 1);
      }
      for (const count of misroutesPerTablet.values()) expect(count).toBe(1);
      expect(first.filter((r) => r.tabletPayload).length).toBe(misroutesPerTablet.size);
      expect(second.filter((r) => !r.onOwner)).toEqual([]);
      expect(report.tabletsLearned).toBe(misroutesPerTablet.size);
      process.stderr.write(
        `[python scylla-driver ${report.driverVersion}] ${simulator.nodes.length} node(s), RF ${rf}: ` +
          `shards covered ${report.hosts.map((h) => h.shards.length).join('/')}, ` +
          `token-routed on owner ${KEYS - simulator.requests({ keyspace, table: 'kv' }).filter((r) => !r.onOwner).length}/${KEYS}, ` +
          `tablet misroutes ${misroutesPerTablet.size} of ${tablets.length} tablets then 0/${KEYS}, ` +
          `metadata ids ${report.metadataIds.join('/')}, Metadata_changed answers ` +
          `${simulator.requests({ keyspace, table: 'wide' }).filter((r) => r.metadataChanged).length}\n`,
      );
    });
  });
}
