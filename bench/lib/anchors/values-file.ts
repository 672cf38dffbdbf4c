/**
 * The bound values of a workload written to a text file for the native anchors (Rust, Python),
 * so that they send exactly the values the Node workers send: the same pool, in the same order.
 *
 * Format: one operation per line, tab-separated `type:value` fields — `i:` int, `u:` uuid (32 hex
 * digits), `l:` bigint (signed decimal), `t:` text (never contains a tab or a newline), `b:` blob
 * (hex).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawValue } from '../data-gen';
import { PARAM_POOL_SIZE, type WorkloadName, WORKLOADS } from '../workloads';

function field(value: RawValue): string {
  switch (value.type) {
    case 'int':
      return `i:${value.value}`;
    case 'uuid':
      return `u:${value.bytes.toString('hex')}`;
    case 'bigint':
      return `l:${BigInt.asIntN(64, (BigInt(value.high) << 32n) | BigInt(value.low >>> 0))}`;
    case 'text':
      if (/[\t\n]/.test(value.value))
        throw new Error(`text value ${JSON.stringify(value.value)} has a tab or newline`);
      return `t:${value.value}`;
    case 'blob':
      return `b:${value.bytes.toString('hex')}`;
  }
}

/** The pool of `workload` as the file's text. */
export function valuesFileText(workload: WorkloadName): string {
  const definition = WORKLOADS[workload];
  const lines: string[] = [];
  for (let i = 0; i < PARAM_POOL_SIZE; i++) lines.push(definition.values(i).map(field).join('\t'));
  return `${lines.join('\n')}\n`;
}

/** Writes the pool of `workload` into `dir` and returns the file's path. */
export function writeValuesFile(dir: string, workload: WorkloadName): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${workload}.values`);
  writeFileSync(path, valuesFileText(workload));
  return path;
}
