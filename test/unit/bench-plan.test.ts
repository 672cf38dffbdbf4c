import { DRIVER_ORDER, inRepOrder, pointCells, VARIANT_ORDER } from '../../bench/lib/plan';

describe('benchmark plan', () => {
  it('counterbalances the order of the drivers and variants: A B, B A, A B, …', () => {
    expect([1, 2, 3, 4].map((rep) => inRepOrder(DRIVER_ORDER, rep))).toEqual([
      ['cqlkit', 'cassandra-driver'],
      ['cassandra-driver', 'cqlkit'],
      ['cqlkit', 'cassandra-driver'],
      ['cassandra-driver', 'cqlkit'],
    ]);
    expect(inRepOrder(VARIANT_ORDER, 2)).toEqual(['v5-lz4', 'v5', 'v4']);
    expect(VARIANT_ORDER).toEqual(['v4', 'v5', 'v5-lz4']); // not reversed in place
  });

  it('runs a paged workload once, at 1 in flight, without a warm-up window', () => {
    const cells = pointCells(['insert', 'scan'], [1, 128], {
      workloadWarmupMs: 1,
      warmupMs: 5,
      measureMs: 9,
    });
    expect(cells).toEqual([
      { workload: 'insert', concurrency: 1, warmupMs: 5, measureMs: 9 },
      { workload: 'insert', concurrency: 128, warmupMs: 5, measureMs: 9 },
      { workload: 'scan', concurrency: 1, warmupMs: 0, measureMs: 9 },
    ]);
  });
});
