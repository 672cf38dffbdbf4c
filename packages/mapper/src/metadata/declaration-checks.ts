/**
 * Checks shared by the entity and UDT model builders.
 *
 * @packageDocumentation
 */
import type { ColumnConverter } from '../conversion/column-converter';
import type { PropertyDeclaration } from '../decorators/declaration-store';

/** The custom converter of a declaration, after checking its shape. @internal */
export function checkConverter(
  d: PropertyDeclaration,
  where: string,
  problems: string[],
): ColumnConverter | undefined {
  const converter = d.column?.converter as ColumnConverter | undefined;
  if (converter === undefined) return undefined;
  if (
    typeof converter !== 'object' ||
    converter === null ||
    typeof converter.toDb !== 'function' ||
    typeof converter.fromDb !== 'function'
  ) {
    problems.push(`${where}: converter must be an object with toDb(value) and fromDb(value) functions`);
    return undefined;
  }
  return converter;
}

/**
 * Data properties of a fresh instance that no decorator maps or marks `@Transient`: they would be
 * dropped silently, so they are reported. A constructor that needs arguments is reported too.
 *
 * @internal
 */
export function unmappedPropertyProblems(
  ctor: abstract new () => object,
  declarations: readonly PropertyDeclaration[],
  mapDecorator: string,
): string[] {
  let instance: object;
  try {
    instance = new (ctor as new () => object)();
  } catch (e) {
    return [
      `the constructor must be callable without arguments (the mapper creates instances with new ${ctor.name}()), but it threw: ${(e as Error).message}`,
    ];
  }
  const declared = new Set(declarations.map((d) => d.property));
  const problems: string[] = [];
  for (const key of Object.keys(instance)) {
    if (declared.has(key)) continue;
    if (typeof (instance as Record<string, unknown>)[key] === 'function') continue;
    problems.push(
      `${ctor.name}.${key} is neither mapped nor transient: decorate it with ${mapDecorator}() or @Transient()`,
    );
  }
  return problems;
}
