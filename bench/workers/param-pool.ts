/** Pre-generates a workload's bound values, converted to a driver's own types, before timing. */
import type { RawValue } from '../lib/data-gen';
import { PARAM_POOL_SIZE, type WorkloadName, WORKLOADS } from '../lib/workloads';

/** Converts one raw value to the driver's type for it. */
export type ValueConverter = (value: RawValue) => unknown;

/** {@link PARAM_POOL_SIZE} parameter arrays of `workload`; operation i uses `pool[i & mask]`. */
export function buildParamPool(workload: WorkloadName, convert: ValueConverter): unknown[][] {
  const definition = WORKLOADS[workload];
  return Array.from({ length: PARAM_POOL_SIZE }, (_, i) => definition.values(i).map(convert));
}

/** Mask to index a pool (its size is a power of two). */
export const PARAM_POOL_MASK = PARAM_POOL_SIZE - 1;
