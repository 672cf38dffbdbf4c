import {
  parseReplicationFactor,
  parseReplicationOptions,
  replicationStrategyKey,
  type ReplicationOptions,
} from '../../src/routing/replication-strategy';

describe('parseReplicationOptions', () => {
  it('reads SimpleStrategy with its replication factor, by short or full class name', () => {
    expect(parseReplicationOptions({ class: 'SimpleStrategy', replication_factor: '3' })).toEqual({
      kind: 'simple',
      replicationFactor: 3,
    });
    expect(
      parseReplicationOptions({
        class: 'org.apache.cassandra.locator.SimpleStrategy',
        replication_factor: '1',
      }),
    ).toEqual({ kind: 'simple', replicationFactor: 1 });
  });

  it('reads NetworkTopologyStrategy factors per data center, dropping zero factors', () => {
    const strategy = parseReplicationOptions({
      class: 'org.apache.cassandra.locator.NetworkTopologyStrategy',
      dc1: '3',
      dc2: '0',
      'DC East': '2',
    });
    expect(strategy).toEqual({
      kind: 'network-topology',
      datacenterFactors: new Map([
        ['dc1', 3],
        ['DC East', 2],
      ]),
    });
  });

  it('recognises EverywhereStrategy and LocalStrategy', () => {
    expect(parseReplicationOptions({ class: 'org.apache.cassandra.locator.EverywhereStrategy' })).toEqual({
      kind: 'everywhere',
    });
    expect(parseReplicationOptions({ class: 'org.apache.cassandra.locator.LocalStrategy' })).toEqual({
      kind: 'local',
    });
  });

  it('keeps the class name of a strategy it does not know', () => {
    expect(parseReplicationOptions({ class: 'com.example.Custom' })).toEqual({
      kind: 'unknown',
      className: 'com.example.Custom',
    });
    expect(parseReplicationOptions({})).toEqual({ kind: 'unknown', className: '' });
  });
});

describe('parseReplicationFactor', () => {
  it.each([
    ['3', 3],
    ['3/1', 3], // transient replication: 3 replicas, 1 of them transient
    [' 2 ', 2],
    ['x', 0],
    ['-1', 0],
    [undefined, 0],
  ])('parses %p as %p', (text, factor) => {
    expect(parseReplicationFactor(text)).toBe(factor);
  });
});

describe('replicationStrategyKey', () => {
  it('is the same for equal settings whatever the option order or class spelling', () => {
    const a = parseReplicationOptions({ class: 'NetworkTopologyStrategy', dc1: '3', dc2: '2' });
    const b = parseReplicationOptions({
      dc2: '2',
      class: 'org.apache.cassandra.locator.NetworkTopologyStrategy',
      dc1: '3',
    });
    expect(replicationStrategyKey(a)).toBe(replicationStrategyKey(b));
  });

  it('differs when the placement differs', () => {
    const settings: ReplicationOptions[] = [
      { class: 'SimpleStrategy', replication_factor: '2' },
      { class: 'SimpleStrategy', replication_factor: '3' },
      { class: 'NetworkTopologyStrategy', dc1: '3' },
      { class: 'NetworkTopologyStrategy', dc1: '3', dc2: '1' },
      { class: 'EverywhereStrategy' },
      { class: 'LocalStrategy' },
      { class: 'Custom' },
    ];
    const keys = settings.map((o) => replicationStrategyKey(parseReplicationOptions(o)));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
