import { InvalidOptionsError } from '../errors';
import { type EncodedValue, type EncodedValueList, EncodedValueListBuilder } from '../protocol/messages';
import type { ColumnSpec } from '../protocol/messages';
import {
  type Codec,
  codecFor,
  codecsFor,
  inferDataType,
  unset,
  ValueEncodingError,
  type CodecOptions,
  type TypeHint,
} from '../types';
import { settlesCqlType } from '../types/infer-data-type';

/** Parameters of a statement: positional (`?`) as an array, named (`:name`) as an object. */
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

/** Encoded bind values, with names for unprepared named parameters. @internal */
export interface BoundValues {
  readonly values: readonly EncodedValue[] | EncodedValueList;
  readonly names: string[] | undefined;
}

const NO_VALUES: BoundValues = Object.freeze({ values: [], names: undefined });

/**
 * Encodes the parameters of a prepared statement from its bind-marker metadata. `undefined`
 * becomes `unset` (the column is left untouched), `null` becomes a null value. Every value is
 * encoded before anything is sent; a value that does not fit raises a `ValueEncodingError` naming
 * the bind marker (column) and its CQL type.
 *
 * @internal
 */
export function bindPrepared(
  variables: readonly ColumnSpec[],
  params: Params | undefined,
  codecOptions: CodecOptions | undefined,
): BoundValues {
  const n = variables.length;
  if (params === undefined || params === null) {
    if (n === 0) return NO_VALUES;
    throw new InvalidOptionsError(
      `the statement has ${n} bind marker(s) (${variables.map((v) => v.name).join(', ')}) but no parameters were given`,
    );
  }
  if (Array.isArray(params)) {
    if (params.length !== n) {
      throw new InvalidOptionsError(
        `the statement has ${n} bind marker(s) (${variables.map((v) => v.name).join(', ')}) but ${params.length} parameter(s) were given`,
      );
    }
    return { values: encodeList(variables, params, codecOptions), names: undefined };
  }
  if (typeof params !== 'object') {
    throw new InvalidOptionsError(`parameters must be an array or an object, got ${typeof params}`);
  }
  return bindNamed(variables, params as Readonly<Record<string, unknown>>, codecOptions);
}

/** The names of a statement's bind markers, for named parameters (one per variables list). */
interface MarkerNames {
  /** Exactly as the server sent them. */
  readonly exact: ReadonlySet<string>;
  /** Lower-cased: parameter names match markers case-insensitively. */
  readonly lower: ReadonlySet<string>;
}

const markerNames = new WeakMap<readonly ColumnSpec[], MarkerNames>();

function markerNamesOf(variables: readonly ColumnSpec[]): MarkerNames {
  let names = markerNames.get(variables);
  if (names === undefined) {
    names = {
      exact: new Set(variables.map((v) => v.name)),
      lower: new Set(variables.map((v) => v.name.toLowerCase())),
    };
    markerNames.set(variables, names);
  }
  return names;
}

/**
 * Named parameters: each marker takes the property of its name (the exact name first, then
 * case-insensitively); values are encoded as positional ones (one buffer). A property that
 * matches no marker is an error.
 */
function bindNamed(
  variables: readonly ColumnSpec[],
  byName: Readonly<Record<string, unknown>>,
  codecOptions: CodecOptions | undefined,
): BoundValues {
  const n = variables.length;
  const ordered = new Array<unknown>(n);
  for (let i = 0; i < n; i++) ordered[i] = lookupName(byName, (variables[i] as ColumnSpec).name);
  const values = encodeList(variables, ordered, codecOptions);
  const markers = markerNamesOf(variables);
  for (const key of Object.keys(byName)) {
    if (!markers.exact.has(key) && !markers.lower.has(key.toLowerCase())) {
      throw new InvalidOptionsError(
        `parameter '${key}' matches no bind marker of the statement; expected some of: ${[...markers.exact].join(', ')}`,
      );
    }
  }
  return { values, names: undefined };
}

/**
 * Encodes the parameters of an unprepared statement, inferring each CQL type from the JavaScript
 * value unless a hint gives it. Named parameters are sent with their names (the server matches
 * them to `:name` markers).
 *
 * @internal
 */
export function bindUnprepared(
  params: Params | undefined,
  hints: readonly (TypeHint | undefined)[] | Readonly<Record<string, TypeHint>> | undefined,
  codecOptions: CodecOptions | undefined,
): BoundValues {
  if (params === undefined || params === null) return NO_VALUES;
  if (Array.isArray(params)) {
    const positional = Array.isArray(hints) ? hints : undefined;
    const values = params.map((v, i) => encodeInferred(`#${i}`, v, positional?.[i], codecOptions));
    return { values, names: undefined };
  }
  if (typeof params !== 'object') {
    throw new InvalidOptionsError(`parameters must be an array or an object, got ${typeof params}`);
  }
  const named =
    hints !== undefined && !Array.isArray(hints) ? (hints as Readonly<Record<string, TypeHint>>) : undefined;
  const names = Object.keys(params);
  const values = names.map((name) =>
    encodeInferred(name, (params as Record<string, unknown>)[name], named?.[name], codecOptions),
  );
  return { values, names };
}

/**
 * Whether binding `params` to an unprepared statement needs the server's types: some value
 * without a hint does not settle its CQL type (a number, a plain object for a UDT…). One pass
 * over the values, only for unprepared statements with values.
 *
 * @internal
 */
export function needsServerTypes(
  params: Params | undefined,
  hints: readonly (TypeHint | undefined)[] | Readonly<Record<string, TypeHint>> | undefined,
): boolean {
  if (params === undefined || params === null || typeof params !== 'object') return false;
  if (Array.isArray(params)) {
    const positional = Array.isArray(hints) ? hints : undefined;
    for (let i = 0; i < params.length; i++) {
      if (positional?.[i] === undefined && !settlesCqlType(params[i])) return true;
    }
    return false;
  }
  const named =
    hints !== undefined && !Array.isArray(hints) ? (hints as Record<string, TypeHint>) : undefined;
  const values = params as Readonly<Record<string, unknown>>;
  for (const name of Object.keys(values)) {
    if (named?.[name] === undefined && !settlesCqlType(values[name])) return true;
  }
  return false;
}

function lookupName(params: Readonly<Record<string, unknown>>, name: string): unknown {
  if (name in params) return params[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(params)) if (key.toLowerCase() === lower) return params[key];
  return undefined;
}

/** Positional values serialized into one buffer (one allocation for the whole statement). */
function encodeList(
  variables: readonly ColumnSpec[],
  params: readonly unknown[],
  codecOptions: CodecOptions | undefined,
): EncodedValueList {
  const codecs = codecsFor(variables, codecOptions);
  const list = EncodedValueListBuilder.start();
  try {
    for (let i = 0; i < params.length; i++) {
      const value = params[i];
      if (value === undefined || value === unset) list.addUnset();
      else if (value === null) list.addNull();
      else {
        try {
          list.add(codecs[i] as Codec, value);
        } catch (e) {
          if (e instanceof ValueEncodingError) throw e.withColumn((variables[i] as ColumnSpec).name);
          throw e;
        }
      }
    }
  } catch (e) {
    list.abandon();
    throw e;
  }
  return list.finish();
}

function encodeInferred(
  name: string,
  value: unknown,
  hint: TypeHint | undefined,
  codecOptions: CodecOptions | undefined,
): EncodedValue {
  if (value === undefined) return unset;
  if (value === null || value === unset) return value;
  try {
    return codecFor(inferDataType(value, hint), codecOptions).encode(value);
  } catch (e) {
    if (e instanceof ValueEncodingError) throw e.withColumn(name);
    throw e;
  }
}
