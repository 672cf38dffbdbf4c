import { ByteReader } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import { decodeErrorResponse } from '../../src/protocol/error-response';
import {
  AlreadyExistsError,
  CasWriteUnknownError,
  ProtocolDecodeError,
  ReadFailureError,
  ReadTimeoutError,
  ServerError,
  UnavailableError,
  UnknownServerError,
  UnpreparedError,
  WriteFailureError,
  WriteTimeoutError,
  CqlSyntaxError,
  RequestValidationError,
  RequestExecutionError,
} from '../../src/errors';
import { Consistency } from '../../src/consistency';

function body(code: number, message: string, extra?: (w: ByteWriter) => void): ByteReader {
  const w = new ByteWriter();
  w.writeInt(code).writeString(message);
  extra?.(w);
  return new ByteReader(Buffer.from(w.finish()));
}

describe('decodeErrorResponse', () => {
  it('decodes Unavailable with its fields and coordinator', () => {
    const e = decodeErrorResponse(
      body(0x1000, 'Cannot achieve consistency', (w) =>
        w.writeShort(Consistency.QUORUM).writeInt(2).writeInt(1),
      ),
      4,
      '127.0.0.1:9042',
    );
    expect(e).toBeInstanceOf(UnavailableError);
    expect(e).toBeInstanceOf(RequestExecutionError);
    const u = e as UnavailableError;
    expect([u.consistency, u.required, u.alive]).toEqual([Consistency.QUORUM, 2, 1]);
    expect(u.coordinator).toBe('127.0.0.1:9042');
    expect(u.message).toContain('127.0.0.1:9042');
    expect(u.name).toBe('UnavailableError');
  });

  it('decodes write timeouts, with CAS contentions only on v5', () => {
    const mk = () =>
      body(0x1100, 't', (w) => w.writeShort(1).writeInt(0).writeInt(1).writeString('CAS').writeShort(3));
    const v5 = decodeErrorResponse(mk(), 5) as WriteTimeoutError;
    expect(v5).toBeInstanceOf(WriteTimeoutError);
    expect(v5.writeType).toBe('CAS');
    expect(v5.contentions).toBe(3);
    const v4 = decodeErrorResponse(mk(), 4) as WriteTimeoutError;
    expect(v4.contentions).toBeUndefined();
    const noShort = decodeErrorResponse(
      body(0x1100, 't', (w) => w.writeShort(1).writeInt(0).writeInt(1).writeString('CAS')),
      5,
    ) as WriteTimeoutError;
    expect(noShort.contentions).toBeUndefined();
  });

  it('decodes read timeouts', () => {
    const e = decodeErrorResponse(
      body(0x1200, 'r', (w) => w.writeShort(1).writeInt(1).writeInt(2).writeByte(1)),
      4,
    );
    expect(e).toBeInstanceOf(ReadTimeoutError);
    expect((e as ReadTimeoutError).dataPresent).toBe(true);
  });

  it('decodes read/write failures with v5 reason maps and v4 counts', () => {
    const v5 = decodeErrorResponse(
      body(0x1300, 'f', (w) =>
        w
          .writeShort(1)
          .writeInt(0)
          .writeInt(1)
          .writeInt(1)
          .writeByte(4)
          .writeRaw(Buffer.from([127, 0, 0, 2]))
          .writeShort(1)
          .writeByte(0),
      ),
      5,
    ) as ReadFailureError;
    expect(v5).toBeInstanceOf(ReadFailureError);
    expect(v5.reasons.get('127.0.0.2')).toBe(1);
    expect(v5.dataPresent).toBe(false);
    const v4 = decodeErrorResponse(
      body(0x1500, 'f', (w) => w.writeShort(1).writeInt(0).writeInt(1).writeInt(2).writeString('BATCH')),
      4,
    ) as WriteFailureError;
    expect(v4.failures).toBe(2);
    expect(v4.reasons.size).toBe(0);
    expect(v4.writeType).toBe('BATCH');
  });

  it('decodes the validation family, already-exists, unprepared, CAS unknown and unknown codes', () => {
    expect(decodeErrorResponse(body(0x2000, 'line 1:0 no viable alternative'), 4)).toBeInstanceOf(
      CqlSyntaxError,
    );
    expect(decodeErrorResponse(body(0x2000, 'x'), 4)).toBeInstanceOf(RequestValidationError);
    const ae = decodeErrorResponse(
      body(0x2400, 'exists', (w) => w.writeString('ks').writeString('')),
      4,
    );
    expect(ae).toBeInstanceOf(AlreadyExistsError);
    expect((ae as AlreadyExistsError).keyspace).toBe('ks');
    const up = decodeErrorResponse(
      body(0x2500, 'unprepared', (w) => w.writeShortBytes(Buffer.from([1, 2, 3]))),
      4,
    );
    expect([...(up as UnpreparedError).statementId]).toEqual([1, 2, 3]);
    const cas = decodeErrorResponse(
      body(0x1700, 'cas', (w) => w.writeShort(9).writeInt(0).writeInt(1)),
      5,
    );
    expect(cas).toBeInstanceOf(CasWriteUnknownError);
    const unknown = decodeErrorResponse(body(0x7777, 'who knows'), 4);
    expect(unknown).toBeInstanceOf(UnknownServerError);
    expect(unknown).toBeInstanceOf(ServerError);
    expect((unknown as ServerError).protocolCode).toBe(0x7777);
  });

  it('raises ProtocolDecodeError for truncated bodies', () => {
    expect(() =>
      decodeErrorResponse(
        body(0x1000, 'u', (w) => w.writeShort(1)),
        4,
      ),
    ).toThrow(ProtocolDecodeError);
  });
});
