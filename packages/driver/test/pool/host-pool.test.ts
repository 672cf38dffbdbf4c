import { Host } from '../../src/cluster/host';
import { resolveConnectionOptions } from '../../src/connection/connection-options';
import { HostPool } from '../../src/pool/host-pool';
import { ConstantReconnectionPolicy } from '../../src/policies/reconnection';
import { TimerQueue } from '../../src/structures/timer-queue';
import { eventually } from '../cluster/cluster-fixture';
import { FakeRing } from '../fake-cql/fake-ring';

describe('HostPool', () => {
  let ring: FakeRing;
  const pools: HostPool[] = [];

  beforeEach(async () => {
    ring = await FakeRing.start(1);
  });

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
    await ring.stop();
  });

  function pool(size: number, failures: string[] = []): HostPool {
    const node = ring.nodes[0]!;
    const p = new HostPool(new Host({ address: '127.0.0.1', port: node.port }), {
      size,
      maxRequestsPerConnection: 10,
      connection: resolveConnectionOptions({
        protocolVersion: 4,
        compression: false,
        heartbeatIntervalMs: 0,
      }),
      reconnectionPolicy: new ConstantReconnectionPolicy(50),
      timers: new TimerQueue(),
      useKeyspaceTimeoutMs: 5000,
      onFailure: (_h, error, open) => failures.push(`${open}: ${error.message}`),
    });
    pools.push(p);
    return p;
  }

  it('opens its connections, grows and shrinks with resize()', async () => {
    const p = pool(2);
    await p.warmup(true);
    expect(p.size).toBe(2);
    p.resize(3);
    await eventually(() => p.size === 3 && ring.nodes[0]!.connectionCount === 3, 2000, '3 connections');
    p.resize(1);
    expect(p.size).toBe(1);
    await eventually(() => ring.nodes[0]!.connectionCount === 1, 2000, 'the surplus closed');
  });

  it('refills a lost connection every time, also after a refill that needed no waiting', async () => {
    const p = pool(2);
    await p.warmup(true);
    for (let round = 0; round < 3; round++) {
      await p.openConnections[0]!.close();
      expect(p.size).toBe(1);
      await eventually(() => p.size === 2, 2000, `refilled (round ${round})`);
    }
  });

  it('reports failures with the connections left, and refills unless suspended', async () => {
    const failures: string[] = [];
    const p = pool(1, failures);
    await p.warmup();
    p.suspend();
    await ring.nodes[0]!.stop();
    await eventually(() => p.size === 0, 2000, 'the connection lost');
    expect(failures[0]).toMatch(/^0: /);
    await ring.nodes[0]!.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(p.size).toBe(0); // suspended: no refill
    p.resume();
    await eventually(() => p.size === 1, 2000, 'refilled after resume()');
  });

  it('rejects warmup() with the opening error when the host is unreachable', async () => {
    await ring.nodes[0]!.stop();
    const failures: string[] = [];
    const p = pool(1, failures);
    await expect(p.warmup()).rejects.toMatchObject({ name: expect.stringMatching(/Connection/) });
    expect(failures).toHaveLength(1);
    expect(p.lastError).toBeDefined();
  });
});
