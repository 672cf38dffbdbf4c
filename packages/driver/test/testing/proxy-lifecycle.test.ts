import * as net from 'node:net';

import { Connection } from '../../src/connection/connection';
import { ConnectionClosedError, ProtocolDecodeError } from '../../src/errors';
import { ByteReader } from '../../src/binary/byte-reader';
import { Opcode } from '../../src/protocol/opcodes';
import { Condition, CqlProxy, Reaction, rule } from '../../src/testing';
import { echo, FakeCqlServer } from '../fake-cql/fake-cql-server';
import { trackDriverHandles } from '../driver-handles';
import { query, sleep } from './proxy-fixture';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

const open = (proxy: CqlProxy, node = 0) =>
  Connection.open(proxy.nodes[node]!.address.host, proxy.nodes[node]!.address.port, {
    heartbeatIntervalMs: 0,
    connectTimeoutMs: 2000,
  });

describe('CqlProxy lifecycle', () => {
  let server: FakeCqlServer;

  beforeEach(async () => {
    server = await FakeCqlServer.start({
      onRequest: (request, client) =>
        request.opcode === Opcode.QUERY && new ByteReader(request.body).readLongString().includes('hang')
          ? []
          : echo(request, client),
    });
  });

  afterEach(async () => {
    await server.close();
  });

  it('rejects options without nodes', async () => {
    await expect(CqlProxy.start({ nodes: [] })).rejects.toThrow(TypeError);
  });

  it('listens per node on loopback addresses and maps real nodes to them', async () => {
    await using proxy = await CqlProxy.start({
      nodes: [
        { listen: { host: '127.0.1.1' }, target: server.endpoint },
        { listen: { host: '127.0.1.2', port: 0 }, target: { host: '127.0.0.9', port: 9042 } },
      ],
    });
    const [first, second] = proxy.nodes;
    expect(first!.address.host).toBe('127.0.1.1');
    expect(second!.address.host).toBe('127.0.1.2');
    expect(first!.address.port).toBeGreaterThan(0);
    expect(proxy.contactPoints()).toEqual([first!.endpoint, second!.endpoint]);
    expect(proxy.translationMap()).toEqual({
      [`127.0.0.1:${server.endpoint.port}`]: first!.endpoint,
      '127.0.0.9:9042': second!.endpoint,
    });
    const translator = proxy.addressTranslator();
    expect(translator.translate('127.0.0.1', server.endpoint.port)).toEqual({
      address: '127.0.1.1',
      port: first!.address.port,
    });
    expect(translator.translate('127.0.0.9', 9042)).toEqual({
      address: '127.0.1.2',
      port: second!.address.port,
    });
    expect(translator.translate('10.1.1.1', 9042)).toEqual({ address: '10.1.1.1', port: 9042 });
    const connection = await open(proxy);
    expect((await connection.send(query('SELECT 1'))).opcode).toBe(Opcode.RESULT);
    await connection.close();
  });

  it('close() closes every connection, fails requests in flight and leaves no handle open', async () => {
    // Only the driver's own handles (proxy and connection): the test runner's timers come and go.
    const handles = trackDriverHandles();
    const proxy = await CqlProxy.start({ nodes: [{ target: server.endpoint }] });
    proxy.nodes[0]!.setRequestRules([
      rule(Condition.opcode(Opcode.QUERY).and(Condition.bodyContains('late')), Reaction.delay(10_000)),
    ]);
    const connection = await open(proxy);
    const hanging = connection.send(query('SELECT hang')).catch((e: unknown) => e);
    const delayed = connection.send(query('SELECT late')).catch((e: unknown) => e);
    await waitFor(() => server.client.requests.length === 1);
    expect(proxy.nodes[0]!.connections).toHaveLength(1);
    await proxy.close();
    expect(await hanging).toBeInstanceOf(ConnectionClosedError);
    expect(await delayed).toBeInstanceOf(ConnectionClosedError);
    expect(proxy.nodes[0]!.connections).toHaveLength(0);
    await proxy.close(); // idempotent
    await connection.close();
    await waitFor(() => server.client.closed);
    try {
      expect(await handles.settled()).toEqual([]);
    } finally {
      handles.stop();
    }
  });

  it('await using closes the proxy', async () => {
    let port = 0;
    {
      await using proxy = await CqlProxy.start({ nodes: [{ target: server.endpoint }] });
      port = proxy.nodes[0]!.address.port;
    }
    await expect(Connection.open('127.0.0.1', port, { connectTimeoutMs: 1000 })).rejects.toThrow();
  });

  it('tracks the streams forwarded to the node and not answered yet', async () => {
    await using proxy = await CqlProxy.start({ nodes: [{ target: server.endpoint }] });
    const connection = await open(proxy);
    const hanging = [connection.send(query('SELECT hang 1')), connection.send(query('SELECT hang 2'))];
    await connection.send(query('SELECT answered'));
    await waitFor(() => server.client.requests.length === 3);
    const streams = server.client.requests
      .filter((r) => new ByteReader(r.body).readLongString().includes('hang'))
      .map((r) => r.stream)
      .sort((a, b) => a - b);
    expect(proxy.nodes[0]!.connections[0]!.pendingStreams).toEqual(streams);
    await connection.close();
    await Promise.allSettled(hanging);
  });

  it('closeConnections() drops the connections but keeps listening', async () => {
    await using proxy = await CqlProxy.start({ nodes: [{ target: server.endpoint }] });
    const first = await open(proxy);
    const closed = new Promise((resolve) => first.onClose(resolve));
    await proxy.nodes[0]!.closeConnections();
    await closed;
    expect(first.closed).toBe(true);
    const second = await open(proxy);
    expect((await second.send(query('SELECT again'))).opcode).toBe(Opcode.RESULT);
    expect(proxy.nodes[0]!.acceptedConnections).toBe(2);
    expect(proxy.nodes[0]!.connections.map((c) => c.ordinal)).toEqual([1]);
    await second.close();
  });

  it('fails to start when a listen address is taken, closing the nodes already started', async () => {
    const port = await freePort();
    await expect(
      CqlProxy.start({
        nodes: [
          { listen: { host: '127.0.0.1', port }, target: server.endpoint },
          { listen: { host: '127.0.0.1', port }, target: server.endpoint },
        ],
      }),
    ).rejects.toThrow(/EADDRINUSE/);
    await using proxy = await CqlProxy.start({
      nodes: [{ listen: { host: '127.0.0.1', port }, target: server.endpoint }],
    });
    expect(proxy.nodes[0]!.address.port).toBe(port);
  });

  it('reports an unreachable node and closes the driver side', async () => {
    const reported: [string, number][] = [];
    await using proxy = await CqlProxy.start({
      nodes: [{ target: { host: '127.0.0.1', port: await freePort() } }],
      onError: (error, node) => reported.push([error.message, node]),
    });
    await expect(open(proxy)).rejects.toThrow();
    await waitFor(() => proxy.errors.length > 0);
    expect(proxy.errors[0]!.message).toMatch(/cannot reach 127\.0\.0\.1:\d+/);
    expect(reported[0]![1]).toBe(0);
  });

  it('reports undecodable traffic and closes that connection', async () => {
    await using proxy = await CqlProxy.start({ nodes: [{ target: server.endpoint }] });
    const socket = net.connect(proxy.nodes[0]!.address.port, '127.0.0.1');
    socket.on('error', () => undefined);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(Buffer.from([0x42, 0, 0, 1, 5, 0, 0, 0, 0]));
    await closed;
    expect(proxy.errors[0]).toBeInstanceOf(ProtocolDecodeError);
  });

  it('a throwing condition or feedback callback is reported, not fatal', async () => {
    await using proxy = await CqlProxy.start({ nodes: [{ target: server.endpoint }] });
    proxy.nodes[0]!.setRequestRules([
      rule(
        Condition.when((f) => {
          if (f.body.includes('boom')) throw new Error('condition exploded');
          return false;
        }),
        Reaction.drop(),
      ),
      rule(
        Condition.bodyContains('feedback'),
        Reaction.pass().withFeedback(() => {
          throw new Error('feedback exploded');
        }),
      ),
    ]);
    const connection = await open(proxy);
    expect((await connection.send(query('SELECT boom'))).opcode).toBe(Opcode.RESULT);
    expect((await connection.send(query('SELECT feedback'))).opcode).toBe(Opcode.RESULT);
    expect(proxy.errors.map((e) => e.message)).toEqual(['condition exploded', 'feedback exploded']);
    await connection.close();
  });
});
