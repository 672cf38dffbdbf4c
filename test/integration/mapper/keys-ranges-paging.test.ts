import { LocalDate } from '@cqlkit/driver';
import {
  ClusteringKey,
  Column,
  Entity,
  MapperArgumentError,
  PartitionKey,
  Static,
  type Repository,
} from '@cqlkit/mapper';
import { openMapperKeyspace, type MapperTestContext } from './mapper-test-keyspace';

/** Composite partition key (sensor, day); clustering (hour ASC, seq DESC); a static column. */
@Entity({ table: 'readings' })
class Reading {
  @PartitionKey(0) sensor!: string;
  @PartitionKey(1) @Column() day!: LocalDate;
  @ClusteringKey(0) @Column({ type: 'int' }) hour!: number;
  @ClusteringKey(1, 'DESC') @Column({ type: 'int' }) seq!: number;
  @Column({ type: 'double' }) value?: number;
  @Static() @Column() location?: string;
}

@Entity({ table: 'events' })
class Event {
  @PartitionKey() stream!: string;
  @ClusteringKey(0) @Column({ type: 'int' }) n!: number;
  @Column() payload?: string;
}

const day = LocalDate.of(2024, 5, 1);

function reading(sensor: string, hour: number, seq: number, value: number): Reading {
  return Object.assign(new Reading(), { sensor, day, hour, seq, value });
}

describe('keys, clustering order and ranges, static columns, paging', () => {
  let ctx: MapperTestContext;
  let readings: Repository<Reading>;
  let events: Repository<Event>;

  beforeAll(async () => {
    ctx = await openMapperKeyspace('mapper_keys', [Reading, Event]);
    readings = ctx.mapper.repository(Reading);
    events = ctx.mapper.repository(Event);
    const batch = ctx.mapper.batch({ type: 'unlogged' });
    for (let hour = 0; hour < 3; hour++)
      for (let seq = 0; seq < 4; seq++) batch.insert(Reading, reading('s1', hour, seq, hour * 10 + seq));
    batch.insert(Reading, reading('s2', 0, 0, -1));
    await batch.execute();
  });
  afterAll(() => ctx?.close());

  it('finds by composite partition key in clustering order (hour ASC, seq DESC)', async () => {
    const all: Reading[] = [];
    for await (const r of readings.find({ sensor: 's1', day })) all.push(r);
    expect(all).toHaveLength(12);
    expect(all.every((r) => r instanceof Reading)).toBe(true);
    expect(all.slice(0, 5).map((r) => [r.hour, r.seq])).toEqual([
      [0, 3],
      [0, 2],
      [0, 1],
      [0, 0],
      [1, 3],
    ]);
    expect(await readings.count({ sensor: 's1', day })).toBe(12);
    expect(await readings.count({ sensor: 's2', day })).toBe(1);
    expect(await readings.count({ sensor: 'nobody', day })).toBe(0);
  });

  it('reverses the order (every clustering column flips) and limits', async () => {
    const out: [number, number][] = [];
    for await (const r of readings.find({ sensor: 's1', day }, { order: 'DESC', limit: 3 }))
      out.push([r.hour, r.seq]);
    expect(out).toEqual([
      [2, 0],
      [2, 1],
      [2, 2],
    ]);
  });

  it('restricts a clustering prefix and a range on the next clustering column', async () => {
    const inHour: number[] = [];
    for await (const r of readings.find(
      { sensor: 's1', day, hour: 1 },
      { range: { seq: { gte: 1, lt: 3 } } },
    )) {
      inHour.push(r.seq);
    }
    expect(inHour).toEqual([2, 1]);
    const hours: number[] = [];
    for await (const r of readings.find(
      { sensor: 's1', day },
      { range: { hour: { gt: 0 } }, order: 'ASC' },
    )) {
      hours.push(r.hour);
    }
    expect(hours).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    expect(await readings.count({ sensor: 's1', day }, { range: { hour: { lte: 1 } } })).toBe(8);
    const one = await readings.findOne({ sensor: 's1', day, hour: 2, seq: 3 });
    expect(one?.value).toBe(23);
  });

  it('rejects keys and ranges CQL cannot serve, before sending', () => {
    expect(() => readings.find({ sensor: 's1' })).toThrow(
      new MapperArgumentError(
        "Reading.find(): missing partition-key property 'day' (the partition key is sensor, day)",
      ),
    );
    expect(() => readings.find({ sensor: 's1', day, seq: 1 })).toThrow(
      "Reading.find(): clustering property 'seq' is given but 'hour' before it is not",
    );
    expect(() => readings.find({ sensor: 's1', day }, { range: { seq: { gt: 1 } } })).toThrow(
      "Reading.find(): the range must be on 'hour' (the first clustering column not restricted by the key), got 'seq'",
    );
    expect(() => readings.find({ sensor: 's1', day }, { range: { hour: { gt: 1, gte: 2 } } })).toThrow(
      'give at most one lower bound (gt or gte) and one upper bound (lt or lte)',
    );
    expect(() => readings.find({ sensor: 's1', day }, { limit: 0 })).toThrow(
      "option 'limit' must be a positive integer",
    );
    return expect(readings.findOne({ sensor: 's1', day, hour: 1 })).rejects.toThrow(
      "Reading.findOne(): missing clustering property 'seq' (the primary key is sensor, day, hour, seq)",
    );
  });

  it('writes static columns once per partition, by partition key alone', async () => {
    await readings.update({ sensor: 's1', day }, { location: 'roof' });
    const rows: Reading[] = [];
    for await (const r of readings.find({ sensor: 's1', day }, { limit: 12 })) rows.push(r);
    expect(rows.every((r) => r.location === 'roof')).toBe(true);
    const other = await readings.findOne({ sensor: 's2', day, hour: 0, seq: 0 });
    expect(other?.location).toBeUndefined();
    await expect(readings.update({ sensor: 's1', day }, { value: 1 })).rejects.toThrow(
      "Reading.update(): missing clustering property 'hour'",
    );
  });

  it('pages through 10,000 entities, across pages and with a paging state', async () => {
    const total = 10_000;
    const pending: Promise<unknown>[] = [];
    for (let n = 0; n < total; n++) {
      pending.push(events.insert(Object.assign(new Event(), { stream: 'big', n, payload: `p${n}` })));
      if (pending.length === 64) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);

    let count = 0;
    let last = -1;
    for await (const e of events.find({ stream: 'big' }, { pageSize: 700 })) {
      expect(e.n).toBe(last + 1);
      last = e.n;
      count++;
    }
    expect(count).toBe(total);
    expect(await events.count({ stream: 'big' })).toBe(total);

    let page = await events.findPage({ stream: 'big' }, { pageSize: 4000 });
    const sizes = [page.items.length];
    while (page.hasMorePages) {
      page = await events.findPage({ stream: 'big' }, { pageSize: 4000, pagingState: page.pagingState });
      sizes.push(page.items.length);
    }
    expect(sizes).toEqual([4000, 4000, 2000]);
    expect(page.items.at(-1)?.payload).toBe('p9999');
    expect(page.pagingState).toBeUndefined();
  });

  it('runs logged batches atomically and rejects mixing counter and plain writes', async () => {
    await ctx.mapper
      .batch()
      .insert(Event, Object.assign(new Event(), { stream: 'b', n: 1, payload: 'one' }))
      .insert(Event, Object.assign(new Event(), { stream: 'b', n: 2, payload: 'two' }))
      .update(Event, { stream: 'b', n: 3 }, { payload: 'three' })
      .execute();
    await ctx.mapper.batch().delete(Event, { stream: 'b', n: 2 }).execute();
    const got: string[] = [];
    for await (const e of events.find({ stream: 'b' })) got.push(e.payload ?? '');
    expect(got).toEqual(['one', 'three']);
    const conditional = await ctx.mapper
      .batch()
      .insert(Event, Object.assign(new Event(), { stream: 'b', n: 1, payload: 'again' }), {
        ifNotExists: true,
      })
      .execute();
    expect(conditional.applied).toBe(false);
    await expect(ctx.mapper.batch().execute()).rejects.toThrow('the batch is empty');
  });
});
