import { Consistency } from '../../../src/consistency';
import { DriverError, InvalidOptionsError } from '../../../src/errors';
import { EnvelopeFlag, Opcode } from '../../../src/protocol/opcodes';
import { QueryMessage } from '../../../src/protocol/messages/query-message';
import { unset } from '../../../src/types/unset';
import { bytes, encode, int, long, longStr, short, str, u8, value } from './wire';

const Q = 'SELECT * FROM ks.t WHERE k = ?';

describe('QueryMessage', () => {
  it('has the QUERY opcode and no envelope flags by default', () => {
    const msg = new QueryMessage(Q, { consistency: Consistency.ONE });
    expect(msg.opcode).toBe(Opcode.QUERY);
    expect(msg.flags).toBe(0);
  });

  it('encodes a bare query with [byte] flags on v3 and v4 and [int] flags on v5', () => {
    const msg = new QueryMessage(Q, { consistency: Consistency.QUORUM });
    expect(encode(msg, 3)).toEqual(bytes(longStr(Q), short(0x0004), u8(0x00)));
    expect(encode(msg, 4)).toEqual(bytes(longStr(Q), short(0x0004), u8(0x00)));
    expect(encode(msg, 5)).toEqual(bytes(longStr(Q), short(0x0004), int(0x00)));
  });

  it('writes values, page size, paging state, serial consistency and timestamp in protocol order on v4', () => {
    const msg = new QueryMessage(Q, {
      consistency: Consistency.LOCAL_QUORUM,
      values: [Buffer.from([0, 0, 0, 7]), null, unset],
      pageSize: 100,
      pagingState: Buffer.from([0xca, 0xfe]),
      serialConsistency: Consistency.LOCAL_SERIAL,
      timestamp: 1_700_000_000_000_000n,
    });
    expect(encode(msg, 4)).toEqual(
      bytes(
        longStr(Q),
        short(0x0006),
        u8(0x01 | 0x04 | 0x08 | 0x10 | 0x20),
        short(3),
        value([0, 0, 0, 7]),
        int(-1),
        int(-2),
        int(100),
        value([0xca, 0xfe]),
        short(0x0009),
        long(1_700_000_000_000_000n),
      ),
    );
  });

  it('writes a safe-integer number timestamp exactly like the same bigint', () => {
    const withNumber = new QueryMessage(Q, {
      consistency: Consistency.ONE,
      timestamp: 1_763_700_000_123_456,
    });
    const withBigint = new QueryMessage(Q, {
      consistency: Consistency.ONE,
      timestamp: 1_763_700_000_123_456n,
    });
    expect(encode(withNumber, 4)).toEqual(encode(withBigint, 4));
    expect(() =>
      encode(new QueryMessage(Q, { consistency: Consistency.ONE, timestamp: 2 ** 53 }), 4),
    ).toThrow(InvalidOptionsError);
  });

  it('adds keyspace (0x80) and now_in_seconds (0x100) with [int] flags on v5', () => {
    const msg = new QueryMessage(Q, {
      consistency: Consistency.ONE,
      values: [Buffer.from('a')],
      pageSize: 5000,
      serialConsistency: Consistency.SERIAL,
      timestamp: 42n,
      keyspace: 'app',
      nowInSeconds: 0xfffffffe,
    });
    expect(encode(msg, 5)).toEqual(
      bytes(
        longStr(Q),
        short(0x0001),
        int(0x01 | 0x04 | 0x10 | 0x20 | 0x80 | 0x100),
        short(1),
        value(Buffer.from('a')),
        int(5000),
        short(0x0008),
        long(42n),
        str('app'),
        [0xff, 0xff, 0xff, 0xfe],
      ),
    );
  });

  it('precedes each value with its name when names are given (0x40)', () => {
    const msg = new QueryMessage('INSERT INTO t (a, b) VALUES (:a, :b)', {
      consistency: Consistency.ONE,
      values: [Buffer.from([1]), null],
      names: ['a', 'b'],
    });
    expect(encode(msg, 4)).toEqual(
      bytes(
        longStr('INSERT INTO t (a, b) VALUES (:a, :b)'),
        short(1),
        u8(0x41),
        short(2),
        str('a'),
        value([1]),
        str('b'),
        int(-1),
      ),
    );
  });

  it('sets skip_metadata (0x02) without any field', () => {
    const msg = new QueryMessage(Q, { consistency: Consistency.ONE, skipMetadata: true });
    expect(encode(msg, 5)).toEqual(bytes(longStr(Q), short(1), int(0x02)));
  });

  it('writes no values flag for an empty values list', () => {
    const msg = new QueryMessage(Q, { consistency: Consistency.ONE, values: [] });
    expect(encode(msg, 4)).toEqual(bytes(longStr(Q), short(1), u8(0)));
  });

  it('rejects unset values on v3 with an InvalidOptionsError naming v4', () => {
    const msg = new QueryMessage(Q, { consistency: Consistency.ONE, values: [Buffer.from([1]), unset] });
    expect(() => encode(msg, 3)).toThrow(InvalidOptionsError);
    expect(() => encode(msg, 3)).toThrow(/value #1 is unset.*protocol v4 or later.*v3/);
  });

  it.each([
    [{ keyspace: 'ks' }, 'keyspace'],
    [{ nowInSeconds: 1 }, 'nowInSeconds'],
  ])('rejects %p before v5, naming the option and the version', (extra, option) => {
    const msg = new QueryMessage(Q, { consistency: Consistency.ONE, ...extra });
    for (const version of [3, 4] as const) {
      expect(() => encode(msg, version)).toThrow(InvalidOptionsError);
      expect(() => encode(msg, version)).toThrow(
        `option '${option}' requires protocol v5 or later, but the connection uses v${version}`,
      );
    }
  });

  it.each([
    ['consistency', { consistency: 0x10000 }],
    ['consistency', { consistency: -1 }],
    ['pageSize', { consistency: 1, pageSize: 0 }],
    ['pageSize', { consistency: 1, pageSize: 1.5 }],
    ['serialConsistency', { consistency: 1, serialConsistency: 70000 }],
    ['timestamp', { consistency: 1, timestamp: -(2n ** 63n) }],
    ['timestamp', { consistency: 1, timestamp: 2n ** 63n }],
    ['nowInSeconds', { consistency: 1, nowInSeconds: -1 }],
    ['names', { consistency: 1, values: [null], names: ['a', 'b'] }],
    ['names', { consistency: 1, names: ['a'] }],
  ])('rejects an invalid %s', (option, params) => {
    const msg = new QueryMessage(Q, params);
    expect(() => encode(msg, 5)).toThrow(InvalidOptionsError);
    expect(() => encode(msg, 5)).toThrow(option);
  });

  it('rejects more than 65535 values', () => {
    const msg = new QueryMessage(Q, { consistency: 1, values: new Array<null>(65536).fill(null) });
    expect(() => encode(msg, 4)).toThrow(InvalidOptionsError);
  });

  it('sets the tracing envelope flag', () => {
    const msg = new QueryMessage(Q, { consistency: 1 }, { tracing: true });
    expect(msg.flags).toBe(EnvelopeFlag.TRACING);
    expect(encode(msg, 3)).toEqual(bytes(longStr(Q), short(1), u8(0)));
  });

  it('writes the custom payload before the body and sets its flag', () => {
    const payload = new Map<string, Buffer | null>([
      ['k1', Buffer.from([9])],
      ['k2', null],
    ]);
    const msg = new QueryMessage(Q, { consistency: 1 }, { customPayload: payload, tracing: true });
    expect(msg.flags).toBe(EnvelopeFlag.CUSTOM_PAYLOAD | EnvelopeFlag.TRACING);
    expect(encode(msg, 4)).toEqual(
      bytes(short(2), str('k1'), value([9]), str('k2'), int(-1), longStr(Q), short(1), u8(0)),
    );
  });

  it('accepts a record as custom payload', () => {
    const msg = new QueryMessage(Q, { consistency: 1 }, { customPayload: { a: Buffer.from([]) } });
    expect(encode(msg, 5)).toEqual(bytes(short(1), str('a'), int(0), longStr(Q), short(1), int(0)));
  });

  it('rejects a custom payload on v3', () => {
    const msg = new QueryMessage(Q, { consistency: 1 }, { customPayload: {} });
    expect(() => encode(msg, 3)).toThrow("option 'customPayload' requires protocol v4");
  });

  it('reports a keyspace name too long for a [string] as a DriverError', () => {
    const msg = new QueryMessage(Q, { consistency: 1, keyspace: 'k'.repeat(70000) });
    expect(() => encode(msg, 5)).toThrow(DriverError);
  });
});
