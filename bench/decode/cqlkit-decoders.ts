/**
 * cqlkit's decode path, as the Session runs it for every response:
 * - `cqlkit`: `decodeResponseBody` (prefix, RESULT kind, rows metadata) + `decodeRows` (cell decoders
 *   from the column types, one generated walker building plain row objects);
 * - `cqlkit-envelope`: the same, fed with the raw frame bytes through the connection's
 *   `EnvelopeDecoder` (header parsing and body slicing included).
 */
import type { Envelope } from '../../packages/driver/src/protocol/envelope';
import { loadDriver } from '../lib/driver-module';
import type { CapturedFrame } from './captured-frame';
import { ROWS_STREAM_ID } from './captured-frame';

/** Decodes one frame; resolves with the number of rows materialised. */
export type FrameDecoder = () => number | Promise<number>;

const { EnvelopeDecoder, decodeResponseBody, Opcode, decodeRows } = loadDriver();

function rowsOf(frame: Envelope): number {
  const { message } = decodeResponseBody(frame);
  if (message.type !== 'result' || message.result.kind !== 'rows') {
    throw new Error('the captured frame did not decode to rows');
  }
  const result = message.result;
  const columns = result.metadata.columns;
  if (columns === undefined) throw new Error('the captured frame has no column metadata');
  return decodeRows(result, columns, 'object', undefined).length;
}

/** `decodeResponseBody` + row materialisation on the body. */
export function cqlkitBodyDecoder(frame: CapturedFrame): FrameDecoder {
  const response: Envelope = {
    version: 4,
    flags: frame.flags,
    stream: ROWS_STREAM_ID,
    opcode: Opcode.RESULT,
    body: frame.body,
  };
  return () => rowsOf(response);
}

/** The connection's envelope decoder, then the same decoding. */
export function cqlkitEnvelopeDecoder(frame: CapturedFrame): FrameDecoder {
  let rows = 0;
  const decoder = new EnvelopeDecoder((envelope) => {
    rows = rowsOf(envelope);
  });
  return () => {
    decoder.push(frame.bytes);
    return rows;
  };
}
