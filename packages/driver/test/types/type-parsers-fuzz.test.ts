/**
 * Property tests of the type parsers with generated nesting and sizes: the Java class-name parser
 * (custom `[option]` 0x0000), the `[option]` reader, the CQL type-text parser, and vector cells
 * against their announced dimension. Whatever the depth or the numbers, parsing either succeeds
 * with the right type or throws the parser's own typed error (`TypeParseError`,
 * `ProtocolDecodeError`) — never a `RangeError` from the stack or from an allocation.
 */
import fc from 'fast-check';
import { ByteReader } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import { ProtocolDecodeError } from '../../src/errors';
import { dataTypeToClassName, MARSHAL_PACKAGE, parseClassName } from '../../src/types/class-name';
import { codecFor } from '../../src/types/codecs/codec-for';
import { fixedValueLength } from '../../src/types/codecs/fixed-value-length';
import {
  dataTypeToString,
  MAX_TYPE_DEPTH,
  type DataType,
  type NativeTypeName,
} from '../../src/types/data-type';
import { readTypeOption, writeTypeOption } from '../../src/types/type-option';
import { TypeParseError } from '../../src/types/type-parse-error';
import { parseTypeString } from '../../src/types/type-string';

const RUNS = 300;
const M = MARSHAL_PACKAGE;

const NATIVES: readonly NativeTypeName[] = [
  'ascii',
  'bigint',
  'blob',
  'boolean',
  'date',
  'decimal',
  'double',
  'duration',
  'float',
  'inet',
  'int',
  'smallint',
  'text',
  'time',
  'timestamp',
  'timeuuid',
  'tinyint',
  'uuid',
  'varint',
];

const native = fc.constantFrom(...NATIVES).map((kind): DataType => ({ kind }));
const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/);
/** Any text (UDT and field names travel hex-encoded in class names). */
const anyName = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' });
const dimension = fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }));

/** Types in canonical form (what the parsers produce): frozen only where it means something. */
const dataType: fc.Arbitrary<DataType> = fc.letrec<{ type: DataType }>((tie) => ({
  type: fc
    .oneof(
      { depthSize: 'small', withCrossShrink: true },
      native,
      fc.record({
        kind: fc.constant('list' as const),
        element: tie('type'),
        frozen: fc.constantFrom(true, undefined),
      }),
      fc.record({
        kind: fc.constant('set' as const),
        element: tie('type'),
        frozen: fc.constantFrom(true, undefined),
      }),
      fc.record({
        kind: fc.constant('map' as const),
        key: tie('type'),
        value: tie('type'),
        frozen: fc.constantFrom(true, undefined),
      }),
      fc.record({
        kind: fc.constant('tuple' as const),
        elements: fc.array(tie('type'), { minLength: 1, maxLength: 4 }),
      }),
      fc.record({
        kind: fc.constant('udt' as const),
        keyspace: identifier,
        name: anyName,
        fields: fc.array(fc.record({ name: anyName, type: tie('type') }), { maxLength: 4 }),
        frozen: fc.constantFrom(true, undefined),
      }),
      fc.record({ kind: fc.constant('vector' as const), element: tie('type'), dimension }),
    )
    .map(withoutUndefined),
})).type;

function withoutUndefined(type: DataType): DataType {
  return Object.fromEntries(Object.entries(type).filter(([, v]) => v !== undefined)) as unknown as DataType;
}

/** The type with every `frozen` flag dropped (the `[option]` form does not carry it). */
function unfrozen(type: DataType): DataType {
  switch (type.kind) {
    case 'list':
    case 'set':
      return { kind: type.kind, element: unfrozen(type.element) };
    case 'map':
      return { kind: 'map', key: unfrozen(type.key), value: unfrozen(type.value) };
    case 'tuple':
      return { kind: 'tuple', elements: type.elements.map(unfrozen) };
    case 'udt':
      return {
        kind: 'udt',
        keyspace: type.keyspace,
        name: type.name,
        fields: type.fields.map((f) => ({ name: f.name, type: unfrozen(f.type) })),
      };
    case 'vector':
      return { kind: 'vector', element: unfrozen(type.element), dimension: type.dimension };
    default:
      return type;
  }
}

/** Nesting depth: parameterized types opened on the deepest path. */
function depthOf(type: DataType): number {
  switch (type.kind) {
    case 'list':
    case 'set':
    case 'vector':
      return 1 + depthOf(type.element);
    case 'map':
      return 1 + Math.max(depthOf(type.key), depthOf(type.value));
    case 'tuple':
      return 1 + Math.max(...type.elements.map(depthOf));
    case 'udt':
      return 1 + Math.max(0, ...type.fields.map((f) => depthOf(f.type)));
    default:
      return 0;
  }
}

/** One level of a deep spine: wraps the inner type's class name (and says what it becomes). */
type Wrapper =
  'ListType' | 'SetType' | 'MapType' | 'TupleType' | 'VectorType' | 'FrozenType' | 'ReversedType';
const WRAPPERS: readonly Wrapper[] = [
  'ListType',
  'SetType',
  'MapType',
  'TupleType',
  'VectorType',
  'FrozenType',
  'ReversedType',
];
/** `n` items: near the bound most of the time, now and then deep enough to overflow a stack. */
function levelsOf<T>(item: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  const length = fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 * MAX_TYPE_DEPTH + 20 }) },
    { weight: 1, arbitrary: fc.integer({ min: 2 * MAX_TYPE_DEPTH, max: 10_000 }) },
  );
  return length.chain((n) => fc.array(item, { minLength: n, maxLength: n }));
}
const spine = levelsOf(fc.constantFrom(...WRAPPERS));

function wrapClassName(inner: string, wrapper: Wrapper): string {
  switch (wrapper) {
    case 'MapType':
      return `${M}MapType(${M}UTF8Type,${inner})`;
    case 'TupleType':
      return `${M}TupleType(${inner},${M}Int32Type)`;
    case 'VectorType':
      return `${M}VectorType(${inner} , 3)`;
    default:
      return `${M}${wrapper}(${inner})`;
  }
}

/** What the parser makes of the spine: Frozen/Reversed wrappers add nesting but no type level. */
function typeLevels(wrappers: readonly Wrapper[]): number {
  return wrappers.filter((w) => w !== 'FrozenType' && w !== 'ReversedType').length;
}

/** Runs `parse`; returns the type, or the error when it is one of `allowed` (fails otherwise). */
function parsedOr<E extends Error>(
  parse: () => DataType,
  allowed: new (...args: never[]) => E,
): DataType | E {
  try {
    return parse();
  } catch (error) {
    if (error instanceof allowed) return error;
    throw new Error(`unexpected ${(error as Error)?.constructor?.name}: ${String(error)}`);
  }
}

function optionBytes(write: (w: ByteWriter) => void): Buffer {
  const w = new ByteWriter();
  write(w);
  return Buffer.from(w.finish());
}

function readOption(bytes: Buffer): DataType {
  return readTypeOption(new ByteReader(bytes));
}

describe('type parsers under generated nesting and sizes', () => {
  it('class names: any type round-trips through its class name', () => {
    fc.assert(
      fc.property(dataType, (type) => {
        expect(parseClassName(dataTypeToClassName(type))).toEqual(type);
      }),
      { numRuns: RUNS },
    );
  });

  it('class names: nesting up to 64 parses, deeper is a TypeParseError, never a stack overflow', () => {
    fc.assert(
      fc.property(spine, native, (wrappers, leaf) => {
        const text = wrappers.reduce(wrapClassName, dataTypeToClassName(leaf));
        const result = parsedOr(() => parseClassName(text), TypeParseError);
        if (wrappers.length <= MAX_TYPE_DEPTH) {
          expect(result).not.toBeInstanceOf(Error);
          expect(depthOf(result as DataType)).toBe(typeLevels(wrappers));
        } else {
          expect(result).toBeInstanceOf(TypeParseError);
          expect((result as Error).message).toMatch(/nested deeper than 64/);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('class names: arbitrary text is a type or a TypeParseError', () => {
    const piece = fc.constantFrom(
      '(',
      ')',
      ',',
      ' ',
      ':',
      'ListType',
      'MapType',
      'VectorType',
      'UserType',
      'Int32Type',
      'FrozenType',
      M,
      '3',
      '-1',
      'ab',
      'com.x.Y',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400, size: 'max' }), (pieces) => {
        parsedOr(() => parseClassName(pieces.join('')), TypeParseError);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('[option]: any type round-trips (without frozen flags, which the wire form does not carry)', () => {
    fc.assert(
      fc.property(dataType, fc.constantFrom(3, 4, 5), (type, version) => {
        const bytes = optionBytes((w) => writeTypeOption(w, type, version));
        const reader = new ByteReader(bytes);
        expect(unfrozen(readTypeOption(reader))).toEqual(unfrozen(type));
        expect(reader.remaining).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('[option]: option nesting and class-name nesting are each bounded; deeper is a ProtocolDecodeError', () => {
    const optionSpine = levelsOf(fc.constantFrom('list', 'set', 'map', 'tuple', 'udt'));
    fc.assert(
      fc.property(optionSpine, spine, (levels, wrappers) => {
        const className = wrappers.reduce(wrapClassName, `${M}Int32Type`);
        fc.pre(className.length <= 0xffff); // a [string] holds 64 KiB
        const bytes = optionBytes((w) => {
          for (const level of levels) {
            if (level === 'list') w.writeShort(0x20);
            else if (level === 'set') w.writeShort(0x22);
            else if (level === 'map') w.writeShort(0x21).writeShort(0x0d);
            else if (level === 'tuple') w.writeShort(0x31).writeShort(1);
            else w.writeShort(0x30).writeString('ks').writeString('u').writeShort(1).writeString('f');
          }
          w.writeShort(0).writeString(className);
        });
        const result = parsedOr(() => readOption(bytes), ProtocolDecodeError);
        const deep = levels.length > MAX_TYPE_DEPTH || wrappers.length > MAX_TYPE_DEPTH;
        expect(result instanceof ProtocolDecodeError).toBe(deep);
        if (deep) expect((result as Error).message).toMatch(/nested deeper than 64/);
        else expect(depthOf(result as DataType)).toBe(levels.length + typeLevels(wrappers));
      }),
      { numRuns: RUNS },
    );
  });

  it('[option]: truncated or corrupted types are a type or a ProtocolDecodeError', () => {
    fc.assert(
      fc.property(
        dataType,
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        (type, cut, flips) => {
          const bytes = optionBytes((w) => writeTypeOption(w, type));
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          parsedOr(() => readOption(bytes.subarray(0, cut % (bytes.length + 1))), ProtocolDecodeError);
        },
      ),
      { numRuns: RUNS * 3 },
    );
  });

  it('CQL text: nesting up to 64 parses, deeper is a TypeParseError; types round-trip', () => {
    const textSpine = levelsOf(fc.constantFrom('list', 'set', 'frozen', 'map', 'tuple', 'vector'));
    fc.assert(
      fc.property(textSpine, (levels) => {
        const text = levels.reduce((inner, level) => {
          if (level === 'map') return `map<text, ${inner}>`;
          if (level === 'tuple') return `tuple<${inner}, int>`;
          if (level === 'vector') return `vector<${inner}, 2>`;
          return `${level}<${inner}>`;
        }, 'int');
        const result = parsedOr(() => parseTypeString(text), TypeParseError);
        if (levels.length <= MAX_TYPE_DEPTH) {
          expect(parseTypeString(dataTypeToString(result as DataType))).toEqual(result);
        } else {
          expect((result as Error).message).toMatch(/nested deeper than 64/);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('vectors: any announced dimension against any cell decodes or is a ProtocolDecodeError', () => {
    const hugeDimension = fc.oneof(
      fc.integer({ min: 1, max: 64 }),
      fc.integer({ min: 1, max: 2 ** 32 + 16 }),
      fc.constantFrom(2 ** 32, 33_000_000, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER),
    );
    const cell = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));
    fc.assert(
      fc.property(native, hugeDimension, cell, (element, dim, bytes) => {
        const type: DataType = { kind: 'vector', element, dimension: dim };
        let decoded: unknown;
        try {
          decoded = codecFor(type).decode(bytes, 0, bytes.length);
        } catch (error) {
          if (error instanceof ProtocolDecodeError) return;
          throw new Error(`unexpected ${(error as Error)?.constructor?.name}: ${String(error)}`);
        }
        if (bytes.length === 0) {
          expect(decoded).toBeNull();
          return;
        }
        expect((decoded as ArrayLike<unknown>).length).toBe(dim);
        // Decoding never succeeds for a dimension the cell cannot hold.
        const size = fixedValueLength(element);
        expect(size === undefined ? dim <= bytes.length : dim * size === bytes.length).toBe(true);
      }),
      { numRuns: RUNS * 3 },
    );
  });
});
