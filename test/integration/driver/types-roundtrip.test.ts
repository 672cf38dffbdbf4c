/**
 * Every CQL type round-trips through a real table, on every protocol version and compression
 * the driver speaks: v5 ± lz4, v4 ± lz4 and snappy, v3 ± lz4.
 */
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
  ValueEncodingError,
  type ClusterOptions,
  type ProtocolVersion,
} from '@cqlkit/driver';
import { openTestKeyspace } from './driver-test-cluster';

const MATRIX: Array<{ protocolVersion: ProtocolVersion; compression: ClusterOptions['compression'] }> = [
  { protocolVersion: 5, compression: 'lz4' },
  { protocolVersion: 5, compression: false },
  { protocolVersion: 4, compression: 'lz4' },
  { protocolVersion: 4, compression: 'snappy' },
  { protocolVersion: 4, compression: false },
  { protocolVersion: 3, compression: 'lz4' },
  { protocolVersion: 3, compression: false },
];

const COLUMNS = `
  id int PRIMARY KEY,
  c_ascii ascii, c_bigint bigint, c_blob blob, c_boolean boolean, c_date date, c_decimal decimal,
  c_double double, c_duration duration, c_float float, c_inet inet, c_int int, c_smallint smallint,
  c_text text, c_time time, c_timestamp timestamp, c_timeuuid timeuuid, c_tinyint tinyint, c_uuid uuid,
  c_varchar varchar, c_varint varint,
  c_list list<int>, c_set set<text>, c_map map<text, bigint>, c_tuple tuple<int, text, boolean>,
  c_udt frozen<address>, c_nested map<text, frozen<list<frozen<set<int>>>>>,
  c_vector_f vector<float, 3>, c_vector_t vector<text, 2>, c_vector_s vector<smallint, 2>,
  c_custom 'org.apache.cassandra.db.marshal.BytesType'`;

function sampleRow(id: number): Record<string, unknown> {
  return {
    id,
    c_ascii: 'plain ascii',
    c_bigint: Long.fromString('-9223372036854775808'),
    c_blob: Buffer.from([0, 1, 2, 254, 255]),
    c_boolean: true,
    c_date: LocalDate.of(2024, 2, 29),
    c_decimal: BigDecimal.parse('-12345678901234567890.0123456789'),
    c_double: Math.PI,
    c_duration: new Duration(14, 0, 3_600_000_000_123n),
    c_float: 1.5,
    c_inet: InetAddress.parse('2001:db8::1'),
    c_int: -2147483648,
    c_smallint: 32767,
    c_text: 'héllo wörld ✓ 日本',
    c_time: LocalTime.of(23, 59, 59, 999_999_999),
    c_timestamp: new Date('2024-06-01T12:34:56.789Z'),
    c_timeuuid: TimeUuid.now(),
    c_tinyint: -128,
    c_uuid: Uuid.random(),
    c_varchar: '',
    c_varint: 2n ** 100n + 1n,
    c_list: [3, 1, 2],
    c_set: ['a', 'b', 'c'],
    c_map: new Map([
      ['one', Long.fromNumber(1)],
      ['max', Long.MAX_VALUE],
    ]),
    c_tuple: new Tuple(7, 'seven', false),
    c_udt: { street: '1 Main St', zip: 12345, tags: ['home'] },
    c_nested: new Map([['k', [[1, 2], [3]]]]),
    c_vector_f: [0.5, -1.25, 3],
    c_vector_t: ['left', 'right'],
    c_vector_s: [1, -2],
    c_custom: Buffer.from('custom'),
  };
}

describe.each(MATRIX)(
  'every CQL type round-trips (protocol v$protocolVersion, compression $compression)',
  (cfg) => {
    let env: Awaited<ReturnType<typeof openTestKeyspace>>;

    beforeAll(async () => {
      env = await openTestKeyspace(`types_v${cfg.protocolVersion}`, cfg);
      await env.session.execute('CREATE TYPE address (street text, zip int, tags list<text>)');
      await env.session.execute(`CREATE TABLE all_types (${COLUMNS})`);
      await env.session.execute('CREATE TABLE counters (id int PRIMARY KEY, n counter)');
    });

    afterAll(async () => {
      await env?.close();
    });

    it('negotiates the requested protocol version', () => {
      expect(env.session.protocolVersion).toBe(cfg.protocolVersion);
    });

    it('writes every type with a prepared INSERT and reads the same values back', async () => {
      const row = sampleRow(1);
      const names = Object.keys(row);
      if (cfg.protocolVersion < 5) {
        // Duration and vectors need type metadata that v3/v4 only expose as custom types: still supported.
      }
      await env.session.execute(
        `INSERT INTO all_types (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
        names.map((n) => row[n]),
        { prepare: true },
      );
      const rs = await env.session.execute('SELECT * FROM all_types WHERE id = ?', [1], { prepare: true });
      const got = rs.first() as Record<string, unknown>;
      expect(got).toBeDefined();
      for (const name of names) {
        const expected = row[name];
        const actual = got[name];
        if (expected instanceof Tuple) {
          expect((actual as Tuple).values).toEqual(expected.values);
        } else if (name === 'c_vector_f') {
          // vector<float> decodes to a Float32Array
          expect(actual).toBeInstanceOf(Float32Array);
          expect(Array.from(actual as Float32Array)).toEqual(expected);
        } else if (name === 'c_udt') {
          expect({ ...(actual as object) }).toEqual(expected);
        } else {
          expect([name, actual]).toEqual([name, expected]);
        }
      }
    });

    it('reads nulls as null and keeps unset columns untouched', async () => {
      await env.session.execute('INSERT INTO all_types (id, c_text, c_int) VALUES (?, ?, ?)', [2, 'x', 5], {
        prepare: true,
      });
      if (cfg.protocolVersion >= 4) {
        // undefined binds as unset: c_int keeps 5, c_text becomes null
        await env.session.execute(
          'UPDATE all_types SET c_text = ?, c_int = ? WHERE id = ?',
          [null, undefined, 2],
          {
            prepare: true,
          },
        );
        const row = (
          await env.session.execute('SELECT c_text, c_int, c_list FROM all_types WHERE id = 2')
        ).first();
        expect(row).toEqual({ c_text: null, c_int: 5, c_list: null });
      } else {
        await expect(
          env.session.execute('UPDATE all_types SET c_int = ? WHERE id = ?', [undefined, 2], {
            prepare: true,
          }),
        ).rejects.toThrow(/unset/);
      }
    });

    it('infers types for unprepared statements and honours hints', async () => {
      await env.session.execute(
        'INSERT INTO all_types (id, c_text, c_double, c_bigint, c_uuid, c_list, c_map, c_smallint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [3, 'inferred', 2.5, 42n, Uuid.random(), [1, 2], new Map([['a', 1n]]), 7],
        {
          hints: ['int', undefined, undefined, undefined, undefined, 'list<int>', undefined, 'smallint'],
        },
      );
      const row = (
        await env.session.execute(
          'SELECT c_text, c_double, c_bigint, c_list, c_smallint FROM all_types WHERE id = 3',
        )
      ).first();
      expect(row).toEqual({
        c_text: 'inferred',
        c_double: 2.5,
        c_bigint: Long.fromNumber(42),
        c_list: [1, 2],
        c_smallint: 7,
      });
    });

    it('rejects a value that does not fit, naming the column and type, before sending', async () => {
      const insert = env.session.execute(
        'INSERT INTO all_types (id, c_int) VALUES (?, ?)',
        [4, 'not a number'],
        {
          prepare: true,
        },
      );
      await expect(insert).rejects.toBeInstanceOf(ValueEncodingError);
      await expect(insert).rejects.toThrow(/c_int.*int/);
      const rs = await env.session.execute('SELECT id FROM all_types WHERE id = 4');
      expect(rs.rows).toEqual([]);
    });

    it('updates counters', async () => {
      await env.session.execute('UPDATE counters SET n = n + ? WHERE id = ?', [5n, 1], { prepare: true });
      await env.session.execute('UPDATE counters SET n = n - ? WHERE id = ?', [2n, 1], { prepare: true });
      const row = (await env.session.execute('SELECT n FROM counters WHERE id = 1')).first();
      expect(row).toEqual({ n: Long.fromNumber(3) });
    });
  },
);
