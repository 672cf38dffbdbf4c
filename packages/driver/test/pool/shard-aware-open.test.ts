import * as net from 'node:net';

import { resolveConnectionOptions } from '../../src/connection/connection-options';
import { openToShard } from '../../src/pool/shard-aware-open';
import { Sharder } from '../../src/routing/sharder';
import { FakeCqlServer } from '../fake-cql/fake-cql-server';

/** Listens on `port` of every interface, so no socket can bind it; undefined when it is taken. */
async function occupy(port: number): Promise<net.Server | undefined> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}

describe('openToShard', () => {
  let server: FakeCqlServer;
  let holder: net.Server | undefined;

  beforeEach(async () => {
    server = await FakeCqlServer.start({ supportedVersions: [4] });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await server.close();
    await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
    holder = undefined;
  });

  it('steps to the next port of the shard when the local port is in use', async () => {
    const sharder = new Sharder(4, 12);
    const shard = 2;
    // hold one of the shard's ports (the first one this test can listen on), and make it the
    // first port openToShard tries
    const ports = [...sharder.sourcePortsFor(shard, () => 0)];
    let index = 0;
    for (; index < ports.length && holder === undefined; index++) holder = await occupy(ports[index]!);
    const taken = ports[--index]!;
    expect(holder).toBeDefined();
    jest.spyOn(Math, 'random').mockReturnValue((index + 0.5) / ports.length);
    const options = resolveConnectionOptions({
      protocolVersion: 4,
      compression: false,
      heartbeatIntervalMs: 0,
    });

    const connection = await openToShard('127.0.0.1', server.port, shard, sharder, options);
    try {
      const sourcePort = server.client.socket.remotePort!;
      expect(sourcePort).not.toBe(taken);
      expect(sharder.shardOfSourcePort(sourcePort)).toBe(shard);
    } finally {
      await connection.close();
    }
  });
});
