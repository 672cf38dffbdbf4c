import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchOptions } from '../../bench/lib/cli-options';
import { valuesFileText } from '../../bench/lib/anchors/values-file';
import { insertValues } from '../../bench/lib/data-gen';
import { machineInfo } from '../../bench/lib/machine-info';
import { ANCHOR_CLIENT_ORDER, inRepOrder, modeSettings } from '../../bench/lib/plan';
import { waitForQuietProcess } from '../../bench/lib/proc-stat';
import {
  SERVER_WARMUP,
  serverIsWarm,
  serverWarmupLine,
  warmUntilSettled,
} from '../../bench/lib/server-warmup';
import { PARAM_POOL_SIZE } from '../../bench/lib/workloads';
import { type CellRecord, type PhaseRecord, RECORD_PREFIX } from '../../bench/lib/job';
import { JobRunner } from '../../bench/lib/job-runner';
import { pairPhases, summarizePhases } from '../../bench/report/aggregate';
import { renderConsole, renderMarkdown, type RunContext } from '../../bench/report/render';
import { analyse } from '../../bench/report/sections';
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

  it('takes the anchors counts from --anchor-ops, and the Python driver runs at most its own', () => {
    const options = parseBenchOptions(['--quick', '--anchor-ops', '2000,5000,8000', '--reps', '1'], '/r');
    expect(options.anchorOps).toEqual({ coldOps: 2000, warmupOps: 5000, measureOps: 8000 });
    const mode = modeSettings(options.quick, options);
    expect(mode.anchors.reps).toBe(1);
    expect(mode.anchors.counts).toEqual({ coldOps: 2000, warmupOps: 5000, measureOps: 8000 });
    expect(mode.anchors.pythonCounts).toEqual({ coldOps: 2000, warmupOps: 5000, measureOps: 8000 });
    const big = modeSettings(false, {
      anchorOps: { coldOps: 20_000, warmupOps: 80_000, measureOps: 200_000 },
    });
    expect(big.anchors.pythonCounts).toEqual(modeSettings(false, {}).anchors.pythonCounts);
    expect(modeSettings(true, {}).anchors.counts).toEqual({
      coldOps: 10_000,
      warmupOps: 30_000,
      measureOps: 50_000,
    });
  });

  it('runs the protocol variants on the stub in fewer, longer windows for about the same time', () => {
    const full = modeSettings(false, {});
    expect(full.protocolStub.measureMs).toBeGreaterThanOrEqual(2 * full.stub.measureMs);
    const cellMs = (w: typeof full.stub) => w.warmupMs + w.measureMs;
    const totalMs = (w: typeof full.stub, reps: number) => reps * (w.workloadWarmupMs + 3 * cellMs(w));
    const before = totalMs(full.stub, full.reps);
    const after = totalMs(full.protocolStub, full.protocolStubReps);
    expect(Math.abs(after - before) / before).toBeLessThan(0.25);
  });

  it('rejects malformed --anchor-ops and unknown options with a message naming them', () => {
    expect(() => parseBenchOptions(['--anchor-ops', '1000,2000'], '/r')).toThrow(/three counts/);
    expect(() => parseBenchOptions(['--anchor-ops', '1000,x,3'], '/r')).toThrow(/positive integer, got x/);
    expect(() => parseBenchOptions(['--anchor-ops', '5000,1000,3'], '/r')).toThrow(/cannot be smaller/);
    expect(() => parseBenchOptions(['--anchor-ops'], '/r')).toThrow(/--anchor-ops needs a value/);
    expect(() => parseBenchOptions(['--suites', 'nope'], '/r')).toThrow(/unknown suite nope/);
    expect(() => parseBenchOptions(['--fast'], '/r')).toThrow(/unknown option --fast/);
  });

  it('rotates the anchor clients, reversed in even repetitions', () => {
    expect(inRepOrder(ANCHOR_CLIENT_ORDER, 2)[0]).toBe(ANCHOR_CLIENT_ORDER.at(-1));
    expect(new Set(ANCHOR_CLIENT_ORDER).size).toBe(7);
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

  function anchorTargets(records: PhaseRecord[], anchorPairs?: ReturnType<typeof pairPhases>) {
    return evaluateTargets({
      comparisons: [],
      variants: [],
      decode: [],
      memory: [],
      phases: summarizePhases(records),
      ...(anchorPairs ? { anchorPairs } : {}),
    });
  }

  function steadyLine(records: PhaseRecord[]) {
    return anchorTargets(records).find(
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

  it('shows the ratios repetition by repetition beside the ratio of medians, which stays the verdict', () => {
    // cqlkit 5, 6, 7 µs against Rust 5, 5, 7 in repetitions 1–3: medians 6 ÷ 5 = 1.20×, but
    // repetition by repetition 1.00×, 1.20×, 1.00×. Repetition 4 ran Rust only: no pair.
    const records = [
      phase('cqlkit', 5, { rep: 1 }),
      phase('rust-ct', 5, { rep: 1 }),
      phase('cqlkit', 6, { rep: 2 }),
      phase('rust-ct', 5, { rep: 2 }),
      phase('cqlkit', 7, { rep: 3 }),
      phase('rust-ct', 7, { rep: 3 }),
      phase('rust-ct', 1, { rep: 4 }),
    ];
    const pairs = pairPhases(records, 'cqlkit', 'rust-ct', 'steady');
    expect(pairs.find((p) => p.metric === 'cpu')?.ratios).toMatchObject({
      median: 1,
      min: 1,
      max: 1.2,
      n: 3,
    });
    const targets = anchorTargets(records, pairs);
    const cpu = targets.find((t) => t.description.startsWith('steady-state client CPU/op'));
    expect(cpu).toMatchObject({
      status: 'FAIL',
      measured: '1.20× (by repetition: 1.00×, 1.00–1.20×, 3 pairs)',
    });
    const throughput = targets.find((t) => t.description.startsWith('steady-state throughput'));
    expect(throughput?.measured).toBe('1.00× (by repetition: 1.00×, 1.00–1.00×, 3 pairs)');
  });

  it('pairs only repetitions in which both clients ran without errors', () => {
    const pairs = pairPhases(
      [
        phase('cqlkit', 6, { rep: 1 }),
        phase('rust-ct', 5, { rep: 1 }),
        phase('cqlkit', 9, { rep: 2, errors: 1, firstError: 'x' }),
        phase('rust-ct', 5, { rep: 2 }),
        phase('cqlkit', 9, { rep: 3 }),
      ],
      'cqlkit',
      'rust-ct',
      'steady',
    );
    expect(pairs.find((p) => p.metric === 'cpu')?.ratios).toMatchObject({ median: 1.2, n: 1 });
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

describe('anchor report', () => {
  function steady(driver: PhaseRecord['driver'], rep: number, cpuUs: number, serverUs: number): PhaseRecord {
    return {
      kind: 'phase',
      suite: 'anchors',
      rep,
      target: 'cassandra',
      driver,
      workload: 'select1',
      concurrency: 128,
      phase: 'steady',
      ops: 50_000,
      rows: 50_000,
      errors: 0,
      elapsedMs: 2000,
      cpuUserUs: cpuUs * 40_000,
      cpuSysUs: cpuUs * 10_000,
      serverCpuUs: serverUs * 50_000,
    };
  }

  const records: PhaseRecord[] = [
    steady('cqlkit', 1, 12, 30),
    steady('cqlkit', 2, 10, 34),
    steady('rust-ct', 1, 8, 31),
    steady('rust-ct', 2, 8, 33),
    { ...steady('cqlkit', 1, 0, 30), phase: 'cold', ops: 10_000, cpuUserUs: 400_000 },
  ];

  function context(): RunContext {
    const mode = modeSettings(true, { reps: 2 });
    return {
      startedAt: '2026-12-07T04:00:00Z',
      finishedAt: '2026-12-07T04:03:00Z',
      mode,
      machine: { ...machineInfo(process.cwd()), loadAverageAtStart: [0.5, 0.5, 0.5] },
      cassandraVersion: '5.0.9',
      suites: ['anchors'],
      loadAverageAtEnd: [1, 1, 1],
      failures: [
        { what: 'anchors: Python driver install', exitCode: null, diagnostics: 'python3 was not found' },
      ],
      driverBuild: 'bundle',
      anchorPrograms: ['scylla 1.9.0 (Rust crate)'],
      serverSettling: { waits: 28, totalMs: 41_000, stillBusy: 1 },
      serverWarmup: {
        opsPerRound: 100_000,
        serverUsPerOp: new Map([
          ['insert', [50.2, 21, 17, 16.5]],
          ['select1', [190.4, 121, 63.2, 61]],
        ]),
        settled: true,
      },
    };
  }

  it('prints client and server CPU per operation with the ratio to Rust, the first operations and failures', () => {
    const text = renderConsole(analyse(records), context());
    const line = (client: string) => text.split('\n').find((l) => l.startsWith(`select1   ${client}`));
    // cqlkit: median of 12 and 10 µs/op (11), Rust 8 → 1.38×; server 32 µs/op; client + server 43.
    expect(line('cqlkit')).toMatch(
      /11\.0 \(10\.0–12\.0\) \(8\.80\+2\.20\)\s+1\.38×\s+25\.0k\s+1\.00×\s+32\.0\s+43\.0\s+40\.0 \(10000\)/,
    );
    expect(line('Rust scylla, current-thread')).toMatch(/8\.00 \(6\.40\+1\.60\)\s+1\.00×/);
    expect(text).toMatch(/FAIL\s+steady-state client CPU\/op vs Rust scylla.*single-row SELECT.*1\.38×/);
    expect(text).toContain('cqlkit 40.0 µs, Rust – (–)');
    expect(text).toContain('! anchors: Python driver install failed (exit null): python3 was not found');
  });

  it('records the anchors counts, repetitions and programs in the Markdown report', () => {
    const markdown = renderMarkdown(analyse(records), context(), undefined);
    expect(markdown).toContain(
      '- Anchors: 2 repetitions, 128 in flight; operations counted from connect: first 10000, warm-up 30000 in all, steady 50000 (Python: first 5000, warm-up 10000 in all, steady 10000); scylla 1.9.0 (Rust crate)',
    );
    expect(markdown).toContain('## Native anchors');
    expect(markdown).toContain(
      '- Server settling: before each of 28 measured run(s) the harness waited for the server to go quiet, 41 s in all; **1 run(s) started with the server still busy**',
    );
    expect(markdown).toContain(
      "- Server warm-up: 4 unrecorded round(s) of 100000 operations of insert, select1 until the node's CPU per operation stopped falling (insert 50 → 21 → 17 → 17; select1 190 → 121 → 63 → 61 µs/op)",
    );
  });
});

describe('warming a fresh Cassandra node', () => {
  it('is warm once the server CPU per operation stops falling by more than the allowed share', () => {
    expect(serverIsWarm([], SERVER_WARMUP)).toBe(false);
    expect(serverIsWarm([60], SERVER_WARMUP)).toBe(false);
    // A cold node's plateau (322 → 307) is inside the minimum number of rounds.
    expect(serverIsWarm([433, 322, 307], SERVER_WARMUP)).toBe(false);
    expect(serverIsWarm([433, 322, 307, 220], SERVER_WARMUP)).toBe(false);
    expect(serverIsWarm([433, 322, 307, 220, 64, 61], SERVER_WARMUP)).toBe(true);
    const flat = { ...SERVER_WARMUP, minRounds: 2 };
    expect(serverIsWarm([64, 70], flat)).toBe(true);
    expect(serverIsWarm([64, 57], flat)).toBe(false);
    expect(serverIsWarm([64, 58], flat)).toBe(true);
    expect(serverIsWarm([64, NaN], flat)).toBe(false);
    expect(serverIsWarm([64, 63], { ...SERVER_WARMUP, minRounds: 3 })).toBe(false);
  });

  it('runs rounds until the node has settled, or gives up after the most rounds', async () => {
    const fresh = [433, 322, 307, 220, 128, 80, 61, 60, 59];
    // INSERTs settle sooner than SELECTs: the rounds go on until both have.
    const inserts = [50, 21, 17, 16.5, 16, 16, 16, 16, 16];
    const calls: string[] = [];
    const settled = await warmUntilSettled(
      100,
      ['insert', 'select1'],
      async (workload) => {
        calls.push(workload);
        return (workload === 'insert' ? inserts : fresh).shift() as number;
      },
      SERVER_WARMUP,
    );
    expect(settled).toEqual({
      opsPerRound: 100,
      serverUsPerOp: new Map([
        ['insert', [50, 21, 17, 16.5, 16, 16, 16, 16]],
        ['select1', [433, 322, 307, 220, 128, 80, 61, 60]],
      ]),
      settled: true,
    });
    expect(calls.slice(0, 4)).toEqual(['insert', 'select1', 'insert', 'select1']);
    let n = 500;
    const falling = await warmUntilSettled(100, ['select1'], async () => (n /= 2), SERVER_WARMUP);
    expect(falling.serverUsPerOp.get('select1')).toHaveLength(SERVER_WARMUP.maxRounds);
    expect(falling.settled).toBe(false);
    // A round whose worker failed (nothing measured) ends the warm-up at once.
    let failingCalls = 0;
    const failing = await warmUntilSettled(
      100,
      ['insert', 'select1'],
      async () => (++failingCalls === 3 ? NaN : 50),
      SERVER_WARMUP,
    );
    expect(failingCalls).toBe(3);
    expect(failing).toEqual({
      opsPerRound: 100,
      serverUsPerOp: new Map([
        ['insert', [50, NaN]],
        ['select1', [50]],
      ]),
      settled: false,
    });
  });

  it('says in the report when the node was still getting cheaper after the last round', () => {
    expect(serverWarmupLine(undefined)).toBeUndefined();
    expect(serverWarmupLine({ opsPerRound: 1, serverUsPerOp: new Map(), settled: false })).toBeUndefined();
    expect(
      serverWarmupLine({
        opsPerRound: 50_000,
        serverUsPerOp: new Map([['select1', [400, NaN, 200]]]),
        settled: false,
      }),
    ).toBe(
      "- Server warm-up: **the node's CPU per operation was still falling after 3 unrecorded round(s) of 50000 operations of select1** (select1 400 → ? → 200 µs/op): the first clients measured paid for it",
    );
  });

  it('says that the warm-up stopped on a failed round rather than that the node was still falling', () => {
    expect(
      serverWarmupLine({
        opsPerRound: 50_000,
        serverUsPerOp: new Map([
          ['insert', [60, 40]],
          ['select1', [400, NaN]],
        ]),
        settled: false,
      }),
    ).toBe(
      '- Server warm-up: **stopped after 2 unrecorded round(s) of 50000 operations of insert, select1: the last round measured nothing (its worker failed, see the failures)** (insert 60 → 40; select1 400 → ? µs/op); the node may still have been cold',
    );
  });
});

describe('running the measuring processes', () => {
  const newRunner = (): { runner: JobRunner; logged: string[] } => {
    const logged: string[] = [];
    const settings = { repoRoot: process.cwd(), timeoutMs: 20_000, verbose: false, clockTicksPerSecond: 100 };
    return { runner: new JobRunner(settings, (m) => logged.push(m)), logged };
  };
  const printing = (records: readonly object[], exitCode: number, stderr = ''): string[] => [
    '-e',
    `${records.map((r) => `console.log(${JSON.stringify(RECORD_PREFIX + JSON.stringify(r))});`).join('')}` +
      `console.error(${JSON.stringify(stderr)}); process.exit(${exitCode});`,
  ];

  it("keeps a process's records and lists a failed process with its last lines", async () => {
    const { runner, logged } = newRunner();
    await runner.runProcess(process.execPath, printing([{ kind: 'phase', ops: 1 }], 0), 'good run');
    await runner.runProcess(
      process.execPath,
      printing([{ kind: 'phase', ops: 2 }], 3, 'server said no'),
      'bad run',
    );
    expect(runner.records).toEqual([
      { kind: 'phase', ops: 1 },
      { kind: 'phase', ops: 2 },
    ]);
    expect(runner.failures).toHaveLength(1);
    expect(runner.failures[0]).toMatchObject({ what: 'bad run', exitCode: 3 });
    expect(runner.failures[0]?.diagnostics).toContain('server said no');
    expect(logged.some((line) => line.startsWith('good run: 1 record(s) in '))).toBe(true);
    expect(logged.some((line) => line.startsWith('bad run: FAILED (exit 3)'))).toBe(true);
  });

  it('hands a worker its job, and keeps the records of an unrecorded run out of the report', async () => {
    const { runner } = newRunner();
    const dir = mkdtempSync(join(tmpdir(), 'cqlkit-job-runner-'));
    const entry = join(dir, 'echo-worker.mjs');
    writeFileSync(
      entry,
      `console.log(${JSON.stringify(RECORD_PREFIX)} + JSON.stringify({ kind: 'echo', job: JSON.parse(process.argv[2]) }));\n`,
    );
    try {
      const records = await runner.runWorker(entry, { workload: 'insert' }, 'warm-up round', false);
      expect(records).toEqual([{ kind: 'echo', job: { workload: 'insert' } }]);
      expect(runner.records).toEqual([]);
      expect(runner.failures).toEqual([]);
      await runner.runWorker(entry, { workload: 'select1' }, 'measured run');
      expect(runner.records).toEqual([{ kind: 'echo', job: { workload: 'select1' } }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records a failure that is not a process, such as a build', () => {
    const { runner } = newRunner();
    runner.fail('anchors: Rust driver build', 'cargo was not found');
    expect(runner.failures).toEqual([
      { what: 'anchors: Rust driver build', exitCode: null, diagnostics: 'cargo was not found' },
    ]);
  });
});

describe('waiting for a quiet server', () => {
  const ticks = machineInfo(process.cwd()).clockTicksPerSecond;
  const settings = { windowMs: 200, maxCoreShare: 0.05, quietWindows: 2, maxWaitMs: 5_000 };
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  /** A process that spins one core for `busyMs`, then sleeps. */
  function spinner(busyMs: number): ChildProcess {
    const child = spawn(process.execPath, [
      '-e',
      `const end = Date.now() + ${busyMs}; while (Date.now() < end) {} setTimeout(() => {}, 60000);`,
    ]);
    children.push(child);
    return child;
  }

  it('returns once the process has stayed under the share for the windows in a row', async () => {
    const child = spinner(1_200);
    const outcome = await waitForQuietProcess(child.pid as number, ticks, settings);
    expect(outcome.quiet).toBe(true);
    // Busy for 1.2 s, then two quiet 200 ms windows.
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(1_200);
    expect(outcome.lastCoreShare).toBeLessThan(0.05);
  });

  it('gives up after the longest wait while the process stays busy', async () => {
    const child = spinner(60_000);
    const outcome = await waitForQuietProcess(child.pid as number, ticks, { ...settings, maxWaitMs: 1_000 });
    expect(outcome.quiet).toBe(false);
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(1_000);
    expect(outcome.lastCoreShare).toBeGreaterThan(0.2);
  });

  it('reports an unreadable process as not quiet instead of waiting', async () => {
    const child = spinner(0);
    const pid = child.pid as number;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const outcome = await waitForQuietProcess(pid, ticks, settings);
    expect(outcome).toEqual({ waitedMs: expect.any(Number), quiet: false, lastCoreShare: NaN });
  });
});

describe('protocol variants report', () => {
  it('prints the server CPU per operation beside the client CPU and the ratio to v4', () => {
    const cell = (variant: CellRecord['variant'], cpuUs: number, serverUs: number): CellRecord => ({
      kind: 'cell',
      suite: 'protocol',
      rep: 1,
      target: 'cassandra',
      driver: 'cqlkit',
      variant,
      workload: 'insert1k',
      concurrency: 128,
      ops: 10_000,
      rows: 0,
      errors: 0,
      elapsedMs: 500,
      cpuUserUs: cpuUs * 10_000,
      cpuSysUs: 0,
      serverCpuUs: serverUs * 10_000,
      latencyUs: { p50: 900, p90: 1000, p99: 1500, p999: 2000, max: 3000, mean: 950 },
      rssMB: 80,
      heapUsedMB: 20,
    });
    const analysis = analyse([cell('v4', 4, 40), cell('v5-lz4', 5, 55)]);
    const text = renderConsole(analysis, {
      startedAt: '',
      finishedAt: '',
      mode: modeSettings(true, {}),
      machine: { ...machineInfo(process.cwd()), loadAverageAtStart: [0.1, 0.1, 0.1] },
      cassandraVersion: '5.0.9',
      suites: ['protocol'],
      loadAverageAtEnd: [0.1, 0.1, 0.1],
      serverSettling: { waits: 0, totalMs: 0, stillBusy: 0 },
      serverWarmup: undefined,
      failures: [],
      driverBuild: 'bundle',
      anchorPrograms: [],
    });
    expect(text).toMatch(/server CPU µs\/op/);
    expect(text).toMatch(/cassandra\s+insert1k\s+128\s+v5-lz4\s+5\.00 \(5\.00\+0\.00\)\s+1\.25×\s+55\.0\s/);
  });
});
