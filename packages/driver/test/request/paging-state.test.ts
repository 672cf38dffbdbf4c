/**
 * `pagingState`: `ResultSet.pagingState` is `undefined` on the last page (never `null`), and the
 * option takes `null` as "from the first page" too (a cursor read back from JSON may be null).
 */
import { Cluster } from '../../src/cluster';
import { InvalidOptionsError } from '../../src/errors';
import { CapturedLog, ringOptions, useFakeRing } from '../cluster/cluster-fixture';

describe('pagingState', () => {
  const fake = useFakeRing(1);
  const clusters = fake.clusters;

  it('is undefined on the last page; null or undefined in the option mean the first page', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const session = await cluster.connect();
    const cursor: { next: string | null } = JSON.parse('{ "next": null }') as { next: string | null };
    const rs = await session.execute('SELECT * FROM ks.t', [], {
      pagingState: cursor.next === null ? null : Buffer.from(cursor.next, 'base64'),
    });
    expect(rs.pagingState).toBeUndefined();
    expect(rs.hasMorePages).toBe(false);
    await expect(
      session.execute('SELECT * FROM ks.t', [], { pagingState: undefined }),
    ).resolves.toBeDefined();
    await expect(
      session.execute('SELECT * FROM ks.t', [], { pagingState: 'abc' as unknown as Buffer }),
    ).rejects.toBeInstanceOf(InvalidOptionsError);
  });
});
