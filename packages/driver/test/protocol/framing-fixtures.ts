import { createHash } from 'node:crypto';
import { ByteWriter } from '../../src/binary/byte-writer';
import { Direction, Envelope, writeEnvelope } from '../../src/protocol/envelope';

/** Test helpers: build envelopes and collect decoder output. */

export interface EnvelopeSpec {
  version?: number;
  flags?: number;
  stream?: number;
  opcode?: number;
  body: Buffer;
}

/** One encoded envelope. */
export function envelopeBytes(spec: EnvelopeSpec, direction: Direction = 'response'): Buffer {
  const w = new ByteWriter(16);
  writeEnvelope(
    w,
    spec.version ?? 4,
    spec.flags ?? 0,
    spec.stream ?? 0,
    spec.opcode ?? 0x08,
    direction,
    (b) => b.writeRaw(spec.body),
  );
  return Buffer.from(w.finish());
}

/** Several envelopes back to back, with the end offset of each. */
export function concatEnvelopes(
  specs: EnvelopeSpec[],
  direction: Direction = 'response',
): { data: Buffer; ends: number[] } {
  const parts = specs.map((s) => envelopeBytes(s, direction));
  const ends: number[] = [];
  let at = 0;
  for (const p of parts) ends.push((at += p.length));
  return { data: Buffer.concat(parts), ends };
}

/** A decoder callback that records envelopes (bodies copied). */
export function collector(): { envelopes: Envelope[]; onEnvelope: (e: Envelope) => void } {
  const envelopes: Envelope[] = [];
  return {
    envelopes,
    onEnvelope: (e) =>
      envelopes.push({
        version: e.version,
        flags: e.flags,
        stream: e.stream,
        opcode: e.opcode,
        body: Buffer.from(e.body),
      }),
  };
}

/** Deterministic pseudo-random bytes (compressible when `alphabet` is small). */
export function pseudoRandomBytes(length: number, seed = 1, alphabet = 256): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) % alphabet;
  }
  return out;
}

/** Splits `data` at the given cut points (sorted, deduplicated, within bounds). */
export function splitAt(data: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(data.length, c))))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    chunks.push(data.subarray(prev, p));
    prev = p;
  }
  chunks.push(data.subarray(prev));
  return chunks;
}

/** Fast equality of envelope lists (Jest's deep equality is slow on large Buffers). */
export function summarize(envelopes: readonly { stream: number; opcode: number; body: Buffer }[]): string[] {
  return envelopes.map(
    (e) => `${e.stream}/${e.opcode}/${e.body.length}/${createHash('sha1').update(e.body).digest('hex')}`,
  );
}
