/**
 * The driver's own requests (USE, REGISTER, PREPARE on one connection): one helper applies their
 * deadline and decodes their answers; against fake nodes, a node that never answers no longer
 * blocks a pool or the control connection forever.
 */
import { Cluster } from '../../src/cluster';
import type { Connection } from '../../src/connection/connection';
import { ErrorCode, OperationTimedOutError, OverloadedError, ProtocolDecodeError } from '../../src/errors';
import { Opcode } from '../../src/protocol/opcodes';
import { OptionsRequest } from '../../src/protocol/handshake';
import { runInternalRequest } from '../../src/request/internal-request';
import { TimerQueue } from '../../src/structures/timer-queue';
import { CapturedLog, ringOptions, trackClusters } from '../cluster/cluster-fixture';
import { FakeRing, type FakeNode } from '../fake-cql/fake-ring';
import { FakeConnection, resultEnvelope } from './fake-execution';

describe('runInternalRequest', () => {
  const timers = new TimerQueue();

  function run(connection: FakeConnection, timeoutMs = 0): ReturnType<typeof runInternalRequest<'result'>> {
    return runInternalRequest({
      connection: connection as unknown as Connection,
      message: new OptionsRequest(),
      what: 'TEST',
      expect: 'result',
      timeoutMs,
      timers,
    });
  }

  it('decodes the expected answer', async () => {
    const connection = new FakeConnection('10.0.0.1:9042');
    expect((await run(connection)).result).toEqual({ kind: 'void' });
  });

  it('rejects another message as a protocol error naming the request and the node', async () => {
    const connection = new FakeConnection('10.0.0.1:9042');
    connection.replies = [{ ...resultEnvelope(), opcode: Opcode.READY, body: Buffer.alloc(0) }];
    const error = await run(connection).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolDecodeError);
    expect((error as Error).message).toBe(
      '10.0.0.1:9042 answered TEST with a READY message instead of RESULT',
    );
  });

  it('passes server errors on as they are', async () => {
    const connection = new FakeConnection('10.0.0.1:9042');
    const overloaded = new OverloadedError({ code: ErrorCode.OVERLOADED, message: 'busy' });
    connection.replies = [overloaded];
    await expect(run(connection, 1000)).rejects.toBe(overloaded);
    expect(timers.size).toBe(0);
  });

  it('abandons the request at the deadline with an OperationTimedOutError', async () => {
    const connection = new FakeConnection('10.0.0.1:9042');
    connection.replies = ['hang'];
    const error = (await run(connection, 30).catch((e: unknown) => e)) as OperationTimedOutError;
    expect(error).toBeInstanceOf(OperationTimedOutError);
    expect(error.message).toBe('TEST on 10.0.0.1:9042 timed out after 30 ms');
    expect(error.attempts.map((a) => a.host)).toEqual(['10.0.0.1:9042']);
    expect(connection.sent[0]?.cancelled).toBe(true);
  });
});

describe("the driver's own requests end at a deadline", () => {
  let ring: FakeRing;
  const clusters = trackClusters();

  afterEach(async () => {
    await clusters.shutdownAll();
    await ring.stop();
  });

  const hangOn = (node: FakeNode, opcode: number, cql?: RegExp): void => {
    node.respond = (r) =>
      r.opcode === opcode && (cql === undefined || cql.test(r.cql ?? '')) ? 'hang' : undefined;
  };

  it('USE on the connections of a node that never answers ends with a timeout', async () => {
    ring = await FakeRing.start(1);
    hangOn(ring.nodes[0]!, Opcode.QUERY, /^USE /);
    const cluster = clusters.add(
      new Cluster(ringOptions(ring, new CapturedLog(), { connectTimeoutMs: 300 })),
    );
    const error = await cluster.connect('ks').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationTimedOutError);
    expect((error as Error).message).toMatch(/USE "ks" on 127\.0\.0\.1:\d+ timed out after 300 ms/);
  }, 10_000);

  it('REGISTER on a node that never answers ends with a timeout: the control connection moves on', async () => {
    ring = await FakeRing.start(2);
    hangOn(ring.nodes[0]!, Opcode.REGISTER);
    const log = new CapturedLog();
    const cluster = clusters.add(
      new Cluster({
        ...ringOptions(ring, log, { controlConnectionTimeoutMs: 300 }),
        contactPoints: ring.nodes.map((n) => n.endpoint),
      }),
    );
    await cluster.connect();
    expect(cluster.getClusterState().controlHost?.endpoint).toBe(ring.nodes[1]!.endpoint);
  }, 10_000);
});
