/**
 * The changes that bring the live schema to what the entities declare: statements for what can
 * be added safely (types, fields, tables, columns, indexes; column drops only when asked) and
 * warnings for what needs a human (type changes, key changes).
 *
 * @packageDocumentation
 */
import { cqlIdentifier } from '@cqlkit/driver';
import type { EntityModel, UdtModel } from '../metadata/entity-model';
import { columnDefinition, createIndexCql, createTableCql, createTypeCql, indexName, typeText } from './ddl';
import type { LiveSchemaSource } from './live-schema';
import { validateEntity } from './validation';
import { canonicalType, canonicalTypeText } from './type-comparison';

/**
 * Options of a schema diff.
 *
 * @example
 * ```ts
 * await mapper.schema.diff([User], { dropColumns: true });
 * ```
 */
export interface SchemaDiffOptions {
  /** Also drop live regular/static columns the entities do not map (default false). */
  readonly dropColumns?: boolean;
}

/**
 * What a schema diff found.
 *
 * @example
 * ```ts
 * const { statements, warnings } = await mapper.schema.diff([User, Order]);
 * ```
 */
export interface SchemaDiff {
  /** DDL statements, in order, without the trailing `;`. */
  readonly statements: readonly string[];
  /** Differences no statement fixes safely (type or key changes). */
  readonly warnings: readonly string[];
}

/**
 * Compares the entities with the live schema.
 *
 * @example
 * ```ts
 * const diff = await diffSchema([mapper.model(User)], new ClusterMetadataSource(session.cluster));
 * ```
 */
export async function diffSchema(
  models: readonly EntityModel[],
  source: LiveSchemaSource,
  options: SchemaDiffOptions = {},
): Promise<SchemaDiff> {
  const statements: string[] = [];
  const warnings: string[] = [];
  const udts: UdtModel[] = [];
  for (const m of models) for (const u of m.udts) if (!udts.includes(u)) udts.push(u);
  for (const udt of udts) await diffUdt(udt, source, statements, warnings);
  for (const model of models) await diffTable(model, source, statements, warnings, options);
  return { statements, warnings };
}

async function diffUdt(
  udt: UdtModel,
  source: LiveSchemaSource,
  statements: string[],
  warnings: string[],
): Promise<void> {
  const live = await source.userType(udt.keyspace, udt.name);
  if (live === undefined) {
    statements.push(createTypeCql(udt));
    return;
  }
  const fields = new Map(live.fields.map((f) => [f.name, f.type]));
  for (const f of udt.fields) {
    const actual = fields.get(f.name);
    if (actual === undefined) {
      statements.push(`ALTER TYPE ${udt.qualifiedName} ADD ${f.cql} ${typeText(f.type)}`);
    } else if (canonicalTypeText(actual, udt.keyspace) !== canonicalType(f.type)) {
      warnings.push(
        `${udt.className}.${f.property}: field ${udt.keyspace}.${udt.name}.${f.name} is ${canonicalTypeText(actual, udt.keyspace)} but the class declares ${canonicalType(f.type)}; field types cannot be altered (add a new field and migrate the data)`,
      );
    }
  }
}

async function diffTable(
  model: EntityModel,
  source: LiveSchemaSource,
  statements: string[],
  warnings: string[],
  options: SchemaDiffOptions,
): Promise<void> {
  const table = await source.table(model.keyspace, model.table);
  if (table === undefined) {
    statements.push(createTableCql(model), ...createIndexCql(model));
    return;
  }
  const live = new Map(table.columns.map((c) => [c.name, c]));
  for (const c of model.columns) {
    if (live.has(c.name)) continue;
    if (c.role === 'partition' || c.role === 'clustering') continue; // reported below as a key change
    statements.push(`ALTER TABLE ${model.qualifiedTable} ADD ${columnDefinition(c)}`);
  }
  // Everything else that differs needs a human: reuse the validation's findings (UDTs were
  // handled above; missing non-key columns were added).
  const addable = (column: string | undefined): boolean => {
    const role = model.byColumnName.get(column ?? '')?.role;
    return role === 'static' || role === 'regular';
  };
  const mismatches = (await validateEntity({ ...model, udts: [] }, source)).filter(
    (m) => !(m.kind === 'missing-column' && addable(m.column)),
  );
  for (const m of mismatches) {
    const fix =
      m.kind === 'wrong-type'
        ? 'column types cannot be changed in place (add a new column and migrate the data)'
        : 'the primary key or column kinds cannot be altered (create a new table and migrate the data)';
    warnings.push(`${m.message}; ${fix}`);
  }
  if (options.dropColumns === true) {
    for (const c of table.columns) {
      if ((c.kind === 'regular' || c.kind === 'static') && !model.byColumnName.has(c.name)) {
        statements.push(`ALTER TABLE ${model.qualifiedTable} DROP ${cqlIdentifier(c.name)}`);
      }
    }
  }
  const liveIndexes = new Set(table.indexes.map((i) => i.name));
  const creates = createIndexCql(model);
  let n = 0;
  for (const column of model.columns) {
    for (const index of column.indexes) {
      const statement = creates[n++] as string;
      if (!liveIndexes.has(indexName(model, column, index))) statements.push(statement);
    }
  }
}
