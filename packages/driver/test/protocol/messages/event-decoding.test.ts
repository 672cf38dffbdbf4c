import { ProtocolDecodeError } from '../../../src/errors';
import { ByteReader } from '../../../src/binary/byte-reader';
import { decodeEventBody } from '../../../src/protocol/messages/event-message';
import { bytes, inet4, int, short, str, strList, u8 } from './wire';

function decode(body: Buffer): ReturnType<typeof decodeEventBody> {
  return decodeEventBody(new ByteReader(body));
}

describe('decodeEventBody', () => {
  it.each(['NEW_NODE', 'REMOVED_NODE', 'MOVED_NODE'] as const)('decodes TOPOLOGY_CHANGE %s', (change) => {
    expect(decode(bytes(str('TOPOLOGY_CHANGE'), str(change), inet4([10, 0, 0, 7], 9042)))).toEqual({
      type: 'TOPOLOGY_CHANGE',
      change,
      address: '10.0.0.7',
      port: 9042,
    });
  });

  it.each(['UP', 'DOWN'] as const)('decodes STATUS_CHANGE %s', (change) => {
    expect(decode(bytes(str('STATUS_CHANGE'), str(change), inet4([127, 0, 0, 2], 19042)))).toEqual({
      type: 'STATUS_CHANGE',
      change,
      address: '127.0.0.2',
      port: 19042,
    });
  });

  it('decodes an IPv6 address', () => {
    const address = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(decode(bytes(str('STATUS_CHANGE'), str('UP'), u8(16), address, int(9042)))).toEqual({
      type: 'STATUS_CHANGE',
      change: 'UP',
      address: '2001:db8::1',
      port: 9042,
    });
  });

  it('decodes SCHEMA_CHANGE events like Schema_change results', () => {
    expect(decode(bytes(str('SCHEMA_CHANGE'), str('CREATED'), str('TABLE'), str('ks'), str('t')))).toEqual({
      type: 'SCHEMA_CHANGE',
      schemaChange: { change: 'CREATED', target: 'TABLE', keyspace: 'ks', name: 't' },
    });
    expect(
      decode(
        bytes(str('SCHEMA_CHANGE'), str('UPDATED'), str('FUNCTION'), str('ks'), str('f'), strList(['int'])),
      ),
    ).toEqual({
      type: 'SCHEMA_CHANGE',
      schemaChange: { change: 'UPDATED', target: 'FUNCTION', keyspace: 'ks', name: 'f', argTypes: ['int'] },
    });
  });

  it.each([
    ['an unknown event type', bytes(str('CLIENT_ROUTES'), str('x')), /unknown event type 'CLIENT_ROUTES'/],
    [
      'an unknown topology change',
      bytes(str('TOPOLOGY_CHANGE'), str('SWAPPED'), inet4([1, 2, 3, 4], 1)),
      /SWAPPED/,
    ],
    ['an unknown status', bytes(str('STATUS_CHANGE'), str('SLEEPY'), inet4([1, 2, 3, 4], 1)), /SLEEPY/],
    [
      'a bad inet size',
      bytes(str('STATUS_CHANGE'), str('UP'), u8(5), [1, 2, 3, 4, 5], int(1)),
      /\[inetaddr\] size 5/,
    ],
    ['a truncated port', bytes(str('STATUS_CHANGE'), str('UP'), u8(4), [1, 2, 3, 4], short(1)), /truncated/],
  ])('rejects %s', (_label, body, message) => {
    expect(() => decode(body)).toThrow(ProtocolDecodeError);
    expect(() => decode(body)).toThrow(message);
  });
});
