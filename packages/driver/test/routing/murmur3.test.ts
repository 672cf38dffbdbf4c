import fc from 'fast-check';
import { Murmur3Tokenizer } from 'cassandra-driver/lib/tokenizer';
import {
  MURMUR3_MAX_TOKEN,
  MURMUR3_MIN_TOKEN,
  murmur3Token,
  murmur3TokenOfRange,
} from '../../src/routing/murmur3';
import { composeRoutingKey } from '../../src/routing/murmur3-routing-key';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('murmur3Token', () => {
  // Tokens as Cassandra's Murmur3Partitioner computes them. Sources (test data only):
  //  - datastax/python-driver tests/unit/test_metadata.py (Murmur3TokensTest._verify_hash)
  //  - datastax/ruby-driver spec/cassandra/murmur3_spec.rb (more keys, including tails ≥ 0x80)
  const vectors: ReadonlyArray<readonly [string, Buffer, bigint]> = [
    ["'123'", Buffer.from('123'), -7468325962851647638n],
    ["'9223372036854775807'", Buffer.from('9223372036854775807'), 7162290910810015547n],
    [
      '00ff10fa99 × 10 (two blocks + 8-byte tail with 0xff, 0xfa)',
      hex('00ff10fa99'.repeat(10)),
      5837342703291459765n,
    ],
    ['fe × 8 (tail of 8 bytes ≥ 0x80)', hex('fe'.repeat(8)), -8927430733708461935n],
    ['10 × 8', hex('10'.repeat(8)), 1446172840243228796n],
    ['01..10 (exactly one block)', hex('0102030405060708090a0b0c0d0e0f10'), -5563837382979743776n],
    ['07..16', hex('0708090a0b0c0d0e0f10111213141516'), 8228893370679682632n],
    ['00 × 16', hex('00'.repeat(16)), 5457549051747178710n],
    ['ff × 16', hex('ff'.repeat(16)), -2824192546314762522n],
    ['fe × 16', hex('fe'.repeat(16)), -833317529301936754n],
    ['000102 03 ff × 12', hex('00010203' + 'ff'.repeat(12)), 6463632673159404390n],
    ['fe × 17 (one block + a 1-byte tail ≥ 0x80)', hex('fe'.repeat(17)), -1672437813826982685n],
    ['fefefefe (4-byte tail ≥ 0x80)', hex('fefefefe'), 4566408979886474012n],
    ['00000000', hex('00000000'), -3485513579396041028n],
    ['00017f7f (0x7f: largest byte without sign extension)', hex('00017f7f'), 6573459401642635627n],
    ['00ffffff', hex('00ffffff'), 123573637386978882n],
    ['ff010203 (sign extension of the first tail byte)', hex('ff010203'), -2839127690952877842n],
    ['e2e7', hex('e2e7'), -8582699461035929883n],
    ['e2e7e2e7e2e701 (7-byte tail)', hex('e2e7e2e7e2e701'), 2222373981930033306n],
  ];

  it.each(vectors)('hashes %s like Cassandra', (_label, key, token) => {
    expect(murmur3Token(key)).toBe(token);
  });

  it('gives an empty key the minimum token, as the partitioner does', () => {
    expect(murmur3Token(Buffer.alloc(0))).toBe(MURMUR3_MIN_TOKEN);
  });

  it('accepts a plain Uint8Array as well as a Buffer', () => {
    expect(murmur3Token(new Uint8Array([0x31, 0x32, 0x33]))).toBe(-7468325962851647638n);
  });

  it('hashes a key read from the middle of a larger buffer by its own bytes only', () => {
    const backing = Buffer.from('xx123yy');
    expect(murmur3Token(backing.subarray(2, 5))).toBe(-7468325962851647638n);
  });

  it('agrees with the DataStax Node.js driver on random keys of every tail length', () => {
    const oracle = new Murmur3Tokenizer();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), (bytes) => {
        const key = Buffer.from(bytes);
        expect(murmur3Token(key).toString()).toBe(oracle.hash(key).getValue().toString());
      }),
      { numRuns: 3000 },
    );
  });

  it('hashes a range of a larger buffer in place as the same key on its own', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 48 }),
        fc.uint8Array({ maxLength: 20 }),
        fc.uint8Array({ maxLength: 20 }),
        (key, before, after) => {
          const all = Buffer.concat([before, key, after]);
          const start = before.length;
          expect(murmur3TokenOfRange(all, start, start + key.length)).toBe(murmur3Token(key));
        },
      ),
    );
    for (const [, key, token] of vectors) {
      expect(murmur3TokenOfRange(Buffer.concat([hex('ff0080'), key, hex('7f')]), 3, 3 + key.length)).toBe(
        token,
      );
    }
  });

  it('always returns a token within the signed 64-bit range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const token = murmur3Token(bytes);
        expect(token >= MURMUR3_MIN_TOKEN && token <= MURMUR3_MAX_TOKEN).toBe(true);
      }),
    );
  });
});

describe('composeRoutingKey', () => {
  it('returns a single component unchanged', () => {
    const only = Buffer.from([0, 0, 0, 42]);
    expect(composeRoutingKey([only])).toBe(only);
  });

  it('wraps a single Uint8Array component as a Buffer over the same bytes', () => {
    const only = new Uint8Array([1, 2, 3]);
    const key = composeRoutingKey([only]);
    expect(Buffer.isBuffer(key)).toBe(true);
    expect([...key]).toEqual([1, 2, 3]);
  });

  it('encodes composite components as [length][bytes][0x00] each', () => {
    const key = composeRoutingKey([Buffer.from('ab'), Buffer.from([0xff]), Buffer.alloc(0)]);
    expect(key.toString('hex')).toBe('0002' + '6162' + '00' + '0001' + 'ff' + '00' + '0000' + '00');
  });

  it('rejects an empty component list', () => {
    expect(() => composeRoutingKey([])).toThrow(/at least one partition-key component/);
  });

  it('rejects a composite component longer than 65535 bytes, naming it', () => {
    expect(() => composeRoutingKey([Buffer.alloc(1), Buffer.alloc(0x10000)])).toThrow(
      /component 1 is 65536 bytes/,
    );
  });
});
