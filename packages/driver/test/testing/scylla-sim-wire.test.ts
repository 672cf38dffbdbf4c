import { ByteReader } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import { EnvelopeFlag } from '../../src/protocol/opcodes';
import { readResponsePrefix } from '../../src/protocol/response-prefix';
import {
  isConditionalStatement,
  rewriteEventAddress,
  rewriteSystemAddresses,
  withCustomPayload,
  withoutUsingTimeout,
  withStatementText,
} from '../../src/testing/scylla-sim-wire';

describe('simulated ScyllaDB wire helpers', () => {
  it.each([
    [
      "SELECT * FROM system.local WHERE key='local' USING TIMEOUT 2000ms",
      "SELECT * FROM system.local WHERE key='local'",
    ],
    ['INSERT INTO t (a) VALUES (1) USING TIMEOUT 1s AND TTL 5', 'INSERT INTO t (a) VALUES (1) USING TTL 5'],
    [
      'INSERT INTO t (a) VALUES (1) USING TTL 5 AND TIMEOUT 1h30m',
      'INSERT INTO t (a) VALUES (1) USING TTL 5',
    ],
    ['UPDATE t USING TIMEOUT 10ms SET a = 1 WHERE k = 1', 'UPDATE t SET a = 1 WHERE k = 1'],
    ['SELECT timeout FROM t', 'SELECT timeout FROM t'],
  ])('strips USING TIMEOUT: %s', (cql, expected) => {
    expect(withoutUsingTimeout(cql)).toBe(expected);
  });

  it.each([
    ['INSERT INTO t (k) VALUES (?) IF NOT EXISTS', true],
    ['update t set v = 1 where k = 1 if v = 2', true],
    ['DELETE FROM t WHERE k = 1 IF EXISTS', true],
    ["INSERT INTO t (k, s) VALUES (1, 'IF')", false],
    ['INSERT INTO "IF" (k) VALUES (1) -- IF NOT EXISTS', false],
    ['CREATE TABLE IF NOT EXISTS t (k int PRIMARY KEY)', false],
    ['SELECT * FROM t WHERE k = 1', false],
  ])('recognises conditional statements: %s → %s', (cql, conditional) => {
    expect(isConditionalStatement(cql)).toBe(conditional);
  });

  it('replaces the text of a QUERY body, keeping its parameters and custom payload', () => {
    const w = new ByteWriter();
    w.writeBytesMap(new Map([['k', Buffer.from('v')]]));
    w.writeLongString('SELECT 1 USING TIMEOUT 5ms').writeShort(1).writeByte(0);
    const body = withStatementText(Buffer.from(w.finish()), EnvelopeFlag.CUSTOM_PAYLOAD, 'SELECT 1');
    const r = new ByteReader(body);
    expect(r.readBytesMap().get('k')?.toString()).toBe('v');
    expect(r.readLongString()).toBe('SELECT 1');
    expect([r.readShort(), r.readByte(), r.remaining]).toEqual([1, 0, 0]);
  });

  it('adds a custom payload after the tracing id and warnings, merging an existing one', () => {
    const w = new ByteWriter();
    w.writeRaw(Buffer.alloc(16, 7)).writeStringList(['careful']).writeInt(1);
    const flags = EnvelopeFlag.TRACING | EnvelopeFlag.WARNING;
    const once = withCustomPayload(Buffer.from(w.finish()), flags, new Map([['a', Buffer.from([1])]]));
    const twice = withCustomPayload(once.body, once.flags, new Map([['b', Buffer.from([2])]]));
    expect(twice.flags).toBe(flags | EnvelopeFlag.CUSTOM_PAYLOAD);
    const r = new ByteReader(twice.body);
    const prefix = readResponsePrefix(r, twice.flags);
    expect(prefix.warnings).toEqual(['careful']);
    expect([...prefix.customPayload!.keys()]).toEqual(['a', 'b']);
    expect(r.readInt()).toBe(1);
  });

  it('rewrites node addresses in system.peers rows and in status events', () => {
    const w = new ByteWriter();
    w.writeInt(2).writeInt(0x0001).writeInt(2).writeString('system').writeString('peers');
    w.writeString('peer').writeShort(0x0010).writeString('data_center').writeShort(0x000d);
    w.writeInt(1)
      .writeBytes(Buffer.from([127, 0, 0, 2]))
      .writeBytes(Buffer.from('dc1'));
    const body = Buffer.from(w.finish());
    const out = rewriteSystemAddresses(body, 0, 4, new Map([['127.0.0.2', Buffer.from([127, 0, 9, 2])]]))!;
    expect(out.subarray(out.length - 11, out.length - 7)).toEqual(Buffer.from([127, 0, 9, 2]));
    expect(rewriteSystemAddresses(body, 0, 4, new Map())).toBeUndefined();

    const e = new ByteWriter();
    e.writeString('STATUS_CHANGE')
      .writeString('DOWN')
      .writeByte(4)
      .writeRaw(Buffer.from([127, 0, 0, 2]))
      .writeInt(9042);
    const event = rewriteEventAddress(
      Buffer.from(e.finish()),
      0,
      new Map([['127.0.0.2', { address: Buffer.from([127, 0, 9, 2]), port: 9043 }]]),
    )!;
    const r = new ByteReader(event);
    r.readString();
    r.readString();
    expect(r.readInet()).toEqual({ address: '127.0.9.2', port: 9043 });
  });
});
