/**
 * Everything the measured cqlkit code paths use, in one module: the public API plus the internals
 * the decode benchmark calls. The orchestrator bundles this file (see `driver-build.ts`); workers
 * load it through `loadDriver()`.
 */
export * from '../../packages/driver/src';
export { EnvelopeDecoder } from '../../packages/driver/src/protocol/envelope-decoder';
export { decodeResponseBody } from '../../packages/driver/src/protocol/messages';
export { Opcode } from '../../packages/driver/src/protocol/opcodes';
export { decodeRows } from '../../packages/driver/src/request/row-decoding';
