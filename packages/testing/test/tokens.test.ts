import { balancedMurmur3Tokens } from '../src/config/tokens';
import { clusterLayout, MAX_NODES, nodeLayout } from '../src/config/node-layout';

describe('balancedMurmur3Tokens', () => {
  it('gives the single node the minimum token', () => {
    expect(balancedMurmur3Tokens(1)).toEqual([-9223372036854775808n]);
  });

  it('matches the ccm tokens for 3 and 4 nodes', () => {
    expect(balancedMurmur3Tokens(3)).toEqual([
      -9223372036854775808n,
      -3074457345618258603n,
      3074457345618258602n,
    ]);
    expect(balancedMurmur3Tokens(4)).toEqual([
      -9223372036854775808n,
      -4611686018427387904n,
      0n,
      4611686018427387904n,
    ]);
  });

  it('produces strictly increasing tokens inside the Murmur3 range', () => {
    for (let n = 1; n <= 16; n++) {
      const tokens = balancedMurmur3Tokens(n);
      expect(tokens).toHaveLength(n);
      tokens.forEach((token, i) => {
        expect(token >= -(1n << 63n) && token < 1n << 63n).toBe(true);
        if (i > 0) expect(token > tokens[i - 1]!).toBe(true);
      });
    }
  });

  it('rejects a non-positive or fractional node count', () => {
    expect(() => balancedMurmur3Tokens(0)).toThrow(RangeError);
    expect(() => balancedMurmur3Tokens(1.5)).toThrow(RangeError);
  });
});

describe('nodeLayout', () => {
  it('puts node i on 127.0.0.i with JMX port 7000 + 100·i and its own dirs', () => {
    const node = nodeLayout('/c', 2, 3);

    expect(node).toMatchObject({
      index: 2,
      address: '127.0.0.2',
      nativePort: 9042,
      storagePort: 7000,
      jmxPort: 7200,
      initialToken: -3074457345618258603n,
      dir: '/c/node2',
      yamlPath: '/c/node2/conf/cassandra.yaml',
      systemLog: '/c/node2/logs/system.log',
      dataDir: '/c/node2/data',
    });
  });

  it('rejects node numbers outside the cluster and cluster sizes above the maximum', () => {
    expect(() => nodeLayout('/c', 4, 3)).toThrow(/node 4 does not exist/);
    expect(() => nodeLayout('/c', 0, 3)).toThrow(RangeError);
    expect(() => clusterLayout('/c', MAX_NODES + 1)).toThrow(RangeError);
  });

  it('lists every node of the cluster in order', () => {
    expect(clusterLayout('/c', 3).map((n) => n.address)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
  });
});
