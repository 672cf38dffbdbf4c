import * as snappy from 'snappy';
import { ProtocolDecodeError } from '../../src/errors';
import { Lz4BodyCompressor } from '../../src/protocol/compression-lz4';
import { SnappyBodyCompressor } from '../../src/protocol/compression-snappy';
import { ByteWriter } from '../../src/binary/byte-writer';
import { ByteReader } from '../../src/binary/byte-reader';
import {
  beginEnvelope,
  bodyIsInt,
  endEnvelope,
  type Envelope,
  envelopeBodyReader,
  ENVELOPE_HEADER_LENGTH,
  MAX_ENVELOPE_BODY_LENGTH,
  readEnvelopeHeader,
  ReceivedEnvelope,
} from '../../src/protocol/envelope';
import { EnvelopeDecoder } from '../../src/protocol/envelope-decoder';
import { EnvelopeFlag } from '../../src/protocol/opcodes';
import {
  collector,
  concatEnvelopes,
  envelopeBytes,
  pseudoRandomBytes,
  splitAt,
  summarize,
} from './framing-fixtures';

describe('envelope header', () => {
  /** The bytes of a header written by beginEnvelope/endEnvelope after `at` bytes of padding. */
  function header(
    direction: 'request' | 'response',
    fields: { version: number; flags: number; stream: number; opcode: number; bodyLength: number },
    at = 0,
  ): Buffer {
    const w = new ByteWriter();
    w.writeRaw(Buffer.alloc(at));
    const start = beginEnvelope(w, direction, fields.version, fields.flags, fields.stream, fields.opcode);
    endEnvelope(w, start, fields.bodyLength);
    return Buffer.from(w.finish());
  }

  it('writes the documented 9 bytes', () => {
    expect(
      header('request', { version: 4, flags: 0x02, stream: 0x1234, opcode: 0x07, bodyLength: 258 }).toString(
        'hex',
      ),
    ).toBe('040212340700000102');
    expect(
      header('response', { version: 5, flags: 0, stream: -1, opcode: 0x0c, bodyLength: 0 }).toString('hex'),
    ).toBe('8500ffff0c00000000');
  });

  it('measures the body written after the header', () => {
    const w = new ByteWriter();
    const start = beginEnvelope(w, 'request', 4, 0, 1, 0x07);
    w.writeRaw(Buffer.from('abc'));
    endEnvelope(w, start);
    expect(readEnvelopeHeader(w.finish(), 0, 'request').bodyLength).toBe(3);
  });

  it.each([
    [3, 0, 0, 0x05, 0],
    [4, 0x0f, 32767, 0x08, 1],
    [5, 0x08, -1, 0x0c, 65536],
    [5, 0x04, -32768, 0x00, MAX_ENVELOPE_BODY_LENGTH],
  ])(
    'round-trips v%i flags %i stream %i opcode %i length %i',
    (version, flags, stream, opcode, bodyLength) => {
      for (const direction of ['request', 'response'] as const) {
        const buf = header(direction, { version, flags, stream, opcode, bodyLength }, 3);
        expect(readEnvelopeHeader(buf, 3, direction)).toEqual({ version, flags, stream, opcode, bodyLength });
      }
    },
  );

  it('rejects the wrong direction bit', () => {
    const request = envelopeBytes({ body: Buffer.alloc(0) }, 'request');
    expect(() => readEnvelopeHeader(request, 0, 'response')).toThrow(ProtocolDecodeError);
    expect(() => readEnvelopeHeader(request, 0, 'response')).toThrow(/direction/);
  });

  it.each([1, 2, 6, 0x7f])('rejects protocol version %i', (version) => {
    const buf = Buffer.from('840000000800000000', 'hex');
    buf[0] = 0x80 | version;
    expect(() => readEnvelopeHeader(buf, 0, 'response')).toThrow(/unsupported protocol version/);
  });

  it('rejects negative and oversized body lengths', () => {
    const buf = Buffer.from('8400000008ffffffff', 'hex');
    expect(() => readEnvelopeHeader(buf, 0, 'response')).toThrow(ProtocolDecodeError);
    buf.writeInt32BE(MAX_ENVELOPE_BODY_LENGTH + 1, 5);
    expect(() => readEnvelopeHeader(buf, 0, 'response')).toThrow(/body length/);
    buf.writeInt32BE(1001, 5);
    expect(() => readEnvelopeHeader(buf, 0, 'response', 1000)).toThrow(/\[0, 1000\]/);
  });

  it('rejects a truncated header', () => {
    expect(() => readEnvelopeHeader(Buffer.alloc(8), 0, 'response')).toThrow(ProtocolDecodeError);
  });
});

describe('EnvelopeDecoder', () => {
  const specs = [
    { stream: 1, opcode: 0x08, body: Buffer.from('first') },
    { stream: -1, opcode: 0x0c, body: Buffer.alloc(0) },
    { stream: 300, opcode: 0x06, body: pseudoRandomBytes(70_000, 7) },
    { stream: 2, opcode: 0x00, flags: EnvelopeFlag.WARNING, body: Buffer.from([1, 2, 3]) },
  ];
  const { data } = concatEnvelopes(specs);

  function expectDecoded(chunks: Buffer[]): void {
    const { envelopes, onEnvelope } = collector();
    const decoder = new EnvelopeDecoder(onEnvelope);
    for (const chunk of chunks) decoder.push(chunk);
    expect(envelopes.map((e) => [e.version, e.flags])).toEqual(specs.map((s) => [4, s.flags ?? 0]));
    expect(summarize(envelopes)).toEqual(summarize(specs));
    expect(decoder.bufferedLength).toBe(0);
  }

  it('decodes several envelopes from one chunk', () => expectDecoded([data]));

  it('leaves a body that lies in one chunk in place: its view is made only when `body` is read', () => {
    const seen: Envelope[] = [];
    new EnvelopeDecoder((e) => seen.push(e)).push(data);
    const first = seen[0] as ReceivedEnvelope;
    expect(first).toBeInstanceOf(ReceivedEnvelope);
    expect(first.source).toBe(data);
    expect([first.bodyStart, first.bodyEnd]).toEqual([ENVELOPE_HEADER_LENGTH, ENVELOPE_HEADER_LENGTH + 5]);
    expect(first.body.toString()).toBe('first');
    expect(first.body).toBe(first.body);
  });

  it('reads a body in place with the error offsets of the body on its own', () => {
    const seen: Envelope[] = [];
    new EnvelopeDecoder((e) => seen.push(e)).push(data);
    const last = seen[3] as ReceivedEnvelope; // body [1, 2, 3], deep inside the chunk
    expect(last.bodyStart).toBeGreaterThan(70_000);
    const inPlace = envelopeBodyReader(last);
    expect([inPlace.buf, inPlace.offset, inPlace.end]).toEqual([data, last.bodyStart, last.bodyEnd]);
    inPlace.readByte();
    const alone = new ByteReader(Buffer.from([1, 2, 3]));
    alone.readByte();
    const message = 'truncated data: [int] needs 4 bytes at offset 1, 2 left';
    expect(() => alone.readInt()).toThrow(message);
    expect(() => inPlace.readInt()).toThrow(message);
    // Any other envelope (a test's literal) is read through its `body`.
    const literal = envelopeBodyReader({
      version: 4,
      flags: 0,
      stream: 0,
      opcode: 0,
      body: Buffer.from([7]),
    });
    expect(literal.readByte()).toBe(7);
  });

  it('tells a body of one [int] without a view (a VOID result)', () => {
    const voidBody = Buffer.from([0, 0, 0, 1]);
    const chunk = concatEnvelopes([{ stream: 1, opcode: 0x08, body: voidBody }, ...specs]).data;
    const seen: Envelope[] = [];
    new EnvelopeDecoder((e) => seen.push(e)).push(chunk);
    expect([bodyIsInt(seen[0]!, 1), bodyIsInt(seen[0]!, 2), bodyIsInt(seen[1]!, 1)]).toEqual([
      true,
      false,
      false,
    ]);
    const literal = { version: 4, flags: 0, stream: 0, opcode: 0x08, body: voidBody };
    expect([bodyIsInt(literal, 1), bodyIsInt({ ...literal, body: Buffer.alloc(5) }, 0)]).toEqual([
      true,
      false,
    ]);
  });

  it('decodes when fed one byte at a time', () => {
    expectDecoded(Array.from({ length: data.length }, (_, i) => data.subarray(i, i + 1)));
  });

  it('decodes at random split points', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const cuts = [...pseudoRandomBytes(12, seed)].map((b, i) => Math.floor((b / 256) * data.length) + i);
      expectDecoded(splitAt(data, cuts));
    }
  });

  it('waits for the rest of an envelope without emitting', () => {
    const { envelopes, onEnvelope } = collector();
    const decoder = new EnvelopeDecoder(onEnvelope);
    decoder.push(data.subarray(0, ENVELOPE_HEADER_LENGTH + 2));
    expect(envelopes).toHaveLength(0);
    expect(decoder.bufferedLength).toBe(ENVELOPE_HEADER_LENGTH + 2);
  });

  it('hands back undecoded bytes on detach (v5 framing switch)', () => {
    const seen: number[] = [];
    let rest: Buffer | undefined;
    const decoder = new EnvelopeDecoder((e) => {
      seen.push(e.stream);
      rest = decoder.detach();
    });
    decoder.push(Buffer.concat([data, Buffer.from('segment bytes')]));
    expect(seen).toEqual([1]);
    expect(rest!.subarray(rest!.length - 13).toString()).toBe('segment bytes');
    expect(rest!.length).toBe(data.length - (ENVELOPE_HEADER_LENGTH + 5) + 13);
  });

  it('stays failed after malformed input', () => {
    const decoder = new EnvelopeDecoder(() => undefined);
    const bad = Buffer.from('0400000008000000000000', 'hex'); // request direction on a response decoder
    expect(() => decoder.push(bad)).toThrow(ProtocolDecodeError);
    expect(() => decoder.push(envelopeBytes({ body: Buffer.alloc(0) }))).toThrow(ProtocolDecodeError);
  });

  it('rejects a compressed envelope when no compression was negotiated', () => {
    const decoder = new EnvelopeDecoder(() => undefined);
    const frame = envelopeBytes({ flags: EnvelopeFlag.COMPRESSED, body: Buffer.from([0, 0, 0, 0, 0]) });
    expect(() => decoder.push(frame)).toThrow(/no compression was negotiated/);
  });

  it('decodes request envelopes when asked to (server side)', () => {
    const { envelopes, onEnvelope } = collector();
    const decoder = new EnvelopeDecoder(onEnvelope, { direction: 'request' });
    decoder.push(envelopeBytes({ version: 5, opcode: 0x05, stream: 9, body: Buffer.alloc(0) }, 'request'));
    expect(envelopes[0]).toMatchObject({ version: 5, opcode: 0x05, stream: 9 });
  });
});

describe('v4 body compression', () => {
  const text = Buffer.from('SELECT * FROM system.local WHERE key = ? '.repeat(40));

  describe('LZ4 (4-byte big-endian length + raw block)', () => {
    const lz4 = new Lz4BodyCompressor();

    it('prefixes the uncompressed length big-endian', () => {
      const compressed = lz4.compressBody(text)!;
      expect(compressed.readUInt32BE(0)).toBe(text.length);
      expect(compressed.length).toBeLessThan(text.length);
      expect(lz4.decompressBody(compressed, 1 << 20)).toEqual(text);
      expect(compressed.readUInt32BE(0)).toBe(text.length); // input restored after decompression
    });

    it('returns null when compression does not help', () => {
      expect(lz4.compressBody(pseudoRandomBytes(64, 3))).toBeNull();
    });

    it('decodes compressed envelopes chunk by chunk, uncompressed ones as they are', () => {
      const compressed = lz4.compressBody(text)!;
      const { data } = concatEnvelopes([
        { stream: 1, flags: EnvelopeFlag.COMPRESSED, body: compressed },
        { stream: 2, body: Buffer.from('plain') },
      ]);
      const { envelopes, onEnvelope } = collector();
      const decoder = new EnvelopeDecoder(onEnvelope, { compressor: lz4 });
      for (const chunk of splitAt(data, [3, 10, 11, 50, data.length - 2])) decoder.push(chunk);
      expect(envelopes.map((e) => e.body.toString())).toEqual([text.toString(), 'plain']);
      expect(envelopes[0]!.flags).toBe(EnvelopeFlag.COMPRESSED);
    });

    it('rejects sizes above the limit or impossible for the block, and corrupt blocks', () => {
      const compressed = lz4.compressBody(text)!;
      expect(() => lz4.decompressBody(compressed, 100)).toThrow(/exceeds the limit/);
      const lying = Buffer.from(compressed);
      lying.writeUInt32BE(0x7fffffff, 0);
      expect(() => lz4.decompressBody(lying, MAX_ENVELOPE_BODY_LENGTH)).toThrow(ProtocolDecodeError);
      const corrupt = Buffer.from(compressed);
      corrupt.fill(0xff, 4, 12);
      expect(() => lz4.decompressBody(corrupt, 1 << 20)).toThrow(ProtocolDecodeError);
      expect(() => lz4.decompressBody(Buffer.from([0, 0]), 100)).toThrow(ProtocolDecodeError);
    });
  });

  describe('snappy (raw block)', () => {
    const codec = new SnappyBodyCompressor();

    it('produces what the snappy library decodes, and decodes its output', () => {
      const compressed = codec.compressBody(text)!;
      expect(snappy.uncompressSync(compressed, { asBuffer: true })).toEqual(text);
      expect(codec.decompressBody(snappy.compressSync(text), 1 << 20)).toEqual(text);
    });

    it('decodes compressed envelopes', () => {
      const data = envelopeBytes({
        stream: 4,
        flags: EnvelopeFlag.COMPRESSED,
        body: codec.compressBody(text)!,
      });
      const { envelopes, onEnvelope } = collector();
      const decoder = new EnvelopeDecoder(onEnvelope, { compressor: codec });
      for (let i = 0; i < data.length; i += 7) decoder.push(data.subarray(i, i + 7));
      expect(envelopes[0]!.body).toEqual(text);
    });

    it('rejects malformed blocks and oversized declarations', () => {
      expect(() => codec.decompressBody(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 1000)).toThrow(
        ProtocolDecodeError,
      );
      expect(() => codec.decompressBody(snappy.compressSync(text), 10)).toThrow(/exceeds the limit/);
      expect(() => codec.decompressBody(Buffer.from([0x0a, 0xff, 0xff]), 1000)).toThrow(ProtocolDecodeError);
    });
  });
});
