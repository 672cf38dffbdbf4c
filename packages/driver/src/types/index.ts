/**
 * CQL types and values: the {@link DataType} model and its CQL-text form, the value classes,
 * codecs and type inference. The wire (`[option]`) and Java class-name forms of types stay inside
 * the driver (`type-option.ts`, `class-name.ts`).
 *
 * @packageDocumentation
 */
export type {
  CustomDataType,
  DataType,
  ListDataType,
  MapDataType,
  NativeDataType,
  NativeTypeName,
  SetDataType,
  TupleDataType,
  UdtDataType,
  UdtField,
  VectorDataType,
} from './data-type';
export { dataTypeToString } from './data-type';
export { parseTypeString, type UdtResolver } from './type-string';
export { TypeParseError } from './type-parse-error';

export { describeValue, ValueEncodingError } from './value-encoding-error';
export { isUnset, unset, type Unset } from './unset';

/** 64-bit integers decode to `Long` (from the `long` package) unless `int64As: 'bigint'`. */
export { default as Long } from 'long';
export { BigDecimal } from './values/big-decimal';
export { Duration } from './values/duration';
export { InetAddress } from './values/inet-address';
export { LocalDate } from './values/local-date';
export { LocalTime } from './values/local-time';
export { TimeUuid } from './values/time-uuid';
export { Tuple } from './values/tuple';
export { Uuid } from './values/uuid';

export type { Codec, CodecOptions, UserTypeBinding } from './codecs/codec';
export { codecFor, codecsFor } from './codecs/codec-for';

export { inferDataType, resolveTypeHint, type TypeHint } from './infer-data-type';
