import type { DataType } from '../data-type';
import { DecimalCodec, VarintCodec } from './arbitrary-precision-codecs';
import { BlobCodec, BooleanCodec } from './bytes-codecs';
import type { Codec, CodecOptions } from './codec';
import { ListOrSetCodec, MapCodec } from './collection-codecs';
import { fixedValueLength } from './fixed-value-length';
import { DoubleCodec, FloatCodec } from './float-codecs';
import { InetCodec, UuidCodec } from './identifier-codecs';
import { Int64Codec, SmallIntegerCodec } from './integer-codecs';
import { DateCodec, DurationCodec, TimeCodec, TimestampCodec } from './temporal-codecs';
import { AsciiCodec, TextCodec } from './text-codecs';
import { TupleCodec } from './tuple-codec';
import { UdtCodec } from './udt-codec';
import { VectorCodec } from './vector-codec';

/** Codecs built for one combination of options. */
interface CodecCache {
  /** By type object: the hot path when metadata objects are reused. */
  readonly byType: WeakMap<DataType, Codec>;
  /** By structure: equal types decoded from different frames share a codec. */
  readonly byKey: Map<string, Codec>;
}

/** Structural entries kept per options combination before the map is cleared. */
const MAX_KEYED_CODECS = 4096;

const cachesByFlags = new Map<string, { plain: CodecCache; byClassHook: WeakMap<object, CodecCache> }>();

/**
 * The codec for `type`, built once and cached (per type object, per type structure and per
 * options), so calling it for every value is cheap; keeping the result is cheaper still.
 *
 * @example
 * ```ts
 * const codec = codecFor({ kind: 'map', key: { kind: 'text' }, value: { kind: 'int' } });
 * const bytes = codec.encode({ a: 1 }); // plain objects work for text keys
 * codec.decode(bytes, 0, bytes.length); // Map(1) { 'a' => 1 }
 *
 * codecFor({ kind: 'bigint' }, { int64As: 'bigint' }).decode(Buffer.alloc(8), 0, 8); // 0n
 * ```
 */
export function codecFor<T = unknown>(type: DataType, options?: CodecOptions): Codec<T> {
  const cache = cacheFor(options);
  let codec = cache.byType.get(type);
  if (codec === undefined) {
    const key = structuralKey(type);
    codec = cache.byKey.get(key);
    if (codec === undefined) {
      codec = buildCodec(type, options ?? {});
      if (cache.byKey.size >= MAX_KEYED_CODECS) cache.byKey.clear();
      cache.byKey.set(key, codec);
    }
    cache.byType.set(type, codec);
  }
  return codec as Codec<T>;
}

/** Codec lists per column list without codec options (see {@link codecsFor}). */
const defaultLists = new WeakMap<readonly { readonly type: DataType }[], readonly Codec[]>();

/** Codec lists per column list, per options cache (see {@link codecsFor}). */
const listsByColumns = new WeakMap<
  readonly { readonly type: DataType }[],
  WeakMap<CodecCache, readonly Codec[]>
>();

/**
 * The codecs of a list of columns or bind markers, in order, built once per list (and options):
 * binding or decoding by column then costs one lookup per statement instead of one per value.
 * Lists are keyed by identity: pass the same array (a prepared statement's `variables`, a
 * result's `columns`) to hit the cache.
 *
 * @example
 * ```ts
 * const codecs = codecsFor(prepared.variables, codecOptions);
 * codecs[0].encodeTo(writer, params[0]);
 * ```
 */
export function codecsFor(
  columns: readonly { readonly type: DataType }[],
  options?: CodecOptions,
): readonly Codec[] {
  if (options === undefined) {
    // The common case (no codec options): one lookup.
    let codecs = defaultLists.get(columns);
    if (codecs === undefined) {
      codecs = Object.freeze(columns.map((c) => codecFor(c.type)));
      defaultLists.set(columns, codecs);
    }
    return codecs;
  }
  const cache = cacheFor(options);
  let byCache = listsByColumns.get(columns);
  if (byCache === undefined) {
    byCache = new WeakMap();
    listsByColumns.set(columns, byCache);
  }
  let codecs = byCache.get(cache);
  if (codecs === undefined) {
    codecs = Object.freeze(columns.map((c) => codecFor(c.type, options)));
    byCache.set(cache, codecs);
  }
  return codecs;
}

/** The cache used without options (the common case, looked up without building a key). */
const defaultCache = newCache();

/** The cache of each options object seen (options objects are long-lived: one per client). */
const cacheByOptions = new WeakMap<CodecOptions, CodecCache>();

function cacheFor(options: CodecOptions | undefined): CodecCache {
  if (options === undefined) return defaultCache;
  let cache = cacheByOptions.get(options);
  if (cache === undefined) {
    cache = cacheForFlags(options);
    cacheByOptions.set(options, cache);
  }
  return cache;
}

function cacheForFlags(options: CodecOptions): CodecCache {
  const flags = `${options?.int64As ?? 'long'}/${options?.setsAs ?? 'array'}`;
  let entry = cachesByFlags.get(flags);
  if (entry === undefined) {
    entry = { plain: flags === 'long/array' ? defaultCache : newCache(), byClassHook: new WeakMap() };
    cachesByFlags.set(flags, entry);
  }
  const hook = options?.userTypeFor;
  if (hook === undefined) return entry.plain;
  let cache = entry.byClassHook.get(hook);
  if (cache === undefined) {
    cache = newCache();
    entry.byClassHook.set(hook, cache);
  }
  return cache;
}

function newCache(): CodecCache {
  return { byType: new WeakMap(), byKey: new Map() };
}

/** A string that identifies a type's encoding (frozen-ness does not matter, UDT fields do). */
function structuralKey(type: DataType): string {
  switch (type.kind) {
    case 'custom':
      return `'${type.className}'`;
    case 'list':
    case 'set':
      return `${type.kind}<${structuralKey(type.element)}>`;
    case 'map':
      return `map<${structuralKey(type.key)},${structuralKey(type.value)}>`;
    case 'tuple':
      return `tuple<${type.elements.map(structuralKey).join(',')}>`;
    case 'udt':
      return `udt<${JSON.stringify(type.keyspace)},${JSON.stringify(type.name)},${type.fields
        .map((f) => `${JSON.stringify(f.name)}:${structuralKey(f.type)}`)
        .join(',')}>`;
    case 'vector':
      return `vector<${structuralKey(type.element)},${type.dimension}>`;
    default:
      return type.kind;
  }
}

function buildCodec(type: DataType, options: CodecOptions): Codec {
  switch (type.kind) {
    case 'ascii':
      return new AsciiCodec(type);
    case 'text':
      return new TextCodec(type);
    case 'blob':
    case 'custom':
      return new BlobCodec(type);
    case 'boolean':
      return new BooleanCodec(type);
    case 'tinyint':
      return new SmallIntegerCodec(type, 1);
    case 'smallint':
      return new SmallIntegerCodec(type, 2);
    case 'int':
      return new SmallIntegerCodec(type, 4);
    case 'bigint':
    case 'counter':
      return new Int64Codec(type, options.int64As === 'bigint');
    case 'varint':
      return new VarintCodec(type);
    case 'decimal':
      return new DecimalCodec(type);
    case 'float':
      return new FloatCodec(type);
    case 'double':
      return new DoubleCodec(type);
    case 'timestamp':
      return new TimestampCodec(type);
    case 'date':
      return new DateCodec(type);
    case 'time':
      return new TimeCodec(type);
    case 'duration':
      return new DurationCodec(type);
    case 'uuid':
    case 'timeuuid':
      return new UuidCodec(type);
    case 'inet':
      return new InetCodec(type);
    case 'list':
      return new ListOrSetCodec(type, codecFor(type.element, options), false);
    case 'set':
      return new ListOrSetCodec(type, codecFor(type.element, options), options.setsAs === 'set');
    case 'map':
      return new MapCodec(type, codecFor(type.key, options), codecFor(type.value, options));
    case 'tuple':
      return new TupleCodec(
        type,
        type.elements.map((e) => codecFor(e, options)),
      );
    case 'udt':
      return new UdtCodec(
        type,
        type.fields.map((f) => codecFor(f.type, options)),
        options.userTypeFor,
      );
    case 'vector':
      return new VectorCodec(type, codecFor(type.element, options), fixedValueLength(type.element));
  }
}
