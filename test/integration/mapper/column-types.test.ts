import {
  BigDecimal,
  Duration,
  InetAddress,
  LocalDate,
  LocalTime,
  Long,
  TimeUuid,
  Tuple,
  Uuid,
} from '@cqlkit/driver';
import {
  Column,
  Counter,
  Entity,
  PartitionKey,
  ops,
  type ColumnConverter,
  type Repository,
} from '@cqlkit/mapper';
import { openMapperKeyspace, type MapperTestContext } from './mapper-test-keyspace';

interface Settings {
  theme: string;
  beta: boolean;
}
const jsonText: ColumnConverter<Settings, string> = {
  toDb: (s) => JSON.stringify(s),
  fromDb: (text) => JSON.parse(text) as Settings,
};

@Entity()
class AllTypes {
  @PartitionKey() id!: Uuid;
  @Column({ type: 'ascii' }) asciiValue?: string;
  @Column({ type: 'bigint' }) bigintValue?: Long;
  @Column({ type: 'bigint' }) bigintAsNumber?: number;
  @Column({ type: 'bigint' }) bigintAsBigint?: bigint;
  @Column() blobValue?: Buffer;
  @Column() booleanValue?: boolean;
  @Column() dateValue?: LocalDate;
  @Column() decimalValue?: BigDecimal;
  @Column({ type: 'double' }) doubleValue?: number;
  @Column() durationValue?: Duration;
  @Column({ type: 'float' }) floatValue?: number;
  @Column() inetValue?: InetAddress;
  @Column({ type: 'int' }) intValue?: number;
  @Column({ type: 'smallint' }) smallintValue?: number;
  @Column() textValue?: string;
  @Column() timeValue?: LocalTime;
  @Column() timestampValue?: Date;
  @Column() timeuuidValue?: TimeUuid;
  @Column({ type: 'tinyint' }) tinyintValue?: number;
  @Column() uuidValue?: Uuid;
  @Column({ type: 'uuid' }) uuidAsString?: string;
  @Column({ type: 'varint' }) varintValue?: bigint;
  @Column({ type: 'vector<float, 3>' }) embedding?: Float32Array;
  @Column({ type: 'list<int>' }) listValue?: number[];
  @Column({ type: 'set<text>' }) setValue?: Set<string>;
  @Column({ type: 'set<int>' }) setAsArray?: number[];
  @Column({ type: 'map<text, bigint>' }) mapValue?: Map<string, Long>;
  @Column({ type: 'map<text, int>' }) mapAsObject?: Record<string, number>;
  @Column({ type: 'tuple<int, text, uuid>' }) tupleValue?: Tuple;
  @Column({ type: 'frozen<list<frozen<set<int>>>>' }) frozenNested?: number[][];
  @Column({ type: 'map<text, frozen<list<int>>>' }) mapOfLists?: Map<string, number[]>;
  @Column({ type: 'text', converter: jsonText }) settings?: Settings;
}

@Entity()
class PageViews {
  @PartitionKey() page!: string;
  @Counter() views?: number;
  @Counter() bytes?: bigint;
}

describe('every CQL column type through entities', () => {
  let ctx: MapperTestContext;
  let rows: Repository<AllTypes>;

  beforeAll(async () => {
    ctx = await openMapperKeyspace('mapper_types', [AllTypes, PageViews]);
    rows = ctx.mapper.repository(AllTypes);
  });
  afterAll(() => ctx?.close());

  it('writes and reads back each type, shaped as the property declares', async () => {
    const uuid = Uuid.random();
    const entity = Object.assign(new AllTypes(), {
      id: Uuid.random(),
      asciiValue: 'plain ascii',
      bigintValue: Long.fromString('9007199254740993'),
      bigintAsNumber: 9_007_199_254_740_991,
      bigintAsBigint: -(2n ** 63n),
      blobValue: Buffer.from([0, 1, 2, 255]),
      booleanValue: true,
      dateValue: LocalDate.of(2024, 2, 29),
      decimalValue: BigDecimal.parse('-12345.6789'),
      doubleValue: Math.PI,
      durationValue: Duration.parse('1mo2d3h4m5s6ms'),
      floatValue: 1.5,
      inetValue: InetAddress.parse('::1'),
      intValue: -2_147_483_648,
      smallintValue: 32_767,
      textValue: 'héllo wörld ✓',
      timeValue: LocalTime.of(23, 59, 58, 123_456_789),
      timestampValue: new Date('2024-05-01T12:34:56.789Z'),
      timeuuidValue: TimeUuid.now(),
      tinyintValue: -128,
      uuidValue: uuid,
      uuidAsString: '5b6962dd-3f90-4c93-8f61-eabfa4a803e2',
      varintValue: 123_456_789_012_345_678_901_234_567_890n,
      embedding: new Float32Array([0.5, -1, 2.25]),
      listValue: [3, 1, 2],
      setValue: new Set(['b', 'a']),
      setAsArray: [2, 1],
      mapValue: new Map([['x', Long.fromInt(7)]]),
      mapAsObject: { a: 1, b: 2 },
      tupleValue: new Tuple(1, 'two', uuid),
      frozenNested: [[1, 2], [3]],
      mapOfLists: new Map([['k', [1, 2]]]),
      settings: { theme: 'dark', beta: true },
    });
    await rows.insert(entity);
    const read = (await rows.findOne({ id: entity.id }))!;
    expect(read).toBeInstanceOf(AllTypes);
    expect(read.asciiValue).toBe('plain ascii');
    expect(Long.isLong(read.bigintValue) && read.bigintValue.toString()).toBe('9007199254740993');
    expect(read.bigintAsNumber).toBe(9_007_199_254_740_991);
    expect(read.bigintAsBigint).toBe(-(2n ** 63n));
    expect(read.blobValue).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(read.booleanValue).toBe(true);
    expect(read.dateValue?.toString()).toBe('2024-02-29');
    expect(read.decimalValue?.toString()).toBe('-12345.6789');
    expect(read.doubleValue).toBe(Math.PI);
    expect(read.durationValue?.toString()).toBe(entity.durationValue.toString());
    expect(read.floatValue).toBe(1.5);
    expect(read.inetValue?.toString()).toBe('::1');
    expect(read.intValue).toBe(-2_147_483_648);
    expect(read.smallintValue).toBe(32_767);
    expect(read.textValue).toBe('héllo wörld ✓');
    expect(read.timeValue?.toString()).toBe('23:59:58.123456789');
    expect(read.timestampValue).toEqual(new Date('2024-05-01T12:34:56.789Z'));
    expect(read.timeuuidValue).toBeInstanceOf(TimeUuid);
    expect(read.timeuuidValue?.equals(entity.timeuuidValue)).toBe(true);
    expect(read.tinyintValue).toBe(-128);
    expect(read.uuidValue?.equals(uuid)).toBe(true);
    expect(read.uuidAsString).toBe('5b6962dd-3f90-4c93-8f61-eabfa4a803e2');
    expect(read.varintValue).toBe(123_456_789_012_345_678_901_234_567_890n);
    expect(Array.from(read.embedding ?? [])).toEqual([0.5, -1, 2.25]);
    expect(read.listValue).toEqual([3, 1, 2]);
    expect(read.setValue).toEqual(new Set(['a', 'b']));
    expect(read.setAsArray).toEqual([1, 2]);
    expect(read.mapValue?.get('x')?.toNumber()).toBe(7);
    expect(read.mapAsObject).toEqual({ a: 1, b: 2 });
    expect(read.tupleValue).toBeInstanceOf(Tuple);
    expect(read.tupleValue?.get(0)).toBe(1);
    expect(read.tupleValue?.get(1)).toBe('two');
    expect((read.tupleValue?.get(2) as Uuid).equals(uuid)).toBe(true);
    expect(read.frozenNested).toEqual([[1, 2], [3]]);
    expect(read.mapOfLists).toEqual(new Map([['k', [1, 2]]]));
    expect(read.settings).toEqual({ theme: 'dark', beta: true });
    // The converter's column is plain text in the table.
    const raw = await ctx.session.execute<{ settings: string }>(
      `SELECT settings FROM ${ctx.keyspace}.all_types WHERE id = ?`,
      [entity.id],
    );
    expect(raw.first()?.settings).toBe('{"theme":"dark","beta":true}');
  });

  it('reads an all-null row as undefined properties', async () => {
    const id = Uuid.random();
    await rows.insert(Object.assign(new AllTypes(), { id }));
    const read = (await rows.findOne({ id }))!;
    for (const [key, value] of Object.entries(read))
      if (key !== 'id') expect([key, value]).toEqual([key, undefined]);
  });

  it('rejects a 64-bit value that does not fit a number property, naming the property', async () => {
    const id = Uuid.random();
    await ctx.session.execute(
      `INSERT INTO ${ctx.keyspace}.all_types (id, bigint_as_number) VALUES (?, ?)`,
      [id, 2n ** 60n],
      { prepare: true },
    );
    await expect(rows.findOne({ id })).rejects.toThrow(
      /AllTypes\.bigintAsNumber: value 1152921504606846976 does not fit a number property/,
    );
  });

  it('increments and decrements counters (number and bigint properties)', async () => {
    const views = ctx.mapper.repository(PageViews);
    await views.update({ page: '/home' }, { views: ops.increment(), bytes: ops.increment(10n ** 12n) });
    await views.update({ page: '/home' }, { views: ops.increment(5) });
    await views.update({ page: '/home' }, { views: ops.decrement(2) });
    expect(await views.findOne({ page: '/home' })).toEqual(
      Object.assign(new PageViews(), { page: '/home', views: 4, bytes: 10n ** 12n }),
    );
    await expect(views.insert(Object.assign(new PageViews(), { page: '/x' }))).rejects.toThrow(
      'PageViews.insert(): counter tables cannot be inserted into',
    );
    await expect(views.update({ page: '/x' }, { views: 3 })).rejects.toThrow(
      "counter 'views' cannot be assigned; use ops.increment(n) or ops.decrement(n)",
    );
  });
});
