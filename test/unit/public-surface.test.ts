/**
 * The declaration files `@cqlkit/driver` ships are a deliberate public surface: they compile for a
 * consumer that checks libraries (`skipLibCheck: false`), leave out what is internal
 * (`stripInternal`), and every type a public declaration mentions is exported too. Those of the
 * mapper, the migrations and the OpenTelemetry instrumentation compile for that consumer too.
 * Needs `npm run build` first (`npm test` builds before Jest).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..');
const driverDist = join(root, 'packages', 'driver', 'dist');
const consumerFile = join(root, 'test', 'unit', '__public-surface-consumer__.ts');

/** Declarations that are internal to the driver and must not appear in what a consumer loads. */
const INTERNAL_NAMES = [
  'SessionInit',
  'SessionClusterLink',
  'readTypeOption',
  'writeTypeOption',
  'TypeId',
  'MARSHAL_PACKAGE',
  'parseClassName',
  'dataTypeToClassName',
  'fixedValueLength',
  'decideRetry',
];

const ENTRY_POINTS = ['@cqlkit/driver', '@cqlkit/driver/testing'];

/** The other packages whose declaration files a consumer compiles (their surface is smaller). */
const OTHER_PACKAGES = ['@cqlkit/mapper', '@cqlkit/migrations', '@cqlkit/opentelemetry'];

/** A program with one consumer file importing every entry point, resolved as an installed package. */
function consumerProgram(entryPoints: readonly string[] = ENTRY_POINTS): ts.Program {
  const source =
    entryPoints.map((e, i) => `import * as m${i} from '${e}';`).join('\n') +
    `\nexport const modules = [${entryPoints.map((_, i) => `m${i}`).join(', ')}];\n`;
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError) =>
    fileName === consumerFile
      ? ts.createSourceFile(fileName, source, language)
      : getSourceFile(fileName, language, onError);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === consumerFile || fileExists(fileName);
  return ts.createProgram([consumerFile], options, host);
}

/** The program's errors, each with the file it is in. */
function problemsOf(program: ts.Program): string[] {
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${relative(root, d.file.fileName)}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  let s = symbol;
  while (s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  return s;
}

describe('the public surface of @cqlkit/driver (generated .d.ts)', () => {
  let program: ts.Program;
  let checker: ts.TypeChecker;
  let driverFiles: readonly ts.SourceFile[];
  let exported: Map<ts.Symbol, string>;

  beforeAll(() => {
    if (!existsSync(join(driverDist, 'index.d.ts'))) {
      throw new Error(`${driverDist}/index.d.ts is missing: run "npm run build" before this test`);
    }
    program = consumerProgram();
    checker = program.getTypeChecker();
    driverFiles = program.getSourceFiles().filter((f) => f.fileName.startsWith(driverDist));
    exported = new Map();
    const consumer = program.getSourceFile(consumerFile)!;
    for (const statement of consumer.statements) {
      if (!ts.isImportDeclaration(statement)) continue;
      const module = checker.getSymbolAtLocation(statement.moduleSpecifier);
      if (module === undefined) throw new Error(`${statement.moduleSpecifier.getText()} did not resolve`);
      for (const s of checker.getExportsOfModule(module)) exported.set(resolveAlias(checker, s), s.name);
    }
  }, 120_000);

  it('compiles for a consumer with skipLibCheck: false', () => {
    expect(problemsOf(program)).toEqual([]);
    expect(driverFiles.length).toBeGreaterThan(10);
  });

  it('leaves the internal names out of every declaration file a consumer loads', () => {
    const found: string[] = [];
    for (const file of driverFiles) {
      for (const name of INTERNAL_NAMES) {
        if (new RegExp(`\\b${name}\\b`).test(file.text))
          found.push(`${relative(driverDist, file.fileName)}: ${name}`);
      }
    }
    expect(found).toEqual([]);
    expect([...exported.values()]).toEqual(expect.not.arrayContaining(INTERNAL_NAMES));
  });

  it('ships Session without its constructor input, open(), load() or create()', () => {
    const session = [...exported].find(([, name]) => name === 'Session')?.[0];
    const declaration = session?.declarations?.find(ts.isClassDeclaration);
    expect(declaration).toBeDefined();
    const members = declaration!.members.map((m) => (m.name ? m.name.getText() : ts.SyntaxKind[m.kind]));
    expect(members).toEqual(expect.not.arrayContaining(['open', 'load', 'create']));
    const constructors = declaration!.members.filter(ts.isConstructorDeclaration);
    expect(
      constructors.map((c) => [
        c.parameters.length,
        ts.getCombinedModifierFlags(c) & ts.ModifierFlags.Private,
      ]),
    ).toEqual([[0, ts.ModifierFlags.Private]]);
  });

  it('exposes codecs through type, cqlType, encode and decode only', () => {
    const codec = [...exported].find(([, name]) => name === 'Codec')?.[0];
    const declaration = codec?.declarations?.find(ts.isInterfaceDeclaration);
    expect(declaration?.members.map((m) => m.name?.getText()).sort()).toEqual([
      'cqlType',
      'decode',
      'encode',
      'type',
    ]);
  });

  it('exports every driver type that a public declaration mentions', () => {
    const forgotten = new Map<string, string>();
    const visited = new Set<ts.Symbol>();
    const visit = (node: ts.Node, owner: string): void => {
      const name = ts.isTypeReferenceNode(node)
        ? node.typeName
        : ts.isExpressionWithTypeArguments(node)
          ? node.expression
          : ts.isTypeQueryNode(node)
            ? node.exprName
            : undefined;
      const symbol = name && checker.getSymbolAtLocation(name);
      if (symbol && !(symbol.flags & ts.SymbolFlags.TypeParameter)) {
        const target = resolveAlias(checker, symbol);
        const file = target.declarations?.[0]?.getSourceFile().fileName ?? '';
        if (file.startsWith(driverDist) && !exported.has(target) && !visited.has(target)) {
          visited.add(target);
          forgotten.set(`${target.name} (${relative(driverDist, file)})`, owner);
          for (const d of target.declarations ?? []) walk(d, target.name);
        }
      }
      ts.forEachChild(node, (child) => visit(child, owner));
    };
    const walk = (declaration: ts.Declaration, owner: string): void => {
      if (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)) {
        for (const clause of declaration.heritageClauses ?? []) visit(clause, owner);
        for (const member of declaration.members) {
          if (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Private) continue;
          visit(member, `${owner}.${member.name?.getText() ?? 'constructor'}`);
        }
      } else {
        visit(declaration, owner);
      }
    };
    for (const [symbol, name] of exported) {
      for (const d of symbol.declarations ?? [])
        if (d.getSourceFile().fileName.startsWith(driverDist)) walk(d, name);
    }
    expect(Object.fromEntries(forgotten)).toEqual({});
  });
});

describe('the declaration files of the other packages', () => {
  it.each(OTHER_PACKAGES)('%s compiles for a consumer with skipLibCheck: false', (entry) => {
    const dist = join(root, 'packages', entry.slice('@cqlkit/'.length), 'dist');
    if (!existsSync(join(dist, 'index.d.ts'))) {
      throw new Error(`${dist}/index.d.ts is missing: run "npm run build" before this test`);
    }
    const program = consumerProgram([entry]);
    expect(problemsOf(program)).toEqual([]);
    expect(program.getSourceFiles().some((f) => f.fileName.startsWith(dist))).toBe(true);
  });
});
