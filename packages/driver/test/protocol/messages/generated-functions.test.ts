/**
 * Code the driver generates (the row walkers) has a generic path with the same
 * results where code generation from strings is disallowed
 * (`node --disallow-code-generation-from-strings`): checked in a child process with that flag.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileFunction } from '../../../src/protocol/messages/generated-functions';

/** Runs `source` (TypeScript, imports as absolute paths) in a child node without code generation. */
function runWithoutCodeGeneration(source: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'cqlkit-no-codegen-'));
  try {
    const script = join(dir, 'no-codegen.ts');
    writeFileSync(script, source);
    const out = execFileSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', 'tsx', script],
      { cwd: resolve(__dirname, '../../../../..'), encoding: 'utf8' },
    );
    return JSON.parse(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function src(path: string): string {
  return JSON.stringify(resolve(__dirname, '../../../src', path));
}

describe('compileFunction', () => {
  it('compiles a strict-mode function from parameters and a body', () => {
    const add = compileFunction<(a: number, b: number) => number>(['a', 'b'], 'return a + b;');
    expect(add?.(2, 3)).toBe(5);
    const thisOf = compileFunction<() => unknown>([], 'return this;');
    expect(thisOf?.()).toBeUndefined(); // strict mode: no global `this`
  });

  it('rethrows what is not a refusal to generate code (a syntax error in the body)', () => {
    expect(() => compileFunction([], 'return (;')).toThrow(SyntaxError);
  });

  it('decodes rows with the generic walkers where code generation is disallowed', () => {
    const result = runWithoutCodeGeneration(`
import { compileFunction } from ${src('protocol/messages/generated-functions')};
import { materializeRowObjects, materializeRowArrays, materializeRowChunk } from ${src('protocol/messages/row-materializer')};
let generated = true;
try { new Function('return 1'); } catch { generated = false; }
const cell = (v: number[] | null) => v === null ? [255, 255, 255, 255] : [0, 0, 0, v.length, ...v];
const body = Buffer.from([...cell([0, 0, 0, 7]), ...cell([104, 105]), ...cell([0, 0, 0, 8]), ...cell(null)]);
const columns = ['id', 'name'].map((name) => ({ keyspace: 'k', table: 't', name, type: { kind: 'blob' } }));
const decoders = [(b: Buffer, o: number) => b.readInt32BE(o), (b: Buffer, o: number, n: number) => b.toString('utf8', o, o + n)];
let truncated = '';
try { materializeRowObjects({ columns } as never, body.subarray(0, 12), 0, 1, decoders, 12); } catch (e) { truncated = (e as Error).message; }
process.stdout.write(JSON.stringify({
  compiled: compileFunction([], 'return 1;') !== undefined,
  generated,
  objects: materializeRowObjects({ columns } as never, body, 0, 2, decoders),
  arrays: materializeRowArrays({ columnCount: 2 }, body, 0, 2, decoders),
  chunk: materializeRowChunk('object', columns as never, body, 0, body.length, 0, 2, 2, decoders),
  truncated,
}));
`);
    expect(result).toEqual({
      compiled: false,
      generated: false,
      objects: [
        { id: 7, name: 'hi' },
        { id: 8, name: null },
      ],
      arrays: [
        [7, 'hi'],
        [8, null],
      ],
      chunk: [
        { id: 7, name: 'hi' },
        { id: 8, name: null },
      ],
      truncated: 'truncated rows content: cell 1 of row 0 runs past offset 12',
    });
  }, 60_000); // a child node process compiling TypeScript: seconds on a busy machine
});
