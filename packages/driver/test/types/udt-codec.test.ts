import { ByteWriter } from '../../src/binary/byte-writer';
import { codecFor } from '../../src/types/codecs/codec-for';
import type { UdtDataType } from '../../src/types/data-type';
import { ValueEncodingError } from '../../src/types/value-encoding-error';
import { caught, decode, roundTrip } from './codec-helpers';

const address: UdtDataType = {
  kind: 'udt',
  keyspace: 'ks',
  name: 'address',
  fields: [
    { name: 'street', type: { kind: 'text' } },
    { name: 'zip', type: { kind: 'int' } },
    { name: 'tags', type: { kind: 'set', element: { kind: 'text' } } },
  ],
};

class Address {
  street = '';
  zip: number | null = null;
  tags: string[] | null = null;
  extra = 'not a field';
  get label(): string {
    return `${this.street} ${this.zip ?? ''}`;
  }
}

function fieldBytes(...values: (Buffer | null)[]): Buffer {
  const w = new ByteWriter();
  for (const v of values) w.writeBytes(v);
  return Buffer.from(w.finish());
}

describe('UDT codec', () => {
  it('writes one [bytes] per field in declaration order, nulls for missing properties', () => {
    const bytes = codecFor(address).encode({ zip: 7, street: 'Main' });
    expect(bytes).toEqual(fieldBytes(Buffer.from('Main'), Buffer.from([0, 0, 0, 7]), null));
  });

  it('decodes to plain objects with every field', () => {
    expect(roundTrip(address, { street: 'Main', zip: 7, tags: ['a'] })).toEqual({
      street: 'Main',
      zip: 7,
      tags: ['a'],
    });
    expect(roundTrip(address, {})).toEqual({ street: null, zip: null, tags: null });
  });

  it('decodes values with fewer fields than declared, and ignores fields added later', () => {
    expect(decode(address, fieldBytes(Buffer.from('Main')))).toEqual({
      street: 'Main',
      zip: null,
      tags: null,
    });
    const withExtra = fieldBytes(Buffer.from('Main'), Buffer.from([0, 0, 0, 1]), null, Buffer.from('x'));
    expect(decode(address, withExtra)).toEqual({ street: 'Main', zip: 1, tags: null });
  });

  it('binds class instances by their properties and builds registered classes', () => {
    const a = new Address();
    a.street = 'Elm';
    a.zip = 12345;
    const options = {
      userTypeFor: (ks: string, name: string) =>
        ks === 'ks' && name === 'address' ? { ctor: Address } : undefined,
    };
    const decoded = roundTrip(address, a, options);
    expect(decoded).toBeInstanceOf(Address);
    expect((decoded as Address).label).toBe('Elm 12345');
    expect((decoded as Address).tags).toBeNull();
    expect(roundTrip(address, a)).toEqual({ street: 'Elm', zip: 12345, tags: null });
  });

  it('maps CQL fields to differently named properties of a bound class', () => {
    class Addr {
      street?: string;
      zipCode?: number;
      tags?: string[] | null;
    }
    const options = {
      userTypeFor: () => ({ ctor: Addr, properties: { zip: 'zipCode' } }),
    };
    const a = Object.assign(new Addr(), { street: 'Oak', zipCode: 75001 });
    const decoded = roundTrip(address, a, options) as Addr;
    expect(decoded).toBeInstanceOf(Addr);
    expect(decoded).toEqual(Object.assign(new Addr(), { street: 'Oak', zipCode: 75001, tags: null }));
    expect(decoded).not.toHaveProperty('zip');
  });

  it('rejects unknown properties of plain objects and non-objects', () => {
    expect(() => codecFor(address).encode({ street: 'x', zipp: 1 })).toThrow(
      /unknown field "zipp" \(fields: street, zip, tags\)/,
    );
    expect(() => codecFor(address).encode('x')).toThrow(ValueEncodingError);
    expect(() => codecFor(address).encode([1])).toThrow(ValueEncodingError);
  });

  it('locates the bad field in its error', () => {
    const err = caught(() => codecFor(address).encode({ street: 'x', tags: ['ok', 5] })).withColumn('home');
    expect(err.path).toBe('home.tags[1]');
    expect(err.message).toBe(
      'Invalid value for column "home" at home.tags[1]: expected text (string), got number 5',
    );
  });

  it('keeps a field named __proto__ an own property', () => {
    const odd: UdtDataType = { ...address, fields: [{ name: '__proto__', type: { kind: 'int' } }] };
    const decoded = decode(odd, fieldBytes(Buffer.from([0, 0, 0, 1]))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toBe(1);
  });
});
