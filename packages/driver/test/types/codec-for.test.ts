import Long from 'long';
import { ByteWriter } from '../../src/binary/byte-writer';
import { codecFor, codecsFor } from '../../src/types/codecs/codec-for';
import type { CodecOptions } from '../../src/types/codecs/codec';
import { isUnset, unset } from '../../src/types/unset';
import * as types from '../../src/types';
import { decode, t } from './codec-helpers';

describe('codecFor', () => {
  it('reuses codecs per type object and per structure', () => {
    const type = t('map<text, list<int>>');
    expect(codecFor(type)).toBe(codecFor(type));
    expect(codecFor(t('map<text, list<int>>'))).toBe(codecFor(type));
    expect(codecFor(t('frozen<map<text, frozen<list<int>>>>'))).toBe(codecFor(type));
    expect(codecFor(t('list<int>'))).not.toBe(codecFor(t('set<int>')));
    expect(codecFor(type).cqlType).toBe('map<text, list<int>>');
  });

  it('keeps codecs for different options apart', () => {
    const options: CodecOptions = { int64As: 'bigint' };
    expect(codecFor(t('bigint'), options)).not.toBe(codecFor(t('bigint')));
    expect(codecFor(t('bigint'), options)).toBe(codecFor(t('bigint'), { int64As: 'bigint' }));
    expect(decode('list<bigint>', '00000001000000080000000000000001', options)).toEqual([1n]);
    expect(Long.isLong((decode('list<bigint>', '00000001000000080000000000000001') as unknown[])[0])).toBe(
      true,
    );
    const hook = (): undefined => undefined;
    expect(codecFor(t('int'), { userTypeFor: hook })).toBe(codecFor(t('int'), { userTypeFor: hook }));
  });

  it('encodes into a writer after existing content', () => {
    const w = new ByteWriter(1);
    w.writeByte(0xaa);
    codecFor(t('list<text>')).encodeTo(w, ['x']);
    expect(Buffer.from(w.finish()).toString('hex')).toBe('aa' + '00000001' + '0000000178');
  });

  it('decodes values straight out of a larger buffer', () => {
    const page = Buffer.from('ff' + '00000007' + '0000000161' + 'ff', 'hex');
    expect(codecFor(t('int')).decode(page, 1, 4)).toBe(7);
    expect(codecFor(t('text')).decode(page, 9, 1)).toBe('a');
  });
});

describe('unset', () => {
  it('is a unique symbol distinct from null', () => {
    expect(typeof unset).toBe('symbol');
    expect(isUnset(unset)).toBe(true);
    expect(isUnset(null)).toBe(false);
    expect(isUnset(Symbol('cqlkit.unset'))).toBe(false);
  });
});

describe('types barrel', () => {
  it('exports the public API', () => {
    for (const name of [
      'codecFor',
      'parseTypeString',
      'dataTypeToString',
      'inferDataType',
      'resolveTypeHint',
      'ValueEncodingError',
      'TypeParseError',
      'unset',
      'Uuid',
      'TimeUuid',
      'LocalDate',
      'LocalTime',
      'Duration',
      'InetAddress',
      'BigDecimal',
      'Tuple',
      'Long',
    ]) {
      expect(types).toHaveProperty(name);
    }
    expect(types.Long).toBe(Long);
  });

  it('keeps the wire-level helpers inside the driver', () => {
    for (const name of [
      'readTypeOption',
      'writeTypeOption',
      'TypeId',
      'parseClassName',
      'dataTypeToClassName',
      'MARSHAL_PACKAGE',
      'fixedValueLength',
    ]) {
      expect(types).not.toHaveProperty(name);
    }
  });
});

describe('codecsFor', () => {
  it('returns the codecs of a column list in order, cached per list and options', () => {
    const columns = [{ type: { kind: 'int' } }, { type: { kind: 'bigint' } }] as const;
    const codecs = codecsFor(columns);
    expect(codecs.map((c) => c.cqlType)).toEqual(['int', 'bigint']);
    expect(codecsFor(columns)).toBe(codecs);
    expect(codecs[1]).toBe(codecFor({ kind: 'bigint' }));
    const asBigint = codecsFor(columns, { int64As: 'bigint' });
    expect(asBigint).not.toBe(codecs);
    expect(asBigint[1]!.decode(Buffer.alloc(8), 0, 8)).toBe(0n);
    expect(codecsFor([...columns])).not.toBe(codecs); // keyed by identity
    expect(Object.isFrozen(codecs)).toBe(true);
  });
});
