/**
 * Schema refreshes: which scopes a batch of schema changes needs, loading their rows, and keeping
 * keyspace replication (for the token map) in step.
 *
 * @packageDocumentation
 */

import type { SchemaChange } from '../protocol/messages';
import type { MetadataStore } from './metadata-store';
import { fetchSchemaRows, type SchemaRows } from './metadata/schema-rows';
import { functionSignature, schemaScopeOf, type SchemaScope } from './metadata/schema-scope';
import type { ControlQuery } from './node-discovery';
import type { ReplicationOptions } from '../routing/replication-strategy';

/** The schema model operations a refresh uses (implemented by `SchemaMetadata`). */
export interface RefreshableSchema<S> {
  /** A schema with the scope's elements replaced by those `rows` describe. */
  withRows(scope: SchemaScope, rows: SchemaRows): S;
  /** A schema without the scope's elements. */
  without(scope: SchemaScope): S;
}

/** A scope to load, or to remove (the last change to it dropped it). @internal */
export interface ScopeRefresh {
  readonly scope: SchemaScope;
  readonly dropped: boolean;
}

/** Above this many distinct scopes in one batch, the whole schema is reloaded instead. */
const FULL_REFRESH_THRESHOLD = 32;

/**
 * Reduces a batch of schema changes to the refreshes to run, in order: one per distinct scope
 * (its last change decides between loading and dropping), scopes inside a keyspace that is
 * refreshed or dropped as a whole are left out, and a very large batch becomes one full refresh.
 *
 * @example
 * ```ts
 * coalesceSchemaChanges([
 *   { change: 'CREATED', target: 'KEYSPACE', keyspace: 'shop' },
 *   { change: 'CREATED', target: 'TABLE', keyspace: 'shop', name: 'orders' },
 * ]); // [{ scope: { kind: 'keyspace', keyspace: 'shop' }, dropped: false }]
 * ```
 * @internal
 */
export function coalesceSchemaChanges(changes: readonly (SchemaChange | 'all')[]): ScopeRefresh[] {
  if (changes.includes('all')) return [{ scope: { kind: 'all' }, dropped: false }];
  const byKey = new Map<string, ScopeRefresh>();
  for (const change of changes as readonly SchemaChange[]) {
    const scope = schemaScopeOf(change);
    const key = scopeKey(scope);
    byKey.delete(key); // re-insert: the order follows the last change
    byKey.set(key, { scope, dropped: change.change === 'DROPPED' });
  }
  if (byKey.size > FULL_REFRESH_THRESHOLD) return [{ scope: { kind: 'all' }, dropped: false }];
  const wholeKeyspaces = new Set(
    [...byKey.values()].filter((r) => r.scope.kind === 'keyspace').map((r) => keyspaceOf(r.scope)),
  );
  return [...byKey.values()].filter(
    (r) => r.scope.kind === 'keyspace' || !wholeKeyspaces.has(keyspaceOf(r.scope)),
  );
}

/** A stable identity of a scope. @internal */
export function scopeKey(scope: SchemaScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'keyspace':
      return `keyspace:${scope.keyspace}`;
    case 'table':
      return `table:${scope.keyspace}.${scope.table}`;
    case 'type':
      return `type:${scope.keyspace}.${scope.type}`;
    case 'function':
    case 'aggregate':
      return `${scope.kind}:${scope.keyspace}.${functionSignature(scope.name, scope.argTypes)}`;
  }
}

function keyspaceOf(scope: SchemaScope): string | undefined {
  return scope.kind === 'all' ? undefined : scope.keyspace;
}

/** What a schema refresher needs. @internal */
export interface SchemaRefresherDeps<S extends RefreshableSchema<S>> {
  readonly store: MetadataStore<S>;
  /** Runs a query on the control connection. */
  readonly query: ControlQuery;
  /** Keep the schema model up to date. */
  readonly schemaEnabled: boolean;
  /** Keep keyspace replication (token map) up to date. */
  readonly tokensEnabled: boolean;
}

/**
 * Loads schema rows through the control connection and swaps the refreshed schema (and keyspace
 * replication) into the metadata store.
 *
 * @internal
 */
export class SchemaRefresher<S extends RefreshableSchema<S>> {
  constructor(private readonly deps: SchemaRefresherDeps<S>) {}

  /**
   * Refreshes each scope in turn; replication follows keyspace-level changes.
   *
   * @param query - where to read (default: the control connection), e.g. the coordinator of a
   *   schema change, which is sure to have it
   */
  async apply(refreshes: readonly ScopeRefresh[], query: ControlQuery = this.deps.query): Promise<void> {
    for (const refresh of refreshes) await this.refresh(refresh.scope, refresh.dropped, query);
  }

  /** Loads (or, when `dropped`, removes) one scope. */
  async refresh(scope: SchemaScope, dropped = false, query: ControlQuery = this.deps.query): Promise<void> {
    const { store, schemaEnabled, tokensEnabled } = this.deps;
    const tasks: Promise<void>[] = [];
    if (schemaEnabled) {
      if (dropped) store.updateSchema((schema) => schema.without(scope));
      else tasks.push(this.loadSchema(scope, query));
    }
    if (tokensEnabled && (scope.kind === 'all' || scope.kind === 'keyspace')) {
      tasks.push(
        this.loadReplication(scope.kind === 'keyspace' ? scope.keyspace : undefined, dropped, query),
      );
    }
    await Promise.all(tasks);
  }

  private async loadSchema(scope: SchemaScope, query: ControlQuery): Promise<void> {
    const rows = await fetchSchemaRows(query, scope);
    this.deps.store.updateSchema((schema) => schema.withRows(scope, rows));
  }

  private async loadReplication(
    keyspace: string | undefined,
    dropped: boolean,
    query: ControlQuery,
  ): Promise<void> {
    const store = this.deps.store;
    if (keyspace !== undefined && dropped) {
      store.setKeyspaceReplication(keyspace, undefined);
      return;
    }
    const cql = 'SELECT keyspace_name, replication FROM system_schema.keyspaces';
    const rows =
      keyspace === undefined ? await query(cql) : await query(`${cql} WHERE keyspace_name = ?`, [keyspace]);
    if (keyspace !== undefined) {
      const row = rows[0];
      store.setKeyspaceReplication(
        keyspace,
        row === undefined ? undefined : replicationOf(row['replication']),
      );
      return;
    }
    const replication = new Map<string, ReplicationOptions>();
    for (const row of rows) {
      const name = row['keyspace_name'];
      if (typeof name === 'string') replication.set(name, replicationOf(row['replication']));
    }
    store.setReplication(replication);
  }
}

/** `system_schema.keyspaces.replication` (a decoded `map<text, text>`) as a plain record. */
function replicationOf(value: unknown): ReplicationOptions {
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), String(v)]));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  }
  return {};
}
