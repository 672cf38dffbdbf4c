/**
 * The workloads a worker can run: which statement, which bound values, how many rows one
 * operation should return (reported, never asserted).
 */
import { ITEM_ROWS, type StatementName } from './bench-schema';
import {
  insertValues,
  LARGE_PAYLOAD_BYTES,
  partitionReadValues,
  pointRead1kValues,
  pointReadValues,
  type RawValue,
  SMALL_PAYLOAD_BYTES,
} from './data-gen';

/** Name of a workload. */
export type WorkloadName =
  'insert' | 'select1' | 'select100' | 'scan' | 'insert1k' | 'insert1k-random' | 'select1k';

/** What a workload runs. */
export interface WorkloadDefinition {
  /** Statement executed (prepared) by each operation. */
  readonly statement: StatementName;
  /** Human description for reports. */
  readonly title: string;
  /** Rows one operation returns when the data set is in place (the scan: the whole table). */
  readonly expectedRowsPerOp: number;
  /** True when one operation iterates every page (async iteration) instead of one request. */
  readonly paged: boolean;
  /** The bound values of operation `i` (a pool of them is generated before timing). */
  values(i: number): RawValue[];
}

/** Every workload by name. */
export const WORKLOADS: Readonly<Record<WorkloadName, WorkloadDefinition>> = {
  insert: {
    statement: 'insert',
    title: 'prepared INSERT (6 columns, 34 B blob)',
    expectedRowsPerOp: 0,
    paged: false,
    values: (i) => insertValues(i, SMALL_PAYLOAD_BYTES),
  },
  select1: {
    statement: 'select1',
    title: 'prepared SELECT, 1 row × 5 columns',
    expectedRowsPerOp: 1,
    paged: false,
    values: pointReadValues,
  },
  select100: {
    statement: 'select100',
    title: 'prepared SELECT, 100 rows × 5 columns',
    expectedRowsPerOp: 100,
    paged: false,
    values: partitionReadValues,
  },
  scan: {
    statement: 'scan',
    title: `paged scan of ${ITEM_ROWS} rows (pages of 5000, async iteration)`,
    expectedRowsPerOp: ITEM_ROWS,
    paged: true,
    values: () => [],
  },
  insert1k: {
    statement: 'insert',
    title: 'prepared INSERT with a 1 KB blob',
    expectedRowsPerOp: 0,
    paged: false,
    values: (i) => insertValues(i, LARGE_PAYLOAD_BYTES),
  },
  'insert1k-random': {
    statement: 'insert',
    title: 'prepared INSERT with a 1 KB random (incompressible) blob',
    expectedRowsPerOp: 0,
    paged: false,
    values: (i) => insertValues(i, LARGE_PAYLOAD_BYTES, true),
  },
  select1k: {
    statement: 'select1k',
    title: 'prepared SELECT, 1 row with a 1 KB blob',
    expectedRowsPerOp: 1,
    paged: false,
    values: pointRead1kValues,
  },
};

/** Size of the pool of pre-generated bound values (operation i uses entry i mod size). */
export const PARAM_POOL_SIZE = 4096;
