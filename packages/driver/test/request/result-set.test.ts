import { Host } from '../../src/cluster/host';
import { InvalidOptionsError, QueryExhaustedError, TooManyRowsError } from '../../src/errors';
import type { QueryTrace } from '../../src/observability/query-trace';
import { ResultSet, type PageInfo, type QueryTraceFetcher } from '../../src/request/result-set';
import { Uuid } from '../../src/types';

const host = new Host({ address: '127.0.0.1', port: 9042 });

function page(
  rows: number[],
  next: Buffer | undefined,
  fetch?: (s: Buffer) => Promise<ResultSet<number>>,
  traced?: { tracingId: Buffer; fetcher: QueryTraceFetcher },
): ResultSet<number> {
  const info: PageInfo = {
    columns: [],
    pagingState: next,
    warnings: [],
    customPayload: undefined,
    tracingId: traced?.tracingId,
    coordinator: host,
    schemaChange: undefined,
    keyspace: undefined,
  };
  return new ResultSet(rows, info, fetch && { fetchPage: fetch }, traced?.fetcher);
}

/** Pages of `sizes` rows each, numbered from 0, chained by paging state. */
function pages(sizes: number[]): { first: ResultSet<number>; fetched: () => number } {
  let fetched = 0;
  let n = 0;
  const rowsOf = sizes.map((size) => Array.from({ length: size }, () => n++));
  const at = (i: number): ResultSet<number> =>
    page(rowsOf[i]!, i < sizes.length - 1 ? Buffer.from([i + 1]) : undefined, async (state) => {
      fetched++;
      return at(state[0]!);
    });
  return { first: at(0), fetched: () => fetched };
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

  it('iterates pages fetched for iteration from their row source, a chunk at a time, and nothing else', async () => {
    const taken: number[] = [];
    // Page 2's rows come from a source handing out chunks (its rows array is empty).
    const chunks = [[3, 4], [5]];
    const source = {
      take: () => {
        const chunk = chunks.shift();
        if (chunk !== undefined) taken.push(chunk.length);
        return chunk;
      },
    };
    const info = (next: Buffer | undefined): PageInfo => ({
      columns: [],
      pagingState: next,
      warnings: [],
      customPayload: undefined,
      tracingId: undefined,
      coordinator: host,
      schemaChange: undefined,
      keyspace: undefined,
    });
    const second = new ResultSet<number>([], info(undefined), undefined, undefined, source);
    const fetchPage = jest.fn(() => Promise.reject(new Error('not for iterations')));
    const first = new ResultSet([1, 2], info(Buffer.from([1])), {
      fetchPage,
      fetchPageForIteration: async () => second,
    });
    const it = first[Symbol.asyncIterator]();
    const rows: number[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) {
      rows.push(r.value);
      if (r.value === 3) expect(taken).toEqual([2]); // the second chunk is built only when reached
    }
    expect(rows).toEqual([1, 2, 3, 4, 5]);
    expect(fetchPage).not.toHaveBeenCalled();
  });

  it('throws QueryExhaustedError past the last page and reports wasApplied', async () => {
    const last = page([1], undefined);
    await expect(last.fetchNextPage()).rejects.toBeInstanceOf(QueryExhaustedError);
    expect(last.hasMorePages).toBe(false);
    expect(last.wasApplied).toBe(true);
  });

  describe('all()', () => {
    it('gathers the rows of this page and every following one', async () => {
      const { first, fetched } = pages([2, 0, 3, 1]);
      expect(await first.all()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(fetched()).toBe(3);
    });

    it('stops with TooManyRowsError past maxRows (default 10 000), before fetching more', async () => {
      const { first, fetched } = pages([4, 4, 4, 4]);
      const error = await first.all({ maxRows: 6 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TooManyRowsError);
      expect((error as Error).message).toMatch(/more than 6 rows.*iterate/);
      expect(fetched()).toBe(1); // the second page crossed the cap: no third fetch
      expect(await pages([4, 4]).first.all({ maxRows: 8 })).toHaveLength(8);
      const big = pages([6000, 6000]).first;
      await expect(big.all()).rejects.toThrow(/more than 10000 rows/);
      await expect(first.all({ maxRows: -1 })).rejects.toBeInstanceOf(InvalidOptionsError);
    });
  });

  describe('getQueryTrace()', () => {
    it('fetches the trace of a traced request through its session', async () => {
      const id = Uuid.random();
      const asked: Uuid[] = [];
      const trace = { request: 'Execute CQL3 query' } as unknown as QueryTrace;
      const fetcher: QueryTraceFetcher = async (tracingId) => {
        asked.push(tracingId);
        return trace;
      };
      const rs = page([1], undefined, undefined, { tracingId: id.toBuffer(), fetcher });
      expect(await rs.getQueryTrace({ maxWaitMs: 100 })).toBe(trace);
      expect(asked).toEqual([id]);
    });

    it('says when the request was not traced', async () => {
      await expect(page([1], undefined).getQueryTrace()).rejects.toThrow(/was not traced.*tracing: true/);
    });
  });
});
