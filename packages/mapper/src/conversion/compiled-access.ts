/**
 * Property access of one entity compiled once from its model: reading the mapped properties of
 * an entity into an array (the bind values of an INSERT), and filling a new entity from a row.
 * Never holds value conversion (the readers come from value-adapters) nor statement building.
 *
 * Why generated code: a loop reading `entity[name]` for each column makes one property access
 * site see every property name, and V8 then looks each one up in its megamorphic cache (about
 * 250 ns for 7 properties, measured); `entity["name"]` written out per property is a plain,
 * monomorphic access (about 30 ns for the 7). The generated source only contains the property
 * names as JSON string literals and array indexes: no user value is ever compiled. Where code
 * generation from strings is disallowed (`--disallow-code-generation-from-strings`, some
 * sandboxes), the same functions are built as loops.
 *
 * @packageDocumentation
 */
import type { ValueReader } from './value-adapters';

/** The values of the given properties of an object, in order (a new array). @internal */
export type PropertyReader = (entity: Readonly<Record<string, unknown>>) => unknown[];

/**
 * Fills a new entity from a row: property `i` gets `row[i]` (`null` and `undefined` become
 * `undefined`), through `readers[i]` when there is one. @internal
 */
export type RowReader<T> = (row: readonly unknown[]) => T;

/** Reports a reader's failure for property `index` (throws). @internal */
export type ReadFailure = (error: unknown, index: number) => never;

/**
 * A function returning `[entity[p0], entity[p1], …]` for `properties`.
 *
 * @example
 * ```ts
 * const read = compilePropertyReader(['id', 'name']);
 * read({ id: 1, name: 'Ann' }); // [1, 'Ann']
 * ```
 * @internal
 */
export function compilePropertyReader(properties: readonly string[]): PropertyReader {
  const body = `return [${properties.map((p) => `entity[${JSON.stringify(p)}]`).join(', ')}];`;
  const compiled = compile<PropertyReader>(['entity'], body);
  if (compiled !== undefined) return compiled;
  return (entity) => {
    const values = new Array<unknown>(properties.length);
    for (let i = 0; i < properties.length; i++) values[i] = entity[properties[i] as string];
    return values;
  };
}

/**
 * A function making `new Ctor()` and setting `properties[i]` from `row[i]` (`null`/`undefined` →
 * `undefined`; through `readers[i]` if defined, whose errors go to `fail(error, i)`), in order.
 *
 * @example
 * ```ts
 * const fromRow = compileRowReader(User, ['id', 'age'], [undefined, Number], failWithContext);
 * fromRow([id, '42']); // a User with id and age 42
 * ```
 * @internal
 */
export function compileRowReader<T extends object>(
  Ctor: new () => T,
  properties: readonly string[],
  readers: readonly (ValueReader | undefined)[],
  fail: ReadFailure,
): RowReader<T> {
  const lines = ['const e = new Ctor();', 'let v;'];
  properties.forEach((p, i) => {
    const target = `e[${JSON.stringify(p)}]`;
    lines.push(`v = row[${i}];`);
    if (readers[i] === undefined) {
      lines.push(`${target} = v == null ? undefined : v;`);
    } else {
      lines.push(`if (v == null) ${target} = undefined;`);
      lines.push(`else try { ${target} = readers[${i}](v); } catch (error) { fail(error, ${i}); }`);
    }
  });
  lines.push('return e;');
  const factory = compile<(Ctor: new () => T, readers: unknown, fail: ReadFailure) => RowReader<T>>(
    ['Ctor', 'readers', 'fail'],
    `return function fromRow(row) {\n${lines.join('\n')}\n};`,
  );
  if (factory !== undefined) return factory(Ctor, readers, fail);
  return (row) => {
    const entity = new Ctor() as Record<string, unknown>;
    for (let i = 0; i < properties.length; i++) {
      const value = row[i];
      const prop = properties[i] as string;
      if (value === null || value === undefined) {
        entity[prop] = undefined;
        continue;
      }
      const read = readers[i];
      if (read === undefined) {
        entity[prop] = value;
        continue;
      }
      try {
        entity[prop] = read(value);
      } catch (e) {
        fail(e, i);
      }
    }
    return entity as T;
  };
}

/** `new Function(...parameters, body)`, or `undefined` where code generation is disallowed. */
function compile<F>(parameters: readonly string[], body: string): F | undefined {
  if (generationDisallowed) return undefined;
  try {
    // See the header: the source holds property names only, as JSON string literals.
    return new Function(...parameters, `'use strict';\n${body}`) as F;
  } catch (e) {
    if (e instanceof EvalError) {
      generationDisallowed = true;
      return undefined;
    }
    throw e;
  }
}

let generationDisallowed = false;
