import { Uuid } from '@cqlkit/driver';
import {
  ClusteringKey,
  Column,
  Computed,
  Counter,
  Entity,
  MapperArgumentError,
  PartitionKey,
  Static,
  Version,
  cmp,
  ops,
} from '@cqlkit/mapper';
import { EntityConverter } from '../src/conversion/entity-converter';
import { ModelRegistry } from '../src/metadata/model-registry';
import { snakeCaseNaming } from '../src/metadata/naming-strategy';
import { planCount, planFind, planFindOne } from '../src/statements/select-statements';
import { planDelete, planInsert, planUpdate, planVersionedUpdate } from '../src/statements/write-statements';

@Entity({ table: 'posts' })
class Post {
  @PartitionKey(0) blog!: string;
  @PartitionKey(1) @Column({ type: 'int' }) year!: number;
  @ClusteringKey(0, 'DESC') at!: Date;
  @ClusteringKey(1) id!: Uuid;
  @Column() title?: string;
  @Column({ type: 'list<text>' }) history?: string[];
  @Column({ type: 'frozen<list<text>>' }) frozenTags?: string[];
  @Column({ type: 'map<text, int>' }) votes?: Map<string, number>;
  @Static() @Column() owner?: string;
  @Column() order?: string; // a reserved word
  @Computed('writetime(title)') titleWrittenAt?: number;
}

@Entity()
class Hits {
  @PartitionKey() page!: string;
  @Counter() n?: number;
}

@Entity()
class Doc {
  @PartitionKey() id!: string;
  @Column() body?: string;
  @Version() v?: number;
}

const registry = new ModelRegistry(snakeCaseNaming, () => 'ks');
const converter = <T extends object>(ctor: new () => T): EntityConverter<object> =>
  new EntityConverter(registry.entity(ctor), registry) as unknown as EntityConverter<object>;
const posts = converter(Post);
const at = new Date(0);
const id = Uuid.parse('5b6962dd-3f90-4c93-8f61-eabfa4a803e2');
const key = { blog: 'b', year: 2024, at, id };

describe('statement plans', () => {
  it('inserts every column (undefined stays undefined, which the driver binds as unset), quoting reserved names', () => {
    const post = Object.assign(new Post(), { ...key, title: 'T', owner: null });
    const plan = planInsert(posts, post, undefined);
    expect(plan.cql()).toBe(
      'INSERT INTO ks.posts (blog, year, at, id, title, history, frozen_tags, votes, owner, "order") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    expect(plan.values).toEqual(['b', 2024, at, id, 'T', undefined, undefined, undefined, null, undefined]);
    expect(plan).toMatchObject({ idempotent: true, conditional: false, counter: false });
  });

  it('adds IF NOT EXISTS and USING TTL/TIMESTAMP with their own shapes', () => {
    const post = Object.assign(new Post(), key);
    const lwt = planInsert(posts, post, { ifNotExists: true, ttl: 60 });
    expect(lwt.cql()).toMatch(/VALUES \(.*\) IF NOT EXISTS USING TTL \?$/);
    expect(lwt.values.slice(-1)).toEqual([60]);
    expect(lwt).toMatchObject({ idempotent: false, conditional: true });
    const timed = planInsert(posts, post, { ttl: 5, timestamp: 10n });
    expect(timed.cql()).toMatch(/ USING TTL \? AND TIMESTAMP \?$/);
    expect(new Set([lwt.shape, timed.shape, planInsert(posts, post, undefined).shape]).size).toBe(3);
    expect(planInsert(posts, post, {}).shape).toBe(planInsert(posts, post, undefined).shape);
  });

  it('updates only given properties, with collection ops and conditions; undefined never reaches SET or IF', () => {
    const plan = planUpdate(
      posts,
      key,
      { title: 'New', history: ops.prepend(['h0']), votes: ops.put({ ann: 1 }), owner: undefined },
      { if: { title: cmp.ne('Old'), owner: undefined, votes: null } },
    );
    expect(plan.cql()).toBe(
      'UPDATE ks.posts SET title = ?, history = ? + history, votes = votes + ? WHERE blog = ? AND year = ? AND at = ? AND id = ? IF title != ? AND votes = ?',
    );
    expect(plan.values).toEqual(['New', ['h0'], { ann: 1 }, 'b', 2024, at, id, 'Old', null]);
    expect(plan).toMatchObject({ idempotent: false, conditional: true });
    const removal = planUpdate(
      posts,
      key,
      { history: ops.remove(new Set(['x'])), votes: ops.removeKeys(['ann']) },
      undefined,
    );
    expect(removal.cql()).toBe(
      'UPDATE ks.posts SET history = history - ?, votes = votes - ? WHERE blog = ? AND year = ? AND at = ? AND id = ?',
    );
    expect(removal.values.slice(0, 2)).toEqual([['x'], ['ann']]);
    expect(removal.idempotent).toBe(true);
  });

  it('updates static columns by partition key alone', () => {
    const plan = planUpdate(posts, { blog: 'b', year: 2024 }, { owner: 'ann' }, { ifExists: true });
    expect(plan.cql()).toBe('UPDATE ks.posts SET owner = ? WHERE blog = ? AND year = ? IF EXISTS');
    expect(() => planUpdate(posts, { blog: 'b', year: 2024, at }, { owner: 'x' }, undefined)).toThrow(
      "give the partition key alone (static columns only) or the whole primary key (blog, year, at, id); missing 'id'",
    );
  });

  it('increments counters (non-idempotent) and rejects counter assignment', () => {
    const hits = converter(Hits);
    const plan = planUpdate(hits, { page: '/' }, { n: ops.increment(2) }, undefined);
    expect(plan.cql()).toBe('UPDATE ks.hits SET n = n + ? WHERE page = ?');
    expect(plan).toMatchObject({ idempotent: false, counter: true });
    expect(planUpdate(hits, { page: '/' }, { n: ops.decrement() }, undefined).cql()).toContain('n = n - ?');
    expect(() => planUpdate(hits, { page: '/' }, { n: 1 }, undefined)).toThrow(
      "counter 'n' cannot be assigned",
    );
    expect(() => planUpdate(hits, { page: '/' }, { n: ops.increment(1.5) }, undefined)).toThrow(
      "ops.increment() on 'n' needs an integer (number or bigint), got 1.5",
    );
    expect(() => planUpdate(hits, { page: '/' }, { n: ops.increment() }, { ttl: 5 })).toThrow(
      "option 'ttl' is not allowed here",
    );
  });

  it('rejects operations that do not fit the column', () => {
    expect(() => planUpdate(posts, key, { title: ops.append(['x']) }, undefined)).toThrow(
      "ops.append() needs a list or set column, but 'title' is text",
    );
    expect(() => planUpdate(posts, key, { frozenTags: ops.append(['x']) }, undefined)).toThrow(
      "'frozenTags' is a frozen collection; it can only be replaced whole",
    );
    expect(() => planUpdate(posts, key, { votes: ops.prepend([1]) }, undefined)).toThrow(
      'ops.prepend() needs a list column',
    );
    expect(() => planUpdate(posts, key, { blog: 'x' } as never, undefined)).toThrow(
      "primary-key property 'blog' cannot be changed; pass it in the key",
    );
    expect(() => planUpdate(posts, key, { title: 'x' }, { ifExists: true, if: { title: 'y' } })).toThrow(
      "give either 'ifExists' or 'if' conditions, not both",
    );
    expect(() => planUpdate(posts, key, { title: 'x' }, { if: { blog: 'b' } as never })).toThrow(
      "condition on primary-key property 'blog'",
    );
    expect(() => planUpdate(posts, key, { title: 'x' }, { if: { title: cmp.in([]) } })).toThrow(
      "cmp.in() on 'title' needs a non-empty array",
    );
    expect(() => planUpdate(posts, key, { title: 'x' }, { if: { title: 'y' }, timestamp: 1 })).toThrow(
      "option 'timestamp' cannot be combined with conditions",
    );
  });

  it('expands IN conditions with one marker per value (the count is part of the shape)', () => {
    const two = planUpdate(posts, key, { title: 'x' }, { if: { title: cmp.in(['a', 'b']) } });
    const three = planUpdate(posts, key, { title: 'x' }, { if: { title: cmp.in(['a', 'b', 'c']) } });
    expect(two.cql()).toMatch(/IF title IN \(\?, \?\)$/);
    expect(two.shape).not.toBe(three.shape);
  });

  it('deletes by full key, with timestamp or conditions', () => {
    expect(planDelete(posts, key, { timestamp: 7 }).cql()).toBe(
      'DELETE FROM ks.posts USING TIMESTAMP ? WHERE blog = ? AND year = ? AND at = ? AND id = ?',
    );
    const lwt = planDelete(posts, key, { if: { title: 'T' } });
    expect(lwt.cql()).toMatch(/ IF title = \?$/);
    expect(lwt.values).toEqual(['b', 2024, at, id, 'T']);
    expect(() => planDelete(posts, { blog: 'b', year: 2024 }, undefined)).toThrow(
      "Post.delete(): missing clustering property 'at'",
    );
  });

  it('selects by key with the computed selectors; find orders every clustering column and limits', () => {
    expect(planFindOne(posts, key).cql()).toBe(
      'SELECT blog, year, at, id, title, history, frozen_tags, votes, owner, "order", writetime(title) FROM ks.posts WHERE blog = ? AND year = ? AND at = ? AND id = ?',
    );
    const natural = planFind(posts, 'find()', { blog: 'b', year: 1 }, { order: 'DESC', limit: 5 });
    expect(natural.cql()).toMatch(/WHERE blog = \? AND year = \? ORDER BY at DESC, id ASC LIMIT \?$/);
    expect(natural.values).toEqual(['b', 1, 5]);
    const reversed = planFind(
      posts,
      'find()',
      { blog: 'b', year: 1 },
      { order: 'ASC', range: { at: { gte: at, lt: at } } },
    );
    expect(reversed.cql()).toMatch(
      /WHERE blog = \? AND year = \? AND at >= \? AND at < \? ORDER BY at ASC, id DESC$/,
    );
    expect(planCount(posts, { blog: 'b', year: 1 }, undefined).cql()).toBe(
      'SELECT COUNT(*) FROM ks.posts WHERE blog = ? AND year = ?',
    );
  });

  it('the versioned save writes every non-key column and tests the expected version', () => {
    const docs = converter(Doc);
    const model = registry.entity(Doc);
    const plan = planVersionedUpdate(
      docs,
      Object.assign(new Doc(), { id: 'a', v: 3 }),
      model.version!,
      3,
      4,
      undefined,
    );
    expect(plan.cql()).toBe('UPDATE ks.doc SET body = ?, v = ? WHERE id = ? IF v = ?');
    expect(plan.values).toEqual([undefined, 4, 'a', 3]);
  });

  it('checks entities passed as plain objects for unknown properties', () => {
    expect(() => planInsert(posts, { ...key, titel: 'typo' }, undefined)).toThrow(
      new MapperArgumentError(
        "Post.insert(): 'titel' is not a mapped property of Post (mapped: blog, year, at, id, title, history, frozenTags, votes, owner, order)",
      ),
    );
    expect(() => planInsert(posts, null, undefined)).toThrow('Post.insert(): expected a Post, got null');
    expect(planInsert(posts, { ...key, titleWrittenAt: 5 }, undefined).values).toHaveLength(10);
  });
});
