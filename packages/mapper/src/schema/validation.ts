/**
 * Validation of entities (and the UDTs they use) against the live schema: every mismatch is
 * collected, none is fatal on its own.
 *
 * @packageDocumentation
 */
import type { SchemaMismatch } from '../errors';
import type { ColumnModel, EntityModel, UdtModel } from '../metadata/entity-model';
import type { LiveColumn, LiveSchemaSource, LiveTable } from './live-schema';
import { canonicalType, canonicalTypeText } from './type-comparison';

const LIVE_KIND: Readonly<Record<ColumnModel['role'], LiveColumn['kind']>> = {
  partition: 'partition_key',
  clustering: 'clustering',
  static: 'static',
  regular: 'regular',
};

/**
 * Every difference between the entity (with its UDTs) and the live schema: missing table,
 * missing columns, wrong types, wrong column kinds, wrong key order, wrong clustering order,
 * key columns the entity does not map, missing types and fields.
 *
 * @example
 * ```ts
 * const mismatches = await validateEntity(mapper.model(User), new ClusterMetadataSource(session.cluster));
 * ```
 */
export async function validateEntity(
  model: EntityModel,
  source: LiveSchemaSource,
): Promise<SchemaMismatch[]> {
  const [table, udtMismatches] = await Promise.all([
    source.table(model.keyspace, model.table),
    Promise.all(model.udts.map((u) => validateUdt(u, source))),
  ]);
  const out: SchemaMismatch[] = [];
  const target = `${model.keyspace}.${model.table}`;
  if (table === undefined) {
    out.push({
      kind: 'missing-table',
      className: model.className,
      target,
      message: `${model.className}: table ${target} does not exist`,
    });
  } else {
    out.push(...compareTable(model, table));
  }
  for (const list of udtMismatches) out.push(...list);
  return out;
}

function compareTable(model: EntityModel, table: LiveTable): SchemaMismatch[] {
  const out: SchemaMismatch[] = [];
  const target = `${model.keyspace}.${model.table}`;
  const live = new Map(table.columns.map((c) => [c.name, c]));
  const base = { className: model.className, target };
  for (const c of model.columns) {
    const where = `${model.className}.${c.property}`;
    const column = live.get(c.name);
    const expectedType = canonicalType(c.type);
    if (column === undefined) {
      out.push({
        ...base,
        kind: 'missing-column',
        column: c.name,
        expected: expectedType,
        message: `${where}: column ${target}.${c.name} (${expectedType}) does not exist`,
      });
      continue;
    }
    const actualType = canonicalTypeText(column.type, model.keyspace);
    if (actualType !== expectedType) {
      out.push({
        ...base,
        kind: 'wrong-type',
        column: c.name,
        expected: expectedType,
        actual: actualType,
        message: `${where}: column ${target}.${c.name} is ${actualType}, the entity declares ${expectedType}`,
      });
    }
    const expectedKind = LIVE_KIND[c.role];
    if (column.kind !== expectedKind) {
      out.push({
        ...base,
        kind: 'wrong-kind',
        column: c.name,
        expected: describeKind(expectedKind),
        actual: describeKind(column.kind),
        message: `${where}: column ${target}.${c.name} is ${describeKind(column.kind)}, the entity declares ${describeKind(expectedKind)}`,
      });
      continue;
    }
    if ((c.role === 'partition' || c.role === 'clustering') && column.position !== c.position) {
      out.push({
        ...base,
        kind: 'wrong-key-order',
        column: c.name,
        expected: String(c.position),
        actual: String(column.position),
        message: `${where}: column ${target}.${c.name} is at position ${column.position} of the ${describeKind(column.kind)}, the entity puts it at ${c.position}`,
      });
    }
    if (c.role === 'clustering') {
      const actual = column.clusteringOrder.toUpperCase();
      if (actual !== c.direction) {
        out.push({
          ...base,
          kind: 'wrong-clustering-order',
          column: c.name,
          expected: c.direction,
          actual,
          message: `${where}: clustering column ${target}.${c.name} is ordered ${actual}, the entity declares ${c.direction}`,
        });
      }
    }
  }
  for (const column of table.columns) {
    if (
      (column.kind === 'partition_key' || column.kind === 'clustering') &&
      !model.byColumnName.has(column.name)
    ) {
      out.push({
        ...base,
        kind: 'unmapped-key-column',
        column: column.name,
        actual: `${describeKind(column.kind)} ${column.type}`,
        message: `${model.className}: ${describeKind(column.kind)} column ${target}.${column.name} is not mapped, so rows cannot be addressed`,
      });
    }
  }
  return out;
}

/**
 * Every difference between a UDT model and the live type: missing type, missing fields, wrong
 * field types (extra live fields are fine).
 *
 * @example
 * ```ts
 * const mismatches = await validateUdt(mapper.udtModel(Address), new ClusterMetadataSource(session.cluster));
 * ```
 */
export async function validateUdt(udt: UdtModel, source: LiveSchemaSource): Promise<SchemaMismatch[]> {
  const live = await source.userType(udt.keyspace, udt.name);
  const target = `${udt.keyspace}.${udt.name}`;
  const base = { className: udt.className, target };
  if (live === undefined) {
    return [{ ...base, kind: 'missing-type', message: `${udt.className}: type ${target} does not exist` }];
  }
  const out: SchemaMismatch[] = [];
  const fields = new Map(live.fields.map((f) => [f.name, f.type]));
  for (const f of udt.fields) {
    const where = `${udt.className}.${f.property}`;
    const expected = canonicalType(f.type);
    const actualText = fields.get(f.name);
    if (actualText === undefined) {
      out.push({
        ...base,
        kind: 'missing-field',
        column: f.name,
        expected,
        message: `${where}: field ${target}.${f.name} (${expected}) does not exist`,
      });
      continue;
    }
    const actual = canonicalTypeText(actualText, udt.keyspace);
    if (actual !== expected) {
      out.push({
        ...base,
        kind: 'wrong-field-type',
        column: f.name,
        expected,
        actual,
        message: `${where}: field ${target}.${f.name} is ${actual}, the class declares ${expected}`,
      });
    }
  }
  return out;
}

function describeKind(kind: LiveColumn['kind']): string {
  switch (kind) {
    case 'partition_key':
      return 'partition key';
    case 'clustering':
      return 'clustering';
    case 'static':
      return 'static';
    default:
      return 'regular';
  }
}
