/**
 * Building a {@link KeyspaceMetadata} from its rows, reusing the elements of the previous snapshot
 * that did not change.
 *
 * @packageDocumentation
 */
import { AggregateMetadata } from './aggregate-metadata';
import { cqlIdentifier } from '../../cql/cql-identifier';
import { byNameIgnoringCase } from './describe-order';
import { FunctionMetadata } from './function-metadata';
import { KeyspaceMetadata } from './keyspace-metadata';
import type { KeyspaceSource, TableSource, ViewSource } from './keyspace-source';
import { recordsEqual, rowListsEqual } from './schema-row-equality';
import { optionalBoolean, requiredText, textMap, type RowRef } from './schema-row-values';
import { readTable, type TableMetadata } from './table-metadata';
import { resolveUserTypes, type UserTypeMetadata } from './user-type-metadata';
import { readView, type MaterializedViewMetadata } from './view-metadata';

function tableSourcesEqual(a: TableSource, b: TableSource): boolean {
  return (
    recordsEqual(a.table, b.table) &&
    rowListsEqual(a.columns, b.columns) &&
    rowListsEqual(a.indexes, b.indexes) &&
    rowListsEqual(a.masks, b.masks)
  );
}

function viewSourcesEqual(a: ViewSource, b: ViewSource): boolean {
  return (
    recordsEqual(a.view, b.view) && rowListsEqual(a.columns, b.columns) && rowListsEqual(a.masks, b.masks)
  );
}

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameValues<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a.size !== b.size) return false;
  const right = [...b];
  return [...a].every(([k, v], i) => right[i]?.[0] === k && right[i]?.[1] === v);
}

/**
 * Builds a keyspace from its rows. With `previous` (the same keyspace in the current snapshot),
 * every user type, table, view, function and aggregate whose rows are equal and whose user types
 * are the same objects is taken over as is; when nothing changed, `previous` itself is returned.
 *
 * @throws SchemaRowError when a row lacks required columns or a user type cannot be resolved.
 */
export function buildKeyspace(source: KeyspaceSource, previous?: KeyspaceMetadata): KeyspaceMetadata {
  const ref: RowRef = { row: source.keyspace, what: 'keyspace' };
  const name = requiredText(ref, 'keyspace_name');
  const { types, resolve } = resolveUserTypes(name, source.types, previous?.userTypes);
  const typesUnchanged = (dependencies: ReadonlySet<string>): boolean =>
    [...dependencies].every((d) => types.get(d) === previous?.userTypes.get(d));
  const reusable = <T extends { readonly userTypeDependencies: ReadonlySet<string> }>(
    old: T | undefined,
    sourceUnchanged: (old: T) => boolean,
  ): T | undefined =>
    old !== undefined && sourceUnchanged(old) && typesUnchanged(old.userTypeDependencies) ? old : undefined;

  const views = new Map<string, MaterializedViewMetadata>();
  for (const view of byNameIgnoringCase(source.views.values(), (v) =>
    requiredText({ row: v.view, what: 'view' }, 'view_name'),
  )) {
    const viewName = requiredText({ row: view.view, what: 'view' }, 'view_name');
    const old = reusable(previous?.views.get(viewName), (o) => viewSourcesEqual(o.source, view));
    views.set(viewName, old ?? readView(view, resolve));
  }

  const tables = new Map<string, TableMetadata>();
  for (const [tableName, table] of byNameIgnoringCase(source.tables, ([n]) => n)) {
    const tableViews = [...views.values()].filter((v) => v.baseTableName === tableName);
    const old = reusable(
      previous?.tables.get(tableName),
      (o) => tableSourcesEqual(o.source, table) && sameElements(o.views, tableViews),
    );
    tables.set(tableName, old ?? readTable(table, source.virtual, resolve, tableViews));
  }

  const functions = new Map<string, FunctionMetadata>();
  const builtFunctions = [...source.functions].map(([key, row]) => {
    const old = reusable(previous?.functions.get(key), (o) => recordsEqual(o.source, row));
    return old ?? new FunctionMetadata(row, resolve);
  });
  for (const fn of byNameIgnoringCase(builtFunctions, (f) => f.displaySignature))
    functions.set(fn.signature, fn);

  const aggregates = new Map<string, AggregateMetadata>();
  const builtAggregates = [...source.aggregates].map(([key, row]) => {
    const old = reusable(previous?.aggregates.get(key), (o) => recordsEqual(o.source, row));
    return old ?? new AggregateMetadata(row, resolve);
  });
  for (const agg of byNameIgnoringCase(builtAggregates, (a) => a.displaySignature))
    aggregates.set(agg.signature, agg);

  if (
    previous !== undefined &&
    previous.virtual === source.virtual &&
    recordsEqual(previous.source.keyspace, source.keyspace) &&
    sameValues(previous.userTypes, types) &&
    sameValues(previous.tables, tables) &&
    sameValues(previous.views, views) &&
    sameValues(previous.functions, functions) &&
    sameValues(previous.aggregates, aggregates)
  ) {
    return previous;
  }
  const named: RowRef = { row: source.keyspace, what: `keyspace ${cqlIdentifier(name)}` };
  return new KeyspaceMetadata({
    source,
    name,
    replication: source.virtual ? Object.freeze({}) : textMap(named, 'replication'),
    durableWrites: source.virtual ? false : (optionalBoolean(named, 'durable_writes') ?? true),
    tables,
    views,
    userTypes: types as ReadonlyMap<string, UserTypeMetadata>,
    functions,
    aggregates,
  });
}
