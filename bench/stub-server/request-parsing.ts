/**
 * The few request fields the stub needs: CQL texts, STARTUP options, and an EXECUTE's statement
 * id, skip-metadata flag and paging state. Uses the driver's ByteReader (bounds-checked).
 */
import { ByteReader } from '../../packages/driver/src/binary/byte-reader';
import type { Envelope } from '../../packages/driver/src/protocol/envelope';
import { EnvelopeFlag } from '../../packages/driver/src/protocol/opcodes';
import { QueryFlag } from '../../packages/driver/src/protocol/messages';

/** What an EXECUTE asks for. */
export interface ExecuteRequest {
  /** Prepared statement id, hex. */
  readonly idHex: string;
  readonly skipMetadata: boolean;
  readonly pagingState: Buffer | undefined;
}

/** A reader positioned at the request's message body (custom payload skipped). */
function bodyReader(envelope: Envelope): ByteReader {
  const reader = new ByteReader(envelope.body);
  if (envelope.flags & EnvelopeFlag.CUSTOM_PAYLOAD) reader.readBytesMap();
  return reader;
}

/** The `[long string]` query of a QUERY or PREPARE. */
export function readQueryText(envelope: Envelope): string {
  return bodyReader(envelope).readLongString();
}

/** The `[string map]` of a STARTUP. */
export function readStartupOptions(envelope: Envelope): Record<string, string> {
  return bodyReader(envelope).readStringMap();
}

/** Id, skip-metadata flag and paging state of an EXECUTE (v4 or v5). */
export function readExecute(envelope: Envelope): ExecuteRequest {
  const reader = bodyReader(envelope);
  const version = envelope.version;
  const idHex = reader.readShortBytes().toString('hex');
  if (version >= 5) reader.readShortBytes(); // result metadata id
  reader.readShort(); // consistency
  const flags = version >= 5 ? reader.readInt() : reader.readByte();
  if (flags & QueryFlag.VALUES) {
    const count = reader.readShort();
    for (let i = 0; i < count; i++) {
      if (flags & QueryFlag.WITH_NAMES_FOR_VALUES) reader.readString();
      const length = reader.readInt();
      if (length > 0) reader.skip(length, '[value]');
    }
  }
  if (flags & QueryFlag.PAGE_SIZE) reader.readInt();
  const pagingState = flags & QueryFlag.WITH_PAGING_STATE ? (reader.readBytes() ?? undefined) : undefined;
  return { idHex, skipMetadata: (flags & QueryFlag.SKIP_METADATA) !== 0, pagingState };
}
