import {
  Consistency,
  DriverError,
  InvalidOptionsError,
  Long,
  Statement,
  ValueEncodingError,
} from '@cqlkit/driver';
import {
  ClusteringKey,
  Column,
  Entity,
  Mapper,
  MapperArgumentError,
  OptimisticLockError,
  PartitionKey,
  SchemaMismatchError,
  Version,
  ops,
  type LiveSchemaSource,
  type LiveTable,
} from '@cqlkit/mapper';
import { FakeSession } from './fake-session';

@Entity({ table: 'items' })
class Item {
  @PartitionKey() shop!: string;
  @ClusteringKey() @Column({ type: 'int' }) n!: number;
  @Column() name?: string;
  @Column({ type: 'list<text>' }) log?: string[];
  @Version() version?: number;
}

const liveItems: LiveTable = {
  keyspace: 'ks',
  name: 'items',
  indexes: [],
  columns: [
    { name: 'shop', type: 'text', kind: 'partition_key', position: 0, clusteringOrder: 'none' },
    { name: 'n', type: 'int', kind: 'clustering', position: 0, clusteringOrder: 'asc' },
    { name: 'name', type: 'varchar', kind: 'regular', position: -1, clusteringOrder: 'none' },
    { name: 'log', type: 'list<text>', kind: 'regular', position: -1, clusteringOrder: 'none' },
    { name: 'version', type: 'bigint', kind: 'regular', position: -1, clusteringOrder: 'none' },
  ],
};

class CountingSource implements LiveSchemaSource {
  calls = 0;
  constructor(public live: LiveTable | undefined) {}
  async table(): Promise<LiveTable | undefined> {
    this.calls++;
    return this.live;
  }
  async userType(): Promise<undefined> {
    return undefined;
  }
}

function setup(live: LiveTable | null = liveItems) {
  const session = new FakeSession();
  const source = new CountingSource(live ?? undefined);
  const mapper = new Mapper(session.asSession(), { schemaSource: source });
  return { session, source, mapper, items: mapper.repository(Item) };
}

const item = (values: Partial<Item>): Item => Object.assign(new Item(), { shop: 's', n: 1, ...values });

describe('Repository (against a fake session)', () => {
  it('is one repository per class; validates once, then prepares each shape once', async () => {
    const { session, source, mapper, items } = setup();
    expect(mapper.repository(Item)).toBe(items);
    await items.insert(item({ name: 'a' }));
    await items.insert(item({ n: 2, name: 'b' }));
    await items.insert(item({ n: 3 }), { ttl: 10 });
    await items.insert(item({ n: 4 }), { ttl: 20 });
    expect(source.calls).toBe(1);
    expect(session.prepared).toEqual([
      'INSERT INTO ks.items (shop, n, name, log, version) VALUES (?, ?, ?, ?, ?)',
      'INSERT INTO ks.items (shop, n, name, log, version) VALUES (?, ?, ?, ?, ?) USING TTL ?',
    ]);
    expect(session.executed.map((c) => c.params)).toEqual([
      ['s', 1, 'a', undefined, undefined],
      ['s', 2, 'b', undefined, undefined],
      ['s', 3, undefined, undefined, undefined, 10],
      ['s', 4, undefined, undefined, undefined, 20],
    ]);
    // The summary names the operation and the entity for observers (span names).
    expect(session.executed[0]?.options).toEqual({ idempotent: true, summary: 'insert Item' });
  });

  it('runs a call without options on the prepared handle carrying its options (none passed per call)', async () => {
    const { session, items } = setup();
    await items.insert(item({ name: 'a' }));
    await items.insert(item({ n: 2, name: 'b' }));
    await items.findOne({ shop: 's', n: 1 });
    await items.findOne({ shop: 's', n: 2 });
    await items.insert(item({ n: 3 }), { consistency: Consistency.ONE });
    // The first call of a shape prepares it and passes its options; later ones run the handle.
    expect(session.executed.map((c) => c.callOptions)).toEqual([
      { idempotent: true, summary: 'insert Item' },
      undefined,
      { rowShape: 'array', idempotent: true, summary: 'findOne Item' },
      undefined,
      { consistency: Consistency.ONE, idempotent: true, summary: 'insert Item' },
    ]);
    // Every request runs with the same options either way.
    expect(session.executed.map((c) => c.options)).toEqual([
      { idempotent: true, summary: 'insert Item' },
      { idempotent: true, summary: 'insert Item' },
      { rowShape: 'array', idempotent: true, summary: 'findOne Item' },
      { rowShape: 'array', idempotent: true, summary: 'findOne Item' },
      { consistency: Consistency.ONE, idempotent: true, summary: 'insert Item' },
    ]);
    expect(session.executed.map((c) => c.params)).toEqual([
      ['s', 1, 'a', undefined, undefined],
      ['s', 2, 'b', undefined, undefined],
      ['s', 1],
      ['s', 2],
      ['s', 3, undefined, undefined, undefined],
    ]);
  });

  it('marks non-idempotent writes and passes execution options through', async () => {
    const { session, items } = setup();
    await items.update(
      { shop: 's', n: 1 },
      { log: ops.append(['x']) },
      { consistency: Consistency.QUORUM, timeoutMs: 50 },
    );
    expect(session.executed[0]?.options).toEqual({
      consistency: Consistency.QUORUM,
      timeoutMs: 50,
      idempotent: false,
      summary: 'update Item',
    });
    await items.findOne({ shop: 's', n: 1 }, { consistency: Consistency.ONE });
    expect(session.executed[1]?.options).toEqual({
      consistency: Consistency.ONE,
      rowShape: 'array',
      idempotent: true,
      summary: 'findOne Item',
    });
  });

  it('rejects bad input before any request (not even schema validation)', async () => {
    const { session, source, items } = setup();
    await expect(items.findOne({ shop: 's' })).rejects.toBeInstanceOf(MapperArgumentError);
    expect(() => items.find({ n: 1 })).toThrow("Item.find(): missing partition-key property 'shop'");
    await expect(items.update({ shop: 's', n: 1 }, { name: undefined })).rejects.toThrow('nothing to update');
    expect(session.prepared).toEqual([]);
    expect(session.executed).toEqual([]);
    expect(source.calls).toBe(0);
  });

  it('fails every operation with the mismatch list until the schema matches (validation is retried)', async () => {
    const { session, source, items } = setup(null);
    await expect(items.findOne({ shop: 's', n: 1 })).rejects.toThrow(SchemaMismatchError);
    await expect(items.ready()).rejects.toThrow('Item: table ks.items does not exist');
    expect(session.executed).toEqual([]);
    source.live = liveItems;
    await items.ready();
    await items.ready();
    expect(source.calls).toBe(3);
  });

  it('materializes rows from the select list, nulls as undefined', async () => {
    const { session, items } = setup();
    session.respond = () => ({ rows: [['s', 1, null, ['x'], Long.fromInt(3)]] });
    const found = await items.findOne({ shop: 's', n: 1 });
    expect(found).toEqual(
      Object.assign(new Item(), { shop: 's', n: 1, name: undefined, log: ['x'], version: 3 }),
    );
    expect(found).toBeInstanceOf(Item);
  });

  it('returns pages with their paging state and counts as numbers', async () => {
    const { session, items } = setup();
    const state = Buffer.from('next');
    session.respond = (call) =>
      call.cql.startsWith('SELECT COUNT')
        ? { rows: [[Long.fromInt(42)]] }
        : { rows: [['s', 1, 'a', null, null]], pagingState: state };
    const page = await items.findPage({ shop: 's' }, { pageSize: 1 });
    expect(page.items.map((i) => i.name)).toEqual(['a']);
    expect(page.pagingState).toBe(state);
    expect(page.hasMorePages).toBe(true);
    await items.findPage({ shop: 's' }, { pageSize: 1, pagingState: state });
    expect(session.executed[1]?.options).toMatchObject({
      pageSize: 1,
      pagingState: state,
      rowShape: 'array',
    });
    expect(await items.count({ shop: 's' })).toBe(42);
  });

  it('save(): a lost LWT re-reads the row at SERIAL and throws OptimisticLockError with it', async () => {
    const { session, items } = setup();
    session.respond = (call) =>
      call.cql.startsWith('UPDATE')
        ? { applied: false, rows: [{ '[applied]': false, version: Long.fromInt(8) }] }
        : { rows: [['s', 1, 'theirs', null, Long.fromInt(8)]] };
    const mine = item({ name: 'mine', version: 7 });
    const error = (await items.save(mine).catch((e: unknown) => e)) as OptimisticLockError<Item>;
    expect(error).toBeInstanceOf(OptimisticLockError);
    expect(error.current?.name).toBe('theirs');
    expect(error.currentVersion).toBe(8);
    expect(mine.version).toBe(7);
    expect(session.executed[0]?.cql).toBe(
      'UPDATE ks.items SET name = ?, log = ?, version = ? WHERE shop = ? AND n = ? IF version = ?',
    );
    expect(session.executed[0]?.params).toEqual(['mine', undefined, 8, 's', 1, 7]);
    expect(session.executed[1]?.options).toMatchObject({ consistency: Consistency.SERIAL });
  });

  it('batches entity statements, choosing counter batches and refusing an empty batch', async () => {
    const { session, mapper } = setup();
    await mapper
      .batch({ type: 'unlogged', timestamp: 5 })
      .insert(Item, item({}))
      .delete(Item, { shop: 's', n: 2 })
      .execute();
    expect(session.batches).toHaveLength(1);
    expect(session.batches[0]?.options).toEqual({
      type: 'unlogged',
      idempotent: true,
      timestamp: 5,
      summary: 'batch Item',
    });
    expect(session.batches[0]?.statements).toHaveLength(2);
    expect(() => mapper.batch().insert(Item, item({ shop: undefined }))).toThrow(
      "primary-key property 'shop' is missing",
    );
    await expect(mapper.batch().execute()).rejects.toThrow('the batch is empty');
  });

  it('binds entity statements as driver Statements carrying their settings (the raw escape hatch)', async () => {
    const { items } = setup();
    const insert = await items.insertStatement(item({ name: 'a' }), {
      consistency: Consistency.QUORUM,
      timeoutMs: 500,
    });
    expect(insert).toBeInstanceOf(Statement);
    // The summary names a request of the statement alone (a batch names itself).
    expect(insert.options).toEqual({
      consistency: Consistency.QUORUM,
      timeoutMs: 500,
      idempotent: true,
      summary: 'insert Item',
    });
    expect([insert.idempotent, insert.conditional, insert.counter]).toEqual([true, false, false]);
    const remove = await items.deleteStatement({ shop: 's', n: 1 }, { signal: AbortSignal.timeout(1000) });
    // A signal belongs to a call, not a statement.
    expect(remove.options).toEqual({ idempotent: true, summary: 'delete Item' });
  });

  it('refuses unknown option names, naming the nearest valid one (JavaScript callers)', async () => {
    const { session, items, mapper } = setup();
    const untyped = <T>(o: Record<string, unknown>): T => o as T;
    expect(() => new Mapper(session.asSession(), untyped({ schemaValidaton: 'warn' }))).toThrow(
      /unknown new Mapper\(\) option 'schemaValidaton'; did you mean 'schemaValidation'/,
    );
    expect(() => items.find({ shop: 's' }, untyped({ fetchSize: 10 }))).toThrow(
      /unknown Item\.find\(\) option 'fetchSize'; did you mean 'pageSize'/,
    );
    await expect(items.insert(item({}), untyped({ ifNotExist: true }))).rejects.toThrow(InvalidOptionsError);
    await expect(items.insert(item({}), untyped({ ifNotExist: true }))).rejects.toThrow(/'ifNotExists'/);
    await expect(items.findOne({ shop: 's', n: 1 }, untyped({ consistancy: 1 }))).rejects.toThrow(
      /'consistency'/,
    );
    await expect(items.delete({ shop: 's', n: 1 }, untyped({ ttl: 5 }))).rejects.toThrow(
      /unknown Item\.delete\(\) option 'ttl'/,
    );
    expect(() => mapper.batch(untyped({ logged: false }))).toThrow(/'logged'.*type: 'unlogged'/);
    expect(session.executed).toHaveLength(0);
  });

  it('names the entity property of a value the driver refuses, and every error is a DriverError', async () => {
    const { session, items, mapper } = setup();
    await items.ready();
    session.respond = () => {
      throw new ValueEncodingError('int', 'string "x"').withColumn('n');
    };
    const error = await items.insert(item({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriverError);
    expect(error).toBeInstanceOf(ValueEncodingError);
    expect((error as Error).message).toBe(
      'Invalid value for Item.n (column "n"): expected int, got string "x"',
    );
    expect((error as ValueEncodingError).property).toBe('Item.n');
    await expect(items.findOne({ shop: 's', n: 1 })).rejects.toThrow(/^Invalid value for Item\.n/);
    await expect(items.count({ shop: 's' })).rejects.toThrow(/^Invalid value for Item\.n/);

    const mapperError = await items.findOne({} as never).catch((e: unknown) => e);
    expect(mapperError).toBeInstanceOf(MapperArgumentError);
    expect(mapperError).toBeInstanceOf(DriverError); // one catch for every cqlkit error
    expect((mapperError as MapperArgumentError).code).toBe('CQLKIT_MAPPER_ARGUMENT');
    expect(() => mapper.repository(class NotAnEntity {} as never)).toThrow(DriverError);
  });
});
