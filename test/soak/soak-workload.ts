/**
 * The soak's workload: a fixed number of requests in flight, a mix of prepared writes (each to a
 * key of its own, so every acknowledged write can be checked later) and prepared reads of keys
 * already acknowledged; every outcome counted, every latency recorded into the windows open at
 * that moment. Also the read-back that finds lost writes.
 */
import { Consistency, type PreparedStatement, type Session } from '@cqlkit/driver';
import { performance } from 'node:perf_hooks';

import { LatencyHistogram } from '../../bench/lib/histogram';

/** Partitions the keys are spread over (a read-back query per partition). */
const PARTITIONS = 2048;

/** A stretch of the run whose latencies are summarized on their own (before, around each fault). */
export class LatencyWindow {
  readonly histogram = new LatencyHistogram();
  errors = 0;
  /** End (performance.now() ms); Infinity while open-ended. */
  to = Infinity;

  constructor(
    readonly label: string,
    /** Start (performance.now() ms). */
    readonly from: number,
  ) {}
}

/** Write outcomes by sequence number, in chunks (no large copy as the run grows). */
class WriteLedger {
  private static readonly CHUNK = 1 << 20;
  private readonly chunks: Uint8Array[] = [];
  count = 0;

  /** A new sequence number, marked in flight. */
  next(): number {
    const seq = this.count++;
    if (seq % WriteLedger.CHUNK === 0) this.chunks.push(new Uint8Array(WriteLedger.CHUNK));
    return seq;
  }

  set(seq: number, state: WriteState): void {
    (this.chunks[Math.floor(seq / WriteLedger.CHUNK)] as Uint8Array)[seq % WriteLedger.CHUNK] = state;
  }

  get(seq: number): WriteState {
    return (this.chunks[Math.floor(seq / WriteLedger.CHUNK)] as Uint8Array)[
      seq % WriteLedger.CHUNK
    ] as WriteState;
  }
}

const enum WriteState {
  InFlight = 0,
  Acked = 1,
  Failed = 2,
}

/** What the workload counted. */
export interface WorkloadCounts {
  readonly writesAcked: number;
  readonly writesFailed: number;
  readonly reads: number;
  readonly readsFailed: number;
  /** Reads of an acknowledged key at QUORUM that found nothing. */
  readonly readsMissing: number;
  /** Reads that found another value than the one written. */
  readonly readsWrong: number;
  /** A few error messages, by frequency. */
  readonly errorSamples: readonly [string, number][];
}

/** What the read-back found. */
export interface ReadBack {
  readonly acked: number;
  /** Acknowledged writes not found at QUORUM. */
  readonly lost: number;
  /** Writes that failed but were applied anyway (allowed: the outcome was unknown). */
  readonly failedButPresent: number;
  readonly partitionsRead: number;
  readonly elapsedMs: number;
}

/** The workload over one table `kv (pk int, ck bigint, v text, PRIMARY KEY (pk, ck))`. */
export class Workload {
  readonly windows: LatencyWindow[] = [];
  readonly overall = new LatencyHistogram();
  private readonly ledger = new WriteLedger();
  private acked = 0;
  private failed = 0;
  private reads = 0;
  private readsFailed = 0;
  private readsMissing = 0;
  private readsWrong = 0;
  private readonly errors = new Map<string, number>();
  private stopping = false;
  private insert!: PreparedStatement;
  private select!: PreparedStatement;
  private slice!: PreparedStatement;

  constructor(
    private readonly session: Session,
    private readonly table: string,
  ) {}

  /** Creates the table and prepares the statements. */
  async prepare(): Promise<void> {
    await this.session.execute(
      `CREATE TABLE IF NOT EXISTS ${this.table} (pk int, ck bigint, v text, PRIMARY KEY (pk, ck))`,
    );
    this.insert = await this.session.prepare(`INSERT INTO ${this.table} (pk, ck, v) VALUES (?, ?, ?)`);
    this.select = await this.session.prepare(`SELECT v FROM ${this.table} WHERE pk = ? AND ck = ?`);
    this.slice = await this.session.prepare(`SELECT ck, v FROM ${this.table} WHERE pk = ? LIMIT 20`);
  }

  /** Opens a latency window (from now, or from `from`); it records until {@link LatencyWindow.to}. */
  openWindow(label: string, from = performance.now()): LatencyWindow {
    const window = new LatencyWindow(label, from);
    this.windows.push(window);
    return window;
  }

  /** Runs `inFlight` request loops until {@link Workload.stop}. */
  async run(inFlight: number): Promise<void> {
    await Promise.all(Array.from({ length: inFlight }, () => this.loop()));
  }

  stop(): void {
    this.stopping = true;
  }

  counts(): WorkloadCounts {
    return {
      writesAcked: this.acked,
      writesFailed: this.failed,
      reads: this.reads,
      readsFailed: this.readsFailed,
      readsMissing: this.readsMissing,
      readsWrong: this.readsWrong,
      errorSamples: [...this.errors].sort((a, b) => b[1] - a[1]).slice(0, 5),
    };
  }

  /** Reads every partition back at QUORUM and checks each acknowledged write is there. */
  async readBack(concurrency = 16): Promise<ReadBack> {
    const started = performance.now();
    const found = new Set<number>();
    let next = 0;
    const reader = async (): Promise<void> => {
      for (let pk = next++; pk < PARTITIONS; pk = next++) {
        for (let attempt = 1; ; attempt++) {
          try {
            for await (const row of this.session.iterate<{ ck: { toNumber(): number }; v: string }>(
              `SELECT ck, v FROM ${this.table} WHERE pk = ?`,
              [pk],
              { prepare: true, consistency: Consistency.QUORUM, pageSize: 5000, idempotent: true },
            )) {
              found.add(row.ck.toNumber());
            }
            break;
          } catch (error) {
            if (attempt >= 5) throw error;
            await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, reader));
    let lost = 0;
    let failedButPresent = 0;
    for (let seq = 0; seq < this.ledger.count; seq++) {
      const state = this.ledger.get(seq);
      if (state === WriteState.Acked && !found.has(seq)) lost++;
      if (state === WriteState.Failed && found.has(seq)) failedButPresent++;
    }
    return {
      acked: this.acked,
      lost,
      failedButPresent,
      partitionsRead: PARTITIONS,
      elapsedMs: performance.now() - started,
    };
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const dice = Math.random();
      if (dice < 0.6 || this.acked === 0) await this.write();
      else if (dice < 0.9) await this.readOne();
      else await this.readSlice();
    }
  }

  private async write(): Promise<void> {
    const seq = this.ledger.next();
    const t0 = performance.now();
    try {
      await this.session.execute(this.insert, [seq % PARTITIONS, seq, valueOf(seq)], {
        consistency: Consistency.QUORUM,
        idempotent: true,
      });
      this.ledger.set(seq, WriteState.Acked);
      this.acked++;
      this.record(t0, false);
    } catch (error) {
      this.ledger.set(seq, WriteState.Failed);
      this.failed++;
      this.failure(t0, error);
    }
  }

  private async readOne(): Promise<void> {
    const seq = this.randomAcked();
    const t0 = performance.now();
    try {
      const rs = await this.session.execute(this.select, [seq % PARTITIONS, seq], {
        consistency: Consistency.QUORUM,
        idempotent: true,
      });
      this.reads++;
      const row = rs.first() as { v?: unknown } | undefined;
      if (row === undefined) this.readsMissing++;
      else if (row.v !== valueOf(seq)) this.readsWrong++;
      this.record(t0, false);
    } catch (error) {
      this.readsFailed++;
      this.failure(t0, error);
    }
  }

  private async readSlice(): Promise<void> {
    const t0 = performance.now();
    try {
      const rs = await this.session.execute(this.slice, [Math.floor(Math.random() * PARTITIONS)], {
        consistency: Consistency.QUORUM,
        idempotent: true,
      });
      this.reads++;
      for (const row of rs.rows as { ck: { toNumber(): number }; v: unknown }[]) {
        if (row.v !== valueOf(row.ck.toNumber())) this.readsWrong++;
      }
      this.record(t0, false);
    } catch (error) {
      this.readsFailed++;
      this.failure(t0, error);
    }
  }

  /** An acknowledged sequence number (tries a few random ones, then the first acked found). */
  private randomAcked(): number {
    for (let i = 0; i < 8; i++) {
      const seq = Math.floor(Math.random() * this.ledger.count);
      if (this.ledger.get(seq) === WriteState.Acked) return seq;
    }
    for (let seq = this.ledger.count - 1; seq >= 0; seq--)
      if (this.ledger.get(seq) === WriteState.Acked) return seq;
    return 0;
  }

  private failure(t0: number, error: unknown): void {
    const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const key = name.replace(/\d+(\.\d+)*/g, 'N').slice(0, 160);
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    this.record(t0, true);
  }

  private record(t0: number, failed: boolean): void {
    const now = performance.now();
    const nanos = (now - t0) * 1e6;
    this.overall.record(nanos);
    for (const window of this.windows) {
      if (t0 < window.from || t0 >= window.to) continue;
      window.histogram.record(nanos);
      if (failed) window.errors++;
    }
  }
}

function valueOf(seq: number): string {
  return `v${seq}`;
}
