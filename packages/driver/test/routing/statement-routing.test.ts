import { ID_A, tablet } from './tablet-fixtures';
import { Host } from '../../src/cluster/host';
import { EncodedValueListBuilder } from '../../src/protocol/messages';
import type { PreparedStatement } from '../../src/request/prepared-statement';
import { murmur3Token } from '../../src/routing/murmur3';
import { StatementRouting } from '../../src/routing/statement-routing';
import { TabletMap } from '../../src/routing/tablet-map';
import { codecFor } from '../../src/types';

const int = codecFor({ kind: 'int' });
const text = codecFor({ kind: 'text' });

/** A prepared `INSERT INTO ks.t (id, note) VALUES (?, ?)` with partition key `id` (index 0). */
const prepared = {
  partitionKeyIndexes: [0],
  table: 't',
  keyspace: 'ks',
  isLwt: false,
} as unknown as PreparedStatement;

function values(id: number, note: string) {
  const builder = EncodedValueListBuilder.start();
  builder.add(int, id);
  builder.add(text, note);
  return builder.finish();
}

function routing(list = values(42, 'x'), tablets?: TabletMap, explicitKey?: Uint8Array): StatementRouting {
  return new StatementRouting('ks', 't', false, 1, prepared, list, explicitKey, tablets);
}

describe('StatementRouting', () => {
  it('gives the bound partition key and its Murmur3 token', () => {
    const r = routing();
    expect(Buffer.from(r.routingKey!)).toEqual(int.encode(42));
    expect(r.token).toBe(murmur3Token(int.encode(42)));
    expect([r.keyspace, r.table, r.isLwt, r.consistency, r.tablet]).toEqual(['ks', 't', false, 1, undefined]);
  });

  it('reads the bound values only when the key or token is read, and once', () => {
    const list = values(7, 'y');
    const valueAt = jest.spyOn(list, 'valueAt');
    const r = routing(list);
    expect(valueAt).not.toHaveBeenCalled(); // a plan that ignores tokens costs no hashing
    const token = r.token;
    expect(token).toBe(murmur3Token(int.encode(7)));
    expect(r.token).toBe(token);
    expect(Buffer.from(r.routingKey!)).toEqual(int.encode(7));
    expect(valueAt).toHaveBeenCalledTimes(1);
  });

  it('hashes a single bound partition-key value in place for the token (no routing key built)', () => {
    const list = values(123456, 'w');
    const valueAt = jest.spyOn(list, 'valueAt');
    const r = routing(list);
    expect(r.token).toBe(murmur3Token(int.encode(123456)));
    expect(valueAt).not.toHaveBeenCalled();
    // A null partition-key value has no key of its own: the explicit key (if any) routes.
    const explicit = Buffer.from('fallback');
    const nulls = EncodedValueListBuilder.start();
    nulls.addNull();
    nulls.add(text, 'n');
    expect(routing(nulls.finish(), undefined, explicit).token).toBe(murmur3Token(explicit));
    const composite = { ...prepared, partitionKeyIndexes: [0, 1] } as unknown as PreparedStatement;
    const both = new StatementRouting('ks', 't', false, 1, composite, values(5, 'c'), undefined, undefined);
    expect(both.token).toBe(murmur3Token(both.routingKey!));
  });

  it('falls back to the explicit routing key, and has no token without any key', () => {
    const explicit = Buffer.from('abc');
    const unrouted = { partitionKeyIndexes: undefined, table: 't' } as unknown as PreparedStatement;
    const withKey = new StatementRouting('ks', 't', false, 1, unrouted, values(1, 'z'), explicit, undefined);
    expect(withKey.routingKey).toBe(explicit);
    expect(withKey.token).toBe(murmur3Token(explicit));
    const none = new StatementRouting('ks', 't', false, 1, undefined, [], undefined, undefined);
    expect(none.routingKey).toBeUndefined();
    expect(none.token).toBeUndefined();
  });

  it('looks the tablet up at once when tablets are known', () => {
    const host = new Host({ address: '127.0.0.1', port: 9042, hostId: ID_A });
    const tablets = new TabletMap();
    const token = murmur3Token(int.encode(42));
    tablets.add('ks', 't', tablet(token - 1n, token, [ID_A, 3]), () => host);
    expect(routing(values(42, 'x'), tablets).tablet?.replicas[0]).toEqual({ hostId: ID_A, shard: 3, host });
    expect(routing(values(43, 'x'), tablets).tablet).toBeUndefined();
  });
});
