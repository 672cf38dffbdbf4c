/**
 * When a freshly started Cassandra node is warm enough to measure on: its CPU per operation falls
 * over its first several hundred thousand operations (JIT compilation of its read and write
 * paths; measured on a fresh node, consecutive runs of 150 000 single-row SELECTs at 128 in
 * flight: 433, 322, 307, 220, 128, 80, 60 µs of server CPU per operation — note the plateau), and
 * whichever client is measured first would pay for it — in the anchors suite always plain
 * `cqlkit`, the first client of the first repetition. The orchestrator warms the node in
 * unrecorded rounds of a fixed number of operations (the JIT counts executions, not seconds) until
 * the server's CPU per operation stops falling, after a minimum that gets past such plateaus.
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
  /** Operations per round. */
  readonly opsPerRound: number;
  /** Server CPU µs per operation of each round (NaN where the round measured nothing). */
  readonly serverUsPerOp: readonly number[];
  /** Whether the last round had stopped falling (`false`: gave up after `maxRounds`). */
  readonly settled: boolean;
}

/**
 * Whether the rounds so far show a warm server: at least `minRounds`, and the last round's
 * server CPU per operation within `settledWithin` below the round before it (or above it). A round
 * that measured nothing (NaN) never counts as settled.
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
 * Runs `round` (one unrecorded round; resolves with the server's CPU µs per operation, NaN when
 * it measured nothing) until {@link serverIsWarm} or `maxRounds`.
 *
 * @example
 * ```ts
 * const warmup = await warmUntilSettled(100_000, () => runSelectRound(), SERVER_WARMUP);
 * ```
 */
export async function warmUntilSettled(
  opsPerRound: number,
  round: () => Promise<number>,
  settings: ServerWarmupSettings,
): Promise<ServerWarmup> {
  const perOp: number[] = [];
  while (perOp.length < settings.maxRounds && !serverIsWarm(perOp, settings)) perOp.push(await round());
  return { opsPerRound, serverUsPerOp: perOp, settled: serverIsWarm(perOp, settings) };
}

/** The report's line about the warm-up (`undefined` when none ran: no server process to watch). */
export function serverWarmupLine(warmup: ServerWarmup | undefined): string | undefined {
  if (warmup === undefined || warmup.serverUsPerOp.length === 0) return undefined;
  const steps = warmup.serverUsPerOp.map((us) => (Number.isFinite(us) ? us.toFixed(0) : '?')).join(' → ');
  const rounds = warmup.serverUsPerOp.length;
  return warmup.settled
    ? `- Server warm-up: ${rounds} unrecorded round(s) of ${warmup.opsPerRound} single-row SELECTs until the node's CPU per operation stopped falling (${steps} µs/op)`
    : `- Server warm-up: **the node's CPU per operation was still falling after ${rounds} unrecorded round(s) of ${warmup.opsPerRound} single-row SELECTs** (${steps} µs/op): the first clients measured paid for it`;
}
