/**
 * Decode-only worker: decodes the captured 5000-row frame with one decoder for a fixed time and
 * reports ns per row (wall) and CPU ns per row. One process per decoder and repetition.
 *
 * `node --expose-gc --import tsx bench/decode/decode-worker.ts '<DecodeJob json>'`
 */
import { performance } from 'node:perf_hooks';
import { collectGarbage } from '../lib/gc';
import { type DecodeJob, type DecoderName, emitRecord } from '../lib/job';
import { type CapturedFrame, loadCapturedFrame } from './captured-frame';
import { cassandraDriverParserDecoder, cassandraDriverStreamsDecoder } from './cassandra-driver-decoders';
import { cqlkitBodyDecoder, cqlkitEnvelopeDecoder, type FrameDecoder } from './cqlkit-decoders';

const DECODERS: Readonly<Record<DecoderName, (frame: CapturedFrame) => FrameDecoder>> = {
  cqlkit: cqlkitBodyDecoder,
  'cqlkit-envelope': cqlkitEnvelopeDecoder,
  'cassandra-driver': (frame) => cassandraDriverParserDecoder(frame, true),
  'cassandra-driver-nocopy': (frame) => cassandraDriverParserDecoder(frame, false),
  'cassandra-driver-streams': cassandraDriverStreamsDecoder,
};

async function decodeFor(
  decode: FrameDecoder,
  durationMs: number,
): Promise<{ frames: number; rows: number }> {
  const deadline = performance.now() + durationMs;
  let frames = 0;
  let rows = 0;
  do {
    rows += await decode();
    frames++;
  } while (performance.now() < deadline);
  return { frames, rows };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as DecodeJob;
  const frame = loadCapturedFrame(job.fixturePath);
  const decode = DECODERS[job.decoder](frame);
  const first = await decode();
  if (first !== frame.rowCount)
    throw new Error(`${job.decoder} decoded ${first} rows, expected ${frame.rowCount}`);
  collectGarbage(); // before the warm-up, never between it and the window (see collectGarbage)
  await decodeFor(decode, job.warmupMs);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { frames, rows } = await decodeFor(decode, job.measureMs);
  const elapsedNs = (performance.now() - started) * 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  emitRecord({
    kind: 'decode',
    suite: job.suite,
    rep: job.rep,
    decoder: job.decoder,
    rowsPerFrame: frame.rowCount,
    frames,
    nsPerRow: Math.round((elapsedNs / rows) * 10) / 10,
    cpuNsPerRow: Math.round((((cpu.user + cpu.system) * 1000) / rows) * 10) / 10,
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
