import { Consistency } from '../../../src/consistency';
import { InvalidOptionsError } from '../../../src/errors';
import { EnvelopeFlag, Opcode } from '../../../src/protocol/opcodes';
import { ExecuteMessage } from '../../../src/protocol/messages/execute-message';
import { PrepareMessage } from '../../../src/protocol/messages/prepare-message';
import type { QueryParameters } from '../../../src/protocol/messages/query-parameters';
import { RegisterMessage } from '../../../src/protocol/messages/register-message';
import { unset } from '../../../src/types/unset';
import { bytes, encode, int, longStr, short, shortBytes, str, strList, u8, value } from './wire';

const Q = 'INSERT INTO t (k, v) VALUES (?, ?)';
const ID = [0xde, 0xad, 0xbe, 0xef];
const RESULT_ID = [0x01, 0x02];

describe('PrepareMessage', () => {
  it('is a bare [long string] on v3 and v4', () => {
    const msg = new PrepareMessage(Q);
    expect(msg.opcode).toBe(Opcode.PREPARE);
    expect(encode(msg, 3)).toEqual(longStr(Q));
    expect(encode(msg, 4)).toEqual(longStr(Q));
  });

  it('adds [int] flags 0 on v5', () => {
    expect(encode(new PrepareMessage(Q), 5)).toEqual(bytes(longStr(Q), int(0)));
  });

  it('adds flag 0x01 and the keyspace on v5', () => {
    expect(encode(new PrepareMessage(Q, { keyspace: 'app' }), 5)).toEqual(
      bytes(longStr(Q), int(1), str('app')),
    );
  });

  it('rejects a keyspace before v5', () => {
    const msg = new PrepareMessage(Q, { keyspace: 'app' });
    expect(() => encode(msg, 4)).toThrow(InvalidOptionsError);
    expect(() => encode(msg, 4)).toThrow(
      "option 'keyspace' requires protocol v5 or later, but the connection uses v4",
    );
  });

  it('writes the custom payload first', () => {
    const msg = new PrepareMessage(Q, {}, { customPayload: new Map([['x', null]]) });
    expect(msg.flags).toBe(EnvelopeFlag.CUSTOM_PAYLOAD);
    expect(encode(msg, 5)).toEqual(bytes(short(1), str('x'), int(-1), longStr(Q), int(0)));
  });
});

describe('ExecuteMessage', () => {
  const params: QueryParameters = {
    consistency: Consistency.ONE,
    values: [Buffer.from([1]), unset],
    skipMetadata: true,
  };

  it('writes the id then the parameters on v4', () => {
    const msg = new ExecuteMessage(Buffer.from(ID), Buffer.from(RESULT_ID), params);
    expect(msg.opcode).toBe(Opcode.EXECUTE);
    expect(encode(msg, 4)).toEqual(bytes(shortBytes(ID), short(1), u8(0x03), short(2), value([1]), int(-2)));
  });

  it('ignores the result metadata id on v3', () => {
    const msg = new ExecuteMessage(Buffer.from(ID), undefined, {
      consistency: Consistency.TWO,
      pageSize: 10,
    });
    expect(encode(msg, 3)).toEqual(bytes(shortBytes(ID), short(2), u8(0x04), int(10)));
  });

  it('writes the result metadata id after the id and [int] flags on v5', () => {
    const msg = new ExecuteMessage(Buffer.from(ID), Buffer.from(RESULT_ID), { ...params, keyspace: 'ks' });
    expect(encode(msg, 5)).toEqual(
      bytes(
        shortBytes(ID),
        shortBytes(RESULT_ID),
        short(1),
        int(0x83),
        short(2),
        value([1]),
        int(-2),
        str('ks'),
      ),
    );
  });

  it('writes the result metadata id on v4 when the connection uses metadata ids (SCYLLA_USE_METADATA_ID)', () => {
    const msg = new ExecuteMessage(Buffer.from(ID), Buffer.from(RESULT_ID), params);
    expect(encode(msg, 4, true)).toEqual(
      bytes(shortBytes(ID), shortBytes(RESULT_ID), short(1), u8(0x03), short(2), value([1]), int(-2)),
    );
    expect(encode(msg, 4, false)).toEqual(encode(msg, 4));
  });

  it('sends an empty result metadata id on v4 with metadata ids when none is known (mixed cluster)', () => {
    const msg = new ExecuteMessage(Buffer.from(ID), undefined, params);
    expect(encode(msg, 4, true)).toEqual(
      bytes(shortBytes(ID), shortBytes([]), short(1), u8(0x03), short(2), value([1]), int(-2)),
    );
  });

  it('requires the result metadata id on v5', () => {
    const msg = new ExecuteMessage(Buffer.from(ID), undefined, params);
    expect(() => encode(msg, 5)).toThrow(InvalidOptionsError);
    expect(() => encode(msg, 5)).toThrow(/result metadata id/);
  });

  it('rejects unset values on v3', () => {
    const msg = new ExecuteMessage(Buffer.from(ID), undefined, params);
    expect(() => encode(msg, 3)).toThrow(/unset values require protocol v4/);
  });

  it('sets tracing and custom payload flags and writes the payload first', () => {
    const msg = new ExecuteMessage(
      Buffer.from(ID),
      undefined,
      { consistency: 1 },
      {
        tracing: true,
        customPayload: { p: Buffer.from([7, 7]) },
      },
    );
    expect(msg.flags).toBe(EnvelopeFlag.TRACING | EnvelopeFlag.CUSTOM_PAYLOAD);
    expect(encode(msg, 4)).toEqual(bytes(short(1), str('p'), value([7, 7]), shortBytes(ID), short(1), u8(0)));
  });
});

describe('RegisterMessage', () => {
  it('writes the event types as a [string list] on every version', () => {
    const msg = new RegisterMessage(['TOPOLOGY_CHANGE', 'STATUS_CHANGE', 'SCHEMA_CHANGE']);
    expect(msg.opcode).toBe(Opcode.REGISTER);
    const expected = strList(['TOPOLOGY_CHANGE', 'STATUS_CHANGE', 'SCHEMA_CHANGE']);
    for (const version of [3, 4, 5] as const) expect(encode(msg, version)).toEqual(expected);
  });
});
