import { ProtocolDecodeError } from '../../src/errors';
import { Lz4SegmentCompressor } from '../../src/protocol/compression-lz4';
import { segmentCrc32 } from '../../src/protocol/crc32';
import {
  LZ4_SEGMENT_HEADER_LENGTH,
  MAX_SEGMENT_PAYLOAD,
  readLz4SegmentHeader,
  readUncompressedSegmentHeader,
  UNCOMPRESSED_SEGMENT_HEADER_LENGTH,
  writeLz4SegmentHeader,
  writeUncompressedSegmentHeader,
} from '../../src/protocol/segment';
import { SegmentDecoder } from '../../src/protocol/segment-decoder';
import type { SegmentCompressor } from '../../src/protocol/compression';
import {
  MAX_SKIPPED_SEGMENTS,
  MIN_COMPRESSED_PAYLOAD,
  SegmentEncoder,
} from '../../src/protocol/segment-encoder';
import {
  collector,
  concatEnvelopes,
  EnvelopeSpec,
  pseudoRandomBytes,
  splitAt,
  summarize,
} from './framing-fixtures';

/** Walks a buffer of segments, returning each header (no CRC checks beyond the header's). */
function segmentHeaders(data: Buffer, lz4: boolean) {
  const out = [];
  let at = 0;
  while (at < data.length) {
    const header = lz4 ? readLz4SegmentHeader(data, at) : readUncompressedSegmentHeader(data, at);
    out.push(header);
    at += (lz4 ? LZ4_SEGMENT_HEADER_LENGTH : UNCOMPRESSED_SEGMENT_HEADER_LENGTH) + header.payloadLength + 4;
  }
  expect(at).toBe(data.length);
  return out;
}

/**
 * Lays `data` out as the connection does for {@link SegmentEncoder.encodeInPlace} (header room,
 * envelopes, trailer room, the room filled with 0xee) and frames it.
 */
function encodeWithRoom(encoder: SegmentEncoder, data: Buffer, ends: number[]) {
  const room = encoder.headerRoom;
  const buffer = Buffer.alloc(room + data.length + 4, 0xee);
  data.copy(buffer, room);
  const framed = encoder.encodeInPlace(
    buffer,
    ends.map((e) => e + room),
  );
  return { buffer, framed };
}

function v5(spec: EnvelopeSpec): EnvelopeSpec {
  return { version: 5, ...spec };
}

describe('segment headers', () => {
  it('matches independently computed bytes (uncompressed)', () => {
    const buf = Buffer.alloc(6);
    writeUncompressedSegmentHeader(buf, 0, 9, true);
    expect(buf.toString('hex')).toBe('090002a4c8c1');
    writeUncompressedSegmentHeader(buf, 0, MAX_SEGMENT_PAYLOAD, false);
    expect(buf.toString('hex')).toBe('ffff013891fe');
    expect(readUncompressedSegmentHeader(buf, 0)).toEqual({
      payloadLength: MAX_SEGMENT_PAYLOAD,
      uncompressedLength: 0,
      selfContained: false,
    });
  });

  it('matches independently computed bytes (LZ4)', () => {
    const buf = Buffer.alloc(8);
    writeLz4SegmentHeader(buf, 0, 100, 250, true);
    expect(buf.toString('hex')).toBe('6400f40104c80f37');
    expect(readLz4SegmentHeader(buf, 0)).toEqual({
      payloadLength: 100,
      uncompressedLength: 250,
      selfContained: true,
    });
    writeLz4SegmentHeader(buf, 0, MAX_SEGMENT_PAYLOAD, MAX_SEGMENT_PAYLOAD, false);
    expect(buf.toString('hex')).toBe('ffffffff03a288b3');
    expect(readLz4SegmentHeader(buf, 0)).toEqual({
      payloadLength: MAX_SEGMENT_PAYLOAD,
      uncompressedLength: MAX_SEGMENT_PAYLOAD,
      selfContained: false,
    });
  });

  it('rejects a header whose CRC24 does not match', () => {
    const buf = Buffer.from('090002a4c8c1', 'hex');
    buf[0] = 0x0a;
    expect(() => readUncompressedSegmentHeader(buf, 0)).toThrow(/CRC24 mismatch/);
  });
});

describe('SegmentDecoder on independently built segments', () => {
  // Built by a Python script from the spec (see crc.test.ts for the CRC parameters).
  it('decodes a self-contained segment with one READY', () => {
    const { envelopes, onEnvelope } = collector();
    new SegmentDecoder(onEnvelope).push(Buffer.from('090002a4c8c1850000010200000000ea890152', 'hex'));
    expect(envelopes).toEqual([{ version: 5, flags: 0, stream: 1, opcode: 0x02, body: Buffer.alloc(0) }]);
  });

  it('decodes a self-contained segment with two envelopes', () => {
    const { envelopes, onEnvelope } = collector();
    new SegmentDecoder(onEnvelope).push(
      Buffer.from(
        '280002ef9c888500000102000000008500000206000000160001000b434f4d5052455353494f4e000100036c7a348615a4e6',
        'hex',
      ),
    );
    expect(envelopes.map((e) => [e.stream, e.opcode, e.body.length])).toEqual([
      [1, 0x02, 0],
      [2, 0x06, 22],
    ]);
  });

  it('decodes an LZ4 segment stored raw (uncompressed length 0)', () => {
    const { envelopes, onEnvelope } = collector();
    new SegmentDecoder(onEnvelope, { compressor: new Lz4SegmentCompressor() }).push(
      Buffer.from('0900000004c2b895850000010200000000ea890152', 'hex'),
    );
    expect(envelopes).toEqual([{ version: 5, flags: 0, stream: 1, opcode: 0x02, body: Buffer.alloc(0) }]);
  });
});

describe.each([
  ['uncompressed', null],
  ['LZ4', new Lz4SegmentCompressor()],
] as const)('SegmentEncoder → SegmentDecoder (%s)', (_name, compressor) => {
  const lz4 = compressor !== null;

  function roundTrip(specs: EnvelopeSpec[], chunking: (data: Buffer) => Buffer[] = (d) => [d]) {
    const { data, ends } = concatEnvelopes(specs.map(v5), 'request');
    const framed = new SegmentEncoder(compressor).encode(data, ends);
    // Framing in place (the connection's path) gives the same bytes, one segment or several.
    expect(encodeWithRoom(new SegmentEncoder(compressor), data, ends).framed).toEqual(framed);
    const { envelopes, onEnvelope } = collector();
    const decoder = new SegmentDecoder(onEnvelope, { compressor, direction: 'request' });
    for (const chunk of chunking(framed)) decoder.push(chunk);
    expect(summarize(envelopes)).toEqual(
      summarize(specs.map((s) => ({ stream: s.stream ?? 0, opcode: s.opcode ?? 0x08, body: s.body }))),
    );
    expect(decoder.bufferedLength).toBe(0);
    return framed;
  }

  it('packs several small envelopes into one self-contained segment', () => {
    const specs = Array.from({ length: 50 }, (_, i) => ({
      stream: i,
      opcode: 0x07,
      body: pseudoRandomBytes(100, i + 1),
    }));
    const framed = roundTrip(specs);
    const headers = segmentHeaders(framed, lz4);
    expect(headers).toHaveLength(1);
    expect(headers[0]!.selfContained).toBe(true);
  });

  it('starts a new self-contained segment when the next envelope would not fit', () => {
    // 3 envelopes of 50 000 bytes: two fit in 131 071, the third goes to a second segment.
    const specs = [1, 2, 3].map((i) => ({ stream: i, body: pseudoRandomBytes(50_000 - 9, i) }));
    const headers = segmentHeaders(roundTrip(specs), lz4);
    expect(headers.map((h) => h.selfContained)).toEqual([true, true]);
    if (!lz4) expect(headers.map((h) => h.payloadLength)).toEqual([100_000, 50_000]);
  });

  it('splits an envelope above 128 KiB over non-self-contained segments', () => {
    const big = pseudoRandomBytes(300_000, 42);
    const specs = [
      { stream: 1, body: Buffer.from('before') },
      { stream: 2, body: big },
      { stream: 3, body: Buffer.from('after') },
    ];
    const headers = segmentHeaders(roundTrip(specs), lz4);
    expect(headers.map((h) => h.selfContained)).toEqual([true, false, false, false, true]);
    if (!lz4) {
      expect(headers.map((h) => h.payloadLength)).toEqual([
        15,
        MAX_SEGMENT_PAYLOAD,
        MAX_SEGMENT_PAYLOAD,
        300_009 - 2 * MAX_SEGMENT_PAYLOAD,
        14,
      ]);
    }
  });

  it('reassembles a split envelope fed in small chunks', () => {
    const specs = [
      { stream: 7, body: pseudoRandomBytes(400_000, 5, 16) },
      { stream: 8, body: Buffer.alloc(0) },
    ];
    roundTrip(specs, (d) =>
      Array.from({ length: Math.ceil(d.length / 997) }, (_, i) => d.subarray(i * 997, (i + 1) * 997)),
    );
  });

  it('decodes at random split points, one byte at a time included', () => {
    const specs = Array.from({ length: 5 }, (_, i) => ({
      stream: i,
      body: pseudoRandomBytes(i * 30_000, i + 3, 8),
    }));
    for (let seed = 1; seed <= 20; seed++) {
      roundTrip(specs, (d) =>
        splitAt(
          d,
          [...pseudoRandomBytes(16, seed)].map((b) => Math.floor((b / 256) * d.length)),
        ),
      );
    }
    roundTrip(specs.slice(0, 2), (d) => Array.from({ length: d.length }, (_, i) => d.subarray(i, i + 1)));
  });

  it('encodes an envelope of exactly the payload limit in one self-contained segment', () => {
    const headers = segmentHeaders(
      roundTrip([{ stream: 1, body: pseudoRandomBytes(MAX_SEGMENT_PAYLOAD - 9, 8) }]),
      lz4,
    );
    expect(headers).toHaveLength(1);
    expect(headers[0]!.selfContained).toBe(true);
  });

  it('encodes nothing for no envelopes', () => {
    expect(new SegmentEncoder(compressor).encode(Buffer.alloc(0), []).length).toBe(0);
    expect(encodeWithRoom(new SegmentEncoder(compressor), Buffer.alloc(0), []).framed.length).toBe(0);
  });

  it('frames into a new buffer when the envelopes need several segments', () => {
    const { data, ends } = concatEnvelopes(
      [1, 2, 3].map((i) => v5({ stream: i, body: pseudoRandomBytes(50_000, i) })),
    );
    const { buffer, framed } = encodeWithRoom(new SegmentEncoder(compressor), data, ends);
    expect(framed.buffer).not.toBe(buffer.buffer);
    expect(segmentHeaders(framed, lz4)).toHaveLength(2);
  });
});

describe('SegmentEncoder.encodeInPlace', () => {
  it('frames envelopes that fit one segment inside the given buffer, without copying them', () => {
    const { data, ends } = concatEnvelopes([
      v5({ stream: 1, body: Buffer.from('"status":"ok",'.repeat(100)) }),
      v5({ stream: 2, body: pseudoRandomBytes(300, 4) }),
    ]);
    const { buffer, framed } = encodeWithRoom(new SegmentEncoder(null), data, ends);
    expect(framed.buffer).toBe(buffer.buffer);
    expect(framed.byteOffset).toBe(buffer.byteOffset);
    const [header] = segmentHeaders(framed, false);
    expect(header!.selfContained).toBe(true);
    expect(framed.subarray(UNCOMPRESSED_SEGMENT_HEADER_LENGTH, -4)).toEqual(data);
  });

  it('frames a payload LZ4 stores raw in place, and a compressed one into a new buffer', () => {
    const lz4Encoder = new SegmentEncoder(new Lz4SegmentCompressor());
    const noise = concatEnvelopes([v5({ stream: 1, body: pseudoRandomBytes(2000, 6) })]);
    const raw = encodeWithRoom(lz4Encoder, noise.data, noise.ends);
    expect(raw.framed.buffer).toBe(raw.buffer.buffer);
    expect(segmentHeaders(raw.framed, true)[0]!.uncompressedLength).toBe(0);
    expect(raw.framed.subarray(LZ4_SEGMENT_HEADER_LENGTH, -4)).toEqual(noise.data);

    const text = concatEnvelopes([v5({ stream: 2, body: Buffer.from('"status":"ok",'.repeat(100)) })]);
    const compressed = encodeWithRoom(new SegmentEncoder(new Lz4SegmentCompressor()), text.data, text.ends);
    expect(compressed.framed.buffer).not.toBe(compressed.buffer.buffer);
    expect(segmentHeaders(compressed.framed, true)[0]!.uncompressedLength).toBe(text.data.length);
  });
});

describe('LZ4 segments', () => {
  const compressor = new Lz4SegmentCompressor();

  it('compresses compressible payloads and stores incompressible ones raw', () => {
    const { data: text, ends: textEnds } = concatEnvelopes([
      { version: 5, body: Buffer.from('abc'.repeat(5000)) },
    ]);
    const compressed = new SegmentEncoder(compressor).encode(text, textEnds);
    const [h1] = segmentHeaders(compressed, true);
    expect(h1!.uncompressedLength).toBe(text.length);
    expect(h1!.payloadLength).toBeLessThan(text.length / 10);

    const { data: noise, ends: noiseEnds } = concatEnvelopes([
      { version: 5, body: pseudoRandomBytes(2000, 9) },
    ]);
    const raw = new SegmentEncoder(compressor).encode(noise, noiseEnds);
    const [h2] = segmentHeaders(raw, true);
    expect(h2!.uncompressedLength).toBe(0);
    expect(h2!.payloadLength).toBe(noise.length);
    expect(raw.subarray(8, 8 + noise.length)).toEqual(noise);
  });

  it('computes the payload CRC32 over the compressed bytes', () => {
    const { data, ends } = concatEnvelopes([{ version: 5, body: Buffer.from('xyz'.repeat(3000)) }]);
    const framed = new SegmentEncoder(compressor).encode(data, ends);
    const [h] = segmentHeaders(framed, true);
    const stored = framed.subarray(8, 8 + h!.payloadLength);
    expect(framed.readUInt32LE(8 + h!.payloadLength)).toBe(segmentCrc32(stored));
  });

  /** The LZ4 compressor, counting the payloads it was asked to compress. */
  function countingCompressor(): { compressor: SegmentCompressor; calls: () => number } {
    let calls = 0;
    return {
      compressor: {
        compressBlock: (payload) => {
          calls++;
          return compressor.compressBlock(payload);
        },
        decompressBlock: (block, length) => compressor.decompressBlock(block, length),
      },
      calls: () => calls,
    };
  }

  /** Encodes each body as its own segment with `encoder` and decodes it back. */
  function sendEach(encoder: SegmentEncoder, bodies: Buffer[]) {
    const headers = [];
    for (const body of bodies) {
      const { data, ends } = concatEnvelopes([{ version: 5, stream: 3, body }], 'request');
      const framed = encoder.encode(data, ends);
      headers.push(...segmentHeaders(framed, true));
      const { envelopes, onEnvelope } = collector();
      new SegmentDecoder(onEnvelope, { compressor, direction: 'request' }).push(framed);
      expect(envelopes).toHaveLength(1);
      expect(envelopes[0]!.body).toEqual(body);
    }
    return headers;
  }

  it('stores a payload below the size floor raw, even when it would compress, and it round-trips', () => {
    const counted = countingCompressor();
    const small = Buffer.from('a'.repeat(MIN_COMPRESSED_PAYLOAD - 9 - 1));
    const [header] = sendEach(new SegmentEncoder(counted.compressor), [small]);
    expect(header!.uncompressedLength).toBe(0);
    expect(header!.payloadLength).toBe(small.length + 9);
    expect(counted.calls()).toBe(0);
  });

  it('stores a payload that compresses by less than 1/8 raw, and it round-trips', () => {
    // Half noise, half zeros: LZ4 makes it smaller, but by far less than it would need to pay.
    const body = Buffer.concat([pseudoRandomBytes(1800, 5), Buffer.alloc(150)]);
    expect(compressor.compressBlock(body)!.length).toBeLessThan(body.length + 9);
    const [header] = sendEach(new SegmentEncoder(compressor), [body]);
    expect(header!.uncompressedLength).toBe(0);
  });

  it('stops trying to compress incompressible payloads for a while, then tries again', () => {
    const counted = countingCompressor();
    const encoder = new SegmentEncoder(counted.compressor);
    const noise = Array.from({ length: 8 }, (_, i) => pseudoRandomBytes(2000, 100 + i));
    // 1st tried (miss) → 2 skipped; 4th tried (miss) → 4 skipped (5th–8th).
    const headers = sendEach(encoder, noise);
    expect(headers.every((h) => h.uncompressedLength === 0)).toBe(true);
    expect(counted.calls()).toBe(2);
    // Compressible again: the 9th payload is tried (the skip window is over) and compressed,
    // which resets the back-off: the next one is compressed too.
    const text = Buffer.from('"sensor":1234,"status":"ok",'.repeat(80));
    const [h9, h10] = sendEach(encoder, [text, text]);
    expect(h9!.uncompressedLength).toBe(text.length + 9);
    expect(h10!.uncompressedLength).toBe(text.length + 9);
    expect(counted.calls()).toBe(4);
  });

  it('caps the back-off at MAX_SKIPPED_SEGMENTS payloads', () => {
    const counted = countingCompressor();
    const encoder = new SegmentEncoder(counted.compressor);
    const noise = pseudoRandomBytes(1000, 7);
    const total = 198; // tries at 1, 4, 9, 18, 35, 68, 133 (then 64 skipped, not 128), 198
    sendEach(
      encoder,
      Array.from({ length: total }, () => noise),
    );
    expect(counted.calls()).toBe(8);
    expect(MAX_SKIPPED_SEGMENTS).toBe(64);
  });

  it('rejects a block that does not decompress to the declared length', () => {
    const block = compressor.compressBlock(Buffer.from('hello '.repeat(100)))!;
    expect(() => compressor.decompressBlock(block, 599)).toThrow(ProtocolDecodeError);
    expect(() => compressor.decompressBlock(Buffer.from([0xff, 0xff, 0xff]), 1000)).toThrow(
      ProtocolDecodeError,
    );
  });
});

describe('SegmentDecoder errors', () => {
  function framedOf(specs: EnvelopeSpec[]): Buffer {
    const { data, ends } = concatEnvelopes(specs.map(v5));
    return new SegmentEncoder(null).encode(data, ends);
  }

  it('rejects a payload CRC32 mismatch', () => {
    const framed = framedOf([{ body: Buffer.from('payload') }]);
    framed[10] = (framed[10] as number) ^ 0x01;
    expect(() => new SegmentDecoder(() => undefined).push(framed)).toThrow(/CRC32 mismatch/);
  });

  it('rejects an envelope overrunning its self-contained segment', () => {
    const payload = Buffer.from('850000010800000010' + '00', 'hex'); // declares 16 body bytes, has 1
    const seg = Buffer.alloc(6 + payload.length + 4);
    writeUncompressedSegmentHeader(seg, 0, payload.length, true);
    payload.copy(seg, 6);
    seg.writeUInt32LE(segmentCrc32(payload), 6 + payload.length);
    expect(() => new SegmentDecoder(() => undefined).push(seg)).toThrow(/overruns/);
  });

  it('rejects a self-contained segment in the middle of a split envelope', () => {
    const big = framedOf([{ body: pseudoRandomBytes(200_000, 1) }]);
    const first = big.subarray(0, 6 + MAX_SEGMENT_PAYLOAD + 4);
    const small = framedOf([{ body: Buffer.from('x') }]);
    const decoder = new SegmentDecoder(() => undefined);
    decoder.push(first);
    expect(() => decoder.push(small)).toThrow(/incomplete/);
  });
});
