/** Tablets for routing tests: host ids and a builder of `tablets-routing-v1` tablets. */
import type { TabletRouting } from '../../src/protocol/tablets-payload';

export const ID_A = '11111111-1111-4111-8111-111111111111';
export const ID_B = '22222222-2222-4222-8222-222222222222';

/** A tablet `(first, last]` with replicas given as `[hostId, shard]`. */
export function tablet(first: bigint, last: bigint, ...replicas: [string, number][]): TabletRouting {
  return {
    firstToken: first,
    lastToken: last,
    replicas: replicas.map(([hostId, shard]) => ({ hostId, shard })),
  };
}
