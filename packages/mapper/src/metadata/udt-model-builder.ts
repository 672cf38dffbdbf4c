/**
 * Builds the {@link UdtModel} of a `@Udt` class in one keyspace.
 *
 * @packageDocumentation
 */
import { cqlIdentifier, qualifiedName, type DataType } from '@cqlkit/driver';
import { EntityDefinitionError } from '../errors';
import {
  decorationErrorsOf,
  propertyDeclarationsOf,
  udtDeclarationOf,
  type PropertyDeclaration,
} from '../decorators/declaration-store';
import type { FieldModel, UdtModel } from './entity-model';
import type { NamingStrategy } from './naming-strategy';
import { declaredShape, finalShape, sampleInstance } from './property-shape';
import { resolveDeclaredType, type TypeContext } from './type-resolution';
import { checkConverter, unmappedPropertyProblems } from './declaration-checks';

/** What the UDT builder needs to resolve nested types. @internal */
export interface UdtBuildContext {
  readonly naming: NamingStrategy;
  /** Nested type lookups in `keyspace`, collecting problems. */
  readonly typeContext: (where: string, keyspace: string, problems: string[]) => TypeContext;
  /** The models of the UDTs a type uses (after it resolved). */
  readonly udtModelsIn: (type: DataType) => UdtModel[];
  /** Where warnings go (a property shape that had to be guessed). */
  readonly warn: (message: string) => void;
}

/** The CQL name of a `@Udt` class. @internal */
export function udtNameOf(ctor: abstract new () => object, naming: NamingStrategy): string {
  return udtDeclarationOf(ctor)?.name ?? naming.typeName(ctor.name);
}

/**
 * Builds the model of `ctor` in `keyspace`.
 *
 * @throws EntityDefinitionError listing every problem of the class.
 * @internal
 */
export function buildUdtModel(
  ctor: abstract new () => object,
  keyspace: string,
  context: UdtBuildContext,
): UdtModel {
  const className = ctor.name;
  const declaration = udtDeclarationOf(ctor);
  if (declaration === undefined) {
    throw new EntityDefinitionError(className, ['the class is not decorated with @Udt']);
  }
  const problems = [...decorationErrorsOf(ctor)];
  const name = udtNameOf(ctor, context.naming);
  const fields: FieldModel[] = [];
  const seen = new Map<string, string>();
  const sample = sampleInstance(ctor);
  for (const d of propertyDeclarationsOf(ctor)) {
    const where = `${className}.${d.property}`;
    if (d.isTransient) continue;
    const misplaced = d.decorators.filter((x) => x !== '@Field');
    if (misplaced.length > 0) {
      problems.push(
        `${where}: ${misplaced.join(', ')} cannot be used in a @Udt class (only @Field and @Transient)`,
      );
      continue;
    }
    const field = buildField(d, where, keyspace, context, problems, sample);
    if (field === undefined) continue;
    const clash = seen.get(field.name);
    if (clash !== undefined) {
      problems.push(`${where}: field name '${field.name}' is also used by ${className}.${clash}`);
      continue;
    }
    seen.set(field.name, d.property);
    fields.push(field);
  }
  if (fields.length === 0 && problems.length === 0) {
    problems.push('a @Udt class needs at least one @Field property');
  }
  problems.push(...unmappedPropertyProblems(ctor, propertyDeclarationsOf(ctor), '@Field'));
  if (problems.length > 0) throw new EntityDefinitionError(className, problems);

  const dependencies: UdtModel[] = [];
  for (const f of fields) {
    for (const dep of context.udtModelsIn(f.type)) if (!dependencies.includes(dep)) dependencies.push(dep);
  }
  return {
    ctor,
    className,
    keyspace,
    name,
    qualifiedName: qualifiedName(keyspace, name),
    fields,
    dataType: { kind: 'udt', keyspace, name, fields: fields.map((f) => ({ name: f.name, type: f.type })) },
    dependencies,
  };
}

function buildField(
  d: PropertyDeclaration,
  where: string,
  keyspace: string,
  context: UdtBuildContext,
  problems: string[],
  sample: object | undefined,
): FieldModel | undefined {
  const name = d.column?.name ?? context.naming.fieldName(d.property);
  if (typeof name !== 'string' || name === '') {
    problems.push(`${where}: @Field({ name }) must be a non-empty string`);
    return undefined;
  }
  const converter = checkConverter(d, where, problems);
  const declared = declaredShape(d, sample);
  const type = resolveDeclaredType(
    { ...d, designType: declared.shape },
    context.typeContext(where, keyspace, problems),
  );
  if (type === undefined) return undefined;
  const designType = finalShape(declared, type, converter !== undefined, where, context.warn);
  return { property: d.property, name, cql: cqlIdentifier(name), type, designType, converter };
}
