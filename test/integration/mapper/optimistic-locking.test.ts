import { Uuid } from '@cqlkit/driver';
import { Column, Entity, OptimisticLockError, PartitionKey, Version, type Repository } from '@cqlkit/mapper';
import { openMapperKeyspace, type MapperTestContext } from './mapper-test-keyspace';

@Entity()
class Document {
  @PartitionKey() id!: Uuid;
  @Column() title?: string;
  @Column() body?: string;
  @Version() version?: number;
}

@Entity()
class Ledger {
  @PartitionKey() id!: string;
  @Column({ type: 'int' }) balance?: number;
  @Version() revision?: bigint;
}

describe('save() with @Version: optimistic locking through lightweight transactions', () => {
  let ctx: MapperTestContext;
  let docs: Repository<Document>;

  beforeAll(async () => {
    ctx = await openMapperKeyspace('mapper_version', [Document, Ledger]);
    docs = ctx.mapper.repository(Document);
  });
  afterAll(() => ctx?.close());

  it('inserts a new entity at version 1 and increments on each save', async () => {
    const doc = Object.assign(new Document(), { id: Uuid.random(), title: 'draft' });
    await docs.save(doc);
    expect(doc.version).toBe(1);
    doc.title = 'second';
    await docs.save(doc);
    expect(doc.version).toBe(2);
    const read = await docs.findOne({ id: doc.id });
    expect(read).toMatchObject({ title: 'second', version: 2 });
  });

  it('a first save of an id that already exists loses, carrying the existing row', async () => {
    const id = Uuid.random();
    await docs.save(Object.assign(new Document(), { id, title: 'first' }));
    const clash = Object.assign(new Document(), { id, title: 'clash' });
    const error = await docs.save(clash).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptimisticLockError);
    const lock = error as OptimisticLockError<Document>;
    expect(lock.expectedVersion).toBeUndefined();
    expect(lock.currentVersion).toBe(1);
    expect(lock.current).toBeInstanceOf(Document);
    expect(lock.current?.title).toBe('first');
    expect(clash.version).toBeUndefined();
  });

  it('two concurrent saves of one version: exactly one wins, the other gets the winner’s row', async () => {
    const id = Uuid.random();
    await docs.save(Object.assign(new Document(), { id, title: 'v1', body: 'base' }));
    for (let round = 0; round < 5; round++) {
      const a = (await docs.findOne({ id }))!;
      const b = (await docs.findOne({ id }))!;
      expect(a.version).toBe(b.version);
      const loaded = a.version!;
      a.title = `A${round}`;
      b.title = `B${round}`;
      const outcomes = await Promise.allSettled([docs.save(a), docs.save(b)]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const error = lost[0]!.reason as OptimisticLockError<Document>;
      expect(error).toBeInstanceOf(OptimisticLockError);
      expect(error.expectedVersion).toBe(loaded);
      expect(error.currentVersion).toBe(loaded + 1);
      const winner = won[0] === outcomes[0] ? a : b;
      expect(error.current?.title).toBe(winner.title);
      expect(error.message).toBe(
        `Document: save() expected version ${loaded} but the row is at version ${loaded + 1}`,
      );
      const stored = await docs.findOne({ id });
      expect(stored).toMatchObject({ title: winner.title, body: 'base', version: loaded + 1 });
    }
  });

  it('a save after the row was deleted reports that it is gone', async () => {
    const doc = Object.assign(new Document(), { id: Uuid.random(), title: 'x' });
    await docs.save(doc);
    await docs.delete({ id: doc.id });
    const error = (await docs.save(doc).catch((e: unknown) => e)) as OptimisticLockError<Document>;
    expect(error).toBeInstanceOf(OptimisticLockError);
    expect(error.current).toBeUndefined();
    expect(error.message).toBe('Document: save() expected version 1 but the row no longer exists');
  });

  it('supports bigint versions', async () => {
    const ledger = ctx.mapper.repository(Ledger);
    const entry = Object.assign(new Ledger(), { id: 'acct', balance: 10 });
    await ledger.save(entry);
    expect(entry.revision).toBe(1n);
    entry.balance = 20;
    await ledger.save(entry);
    expect(entry.revision).toBe(2n);
    expect((await ledger.findOne({ id: 'acct' }))?.revision).toBe(2n);
  });
});
