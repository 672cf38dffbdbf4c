/**
 * Builds the {@link EntityModel} of an `@Entity` class from its decorators, reporting every
 * problem of the class in one {@link EntityDefinitionError}.
 *
 * @packageDocumentation
 */
import { cqlIdentifier, qualifiedName, type DataType } from '@cqlkit/driver';
import {
  decorationErrorsOf,
  entityDeclarationOf,
  propertyDeclarationsOf,
  type PropertyDeclaration,
} from '../decorators/declaration-store';
import type { EntityClass } from '../entity-types';
import { EntityDefinitionError } from '../errors';
import { checkConverter, unmappedPropertyProblems } from './declaration-checks';
import type { ColumnModel, ColumnRole, ComputedModel, EntityModel, UdtModel } from './entity-model';
import type { NamingStrategy } from './naming-strategy';
import { declaredShape, finalShape, sampleInstance } from './property-shape';
import { resolveDeclaredType, type TypeContext } from './type-resolution';

/** What the entity builder needs from the model registry. @internal */
export interface EntityBuildContext {
  readonly naming: NamingStrategy;
  /** The keyspace of entities whose `@Entity` names none. */
  readonly defaultKeyspace: string | undefined;
  readonly typeContext: (where: string, keyspace: string, problems: string[]) => TypeContext;
  readonly udtModelsIn: (type: DataType) => UdtModel[];
  /** Where warnings go (a property shape that had to be guessed). */
  readonly warn: (message: string) => void;
}

const COMPUTED = /^\s*(writetime|ttl)\s*\(\s*("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/i;

/**
 * Builds the model of `ctor`.
 *
 * @throws EntityDefinitionError listing every problem of the class.
 * @internal
 */
export function buildEntityModel<T extends object>(
  ctor: EntityClass<T>,
  context: EntityBuildContext,
): EntityModel<T> {
  const className = ctor.name;
  const declaration = entityDeclarationOf(ctor);
  if (declaration === undefined) {
    throw new EntityDefinitionError(className, ['the class is not decorated with @Entity']);
  }
  const problems = [...decorationErrorsOf(ctor)];
  const keyspace = declaration.keyspace ?? context.defaultKeyspace;
  if (keyspace === undefined) {
    problems.push(
      'no keyspace: give @Entity({ keyspace }), new Mapper(session, { keyspace }) or connect the session to a keyspace',
    );
  }
  const table = declaration.table ?? context.naming.tableName(className);
  const declarations = propertyDeclarationsOf(ctor);
  const sample = sampleInstance(ctor);
  const drafts: ColumnDraft[] = [];
  const computedDecls: PropertyDeclaration[] = [];
  for (const d of declarations) {
    const where = `${className}.${d.property}`;
    if (d.isTransient) {
      const others = d.decorators.filter((x) => x !== '@Transient');
      if (others.length > 0)
        problems.push(`${where}: @Transient cannot be combined with ${others.join(', ')}`);
      continue;
    }
    if (d.decorators.includes('@Field')) {
      problems.push(`${where}: @Field belongs in @Udt classes; use @Column in entities`);
      continue;
    }
    if (d.computed !== undefined) {
      const others = d.decorators.filter((x) => x !== '@Computed');
      if (others.length > 0)
        problems.push(`${where}: @Computed cannot be combined with ${others.join(', ')}`);
      else computedDecls.push(d);
      continue;
    }
    const draft = draftColumn(d, where, keyspace ?? '', context, problems, sample);
    if (draft !== undefined) drafts.push(draft);
  }

  const partitionKey = orderKeys(drafts, 'partition', className, problems);
  const clusteringKey = orderKeys(drafts, 'clustering', className, problems);
  if (!declarations.some((d) => d.isPartitionKey && !d.isTransient)) {
    problems.push('no partition key: mark at least one property with @PartitionKey()');
  }
  const nonKey = drafts.filter((c) => c.role === 'static' || c.role === 'regular');
  const columns: ColumnModel[] = [...partitionKey, ...clusteringKey, ...nonKey.map((c) => finish(c))];
  checkNames(columns, className, problems);
  const counters = columns.filter((c) => c.isCounter);
  if (counters.length > 0) {
    const plain = columns.filter((c) => !c.isCounter && c.role !== 'partition' && c.role !== 'clustering');
    if (plain.length > 0) {
      problems.push(
        `a table with counters can only hold keys and counters, but ${plain.map((c) => `${className}.${c.property}`).join(', ')} ${plain.length === 1 ? 'is' : 'are'} not @Counter`,
      );
    }
  }
  const versions = columns.filter((c) => c.isVersion);
  if (versions.length > 1) {
    problems.push(`only one @Version property is allowed, got ${versions.map((c) => c.property).join(', ')}`);
  }
  const byProperty = new Map(columns.map((c) => [c.property, c]));
  const byColumnName = new Map(columns.map((c) => [c.name, c]));
  const computed = computedDecls
    .map((d) => buildComputed(d, className, byProperty, byColumnName, problems, context.warn, sample))
    .filter((c): c is ComputedModel => c !== undefined);
  problems.push(...unmappedPropertyProblems(ctor, declarations, '@Column'));
  if (problems.length > 0) throw new EntityDefinitionError(className, problems);

  const udts: UdtModel[] = [];
  for (const c of columns) {
    for (const u of context.udtModelsIn(c.type)) if (!udts.includes(u)) udts.push(u);
  }
  const ks = keyspace as string;
  return {
    ctor,
    className,
    keyspace: ks,
    table,
    qualifiedTable: qualifiedName(ks, table),
    columns,
    partitionKey: columns.filter((c) => c.role === 'partition'),
    clusteringKey: columns.filter((c) => c.role === 'clustering'),
    primaryKey: columns.filter((c) => c.role === 'partition' || c.role === 'clustering'),
    nonKey: columns.filter((c) => c.role === 'static' || c.role === 'regular'),
    computed,
    version: versions[0],
    isCounterTable: counters.length > 0,
    byProperty,
    byColumnName,
    udts,
  };
}

/** A column while the model is being built (positions not final). */
interface ColumnDraft extends Omit<ColumnModel, 'position'> {
  readonly declaredOrder: number | undefined;
}

function draftColumn(
  d: PropertyDeclaration,
  where: string,
  keyspace: string,
  context: EntityBuildContext,
  problems: string[],
  sample: object | undefined,
): ColumnDraft | undefined {
  const before = problems.length;
  const name = d.column?.name ?? context.naming.columnName(d.property);
  if (typeof name !== 'string' || name === '')
    problems.push(`${where}: @Column({ name }) must be a non-empty string`);
  const isKey = d.isPartitionKey === true || d.clustering !== undefined;
  if (d.isPartitionKey && d.clustering !== undefined) {
    problems.push(`${where}: a column cannot be both @PartitionKey and @ClusteringKey`);
  }
  if (isKey && (d.isStatic || d.isCounter || d.isVersion)) {
    const extra = [d.isStatic && '@Static', d.isCounter && '@Counter', d.isVersion && '@Version'].filter(
      Boolean,
    );
    problems.push(`${where}: a primary-key column cannot be ${extra.join(' or ')}`);
  }
  if (d.isCounter && d.isVersion) problems.push(`${where}: a @Version column cannot be a @Counter`);
  if (d.indexes !== undefined && d.isCounter) problems.push(`${where}: counter columns cannot be indexed`);
  const order = d.isPartitionKey ? d.partitionKeyOrder : d.clustering?.order;
  if (order !== undefined && (!Number.isInteger(order) || order < 0)) {
    problems.push(`${where}: key position must be a non-negative integer, got ${String(order)}`);
  }
  const direction = d.clustering?.direction ?? 'ASC';
  if (direction !== 'ASC' && direction !== 'DESC') {
    problems.push(`${where}: clustering direction must be 'ASC' or 'DESC', got ${String(direction)}`);
  }
  const converter = checkConverter(d, where, problems);
  const declared = declaredShape(d, sample);
  const type = resolveDeclaredType(
    { ...d, designType: declared.shape },
    context.typeContext(where, keyspace, problems),
  );
  if (type === undefined || problems.length > before) return undefined;
  const designType = finalShape(declared, type, converter !== undefined, where, context.warn);
  const role: ColumnRole = d.isPartitionKey
    ? 'partition'
    : d.clustering !== undefined
      ? 'clustering'
      : d.isStatic
        ? 'static'
        : 'regular';
  return {
    property: d.property,
    name,
    cql: cqlIdentifier(name),
    type,
    role,
    direction: direction as 'ASC' | 'DESC',
    isCounter: d.isCounter === true,
    isVersion: d.isVersion === true,
    designType,
    converter,
    indexes: d.indexes ?? [],
    declaredOrder: order,
  };
}

/** The partition-key or clustering columns in key order, checking their positions. */
function orderKeys(
  drafts: readonly ColumnDraft[],
  role: 'partition' | 'clustering',
  className: string,
  problems: string[],
): ColumnModel[] {
  const keys = drafts.filter((c) => c.role === role);
  const label = role === 'partition' ? '@PartitionKey' : '@ClusteringKey';
  if (keys.length > 1 && keys.some((k) => k.declaredOrder === undefined)) {
    problems.push(
      `${className} has ${keys.length} ${label} properties (${keys.map((k) => k.property).join(', ')}): give each its position, e.g. ${label}(0), ${label}(1)`,
    );
    return [];
  }
  const sorted = [...keys].sort((a, b) => (a.declaredOrder ?? 0) - (b.declaredOrder ?? 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.declaredOrder === sorted[i - 1]?.declaredOrder) {
      problems.push(
        `${className}.${sorted[i]?.property} and ${className}.${sorted[i - 1]?.property} have the same ${label} position ${String(sorted[i]?.declaredOrder)}`,
      );
    }
  }
  return sorted.map((k, i) => finish(k, i));
}

function finish(draft: ColumnDraft | ColumnModel, position = -1): ColumnModel {
  if (!('declaredOrder' in draft)) return draft;
  const { declaredOrder: _unused, ...rest } = draft;
  return { ...rest, position: draft.role === 'partition' || draft.role === 'clustering' ? position : -1 };
}

function checkNames(columns: readonly ColumnModel[], className: string, problems: string[]): void {
  const seen = new Map<string, string>();
  for (const c of columns) {
    const other = seen.get(c.name);
    if (other !== undefined) {
      problems.push(`${className}.${c.property} and ${className}.${other} both map to column '${c.name}'`);
    }
    seen.set(c.name, c.property);
  }
}

function buildComputed(
  d: PropertyDeclaration,
  className: string,
  byProperty: ReadonlyMap<string, ColumnModel>,
  byColumnName: ReadonlyMap<string, ColumnModel>,
  problems: string[],
  warn: (message: string) => void,
  sample: object | undefined,
): ComputedModel | undefined {
  const where = `${className}.${d.property}`;
  const match = typeof d.computed === 'string' ? COMPUTED.exec(d.computed) : null;
  if (match === null) {
    problems.push(
      `${where}: @Computed expects 'writetime(<property or column>)' or 'ttl(<property or column>)', got ${JSON.stringify(d.computed)}`,
    );
    return undefined;
  }
  const fn = (match[1] as string).toLowerCase() as 'writetime' | 'ttl';
  const arg = match[2] as string;
  const name = arg.startsWith('"') ? arg.slice(1, -1).replace(/""/g, '"') : arg;
  const column = byProperty.get(name) ?? byColumnName.get(arg.startsWith('"') ? name : name.toLowerCase());
  if (column === undefined) {
    problems.push(
      `${where}: @Computed('${d.computed as string}') names no mapped property or column '${name}'`,
    );
    return undefined;
  }
  if (column.role === 'partition' || column.role === 'clustering' || column.isCounter) {
    problems.push(
      `${where}: ${fn}() is not available for ${column.isCounter ? 'counter' : 'primary-key'} column '${column.name}'`,
    );
    return undefined;
  }
  const type: DataType = fn === 'writetime' ? { kind: 'bigint' } : { kind: 'int' };
  const designType = finalShape(declaredShape(d, sample), type, false, where, warn);
  return { property: d.property, fn, column, cql: `${fn}(${column.cql})`, designType };
}
