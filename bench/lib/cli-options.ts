/** Command-line options of `bench/run.ts` (`npm run bench -- [options]`). */
import { join } from 'node:path';
import type { PhaseCounts } from './plan';

/** The suites, in the order they run. */
export const SUITE_NAMES = [
  'decode',
  'stub',
  'memory',
  'protocol',
  'cassandra',
  'scylla',
  'anchors',
] as const;

/** A suite name. */
export type SuiteName = (typeof SUITE_NAMES)[number];

/** The suites run when none is named (`anchors` needs cargo and Python: `--anchors` adds it). */
export const DEFAULT_SUITES: readonly SuiteName[] = SUITE_NAMES.filter((s) => s !== 'anchors');

/** Parsed options. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly suites: readonly SuiteName[];
  /** Repetitions per driver (A B alternation); default 5 (quick: 2). */
  readonly reps: number | undefined;
  readonly concurrencies: readonly number[] | undefined;
  /** `--anchor-ops COLD,WARMUP,STEADY`: the anchors suite's counts for Node and Rust. */
  readonly anchorOps: PhaseCounts | undefined;
  readonly outDir: string;
  readonly verbose: boolean;
  /** Run cqlkit from its TypeScript sources through tsx instead of a plain-JavaScript bundle. */
  readonly fromSource: boolean;
  readonly help: boolean;
}

/** Usage text. */
export const USAGE = `Usage: npm run bench -- [options]

  --quick                 a few seconds per cell, 2 repetitions (smoke check)
  --anchors               also run the native anchors (the ScyllaDB Rust driver, built with
                          cargo, and its Python driver, installed in a venv) on Cassandra
  --suites a,b            among ${SUITE_NAMES.join(', ')} (default: all but anchors)
  --reps N                repetitions of each driver (default 5; quick 2)
  --concurrency 1,32,...  requests in flight (default 1,32,128,512)
  --anchor-ops C,W,S      anchors suite: first C operations after connect, W in all before the
                          steady window, then S measured (default 10000,50000,100000; quick
                          10000,30000,50000); the Python driver runs at most its own defaults
  --out DIR               where reports go (default bench/results)
  --verbose               forward the workers' stderr
  --from-source           run cqlkit's TypeScript sources through tsx (adds tsx's keepNames
                          helpers to every named closure) instead of a plain-JavaScript bundle
  --help                  this text
`;

function list(value: string | undefined, flag: string): string[] {
  if (!value) throw new Error(`${flag} needs a value`);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} expects a positive integer, got ${value}`);
  return n;
}

function anchorOps(value: string | undefined, flag: string): PhaseCounts {
  const counts = list(value, flag).map((v) => positiveInteger(v, flag));
  const [coldOps, warmupOps, measureOps] = counts;
  if (counts.length !== 3 || coldOps === undefined || warmupOps === undefined || measureOps === undefined) {
    throw new Error(`${flag} expects three counts COLD,WARMUP,STEADY, got ${value ?? ''}`);
  }
  if (warmupOps < coldOps) {
    throw new Error(
      `${flag}: the warm-up (${warmupOps}) includes the first operations (${coldOps}), so it cannot be smaller`,
    );
  }
  return { coldOps, warmupOps, measureOps };
}

/** Parses `argv` (without node and script). Throws on unknown or malformed options. */
export function parseBenchOptions(argv: readonly string[], repoRoot: string): BenchOptions {
  let quick = false;
  let suites: SuiteName[] = [...DEFAULT_SUITES];
  let anchors = false;
  let reps: number | undefined;
  let concurrencies: number[] | undefined;
  let anchorOpsOption: PhaseCounts | undefined;
  let outDir = join(repoRoot, 'bench', 'results');
  let verbose = false;
  let fromSource = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    switch (flag) {
      case '--quick':
        quick = true;
        break;
      case '--anchors':
        anchors = true;
        break;
      case '--suites':
        suites = list(argv[++i], flag).map((name) => {
          if (!(SUITE_NAMES as readonly string[]).includes(name)) {
            throw new Error(`unknown suite ${name}; expected some of ${SUITE_NAMES.join(', ')}`);
          }
          return name as SuiteName;
        });
        suites = SUITE_NAMES.filter((s) => suites.includes(s));
        break;
      case '--reps':
        reps = positiveInteger(argv[++i] ?? '', flag);
        break;
      case '--concurrency':
        concurrencies = list(argv[++i], flag).map((v) => positiveInteger(v, flag));
        break;
      case '--anchor-ops':
        anchorOpsOption = anchorOps(argv[++i], flag);
        break;
      case '--out':
        outDir = argv[++i] ?? outDir;
        break;
      case '--verbose':
        verbose = true;
        break;
      case '--from-source':
        fromSource = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new Error(`unknown option ${flag}\n\n${USAGE}`);
    }
  }
  if (anchors && !suites.includes('anchors')) suites = [...suites, 'anchors'];
  return {
    quick,
    suites,
    reps,
    concurrencies,
    anchorOps: anchorOpsOption,
    outDir,
    verbose,
    fromSource,
    help,
  };
}
