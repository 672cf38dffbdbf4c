import fc from 'fast-check';
import { ProtocolDecodeError } from '../../src/errors';
import type { BodyCompressor, SegmentCompressor } from '../../src/protocol/compression';
import { Lz4BodyCompressor, Lz4SegmentCompressor } from '../../src/protocol/compression-lz4';
import { SnappyBodyCompressor } from '../../src/protocol/compression-snappy';
import { segmentCrc32 } from '../../src/protocol/crc32';
import { EnvelopeDecoder } from '../../src/protocol/envelope-decoder';
import { EnvelopeFlag } from '../../src/protocol/opcodes';
import { writeLz4SegmentHeader, writeUncompressedSegmentHeader } from '../../src/protocol/segment';
import { SegmentDecoder } from '../../src/protocol/segment-decoder';
import { SegmentEncoder } from '../../src/protocol/segment-encoder';
import { concatEnvelopes, EnvelopeSpec, splitAt } from './framing-fixtures';

/**
 * Property: whatever bytes arrive, decoders either decode or throw ProtocolDecodeError — never
 * another error type, never a hang (every run is synchronous and bounded).
 */

const FUZZ_MAX_BODY = 1 << 20; // keeps lying length fields from allocating much
const RUNS = 1000;

const lz4Body = new Lz4BodyCompressor();
const snappyBody = new SnappyBodyCompressor();
const lz4Segment = new Lz4SegmentCompressor();

type Feed = { push(chunk: Buffer): void };

/** Feeds chunks; returns normally or with a ProtocolDecodeError, fails the property otherwise. */
function feedExpectingOnlyDecodeErrors(decoder: Feed, chunks: Buffer[]): void {
  try {
    for (const chunk of chunks) decoder.push(chunk);
  } catch (error) {
    if (!(error instanceof ProtocolDecodeError)) {
      throw new Error(`unexpected ${(error as Error)?.constructor?.name}: ${String(error)}`);
    }
  }
}

const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));
const cuts = fc.array(fc.nat({ max: 100_000 }), { maxLength: 12 });

const envelopeSpec: fc.Arbitrary<EnvelopeSpec> = fc.record({
  version: fc.constantFrom(3, 4, 5),
  flags: fc.nat({ max: 0x1f }).map((f) => f & ~EnvelopeFlag.COMPRESSED),
  stream: fc.integer({ min: -32768, max: 32767 }),
  opcode: fc.nat({ max: 0x10 }),
  body: fc.oneof(
    bytes(64),
    fc.string({ maxLength: 400 }).map((s) => Buffer.from(s.repeat(3))),
  ),
});

/** Byte-level mutations of a valid stream: overwrite, truncate, insert, duplicate. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('xor' as const), at: fc.nat(), value: fc.integer({ min: 1, max: 255 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(data: Buffer, mutations: Mutation[]): Buffer {
  let out = Buffer.from(data);
  for (const m of mutations) {
    if (out.length === 0) break;
    const at = m.at % out.length;
    if (m.kind === 'set') out[at] = m.value;
    else if (m.kind === 'xor') out[at] = (out[at] as number) ^ m.value;
    else if (m.kind === 'truncate') out = out.subarray(0, at);
    else out = Buffer.concat([out.subarray(0, at), Buffer.from([m.value]), out.subarray(at)]);
  }
  return out;
}

function compressBodies(specs: EnvelopeSpec[], codec: BodyCompressor): EnvelopeSpec[] {
  return specs.map((s) => {
    const compressed = codec.compressBody(s.body);
    return compressed ? { ...s, flags: (s.flags ?? 0) | EnvelopeFlag.COMPRESSED, body: compressed } : s;
  });
}

/** One segment with an arbitrary payload but correct CRCs, to reach the code behind the CRC checks. */
function segmentWithValidCrcs(
  payload: Buffer,
  selfContained: boolean,
  compressor: SegmentCompressor | null,
  declared: number,
): Buffer {
  const headerLength = compressor ? 8 : 6;
  const seg = Buffer.alloc(headerLength + payload.length + 4);
  if (compressor) writeLz4SegmentHeader(seg, 0, payload.length, declared, selfContained);
  else writeUncompressedSegmentHeader(seg, 0, payload.length, selfContained);
  payload.copy(seg, headerLength);
  seg.writeUInt32LE(segmentCrc32(payload), headerLength + payload.length);
  return seg;
}

describe('EnvelopeDecoder fuzzing', () => {
  it.each([
    ['no compression', null],
    ['lz4', lz4Body],
    ['snappy', snappyBody],
  ] as const)('random bytes only ever raise ProtocolDecodeError (%s)', (_name, compressor) => {
    fc.assert(
      fc.property(bytes(300), cuts, (data, points) => {
        const decoder = new EnvelopeDecoder(() => undefined, { compressor, maxBodyLength: FUZZ_MAX_BODY });
        feedExpectingOnlyDecodeErrors(decoder, splitAt(data, points));
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['no compression', null],
    ['lz4', lz4Body],
    ['snappy', snappyBody],
  ] as const)('mutated valid streams only ever raise ProtocolDecodeError (%s)', (_name, compressor) => {
    fc.assert(
      fc.property(
        fc.array(envelopeSpec, { minLength: 1, maxLength: 5 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        cuts,
        (specs, mutations, points) => {
          const prepared = compressor ? compressBodies(specs, compressor) : specs;
          const { data } = concatEnvelopes(prepared);
          const decoder = new EnvelopeDecoder(() => undefined, { compressor, maxBodyLength: FUZZ_MAX_BODY });
          feedExpectingOnlyDecodeErrors(decoder, splitAt(mutate(data, mutations), points));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('decodes any valid stream at any split points (round trip)', () => {
    fc.assert(
      fc.property(fc.array(envelopeSpec, { maxLength: 6 }), cuts, fc.boolean(), (specs, points, compress) => {
        // v5 ignores the envelope compression flag: compress v3/v4 envelopes only
        const versioned = compress
          ? specs.map((s) => ({ ...s, version: Math.min(s.version ?? 4, 4) }))
          : specs;
        const prepared = compress ? compressBodies(versioned, lz4Body) : versioned;
        const { data } = concatEnvelopes(prepared);
        const seen: Buffer[] = [];
        const decoder = new EnvelopeDecoder((e) => seen.push(Buffer.from(e.body)), { compressor: lz4Body });
        for (const chunk of splitAt(data, points)) decoder.push(chunk);
        expect(seen).toEqual(specs.map((s) => s.body));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('SegmentDecoder fuzzing', () => {
  const v5 = envelopeSpec.map((s) => ({ ...s, version: 5 }));

  it.each([
    ['uncompressed', null],
    ['lz4', lz4Segment],
  ] as const)('random bytes only ever raise ProtocolDecodeError (%s)', (_name, compressor) => {
    fc.assert(
      fc.property(bytes(300), cuts, (data, points) => {
        const decoder = new SegmentDecoder(() => undefined, { compressor, maxBodyLength: FUZZ_MAX_BODY });
        feedExpectingOnlyDecodeErrors(decoder, splitAt(data, points));
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['uncompressed', null],
    ['lz4', lz4Segment],
  ] as const)('mutated valid segments only ever raise ProtocolDecodeError (%s)', (_name, compressor) => {
    fc.assert(
      fc.property(
        fc.array(v5, { minLength: 1, maxLength: 5 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        cuts,
        (specs, mutations, points) => {
          const { data, ends } = concatEnvelopes(specs);
          const framed = new SegmentEncoder(compressor, 200).encode(data, ends); // small limit: many segments
          const decoder = new SegmentDecoder(() => undefined, { compressor, maxBodyLength: FUZZ_MAX_BODY });
          feedExpectingOnlyDecodeErrors(decoder, splitAt(mutate(framed, mutations), points));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['uncompressed', null],
    ['lz4', lz4Segment],
  ] as const)(
    'segments with correct CRCs around garbage or mutated envelopes only raise ProtocolDecodeError (%s)',
    (_name, compressor) => {
      const payload = fc.oneof(
        bytes(200),
        fc
          .tuple(fc.array(v5, { minLength: 1, maxLength: 3 }), fc.array(mutation, { maxLength: 3 }))
          .map(([specs, mutations]) => mutate(concatEnvelopes(specs).data, mutations)),
      );
      const segment = fc.record({
        payload,
        selfContained: fc.boolean(),
        declared: fc.oneof(fc.constant(0), fc.nat({ max: 0x1ffff })),
      });
      fc.assert(
        fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), cuts, (segments, points) => {
          const stream = Buffer.concat(
            segments.map((s) => segmentWithValidCrcs(s.payload, s.selfContained, compressor, s.declared)),
          );
          const decoder = new SegmentDecoder(() => undefined, { compressor, maxBodyLength: FUZZ_MAX_BODY });
          feedExpectingOnlyDecodeErrors(decoder, splitAt(stream, points));
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('decodes any valid segment stream at any split points (round trip)', () => {
    fc.assert(
      fc.property(
        fc.array(v5, { maxLength: 6 }),
        fc.constantFrom(null, lz4Segment),
        fc.integer({ min: 20, max: 0x1ffff }),
        cuts,
        (specs, compressor, maxPayload, points) => {
          const { data, ends } = concatEnvelopes(specs, 'request');
          const framed = new SegmentEncoder(compressor, maxPayload).encode(data, ends);
          const seen: Buffer[] = [];
          const decoder = new SegmentDecoder((e) => seen.push(Buffer.from(e.body)), {
            compressor,
            direction: 'request',
          });
          for (const chunk of splitAt(framed, points)) decoder.push(chunk);
          expect(seen).toEqual(specs.map((s) => s.body));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
