import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, LocalDate, Uuid } from '@cqlkit/driver';
import {
  ClusterMetadataSource,
  ClusteringKey,
  Column,
  Entity,
  Field,
  Index,
  Mapper,
  PartitionKey,
  SchemaMismatchError,
  Static,
  Udt,
  type SchemaMismatch,
} from '@cqlkit/mapper';
import { testClusterOptions } from '../driver/driver-test-cluster';
import { openMapperKeyspace, type MapperTestContext } from './mapper-test-keyspace';

@Udt({ name: 'badge' })
class Badge {
  @Field() label?: string;
  @Field({ type: 'int' }) level?: number;
  @Field() issuedOn?: LocalDate;
}

/** Matches the table created by hand below in none of the ways listed in the test. */
@Entity({ table: 'members' })
class Member {
  @PartitionKey(0) @Column({ type: 'int' }) org!: number; // live: text, position 1
  @PartitionKey(1) team!: string; // live: position 0
  @ClusteringKey(0, 'ASC') joined!: Date; // live: DESC
  @Column() nickname?: string; // live: missing
  @Column({ type: 'set<text>' }) roles?: Set<string>; // live: list<text>
  @Column() motto?: string; // live: static
  @Column() badge?: Badge; // type badge lacks issued_on and has level as text
}

@Entity({ table: 'never_created' })
class Ghost {
  @PartitionKey() id!: Uuid;
}

@Entity({ table: 'profiles' })
class Profile {
  @PartitionKey() id!: Uuid;
  @ClusteringKey(0, 'DESC') at!: Date;
  @Static() @Column() owner?: string;
  @Index() @Column() email?: string;
  @Index({ name: 'profiles_tags_sai' }) @Column({ type: 'set<text>' }) tags?: Set<string>;
  @Column() badge?: Badge;
}

describe('schema: DDL from entities, validation against the live schema, diff → migration file', () => {
  let ctx: MapperTestContext;

  beforeAll(async () => {
    ctx = await openMapperKeyspace('mapper_schema');
    const ks = ctx.keyspace;
    await ctx.session.execute(`CREATE TYPE ${ks}.badge (label text, level text)`);
    await ctx.session.execute(
      `CREATE TABLE ${ks}.members (team text, org text, joined timestamp, member_id uuid, roles list<text>, motto text static, badge frozen<badge>,
       PRIMARY KEY ((team, org), joined, member_id)) WITH CLUSTERING ORDER BY (joined DESC, member_id ASC)`,
    );
  });
  afterAll(() => ctx?.close());

  it('generates CREATE TYPE / TABLE / INDEX (SAI) statements', () => {
    const ks = ctx.keyspace;
    expect(ctx.mapper.schema.createStatements([Profile])).toEqual([
      `CREATE TYPE IF NOT EXISTS ${ks}.badge (label text, level int, issued_on date)`,
      `CREATE TABLE IF NOT EXISTS ${ks}.profiles (\n  id uuid,\n  at timestamp,\n  owner text STATIC,\n  email text,\n  tags set<text>,\n  badge frozen<badge>,\n  PRIMARY KEY ((id), at)\n) WITH CLUSTERING ORDER BY (at DESC)`,
      `CREATE CUSTOM INDEX IF NOT EXISTS profiles_email_idx ON ${ks}.profiles (email) USING 'StorageAttachedIndex'`,
      `CREATE CUSTOM INDEX IF NOT EXISTS profiles_tags_sai ON ${ks}.profiles (VALUES(tags)) USING 'StorageAttachedIndex'`,
    ]);
  });

  it('a deliberately mismatched entity fails on first use with the full list of mismatches', async () => {
    const members = ctx.mapper.repository(Member);
    const error = (await members.ready().catch((e: unknown) => e)) as SchemaMismatchError;
    expect(error).toBeInstanceOf(SchemaMismatchError);
    const ks = ctx.keyspace;
    const summary = error.mismatches.map((m: SchemaMismatch) => `${m.kind} ${m.column ?? ''}`.trim());
    expect(summary.sort()).toEqual(
      [
        'wrong-type org',
        'wrong-key-order org',
        'wrong-key-order team',
        'wrong-clustering-order joined',
        'missing-column nickname',
        'wrong-type roles',
        'wrong-kind motto',
        'unmapped-key-column member_id',
        'wrong-field-type level',
        'missing-field issued_on',
      ].sort(),
    );
    expect(error.message).toContain('the entities do not match the live schema (10 mismatches)');
    expect(error.message).toContain(`Member.org: column ${ks}.members.org is text, the entity declares int`);
    expect(error.message).toContain(
      `Member.roles: column ${ks}.members.roles is list<text>, the entity declares set<text>`,
    );
    expect(error.message).toContain(
      `Member.motto: column ${ks}.members.motto is static, the entity declares regular`,
    );
    expect(error.message).toContain(
      `Member.joined: clustering column ${ks}.members.joined is ordered DESC, the entity declares ASC`,
    );
    expect(error.message).toContain(`Badge.issuedOn: field ${ks}.badge.issued_on (date) does not exist`);
    // Nothing was sent for the operation itself: it fails the same way.
    await expect(members.findOne({ org: 1, team: 't', joined: new Date() })).rejects.toBeInstanceOf(
      SchemaMismatchError,
    );
  });

  it('reads the same mismatches through an explicit ClusterMetadataSource as through the default source', async () => {
    const viaMetadata = new Mapper(ctx.session, { schemaSource: new ClusterMetadataSource(ctx.cluster) });
    const key = (m: SchemaMismatch) => `${m.kind} ${m.column ?? ''} ${m.expected ?? ''} ${m.actual ?? ''}`;
    const fromMetadata = (await viaMetadata.schema.validate([Member, Ghost])).map(key).sort();
    const fromSystemSchema = (await ctx.mapper.schema.validate([Member, Ghost])).map(key).sort();
    expect(fromMetadata).toEqual(fromSystemSchema);
    expect(fromMetadata).toHaveLength(11);
  });

  it("validates as well on a cluster that keeps no schema metadata (the mapper's refreshes still load)", async () => {
    const cluster = new Cluster(testClusterOptions({ schemaMetadataEnabled: false }));
    try {
      const session = await cluster.connect(ctx.keyspace);
      expect(cluster.schema.keyspace(ctx.keyspace)).toBeUndefined();
      const key = (m: SchemaMismatch) => `${m.kind} ${m.column ?? ''} ${m.expected ?? ''} ${m.actual ?? ''}`;
      const found = (await new Mapper(session).schema.validate([Member, Ghost])).map(key).sort();
      expect(found).toEqual((await ctx.mapper.schema.validate([Member, Ghost])).map(key).sort());
      expect(found).toHaveLength(11);
    } finally {
      await cluster.shutdown();
    }
  });

  it('reports a missing table; warns instead of failing when asked; can be turned off', async () => {
    const mismatches = await ctx.mapper.schema.validate([Ghost]);
    expect(mismatches).toEqual([
      expect.objectContaining({
        kind: 'missing-table',
        message: `Ghost: table ${ctx.keyspace}.never_created does not exist`,
      }),
    ]);
    const warnings: string[] = [];
    const lenient = new Mapper(ctx.session, { schemaValidation: 'warn', onWarning: (m) => warnings.push(m) });
    await lenient.repository(Ghost).ready();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('never_created does not exist');
    const off = new Mapper(ctx.session, { schemaValidation: 'off' });
    await expect(off.repository(Ghost).ready()).resolves.toBeUndefined();
  });

  it('writes a migration file from the diff, which brings the schema in line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cqlkit-mapper-'));
    try {
      await writeFile(join(dir, 'V1__init.cql'), '-- already applied\n');
      await writeFile(join(dir, 'V2_1__tweak.cql'), '-- already applied\n');
      await ctx.session.execute(
        `CREATE TABLE ${ctx.keyspace}.profiles (id uuid, at timestamp, owner text static, PRIMARY KEY (id, at)) WITH CLUSTERING ORDER BY (at DESC)`,
      );
      const written = await ctx.mapper.schema.writeMigration([Profile], {
        directory: dir,
        description: 'profile email, tags and badges',
      });
      expect(written?.path).toBe(join(dir, 'V3__profile_email_tags_and_badges.cql'));
      const text = await readFile(written!.path, 'utf8');
      const ks = ctx.keyspace;
      expect(written?.diff.statements).toEqual([
        `ALTER TYPE ${ks}.badge ADD issued_on date`,
        `ALTER TABLE ${ks}.profiles ADD email text`,
        `ALTER TABLE ${ks}.profiles ADD tags set<text>`,
        `ALTER TABLE ${ks}.profiles ADD badge frozen<badge>`,
        `CREATE CUSTOM INDEX IF NOT EXISTS profiles_email_idx ON ${ks}.profiles (email) USING 'StorageAttachedIndex'`,
        `CREATE CUSTOM INDEX IF NOT EXISTS profiles_tags_sai ON ${ks}.profiles (VALUES(tags)) USING 'StorageAttachedIndex'`,
      ]);
      expect(written?.diff.warnings).toEqual([
        `Badge.level: field ${ks}.badge.level is text but the class declares int; field types cannot be altered (add a new field and migrate the data)`,
      ]);
      expect(text).toContain('-- WARNING: Badge.level');
      expect(text).toContain(`ALTER TABLE ${ks}.profiles ADD email text;\n`);
      expect((await readdir(dir)).sort()).toEqual([
        'V1__init.cql',
        'V2_1__tweak.cql',
        'V3__profile_email_tags_and_badges.cql',
      ]);

      for (const statement of written!.diff.statements) await ctx.session.execute(statement);
      const remaining = await ctx.mapper.schema.validate([Profile]);
      expect(remaining.map((m) => m.kind)).toEqual(['wrong-field-type']);
      expect(await ctx.mapper.schema.diff([Profile])).toEqual({
        statements: [],
        warnings: written!.diff.warnings,
      });

      // The SAI index serves queries on the new column.
      const profiles = new Mapper(ctx.session, { schemaValidation: 'off' }).repository(Profile);
      const id = Uuid.random();
      await profiles.insert(Object.assign(new Profile(), { id, at: new Date(), email: 'sai@example.com' }));
      const rs = await ctx.session.execute<{ id: Uuid }>(`SELECT id FROM ${ks}.profiles WHERE email = ?`, [
        'sai@example.com',
      ]);
      expect(rs.first()?.id.equals(id)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
