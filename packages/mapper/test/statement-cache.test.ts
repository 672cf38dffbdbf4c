/**
 * The per-entity statement cache: one PREPARE per shape, and handles carrying fixed options as
 * defaults for the calls that pass none.
 */
import { FakeSession } from './fake-session';
import { StatementCache } from '../src/statements/statement-cache';
import type { StatementPlan } from '../src/statements/statement-plan';

function plan(shape: string, values: unknown[] = []): StatementPlan {
  return {
    shape,
    cql: () => `SELECT ${shape} FROM ks.t`,
    values,
    idempotent: true,
    conditional: false,
    counter: false,
  };
}

describe('StatementCache', () => {
  it('prepares a shape once, concurrent first uses included', async () => {
    const session = new FakeSession();
    const cache = new StatementCache(session.asSession(), 'T', () => undefined);
    const [a, b] = await Promise.all([cache.prepare(plan('x')), cache.prepare(plan('x'))]);
    expect(a).toBe(b);
    expect(cache.get(plan('x'))).toBe(a);
    expect(session.prepared).toEqual(['SELECT x FROM ks.t']);
  });

  it('gives no handle before the shape is prepared, then one handle per shape and defaults', async () => {
    const session = new FakeSession();
    const cache = new StatementCache(session.asSession(), 'T', () => undefined);
    const read = Object.freeze({ idempotent: true, summary: 'findOne T' });
    const write = Object.freeze({ idempotent: false });
    expect(cache.handle(plan('x'), read)).toBeUndefined();
    const prepared = await cache.prepare(plan('x'));
    const handle = cache.handle(plan('x'), read);
    expect(handle).toBeDefined();
    expect(handle).not.toBe(prepared);
    expect(handle?.defaults).toEqual(read);
    expect(handle?.query).toBe(prepared.query);
    expect(cache.handle(plan('x'), read)).toBe(handle);
    expect(cache.handle(plan('x'), write)?.defaults).toEqual(write);
    expect(cache.handle(plan('y'), read)).toBeUndefined();
    // The cached statement itself keeps no defaults (batches and statements use it).
    expect(prepared.defaults).toEqual({});
    expect(session.prepared).toEqual(['SELECT x FROM ks.t']);
  });

  it('runs a handle with its defaults when the call passes no options', async () => {
    const session = new FakeSession();
    const cache = new StatementCache(session.asSession(), 'T', () => undefined);
    const read = Object.freeze({ rowShape: 'array' as const, idempotent: true });
    await cache.prepare(plan('x'));
    await session.asSession().execute(cache.handle(plan('x'), read)!, [1]);
    expect(session.executed[0]).toMatchObject({ callOptions: undefined, options: read, params: [1] });
  });
});
