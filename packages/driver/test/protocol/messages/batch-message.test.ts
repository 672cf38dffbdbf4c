import { Consistency } from '../../../src/consistency';
import { InvalidOptionsError } from '../../../src/errors';
import { EnvelopeFlag, Opcode } from '../../../src/protocol/opcodes';
import { BatchMessage, BatchType } from '../../../src/protocol/messages/batch-message';
import { unset } from '../../../src/types/unset';
import { bytes, encode, int, long, longStr, short, shortBytes, str, u8, value } from './wire';

const INSERT = "INSERT INTO t (k) VALUES ('a')";
const ID = [0x0a, 0x0b];

describe('BatchMessage', () => {
  it('encodes a logged batch of a query string and a prepared id with [byte] flags on v3', () => {
    const msg = new BatchMessage(
      [{ query: INSERT }, { id: Buffer.from(ID), values: [Buffer.from([1]), null] }],
      { consistency: Consistency.QUORUM },
    );
    expect(msg.opcode).toBe(Opcode.BATCH);
    expect(encode(msg, 3)).toEqual(
      bytes(
        u8(0),
        short(2),
        u8(0),
        longStr(INSERT),
        short(0),
        u8(1),
        shortBytes(ID),
        short(2),
        value([1]),
        int(-1),
        short(0x0004),
        u8(0),
      ),
    );
  });

  it('encodes an unlogged batch with unset, serial consistency and timestamp on v4', () => {
    const msg = new BatchMessage([{ id: Buffer.from(ID), values: [unset] }], {
      type: BatchType.UNLOGGED,
      consistency: Consistency.ONE,
      serialConsistency: Consistency.LOCAL_SERIAL,
      timestamp: 123n,
    });
    expect(encode(msg, 4)).toEqual(
      bytes(
        u8(1),
        short(1),
        u8(1),
        shortBytes(ID),
        short(1),
        int(-2),
        short(1),
        u8(0x30),
        short(9),
        long(123n),
      ),
    );
  });

  it('encodes a counter batch with [int] flags, keyspace and now_in_seconds on v5', () => {
    const msg = new BatchMessage(
      [{ query: 'UPDATE c SET n = n + 1 WHERE k = ?', values: [Buffer.from('k')] }],
      {
        type: BatchType.COUNTER,
        consistency: Consistency.LOCAL_ONE,
        serialConsistency: Consistency.SERIAL,
        timestamp: 5n,
        keyspace: 'app',
        nowInSeconds: 1_700_000_000,
      },
    );
    expect(encode(msg, 5)).toEqual(
      bytes(
        u8(2),
        short(1),
        u8(0),
        longStr('UPDATE c SET n = n + 1 WHERE k = ?'),
        short(1),
        value(Buffer.from('k')),
        short(0x000a),
        int(0x10 | 0x20 | 0x80 | 0x100),
        short(8),
        long(5n),
        str('app'),
        int(1_700_000_000),
      ),
    );
  });

  it('writes [int] flags 0 on v5 without options', () => {
    const msg = new BatchMessage([{ query: INSERT }], { consistency: Consistency.ONE });
    expect(encode(msg, 5)).toEqual(
      bytes(u8(0), short(1), u8(0), longStr(INSERT), short(0), short(1), int(0)),
    );
  });

  it('never sets the names flag (0x40)', () => {
    const msg = new BatchMessage([{ query: INSERT, values: [null] }], { consistency: Consistency.ONE });
    const body = encode(msg, 4);
    expect(body[body.length - 1]).toBe(0);
  });

  it('writes the custom payload before the batch type', () => {
    const msg = new BatchMessage([{ query: INSERT }], { consistency: 1 }, { customPayload: { a: null } });
    expect(msg.flags).toBe(EnvelopeFlag.CUSTOM_PAYLOAD);
    expect(encode(msg, 4)).toEqual(
      bytes(short(1), str('a'), int(-1), u8(0), short(1), u8(0), longStr(INSERT), short(0), short(1), u8(0)),
    );
  });

  it.each([
    [{ keyspace: 'ks' }, 'keyspace'],
    [{ nowInSeconds: 3 }, 'nowInSeconds'],
  ])('rejects %p before v5', (extra, option) => {
    const msg = new BatchMessage([{ query: INSERT }], { consistency: 1, ...extra });
    expect(() => encode(msg, 4)).toThrow(InvalidOptionsError);
    expect(() => encode(msg, 4)).toThrow(`option '${option}' requires protocol v5 or later`);
  });

  it('rejects unset values on v3', () => {
    const msg = new BatchMessage([{ query: INSERT, values: [unset] }], { consistency: 1 });
    expect(() => encode(msg, 3)).toThrow(/unset values require protocol v4/);
  });

  it('rejects an empty batch and an unknown batch type', () => {
    expect(() => encode(new BatchMessage([], { consistency: 1 }), 4)).toThrow(InvalidOptionsError);
    const badType = new BatchMessage([{ query: INSERT }], { consistency: 1, type: 3 as BatchType });
    expect(() => encode(badType, 4)).toThrow("option 'type'");
  });

  it('rejects more than 65535 statements', () => {
    const children = new Array(65536).fill({ query: INSERT });
    expect(() => encode(new BatchMessage(children, { consistency: 1 }), 4)).toThrow(InvalidOptionsError);
  });
});
