import { ID_A, ID_B, tablet } from '../routing/tablet-fixtures';
import { ProtocolDecodeError } from '../../src/errors';
import { decodeTabletsRoutingV1, encodeTabletsRoutingV1 } from '../../src/protocol/tablets-payload';

describe('tablets-routing-v1 payload', () => {
  it('round-trips a tablet (tuple<bigint, bigint, list<tuple<uuid, int>>>)', () => {
    const original = tablet(-100n, 250n, [ID_A, 3], [ID_B, 0]);
    const bytes = encodeTabletsRoutingV1(original);
    // [i32 8][i64][i32 8][i64][i32 len][i32 n] n × ([i32 28][i32 16][16 B][i32 4][i32 shard])
    expect(bytes.length).toBe(12 + 12 + 8 + 2 * 32);
    expect(bytes.readInt32BE(24)).toBe(4 + 2 * 32);
    expect(bytes.readInt32BE(32)).toBe(28);
    expect(decodeTabletsRoutingV1(bytes)).toEqual(original);
  });

  it('rejects an empty range, a negative shard, no replica and truncated values', () => {
    expect(() => decodeTabletsRoutingV1(encodeTabletsRoutingV1(tablet(5n, 5n, [ID_A, 0])))).toThrow(
      /empty token range/,
    );
    expect(() => decodeTabletsRoutingV1(encodeTabletsRoutingV1(tablet(0n, 5n, [ID_A, -1])))).toThrow(
      /negative shard/,
    );
    expect(() => decodeTabletsRoutingV1(encodeTabletsRoutingV1(tablet(0n, 5n)))).toThrow(/0 replicas/);
    const bytes = encodeTabletsRoutingV1(tablet(0n, 5n, [ID_A, 1]));
    for (const cut of [3, 20, 40, bytes.length - 1]) {
      expect(() => decodeTabletsRoutingV1(bytes.subarray(0, cut))).toThrow(ProtocolDecodeError);
    }
  });
});
