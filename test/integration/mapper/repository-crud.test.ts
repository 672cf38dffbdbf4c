import { Consistency, DriverError, Uuid, ValueEncodingError } from '@cqlkit/driver';
import {
  Column,
  Computed,
  Entity,
  MapperArgumentError,
  PartitionKey,
  Transient,
  cmp,
  ops,
  type Repository,
} from '@cqlkit/mapper';
import { openMapperKeyspace, type MapperTestContext } from './mapper-test-keyspace';

@Entity({ table: 'users' })
class User {
  @PartitionKey() id!: Uuid;
  @Column() name?: string;
  @Column() email?: string;
  @Column({ type: 'int' }) age?: number;
  @Column({ type: 'list<text>' }) history?: string[];
  @Column({ type: 'set<text>' }) tags?: Set<string>;
  @Column({ type: 'map<text, int>' }) scores?: Map<string, number>;
  @Computed('writetime(name)') nameWrittenAt?: bigint;
  @Computed('ttl(email)') emailTtl?: number;
  @Transient() loadedAt?: Date;
}

function user(values: Partial<User>): User {
  return Object.assign(new User(), { id: Uuid.random(), ...values });
}

describe('Repository: insert, findOne, update, delete', () => {
  let ctx: MapperTestContext;
  let users: Repository<User>;

  beforeAll(async () => {
    ctx = await openMapperKeyspace('mapper_crud', [User]);
    users = ctx.mapper.repository(User);
    await users.ready();
  });
  afterAll(() => ctx?.close());

  it('round-trips an entity and returns instances of the class with computed values', async () => {
    const ann = user({ name: 'Ann', email: 'ann@example.com', age: 41, tags: new Set(['a', 'b']) });
    expect(await users.insert(ann)).toEqual({ applied: true, current: undefined });
    const read = await users.findOne({ id: ann.id });
    expect(read).toBeInstanceOf(User);
    expect(read?.id.equals(ann.id)).toBe(true);
    expect(read).toMatchObject({ name: 'Ann', email: 'ann@example.com', age: 41, tags: new Set(['a', 'b']) });
    expect(read?.history).toBeUndefined(); // null columns read as undefined
    expect(typeof read?.nameWrittenAt).toBe('bigint');
    expect(read!.nameWrittenAt! > 1_600_000_000_000_000n).toBe(true);
    expect(read?.emailTtl).toBeUndefined();
    expect(await users.findOne({ id: Uuid.random() })).toBeUndefined();
  });

  it('binds undefined properties as unset: existing values survive and no tombstone is written', async () => {
    const bob = user({ name: 'Bob', email: 'bob@example.com', age: 30 });
    await users.insert(bob);
    const writtenAt = (await users.findOne({ id: bob.id }))?.nameWrittenAt;
    await users.insert(Object.assign(new User(), { id: bob.id, age: 31 })); // name, email undefined
    const read = await users.findOne({ id: bob.id });
    expect(read).toMatchObject({ name: 'Bob', email: 'bob@example.com', age: 31 });
    // The second insert did not write name at all (a null would have deleted it).
    expect(read?.nameWrittenAt).toBe(writtenAt);
    const direct = await ctx.session.execute<{ n: string | null }>(
      `SELECT name AS n FROM ${ctx.keyspace}.users WHERE id = ?`,
      [bob.id],
    );
    expect(direct.first()?.n).toBe('Bob');
  });

  it('writes a TTL and reads it back through @Computed', async () => {
    const c = user({ name: 'Cid', email: 'cid@example.com' });
    await users.insert(c, { ttl: 3600 });
    const read = await users.findOne({ id: c.id });
    expect(read?.emailTtl).toBeGreaterThan(3500);
    expect(read?.emailTtl).toBeLessThanOrEqual(3600);
  });

  it('writes with an explicit timestamp', async () => {
    const d = user({ name: 'Dee' });
    await users.insert(d, { timestamp: 1_000_000n });
    expect((await users.findOne({ id: d.id }))?.nameWrittenAt).toBe(1_000_000n);
    await users.insert(Object.assign(new User(), { id: d.id, name: 'older' }), { timestamp: 999_999 });
    expect((await users.findOne({ id: d.id }))?.name).toBe('Dee');
  });

  it('updates partially: assignments, null clears, collection append / prepend / remove / put / removeKeys', async () => {
    const e = user({
      name: 'Eve',
      email: 'eve@example.com',
      history: ['b'],
      tags: new Set(['x']),
      scores: new Map([['m', 1]]),
    });
    await users.insert(e);
    await users.update(
      { id: e.id },
      {
        name: 'Eva',
        email: null,
        history: ops.append(['c']),
        tags: ops.append(['y', 'z']),
        scores: ops.put(new Map([['n', 2]])),
      },
    );
    await users.update(
      { id: e.id },
      { history: ops.prepend(['a']), tags: ops.remove(['x']), scores: ops.removeKeys(['m']) },
    );
    const read = await users.findOne({ id: e.id });
    expect(read).toMatchObject({
      name: 'Eva',
      history: ['a', 'b', 'c'],
      tags: new Set(['y', 'z']),
      scores: new Map([['n', 2]]),
    });
    expect(read?.email).toBeUndefined();
    expect(read?.age).toBeUndefined();
  });

  it('LWT insert: ifNotExists is applied once; the conflict carries the existing row', async () => {
    const f = user({ name: 'Fay', age: 20 });
    expect(await users.insert(f, { ifNotExists: true })).toEqual({ applied: true, current: undefined });
    const again = await users.insert(user({ id: f.id, name: 'Impostor' }), { ifNotExists: true });
    expect(again.applied).toBe(false);
    expect(again.current).toMatchObject({ name: 'Fay', age: 20 });
    expect(again.current?.id?.equals(f.id)).toBe(true);
    expect((await users.findOne({ id: f.id }))?.name).toBe('Fay');
  });

  it('LWT update: if conditions and ifExists; a conflict carries the tested columns', async () => {
    const g = user({ name: 'Gus', age: 50 });
    await users.insert(g);
    const ok = await users.update({ id: g.id }, { age: 51 }, { if: { name: 'Gus', age: cmp.lt(60) } });
    expect(ok.applied).toBe(true);
    const lost = await users.update({ id: g.id }, { age: 99 }, { if: { age: 50 } });
    expect(lost).toEqual({ applied: false, current: { age: 51 } });
    const missing = await users.update({ id: Uuid.random() }, { age: 1 }, { ifExists: true });
    expect(missing).toEqual({ applied: false, current: undefined });
    const inList = await users.update({ id: g.id }, { name: 'Gustav' }, { if: { age: cmp.in([50, 51]) } });
    expect(inList.applied).toBe(true);
    expect((await users.findOne({ id: g.id }))?.name).toBe('Gustav');
  });

  it('deletes a row, conditionally too', async () => {
    const h = user({ name: 'Hal', age: 5 });
    await users.insert(h);
    expect((await users.delete({ id: h.id }, { if: { age: 6 } })).applied).toBe(false);
    expect((await users.delete({ id: h.id }, { ifExists: true })).applied).toBe(true);
    expect(await users.findOne({ id: h.id })).toBeUndefined();
    expect((await users.delete({ id: h.id }, { ifExists: true })).applied).toBe(false);
    await users.delete({ id: h.id }); // plain delete of a missing row is fine
  });

  it('saves without @Version as an upsert', async () => {
    const i = user({ name: 'Ivy' });
    expect(await users.save(i)).toBe(i);
    expect((await users.findOne({ id: i.id }, { consistency: Consistency.ONE }))?.name).toBe('Ivy');
  });

  it('rejects bad input before sending, naming what is wrong', async () => {
    const missingKey = Object.assign(new User(), { name: 'x' });
    await expect(users.insert(missingKey)).rejects.toThrow(
      new MapperArgumentError("User.insert(): primary-key property 'id' is missing (the primary key is id)"),
    );
    await expect(users.findOne({})).rejects.toThrow("User.findOne(): missing partition-key property 'id'");
    await expect(users.findOne({ name: 'x' } as never)).rejects.toThrow(
      "User.findOne(): 'name' is not a primary-key property; keys restrict only id",
    );
    await expect(users.update({ id: Uuid.random() }, { nope: 1 } as never)).rejects.toThrow(
      "User.update(): 'nope' is not a mapped property of User",
    );
    await expect(users.update({ id: Uuid.random() }, { nameWrittenAt: 1n })).rejects.toThrow(
      "User.update(): 'nameWrittenAt' is @Computed (read-only)",
    );
    await expect(users.update({ id: Uuid.random() }, { age: ops.append([1]) })).rejects.toThrow(
      "User.update(): ops.append() needs a list or set column, but 'age' is int",
    );
    await expect(users.update({ id: Uuid.random() }, {})).rejects.toThrow('User.update(): nothing to update');
    await expect(users.insert(user({}), { ifNotExists: true, timestamp: 5 })).rejects.toThrow(
      "option 'timestamp' cannot be combined with conditions",
    );
    await expect(users.insert(user({}), { ttl: -1 })).rejects.toThrow(
      "option 'ttl' must be an integer number of seconds",
    );
    await expect(users.insert(user({ age: 'old' as never }))).rejects.toThrow(/age/);
  });

  it('names the entity property and its column when the driver refuses a value', async () => {
    const error = await users.insert(user({ age: 'old' as never })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValueEncodingError);
    expect(error).toBeInstanceOf(DriverError); // one catch for every cqlkit error
    expect((error as Error).message).toMatch(/^Invalid value for User\.age \(column "age"\): expected int/);
    const batch = ctx.mapper
      .batch()
      .insert(User, user({}))
      .insert(User, user({ age: 'old' as never }));
    await expect(batch.execute()).rejects.toThrow(
      /^batch statement #1: Invalid value for User\.age \(column "age"\)/,
    );
  });

  it('prepares each statement shape once', async () => {
    const before = (users as unknown as { statements: { size: number } }).statements.size;
    for (let i = 0; i < 5; i++) await users.insert(user({ name: `n${i}` }));
    const afterInserts = (users as unknown as { statements: { size: number } }).statements.size;
    expect(afterInserts - before).toBeLessThanOrEqual(1);
  });
});
