/**
 * What the requests of repository calls run with, as the driver reports them to a request
 * tracker: the summary, idempotence and consistency, on the first call of a shape (which
 * prepares it) and on the later ones (which run its prepared handle without call options).
 */
import { Consistency, Uuid, type RequestEnd } from '@cqlkit/driver';
import { Column, Entity, PartitionKey, type Repository } from '@cqlkit/mapper';
import { openMapperKeyspace, type MapperTestContext } from './mapper-test-keyspace';

@Entity({ table: 'tracked' })
class Tracked {
  @PartitionKey() id!: Uuid;
  @Column() name?: string;
}

describe('Repository requests, as the driver runs them', () => {
  let ctx: MapperTestContext;
  let tracked: Repository<Tracked>;
  const ended: RequestEnd[] = [];

  beforeAll(async () => {
    ctx = await openMapperKeyspace(
      'mapper_request_options',
      [Tracked],
      {},
      {
        requestTracker: { onSuccess: (r) => void ended.push(r) },
      },
    );
    tracked = ctx.mapper.repository(Tracked);
    await tracked.ready();
  });
  afterAll(() => ctx?.close());

  it('carry the summary, idempotence and consistency of the call, first call of a shape or not', async () => {
    const ids = [Uuid.random(), Uuid.random()];
    ended.length = 0;
    for (const id of ids) await tracked.insert(Object.assign(new Tracked(), { id, name: 'n' }));
    for (const id of ids) expect((await tracked.findOne({ id }))?.name).toBe('n');
    expect((await tracked.findOne({ id: ids[0]! }, { consistency: Consistency.QUORUM }))?.name).toBe('n');
    await tracked.insert(Object.assign(new Tracked(), { id: ids[0]!, name: 'x' }), { ifNotExists: true });
    await tracked.insert(Object.assign(new Tracked(), { id: ids[1]!, name: 'x' }), { ifNotExists: true });
    const executed = ended
      .filter((r) => r.kind === 'execute')
      .map((r) => ({ summary: r.summary, idempotent: r.idempotent, consistency: r.consistency }));
    const one = Consistency.LOCAL_ONE;
    expect(executed).toEqual([
      { summary: 'insert Tracked', idempotent: true, consistency: one },
      { summary: 'insert Tracked', idempotent: true, consistency: one },
      { summary: 'findOne Tracked', idempotent: true, consistency: one },
      { summary: 'findOne Tracked', idempotent: true, consistency: one },
      { summary: 'findOne Tracked', idempotent: true, consistency: Consistency.QUORUM },
      { summary: 'insert Tracked', idempotent: false, consistency: one },
      { summary: 'insert Tracked', idempotent: false, consistency: one },
    ]);
  });
});
