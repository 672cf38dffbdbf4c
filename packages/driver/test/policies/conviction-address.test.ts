import { InvalidOptionsError } from '../../src/errors';
import { IdentityTranslator, MapAddressTranslator } from '../../src/policies/address-translator';
import { DefaultConvictionPolicy } from '../../src/policies/conviction';
import { host } from './fake-cluster';

describe('DefaultConvictionPolicy', () => {
  const policy = new DefaultConvictionPolicy();
  const failure = new Error('connection reset');

  it('convicts a host once its last connection is gone', () => {
    expect(policy.addFailure(host(1), failure, 0)).toBe(true);
  });

  it('keeps a host up while it still has open connections', () => {
    expect(policy.addFailure(host(1), failure, 1)).toBe(false);
    expect(policy.addFailure(host(1), failure, 7)).toBe(false);
  });

  it('has nothing to reset', () => {
    expect(() => policy.reset(host(1))).not.toThrow();
  });
});

describe('IdentityTranslator', () => {
  it('returns the advertised address and port', () => {
    expect(new IdentityTranslator().translate('10.0.0.1', 9042)).toEqual({ address: '10.0.0.1', port: 9042 });
  });
});

describe('MapAddressTranslator', () => {
  const translator = new MapAddressTranslator({
    '10.0.0.1:9042': '127.0.0.1:19042',
    '10.0.0.2': '127.0.0.2',
    '10.0.0.3': '127.0.0.3:29042',
    '[fd00::1]:9042': '[::1]:9142',
    'fd00::2': '::2',
  });

  it.each([
    ['an endpoint key', '10.0.0.1', 9042, { address: '127.0.0.1', port: 19042 }],
    ['an endpoint key on another port (unlisted)', '10.0.0.1', 9043, { address: '10.0.0.1', port: 9043 }],
    ['an address key, keeping the port', '10.0.0.2', 9999, { address: '127.0.0.2', port: 9999 }],
    ['an address key mapped to an endpoint', '10.0.0.3', 9042, { address: '127.0.0.3', port: 29042 }],
    ['a bracketed IPv6 endpoint', 'fd00::1', 9042, { address: '::1', port: 9142 }],
    ['a bare IPv6 address', 'fd00::2', 9042, { address: '::2', port: 9042 }],
    ['an unlisted address', '10.0.0.9', 9042, { address: '10.0.0.9', port: 9042 }],
  ])('translates through %s', (_label, address, port, expected) => {
    expect(translator.translate(address, port)).toEqual(expected);
  });

  it('accepts a Map and prefers an endpoint key over an address key', () => {
    const byMap = new MapAddressTranslator(
      new Map([
        ['10.0.0.1', '127.0.0.9'],
        ['10.0.0.1:9042', '127.0.0.1'],
      ]),
    );
    expect(byMap.translate('10.0.0.1', 9042)).toEqual({ address: '127.0.0.1', port: 9042 });
    expect(byMap.translate('10.0.0.1', 7000)).toEqual({ address: '127.0.0.9', port: 7000 });
  });

  it.each([
    [{ '': '127.0.0.1' }, /key '' is not an address/],
    [{ '10.0.0.1:0': '127.0.0.1' }, /key '10.0.0.1:0' is not an address/],
    [{ '10.0.0.1': '127.0.0.1:70000' }, /value of '10.0.0.1' '127.0.0.1:70000' is not an address/],
    [{ '10.0.0.1': 'bad host' }, /value of '10.0.0.1' 'bad host'/],
  ])('rejects the table %p', (table, message) => {
    expect(() => new MapAddressTranslator(table)).toThrow(InvalidOptionsError);
    expect(() => new MapAddressTranslator(table)).toThrow(message);
  });
});
