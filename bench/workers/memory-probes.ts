/**
 * Memory measurements:
 * - heap per in-flight request: `heapUsed` growth (after forced GCs) with N requests parked on a
 *   stub statement that is never answered (each driver's default request timeout stays armed,
 *   so its timer is included; so are the caller's promise and its `.catch` handler);
 * - RSS growth while streaming many rows through async iteration.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectGarbage, megabytes } from '../lib/gc';
import { emitRecord, type InflightJob, type StreamJob } from '../lib/job';
import { runClosedLoop } from './closed-loop';
import type { BenchSession } from './driver-adapter';

const ignore = (): void => undefined;

/** Time given to the drivers to write every parked request. */
const SETTLE_MS = 750;
/** Rows streamed (then abandoned) before the measured stream. */
const STREAM_WARMUP_ROWS = 20_000;
/** Interval of RSS sampling while streaming. */
const SAMPLE_EVERY_MS = 20;

/** Runs an {@link InflightJob}. The parked requests never settle: exit the process afterwards. */
export async function runInflightJob(job: InflightJob, session: BenchSession): Promise<void> {
  await runClosedLoop(session.operation('insert'), 128, job.warmupMs, undefined);
  // cassandra-driver prepares on first execute: park one request first so that PREPARE is done.
  session.sendUnanswered(0).catch(ignore);
  await sleep(SETTLE_MS);
  collectGarbage(3);
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage.rss();
  for (let i = 1; i <= job.parked; i++) session.sendUnanswered(i).catch(ignore);
  await sleep(SETTLE_MS);
  collectGarbage(3);
  const heapAfter = process.memoryUsage().heapUsed;
  emitRecord({
    kind: 'inflight',
    suite: job.suite,
    rep: job.rep,
    driver: job.driver,
    variant: job.variant,
    parked: job.parked,
    heapPerRequestBytes: Math.round((heapAfter - heapBefore) / job.parked),
    rssGrowthMB: megabytes(process.memoryUsage.rss() - rssBefore),
  });
}

/** Runs a {@link StreamJob}. */
export async function runStreamJob(job: StreamJob, session: BenchSession): Promise<void> {
  await session.streamScan(job.api, job.pageSize, (count) => count < STREAM_WARMUP_ROWS);
  collectGarbage(3);
  const rssBase = process.memoryUsage.rss();
  const heapBase = process.memoryUsage().heapUsed;
  let rssPeak = rssBase;
  let heapPeak = heapBase;
  const sample = (): void => {
    const memory = process.memoryUsage();
    if (memory.rss > rssPeak) rssPeak = memory.rss;
    if (memory.heapUsed > heapPeak) heapPeak = memory.heapUsed;
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const rows = await session.streamScan(job.api, job.pageSize, (count) => {
    if ((count & 0x3fff) === 0) sample();
    return true;
  });
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(timer);
  sample();
  emitRecord({
    kind: 'stream',
    suite: job.suite,
    rep: job.rep,
    target: job.target.kind,
    driver: job.driver,
    variant: job.variant,
    api: job.api,
    rows,
    elapsedMs: Math.round(elapsedMs),
    cpuUs: cpu.user + cpu.system,
    rssBaseMB: megabytes(rssBase),
    rssPeakMB: megabytes(rssPeak),
    rssGrowthMB: megabytes(rssPeak - rssBase),
    heapPeakGrowthMB: megabytes(heapPeak - heapBase),
  });
}
