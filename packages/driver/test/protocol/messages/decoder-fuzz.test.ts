/**
 * Property-based robustness of the response decoders: whatever bytes arrive — random, or valid
 * RESULT / EVENT / ERROR bodies that were truncated, corrupted or given absurd counts — decoding
 * either succeeds or throws ProtocolDecodeError, never a RangeError, TypeError or anything else,
 * and never allocates arrays sized by a count the bytes cannot back.
 */
import fc from 'fast-check';
import { ErrorCode, ProtocolDecodeError } from '../../../src/errors';
import { EnvelopeFlag, Opcode } from '../../../src/protocol/opcodes';
import { decodeResponseBody, type DecodedResponse } from '../../../src/protocol/messages/response-message';
import { materializeRowArrays, materializeRowObjects } from '../../../src/protocol/messages/row-materializer';
import { bytes, inet4, int, short, shortBytes, str, strList, T, u8, value } from './wire';

const NUM_RUNS = 3000;

const RESPONSE_OPCODES = [
  Opcode.ERROR,
  Opcode.READY,
  Opcode.AUTHENTICATE,
  Opcode.SUPPORTED,
  Opcode.RESULT,
  Opcode.EVENT,
  Opcode.AUTH_CHALLENGE,
  Opcode.AUTH_SUCCESS,
];

const ALL_PREFIX_FLAGS = EnvelopeFlag.TRACING | EnvelopeFlag.WARNING | EnvelopeFlag.CUSTOM_PAYLOAD;

interface Sample {
  readonly opcode: number;
  readonly body: Buffer;
  /** The protocol version the body is valid for. */
  readonly version: number;
}

type Parts = Parameters<typeof bytes>;

const result = (...parts: Parts): Sample => ({ opcode: Opcode.RESULT, body: bytes(...parts), version: 4 });
const event = (...parts: Parts): Sample => ({ opcode: Opcode.EVENT, body: bytes(...parts), version: 4 });
const error = (...parts: Parts): Sample => ({ opcode: Opcode.ERROR, body: bytes(...parts), version: 4 });
const onVersion = (version: number, sample: Sample): Sample => ({ ...sample, version });

const bindSpecs = bytes(
  str('ks'),
  str('t'),
  str('k'),
  T.int,
  str('c'),
  short(0x0021),
  T.text,
  short(0x0020),
  T.uuid,
);
const udtType = bytes(
  short(0x0030),
  str('ks'),
  str('addr'),
  short(2),
  str('street'),
  T.text,
  str('zip'),
  T.int,
);
const tupleType = bytes(
  short(0x0031),
  short(2),
  T.int,
  short(0x0000),
  str('org.apache.cassandra.db.marshal.DurationType'),
);

/** Valid bodies on every protocol version the decoders branch on. */
const VALID: readonly Sample[] = [
  result(int(1)),
  result(int(3), str('app')),
  result(
    int(2),
    int(0x0003),
    int(2),
    value([0xaa]),
    str('ks'),
    str('t'),
    str('id'),
    T.int,
    str('name'),
    T.text,
    int(2),
    value([0, 0, 0, 1]),
    value(Buffer.from('ann')),
    value([0, 0, 0, 2]),
    value(null),
  ),
  onVersion(
    5,
    result(
      int(2),
      int(0x000b),
      int(2),
      value([1, 2]),
      shortBytes([3, 4]),
      str('ks'),
      str('t'),
      str('a'),
      udtType,
      str('b'),
      tupleType,
      int(1),
      value([]),
      value([0]),
    ),
  ),
  result(int(2), int(0x0006), int(3), value([7]), int(1), value([1]), value(null), value([2, 3])),
  result(int(2), int(0), int(1), str('ks'), str('t'), str('v'), short(0x0022), T.bigint, int(0)),
  onVersion(3, result(int(4), shortBytes([1, 2]), int(1), int(2), bindSpecs, int(4), int(0))),
  result(
    int(4),
    shortBytes([1, 2]),
    int(1),
    int(2),
    int(1),
    short(0),
    bindSpecs,
    int(1),
    int(1),
    str('k'),
    str('t'),
    str('v'),
    T.int,
  ),
  onVersion(
    5,
    result(
      int(4),
      shortBytes([1, 2]),
      shortBytes([9]),
      int(1),
      int(2),
      int(2),
      short(1),
      short(0),
      bindSpecs,
      int(4),
      int(0),
    ),
  ),
  result(int(5), str('CREATED'), str('KEYSPACE'), str('ks')),
  result(int(5), str('DROPPED'), str('TABLE'), str('ks'), str('t')),
  result(int(5), str('UPDATED'), str('AGGREGATE'), str('ks'), str('agg'), strList(['int', 'text'])),
  event(str('TOPOLOGY_CHANGE'), str('NEW_NODE'), inet4([10, 0, 0, 1], 9042)),
  event(str('STATUS_CHANGE'), str('DOWN'), u8(16), Buffer.alloc(16, 1), int(9042)),
  event(str('SCHEMA_CHANGE'), str('CREATED'), str('FUNCTION'), str('ks'), str('f'), strList(['int'])),
  event(str('SCHEMA_CHANGE'), str('UPDATED'), str('TYPE'), str('ks'), str('addr')),
  error(int(ErrorCode.SERVER_ERROR), str('boom')),
  error(int(ErrorCode.UNAVAILABLE), str('unavailable'), short(4), int(3), int(1)),
  onVersion(
    5,
    error(int(ErrorCode.WRITE_TIMEOUT), str('wt'), short(4), int(1), int(2), str('CAS'), short(3)),
  ),
  error(int(ErrorCode.READ_TIMEOUT), str('rt'), short(1), int(0), int(1), u8(0)),
  onVersion(
    5,
    error(
      int(ErrorCode.READ_FAILURE),
      str('rf'),
      short(1),
      int(0),
      int(1),
      int(1),
      u8(4),
      [1, 2, 3, 4],
      short(1),
      u8(1),
    ),
  ),
  onVersion(
    5,
    error(
      int(ErrorCode.WRITE_FAILURE),
      str('wf'),
      short(1),
      int(0),
      int(1),
      int(1),
      u8(4),
      [1, 2, 3, 4],
      short(2),
      str('SIMPLE'),
    ),
  ),
  error(int(ErrorCode.READ_FAILURE), str('rf4'), short(1), int(0), int(1), int(2), u8(0)),
  error(int(ErrorCode.WRITE_FAILURE), str('wf4'), short(1), int(0), int(1), int(2), str('BATCH_LOG')),
  error(int(ErrorCode.FUNCTION_FAILURE), str('ff'), str('ks'), str('f'), strList(['int'])),
  error(int(ErrorCode.ALREADY_EXISTS), str('ae'), str('ks'), str('t')),
  error(int(ErrorCode.UNPREPARED), str('up'), shortBytes([1, 2, 3])),
  { opcode: Opcode.SUPPORTED, body: bytes(short(1), str('COMPRESSION'), strList(['lz4'])), version: 4 },
  { opcode: Opcode.AUTHENTICATE, body: str('org.apache.cassandra.auth.PasswordAuthenticator'), version: 4 },
  { opcode: Opcode.AUTH_CHALLENGE, body: value([1]), version: 4 },
];

/**
 * Decodes, and materializes any rows both ways, returning normally or rethrowing anything that is
 * not a ProtocolDecodeError (which fails the property and lets fast-check shrink the input).
 */
function decodeCleanly(opcode: number, body: Buffer, flags: number, version: number): boolean {
  let decoded: DecodedResponse;
  try {
    decoded = decodeResponseBody({ version, flags, stream: 0, opcode, body });
  } catch (e) {
    if (e instanceof ProtocolDecodeError) return false;
    throw e;
  }
  const message = decoded.message;
  if (message.type !== 'result' || message.result.kind !== 'rows') return true;
  const rows = message.result;
  // Without rows nothing bounds a No_metadata column count; there is nothing to materialize either.
  if (rows.rowCount === 0) return true;
  // A cell handed to a decoder must lie inside the rows region.
  const inBounds = (b: Buffer, o: number, n: number): number => {
    if (b !== rows.body || o < rows.rowsOffset || n < 0 || o + n > rows.rowsEnd) {
      throw new RangeError(`cell [${o}, ${o + n}) outside the rows region`);
    }
    return n;
  };
  const decoders = Array.from({ length: rows.metadata.columnCount }, () => inBounds);
  try {
    const arrays = materializeRowArrays(
      rows.metadata,
      rows.body,
      rows.rowsOffset,
      rows.rowCount,
      decoders,
      rows.rowsEnd,
    );
    expect(arrays).toHaveLength(rows.rowCount);
    if (rows.metadata.columns !== undefined) {
      materializeRowObjects(rows.metadata, rows.body, rows.rowsOffset, rows.rowCount, decoders, rows.rowsEnd);
    }
    return true;
  } catch (e) {
    if (e instanceof ProtocolDecodeError) return false;
    throw e;
  }
}

type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly byte: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'insert'; readonly at: number; readonly data: Uint8Array }
  | { readonly op: 'int'; readonly at: number; readonly value: number }
  | { readonly op: 'short'; readonly at: number; readonly value: number };

const EXTREME_INTS = [0x7fffffff, -1, -2, -0x80000000, 0xffff, 0x10000, 0, 1, 0x3fffffff];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    data: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    op: fc.constant('int' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(...EXTREME_INTS), fc.integer({ min: -0x80000000, max: 0x7fffffff })),
  }),
  fc.record({
    op: fc.constant('short' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(0xffff, 0x8000, 0, 0x7fff), fc.integer({ min: 0, max: 0xffff })),
  }),
);

function mutate(body: Buffer, m: Mutation): Buffer {
  if (body.length === 0) return m.op === 'insert' ? Buffer.from(m.data) : body;
  const at = m.at % body.length;
  const out = Buffer.from(body);
  switch (m.op) {
    case 'flip':
      out[at] = m.byte;
      return out;
    case 'truncate':
      return out.subarray(0, at);
    case 'insert':
      return Buffer.concat([out.subarray(0, at), m.data, out.subarray(at)]);
    case 'int':
      if (at + 4 <= out.length) out.writeInt32BE(m.value, at);
      return out;
    case 'short':
      if (at + 2 <= out.length) out.writeUInt16BE(m.value, at);
      return out;
  }
}

describe('response decoders under fuzzing', () => {
  it('start from a corpus that decodes (rows included) on its own version', () => {
    for (const [i, sample] of VALID.entries()) {
      expect([i, decodeCleanly(sample.opcode, sample.body, 0, sample.version)]).toEqual([i, true]);
    }
  });

  it('decode the corpus on the other versions without throwing anything but ProtocolDecodeError', () => {
    for (const sample of VALID)
      for (const version of [3, 4, 5]) decodeCleanly(sample.opcode, sample.body, 0, version);
  });

  it('random bodies under any response opcode, prefix flags and version only throw ProtocolDecodeError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...RESPONSE_OPCODES),
        fc.uint8Array({ maxLength: 160 }),
        fc.integer({ min: 0, max: 0xff }),
        fc.constantFrom(3, 4, 5),
        (opcode, data, flags, version) => {
          decodeCleanly(opcode, Buffer.from(data), flags, version);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('random RESULT bodies of each kind only throw ProtocolDecodeError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.uint8Array({ maxLength: 160 }),
        fc.constantFrom(3, 4, 5),
        (kind, data, version) => {
          decodeCleanly(Opcode.RESULT, bytes(int(kind), Buffer.from(data)), 0, version);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('mutated valid RESULT, EVENT and ERROR bodies only throw ProtocolDecodeError', () => {
    let decodedAnyway = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(3, 4, 5),
        fc.boolean(),
        (sample, mutations, otherVersion, onOwnVersion) => {
          const body = mutations.reduce(mutate, sample.body);
          if (decodeCleanly(sample.opcode, body, 0, onOwnVersion ? sample.version : otherVersion))
            decodedAnyway++;
        },
      ),
      { numRuns: NUM_RUNS * 3 },
    );
    // Some mutations (e.g. a changed character) keep bodies valid: the corpus reaches deep code.
    expect(decodedAnyway).toBeGreaterThan(NUM_RUNS / 10);
  });

  it('mutated bodies behind a mutated prefix only throw ProtocolDecodeError', () => {
    const prefix = bytes(Buffer.alloc(16, 7), strList(['warning']), short(1), str('k'), value([1]));
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        (sample, mutations) => {
          const body = mutations.reduce(mutate, bytes(prefix, sample.body));
          decodeCleanly(sample.opcode, body, ALL_PREFIX_FLAGS, sample.version);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
