/**
 * Deterministic data for the benchmark: the rows loaded into Cassandra and the bound values of
 * every operation. Both driver workers derive their parameters from these raw values, so they
 * send the same bytes; values are generated before timing starts.
 */
import { INSERT_KEY_SPACE, ITEM_1K_PARTITIONS, ITEM_PARTITIONS, ROWS_PER_PARTITION } from './bench-schema';

/** A bound value before conversion to a driver's own types. */
export type RawValue =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'uuid'; readonly bytes: Buffer }
  | { readonly type: 'bigint'; readonly high: number; readonly low: number }
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'blob'; readonly bytes: Buffer };

/** The cqlkit value classes a {@link RawValue} converts to (the sources' or the bundle's). */
export interface CqlkitValueClasses {
  readonly Uuid: { fromBytes(bytes: Buffer): unknown };
  readonly Long: { fromBits(low: number, high: number, unsigned: boolean): unknown };
}

/** A converter from {@link RawValue} to the values cqlkit binds, with the given classes. */
export function cqlkitValueConverter(classes: CqlkitValueClasses): (value: RawValue) => unknown {
  return (value) => {
    switch (value.type) {
      case 'int':
      case 'text':
        return value.value;
      case 'uuid':
        return classes.Uuid.fromBytes(value.bytes);
      case 'bigint':
        return classes.Long.fromBits(value.low, value.high, false);
      case 'blob':
        return value.bytes;
    }
  };
}

/** Payload size of `items` rows and of the plain insert workload. */
export const SMALL_PAYLOAD_BYTES = 34;
/** Payload size of `items_1k` rows and of the 1 KB insert workload. */
export const LARGE_PAYLOAD_BYTES = 1024;

/** A small, fast PRNG (mulberry32) seeded from a 32-bit integer. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const WORDS = [
  'sensor',
  'reading',
  'temperature',
  'humidity',
  'pressure',
  'status',
  'ok',
  'warning',
  'device',
  'region',
  'north',
  'south',
  'east',
  'west',
  'value',
  'unit',
  'celsius',
  'percent',
  'timestamp',
  'battery',
  'firmware',
  'version',
  'signal',
  'strength',
  'latitude',
  'longitude',
  'altitude',
];

/** `length` random bytes. */
function randomBytes(next: () => number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i += 4) {
    const v = next();
    for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
  }
  return out;
}

/** `length` bytes of JSON-like text (LZ4 compresses it about 2–3×). */
function textLikeBytes(next: () => number, length: number): Buffer {
  let text = '';
  while (text.length < length) {
    const word = WORDS[next() % WORDS.length] as string;
    text += `"${word}":${next() % 10_000},`;
  }
  return Buffer.from(text.slice(0, length), 'latin1');
}

/** A version-4 UUID from the PRNG. */
function randomUuid(next: () => number): Buffer {
  const bytes = randomBytes(next, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  return bytes;
}

/**
 * The six values of row (pk, ck): pk, ck, id, n, label, payload. The payload is random bytes at
 * {@link SMALL_PAYLOAD_BYTES} or when `random` is set, JSON-like text otherwise.
 */
export function rowValues(pk: number, ck: number, payloadBytes: number, random = false): RawValue[] {
  const next = prng(Math.imul(pk, 7919) ^ Math.imul(ck + 1, 104_729));
  const payload =
    random || payloadBytes === SMALL_PAYLOAD_BYTES
      ? randomBytes(next, payloadBytes)
      : textLikeBytes(next, payloadBytes);
  return [
    { type: 'int', value: pk },
    { type: 'int', value: ck },
    { type: 'uuid', bytes: randomUuid(next) },
    { type: 'bigint', high: next() | 0, low: next() | 0 },
    { type: 'text', value: `label-${pk}-${ck}` },
    { type: 'blob', bytes: payload },
  ];
}

/** Bound values of the i-th insert (keys cycle through {@link INSERT_KEY_SPACE} partitions). */
export function insertValues(i: number, payloadBytes: number, random = false): RawValue[] {
  const pk = prng(i + 1)() % INSERT_KEY_SPACE;
  return rowValues(pk, 0, payloadBytes, random);
}

/** Bound values (pk, ck) of the i-th point read of `items`. */
export function pointReadValues(i: number): RawValue[] {
  const next = prng(i + 17);
  return [
    { type: 'int', value: next() % ITEM_PARTITIONS },
    { type: 'int', value: next() % ROWS_PER_PARTITION },
  ];
}

/** Bound value (pk) of the i-th 100-row read of `items`. */
export function partitionReadValues(i: number): RawValue[] {
  return [{ type: 'int', value: prng(i + 31)() % ITEM_PARTITIONS }];
}

/** Bound values (pk, 0) of the i-th point read of `items_1k`. */
export function pointRead1kValues(i: number): RawValue[] {
  return [
    { type: 'int', value: prng(i + 43)() % ITEM_1K_PARTITIONS },
    { type: 'int', value: 0 },
  ];
}
