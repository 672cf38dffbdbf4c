/**
 * UDT classes registered with the driver (`cluster.registerUserType`, as the Python driver's
 * `register_user_type`) and through the mapper (`mapper.registerUdts()`): raw session results
 * and mapper results yield instances of the classes, instances bind as UDT values, unregistered
 * UDTs stay plain objects, and naming a UDT that does not exist raises UserTypeDoesNotExistError.
 *
 * Needs the driver additions described in docs/mapper.md ("UDT registration in the driver").
 */
import { UserTypeDoesNotExistError, Uuid } from '@cqlkit/driver';
import { Column, Entity, Field, Mapper, PartitionKey, Udt, type Repository } from '@cqlkit/mapper';
import { openMapperKeyspace, type MapperTestContext } from './mapper-test-keyspace';

@Udt({ name: 'geo' })
class Geo {
  @Field({ type: 'double' }) lat?: number;
  @Field({ type: 'double' }) lon?: number;
}

@Udt({ name: 'place' })
class Place {
  @Field() name?: string;
  @Field({ type: 'int' }) zipCode?: number; // field zip_code
  @Field() geo?: Geo;
}

@Udt({ name: 'tag_info' })
class TagInfo {
  @Field() label?: string;
}

@Entity({ table: 'venues' })
class Venue {
  @PartitionKey() id!: Uuid;
  @Column() place?: Place;
  @Column({ type: 'list<frozen<place>>' }) branches?: Place[];
  @Column() tag?: TagInfo;
}

function place(name: string, zipCode: number): Place {
  return Object.assign(new Place(), {
    name,
    zipCode,
    geo: Object.assign(new Geo(), { lat: 1.5, lon: -2.5 }),
  });
}

describe('UDT classes registered with the driver', () => {
  let ctx: MapperTestContext;
  let venues: Repository<Venue>;

  beforeAll(async () => {
    ctx = await openMapperKeyspace('mapper_udtreg', [Venue], {});
    venues = ctx.mapper.repository(Venue);
  });
  afterAll(() => ctx?.close());

  it('raw session results yield instances of a registered class (fields mapped to properties)', async () => {
    await ctx.cluster.registerUserType(ctx.keyspace, 'geo', Geo);
    await ctx.cluster.registerUserType(ctx.keyspace, 'place', Place, { fields: { zip_code: 'zipCode' } });
    const id = Uuid.random();
    await venues.insert(
      Object.assign(new Venue(), { id, place: place('Hall', 75001), branches: [place('B1', 1)] }),
    );

    const rs = await ctx.session.execute<{ place: Place; branches: Place[] }>(
      `SELECT place, branches FROM ${ctx.keyspace}.venues WHERE id = ?`,
      [id],
      { prepare: true },
    );
    const row = rs.first()!;
    expect(row.place).toBeInstanceOf(Place);
    expect(row.place.zipCode).toBe(75001);
    expect(row.place).not.toHaveProperty('zip_code');
    expect(row.place.geo).toBeInstanceOf(Geo);
    expect(row.place.geo?.lat).toBe(1.5);
    expect(row.branches[0]).toBeInstanceOf(Place);
  });

  it('instances of a registered class bind as UDT values through the raw session', async () => {
    const id = Uuid.random();
    await ctx.session.execute(
      `INSERT INTO ${ctx.keyspace}.venues (id, place) VALUES (?, ?)`,
      [id, place('Raw', 12345)],
      { prepare: true },
    );
    const read = await venues.findOne({ id });
    expect(read?.place).toBeInstanceOf(Place);
    expect(read?.place).toMatchObject({ name: 'Raw', zipCode: 12345 });
    expect(read?.place?.geo).toBeInstanceOf(Geo);
  });

  it('unregistered UDTs come back as plain objects', async () => {
    const id = Uuid.random();
    await venues.insert(
      Object.assign(new Venue(), { id, tag: Object.assign(new TagInfo(), { label: 'x' }) }),
    );
    const rs = await ctx.session.execute<{ tag: Record<string, unknown> }>(
      `SELECT tag FROM ${ctx.keyspace}.venues WHERE id = ?`,
      [id],
    );
    const tag = rs.first()!.tag;
    expect(Object.getPrototypeOf(tag)).toBe(Object.prototype);
    expect(tag).toEqual({ label: 'x' });
  });

  it('naming a UDT that does not exist raises UserTypeDoesNotExistError', async () => {
    const error = await Promise.resolve()
      .then(() => ctx.cluster.registerUserType(ctx.keyspace, 'no_such_type', Geo))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserTypeDoesNotExistError);
    expect((error as UserTypeDoesNotExistError).keyspace).toBe(ctx.keyspace);
    expect((error as UserTypeDoesNotExistError).typeName).toBe('no_such_type');
    expect((error as Error).message).toContain(`${ctx.keyspace}.no_such_type`);
  });

  it('mapper.registerUdts() registers @Udt classes (nested first) with the cluster', async () => {
    const mapper = new Mapper(ctx.session);
    await mapper.registerUdts([TagInfo, Place]);
    const id = Uuid.random();
    await mapper.repository(Venue).insert(
      Object.assign(new Venue(), {
        id,
        tag: Object.assign(new TagInfo(), { label: 'y' }),
        place: place('M', 9),
      }),
    );
    const rs = await ctx.session.execute<{ tag: TagInfo; place: Place }>(
      `SELECT tag, place FROM ${ctx.keyspace}.venues WHERE id = ?`,
      [id],
    );
    expect(rs.first()!.tag).toBeInstanceOf(TagInfo);
    expect(rs.first()!.place).toBeInstanceOf(Place);
    expect(rs.first()!.place.geo).toBeInstanceOf(Geo);
    // Mapper results are instances either way.
    const read = await mapper.repository(Venue).findOne({ id });
    expect(read?.tag).toBeInstanceOf(TagInfo);
    expect(read?.place?.zipCode).toBe(9);
  });

  it('mapper.registerUdts() surfaces UserTypeDoesNotExistError for a class whose type is missing', async () => {
    @Udt({ name: 'missing_type' })
    class Missing {
      @Field() x?: string;
    }
    const mapper = new Mapper(ctx.session);
    await expect(mapper.registerUdts([Missing])).rejects.toBeInstanceOf(UserTypeDoesNotExistError);
  });
});
