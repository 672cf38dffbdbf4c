/**
 * The one place the driver compiles functions from source text (`new Function`): today the
 * specialised row walkers of `row-materializer.ts`.
 *
 * Code generation from strings can be disallowed — `node --disallow-code-generation-from-strings`,
 * some hardened or sandboxed runtimes. Then {@link compileFunction} returns `undefined` (and stops
 * trying), and each caller runs its generic loop instead: the same results, a little slower.
 *
 * Never holds what is generated: callers build the source from numbers and JSON-quoted names only.
 *
 * @packageDocumentation
 */

/** Set once `new Function` threw an `EvalError`: generation is disallowed for the process. */
let generationDisallowed = false;

/**
 * `new Function(...parameters, body)` in strict mode, or `undefined` where code generation from
 * strings is disallowed.
 *
 * @internal
 * @example
 * ```ts
 * const add = compileFunction<(a: number, b: number) => number>(['a', 'b'], 'return a + b;');
 * const sum = add ? add(1, 2) : 1 + 2; // the caller's generic path when undefined
 * ```
 */
export function compileFunction<F>(parameters: readonly string[], body: string): F | undefined {
  if (generationDisallowed) return undefined;
  try {
    return new Function(...parameters, `"use strict";\n${body}`) as F;
  } catch (e) {
    if (e instanceof EvalError) {
      generationDisallowed = true;
      return undefined;
    }
    throw e;
  }
}
