/**
 * cassandra-driver 4.10's decode path, reached through its internals (no public API decodes a
 * frame). Its Connection pipes socket bytes through `Protocol` (framing) → `Parser` (body parsing,
 * one pushed item per row, values decoded by `Encoder`) → `ResultEmitter` (buffers a frame's rows,
 * emits `result`).
 *
 * - `cassandra-driver`: `Parser.prototype.parseBody(frameInfo, { header, chunk: body, offset: 0 })`
 *   called synchronously, with the parser's `push` replaced by a collector of row items (what
 *   ResultEmitter.bufferAndEmit does) — the parser alone, without stream plumbing;
 * - `cassandra-driver-nocopy`: the same with `encoding.copyBuffer: false` (blobs not copied);
 * - `cassandra-driver-streams`: the whole Protocol → Parser → ResultEmitter pipeline, awaiting the
 *   `result` event (stream plumbing included).
 */
import Encoder from 'cassandra-driver/lib/encoder';
import { defaultOptions } from 'cassandra-driver/lib/client-options';
import { type FrameItem, Parser, Protocol, ResultEmitter } from 'cassandra-driver/lib/streams';
import { FrameHeader } from 'cassandra-driver/lib/types';
import { Opcode } from '../../packages/driver/src/protocol/opcodes';
import { type CapturedFrame, ROWS_STREAM_ID } from './captured-frame';
import type { FrameDecoder } from './cqlkit-decoders';

const PROTOCOL_VERSION = 4;

function encoderWith(copyBuffer: boolean): Encoder {
  const options = defaultOptions();
  const encoding = (options['encoding'] ?? {}) as Record<string, unknown>;
  return new Encoder(PROTOCOL_VERSION, { ...options, encoding: { ...encoding, copyBuffer } });
}

/** The parser alone, rows collected as ResultEmitter would. */
export function cassandraDriverParserDecoder(frame: CapturedFrame, copyBuffer: boolean): FrameDecoder {
  const parser = new Parser({ objectMode: true }, encoderWith(copyBuffer));
  const header = new FrameHeader(
    PROTOCOL_VERSION,
    frame.flags,
    ROWS_STREAM_ID,
    Opcode.RESULT,
    frame.body.length,
  );
  let rows: unknown[] = [];
  parser.push = (item: { row?: unknown; error?: Error }): boolean => {
    if (item.error) throw item.error;
    if (item.row !== undefined) rows.push(item.row);
    return true;
  };
  return () => {
    rows = [];
    const item: FrameItem = { header, chunk: frame.body, offset: 0 };
    parser.parseBody({}, item);
    return rows.length;
  };
}

/** Protocol → Parser → ResultEmitter, as in cassandra-driver's Connection. */
export function cassandraDriverStreamsDecoder(frame: CapturedFrame): FrameDecoder {
  const protocol = new Protocol({ objectMode: true });
  const parser = new Parser({ objectMode: true }, encoderWith(true));
  const emitter = new ResultEmitter({ objectMode: true });
  protocol.pipe(parser).pipe(emitter);
  return () =>
    new Promise<number>((resolve, reject) => {
      emitter.once('result', (_header: unknown, error: Error | null, result: { rows?: unknown[] } | null) => {
        if (error) reject(error);
        else resolve(result?.rows?.length ?? 0);
      });
      protocol.write(frame.bytes);
    });
}
