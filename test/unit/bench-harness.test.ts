import { parseBenchOptions } from '../../bench/lib/cli-options';
import { valuesFileText } from '../../bench/lib/anchors/values-file';
import { insertValues } from '../../bench/lib/data-gen';
import { ANCHOR_CLIENT_ORDER, inRepOrder } from '../../bench/lib/plan';
import { PARAM_POOL_SIZE } from '../../bench/lib/workloads';
import type { PhaseRecord } from '../../bench/lib/job';
import { summarizePhases } from '../../bench/report/aggregate';
import { evaluateTargets } from '../../bench/report/targets';
import { runClosedLoop } from '../../bench/workers/closed-loop';

describe('benchmark closed loop', () => {
  it('counts only successful operations; failures are counted apart with the first error', async () => {
    const outcome = await runClosedLoop(
      {
        run: async (i) => {
          if (i % 4 === 3) throw new Error(`boom ${i}`);
          return 1;
        },
        rows: (n) => n,
      },
      8,
      { operations: 100 },
      undefined,
    );
    expect(outcome).toEqual({ ops: 75, rows: 75, errors: 25, firstError: 'Error: boom 3', started: 100 });
  });

  it('runs exactly the operations asked for from the given index, never more', async () => {
    const seen: number[] = [];
    const outcome = await runClosedLoop(
      {
        run: async (i) => {
          seen.push(i);
          return 0;
        },
        rows: (n) => n,
      },
      128,
      { operations: 10 },
      undefined,
      50,
    );
    expect(outcome.started).toBe(10);
    expect(seen.sort((a, b) => a - b)).toEqual([50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
  });
});

describe('benchmark options', () => {
  it('adds the anchors suite with --anchors, and leaves it out by default', () => {
    expect(parseBenchOptions([], '/r').suites).not.toContain('anchors');
    expect(parseBenchOptions(['--anchors'], '/r').suites).toEqual([
      'decode',
      'stub',
      'memory',
      'protocol',
      'cassandra',
      'scylla',
      'anchors',
    ]);
    expect(parseBenchOptions(['--suites', 'anchors'], '/r').suites).toEqual(['anchors']);
  });

  it('rotates the anchor clients, reversed in even repetitions', () => {
    expect(inRepOrder(ANCHOR_CLIENT_ORDER, 2)[0]).toBe(ANCHOR_CLIENT_ORDER.at(-1));
    expect(new Set(ANCHOR_CLIENT_ORDER).size).toBe(6);
  });
});

describe('anchor values file', () => {
  it('writes every operation of the pool with typed fields the native anchors parse', () => {
    const lines = valuesFileText('insert').trimEnd().split('\n');
    expect(lines).toHaveLength(PARAM_POOL_SIZE);
    const raw = insertValues(0, 34);
    const fields = (lines[0] as string).split('\t');
    expect(fields.map((f) => f.slice(0, 2))).toEqual(['i:', 'i:', 'u:', 'l:', 't:', 'b:']);
    const n = raw[3] as { high: number; low: number };
    expect(BigInt(fields[3]!.slice(2))).toBe(
      BigInt.asIntN(64, (BigInt(n.high) << 32n) | BigInt(n.low >>> 0)),
    );
    expect(fields[5]).toBe(`b:${(raw[5] as { bytes: Buffer }).bytes.toString('hex')}`);
    expect(valuesFileText('select1').split('\n')[0]).toMatch(/^i:\d+\ti:\d+$/);
  });
});

describe('anchor targets', () => {
  function phase(
    driver: PhaseRecord['driver'],
    cpuUs: number,
    extra: Partial<PhaseRecord> = {},
  ): PhaseRecord {
    return {
      kind: 'phase',
      suite: 'anchors',
      rep: 1,
      target: 'cassandra',
      driver,
      workload: 'insert',
      concurrency: 128,
      phase: 'steady',
      ops: 100_000,
      rows: 0,
      errors: 0,
      elapsedMs: 1000,
      cpuUserUs: cpuUs * 100_000,
      cpuSysUs: 0,
      ...extra,
    };
  }

  function steadyLine(records: PhaseRecord[]) {
    const targets = evaluateTargets({
      comparisons: [],
      variants: [],
      decode: [],
      memory: [],
      phases: summarizePhases(records),
    });
    return targets.find(
      (t) => t.description.startsWith('steady-state client CPU/op') && t.description.includes('INSERT'),
    );
  }

  it('compares cqlkit with the current-thread Rust driver at steady state', () => {
    expect(steadyLine([phase('cqlkit', 5), phase('rust-ct', 5)])).toMatchObject({
      status: 'PASS',
      measured: '1.00×',
    });
    expect(steadyLine([phase('cqlkit', 6), phase('rust-ct', 5)])).toMatchObject({
      status: 'FAIL',
      measured: '1.20×',
    });
    expect(steadyLine([phase('cqlkit', 6)])).toMatchObject({ status: 'N/A' });
  });

  it('fails a target whose measured run had errors, and shows the error', () => {
    const line = steadyLine([
      phase('cqlkit', 1, { errors: 3, firstError: 'WriteTimeout: x' }),
      phase('rust-ct', 5),
    ]);
    expect(line).toMatchObject({ status: 'FAIL' });
    expect(line?.measured).toContain('3 error(s): WriteTimeout: x');
  });
});
