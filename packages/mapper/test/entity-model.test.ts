import { LocalDate, Long, TimeUuid, Uuid } from '@cqlkit/driver';
import {
  ClusteringKey,
  Column,
  Computed,
  Counter,
  Entity,
  EntityDefinitionError,
  Field,
  Index,
  PartitionKey,
  Static,
  Transient,
  Udt,
  Version,
  exactNaming,
} from '@cqlkit/mapper';
import { ModelRegistry } from '../src/metadata/model-registry';
import { snakeCaseNaming } from '../src/metadata/naming-strategy';

const registry = (keyspace: string | null = 'ks', naming = snakeCaseNaming): ModelRegistry =>
  new ModelRegistry(naming, () => keyspace ?? undefined);

@Udt()
class GeoPoint {
  @Field({ type: 'double' }) lat?: number;
  @Field({ type: 'double' }) lon?: number;
}

@Udt({ name: 'postal_address' })
class PostalAddress {
  @Field() street?: string;
  @Field({ type: 'int' }) zipCode?: number;
  @Field() location?: GeoPoint;
}

@Entity({ table: 'readings' })
class Reading {
  @PartitionKey(0) sensorId!: string;
  @PartitionKey(1) @Column({ type: 'date' }) day!: LocalDate;
  @ClusteringKey(0, 'DESC') at!: Date;
  @ClusteringKey(1) @Column({ type: 'int' }) seq!: number;
  @Column({ type: 'double' }) value?: number;
  @Static() @Column() unit?: string;
  @Column() address?: PostalAddress;
  @Column({ type: 'list<frozen<postal_address>>' }) history?: PostalAddress[];
  @Column({ type: 'set<text>' }) tags?: Set<string>;
  @Index() @Column() label?: string;
  @Computed('writetime(value)') valueWrittenAt?: number;
  @Computed('ttl(label)') labelTtl?: number;
  @Transient() scratch?: string;
}

describe('entity models from decorators', () => {
  it('maps names, keys, roles and types (design types where unambiguous, explicit otherwise)', () => {
    const model = registry().entity(Reading);
    expect(model.qualifiedTable).toBe('ks.readings');
    expect(model.partitionKey.map((c) => [c.name, c.position])).toEqual([
      ['sensor_id', 0],
      ['day', 1],
    ]);
    expect(model.clusteringKey.map((c) => [c.name, c.direction])).toEqual([
      ['at', 'DESC'],
      ['seq', 'ASC'],
    ]);
    const types = Object.fromEntries(model.columns.map((c) => [c.property, c.type]));
    expect(types.sensorId).toEqual({ kind: 'text' });
    expect(types.at).toEqual({ kind: 'timestamp' });
    expect(types.seq).toEqual({ kind: 'int' });
    expect(types.tags).toEqual({ kind: 'set', element: { kind: 'text' } });
    expect(types.address).toMatchObject({
      kind: 'udt',
      name: 'postal_address',
      keyspace: 'ks',
      frozen: true,
    });
    expect(types.history).toMatchObject({
      kind: 'list',
      element: { kind: 'udt', name: 'postal_address', frozen: true },
    });
    expect(model.byProperty.get('unit')?.role).toBe('static');
    expect(model.byProperty.has('scratch')).toBe(false);
    expect(model.computed.map((c) => c.cql)).toEqual(['writetime(value)', 'ttl(label)']);
    expect(model.udts.map((u) => u.name)).toEqual(['geo_point', 'postal_address']);
    const address = model.udts[1]!;
    expect(address.fields.map((f) => [f.property, f.name])).toEqual([
      ['street', 'street'],
      ['zipCode', 'zip_code'],
      ['location', 'location'],
    ]);
    expect(model.byProperty.get('label')?.indexes).toEqual([{}]);
  });

  it('infers Uuid, TimeUuid, Long, Buffer and boolean from design types', () => {
    @Entity()
    class Everything {
      @PartitionKey() id!: Uuid;
      @Column() t?: TimeUuid;
      @Column() n?: Long;
      @Column() b?: Buffer;
      @Column() flag?: boolean;
    }
    const model = registry().entity(Everything);
    expect(model.table).toBe('everything');
    expect(model.columns.map((c) => c.type.kind)).toEqual(['uuid', 'timeuuid', 'bigint', 'blob', 'boolean']);
  });

  it('lists every problem of a class in one EntityDefinitionError', () => {
    class NotUdt {
      x?: string;
    }
    @Entity()
    class Broken {
      @Column() age?: number;
      @Column() ids?: string[];
      @Column() other?: NotUdt;
      @Column({ type: 'int' }) name?: string;
      @Column({ type: 'list<nope>' }) nope?: string[];
      @Computed('writetime(missing)') w?: number;
      forgotten?: string = 'x';
    }
    let error: unknown;
    try {
      registry().entity(Broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EntityDefinitionError);
    const problems = (error as EntityDefinitionError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "Broken.age: the TypeScript type Number maps to several CQL types; give one with @Column({ type: … }): 'int'",
        ),
        expect.stringContaining('Broken.ids: the TypeScript type Array maps to several CQL types'),
        expect.stringContaining('Broken.other: class NotUdt is not a @Udt class'),
        expect.stringContaining(
          'Broken.name: the TypeScript type String does not hold CQL int values (expected Number)',
        ),
        expect.stringContaining("Broken.nope: no @Udt class is named 'nope'"),
        expect.stringContaining(
          "Broken.w: @Computed('writetime(missing)') names no mapped property or column 'missing'",
        ),
        expect.stringContaining('no partition key'),
        expect.stringContaining('Broken.forgotten is neither mapped nor transient'),
      ]),
    );
    expect(problems).toHaveLength(8);
    expect((error as Error).message).toContain('Broken cannot be mapped (8 problems)');
  });

  it('requires positions for composite keys and rejects duplicates', () => {
    @Entity()
    class TwoKeys {
      @PartitionKey() a!: string;
      @PartitionKey() b!: string;
    }
    expect(() => registry().entity(TwoKeys)).toThrow(
      'TwoKeys has 2 @PartitionKey properties (a, b): give each its position, e.g. @PartitionKey(0), @PartitionKey(1)',
    );
    @Entity()
    class SamePosition {
      @PartitionKey(0) a!: string;
      @PartitionKey(0) b!: string;
    }
    expect(() => registry().entity(SamePosition)).toThrow('have the same @PartitionKey position 0');
  });

  it('checks counter tables, versions and keyspaces', () => {
    @Entity()
    class Mixed {
      @PartitionKey() id!: string;
      @Counter() views?: number;
      @Column() name?: string;
    }
    expect(() => registry().entity(Mixed)).toThrow(
      'a table with counters can only hold keys and counters, but Mixed.name is not @Counter',
    );
    @Entity()
    class Versioned {
      @PartitionKey() id!: string;
      @Version() version?: number;
    }
    expect(registry().entity(Versioned).version?.type).toEqual({ kind: 'bigint' });
    @Entity()
    class NoKeyspace {
      @PartitionKey() id!: string;
    }
    expect(() => registry(null).entity(NoKeyspace)).toThrow('no keyspace');
    expect(() => registry().entity(class Plain {})).toThrow(
      'Plain cannot be mapped: the class is not decorated with @Entity',
    );
  });

  it('applies the naming strategy unless names are explicit', () => {
    @Entity()
    class UserProfile {
      @PartitionKey() userId!: string;
      @Column({ name: 'DisplayName' }) displayName?: string;
      @Column() order?: string;
    }
    const snake = registry().entity(UserProfile);
    expect(snake.table).toBe('user_profile');
    expect(snake.columns.map((c) => c.cql)).toEqual(['user_id', '"DisplayName"', '"order"']);
    const exact = registry('ks', exactNaming).entity(UserProfile);
    expect(exact.table).toBe('UserProfile');
    expect(exact.qualifiedTable).toBe('ks."UserProfile"');
    expect(exact.columns.map((c) => c.cql)).toEqual(['"userId"', '"DisplayName"', '"order"']);
  });

  it('builds each model once per registry', () => {
    const r = registry();
    expect(r.entity(Reading)).toBe(r.entity(Reading));
    expect(r.udt(PostalAddress, 'ks')).toBe(r.udt(PostalAddress, 'ks'));
    expect(r.udt(PostalAddress, 'other')).not.toBe(r.udt(PostalAddress, 'ks'));
  });
});
