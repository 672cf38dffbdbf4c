import { Consistency } from '../../src/consistency';
import {
  ErrorCode,
  ReadTimeoutError,
  UnavailableError,
  WriteTimeoutError,
  type WriteType,
} from '../../src/errors';

/** A read timeout at `consistency` (QUORUM by default). */
export function readTimeout(
  received: number,
  blockFor: number,
  dataPresent: boolean,
  consistency: number = Consistency.QUORUM,
): ReadTimeoutError {
  return new ReadTimeoutError(
    { code: ErrorCode.READ_TIMEOUT, message: 'read timeout' },
    consistency,
    received,
    blockFor,
    dataPresent,
  );
}

/** A write timeout of `writeType` at `consistency` (QUORUM by default). */
export function writeTimeout(
  writeType: WriteType,
  received = 0,
  blockFor = 2,
  consistency: number = Consistency.QUORUM,
): WriteTimeoutError {
  return new WriteTimeoutError(
    { code: ErrorCode.WRITE_TIMEOUT, message: 'write timeout' },
    consistency,
    received,
    blockFor,
    writeType,
    undefined,
  );
}

/** An unavailable error at `consistency` (QUORUM by default). */
export function unavailable(
  alive: number,
  required = 2,
  consistency: number = Consistency.QUORUM,
): UnavailableError {
  return new UnavailableError(
    { code: ErrorCode.UNAVAILABLE, message: 'unavailable' },
    consistency,
    required,
    alive,
  );
}
