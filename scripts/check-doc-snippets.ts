/**
 * Type-checks the TypeScript samples of the documentation, so that they cannot rot.
 *
 * Every ```ts (or ```typescript) block of README.md, examples/README.md, packages/* /README.md and
 * docs/*.md becomes a module of its own in a temporary folder, compiled by tsc against the
 * packages' sources (the same path mapping as the root tsconfig). Each module gets:
 *
 * - imports of the cqlkit names it uses without importing or declaring them (a sample may
 *   write `Consistency.QUORUM` or `@Entity()` without its import lines);
 * - the ambient declarations of {@link AMBIENT_DECLARATIONS}: the `session`, `cluster`, `id`… that
 *   samples use as if the reader had them at hand. A sample's own declarations shadow them.
 *
 * A block that is deliberately not compilable (a fragment, pseudo-code) is marked ```ts nocheck.
 *
 * Usage: `npx tsx scripts/check-doc-snippets.ts [--keep]` (exit status 1 when a sample fails;
 * `--keep` leaves the generated folder for inspection). The unit test
 * test/unit/doc-snippets.test.ts runs the same check, so `npm test` does.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** One TypeScript block of a Markdown file. */
export interface Snippet {
  /** Path of the Markdown file, relative to the repository root. */
  readonly file: string;
  /** 1-based line, in the Markdown file, of the block's first line of code. */
  readonly line: number;
  readonly code: string;
}

/** A type error of a sample, located in its Markdown file. */
export interface SnippetProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Result of {@link checkDocSnippets}. */
export interface SnippetCheckResult {
  readonly files: readonly string[];
  readonly snippets: readonly Snippet[];
  /** Blocks marked `nocheck`, by file and line. */
  readonly skipped: readonly { readonly file: string; readonly line: number }[];
  readonly problems: readonly SnippetProblem[];
}

/** The modules samples may use without importing them, in the order names are looked up. */
export const SAMPLE_MODULES: Readonly<Record<string, string>> = {
  '@cqlkit/driver': 'packages/driver/src/index.ts',
  '@cqlkit/mapper': 'packages/mapper/src/index.ts',
  '@cqlkit/migrations': 'packages/migrations/src/index.ts',
  '@cqlkit/opentelemetry': 'packages/opentelemetry/src/index.ts',
  '@cqlkit/driver/testing': 'packages/driver/src/testing/index.ts',
  '@cqlkit/testing': 'packages/testing/src/index.ts',
};

/**
 * What samples may use without declaring it: the objects a reader has at hand in the situation a
 * page describes. Kept small and generic; a sample that needs more declares it itself.
 */
export const AMBIENT_DECLARATIONS = `import type * as driver from '@cqlkit/driver';
import type * as mapper from '@cqlkit/mapper';

declare global {
  // A connected cluster, a session and a mapper on it.
  const cluster: driver.Cluster;
  const session: driver.Session;
  const mapper: mapper.Mapper;

  // Keys and values (a TimeUuid is also a Uuid).
  const id: driver.TimeUuid;
  const id1: driver.Uuid;
  const id2: driver.Uuid;
  const day: driver.LocalDate;
  const sensor: string;
  const email: string;
  const code: string;
  const routingKey: Buffer;
  const values: driver.Params;
  const insert: driver.PreparedStatement;
  const testKeyspace: string;

  // Entity classes of the mapper guide, and repositories of them.
  class User {
    id: driver.Uuid;
    name?: string;
    email?: string;
  }
  class UserByEmail {
    email: string;
    userId?: driver.Uuid;
  }
  class Invitation {
    code: string;
  }
  class Order {
    id: driver.Uuid;
  }
  class Account {
    id: driver.Uuid;
    balance?: number;
  }
  class GeoPoint {
    latitude?: number;
    longitude?: number;
  }
  interface Settings {
    theme?: string;
  }
  const user: User;
  const users: mapper.Repository<User>;
  const accounts: mapper.Repository<Account>;

  // Callbacks of an application.
  function render(rows: readonly unknown[]): void;
  function handle(row: unknown): Promise<void>;
  function log(message: string): void;
}
`;

/**
 * Relative imports of samples are written from a test file in this folder (where integration tests
 * live): `import { driverOptions } from './engines/engine-checks'`.
 */
export const RELATIVE_IMPORT_BASE = 'test/integration';

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

/**
 * The TypeScript blocks of a Markdown text: fenced blocks whose language is `ts` or `typescript`
 * and whose info string does not contain `nocheck`.
 */
export function extractSnippets(markdown: string, file: string): { snippets: Snippet[]; skipped: number[] } {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  const skipped: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', language = '', info = ''] = open;
    let end = i + 1;
    while (end < lines.length && !isClosingFence(lines[end] ?? '', fence)) end++;
    const isTs = language === 'ts' || language === 'typescript';
    if (isTs && /\bnocheck\b/.test(info)) skipped.push(i + 2);
    else if (isTs) {
      const code = lines
        .slice(i + 1, end)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n');
      snippets.push({ file, line: i + 2, code });
    }
    i = end;
  }
  return { snippets, skipped };
}

function isClosingFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && trimmed === (fence[0] ?? '`').repeat(trimmed.length);
}

/** The Markdown files whose samples are checked, relative to `root`. */
export function documentationFiles(root: string): string[] {
  const files = ['README.md', 'examples/README.md'];
  for (const pkg of readdirSync(join(root, 'packages')).sort()) files.push(`packages/${pkg}/README.md`);
  for (const doc of readdirSync(join(root, 'docs')).sort()) {
    if (doc.endsWith('.md')) files.push(`docs/${doc}`);
  }
  return files.filter((f) => existsSync(join(root, f)));
}

/**
 * Compiler options of the check: the repository's (tsconfig.base.json) as ES modules resolved like
 * a bundler (so samples may use top-level await), path-mapped to the packages' sources.
 */
export function compilerOptions(root: string): ts.CompilerOptions {
  const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
  if (base.error) throw new Error(ts.flattenDiagnosticMessageText(base.error.messageText, '\n'));
  const json = {
    ...(base.config as { compilerOptions: Record<string, unknown> }).compilerOptions,
    module: 'esnext',
    moduleResolution: 'bundler',
    noEmit: true,
    composite: false,
    incremental: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    noUnusedLocals: false,
    noUnusedParameters: false,
    types: ['node', 'jest'],
    typeRoots: [join(root, 'node_modules', '@types')],
    baseUrl: root,
    paths: Object.fromEntries(Object.entries(SAMPLE_MODULES).map(([name, path]) => [name, [path]])),
  };
  const converted = ts.convertCompilerOptionsFromJson(json, root);
  if (converted.errors.length > 0) {
    throw new Error(
      converted.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('; '),
    );
  }
  return converted.options;
}

/** A sample's relative module specifiers, made absolute from {@link RELATIVE_IMPORT_BASE}. */
export function absoluteImports(code: string, root: string): string {
  return code.replace(
    /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g,
    (_match, keyword: string, quote: string, specifier: string) =>
      `${keyword}${quote}${join(root, RELATIVE_IMPORT_BASE, specifier)}${quote}`,
  );
}

/** The names each sample module exports, from the type checker. */
function exportedNames(program: ts.Program, root: string): Map<string, string> {
  const checker = program.getTypeChecker();
  const owner = new Map<string, string>();
  for (const [moduleName, path] of Object.entries(SAMPLE_MODULES)) {
    const source = program.getSourceFile(join(root, path));
    const symbol = source && checker.getSymbolAtLocation(source);
    if (!symbol) throw new Error(`check-doc-snippets: cannot read the exports of ${path}`);
    for (const exported of checker.getExportsOfModule(symbol)) {
      if (!owner.has(exported.name)) owner.set(exported.name, moduleName);
    }
  }
  return owner;
}

/** Names a sample imports or declares at its top level. */
function ownNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings))
        for (const el of bindings.elements) names.add(el.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) addBinding(d.name);
    } else if (
      (ts.isClassDeclaration(statement) ||
        ts.isFunctionDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** Every identifier of a sample. */
function usedNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** The import lines a sample needs: cqlkit names it uses but neither imports nor declares. */
export function missingImports(code: string, exported: ReadonlyMap<string, string>): string[] {
  const source = ts.createSourceFile('sample.ts', code, ts.ScriptTarget.ES2022, true);
  const own = ownNames(source);
  const byModule = new Map<string, string[]>();
  for (const name of [...usedNames(source)].sort()) {
    const moduleName = exported.get(name);
    if (moduleName === undefined || own.has(name)) continue;
    byModule.set(moduleName, [...(byModule.get(moduleName) ?? []), name]);
  }
  return [...byModule].map(([moduleName, names]) => `import { ${names.join(', ')} } from '${moduleName}';`);
}

function snippetFileName(snippet: Snippet): string {
  return `${snippet.file.replace(/[^A-Za-z0-9]+/g, '_')}__L${snippet.line}.ts`;
}

/**
 * Checks the given samples (default: every sample of {@link documentationFiles}). The generated
 * modules go to a fresh folder under `node_modules/.cache` (so that package imports resolve as in
 * the repository), removed afterwards unless `keep` is set.
 */
export function checkDocSnippets(
  root: string,
  options: { readonly snippets?: readonly Snippet[]; readonly keep?: boolean } = {},
): SnippetCheckResult & { readonly folder: string } {
  const files = documentationFiles(root);
  const skipped: { file: string; line: number }[] = [];
  let snippets = options.snippets;
  if (snippets === undefined) {
    const found: Snippet[] = [];
    for (const file of files) {
      const extracted = extractSnippets(readFileSync(join(root, file), 'utf8'), file);
      found.push(...extracted.snippets);
      skipped.push(...extracted.skipped.map((line) => ({ file, line })));
    }
    snippets = found;
  }
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const folder = mkdtempSync(join(cache, 'doc-snippets-'));
  try {
    const compilerOpts = compilerOptions(root);
    const entries = Object.values(SAMPLE_MODULES).map((p) => join(root, p));
    const modulesProgram = ts.createProgram(entries, compilerOpts);
    const exported = exportedNames(modulesProgram, root);

    const ambient = join(folder, 'ambient.d.ts');
    writeFileSync(ambient, AMBIENT_DECLARATIONS);
    const generated = new Map<string, { snippet: Snippet; headerLines: number }>();
    for (const snippet of snippets) {
      const header = missingImports(snippet.code, exported);
      const path = join(folder, snippetFileName(snippet));
      writeFileSync(path, [...header, absoluteImports(snippet.code, root), 'export {};', ''].join('\n'));
      generated.set(path, { snippet, headerLines: header.length });
    }
    const program = ts.createProgram({
      rootNames: [ambient, ...generated.keys()],
      options: compilerOpts,
      oldProgram: modulesProgram, // reuses the packages' parsed sources
    });
    const problems: SnippetProblem[] = [];
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      const source = diagnostic.file;
      const origin = source ? generated.get(source.fileName) : undefined;
      if (source === undefined) {
        problems.push({ file: '(compiler options)', line: 0, column: 0, message });
      } else if (origin !== undefined) {
        const at = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        problems.push({
          file: origin.snippet.file,
          line: origin.snippet.line + at.line - origin.headerLines,
          column: at.character + 1,
          message,
        });
      } else if (source.fileName === ambient) {
        problems.push({ file: relative(root, ambient), line: 0, column: 0, message });
      }
      // Errors inside the packages' sources are the typecheck's business, not the samples'.
    }
    problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    return { files, snippets, skipped, problems, folder };
  } finally {
    if (!options.keep) rmSync(folder, { recursive: true, force: true });
  }
}

/** `docs/types.md:42:7 Cannot find name 'x'.` */
export function formatProblem(problem: SnippetProblem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.message}`;
}

function main(): void {
  const root = join(__dirname, '..');
  const keep = process.argv.includes('--keep');
  const result = checkDocSnippets(root, { keep });
  for (const problem of result.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  process.stdout.write(
    `checked ${result.snippets.length} TypeScript samples of ${result.files.length} Markdown files ` +
      `(${result.skipped.length} marked nocheck): ${result.problems.length} problems` +
      (keep ? `; generated modules in ${result.folder}` : '') +
      '\n',
  );
  if (result.problems.length > 0) process.exitCode = 1;
}

if (require.main === module) main();
