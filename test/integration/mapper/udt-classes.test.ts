import { Uuid } from '@cqlkit/driver';
import {
  Column,
  ConversionError,
  Entity,
  Field,
  PartitionKey,
  Transient,
  Udt,
  ops,
  type Repository,
} from '@cqlkit/mapper';
import { openMapperKeyspace, type MapperTestContext } from './mapper-test-keyspace';

@Udt()
class GeoPoint {
  @Field({ type: 'double' }) lat?: number;
  @Field({ type: 'double' }) lon?: number;

  describe(): string {
    return `${this.lat},${this.lon}`;
  }
}

@Udt({ name: 'address' })
class Address {
  @Field() street?: string;
  @Field({ type: 'int' }) zipCode?: number;
  @Field() location?: GeoPoint;
  @Field({ type: 'list<text>' }) notes?: string[];
  @Transient() cached?: string;
}

@Entity()
class Customer {
  @PartitionKey() id!: Uuid;
  @Column() home?: Address;
  @Column({ type: 'list<frozen<address>>' }) previous?: Address[];
  @Column({ type: 'map<text, frozen<address>>' }) byLabel?: Map<string, Address>;
  @Column({ type: 'set<frozen<geo_point>>' }) visited?: Set<GeoPoint>;
  @Column({ type: 'tuple<int, frozen<geo_point>>' }) ranked?: unknown;
}

function address(street: string, zipCode: number, lat: number, lon: number): Address {
  return Object.assign(new Address(), {
    street,
    zipCode,
    location: Object.assign(new GeoPoint(), { lat, lon }),
    notes: [`${street} note`],
  });
}

describe('UDT classes through the mapper', () => {
  let ctx: MapperTestContext;
  let customers: Repository<Customer>;

  beforeAll(async () => {
    ctx = await openMapperKeyspace('mapper_udt', [Customer]);
    customers = ctx.mapper.repository(Customer);
  });
  afterAll(() => ctx?.close());

  it('creates the types nested-first with field names from the naming strategy', async () => {
    const rs = await ctx.session.execute<{ type_name: string; field_names: string[] }>(
      'SELECT type_name, field_names FROM system_schema.types WHERE keyspace_name = ?',
      [ctx.keyspace],
    );
    const types = Object.fromEntries(rs.rows.map((r) => [r.type_name, r.field_names]));
    expect(types).toEqual({
      geo_point: ['lat', 'lon'],
      address: ['street', 'zip_code', 'location', 'notes'],
    });
  });

  it('reads nested UDTs (also in lists, maps, sets and tuples) as instances of their classes', async () => {
    const home = address('1 Main St', 12345, 48.85, 2.35);
    const c = Object.assign(new Customer(), {
      id: Uuid.random(),
      home,
      previous: [address('2 Old Rd', 1, 1, 1), address('3 Older Rd', 2, 2, 2)],
      byLabel: new Map([['work', address('4 Office Pk', 3, 3, 3)]]),
      visited: new Set([Object.assign(new GeoPoint(), { lat: 9, lon: 9 })]),
      ranked: [1, Object.assign(new GeoPoint(), { lat: 5, lon: 6 })],
    });
    await customers.insert(c);
    const read = (await customers.findOne({ id: c.id }))!;
    expect(read.home).toBeInstanceOf(Address);
    expect(read.home?.location).toBeInstanceOf(GeoPoint);
    expect(read.home?.location?.describe()).toBe('48.85,2.35');
    expect(read.home).toMatchObject({ street: '1 Main St', zipCode: 12345, notes: ['1 Main St note'] });
    expect(read.previous?.map((a) => a instanceof Address && a.street)).toEqual(['2 Old Rd', '3 Older Rd']);
    expect(read.byLabel?.get('work')).toBeInstanceOf(Address);
    expect(read.byLabel?.get('work')?.location?.lat).toBe(3);
    expect([...(read.visited as Set<GeoPoint>)].every((g) => g instanceof GeoPoint)).toBe(true);
    const ranked = read.ranked as { get(i: number): unknown };
    expect(ranked.get(1)).toBeInstanceOf(GeoPoint);
  });

  it('binds instances by CQL field name (zipCode → zip_code) and raw rows show plain objects', async () => {
    const id = Uuid.random();
    await customers.insert(Object.assign(new Customer(), { id, home: address('5 Fifth Av', 500, 0, 0) }));
    const raw = await ctx.session.execute<{ home: Record<string, unknown> }>(
      `SELECT home FROM ${ctx.keyspace}.customer WHERE id = ?`,
      [id],
    );
    const home = raw.first()?.home;
    expect(home).not.toBeInstanceOf(Address); // the driver has no class registered here
    expect(home).toMatchObject({ street: '5 Fifth Av', zip_code: 500, location: { lat: 0, lon: 0 } });
  });

  it('accepts plain objects keyed by property names and rejects unknown fields', async () => {
    const id = Uuid.random();
    await customers.insert(
      Object.assign(new Customer(), { id, home: { street: 'plain', zipCode: 7 } as unknown as Address }),
    );
    const read = await customers.findOne({ id });
    expect(read?.home).toBeInstanceOf(Address);
    expect(read?.home).toMatchObject({ street: 'plain', zipCode: 7 });
    const wrong = customers.insert(
      Object.assign(new Customer(), { id, home: { zip_code: 7 } as unknown as Address }),
    );
    await expect(wrong).rejects.toBeInstanceOf(ConversionError);
    await expect(wrong).rejects.toThrow(
      "Customer.home: property 'zip_code' is not a field of Address (fields: street, zipCode, location, notes)",
    );
  });

  it('appends UDT values to a list of UDTs', async () => {
    const id = Uuid.random();
    await customers.insert(Object.assign(new Customer(), { id, previous: [address('a', 1, 0, 0)] }));
    await customers.update({ id }, { previous: ops.append([address('b', 2, 0, 0)]) });
    const read = await customers.findOne({ id });
    expect(read?.previous?.map((a) => a.street)).toEqual(['a', 'b']);
    expect(read?.previous?.[1]).toBeInstanceOf(Address);
  });
});
