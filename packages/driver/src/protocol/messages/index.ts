/**
 * CQL native protocol messages: request encoders (QUERY, PREPARE, EXECUTE, BATCH, REGISTER) and
 * response decoders (RESULT, EVENT and the other responses), plus row materialization.
 *
 * @packageDocumentation
 */
export { BatchMessage, BatchType, batchFlagsOf } from './batch-message';
export type { BatchChild, BatchParameters, BatchPreparedChild, BatchQueryChild } from './batch-message';
export { writeValue, writeValueList } from './encoded-value';
export { EncodedValueList, EncodedValueListBuilder } from './encoded-value-list';
export type { EncodedValue } from './encoded-value';
export { decodeEventBody } from './event-message';
export type {
  ProtocolEvent,
  SchemaChangeEvent,
  StatusChangeEvent,
  TopologyChangeEvent,
} from './event-message';
export { ExecuteMessage } from './execute-message';
export { readPreparedResult } from './prepared-result';
export type { BindVariablesMetadata, PreparedResult } from './prepared-result';
export { PrepareFlag, PrepareMessage } from './prepare-message';
export type { PrepareOptions } from './prepare-message';
export { QueryMessage } from './query-message';
export { QueryFlag, queryFlagsOf, writeQueryParameters } from './query-parameters';
export type { QueryParameters } from './query-parameters';
export { RegisterMessage } from './register-message';
export type { EventType } from './register-message';
export { envelopeFlagsFor, writeCustomPayload } from './request-message';
export type { CustomPayload, EnvelopeOptions, RequestMessage } from './request-message';
export { decodeResponseBody, describeResponse, expectResponse } from './response-message';
export type {
  AuthChallengeResponse,
  AuthenticateResponse,
  AuthSuccessResponse,
  DecodedResponse,
  ErrorResponse,
  EventResponse,
  ReadyResponse,
  ResponseMessage,
  ResultResponse,
  SupportedResponse,
} from './response-message';
export { decodeResultBody, ResultKind } from './result-message';
export type {
  ResultMessage,
  RowsResult,
  SchemaChangeResult,
  SetKeyspaceResult,
  VoidResult,
} from './result-message';
export { materializeRowArrays, materializeRowObjects } from './row-materializer';
export type { CellDecoder, RowArray, RowObject } from './row-materializer';
export { readColumnSpecs, readRowsMetadata, RowsMetadataFlag } from './rows-metadata';
export type { ColumnSpec, RowsMetadata } from './rows-metadata';
export { readSchemaChange } from './schema-change';
export type {
  FunctionSchemaChange,
  KeyspaceSchemaChange,
  SchemaChange,
  SchemaChangeType,
  TableOrTypeSchemaChange,
} from './schema-change';
