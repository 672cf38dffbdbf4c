#!/usr/bin/env node
// Packs the publishable packages as npm would publish them, from a staged copy outside the
// repository (the working tree is never touched):
//
// - package.json without the monorepo's build scripts;
// - dist/ without the TypeScript build info, declaration maps dropped (their sources are not
//   shipped) and JavaScript source maps carrying their sources (`sourcesContent`), so they resolve;
// - the LICENSE;
// - the README with its links to the guide pointing at the pages shipped in the package's docs/
//   (the guide pages it links to, and the ones those link to); links that would lead outside the
//   package become plain text.
//
// Usage: node scripts/pack.mjs [--out DIR] [package…]   (default: driver mapper migrations testing opentelemetry;
// DIR default: the current directory). Prints the tarball paths, one per line. Needs `npm run build`.
// `npm pack` run in a package folder itself is refused (the packages' prepack runs `--guard`).
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** A Markdown link: `[label](href)`. */
const LINK = /\[([^\]]*)\]\(([^)\s]+)\)/g;
const args = process.argv.slice(2);

if (args.includes('--guard')) {
  process.stderr.write(
    'This package is published from a staged copy: run `npm run pack` at the repository root ' +
      '(node scripts/pack.mjs), which strips build files, ships the LICENSE and the guide pages.\n',
  );
  process.exit(1);
}

let out = process.cwd();
const names = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = args[++i];
  else names.push(args[i]);
}
out = resolve(out);
const packages = names.length > 0 ? names : ['driver', 'mapper', 'migrations', 'testing', 'opentelemetry'];

mkdirSync(out, { recursive: true });
const staging = mkdtempSync(join(tmpdir(), 'cqlkit-pack-'));
try {
  for (const name of packages) process.stdout.write(`${packPackage(name)}\n`);
} finally {
  rmSync(staging, { recursive: true, force: true });
}

/** Stages one package and packs it into `out`; returns the tarball's path. */
function packPackage(name) {
  const source = join(root, 'packages', name);
  if (!existsSync(join(source, 'dist'))) {
    throw new Error(`pack: ${source}/dist is missing; run "npm run build" first`);
  }
  const target = join(staging, name);
  mkdirSync(target, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
  delete manifest.scripts;
  delete manifest.devDependencies;
  const files = new Set(manifest.files ?? []);
  for (const entry of files) {
    const from = join(source, entry);
    if (!existsSync(from)) continue;
    if (entry === 'dist') copyDist(from, join(target, 'dist'));
    else if (entry !== 'README.md') copyTree(from, join(target, entry));
  }
  copyFileSync(join(root, 'LICENSE'), join(target, 'LICENSE'));
  if (existsSync(join(source, 'README.md'))) {
    const docs = stageReadme(join(source, 'README.md'), target);
    if (docs > 0) files.add('docs');
  }
  manifest.files = [...files];
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const json = execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
    cwd: target,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return join(out, JSON.parse(json)[0].filename);
}

function copyTree(from, to) {
  if (statSync(from).isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) copyTree(join(from, entry), join(to, entry));
  } else {
    copyFileSync(from, to);
  }
}

/**
 * dist/ without build info and declaration maps; JavaScript maps with their sources inlined.
 * Outputs whose source file no longer exists (left behind by an earlier build) are not shipped.
 */
function copyDist(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const path = join(from, entry);
    if (statSync(path).isDirectory()) {
      copyDist(path, join(to, entry));
      continue;
    }
    if (entry.endsWith('.tsbuildinfo') || entry.endsWith('.d.ts.map')) continue;
    const base = entry.replace(/(\.d\.ts|\.js\.map|\.js)$/, '');
    const map = sourceMapOf(join(from, `${base}.js.map`));
    if (map === 'stale') continue;
    if (entry.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
      writeFileSync(join(to, entry), text);
    } else if (entry.endsWith('.js.map')) {
      writeFileSync(join(to, entry), JSON.stringify(map));
    } else {
      copyFileSync(path, join(to, entry));
    }
  }
}

/** A JavaScript source map with its sources inlined; 'stale' when a source is gone; undefined without a map. */
function sourceMapOf(path) {
  if (!existsSync(path)) return undefined;
  const map = JSON.parse(readFileSync(path, 'utf8'));
  const sources = map.sources.map((s) => resolve(dirname(path), map.sourceRoot ?? '', s));
  if (!sources.every((s) => existsSync(s))) return 'stale';
  return { ...map, sourcesContent: sources.map((s) => readFileSync(s, 'utf8')) };
}

/**
 * Writes the README with its relative links resolved: guide pages (docs/*.md) are shipped in the
 * package's docs/ (with the pages they link to), anything else outside the package becomes text.
 * Returns how many guide pages were shipped.
 */
function stageReadme(readme, target) {
  const docsDir = join(root, 'docs');
  const shipped = new Set();
  const queue = [];
  const rewrite = (text, fromFile, toDocs) =>
    text.replace(LINK, (whole, label, href) => {
      if (/^[a-z]+:|^#/i.test(href)) return whole;
      const [path, anchor] = href.split('#');
      const absolute = resolve(dirname(fromFile), path);
      if (dirname(absolute) === docsDir && absolute.endsWith('.md') && existsSync(absolute)) {
        if (!shipped.has(absolute)) {
          shipped.add(absolute);
          queue.push(absolute);
        }
        const page = relative(docsDir, absolute);
        return `[${label}](${toDocs}${page}${anchor ? `#${anchor}` : ''})`;
      }
      return label; // outside what the package ships: keep the words, drop the link
    });
  writeFileSync(join(target, 'README.md'), rewrite(readFileSync(readme, 'utf8'), readme, 'docs/'));
  while (queue.length > 0) {
    const page = queue.shift();
    mkdirSync(join(target, 'docs'), { recursive: true });
    writeFileSync(
      join(target, 'docs', relative(docsDir, page)),
      rewrite(readFileSync(page, 'utf8'), page, ''),
    );
  }
  return shipped.size;
}
