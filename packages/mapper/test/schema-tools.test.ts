import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClusteringKey,
  Column,
  Entity,
  Field,
  Index,
  MapperArgumentError,
  PartitionKey,
  Udt,
  createIndexCql,
  createTableCql,
  diffSchema,
  migrationText,
  validateEntity,
  writeMigrationFile,
  type LiveSchemaSource,
  type LiveTable,
  type LiveUserType,
} from '@cqlkit/mapper';
import { ModelRegistry } from '../src/metadata/model-registry';
import { snakeCaseNaming } from '../src/metadata/naming-strategy';
import { canonicalTypeText } from '../src/schema/type-comparison';

@Udt({ name: 'money' })
class Money {
  @Field({ type: 'decimal' }) amount?: unknown;
  @Field() currency?: string;
}

@Entity({ table: 'orders' })
class Order {
  @PartitionKey() customer!: string;
  @ClusteringKey(0, 'DESC') placedAt!: Date;
  @Index({ using: 'secondary' }) @Column() status?: string;
  @Index({ target: 'keys', options: { case_sensitive: 'false' } })
  @Column({ type: 'map<text, int>' })
  lines?: Map<string, number>;
  @Index() @Column({ type: 'frozen<list<text>>' }) flags?: string[];
  @Column() total?: Money;
}

const registry = new ModelRegistry(snakeCaseNaming, () => 'shop');
const model = registry.entity(Order);

class StaticSource implements LiveSchemaSource {
  constructor(
    private readonly tables: Record<string, LiveTable> = {},
    private readonly types: Record<string, LiveUserType> = {},
  ) {}
  async table(_ks: string, name: string): Promise<LiveTable | undefined> {
    return this.tables[name];
  }
  async userType(_ks: string, name: string): Promise<LiveUserType | undefined> {
    return this.types[name];
  }
}

describe('schema tools', () => {
  it('generates table DDL with composite primary key and clustering order, and every index kind', () => {
    expect(createTableCql(model, { ifNotExists: false })).toBe(
      'CREATE TABLE shop.orders (\n  customer text,\n  placed_at timestamp,\n  status text,\n  lines map<text, int>,\n  flags frozen<list<text>>,\n  total frozen<money>,\n  PRIMARY KEY ((customer), placed_at)\n) WITH CLUSTERING ORDER BY (placed_at DESC)',
    );
    expect(createIndexCql(model)).toEqual([
      'CREATE INDEX IF NOT EXISTS orders_status_idx ON shop.orders (status)',
      "CREATE CUSTOM INDEX IF NOT EXISTS orders_lines_idx ON shop.orders (KEYS(lines)) USING 'StorageAttachedIndex' WITH OPTIONS = {'case_sensitive': 'false'}",
      "CREATE CUSTOM INDEX IF NOT EXISTS orders_flags_idx ON shop.orders (FULL(flags)) USING 'StorageAttachedIndex'",
    ]);
  });

  it('normalizes type text before comparing (varchar, FROZEN, spacing, quoting)', () => {
    expect(canonicalTypeText('FROZEN<Map<varchar,frozen<list<int>>>>', 'ks')).toBe(
      'frozen<map<text, frozen<list<int>>>>',
    );
    expect(canonicalTypeText('frozen<"Money">', 'ks')).toBe('frozen<"Money">');
    expect(canonicalTypeText('frozen<money>', 'ks')).toBe('frozen<money>');
  });

  it('validates against a live schema and reports a missing type', async () => {
    const live: LiveTable = {
      keyspace: 'shop',
      name: 'orders',
      indexes: [],
      columns: [
        { name: 'customer', type: 'text', kind: 'partition_key', position: 0, clusteringOrder: 'none' },
        { name: 'placed_at', type: 'timestamp', kind: 'clustering', position: 0, clusteringOrder: 'desc' },
        { name: 'status', type: 'text', kind: 'regular', position: -1, clusteringOrder: 'none' },
        { name: 'lines', type: 'map<text, int>', kind: 'regular', position: -1, clusteringOrder: 'none' },
        { name: 'flags', type: 'frozen<list<text>>', kind: 'regular', position: -1, clusteringOrder: 'none' },
        { name: 'total', type: 'frozen<money>', kind: 'regular', position: -1, clusteringOrder: 'none' },
      ],
    };
    expect(await validateEntity(model, new StaticSource({ orders: live }))).toEqual([
      {
        kind: 'missing-type',
        className: 'Money',
        target: 'shop.money',
        message: 'Money: type shop.money does not exist',
      },
    ]);
    const withType = new StaticSource(
      { orders: live },
      {
        money: {
          keyspace: 'shop',
          name: 'money',
          fields: [
            { name: 'amount', type: 'decimal' },
            { name: 'currency', type: 'text' },
          ],
        },
      },
    );
    expect(await validateEntity(model, withType)).toEqual([]);
    const diff = await diffSchema([model], withType);
    expect(diff.statements).toEqual([
      'CREATE INDEX IF NOT EXISTS orders_status_idx ON shop.orders (status)',
      "CREATE CUSTOM INDEX IF NOT EXISTS orders_lines_idx ON shop.orders (KEYS(lines)) USING 'StorageAttachedIndex' WITH OPTIONS = {'case_sensitive': 'false'}",
      "CREATE CUSTOM INDEX IF NOT EXISTS orders_flags_idx ON shop.orders (FULL(flags)) USING 'StorageAttachedIndex'",
    ]);
  });

  it('diffs a missing schema into creates, and drops unmapped columns only when asked', async () => {
    const empty = await diffSchema([model], new StaticSource());
    expect(empty.statements[0]).toBe('CREATE TYPE IF NOT EXISTS shop.money (amount decimal, currency text)');
    expect(empty.statements[1]).toMatch(/^CREATE TABLE IF NOT EXISTS shop.orders/);
    expect(empty.statements).toHaveLength(5);
    const extra: LiveTable = {
      keyspace: 'shop',
      name: 'orders',
      indexes: [{ name: 'orders_status_idx', kind: 'COMPOSITES', options: { target: 'status' } }],
      columns: [
        { name: 'customer', type: 'text', kind: 'partition_key', position: 0, clusteringOrder: 'none' },
        { name: 'placed_at', type: 'timestamp', kind: 'clustering', position: 0, clusteringOrder: 'asc' },
        { name: 'legacy', type: 'text', kind: 'regular', position: -1, clusteringOrder: 'none' },
        { name: 'status', type: 'int', kind: 'regular', position: -1, clusteringOrder: 'none' },
      ],
    };
    const types = {
      money: { keyspace: 'shop', name: 'money', fields: [{ name: 'amount', type: 'decimal' }] },
    };
    const diff = await diffSchema([model], new StaticSource({ orders: extra }, types), { dropColumns: true });
    expect(diff.statements).toEqual([
      'ALTER TYPE shop.money ADD currency text',
      'ALTER TABLE shop.orders ADD lines map<text, int>',
      'ALTER TABLE shop.orders ADD flags frozen<list<text>>',
      'ALTER TABLE shop.orders ADD total frozen<money>',
      'ALTER TABLE shop.orders DROP legacy',
      "CREATE CUSTOM INDEX IF NOT EXISTS orders_lines_idx ON shop.orders (KEYS(lines)) USING 'StorageAttachedIndex' WITH OPTIONS = {'case_sensitive': 'false'}",
      "CREATE CUSTOM INDEX IF NOT EXISTS orders_flags_idx ON shop.orders (FULL(flags)) USING 'StorageAttachedIndex'",
    ]);
    expect(diff.warnings).toEqual([
      'Order.placedAt: clustering column shop.orders.placed_at is ordered ASC, the entity declares DESC; the primary key or column kinds cannot be altered (create a new table and migrate the data)',
      'Order.status: column shop.orders.status is int, the entity declares text; column types cannot be changed in place (add a new column and migrate the data)',
    ]);
  });

  it('writes V<next>__<description>.cql files and never overwrites', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mapper-migrations-'));
    try {
      const diff = { statements: ['ALTER TABLE shop.orders ADD note text'], warnings: ['check it'] };
      expect(await writeMigrationFile(diff, { directory: dir, description: 'Add note!' })).toBe(
        join(dir, 'V1__Add_note.cql'),
      );
      await writeFile(join(dir, 'V7_2__later.cql'), '');
      const second = await writeMigrationFile(diff, { directory: dir, description: 'again' });
      expect(second).toBe(join(dir, 'V8__again.cql'));
      expect(await readFile(second, 'utf8')).toBe(migrationText(diff, 'again'));
      expect(migrationText(diff, 'again')).toBe(
        '-- again\n-- Generated by @cqlkit/mapper from the entity declarations.\n\n-- WARNING: check it\n\nALTER TABLE shop.orders ADD note text;\n',
      );
      await expect(
        writeMigrationFile(diff, { directory: dir, description: 'again', version: '8' }),
      ).rejects.toThrow(/EEXIST/);
      await expect(writeMigrationFile(diff, { directory: dir, description: '!!!' })).rejects.toBeInstanceOf(
        MapperArgumentError,
      );
      await expect(
        writeMigrationFile(diff, { directory: dir, description: 'x', version: 'v9' }),
      ).rejects.toThrow("migration version must be digits separated by dots (e.g. 3 or 1.2), got 'v9'");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
