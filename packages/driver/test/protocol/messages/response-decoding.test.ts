import { ErrorCode, ProtocolDecodeError, UnavailableError } from '../../../src/errors';
import { EnvelopeFlag, Opcode } from '../../../src/protocol/opcodes';
import type { Envelope } from '../../../src/protocol/envelope';
import { decodeResponseBody } from '../../../src/protocol/messages/response-message';
import { bytes, inet4, int, short, str, strList, value } from './wire';

function frame(opcode: number, body: Buffer, flags = 0, version = 4): Envelope {
  return { version, flags, stream: 1, opcode, body };
}

describe('decodeResponseBody', () => {
  it('decodes READY with no prefix', () => {
    expect(decodeResponseBody(frame(Opcode.READY, Buffer.alloc(0)))).toEqual({
      tracingId: undefined,
      warnings: undefined,
      customPayload: undefined,
      message: { type: 'ready' },
    });
  });

  it('reads tracing id, warnings and custom payload before a RESULT', () => {
    const tracing = Buffer.alloc(16, 0x11);
    const body = bytes(tracing, strList(['w1', 'w2']), short(1), str('k'), value([5]), int(1));
    const flags = EnvelopeFlag.TRACING | EnvelopeFlag.WARNING | EnvelopeFlag.CUSTOM_PAYLOAD;
    const decoded = decodeResponseBody(frame(Opcode.RESULT, body, flags));
    expect(decoded.tracingId).toEqual(tracing);
    expect(decoded.warnings).toEqual(['w1', 'w2']);
    expect(decoded.customPayload).toEqual(new Map([['k', Buffer.from([5])]]));
    expect(decoded.message).toEqual({ type: 'result', result: { kind: 'void' } });
  });

  it('decodes a VOID RESULT without prefix as one shared, frozen answer', () => {
    const first = decodeResponseBody(frame(Opcode.RESULT, bytes(int(1))));
    expect(first).toEqual({
      tracingId: undefined,
      warnings: undefined,
      customPayload: undefined,
      message: { type: 'result', result: { kind: 'void' } },
    });
    expect(decodeResponseBody(frame(Opcode.RESULT, bytes(int(1)), 0, 5))).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.message)).toBe(true);
    // a prefix takes the full decoder
    const warned = decodeResponseBody(
      frame(Opcode.RESULT, bytes(strList(['w']), int(1)), EnvelopeFlag.WARNING),
    );
    expect(warned.warnings).toEqual(['w']);
  });

  it('turns ERROR into the matching ServerError with the coordinator', () => {
    const body = bytes(int(ErrorCode.UNAVAILABLE), str('not enough replicas'), short(4), int(3), int(1));
    const { message } = decodeResponseBody(frame(Opcode.ERROR, body), '10.0.0.1:9042');
    expect(message.type).toBe('error');
    if (message.type !== 'error') return;
    expect(message.error).toBeInstanceOf(UnavailableError);
    expect(message.error.coordinator).toBe('10.0.0.1:9042');
    expect((message.error as UnavailableError).required).toBe(3);
  });

  it('attaches the response warnings to a server error', () => {
    const body = bytes(strList(['too many tombstones']), int(ErrorCode.INVALID), str('bad'));
    const { message, warnings } = decodeResponseBody(frame(Opcode.ERROR, body, EnvelopeFlag.WARNING));
    expect(warnings).toEqual(['too many tombstones']);
    expect(message.type === 'error' && message.error.warnings).toEqual(['too many tombstones']);
  });

  it('accepts a version byte with the response direction bit', () => {
    const body = bytes(int(4), short(1), [7], short(1), [8], int(0), int(0), int(0), int(4), int(0));
    const { message } = decodeResponseBody(frame(Opcode.RESULT, body, 0, 0x85));
    expect(
      message.type === 'result' && message.result.kind === 'prepared' && message.result.resultMetadataId,
    ).toEqual(Buffer.from([8]));
  });

  it('decodes AUTHENTICATE, SUPPORTED, AUTH_CHALLENGE and AUTH_SUCCESS', () => {
    expect(
      decodeResponseBody(frame(Opcode.AUTHENTICATE, str('org.apache.cassandra.auth.PasswordAuthenticator')))
        .message,
    ).toEqual({
      type: 'authenticate',
      authenticator: 'org.apache.cassandra.auth.PasswordAuthenticator',
    });
    const supported = bytes(short(1), str('COMPRESSION'), strList(['lz4', 'snappy']));
    expect(decodeResponseBody(frame(Opcode.SUPPORTED, supported)).message).toEqual({
      type: 'supported',
      options: { COMPRESSION: ['lz4', 'snappy'] },
    });
    expect(decodeResponseBody(frame(Opcode.AUTH_CHALLENGE, value([1, 2]))).message).toEqual({
      type: 'authChallenge',
      token: Buffer.from([1, 2]),
    });
    expect(decodeResponseBody(frame(Opcode.AUTH_SUCCESS, value(null))).message).toEqual({
      type: 'authSuccess',
      token: null,
    });
  });

  it('decodes EVENT', () => {
    const body = bytes(str('STATUS_CHANGE'), str('DOWN'), inet4([10, 1, 2, 3], 9042));
    expect(decodeResponseBody({ ...frame(Opcode.EVENT, body), stream: -1 }).message).toEqual({
      type: 'event',
      event: { type: 'STATUS_CHANGE', change: 'DOWN', address: '10.1.2.3', port: 9042 },
    });
  });

  it('rejects request opcodes and truncated prefixes', () => {
    expect(() => decodeResponseBody(frame(Opcode.QUERY, Buffer.alloc(0)))).toThrow(ProtocolDecodeError);
    expect(() => decodeResponseBody(frame(Opcode.READY, Buffer.alloc(3), EnvelopeFlag.TRACING))).toThrow(
      ProtocolDecodeError,
    );
  });
});
