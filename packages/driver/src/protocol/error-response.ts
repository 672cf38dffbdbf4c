import { Buffer } from 'node:buffer';
import {
  AlreadyExistsError,
  BadCredentialsError,
  CasWriteUnknownError,
  CdcWriteFailureError,
  ConfigurationError,
  CqlSyntaxError,
  ErrorCode,
  FunctionFailureError,
  InvalidRequestError,
  IsBootstrappingError,
  OverloadedError,
  ProtocolDecodeError,
  RateLimitReachedError,
  ReadFailureError,
  ReadTimeoutError,
  ServerError,
  ServerErrorInit,
  ServerInternalError,
  ServerProtocolError,
  TruncateError,
  UnauthorizedError,
  UnavailableError,
  UnknownServerError,
  UnpreparedError,
  WriteFailureError,
  WriteTimeoutError,
} from '../errors';
import { ByteReader } from '../binary/byte-reader';

/**
 * Decodes the body of an ERROR response into the matching {@link ServerError} subclass.
 *
 * @param reader positioned at the start of the ERROR body
 * @param version the protocol version the response was sent with (v5 adds reason maps and CAS contentions)
 * @param coordinator `host:port` of the node, recorded on the error
 * @param rateLimitErrorCode ScyllaDB: the rate-limit error code the connection learned from SUPPORTED
 * @internal
 */
export function decodeErrorResponse(
  reader: ByteReader,
  version: number,
  coordinator?: string,
  rateLimitErrorCode?: number,
): ServerError {
  const code = reader.readInt();
  const message = reader.readString();
  const init: ServerErrorInit = { code, message, coordinator };
  if (code === rateLimitErrorCode) return decodeRateLimitReached(reader, init);
  switch (code) {
    case ErrorCode.SERVER_ERROR:
      return new ServerInternalError(init);
    case ErrorCode.PROTOCOL_ERROR:
      return new ServerProtocolError(init);
    case ErrorCode.BAD_CREDENTIALS:
      return new BadCredentialsError(init);
    case ErrorCode.UNAVAILABLE: {
      const consistency = reader.readShort();
      return new UnavailableError(init, consistency, reader.readInt(), reader.readInt());
    }
    case ErrorCode.OVERLOADED:
      return new OverloadedError(init);
    case ErrorCode.IS_BOOTSTRAPPING:
      return new IsBootstrappingError(init);
    case ErrorCode.TRUNCATE_ERROR:
      return new TruncateError(init);
    case ErrorCode.WRITE_TIMEOUT: {
      const { consistency, received, blockFor } = readCounts(reader);
      const writeType = reader.readString();
      // v5 CasWriteTimeoutException adds [short] contentions; some paths omit it, so read it only if present.
      const contentions =
        version >= 5 && writeType === 'CAS' && reader.remaining >= 2 ? reader.readShort() : undefined;
      return new WriteTimeoutError(init, consistency, received, blockFor, writeType, contentions);
    }
    case ErrorCode.READ_TIMEOUT: {
      const { consistency, received, blockFor } = readCounts(reader);
      return new ReadTimeoutError(init, consistency, received, blockFor, reader.readByte() !== 0);
    }
    case ErrorCode.READ_FAILURE: {
      const { consistency, received, blockFor } = readCounts(reader);
      const { failures, reasons } = readFailures(reader, version);
      return new ReadFailureError(
        init,
        consistency,
        received,
        blockFor,
        failures,
        reasons,
        reader.readByte() !== 0,
      );
    }
    case ErrorCode.FUNCTION_FAILURE:
      return new FunctionFailureError(
        init,
        reader.readString(),
        reader.readString(),
        reader.readStringList(),
      );
    case ErrorCode.WRITE_FAILURE: {
      const { consistency, received, blockFor } = readCounts(reader);
      const { failures, reasons } = readFailures(reader, version);
      return new WriteFailureError(
        init,
        consistency,
        received,
        blockFor,
        failures,
        reasons,
        reader.readString(),
      );
    }
    case ErrorCode.CDC_WRITE_FAILURE:
      return new CdcWriteFailureError(init);
    case ErrorCode.CAS_WRITE_UNKNOWN: {
      const { consistency, received, blockFor } = readCounts(reader);
      return new CasWriteUnknownError(init, consistency, received, blockFor);
    }
    case ErrorCode.SYNTAX_ERROR:
      return new CqlSyntaxError(init);
    case ErrorCode.UNAUTHORIZED:
      return new UnauthorizedError(init);
    case ErrorCode.INVALID:
      return new InvalidRequestError(init);
    case ErrorCode.CONFIG_ERROR:
      return new ConfigurationError(init);
    case ErrorCode.ALREADY_EXISTS:
      return new AlreadyExistsError(init, reader.readString(), reader.readString());
    case ErrorCode.UNPREPARED:
      return new UnpreparedError(init, Buffer.from(reader.readShortBytes()));
    default:
      return new UnknownServerError(init);
  }
}

/** ScyllaDB's rate-limit error: `[byte] op_type` (0 read, 1 write), `[byte] rejected_by_coordinator`. */
function decodeRateLimitReached(reader: ByteReader, init: ServerErrorInit): RateLimitReachedError {
  const opType = reader.readByte();
  if (opType !== 0 && opType !== 1) {
    throw new ProtocolDecodeError(`rate-limit error with unknown operation type ${opType} (0 read, 1 write)`);
  }
  return new RateLimitReachedError(init, opType === 0 ? 'read' : 'write', reader.readByte() !== 0);
}

/** `[consistency]`, received `[int]`, blockfor `[int]`: the head of timeout and failure bodies. */
function readCounts(reader: ByteReader): { consistency: number; received: number; blockFor: number } {
  const consistency = reader.readShort();
  const received = reader.readInt();
  return { consistency, received, blockFor: reader.readInt() };
}

function readFailures(
  reader: ByteReader,
  version: number,
): { failures: number; reasons: Map<string, number> } {
  const failures = reader.readInt();
  const reasons = new Map<string, number>();
  if (version >= 5) {
    if (failures < 0) throw new ProtocolDecodeError(`negative failure count ${failures} in error body`);
    for (let i = 0; i < failures; i++) {
      const endpoint = reader.readInetAddr();
      reasons.set(endpoint, reader.readShort());
    }
  }
  return { failures, reasons };
}
