import { CqlSyntaxError, ServerProtocolError } from '../../src/errors';
import { chooseCompression } from '../../src/connection/startup';
import { StreamIdPool } from '../../src/connection/stream-id-pool';
import { nextVersionAfterRejection } from '../../src/connection/version-negotiation';

const protocolError = (message: string) => new ServerProtocolError({ code: 0x000a, message });

describe('nextVersionAfterRejection', () => {
  it.each([
    ['Invalid or unsupported protocol version (5); supported versions are (3/v3, 4/v4)', 5, 4],
    ['Invalid or unsupported protocol version (5); supported versions are (3/v3)', 5, 3],
    ['Invalid or unsupported protocol version: 5', 5, 4], // ScyllaDB / older Cassandra: no list
    ['Invalid or unsupported protocol version: 4', 4, 3],
    ['Beta version of the protocol used (5/v5-beta), but USE_BETA flag is unset', 5, 4],
    ['Invalid or unsupported protocol version (3); supported versions are (4/v4, 5/v5)', 3, null],
  ] as const)('%s (tried v%i) → %p', (message, tried, next) => {
    expect(nextVersionAfterRejection(protocolError(message), tried)).toBe(next);
  });

  it('ignores other errors', () => {
    expect(nextVersionAfterRejection(protocolError('Unknown compression algorithm'), 5)).toBeUndefined();
    expect(
      nextVersionAfterRejection(new CqlSyntaxError({ code: 0x2000, message: 'protocol version' }), 5),
    ).toBeUndefined();
    expect(nextVersionAfterRejection(new Error('protocol version'), 5)).toBeUndefined();
  });
});

describe('chooseCompression', () => {
  const both = { COMPRESSION: ['snappy', 'lz4'] };
  it.each([
    [null, 5, both, null],
    ['lz4', 5, both, 'lz4'],
    ['snappy', 5, both, 'lz4'], // v5 has no snappy: LZ4 instead
    ['snappy', 5, { COMPRESSION: ['snappy'] }, null],
    ['snappy', 4, both, 'snappy'],
    ['snappy', 4, { COMPRESSION: ['lz4'] }, null],
    ['lz4', 3, { COMPRESSION: ['LZ4'] }, 'lz4'],
    ['lz4', 4, {}, null],
  ] as const)('%p on v%i with %j → %p', (requested, version, supported, expected) => {
    expect(chooseCompression(requested, version, supported)).toBe(expected);
  });
});

describe('StreamIdPool', () => {
  it('hands out 0 first, every id once, then -1', () => {
    const pool = new StreamIdPool(32768);
    const ids = new Set<number>();
    for (let i = 0; i < 32768; i++) ids.add(pool.acquire());
    expect(ids.size).toBe(32768);
    expect(Math.min(...ids)).toBe(0);
    expect(Math.max(...ids)).toBe(32767);
    expect(pool.acquire()).toBe(-1);
    expect(pool.available).toBe(0);
    pool.release(1234);
    expect(pool.inUse).toBe(32767);
    expect(pool.acquire()).toBe(1234);
  });
});
