/**
 * Reading node log files: tails for error messages and `logs`, sizes/offsets so that a wait only
 * looks at what was written after a given moment.
 */
import { open, stat } from 'node:fs/promises';

import type { NodeLayout } from '../config/node-layout';

/** Size of a file in bytes, 0 when it does not exist. */
export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Text of `path` from byte `offset` to the end ('' when missing). */
export async function readFrom(path: string, offset: number): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = (await handle.stat()).size;
    if (size <= offset) return '';
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * The last `lines` lines of a text file (reads at most the last 1 MiB).
 *
 * @returns the lines, or undefined when the file does not exist
 */
export async function tailFile(path: string, lines: number): Promise<string | undefined> {
  const size = await fileSize(path);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const length = Math.min(size, 1024 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const all = buffer.toString('utf8').split('\n');
    if (all.at(-1) === '') all.pop();
    return all.slice(-lines).join('\n');
  } finally {
    await handle.close();
  }
}

/**
 * A readable dump of a node's system.log, stdout and stderr tails, for failure messages.
 */
export async function describeNodeLogs(node: NodeLayout, lines = 40): Promise<string> {
  const sections: string[] = [];
  for (const [label, path, count] of [
    ['system.log', node.systemLog, lines],
    ['stdout', node.stdoutLog, Math.ceil(lines / 2)],
    ['stderr', node.stderrLog, Math.ceil(lines / 2)],
  ] as const) {
    const tail = await tailFile(path, count);
    if (tail === undefined || tail.trim() === '') continue;
    sections.push(`----- node${node.index} ${label} (${path}), last ${count} lines -----\n${tail}`);
  }
  return sections.length
    ? sections.join('\n')
    : `(node${node.index} has written no log output in ${node.logDir})`;
}
