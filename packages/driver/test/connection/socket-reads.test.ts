/**
 * How a connection's socket is read: plain TCP through one read buffer shared by every socket
 * (Node's `onread`), each read copied out before the next; TLS through `'data'` events. Whatever
 * the path, every chunk handed on is the receiver's to keep.
 */
import * as net from 'node:net';
import { resolveConnectionOptions } from '../../src/connection/connection-options';
import { openSocket, SocketInbound } from '../../src/connection/socket-open';
import { until } from '../wait-until';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A TCP server on 127.0.0.1 that hands its accepted sockets to the test. */
async function startServer(): Promise<{ port: number; accepted: Promise<net.Socket> }> {
  let accept!: (socket: net.Socket) => void;
  const accepted = new Promise<net.Socket>((resolve) => (accept = resolve));
  const server = net.createServer((socket) => {
    cleanups.push(() => socket.destroy());
    accept(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => server.close());
  return { port: (server.address() as net.AddressInfo).port, accepted };
}

async function connect(port: number, inboundChunks: Buffer[]): Promise<net.Socket> {
  const { socket, inbound } = await openSocket(
    '127.0.0.1',
    port,
    `127.0.0.1:${port}`,
    resolveConnectionOptions({}),
    new AbortController().signal,
  );
  cleanups.push(() => socket.destroy());
  inbound.attach((chunk) => inboundChunks.push(chunk));
  return socket;
}

describe('reading a plain TCP socket', () => {
  it('hands on chunks that later reads, of this socket or another, never overwrite', async () => {
    const a = await startServer();
    const b = await startServer();
    const fromA: Buffer[] = [];
    const fromB: Buffer[] = [];
    await connect(a.port, fromA);
    await connect(b.port, fromB);
    const serverA = await a.accepted;
    const serverB = await b.accepted;

    serverA.write(Buffer.alloc(1000, 0xaa));
    await until(() => fromA.reduce((n, c) => n + c.length, 0) === 1000);
    serverB.write(Buffer.alloc(3000, 0xbb));
    await until(() => fromB.reduce((n, c) => n + c.length, 0) === 3000);
    serverA.write(Buffer.alloc(2000, 0xcc));
    await until(() => fromA.reduce((n, c) => n + c.length, 0) === 3000);

    const bytesA = Buffer.concat(fromA);
    expect(bytesA.subarray(0, 1000).every((byte) => byte === 0xaa)).toBe(true);
    expect(bytesA.subarray(1000).every((byte) => byte === 0xcc)).toBe(true);
    expect(Buffer.concat(fromB).every((byte) => byte === 0xbb)).toBe(true);
  });

  it('delivers more than one read buffer of bytes in order, whatever the read sizes', async () => {
    const server = await startServer();
    const chunks: Buffer[] = [];
    await connect(server.port, chunks);
    const peer = await server.accepted;
    const sent = Buffer.alloc(1_000_000);
    for (let i = 0; i < sent.length; i++) sent[i] = (i * 7919) % 251;
    peer.write(sent);
    await until(() => chunks.reduce((n, c) => n + c.length, 0) === sent.length, 5000);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(sent)).toBe(true);
  });
});

describe('SocketInbound', () => {
  it('keeps the chunks that arrive before the receiver attaches, then hands them on in order', () => {
    const inbound = new SocketInbound();
    inbound.deliver(Buffer.from('one'));
    inbound.deliver(Buffer.from('two'));
    const received: string[] = [];
    inbound.attach((chunk) => received.push(chunk.toString()));
    inbound.deliver(Buffer.from('three'));
    expect(received).toEqual(['one', 'two', 'three']);
  });
});
