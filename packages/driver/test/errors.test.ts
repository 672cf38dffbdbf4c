import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as driver from '../src';
import {
  ConnectionClosedError,
  DriverError,
  InvalidOptionsError,
  NoHostAvailableError,
  ServerError,
  UnavailableError,
  UnknownServerError,
  UserTypeDoesNotExistError,
} from '../src/errors';
import { decodeErrorResponse } from '../src/protocol/error-response';
import { ByteReader } from '../src/binary/byte-reader';
import { ByteWriter } from '../src/binary/byte-writer';
import { ValueEncodingError } from '../src/types/value-encoding-error';

type ErrorClass = (abstract new (...args: never[]) => Error) & { readonly code?: unknown };

/** Every class `@cqlkit/driver` exports whose instances are errors. */
const errorClasses = Object.entries(driver as Record<string, unknown>).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === 'function' && (entry[1] as { prototype?: unknown }).prototype instanceof Error,
);

describe('error codes', () => {
  it('finds the exported error classes', () => {
    expect(errorClasses.length).toBeGreaterThanOrEqual(44);
    expect(errorClasses.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'DriverError',
        'ServerError',
        'ValueEncodingError',
        'TypeParseError',
        'SchemaRowError',
      ]),
    );
  });

  it('gives every exported error class its own stable CQLKIT_ code', () => {
    const byCode = new Map<unknown, string[]>();
    for (const [name, cls] of errorClasses) {
      expect({ name, code: cls.code }).toEqual({ name, code: expect.stringMatching(/^CQLKIT_[A-Z0-9_]+$/) });
      byCode.set(cls.code, [...(byCode.get(cls.code) ?? []), name]);
    }
    const shared = [...byCode].filter(([, names]) => names.length > 1);
    expect(shared).toEqual([]);
  });

  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'errors.md'), 'utf8');
    const missing = errorClasses
      .filter(([, cls]) => !doc.includes(`\`${String(cls.code)}\``))
      .map(([n]) => n);
    expect(missing).toEqual([]);
  });

  it('puts the class code on each instance, subclasses included', () => {
    const init = { code: 0x1000, message: 'not enough replicas' };
    expect(new DriverError('x').code).toBe('CQLKIT_DRIVER_ERROR');
    expect(new InvalidOptionsError('x').code).toBe('CQLKIT_INVALID_OPTIONS');
    expect(new UnavailableError(init, 4, 3, 1).code).toBe('CQLKIT_UNAVAILABLE');
    expect(new ConnectionClosedError('closed', '127.0.0.1:9042').code).toBe('CQLKIT_CONNECTION_CLOSED');
    expect(new NoHostAvailableError('none', new Map()).code).toBe('CQLKIT_NO_HOST_AVAILABLE');
    expect(new UserTypeDoesNotExistError('ks', 't').code).toBe('CQLKIT_USER_TYPE_DOES_NOT_EXIST');
    expect(new ValueEncodingError('int', 'string "x"').code).toBe('CQLKIT_VALUE_ENCODING');
    for (const [name, cls] of errorClasses) {
      if (cls === DriverError || cls === ValueEncodingError) continue;
      expect({ name, sharesBaseCode: cls.code === DriverError.code }).toEqual({
        name,
        sharesBaseCode: false,
      });
    }
  });

  it('keeps the ERROR response code as protocolCode, next to the stable code', () => {
    const body = new ByteWriter().writeInt(0x1000).writeString('no').writeShort(4).writeInt(3).writeInt(1);
    const e = decodeErrorResponse(new ByteReader(Buffer.from(body.finish())), 5);
    expect(e).toBeInstanceOf(UnavailableError);
    expect([e.code, e.protocolCode]).toEqual(['CQLKIT_UNAVAILABLE', 0x1000]);
    const unknown = decodeErrorResponse(
      new ByteReader(Buffer.from(new ByteWriter().writeInt(0x7777).writeString('?').finish())),
      5,
    );
    expect(unknown).toBeInstanceOf(UnknownServerError);
    expect([unknown.code, (unknown as ServerError).protocolCode]).toEqual([
      'CQLKIT_UNKNOWN_SERVER_ERROR',
      0x7777,
    ]);
  });
});
