/**
 * Property access compiled once per entity: reading the column properties of an entity, filling a
 * new entity from a row; the same results where code generation from strings is disallowed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compilePropertyReader, compileRowReader } from '../src/conversion/compiled-access';

class Person {
  id: unknown = 'initial';
  name?: unknown;
  'odd "name"\\\u2028': unknown;
  extra = 'kept';
}

const ODD = 'odd "name"\\\u2028';
const PROPERTIES = ['id', 'name', ODD];

function fail(error: unknown, index: number): never {
  throw new Error(`property ${index}: ${(error as Error).message}`);
}

describe('compiled property access', () => {
  it('reads the given properties in order into a new array, absent ones as undefined', () => {
    const read = compilePropertyReader(PROPERTIES);
    const entity = { id: 1, [ODD]: 3, other: 4 };
    const first = read(entity);
    expect(first).toEqual([1, undefined, 3]);
    expect(read(entity)).not.toBe(first);
    expect(compilePropertyReader([])({})).toEqual([]);
  });

  it('fills a new instance from a row in order: null and undefined become undefined, readers convert', () => {
    const fromRow = compileRowReader(
      Person,
      PROPERTIES,
      [undefined, (v) => `<${String(v)}>`, undefined],
      fail,
    );
    const person = fromRow(['a', 'b', null]);
    expect(person).toBeInstanceOf(Person);
    expect({ ...person }).toEqual({ id: 'a', name: '<b>', [ODD]: undefined, extra: 'kept' });
    expect(fromRow([null, undefined, 0])).toMatchObject({ id: undefined, name: undefined, [ODD]: 0 });
    expect(fromRow(['x', 'y', 'z'])).not.toBe(person);
  });

  it("reports a reader's error through fail with the property's index", () => {
    const boom = (): never => {
      throw new Error('bad value');
    };
    const fromRow = compileRowReader(Person, PROPERTIES, [undefined, undefined, boom], fail);
    expect(() => fromRow(['a', 'b', 'c'])).toThrow('property 2: bad value');
    // A null value never reaches the reader.
    expect(fromRow(['a', 'b', null])[ODD as keyof Person]).toBeUndefined();
  });

  it('gives the same results as loops where code generation from strings is disallowed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cqlkit-compiled-access-'));
    try {
      const script = join(dir, 'no-codegen.ts');
      const module = resolve(__dirname, '../src/conversion/compiled-access');
      writeFileSync(
        script,
        `import { compilePropertyReader, compileRowReader } from ${JSON.stringify(module)};
class Person { id: unknown = 'initial'; name?: unknown; extra = 'kept'; }
let generated = true;
try { new Function('return 1'); } catch { generated = false; }
const read = compilePropertyReader(['id', 'name']);
const fromRow = compileRowReader(Person, ['id', 'name'], [undefined, (v) => { if (v === 'bad') throw new Error('no'); return String(v).toUpperCase(); }], (e, i) => { throw new Error(i + ':' + (e as Error).message); });
let failure = '';
try { fromRow(['a', 'bad']); } catch (e) { failure = (e as Error).message; }
const p = fromRow([null, 'b']);
process.stdout.write(JSON.stringify({ generated, values: read({ id: 1, name: 'n' }), person: { ...p }, isPerson: p instanceof Person, failure }));
`,
      );
      const out = execFileSync(
        process.execPath,
        ['--disallow-code-generation-from-strings', '--import', 'tsx', script],
        { cwd: resolve(__dirname, '../../..'), encoding: 'utf8' },
      );
      expect(JSON.parse(out)).toEqual({
        generated: false,
        values: [1, 'n'],
        person: { id: undefined, name: 'B', extra: 'kept' },
        isPerson: true,
        failure: '1:no',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000); // a child node process compiling TypeScript: seconds on a busy machine
});
