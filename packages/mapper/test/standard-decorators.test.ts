/**
 * The decorators also work as standard (TC39) decorators — TypeScript without
 * experimentalDecorators, esbuild/tsx — where no design type exists, so column types are given.
 * The class below is compiled here with TypeScript's standard-decorator emit.
 */
import * as mapperModule from '@cqlkit/mapper';
import ts from 'typescript';
import { ModelRegistry } from '../src/metadata/model-registry';
import { snakeCaseNaming } from '../src/metadata/naming-strategy';

function compileStandard(source: string): Record<string, unknown> {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      experimentalDecorators: false,
    },
  });
  const exports: Record<string, unknown> = {};
  const require = (name: string): unknown => {
    if (name === '@cqlkit/mapper') return mapperModule;
    throw new Error(`unexpected import ${name}`);
  };
  new Function('exports', 'require', outputText)(exports, require);
  return exports;
}

const registry = new ModelRegistry(snakeCaseNaming, () => 'ks');

describe('standard (TC39) decorators', () => {
  it('map a class when every column names its type', () => {
    const { Event } = compileStandard(`
      import { Entity, PartitionKey, ClusteringKey, Column, Static, Transient } from '@cqlkit/mapper';
      @Entity({ table: 'events' })
      export class Event {
        @PartitionKey @Column({ type: 'text' }) stream!: string;
        @ClusteringKey(0, 'DESC') @Column({ type: 'timeuuid' }) id!: unknown;
        @Static @Column({ type: 'int' }) total?: number;
        @Column({ type: 'list<text>' }) lines?: string[];
        @Transient note?: string;
      }
    `) as { Event: new () => object };
    const model = registry.entity(Event);
    expect(model.qualifiedTable).toBe('ks.events');
    expect(model.columns.map((c) => [c.name, c.role, c.type.kind])).toEqual([
      ['stream', 'partition', 'text'],
      ['id', 'clustering', 'timeuuid'],
      ['total', 'static', 'int'],
      ['lines', 'regular', 'list'],
    ]);
    expect(model.clusteringKey[0]?.direction).toBe('DESC');
  });

  it('ask for the CQL type when none is given (no design type exists)', () => {
    const { Untyped } = compileStandard(`
      import { Entity, PartitionKey } from '@cqlkit/mapper';
      @Entity()
      export class Untyped { @PartitionKey id!: string; }
    `) as { Untyped: new () => object };
    expect(() => registry.entity(Untyped)).toThrow(
      'Untyped.id: no TypeScript design type is known (standard decorators, esbuild/tsx, or no emitDecoratorMetadata); give the CQL type with @Column({ type: … })',
    );
  });

  it('report decorators on methods and static fields', () => {
    const { Misused } = compileStandard(`
      import { Entity, PartitionKey, Column } from '@cqlkit/mapper';
      @Entity()
      export class Misused {
        @PartitionKey @Column({ type: 'text' }) id!: string;
        @Column({ type: 'text' }) static shared?: string;
        @(Column({ type: 'text' }) as any) method(): void {}
      }
    `) as { Misused: new () => object };
    let problems: readonly string[] = [];
    try {
      registry.entity(Misused);
    } catch (e) {
      problems = (e as mapperModule.EntityDefinitionError).problems;
    }
    expect([...problems].sort()).toEqual([
      '@Column cannot decorate the static field shared',
      '@Column decorates fields, not the method method',
    ]);
  });
});
