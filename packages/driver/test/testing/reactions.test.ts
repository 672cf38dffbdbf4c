import { performance } from 'node:perf_hooks';

import type { Connection } from '../../src/connection/connection';
import { Consistency } from '../../src/consistency';
import {
  ConnectionClosedError,
  OverloadedError,
  RequestAbortedError,
  ServerProtocolError,
  UnavailableError,
  UnpreparedError,
  WriteTimeoutError,
} from '../../src/errors';
import { ByteReader } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import { decodeErrorResponse } from '../../src/protocol/error-response';
import {
  Condition,
  EnvelopeFlag,
  Errors,
  FeedbackQueue,
  Opcode,
  Reaction,
  rule,
  type ProxyFeedback,
} from '../../src/testing';
import { VOID_RESULT } from '../fake-cql/fake-cql-server';
import { ProxyFixture, query, sleep, startFixture } from './proxy-fixture';
import { RawCqlClient } from './raw-cql-client';

const isQuery = (text: string) => Condition.opcode(Opcode.QUERY).and(Condition.bodyContains(text));

/** The CQL texts the fake node received (QUERY bodies start with a [long string]). */
function receivedQueries(fixture: ProxyFixture): string[] {
  return fixture.server.clients.flatMap((c) =>
    c.envelopes.filter((e) => e.opcode === Opcode.QUERY).map((e) => new ByteReader(e.body).readLongString()),
  );
}

describe('CqlProxy reactions', () => {
  let fixture: ProxyFixture;
  let connection: Connection;

  beforeEach(async () => {
    fixture = await startFixture();
    connection = await fixture.open({ protocolVersion: 5, compression: 'lz4' });
  });

  afterEach(async () => {
    await fixture.close();
  });

  const node = () => fixture.proxy.nodes[0]!;

  it('pass forwards the frame and reports it to feedback', async () => {
    const seen = new FeedbackQueue();
    node().setRequestRules([rule(isQuery('hello'), Reaction.pass().withFeedback(seen))]);
    const before = performance.now();
    const response = await connection.send(query('SELECT hello'));
    expect(response.opcode).toBe(Opcode.RESULT);
    const { frame, ruleIndex, reaction, at } = await seen.next();
    expect(frame).toMatchObject({
      direction: 'request',
      opcode: Opcode.QUERY,
      version: 5,
      framed: true,
      node: 0,
      connection: 0,
    });
    expect(new ByteReader(frame.body).readLongString()).toBe('SELECT hello');
    expect(frame.stream).toBeGreaterThanOrEqual(0);
    expect({ ruleIndex, reaction }).toEqual({ ruleIndex: 0, reaction: 'pass' });
    expect(at).toBeGreaterThanOrEqual(before);
    expect(receivedQueries(fixture)).toEqual(['SELECT hello']);
  });

  it('delay holds a request back while other requests overtake it', async () => {
    node().setRequestRules([rule(isQuery('slow'), Reaction.delay(150))]);
    const start = performance.now();
    const slow = connection.send(query('SELECT slow')).then(() => performance.now() - start);
    const fast = connection.send(query('SELECT fast')).then(() => performance.now() - start);
    const [slowMs, fastMs] = await Promise.all([slow, fast]);
    expect(slowMs).toBeGreaterThanOrEqual(140);
    expect(fastMs).toBeLessThan(100);
    expect(receivedQueries(fixture)).toEqual(['SELECT fast', 'SELECT slow']);
  });

  it('delay on a response rule holds the answer back', async () => {
    node().setResponseRules([rule(Condition.inResponseTo(isQuery('late')), Reaction.delay(120))]);
    const start = performance.now();
    await connection.send(query('SELECT late'));
    expect(performance.now() - start).toBeGreaterThanOrEqual(110);
    expect(receivedQueries(fixture)).toEqual(['SELECT late']);
  });

  it('drop loses the request: it stays pending until the client aborts it', async () => {
    node().setRequestRules([rule(isQuery('lost'), Reaction.drop())]);
    const lost = connection.send(query('SELECT lost'), AbortSignal.timeout(200));
    const kept = await connection.send(query('SELECT kept'));
    expect(kept.opcode).toBe(Opcode.RESULT);
    expect(connection.inFlight).toBe(1);
    await expect(lost).rejects.toBeInstanceOf(RequestAbortedError);
    expect(receivedQueries(fixture)).toEqual(['SELECT kept']);
    expect(node().connections[0]!.pendingStreams).toEqual([]);
  });

  it('drop on a response rule: the node answered, the driver never hears of it', async () => {
    node().setResponseRules([rule(Condition.inResponseTo(isQuery('mute')), Reaction.drop())]);
    const muted = connection.send(query('SELECT mute'), AbortSignal.timeout(150));
    await expect(muted).rejects.toBeInstanceOf(RequestAbortedError);
    expect(receivedQueries(fixture)).toEqual(['SELECT mute']);
  });

  it('forgeError answers on the request stream and the node never sees the request', async () => {
    node().setRequestRules([
      rule(
        isQuery('INSERT'),
        Reaction.forgeError(
          Errors.writeTimeout({
            consistency: Consistency.QUORUM,
            received: 1,
            blockFor: 2,
            writeType: 'SIMPLE',
          }),
        ),
      ),
    ]);
    const error = await connection.send(query('INSERT INTO ks.t (a) VALUES (1)')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteTimeoutError);
    expect(error).toMatchObject({
      consistency: Consistency.QUORUM,
      received: 1,
      blockFor: 2,
      writeType: 'SIMPLE',
    });
    expect(receivedQueries(fixture)).toEqual([]);
    expect((await connection.send(query('SELECT ok'))).opcode).toBe(Opcode.RESULT);
  });

  it('forgeError with a delay answers late', async () => {
    node().setRequestRules([rule(isQuery('x'), Reaction.forgeError(Errors.overloaded(), { delayMs: 120 }))]);
    const start = performance.now();
    await expect(connection.send(query('SELECT x'))).rejects.toBeInstanceOf(OverloadedError);
    expect(performance.now() - start).toBeGreaterThanOrEqual(110);
  });

  it('forgeError on a response rule replaces the node answer', async () => {
    node().setResponseRules([
      rule(
        Condition.opcode(Opcode.RESULT).and(Condition.inResponseTo(isQuery('replace'))),
        Reaction.forgeError(Errors.unavailable({ consistency: Consistency.ALL, required: 3, alive: 2 })),
      ),
    ]);
    const error = await connection.send(query('SELECT replace')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ required: 3, alive: 2 });
    expect(receivedQueries(fixture)).toEqual(['SELECT replace']);
  });

  it('forgeResponse sends any opcode and body', async () => {
    node().setRequestRules([
      rule(isQuery('fake'), Reaction.forgeResponse({ opcode: Opcode.RESULT, body: VOID_RESULT })),
      rule(isQuery('computed'), Reaction.forgeResponse({ opcode: Opcode.RESULT, body: (f) => f.body })),
    ]);
    const fake = await connection.send(query('SELECT fake'));
    expect([fake.opcode, fake.body]).toEqual([Opcode.RESULT, VOID_RESULT]);
    const computed = await connection.send(query('SELECT computed'));
    expect(new ByteReader(computed.body).readLongString()).toBe('SELECT computed');
    expect(receivedQueries(fixture)).toEqual([]);
  });

  it('closeConnection closes the driver connection and fails requests in flight', async () => {
    node().setRequestRules([
      rule(isQuery('hang'), Reaction.drop()),
      rule(isQuery('kill'), Reaction.closeConnection()),
    ]);
    const hanging = connection.send(query('SELECT hang'));
    await sleep(20);
    const killed = connection.send(query('SELECT kill'));
    await expect(hanging).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(killed).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(connection.closed).toBe(true);
    await waitFor(() => node().connections.length === 0);
    expect(fixture.server.client.closed).toBe(true);
  });

  it('closeConnection with a delay lets traffic through until it fires', async () => {
    node().setResponseRules([
      rule(Condition.inResponseTo(isQuery('bye')), Reaction.closeConnection({ delayMs: 100 })),
    ]);
    const start = performance.now();
    const bye = connection.send(query('SELECT bye'));
    expect((await connection.send(query('SELECT still'))).opcode).toBe(Opcode.RESULT);
    await expect(bye).rejects.toBeInstanceOf(ConnectionClosedError);
    expect(performance.now() - start).toBeGreaterThanOrEqual(90);
  });

  it('the first matching rule wins', async () => {
    const first: ProxyFeedback[] = [];
    const second: ProxyFeedback[] = [];
    node().setRequestRules([
      rule(
        isQuery('both'),
        Reaction.forgeError(Errors.invalid()).withFeedback((f) => first.push(f)),
      ),
      rule(
        Condition.opcode(Opcode.QUERY),
        Reaction.forgeError(Errors.overloaded()).withFeedback((f) => second.push(f)),
      ),
    ]);
    await expect(connection.send(query('SELECT both'))).rejects.toMatchObject({ protocolCode: 0x2200 });
    await expect(connection.send(query('SELECT other'))).rejects.toBeInstanceOf(OverloadedError);
    expect(first.map((f) => f.ruleIndex)).toEqual([0]);
    expect(second.map((f) => [f.ruleIndex, f.reaction])).toEqual([[1, 'forge']]);
  });

  it('nthMatch and firstMatches count frames through the proxy', async () => {
    node().setRequestRules([
      rule(Condition.opcode(Opcode.QUERY).nthMatch(2), Reaction.forgeError(Errors.overloaded())),
      rule(Condition.opcode(Opcode.QUERY).firstMatches(1), Reaction.forgeError(Errors.invalid())),
    ]);
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await connection.send(query(`SELECT ${i}`)).then(
          () => 'ok',
          (e: Error) => e.constructor.name,
        ),
      );
    }
    expect(outcomes).toEqual(['InvalidRequestError', 'OverloadedError', 'ok', 'ok']);
  });

  it('probability with a seed replays the same faults', async () => {
    const run = async (seed: number): Promise<boolean[]> => {
      node().setRequestRules([
        rule(
          Condition.opcode(Opcode.QUERY).and(Condition.probability(0.5, { seed })),
          Reaction.forgeError(Errors.overloaded()),
        ),
      ]);
      const outcomes: boolean[] = [];
      for (let i = 0; i < 16; i++) {
        outcomes.push(
          await connection.send(query('SELECT r')).then(
            () => true,
            () => false,
          ),
        );
      }
      return outcomes;
    };
    const first = await run(2024);
    expect(await run(2024)).toEqual(first);
    expect(first).toContain(true);
    expect(first).toContain(false);
  });

  it('rules are replaced, extended and cleared at runtime', async () => {
    const outcome = () =>
      connection.send(query('SELECT q')).then(
        () => 'ok',
        (e: Error) => e.constructor.name,
      );
    node().setRequestRules([rule(Condition.opcode(Opcode.QUERY), Reaction.forgeError(Errors.overloaded()))]);
    expect(await outcome()).toBe('OverloadedError');
    node().setRequestRules([rule(Condition.opcode(Opcode.QUERY), Reaction.forgeError(Errors.invalid()))]);
    expect(await outcome()).toBe('InvalidRequestError');
    node().prependRequestRules([
      rule(Condition.opcode(Opcode.QUERY), Reaction.forgeError(Errors.syntaxError())),
    ]);
    expect(await outcome()).toBe('CqlSyntaxError');
    node().clearRules();
    expect(await outcome()).toBe('ok');
    node().appendRequestRules([
      rule(Condition.opcode(Opcode.QUERY), Reaction.forgeError(Errors.overloaded())),
    ]);
    node().appendResponseRules([rule(Condition.always(), Reaction.drop())]);
    expect(node().requestRules).toHaveLength(1);
    expect(node().responseRules).toHaveLength(1);
    expect(await outcome()).toBe('OverloadedError');
    node().prependResponseRules([]);
    fixture.proxy.clearRules();
    expect(await outcome()).toBe('ok');
  });

  it('response feedback carries the request answered', async () => {
    const seen = new FeedbackQueue();
    node().setResponseRules([rule(Condition.opcode(Opcode.RESULT), Reaction.pass().withFeedback(seen))]);
    await connection.send(query('SELECT fb'));
    const { frame } = await seen.next();
    expect(frame.direction).toBe('response');
    expect(frame.request?.opcode).toBe(Opcode.QUERY);
    expect(frame.request?.stream).toBe(frame.stream);
    await expect(seen.next(30)).rejects.toThrow(/no matched frame/);
  });

  it('re-frames a v5 segment when one of its envelopes is dropped', async () => {
    node().setRequestRules([rule(isQuery('drop-me'), Reaction.drop())]);
    const texts = ['SELECT a', 'SELECT drop-me', 'SELECT b'.padEnd(3000, 'b'), 'SELECT c'];
    const results = texts.map((t) =>
      connection.send(query(t), AbortSignal.timeout(300)).then(
        () => 'ok',
        () => 'lost',
      ),
    );
    expect(await Promise.all(results)).toEqual(['ok', 'lost', 'ok', 'ok']);
    expect(receivedQueries(fixture)).toEqual([texts[0], texts[2], texts[3]]);
  });

  it('conditions on the connection ordinal single out one connection', async () => {
    const second = await fixture.open({ protocolVersion: 5, compression: false });
    node().setRequestRules([
      rule(
        Condition.connection(1).and(Condition.opcode(Opcode.QUERY)),
        Reaction.forgeError(Errors.overloaded()),
      ),
    ]);
    expect((await connection.send(query('SELECT one'))).opcode).toBe(Opcode.RESULT);
    await expect(second.send(query('SELECT two'))).rejects.toBeInstanceOf(OverloadedError);
  });

  it('registered connections are flagged and receive injected events', async () => {
    const register = {
      opcode: Opcode.REGISTER,
      encodeBody: (w: ByteWriter) => void w.writeStringList(['STATUS_CHANGE']),
    };
    const other = await fixture.open({ protocolVersion: 4, compression: 'lz4' });
    const seen = new FeedbackQueue();
    node().setRequestRules([rule(Condition.registered(), Reaction.pass().withFeedback(seen))]);
    await connection.send(register);
    await connection.send(query('SELECT after register'));
    await other.send(query('SELECT unregistered'));
    expect((await seen.next()).frame.opcode).toBe(Opcode.QUERY);
    expect(seen.count).toBe(1);

    const events: Buffer[] = [];
    connection.onEvent((frame) => events.push(Buffer.from(frame.body)));
    other.onEvent((frame) => events.push(Buffer.from(frame.body)));
    const body = new ByteWriter().writeString('STATUS_CHANGE').writeString('DOWN').finish();
    expect(node().injectEvent(body)).toBe(1);
    await waitFor(() => events.length === 1);
    expect(events[0]).toEqual(Buffer.from(body));
  });
});

describe('CqlProxy forged replies on the wire', () => {
  let fixture: ProxyFixture;

  beforeEach(async () => {
    fixture = await startFixture();
  });

  afterEach(async () => {
    await fixture.close();
  });

  describe.each([
    [3, null],
    [4, 'snappy'],
    [4, 'lz4'],
    [5, null],
    [5, 'lz4'],
  ] as const)('protocol v%i, compression %s', (version, compression) => {
    it('carries the request stream id and decodes to the right error', async () => {
      const client = await RawCqlClient.connect(fixture.proxy.nodes[0]!.address);
      await client.startup(version, compression);
      const id = Buffer.from('cafebabe00112233', 'hex');
      fixture.proxy.nodes[0]!.setRequestRules([
        rule(Condition.opcode(Opcode.EXECUTE), Reaction.forgeError(Errors.unprepared())),
        rule(
          Condition.opcode(Opcode.QUERY),
          Reaction.forgeError(
            Errors.unavailable({
              consistency: Consistency.LOCAL_QUORUM,
              required: 2,
              alive: 1,
              message: 'x'.repeat(400),
            }),
          ),
        ),
      ]);
      const execute = new ByteWriter().writeShortBytes(id);
      if (version >= 5) execute.writeShortBytes(Buffer.from([1]));
      execute.writeShort(1).writeByte(0);
      client.send(
        { version, stream: 42, opcode: Opcode.EXECUTE, body: Buffer.from(execute.finish()) },
        { version, stream: 1234, opcode: Opcode.QUERY, body: Buffer.from('SELECT anything') },
      );
      const unprepared = await client.response(42);
      const unavailable = await client.response(1234);
      expect([unprepared.opcode, unavailable.opcode]).toEqual([Opcode.ERROR, Opcode.ERROR]);
      expect([unprepared.version, unavailable.version]).toEqual([version, version]);
      // v3/v4: the long forged body is compressed with the negotiated codec
      expect((unavailable.flags & EnvelopeFlag.COMPRESSED) !== 0).toBe(version < 5 && compression !== null);
      const unpreparedError = decodeErrorResponse(new ByteReader(unprepared.body), version);
      expect(unpreparedError).toBeInstanceOf(UnpreparedError);
      expect((unpreparedError as UnpreparedError).statementId).toEqual(id);
      const unavailableError = decodeErrorResponse(new ByteReader(unavailable.body), version);
      expect(unavailableError).toBeInstanceOf(UnavailableError);
      expect(unavailableError).toMatchObject({
        consistency: Consistency.LOCAL_QUORUM,
        required: 2,
        alive: 1,
      });
      expect(fixture.server.client.requests).toEqual([]);
      await client.close();
    });
  });

  it('answers a handshake request unframed', async () => {
    fixture.proxy.nodes[0]!.setRequestRules([
      rule(
        Condition.opcode(Opcode.STARTUP),
        Reaction.forgeError(Errors.protocolError({ message: 'no thanks' })),
      ),
    ]);
    const client = await RawCqlClient.connect(fixture.proxy.nodes[0]!.address);
    const answer = await client.startup(5, 'lz4');
    expect(answer.opcode).toBe(Opcode.ERROR);
    const error = decodeErrorResponse(new ByteReader(answer.body), 5);
    expect(error).toBeInstanceOf(ServerProtocolError);
    expect(error.serverMessage).toBe('no thanks');
    expect(fixture.proxy.nodes[0]!.connections[0]!.framed).toBe(false);
    await client.close();
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(10);
  }
}
