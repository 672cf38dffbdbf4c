/**
 * The same entity, compiled the four ways users compile decorators: TypeScript's legacy
 * decorators with `emitDecoratorMetadata` (design types known), esbuild/tsx with legacy
 * decorators (no design types), esbuild with standard decorators and TypeScript's standard
 * (TC39) decorators (no design types either). Values read back take the shape the property
 * declares in every mode: from the design type, from `@Column({ as })`, from the initial value,
 * else from a natural default announced by one warning.
 */
import { Long } from '@cqlkit/driver';
import * as mapperModule from '@cqlkit/mapper';
import { transformSync } from 'esbuild';
import ts from 'typescript';
import { EntityConverter } from '../src/conversion/entity-converter';
import { ModelRegistry } from '../src/metadata/model-registry';
import { snakeCaseNaming } from '../src/metadata/naming-strategy';

const SOURCE = `
  import { Column, Entity, Field, PartitionKey, Udt } from '@cqlkit/mapper';

  @Udt({ name: 'line' })
  export class Line {
    @Field({ type: 'bigint' }) quantity!: number;
    @Field({ type: 'set<text>' }) notes!: Set<string>;
  }

  @Entity({ table: 'orders' })
  export class Order {
    @PartitionKey() @Column({ type: 'int' }) id!: number;
    @Column({ type: 'bigint' }) big!: number;
    @Column({ type: 'bigint', as: BigInt }) huge!: bigint;
    @Column({ type: 'bigint', as: Long }) legacy!: Long;
    @Column({ type: 'set<text>' }) tags!: Set<string>;
    @Column({ type: 'set<text>', as: Array }) labels!: string[];
    @Column({ type: 'bigint' }) views = 0;
    @Column({ type: 'varint' }) serial!: bigint;
    @Column({ type: 'timestamp' }) orderedAt!: Date;
    @Column({ type: Line }) line!: Line;
  }
`;

type Compiled = { Order: new () => object; Line: new () => object };

/** Runs CommonJS output with `@cqlkit/mapper` and `@cqlkit/driver` resolved to the test's modules. */
function load(code: string): Compiled {
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string): unknown => {
    if (name === '@cqlkit/mapper') return mapperModule;
    throw new Error(`unexpected import ${name}`);
  };
  // `Long` is used as a value in `as: Long`: give the compiled module the driver's.
  new Function('exports', 'require', 'module', 'Long', code)(module.exports, require, module, Long);
  return module.exports as Compiled;
}

function typescript(experimentalDecorators: boolean): Compiled {
  const { outputText } = ts.transpileModule(SOURCE, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      experimentalDecorators,
      emitDecoratorMetadata: experimentalDecorators,
      useDefineForClassFields: true,
    },
  });
  return load(outputText);
}

function esbuild(experimentalDecorators: boolean): Compiled {
  const { code } = transformSync(SOURCE, {
    loader: 'ts',
    format: 'cjs',
    target: 'es2022',
    tsconfigRaw: { compilerOptions: { experimentalDecorators } },
  });
  return load(code);
}

const MODES: [string, () => Compiled, boolean][] = [
  ['tsc, legacy decorators + emitDecoratorMetadata', () => typescript(true), true],
  ['tsx/esbuild, legacy decorators (no design types)', () => esbuild(true), false],
  ['esbuild, standard decorators', () => esbuild(false), false],
  ['tsc, standard (TC39) decorators', () => typescript(false), false],
];

describe.each(MODES)('%s', (_mode, compile, hasDesignTypes) => {
  const { Order } = compile();
  const warnings: string[] = [];
  const registry = new ModelRegistry(
    snakeCaseNaming,
    () => 'ks',
    (m) => warnings.push(m),
  );
  const model = registry.entity(Order);
  const converter = new EntityConverter(model, registry);

  it('reads values back in the shapes the properties declare', () => {
    // What the driver decodes with its defaults: Long for bigint, arrays for sets.
    const order = converter.fromRow([
      1,
      Long.fromInt(420),
      Long.fromString('9007199254740993'),
      Long.fromInt(8),
      ['b', 'a'],
      ['x'],
      Long.fromInt(7),
      5n,
      new Date(0),
      { quantity: Long.fromInt(3), notes: ['n'] },
    ]) as Record<string, unknown>;
    expect((order.big as number) + 1).toBe(421); // "421" when it came back as a Long
    expect(order.huge).toBe(9007199254740993n);
    expect(Long.isLong(order.legacy)).toBe(true);
    expect(order.tags).toEqual(new Set(['b', 'a']));
    expect(order.labels).toEqual(['x']);
    expect(order.views).toBe(7);
    expect(order.serial).toBe(5n);
    expect(order.orderedAt).toEqual(new Date(0));
    const line = order.line as Record<string, unknown>;
    expect(line.quantity).toBe(3);
    expect(line.notes).toEqual(new Set(['n']));
  });

  it(
    hasDesignTypes
      ? 'warns about nothing: the design types give every shape'
      : 'warns once for each property whose shape had to be guessed',
    () => {
      const guessed = warnings.map((w) => /^(\w+\.\w+):/.exec(w)?.[1]).sort();
      expect(guessed).toEqual(
        hasDesignTypes ? [] : ['Line.notes', 'Line.quantity', 'Order.big', 'Order.serial', 'Order.tags'],
      );
      if (!hasDesignTypes) {
        expect(warnings.find((w) => w.startsWith('Order.big:'))).toMatch(
          /read back as numbers; state the shape with @Column\({ as: Number }\)/,
        );
      }
    },
  );
});
