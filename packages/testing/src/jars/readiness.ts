/**
 * Waiting until launched daemons are usable: the CQL listener log line, a TCP connect to the native
 * port, a real CQL round trip, and for several nodes gossip (each sees the others UP in its log).
 * The system.peers wait, shared with the Docker engine, is in probe/peers.ts.
 * Failure markers in the log or an exited process end the wait at once, with the log tails.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { type CqlProbeOptions, queryReleaseVersion, tcpConnects } from '../probe/cql-probe';
import { daemonState } from './daemon-process';
import { describeNodeLogs, readFrom } from './node-logs';
import type { NodeLayout } from '../config/node-layout';
import { TestingError, type TestingErrorCode } from '../errors';

/** Log line Cassandra writes when the native transport listens. */
export const CQL_READY_MARKER = 'Starting listening for CQL clients';
/** Log lines that mean the startup failed. */
export const FAILURE_MARKERS: readonly string[] = [
  'Exception encountered during startup',
  'Fatal configuration error',
  'Failed to bind port',
  'Not starting native transport',
];

/** Raised when a node fails to start or become ready; the message carries its log tails. */
export class NodeStartupError extends TestingError {
  static override readonly code: TestingErrorCode = 'CQLKIT_TESTING_NODE_STARTUP';

  constructor(
    readonly nodeIndex: number,
    message: string,
  ) {
    super(message);
  }
}

/** The first log line containing a failure marker, if any. */
export function findFailureLine(logText: string): string | undefined {
  return logText.split('\n').find((line) => FAILURE_MARKERS.some((marker) => line.includes(marker)));
}

/** Regex matching the gossip line of `observer` that says `subject` is up. */
export function gossipUpPattern(subject: NodeLayout): RegExp {
  const address = subject.address.replace(/\./g, '\\.');
  return new RegExp(`/${address}:${subject.storagePort} is now UP`);
}

/** A node that was just launched and is being waited for. */
export interface LaunchedNode {
  readonly node: NodeLayout;
  readonly pid: number;
  /** system.log size before the launch: only later lines count. */
  readonly logOffset: number;
}

async function failIfDead(target: LaunchedNode, phase: string): Promise<void> {
  const { node, pid, logOffset } = target;
  const failure = findFailureLine(await readFrom(node.systemLog, logOffset));
  if (failure) {
    throw new NodeStartupError(
      node.index,
      `node${node.index} (${node.address}) failed to start: ${failure.trim()}\n${await describeNodeLogs(node)}`,
    );
  }
  if ((await daemonState(pid, node.dir)) === 'gone') {
    throw new NodeStartupError(
      node.index,
      `node${node.index} (${node.address}, pid ${pid}) exited while ${phase}\n${await describeNodeLogs(node)}`,
    );
  }
}

async function timedOut(target: LaunchedNode, timeoutMs: number, phase: string, detail = ''): Promise<never> {
  const { node } = target;
  throw new NodeStartupError(
    node.index,
    `node${node.index} (${node.address}) was not ready after ${timeoutMs / 1000} s (still ${phase})` +
      `${detail ? `: ${detail}` : ''}\n${await describeNodeLogs(node)}`,
  );
}

/**
 * Waits until `target` logs the CQL listener line, accepts TCP on its native port and answers
 * `SELECT release_version FROM system.local` (with auth/TLS per `probe`).
 *
 * @returns the node's release version
 * @throws NodeStartupError on a failure marker, process exit or timeout
 */
export async function waitForNodeReady(
  target: LaunchedNode,
  probe: CqlProbeOptions,
  timeoutMs: number,
): Promise<string> {
  const { node, logOffset } = target;
  const deadline = Date.now() + timeoutMs;

  let phase = 'waiting for the log line "Starting listening for CQL clients"';
  while (!(await readFrom(node.systemLog, logOffset)).includes(CQL_READY_MARKER)) {
    await failIfDead(target, phase);
    if (Date.now() > deadline) await timedOut(target, timeoutMs, phase);
    await sleep(500);
  }

  phase = `waiting for a TCP connection to ${node.address}:${node.nativePort}`;
  while (!(await tcpConnects(node.address, node.nativePort))) {
    await failIfDead(target, phase);
    if (Date.now() > deadline) await timedOut(target, timeoutMs, phase);
    await sleep(250);
  }

  phase = 'waiting for a CQL round trip (SELECT release_version FROM system.local)';
  let lastError = '';
  while (true) {
    try {
      return await queryReleaseVersion(node.address, probe);
    } catch (error) {
      lastError = (error as Error).message;
    }
    await failIfDead(target, phase);
    if (Date.now() > deadline) await timedOut(target, timeoutMs, phase, `last error: ${lastError}`);
    await sleep(1000);
  }
}

/** One "observer must log that subject is UP" expectation. */
export interface GossipExpectation {
  readonly observer: NodeLayout;
  /** Observer's system.log size before the operation. */
  readonly observerLogOffset: number;
  readonly subject: NodeLayout;
}

/**
 * Waits until, for every expectation, the observer's log (after its offset) says the subject is UP.
 *
 * @throws Error listing the missing pairs on timeout
 */
export async function waitForGossipUp(
  expectations: readonly GossipExpectation[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let missing = [...expectations];
  while (missing.length > 0) {
    const still: GossipExpectation[] = [];
    for (const e of missing) {
      const text = await readFrom(e.observer.systemLog, e.observerLogOffset);
      if (!gossipUpPattern(e.subject).test(text)) still.push(e);
    }
    missing = still;
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      const pairs = missing
        .map((e) => `node${e.observer.index} does not see node${e.subject.index} UP`)
        .join('; ');
      const observers = [...new Map(missing.map((e) => [e.observer.index, e.observer])).values()];
      const logs = await Promise.all(observers.map((n) => describeNodeLogs(n, 25)));
      throw new Error(`gossip did not converge within ${timeoutMs / 1000} s: ${pairs}\n${logs.join('\n')}`);
    }
    await sleep(500);
  }
}
