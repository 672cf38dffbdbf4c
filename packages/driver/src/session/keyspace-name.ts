/**
 * The keyspace a `session.useKeyspace(name, caseSensitive)` call names: the argument checked and
 * turned into the internal (unquoted) name. Never holds the switch itself (the session's pools
 * send the USE) nor CQL identifier rules in general (`cql/cql-identifier.ts`).
 *
 * @packageDocumentation
 */

import { InvalidOptionsError } from '../errors';

/**
 * The internal name of the keyspace `useKeyspace(keyspace, caseSensitive)` asks for: as given when
 * case-sensitive, else lower-cased (Cassandra's rule for unquoted names), which then may only
 * contain letters, digits and `_`.
 *
 * @throws InvalidOptionsError naming what is wrong with the argument
 * @internal
 */
export function keyspaceNameOf(keyspace: string, caseSensitive: boolean): string {
  if (typeof keyspace !== 'string' || keyspace === '') {
    throw new InvalidOptionsError('useKeyspace(name): name must be a non-empty string');
  }
  if (!caseSensitive && !/^[A-Za-z0-9_]+$/.test(keyspace)) {
    throw new InvalidOptionsError(
      `useKeyspace('${keyspace}'): an unquoted keyspace name may only contain letters, digits and '_'; pass caseSensitive=true for other names`,
    );
  }
  return caseSensitive ? keyspace : keyspace.toLowerCase();
}
