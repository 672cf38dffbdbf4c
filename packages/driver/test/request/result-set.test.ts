import { Host } from '../../src/cluster/host';
import { QueryExhaustedError } from '../../src/errors';
import { ResultSet, type PageInfo } from '../../src/request/result-set';

const host = new Host({ address: '127.0.0.1', port: 9042 });

function page(
  rows: number[],
  next: Buffer | undefined,
  fetch?: (s: Buffer) => Promise<ResultSet<number>>,
): ResultSet<number> {
  const info: PageInfo = {
    columns: [],
    pagingState: next,
    warnings: [],
    customPayload: undefined,
    tracingId: undefined,
    coordinator: host,
    schemaChange: undefined,
    keyspace: undefined,
  };
  return new ResultSet(rows, info, fetch);
}

describe('ResultSet', () => {
  it('iterates every page and does not stop at empty intermediate pages', async () => {
    const pages = [[1, 2], [], [], [3], []];
    const fetched: number[] = [];
    const at = (i: number): ResultSet<number> =>
      page(pages[i]!, i < pages.length - 1 ? Buffer.from([i + 1]) : undefined, async (state) => {
        fetched.push(state[0]!);
        return at(state[0]!);
      });
    const rows: number[] = [];
    for await (const r of at(0)) rows.push(r);
    expect(rows).toEqual([1, 2, 3]);
    expect(fetched).toEqual([1, 2, 3, 4]);
  });

  it('prefetches the next page while the current one is consumed', async () => {
    let requested = 0;
    const second = page([3], undefined);
    const first = page([1, 2], Buffer.from([1]), async () => {
      requested++;
      return second;
    });
    const it = first[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe(1);
    expect(requested).toBe(1); // asked for page 2 before page 1 was consumed
  });

  it('throws QueryExhaustedError past the last page and reports wasApplied', async () => {
    const last = page([1], undefined);
    await expect(last.fetchNextPage()).rejects.toBeInstanceOf(QueryExhaustedError);
    expect(last.hasMorePages).toBe(false);
    expect(last.wasApplied).toBe(true);
  });
});
