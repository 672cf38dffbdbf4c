import { ByteReader } from '../../src/binary/byte-reader';
import { ByteWriter } from '../../src/binary/byte-writer';
import {
  ConfigurationError,
  ProtocolDecodeError,
  RateLimitReachedError,
  RequestExecutionError,
  UnknownServerError,
} from '../../src/errors';
import { decodeErrorResponse } from '../../src/protocol/error-response';
import { DefaultRetryPolicy } from '../../src/policies/retry-default';
import { decideRetry } from '../../src/policies/retry';

/** ScyllaDB's rate-limit ERROR body: [int code][string msg][byte op_type][byte rejected_by_coordinator]. */
function rateLimitBody(code: number, opType: number, byCoordinator: number): ByteReader {
  const w = new ByteWriter();
  w.writeInt(code).writeString('Per-partition rate limit reached').writeByte(opType).writeByte(byCoordinator);
  return new ByteReader(Buffer.from(w.finish()));
}

describe("ScyllaDB's rate-limit error", () => {
  it('is decoded with its fields when the code is the one learned from SUPPORTED', () => {
    const error = decodeErrorResponse(rateLimitBody(61440, 1, 1), 4, '127.0.0.11:9042', 61440);
    expect(error).toBeInstanceOf(RateLimitReachedError);
    expect(error).toBeInstanceOf(RequestExecutionError);
    const e = error as RateLimitReachedError;
    expect([e.protocolCode, e.code, e.opType, e.rejectedByCoordinator]).toEqual([
      61440,
      'CQLKIT_RATE_LIMIT_REACHED',
      'write',
      true,
    ]);
    expect(e.serverMessage).toBe('Per-partition rate limit reached');
    expect(e.coordinator).toBe('127.0.0.11:9042');
    const read = decodeErrorResponse(
      rateLimitBody(0xf123, 0, 0),
      4,
      undefined,
      0xf123,
    ) as RateLimitReachedError;
    expect([read.opType, read.rejectedByCoordinator]).toEqual(['read', false]);
  });

  it('is not assumed from the code alone: without the extension it is an unknown server error', () => {
    expect(decodeErrorResponse(rateLimitBody(61440, 1, 1), 4)).toBeInstanceOf(UnknownServerError);
  });

  it('the fallback ScyllaDB sends without the extension stays a ConfigurationError', () => {
    const w = new ByteWriter();
    w.writeInt(0x2300).writeString('rate limit');
    expect(decodeErrorResponse(new ByteReader(Buffer.from(w.finish())), 4, undefined, 61440)).toBeInstanceOf(
      ConfigurationError,
    );
  });

  it('rejects an unknown operation type', () => {
    expect(() => decodeErrorResponse(rateLimitBody(61440, 7, 0), 4, undefined, 61440)).toThrow(
      ProtocolDecodeError,
    );
  });

  it('is not retried by the default retry policy, even for idempotent requests', () => {
    const error = decodeErrorResponse(rateLimitBody(61440, 0, 1), 4, undefined, 61440);
    expect(
      decideRetry(new DefaultRetryPolicy(), { idempotent: true, consistency: 1, retryCount: 0 }, error),
    ).toEqual({ kind: 'rethrow' });
  });
});
