/**
 * When a freshly started Cassandra node is warm enough to measure on: its CPU per operation falls
 * over its first several hundred thousand operations (JIT compilation of its read and write
 * paths; measured on a fresh node, consecutive runs of 150 000 single-row SELECTs at 128 in
 * flight: 433, 322, 307, 220, 128, 80, 60 µs of server CPU per operation — note the plateau), and
 * whichever client is measured first would pay for it — in the anchors suite always plain
 * `cqlkit`, the first client of the first repetition. The orchestrator warms the node in
 * unrecorded rounds of a fixed number of operations of each measured workload, in the order they
 * are measured (INSERTs, then SELECTs: the node's first memtable flushes land in the warm-up too;
 * the JIT counts executions, not seconds) until the server's CPU per operation of every workload
 * stops falling, after a minimum that gets past such plateaus.
 *
 * Holds the decision and the loop; what a round runs is the orchestrator's.
 */

/** How the server warm-up decides that the node is warm. */
export interface ServerWarmupSettings {
  /** Warm once a round's server CPU per operation is no more than this share below the previous round's (0.1 = 10%). */
  readonly settledWithin: number;
  /** Rounds at least (a cold node can hold a plateau for two or three rounds). */
  readonly minRounds: number;
  /** Rounds at most: then measuring starts anyway (and the report says so). */
  readonly maxRounds: number;
}

/** The settings of the benchmark runs (rounds of the anchors' steady-phase operation count). */
export const SERVER_WARMUP: ServerWarmupSettings = { settledWithin: 0.1, minRounds: 4, maxRounds: 10 };

/** What the warm-up rounds measured. */
export interface ServerWarmup {
  /** Operations per workload per round. */
  readonly opsPerRound: number;
  /** Server CPU µs per operation of each round, by workload (NaN where a round measured nothing). */
  readonly serverUsPerOp: ReadonlyMap<string, readonly number[]>;
  /** Whether every workload had stopped falling (`false`: gave up after `maxRounds`). */
  readonly settled: boolean;
}

/**
 * Whether one workload's rounds so far show a warm server: at least `minRounds`, and the last
 * round's server CPU per operation within `settledWithin` below the round before it (or above
 * it). A round that measured nothing (NaN) never counts as settled.
 *
 * @example
 * ```ts
 * serverIsWarm([430, 320, 307], SERVER_WARMUP); // false: fewer than 4 rounds
 * serverIsWarm([430, 320, 307, 220], SERVER_WARMUP); // false: still falling
 * serverIsWarm([430, 320, 307, 220, 64, 61], SERVER_WARMUP); // true: 61 is within 10% of 64
 * ```
 */
export function serverIsWarm(serverUsPerOp: readonly number[], settings: ServerWarmupSettings): boolean {
  const n = serverUsPerOp.length;
  if (n < Math.max(2, settings.minRounds)) return false;
  const last = serverUsPerOp[n - 1] as number;
  const previous = serverUsPerOp[n - 2] as number;
  if (!Number.isFinite(last) || !Number.isFinite(previous)) return false;
  return last >= previous * (1 - settings.settledWithin);
}

/**
 * Runs rounds — `round(workload)` for each of `workloads` in order, resolving with the server's
 * CPU µs per operation (NaN when it measured nothing) — until every workload {@link serverIsWarm}
 * or `maxRounds`. A round that measured nothing ends the warm-up unsettled: its worker failed
 * (the orchestrator reports the failure), and the next rounds would fail alike.
 *
 * @example
 * ```ts
 * const warmup = await warmUntilSettled(100_000, ['insert', 'select1'], (w) => runRound(w), SERVER_WARMUP);
 * ```
 */
export async function warmUntilSettled<W extends string>(
  opsPerRound: number,
  workloads: readonly W[],
  round: (workload: W) => Promise<number>,
  settings: ServerWarmupSettings,
): Promise<ServerWarmup> {
  const perOp = new Map<string, number[]>(workloads.map((w) => [w, []]));
  const warm = (): boolean => workloads.every((w) => serverIsWarm(perOp.get(w) ?? [], settings));
  for (let rounds = 0; rounds < settings.maxRounds && !warm(); rounds++) {
    for (const workload of workloads) {
      const measured = await round(workload);
      perOp.get(workload)?.push(measured);
      if (!Number.isFinite(measured)) return { opsPerRound, serverUsPerOp: perOp, settled: false };
    }
  }
  return { opsPerRound, serverUsPerOp: perOp, settled: warm() };
}

/** The report's line about the warm-up (`undefined` when none ran: no server process to watch). */
export function serverWarmupLine(warmup: ServerWarmup | undefined): string | undefined {
  const series = [...(warmup?.serverUsPerOp ?? new Map<string, readonly number[]>())];
  const rounds = series[0]?.[1].length ?? 0;
  if (warmup === undefined || rounds === 0) return undefined;
  const steps = series
    .map(
      ([workload, perOp]) =>
        `${workload} ${perOp.map((us) => (Number.isFinite(us) ? us.toFixed(0) : '?')).join(' → ')}`,
    )
    .join('; ');
  const what = `${rounds} unrecorded round(s) of ${warmup.opsPerRound} operations of ${series.map(([w]) => w).join(', ')}`;
  const endedOnFailure = series.some(([, perOp]) => perOp.length > 0 && !Number.isFinite(perOp.at(-1)));
  if (endedOnFailure) {
    return `- Server warm-up: **stopped after ${what}: the last round measured nothing (its worker failed, see the failures)** (${steps} µs/op); the node may still have been cold`;
  }
  return warmup.settled
    ? `- Server warm-up: ${what} until the node's CPU per operation stopped falling (${steps} µs/op)`
    : `- Server warm-up: **the node's CPU per operation was still falling after ${what}** (${steps} µs/op): the first clients measured paid for it`;
}
