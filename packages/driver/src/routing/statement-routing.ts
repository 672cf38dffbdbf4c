/**
 * The {@link RoutingInfo} of one statement execution, with its routing key and token computed on
 * first read. Holds no I/O and makes no load-balancing choice: policies and pools read it.
 *
 * Why lazy: hashing the partition key (Murmur3, and a bigint token) costs every request a few
 * hundred nanoseconds and ~0.2 KB, and nothing reads the token when the cluster keeps no token
 * map (`tokenMetadataEnabled: false`), routes by a policy that ignores it, or has no shards. A
 * token-aware plan or a ScyllaDB shard pick reads it once; the result is kept for retries and
 * speculative executions.
 *
 * @packageDocumentation
 */

import type { PreparedStatement } from '../request/prepared-statement';
import type { RoutingInfo } from '../policies/load-balancing';
import { murmur3Token } from './murmur3';
import { preparedRoutingKey, singleValueToken } from './routing-key';
import type { Tablet, TabletMap } from './tablet-map';
import type { EncodedValue, EncodedValueList } from '../protocol/messages';

/** Marks a lazily computed field that was not read yet (`undefined` is a valid value). */
const NOT_YET = Symbol('not computed');

/**
 * Where a statement goes: keyspace, table, LWT flag and consistency are given; the routing key
 * (from the bound partition-key values, else the explicit one) and its token are computed when a
 * policy or pool first reads them; the tablet is looked up at once when tablets are known (that
 * needs the token anyway).
 *
 * Its `routingKey` and `token` are accessors on the prototype: a policy that copies a routing
 * object must copy them by name (`{ ...info }` would drop them). A statement's request spec
 * extends it (one object per request: the request is its own routing info).
 *
 * @internal
 */
export class StatementRouting implements RoutingInfo {
  private key: Uint8Array | undefined | typeof NOT_YET = NOT_YET;
  private hashed: bigint | undefined | typeof NOT_YET = NOT_YET;
  readonly tablet: Tablet | undefined;

  constructor(
    readonly keyspace: string | undefined,
    readonly table: string | undefined,
    readonly isLwt: boolean,
    readonly consistency: number,
    readonly prepared: PreparedStatement | undefined,
    private readonly values: readonly EncodedValue[] | EncodedValueList,
    private readonly explicitKey: Uint8Array | undefined,
    tablets: TabletMap | undefined,
  ) {
    this.tablet =
      tablets !== undefined && tablets.size > 0 && keyspace !== undefined && table !== undefined
        ? lookUpTablet(tablets, keyspace, table, this.token)
        : undefined;
  }

  /** The serialized partition key: from the bound values of a prepared statement, else the explicit one. */
  get routingKey(): Uint8Array | undefined {
    let key = this.key;
    if (key === NOT_YET) {
      key = (this.prepared ? preparedRoutingKey(this.prepared, this.values) : undefined) ?? this.explicitKey;
      this.key = key;
    }
    return key;
  }

  /** The Murmur3 token of {@link StatementRouting.routingKey}. */
  get token(): bigint | undefined {
    let token = this.hashed;
    if (token === NOT_YET) {
      // A single bound value is hashed where it lies, without building the routing key.
      const inPlace =
        this.key === NOT_YET && this.prepared !== undefined
          ? singleValueToken(this.prepared, this.values)
          : null;
      if (inPlace !== null) {
        token = inPlace;
      } else {
        const key = this.routingKey;
        token = key === undefined ? undefined : murmur3Token(key);
      }
      this.hashed = token;
    }
    return token;
  }
}

function lookUpTablet(
  tablets: TabletMap,
  keyspace: string,
  table: string,
  token: bigint | undefined,
): Tablet | undefined {
  return token === undefined ? undefined : tablets.find(keyspace, table, token);
}
