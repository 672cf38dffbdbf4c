import { LocalDate, Long, Tuple, Uuid } from '@cqlkit/driver';
import { Exclude, Expose } from 'class-transformer';
import {
  Column,
  ConversionError,
  Entity,
  Field,
  Mapper,
  PartitionKey,
  Udt,
  type ColumnConverter,
} from '@cqlkit/mapper';
import { EntityConverter } from '../src/conversion/entity-converter';
import { readerFor, writerFor } from '../src/conversion/value-adapters';
import { ModelRegistry } from '../src/metadata/model-registry';
import { snakeCaseNaming } from '../src/metadata/naming-strategy';
import { FakeSession } from './fake-session';

@Udt()
class Coord {
  @Field({ type: 'bigint' }) x?: number;
  @Field({ type: 'bigint' }) yValue?: bigint;
}

const upper: ColumnConverter<string, string> = {
  toDb: (s) => s.toUpperCase(),
  fromDb: (s) => s.toLowerCase(),
};

@Entity()
class Shape {
  @PartitionKey() id!: Uuid;
  @Column() origin?: Coord;
  @Column({ type: 'map<text, frozen<coord>>' }) named?: Map<string, Coord>;
  @Column({ type: 'map<text, int>' }) counts?: Record<string, number>;
  @Column({ type: 'set<int>' }) picks?: Set<number>;
  @Column({ type: 'tuple<int, frozen<coord>>' }) pair?: Tuple;
  @Column({ type: 'text', converter: upper }) code?: string;
  @Column() day?: LocalDate;
  @Exclude() @Column() secret?: string;
  @Expose({ name: 'label' }) @Column() title?: string;
}

const registry = new ModelRegistry(snakeCaseNaming, () => 'ks');
const model = registry.entity(Shape);
const converter = new EntityConverter(model, registry);
const column = (p: string) => model.byProperty.get(p)!;

describe('hot-path conversion (EntityConverter and value adapters)', () => {
  it('writes UDT instances keyed by CQL field names, also inside maps and tuples, and applies converters', () => {
    const coord = Object.assign(new Coord(), { x: 1, yValue: 2n });
    expect(converter.write(column('origin'), coord)).toEqual({ x: 1, y_value: 2n });
    expect(converter.write(column('named'), new Map([['a', coord]]))).toEqual(
      new Map([['a', { x: 1, y_value: 2n }]]),
    );
    const pair = converter.write(column('pair'), new Tuple(1, coord)) as Tuple;
    expect(pair.toArray()).toEqual([1, { x: 1, y_value: 2n }]);
    expect(converter.write(column('code'), 'abc')).toBe('ABC');
    expect(converter.write(column('code'), undefined)).toBeUndefined();
    expect(converter.write(column('code'), null)).toBeNull();
    expect(converter.needsWrite(column('title'))).toBe(false);
  });

  it('reads driver values into the declared shapes', () => {
    const id = Uuid.random();
    const shape = converter.fromRow([
      id,
      { x: Long.fromInt(5), y_value: Long.fromString('9007199254740993') },
      new Map([['p', { x: Long.fromInt(1), y_value: null }]]),
      new Map([['a', 1]]),
      [3, 4],
      new Tuple(1, { x: Long.fromInt(2), y_value: Long.fromInt(3) }),
      'XYZ',
      LocalDate.of(2020, 1, 2),
      null,
      'T',
    ]);
    expect(shape.origin).toBeInstanceOf(Coord);
    expect(shape.origin).toEqual(Object.assign(new Coord(), { x: 5, yValue: 9007199254740993n }));
    expect(shape.named?.get('p')).toEqual(Object.assign(new Coord(), { x: 1, yValue: undefined }));
    expect(shape.counts).toEqual({ a: 1 });
    expect(shape.picks).toEqual(new Set([3, 4]));
    expect(shape.pair?.get(1)).toBeInstanceOf(Coord);
    expect(shape.code).toBe('xyz');
    expect(shape.secret).toBeUndefined();
  });

  it('reads UDT values that arrive as instances (a class registered with the driver) by property', () => {
    const read = readerFor(column('origin').type, Coord, registry)!;
    const registered = Object.assign(new Coord(), { x: Long.fromInt(7) as unknown as number, yValue: 1n });
    expect(read(registered)).toEqual(Object.assign(new Coord(), { x: 7, yValue: 1n }));
  });

  it('names the entity and property when a value cannot be converted', () => {
    const read = () => converter.fromRow([Uuid.random(), { x: Long.fromString('9007199254740993') }]);
    expect(read).toThrow(ConversionError);
    expect(read).toThrow(
      'Shape.origin: Coord.x: value 9007199254740993 does not fit a number property exactly (beyond ±2^53); declare the property as bigint',
    );
    expect(writerFor({ kind: 'int' }, registry)).toBeUndefined();
  });
});

describe('plain ↔ entity conversion through class-transformer', () => {
  const mapper = new Mapper(new FakeSession().asSession());
  const id = Uuid.parse('5b6962dd-3f90-4c93-8f61-eabfa4a803e2');
  const shape = Object.assign(new Shape(), {
    id,
    origin: Object.assign(new Coord(), { x: 1, yValue: 2n ** 60n }),
    named: new Map([['home', Object.assign(new Coord(), { x: 3, yValue: 4n })]]),
    counts: { a: 1 },
    picks: new Set([1, 2]),
    code: 'c',
    day: LocalDate.of(2024, 12, 31),
    secret: 'hidden',
    title: 'Hello',
  });

  it('toPlain gives JSON-ready values and honours @Exclude / @Expose', () => {
    const plain = mapper.toPlain(shape);
    expect(plain).toEqual({
      id: '5b6962dd-3f90-4c93-8f61-eabfa4a803e2',
      origin: { x: 1, yValue: '1152921504606846976' },
      named: { home: { x: 3, yValue: '4' } },
      counts: { a: 1 },
      picks: [1, 2],
      code: 'c',
      day: '2024-12-31',
      label: 'Hello',
    });
    expect(JSON.parse(JSON.stringify(plain))).toEqual(plain);
  });

  it('toEntity restores driver values and UDT instances from JSON forms', () => {
    const back = mapper.toEntity(Shape, JSON.parse(JSON.stringify(mapper.toPlain(shape))) as object);
    expect(back).toBeInstanceOf(Shape);
    expect(back.id).toBeInstanceOf(Uuid);
    expect(back.id.equals(id)).toBe(true);
    expect(back.origin).toEqual(shape.origin);
    expect(back.origin).toBeInstanceOf(Coord);
    expect(back.named?.get('home')).toBeInstanceOf(Coord);
    expect(back.picks).toEqual(new Set([1, 2]));
    expect(back.day?.equals(shape.day)).toBe(true);
    expect(back.title).toBe('Hello');
    expect(back.secret).toBeUndefined();
  });

  it('names the property whose JSON form is wrong', () => {
    expect(() => mapper.toEntity(Shape, { id: 'not-a-uuid' })).toThrow(/^Shape\.id: /);
    expect(() => mapper.toEntity(Shape, { picks: 5 })).toThrow('Shape.picks: expected an array, got number');
  });
});
