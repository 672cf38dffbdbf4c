import type { LocalDate, Session } from '@cqlkit/driver';
import { REPORTS_PROFILE } from './cluster-settings';

/** One page as an HTTP API would return it: the rows and an opaque cursor for the next page. */
export interface ReportPage {
  readonly values: readonly number[];
  readonly first: Date | undefined;
  readonly last: Date | undefined;
  /** Base64 paging state, or `undefined` after the last page. */
  readonly cursor: string | undefined;
}

/** Statistics of a day of readings. */
export interface DailyStatistics {
  readonly pages: number;
  readonly readings: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

const DAY_QUERY = 'SELECT recorded_at, value FROM readings WHERE sensor_id = ? AND day = ?';

/**
 * One page of a sensor's day, newest first, through the raw session. `cursor` is what the
 * previous page returned: the paging state travels to the client and back as text, and the query
 * resumes where it stopped, even from another process.
 */
export async function reportPage(
  session: Session,
  sensorId: string,
  day: LocalDate,
  cursor?: string,
): Promise<ReportPage> {
  const page = await session.execute<{ recorded_at: Date; value: number }>(DAY_QUERY, [sensorId, day], {
    prepare: true,
    executionProfile: REPORTS_PROFILE, // LOCAL_ONE, 30 s, pages of 100
    ...(cursor !== undefined ? { pagingState: Buffer.from(cursor, 'base64') } : {}),
  });
  return {
    values: page.rows.map((row) => row.value),
    first: page.rows[0]?.recorded_at,
    last: page.rows.at(-1)?.recorded_at,
    cursor: page.hasMorePages ? page.pagingState?.toString('base64') : undefined,
  };
}

/**
 * Min, max and mean of a sensor's day, reading it page by page with cursors as a client of an
 * API would; `onPage` sees each page.
 */
export async function dailyStatistics(
  session: Session,
  sensorId: string,
  day: LocalDate,
  onPage: (page: ReportPage, index: number) => void,
): Promise<DailyStatistics> {
  let cursor: string | undefined;
  let pages = 0;
  let readings = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  do {
    const page = await reportPage(session, sensorId, day, cursor);
    onPage(page, pages);
    pages++;
    for (const value of page.values) {
      readings++;
      sum += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { pages, readings, min, max, mean: readings === 0 ? NaN : sum / readings };
}
