import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConnectionClosedError,
  ConnectionError,
  InvalidRequestError,
  ProtocolDecodeError,
  RequestAbortedError,
  StreamsExhaustedError,
} from '../../src/errors';
import { Connection, ConnectionOptions } from '../../src/connection';
import { CancelToken } from '../../src/connection/cancel-token';
import { ByteReader } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import { EnvelopeFlag, Opcode } from '../../src/protocol/opcodes';
import { OptionsRequest } from '../../src/protocol/handshake';
import {
  errorBody,
  FakeCqlServer,
  FakeCqlServerOptions,
  RawRequest,
  VOID_RESULT,
} from '../fake-cql/fake-cql-server';
import type { Envelope } from '../../src/protocol/envelope';
import { until } from '../wait-until';

const servers: FakeCqlServer[] = [];
const connections: Connection[] = [];

async function setup(
  serverOptions: FakeCqlServerOptions = {},
  options: ConnectionOptions = {},
): Promise<{ server: FakeCqlServer; connection: Connection }> {
  const server = await FakeCqlServer.start(serverOptions);
  servers.push(server);
  const connection = await Connection.open('127.0.0.1', server.port, { heartbeatIntervalMs: 0, ...options });
  connections.push(connection);
  return { server, connection };
}

afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Holds requests; the test answers them. */
function holdingServer(extra: FakeCqlServerOptions = {}): FakeCqlServerOptions {
  return { ...extra, onRequest: () => undefined };
}

const echo = (request: Envelope) => ({ stream: request.stream, opcode: Opcode.RESULT, body: request.body });

describe.each([
  ['v3', { protocolVersion: 3, compression: false }, 3, null],
  ['v4', { protocolVersion: 4, compression: false }, 4, null],
  ['v4 + lz4', { protocolVersion: 4, compression: 'lz4' }, 4, 'lz4'],
  ['v4 + snappy', { protocolVersion: 4, compression: 'snappy' }, 4, 'snappy'],
  ['v5', { compression: false }, 5, null],
  ['v5 + lz4', {}, 5, 'lz4'],
  ['v5 asked for snappy → lz4', { compression: 'snappy' }, 5, 'lz4'],
] as const)('multiplexing over %s', (_name, options, version, compression) => {
  it('answers many concurrent requests out of order, each to its caller', async () => {
    const { server, connection } = await setup(holdingServer(), options as ConnectionOptions);
    expect(connection.protocolVersion).toBe(version);
    expect(connection.compression).toBe(compression);
    expect(server.client.startupOptions?.['COMPRESSION']).toBe(compression ?? undefined);

    const count = 2000;
    const payloads = Array.from({ length: count }, (_, i) =>
      Buffer.from(`request-${i}-`.repeat((i % 50) + 1)),
    );
    const pending = payloads.map((p) => connection.send(new RawRequest(p)));
    expect(connection.inFlight).toBe(count);
    await until(() => server.client.requests.length === count);
    const requests = [...server.client.requests].reverse();
    for (let i = 0; i < requests.length; i += 100)
      server.client.reply(...requests.slice(i, i + 100).map(echo));
    const frames = await Promise.all(pending);
    frames.forEach((frame, i) => {
      expect(frame.opcode).toBe(Opcode.RESULT);
      expect(frame.version).toBe(version);
      expect(frame.body.equals(payloads[i]!)).toBe(true);
    });
    expect(new Set(server.client.requests.map((r) => r.stream)).size).toBe(count);
    expect(connection.inFlight).toBe(0);
  });

  it('carries requests and responses larger than a v5 segment (and compressible ones)', async () => {
    const { server, connection } = await setup(
      { onRequest: (r, c) => c.reply(echo(r)) },
      options as ConnectionOptions,
    );
    const big = Buffer.alloc(600_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
    const text = Buffer.from('compressible '.repeat(30_000));
    const [a, b, c] = await Promise.all([
      connection.send(new RawRequest(big)),
      connection.send(new RawRequest(Buffer.from('small'))),
      connection.send(new RawRequest(text)),
    ]);
    expect(a.body.equals(big)).toBe(true);
    expect(b.body.toString()).toBe('small');
    expect(c.body.equals(text)).toBe(true);
    expect(server.decodeErrors).toEqual([]);
  });
});

describe('write coalescing and backpressure', () => {
  it.each([
    ['v4', { protocolVersion: 4 }],
    ['v5', {}],
  ] as const)('writes every frame of one tick with one socket.write (%s)', async (_name, options) => {
    const { server, connection } = await setup({}, options as ConnectionOptions);
    const writesBefore = connection.socketWrites;
    const eventsBefore = server.client.dataEvents;
    const pending = Array.from({ length: 200 }, (_, i) =>
      connection.send(new RawRequest(Buffer.from(`q${i}`))),
    );
    await Promise.all(pending);
    expect(connection.socketWrites - writesBefore).toBe(1);
    expect(server.client.dataEvents - eventsBefore).toBe(1);
    expect(server.client.requests).toHaveLength(200);
  });

  it('coalesces sends issued from promise callbacks of the same tick', async () => {
    const { connection } = await setup();
    const before = connection.socketWrites;
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await Promise.resolve();
        return connection.send(new RawRequest(Buffer.from([i])));
      }),
    );
    expect(connection.socketWrites - before).toBe(1);
  });

  it.each([
    ['v4', { protocolVersion: 4, compression: false }],
    ['v5', { compression: false }],
  ] as const)(
    'encodes the next write into the buffer a socket took whole, and never into one it still holds (%s)',
    async (_name, options) => {
      const { server, connection } = await setup(
        { onRequest: (r, c) => c.reply({ ...echo(r), body: VOID_RESULT }) },
        options as ConnectionOptions,
      );
      const socket = (connection as unknown as { socket: import('node:net').Socket }).socket;
      const written: { buffer: ArrayBufferLike; offset: number; queued: number }[] = [];
      const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
      jest.spyOn(socket, 'write').mockImplementation(((chunk: Buffer) => {
        const ok = write(chunk);
        written.push({ buffer: chunk.buffer, offset: chunk.byteOffset, queued: socket.writableLength });
        return ok;
      }) as never);

      // The server reads: each write goes to the kernel at once, and the next one reuses its buffer.
      for (let round = 0; round < 5; round++) {
        await Promise.all(
          Array.from({ length: 20 }, () => connection.send(new RawRequest(Buffer.alloc(500, round)))),
        );
      }
      const quiet = written.filter((w) => w.queued === 0);
      expect(quiet.length).toBeGreaterThanOrEqual(5);
      expect(new Set(quiet.map((w) => w.buffer)).size).toBe(1);
      expect(new Set(quiet.map((w) => w.offset)).size).toBe(1);

      // The server stops reading: once the kernel's buffers are full a write stays queued in Node
      // (below the high-water mark, so writing goes on); what follows must not overwrite it.
      server.client.socket.pause();
      const payload = (i: number) => Buffer.alloc(6000, (i * 7) & 0xff);
      const pending: Promise<Envelope>[] = [];
      let i = 0;
      while (!written.some((w) => w.queued > 0) && i < 20_000) {
        pending.push(connection.send(new RawRequest(payload(i++))));
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(written.some((w) => w.queued > 0)).toBe(true);
      for (const stop = i + 20; i < stop; i++) {
        pending.push(connection.send(new RawRequest(payload(i))));
        await new Promise((resolve) => setImmediate(resolve));
      }
      server.client.socket.resume();
      await Promise.all(pending);
      const bodies = server.client.requests.slice(100).map((r) => r.body);
      expect(bodies).toHaveLength(i);
      bodies.forEach((body, k) => expect(body.equals(payload(k))).toBe(true));
      expect(server.decodeErrors).toEqual([]);
    },
    30_000,
  );

  it('stops writing while the server does not read, and resumes on drain', async () => {
    const { server, connection } = await setup(
      { onRequest: (r, c) => c.reply({ ...echo(r), body: VOID_RESULT }) },
      { compression: false }, // LZ4 would shrink the test payload to nothing
    );
    server.client.socket.pause();
    const chunk = Buffer.alloc(4 << 20, 1);
    const pending: Promise<Envelope>[] = [];
    for (let tick = 0; tick < 100 && !connection.backpressured; tick++) {
      pending.push(connection.send(new RawRequest(chunk)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(connection.backpressured).toBe(true);
    const writes = connection.socketWrites;
    for (let i = 0; i < 5; i++) {
      pending.push(connection.send(new RawRequest(chunk)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(connection.socketWrites).toBe(writes); // nothing written while blocked
    server.client.socket.resume();
    const frames = await Promise.all(pending);
    expect(frames).toHaveLength(pending.length);
    expect(connection.backpressured).toBe(false);
    expect(server.client.requests.every((r) => r.body.length === chunk.length)).toBe(true);
  }, 20_000);
});

describe('aborts and orphaned streams', () => {
  it('drops a request aborted before it was written, freeing its stream id at once', async () => {
    const { server, connection } = await setup();
    const controller = new AbortController();
    const aborted = connection.send(new RawRequest(Buffer.from('never sent')), controller.signal);
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(RequestAbortedError);
    expect(connection.orphanedStreams).toBe(0);
    expect(connection.availableStreams).toBe(32768);
    await connection.send(new RawRequest(Buffer.from('sent')));
    expect(server.client.requests.map((r) => r.body.toString())).toEqual(['sent']);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { connection } = await setup();
    await expect(
      connection.send(new RawRequest(Buffer.alloc(0)), AbortSignal.abort()),
    ).rejects.toBeInstanceOf(RequestAbortedError);
  });

  it('keeps the stream id of an aborted written request until the server answers it', async () => {
    const { server, connection } = await setup(holdingServer(), { maxStreams: 2 });
    const controller = new AbortController();
    const first = connection.send(new RawRequest(Buffer.from('slow')), controller.signal);
    await until(() => server.client.requests.length === 1);
    const orphanStream = server.client.requests[0]!.stream;
    controller.abort(new Error('caller gave up'));
    await expect(first).rejects.toThrow(RequestAbortedError);
    expect(connection.orphanedStreams).toBe(1);
    expect(connection.inFlight).toBe(0);

    // the orphan's id is not reused: the only other id serves the next request, then none is left
    const second = connection.send(new RawRequest(Buffer.from('next')));
    await until(() => server.client.requests.length === 2);
    expect(server.client.requests[1]!.stream).not.toBe(orphanStream);
    await expect(connection.send(new RawRequest(Buffer.from('no id')))).rejects.toBeInstanceOf(
      StreamsExhaustedError,
    );

    // the late answer to the orphan is discarded and frees its id
    server.client.reply({ stream: orphanStream, opcode: Opcode.RESULT, body: Buffer.from('late') });
    await until(() => connection.orphanedStreams === 0);
    const third = connection.send(new RawRequest(Buffer.from('third')));
    await until(() => server.client.requests.length === 3);
    expect(server.client.requests[2]!.stream).toBe(orphanStream);
    server.client.reply(echo(server.client.requests[2]!), echo(server.client.requests[1]!));
    expect((await third).body.toString()).toBe('third');
    expect((await second).body.toString()).toBe('next');
  });

  it('closes the connection when its oldest orphan outlives maxOrphanAgeMs, though other requests are answered', async () => {
    // The node answers heartbeats and most requests, but never the "stuck" ones: the heartbeat
    // alone would keep the connection forever (it always sees answers).
    const { server, connection } = await setup(
      { onRequest: (r) => (r.body.toString() === 'stuck' ? [] : [echo(r)]) },
      { heartbeatIntervalMs: 50, maxOrphanAgeMs: 200 },
    );
    const closed = new Promise<Error | undefined>((resolve) => connection.onClose(resolve));
    const controller = new AbortController();
    const stuck = connection.send(new RawRequest(Buffer.from('stuck')), controller.signal);
    await until(() => server.client.requests.length === 1);
    controller.abort();
    await expect(stuck).rejects.toBeInstanceOf(RequestAbortedError);
    const started = Date.now();
    let answered = 0;
    while (!connection.closed && Date.now() - started < 3000) {
      await connection.send(new RawRequest(Buffer.from('busy'))).then(
        () => answered++,
        () => undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(connection.closed).toBe(true);
    const cause = await closed;
    expect(answered).toBeGreaterThan(5);
    expect(cause).toBeInstanceOf(ConnectionError);
    expect(cause!.message).toMatch(
      /oldest of 1 aborted requests has had no answer for \d+ ms \(maxOrphanAgeMs 200\)/,
    );
  });

  it('closes the connection when orphans exceed maxOrphanedStreams', async () => {
    const { server, connection } = await setup(holdingServer(), { maxOrphanedStreams: 2 });
    const controllers = [0, 1, 2].map(() => new AbortController());
    const aborted = controllers.map((c, i) => connection.send(new RawRequest(Buffer.from([i])), c.signal));
    const bystander = connection.send(new RawRequest(Buffer.from('bystander')));
    await until(() => server.client.requests.length === 4);
    const closed = new Promise<Error | undefined>((resolve) => connection.onClose(resolve));
    controllers.forEach((c) => c.abort());
    await Promise.all(aborted.map((p) => expect(p).rejects.toBeInstanceOf(RequestAbortedError)));
    const cause = await closed;
    expect(cause).toBeInstanceOf(ConnectionError);
    expect(cause!.message).toMatch(/maxOrphanedStreams 2/);
    await expect(bystander).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(connection.closed).toBe(true);
  });
});

describe("CancelToken (the executor's cheap signal)", () => {
  it('drops a request cancelled before it was written, freeing its stream id at once', async () => {
    const { server, connection } = await setup();
    const token = new CancelToken();
    const cancelled = connection.send(new RawRequest(Buffer.from('never sent')), token);
    const cause = new Error('lost the race');
    token.cancel(cause);
    await expect(cancelled).rejects.toMatchObject({ constructor: RequestAbortedError, cause });
    expect(connection.orphanedStreams).toBe(0);
    expect(connection.inFlight).toBe(0);
    await connection.send(new RawRequest(Buffer.from('sent')));
    expect(server.client.requests.map((r) => r.body.toString())).toEqual(['sent']);
  });

  it('rejects at once when the token is already cancelled', async () => {
    const { server, connection } = await setup();
    const token = new CancelToken();
    token.cancel();
    const available = connection.availableStreams;
    await expect(connection.send(new RawRequest(Buffer.alloc(0)), token)).rejects.toBeInstanceOf(
      RequestAbortedError,
    );
    expect(connection.availableStreams).toBe(available);
    expect(server.client.requests).toHaveLength(0);
  });

  it('orphans a written request until the server answers it', async () => {
    const { server, connection } = await setup(holdingServer());
    const token = new CancelToken();
    const first = connection.send(new RawRequest(Buffer.from('slow')), token);
    await until(() => server.client.requests.length === 1);
    token.cancel();
    await expect(first).rejects.toBeInstanceOf(RequestAbortedError);
    expect(connection.orphanedStreams).toBe(1);
    server.client.reply({
      stream: server.client.requests[0]!.stream,
      opcode: Opcode.RESULT,
      body: Buffer.alloc(0),
    });
    await until(() => connection.orphanedStreams === 0);
  });

  it('leaves requests that settled alone, and serves several attempts one after another', async () => {
    const { server, connection } = await setup({ onRequest: (r, c) => c.reply(echo(r)) });
    const token = new CancelToken();
    expect((await connection.send(new RawRequest(Buffer.from('one')), token)).body.toString()).toBe('one');
    expect((await connection.send(new RawRequest(Buffer.from('two')), token)).body.toString()).toBe('two');
    token.cancel();
    token.cancel(); // idempotent
    expect(token.aborted).toBe(true);
    expect(connection.orphanedStreams).toBe(0);
    expect(connection.inFlight).toBe(0);
    expect(server.client.requests).toHaveLength(2);
  });

  it('cancels every request attached at the same time', async () => {
    const { server, connection } = await setup(holdingServer());
    const token = new CancelToken();
    const pending = [0, 1, 2].map((i) => connection.send(new RawRequest(Buffer.from([i])), token));
    await until(() => server.client.requests.length === 3);
    token.cancel();
    for (const p of pending) await expect(p).rejects.toBeInstanceOf(RequestAbortedError);
    expect(connection.orphanedStreams).toBe(3);
  });
});

describe('closing', () => {
  it('rejects every in-flight request with ConnectionClosedError when the server goes away', async () => {
    const { server, connection } = await setup(holdingServer());
    const pending = Array.from({ length: 10 }, () => connection.send(new RawRequest(Buffer.from('x'))));
    await until(() => server.client.requests.length === 10);
    const closed = new Promise<Error | undefined>((resolve) => connection.onClose(resolve));
    server.client.socket.destroy();
    for (const p of pending) {
      const error = await p.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect((error as ConnectionClosedError).endpoint).toBe(`127.0.0.1:${server.port}`);
      expect((error as Error).message).toContain(`127.0.0.1:${server.port}`);
      expect((error as Error).message).toMatch(/closed the connection/);
    }
    expect(await closed).toBeInstanceOf(ConnectionError);
    await expect(connection.send(new RawRequest(Buffer.alloc(0)))).rejects.toBeInstanceOf(
      ConnectionClosedError,
    );
  });

  it('rejects in-flight requests on close() and reports a clean close', async () => {
    const { connection } = await setup(holdingServer());
    const outcome = connection.send(new RawRequest(Buffer.from('x'))).catch((e: unknown) => e);
    const closed = new Promise<Error | undefined>((resolve) => connection.onClose(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    await connection.close();
    const error = await outcome;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toMatch(/closed by the client/);
    expect(await closed).toBeUndefined();
    expect(connection.closed).toBe(true);
    await connection.close(); // idempotent
  });

  it('closes on undecodable server data, naming the decode error as cause', async () => {
    const { server, connection } = await setup(holdingServer());
    const pending = connection.send(new RawRequest(Buffer.from('x')));
    await until(() => server.client.requests.length === 1);
    server.client.socket.write(Buffer.from('this is not a segment at all'));
    const error = (await pending.catch((e: unknown) => e)) as ConnectionClosedError;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error.cause).toBeInstanceOf(ProtocolDecodeError);
    expect(connection.closed).toBe(true);
  });

  it('supports await using', async () => {
    const server = await FakeCqlServer.start();
    servers.push(server);
    let kept: Connection | undefined;
    {
      await using connection = await Connection.open('127.0.0.1', server.port, { heartbeatIntervalMs: 0 });
      kept = connection;
    }
    expect(kept.closed).toBe(true);
  });
});

describe('responses', () => {
  it('rejects with the decoded ServerError, warnings attached', async () => {
    const w = new ByteWriter();
    w.writeStringList(['Aggregation query used without partition key']);
    w.writeRaw(errorBody(0x2200, 'unconfigured table nope'));
    const body = Buffer.from(w.finish());
    const { server, connection } = await setup({
      onRequest: (r, c) =>
        c.reply({ stream: r.stream, opcode: Opcode.ERROR, flags: EnvelopeFlag.WARNING, body }),
    });
    const error = (await connection
      .send(new RawRequest(Buffer.alloc(0)))
      .catch((e: unknown) => e)) as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.serverMessage).toBe('unconfigured table nope');
    expect(error.coordinator).toBe(`127.0.0.1:${server.port}`);
    expect(error.warnings).toEqual(['Aggregation query used without partition key']);
    expect(connection.closed).toBe(false);
  });

  it('delivers EVENT frames (stream -1) to listeners', async () => {
    const { server, connection } = await setup();
    const events: Envelope[] = [];
    const off = connection.onEvent((e) => events.push(e));
    server.client.reply({ stream: -1, opcode: Opcode.EVENT, body: Buffer.from('ev1') });
    await until(() => events.length === 1);
    expect(events[0]!.body.toString()).toBe('ev1');
    off();
    server.client.reply({ stream: -1, opcode: Opcode.EVENT, body: Buffer.from('ev2') });
    await connection.send(new OptionsRequest());
    expect(events).toHaveLength(1);
  });

  it('hands out stream ids in rotation: a late duplicate answer finds no live request', async () => {
    const { server, connection } = await setup(holdingServer());
    const first = connection.send(new RawRequest(Buffer.from('first')));
    await until(() => server.client.requests.length === 1);
    const firstRequest = server.client.requests[0]!;
    server.client.reply(echo(firstRequest));
    expect((await first).body.toString()).toBe('first');
    const second = connection.send(new RawRequest(Buffer.from('second')));
    await until(() => server.client.requests.length === 2);
    expect(server.client.requests[1]!.stream).not.toBe(firstRequest.stream);
    // A stale duplicate of the first answer: with ids reused last-in-first-out it would settle
    // the second request; now it meets no request and is dropped.
    server.client.reply(echo(firstRequest));
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.client.reply(echo(server.client.requests[1]!));
    expect((await second).body.toString()).toBe('second');
  });

  it('rejects with StreamsExhaustedError when every stream id is in use', async () => {
    const { server, connection } = await setup(holdingServer(), { maxStreams: 2 });
    const a = connection.send(new RawRequest(Buffer.from('a')));
    const b = connection.send(new RawRequest(Buffer.from('b')));
    await expect(connection.send(new RawRequest(Buffer.from('c')))).rejects.toBeInstanceOf(
      StreamsExhaustedError,
    );
    await until(() => server.client.requests.length === 2);
    server.client.reply(...server.client.requests.map(echo));
    await Promise.all([a, b]);
    expect(connection.availableStreams).toBe(2);
  });

  it('fails only the request whose body cannot be encoded', async () => {
    const { server, connection } = await setup();
    const broken = {
      opcode: Opcode.QUERY,
      encodeBody(w: ByteWriter) {
        w.writeRaw(Buffer.alloc(5000, 7));
        throw new TypeError('value out of range');
      },
    };
    const results = await Promise.allSettled([
      connection.send(new RawRequest(Buffer.from('before'))),
      connection.send(broken),
      connection.send(new RawRequest(Buffer.from('after'))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
    expect(server.client.requests.map((r) => r.body.toString())).toEqual(['before', 'after']);
    expect(connection.inFlight).toBe(0);
  });
});

describe('heartbeat', () => {
  it('sends OPTIONS after the idle interval', async () => {
    const { server } = await setup({}, { heartbeatIntervalMs: 40 });
    await until(() => server.client.requests.some((r) => r.opcode === Opcode.OPTIONS));
    await until(() => server.client.requests.filter((r) => r.opcode === Opcode.OPTIONS).length >= 2);
  });

  it('closes the connection when a heartbeat is not answered in time', async () => {
    const { server, connection } = await setup(
      {
        onRequest: (r, c) => {
          if (r.opcode !== Opcode.OPTIONS) c.reply(echo(r));
        },
      },
      { heartbeatIntervalMs: 40, heartbeatTimeoutMs: 60 },
    );
    const closed = new Promise<Error | undefined>((resolve) => connection.onClose(resolve));
    const cause = await closed;
    expect(cause).toBeInstanceOf(ConnectionError);
    expect(cause!.message).toMatch(/did not answer a heartbeat/);
    expect(server.client.requests.some((r) => r.opcode === Opcode.OPTIONS)).toBe(true);
  });

  it('closes a connection whose responses trickle in without completing', async () => {
    // After the handshake the node answers every request with a header announcing 10 KB and
    // then one byte every 10 ms: bytes keep arriving, no response ever completes.
    const trickles: NodeJS.Timeout[] = [];
    const { connection } = await setup(
      {
        onRequest: (r, c) => {
          // Protocol v4 without compression: a header announcing 10 KB of body, by hand.
          const frame = Buffer.alloc(9 + 10_000);
          frame[0] = 0x84;
          frame.writeInt16BE(r.stream, 2);
          frame[4] = Opcode.RESULT;
          frame.writeInt32BE(10_000, 5);
          let sent = 9;
          c.socket.write(frame.subarray(0, sent));
          const timer = setInterval(() => {
            if (sent >= frame.length || c.socket.destroyed) clearInterval(timer);
            else c.socket.write(frame.subarray(sent, ++sent));
          }, 10);
          trickles.push(timer);
        },
      },
      { protocolVersion: 4, compression: false, heartbeatIntervalMs: 100, heartbeatTimeoutMs: 100 },
    );
    try {
      const closed = new Promise<Error | undefined>((resolve) => connection.onClose(resolve));
      const request = connection.send(new RawRequest(Buffer.from('slow'))).catch((e: unknown) => e);
      await until(() => connection.closed, 2000);
      const cause = await closed;
      expect(cause).toBeInstanceOf(ConnectionError);
      expect(cause!.message).toMatch(/did not answer a heartbeat/);
      expect(await request).toBeInstanceOf(ConnectionClosedError);
    } finally {
      trickles.forEach(clearInterval);
    }
  });

  it('does not probe a connection that keeps receiving', async () => {
    const { server, connection } = await setup({}, { heartbeatIntervalMs: 100 });
    const end = Date.now() + 300;
    while (Date.now() < end) {
      await connection.send(new RawRequest(Buffer.from('busy')));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(server.client.requests.filter((r) => r.opcode === Opcode.OPTIONS)).toHaveLength(0);
  });
});

/** The version in packages/driver/package.json. */
function driverVersion(): string {
  const manifest = readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

describe('handshake', () => {
  it('sends OPTIONS then STARTUP with the driver identity and extra options', async () => {
    const { server } = await setup({}, { startupOptions: { APPLICATION_NAME: 'tests' } });
    expect(server.client.envelopes.slice(0, 2).map((e) => e.opcode)).toEqual([
      Opcode.OPTIONS,
      Opcode.STARTUP,
    ]);
    expect(server.client.startupOptions).toEqual({
      CQL_VERSION: '3.0.0',
      DRIVER_NAME: 'cqlkit',
      DRIVER_VERSION: driverVersion(),
      COMPRESSION: 'lz4',
      APPLICATION_NAME: 'tests',
    });
  });

  it('uses no compression when the server offers none', async () => {
    const { connection, server } = await setup({ compression: [] }, { compression: 'lz4' });
    expect(connection.compression).toBeNull();
    expect(server.client.startupOptions?.['COMPRESSION']).toBeUndefined();
  });

  it('reads the SUPPORTED body through a public decoder', async () => {
    const { connection } = await setup();
    const frame = await connection.send(new OptionsRequest());
    expect(frame.opcode).toBe(Opcode.SUPPORTED);
    expect(new ByteReader(frame.body).readStringMultimap()['COMPRESSION']).toEqual(['lz4', 'snappy']);
  });
});
