import * as net from 'node:net';

import { resolveConnectionOptions } from '../../src/connection/connection-options';
import { openToShard } from '../../src/pool/shard-aware-open';
import { Sharder } from '../../src/routing/sharder';
import { FakeCqlServer } from '../fake-cql/fake-cql-server';

/** Holds `port` on every interface (or finds it already held by someone else). */
async function occupy(port: number): Promise<net.Server | undefined> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined)); // in use already: as good for the test
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
    jest.spyOn(Math, 'random').mockReturnValue(0); // the shard's ports from the first one
    const taken = sharder.sourcePortsFor(shard, () => 0).next().value as number;
    holder = await occupy(taken);
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
