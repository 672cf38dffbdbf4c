import { Consistency } from '../../src/consistency';
import {
  AlreadyExistsError,
  BadCredentialsError,
  CasWriteUnknownError,
  CdcWriteFailureError,
  ConfigurationError,
  CqlSyntaxError,
  FailureReason,
  FunctionFailureError,
  InvalidRequestError,
  IsBootstrappingError,
  OverloadedError,
  ReadFailureError,
  ReadTimeoutError,
  ServerError,
  ServerInternalError,
  ServerProtocolError,
  TruncateError,
  UnauthorizedError,
  UnavailableError,
  UnknownServerError,
  UnpreparedError,
  WriteFailureError,
  WriteTimeoutError,
} from '../../src/errors';
import { ByteReader } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import { decodeErrorResponse } from '../../src/protocol/error-response';
import { EnvelopeFlag, Opcode } from '../../src/protocol/opcodes';
import { Errors, ForgedError, type ProxiedFrame, requestStatementId } from '../../src/testing';
import { inetAddressBytes } from '../../src/testing/inet-address-bytes';

function decode(error: ForgedError, version: number, request?: ProxiedFrame, exact = true): ServerError {
  const reader = new ByteReader(error.encodeBody(version, request));
  const decoded = decodeErrorResponse(reader, version);
  if (exact) expect(reader.remaining).toBe(0); // every byte written is one the driver reads
  return decoded;
}

function request(opcode: number, body: Buffer, flags = 0): ProxiedFrame {
  return {
    direction: 'request',
    version: 5,
    flags,
    stream: 3,
    opcode,
    body,
    framed: true,
    node: 0,
    connection: 0,
    registered: false,
    request: undefined,
  };
}

const counts = { consistency: Consistency.QUORUM, received: 1, blockFor: 2 };

describe('Errors (forged ERROR bodies)', () => {
  describe.each([3, 4, 5])('protocol v%i', (version) => {
    it.each([
      ['serverError', Errors.serverError(), ServerInternalError],
      ['protocolError', Errors.protocolError(), ServerProtocolError],
      ['badCredentials', Errors.badCredentials(), BadCredentialsError],
      ['overloaded', Errors.overloaded(), OverloadedError],
      ['isBootstrapping', Errors.isBootstrapping(), IsBootstrappingError],
      ['truncateError', Errors.truncateError(), TruncateError],
      ['syntaxError', Errors.syntaxError(), CqlSyntaxError],
      ['unauthorized', Errors.unauthorized(), UnauthorizedError],
      ['invalid', Errors.invalid(), InvalidRequestError],
      ['configError', Errors.configError(), ConfigurationError],
    ] as const)('%s decodes to its class', (_name, error, type) => {
      const decoded = decode(error, version);
      expect(decoded).toBeInstanceOf(type);
      expect(decoded.protocolCode).toBe(error.code);
      expect(decoded.serverMessage).toBe(error.message);
    });

    it('unavailable carries consistency, required and alive', () => {
      const decoded = decode(
        Errors.unavailable({ consistency: Consistency.ALL, required: 3, alive: 1 }),
        version,
      );
      expect(decoded).toBeInstanceOf(UnavailableError);
      expect(decoded).toMatchObject({ consistency: Consistency.ALL, required: 3, alive: 1 });
      expect(decoded.serverMessage).toBe('Cannot achieve consistency level ALL');
    });

    it('writeTimeout carries counts and write type', () => {
      const decoded = decode(Errors.writeTimeout({ ...counts, writeType: 'BATCH_LOG' }), version);
      expect(decoded).toBeInstanceOf(WriteTimeoutError);
      expect(decoded).toMatchObject({ ...counts, writeType: 'BATCH_LOG', contentions: undefined });
    });

    it('a CAS writeTimeout carries contentions on v5 only', () => {
      const decoded = decode(Errors.writeTimeout({ ...counts, writeType: 'CAS', contentions: 4 }), version);
      expect(decoded).toMatchObject({ writeType: 'CAS', contentions: version >= 5 ? 4 : undefined });
    });

    it('readTimeout carries counts and data_present', () => {
      const decoded = decode(Errors.readTimeout({ ...counts, dataPresent: true }), version);
      expect(decoded).toBeInstanceOf(ReadTimeoutError);
      expect(decoded).toMatchObject({ ...counts, dataPresent: true });
    });

    it('readFailure: reasons on v5, count on v4, a read timeout on v3', () => {
      const reasons = { '10.0.0.1': FailureReason.READ_TOO_MANY_TOMBSTONES, '::1': FailureReason.TIMEOUT };
      const decoded = decode(Errors.readFailure({ ...counts, reasons, dataPresent: true }), version);
      if (version === 3) {
        expect(decoded).toBeInstanceOf(ReadTimeoutError);
        expect(decoded).toMatchObject({ ...counts, dataPresent: true });
        return;
      }
      expect(decoded).toBeInstanceOf(ReadFailureError);
      const failure = decoded as ReadFailureError;
      expect(failure).toMatchObject({ ...counts, failures: 2, dataPresent: true });
      expect([...failure.reasons]).toEqual(version === 5 ? Object.entries(reasons) : []);
    });

    it('writeFailure: reasons on v5 (padded to the failure count), a write timeout on v3', () => {
      const reasons = new Map([['192.168.1.5', FailureReason.NODE_DOWN]]);
      const decoded = decode(
        Errors.writeFailure({ ...counts, reasons, failures: 3, writeType: 'COUNTER' }),
        version,
      );
      if (version === 3) {
        expect(decoded).toBeInstanceOf(WriteTimeoutError);
        expect(decoded).toMatchObject({ ...counts, writeType: 'COUNTER' });
        return;
      }
      expect(decoded).toBeInstanceOf(WriteFailureError);
      const failure = decoded as WriteFailureError;
      expect(failure).toMatchObject({ ...counts, failures: 3, writeType: 'COUNTER' });
      expect([...failure.reasons]).toEqual(
        version === 5
          ? [
              ['192.168.1.5', FailureReason.NODE_DOWN],
              ['0.0.0.1', FailureReason.UNKNOWN],
              ['0.0.0.2', FailureReason.UNKNOWN],
            ]
          : [],
      );
    });

    it('functionFailure (Invalid on v3)', () => {
      const init = { keyspace: 'ks', functionName: 'f', argTypes: ['int', 'text'] };
      const decoded = decode(Errors.functionFailure(init), version);
      if (version === 3) {
        expect(decoded).toBeInstanceOf(InvalidRequestError);
        return;
      }
      expect(decoded).toBeInstanceOf(FunctionFailureError);
      expect(decoded).toMatchObject({ keyspace: 'ks', functionName: 'f', argTypes: ['int', 'text'] });
    });

    it('cdcWriteFailure (Invalid on v3)', () => {
      expect(decode(Errors.cdcWriteFailure(), version)).toBeInstanceOf(
        version === 3 ? InvalidRequestError : CdcWriteFailureError,
      );
    });

    it('casWriteUnknown (a CAS write timeout before v5)', () => {
      const decoded = decode(Errors.casWriteUnknown(counts), version);
      if (version < 5) {
        expect(decoded).toBeInstanceOf(WriteTimeoutError);
        expect(decoded).toMatchObject({ ...counts, writeType: 'CAS', contentions: undefined });
        return;
      }
      expect(decoded).toBeInstanceOf(CasWriteUnknownError);
      expect(decoded).toMatchObject(counts);
    });

    it('alreadyExists carries keyspace and table', () => {
      const table = decode(Errors.alreadyExists({ keyspace: 'ks', table: 't' }), version);
      expect(table).toBeInstanceOf(AlreadyExistsError);
      expect(table).toMatchObject({ keyspace: 'ks', table: 't' });
      expect(decode(Errors.alreadyExists({ keyspace: 'ks' }), version)).toMatchObject({
        keyspace: 'ks',
        table: '',
      });
    });
  });

  it('unprepared takes the statement id of the EXECUTE it answers', () => {
    const id = Buffer.from('0123456789abcdef', 'hex');
    const body = new ByteWriter().writeShortBytes(id).writeShort(1).finish();
    const decoded = decode(Errors.unprepared(), 5, request(Opcode.EXECUTE, Buffer.from(body)));
    expect(decoded).toBeInstanceOf(UnpreparedError);
    expect((decoded as UnpreparedError).statementId).toEqual(id);
  });

  it('unprepared skips a request custom payload and reads BATCH statements', () => {
    const id = Buffer.from([9, 8, 7]);
    const w = new ByteWriter();
    w.writeBytesMap(new Map([['k', Buffer.from('v')]]));
    w.writeByte(0).writeShort(2);
    w.writeByte(0)
      .writeLongString('INSERT INTO t (a) VALUES (?)')
      .writeShort(1)
      .writeBytes(Buffer.from([1]));
    w.writeByte(1).writeShortBytes(id).writeShort(0);
    const batch = request(Opcode.BATCH, Buffer.from(w.finish()), EnvelopeFlag.CUSTOM_PAYLOAD);
    expect(requestStatementId(batch)).toEqual(id);
    expect((decode(Errors.unprepared(), 4, batch) as UnpreparedError).statementId).toEqual(id);
  });

  it('unprepared uses an explicit id, or an empty one without a request', () => {
    const explicit = decode(Errors.unprepared({ statementId: Buffer.from([1, 2]) }), 5);
    expect((explicit as UnpreparedError).statementId).toEqual(Buffer.from([1, 2]));
    expect((decode(Errors.unprepared(), 5) as UnpreparedError).statementId).toEqual(Buffer.alloc(0));
    expect(requestStatementId(request(Opcode.QUERY, Buffer.from('x')))).toBeUndefined();
  });

  it('custom codes decode as UnknownServerError; messages can be replaced', () => {
    const custom = decode(Errors.custom(0x4242, 'strange', Buffer.from([1, 2, 3])), 5, undefined, false);
    expect(custom).toBeInstanceOf(UnknownServerError);
    expect(custom.protocolCode).toBe(0x4242);
    expect(decode(Errors.overloaded({ message: 'busy' }), 4).serverMessage).toBe('busy');
  });

  it('rejects impossible failure counts and addresses up front', () => {
    expect(() =>
      Errors.readFailure({ ...counts, reasons: { '10.0.0.1': 0, '10.0.0.2': 0 }, failures: 1 }),
    ).toThrow(RangeError);
    expect(() =>
      Errors.writeFailure({ ...counts, reasons: { 'not-an-ip': 0 }, writeType: 'SIMPLE' }),
    ).toThrow(RangeError);
  });
});

describe('inetAddressBytes', () => {
  it.each([
    ['127.0.0.1', '7f000001'],
    ['::1', '00000000000000000000000000000001'],
    ['fe80::1:2', 'fe800000000000000000000000010002'],
    ['::ffff:10.0.0.1', '00000000000000000000ffff0a000001'],
    ['2001:db8:0:0:1:0:0:1', '20010db8000000000001000000000001'],
  ])('%s', (address, hex) => {
    expect(inetAddressBytes(address).toString('hex')).toBe(hex);
  });
});
