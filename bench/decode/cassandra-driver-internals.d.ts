/**
 * Types for the cassandra-driver 4.10 internals the decode benchmark calls (they are not part of
 * its public index.d.ts). See lib/streams.js, lib/encoder.js, lib/client-options.js, lib/types.
 */
declare module 'cassandra-driver/lib/streams' {
  import { Transform, Writable } from 'node:stream';

  /** What the Protocol transform emits: a frame header and (part of) its body. */
  export interface FrameItem {
    header: unknown;
    chunk: Buffer;
    offset: number;
    frameEnded?: boolean;
  }

  /** Splits socket bytes into frames. */
  export class Protocol extends Transform {
    constructor(options: { objectMode: boolean });
  }

  /** Parses frame bodies into rows/results, pushing one item per row. */
  export class Parser extends Transform {
    constructor(options: { objectMode: boolean }, encoder: unknown);
    parseBody(frameInfo: object, item: FrameItem): void;
  }

  /** Buffers rows of a frame and emits `result`. */
  export class ResultEmitter extends Writable {
    constructor(options: { objectMode: boolean });
  }
}

declare module 'cassandra-driver/lib/encoder' {
  /** The value codec used by the parser. */
  class Encoder {
    constructor(protocolVersion: number, options: object);
  }
  export = Encoder;
}

declare module 'cassandra-driver/lib/client-options' {
  /** The client's default options (policies, encoding…). */
  export function defaultOptions(): Record<string, unknown>;
}

declare module 'cassandra-driver/lib/types' {
  /** A frame header as the parser expects it. */
  export class FrameHeader {
    constructor(version: number, flags: number, streamId: number, opcode: number, bodyLength: number);
  }
}
