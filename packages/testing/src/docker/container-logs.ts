/**
 * Reading a Cassandra container's output (its console log at INFO): the wait strategy that ends
 * when the node listens for CQL clients — or fails at once, with the log tail, when a startup
 * failure line appears or the container exits — and the tail of the log for `logs(n)`.
 * Holds no container lifecycle.
 */
import type { Readable } from 'node:stream';

import type Dockerode from 'dockerode';
import { type BoundPorts, getContainerRuntimeClient, type WaitStrategy } from 'testcontainers';

import { CQL_READY_MARKER, findFailureLine } from '../jars/readiness';
import { TestingError, type TestingErrorCode } from '../errors';

/** Lines kept for error messages. */
const TAIL_LINES = 40;

/** Raised when a container's node does not come up; the message carries the log tail. */
export class ContainerStartupError extends TestingError {
  static override readonly code: TestingErrorCode = 'CQLKIT_TESTING_CONTAINER_STARTUP';

  constructor(
    readonly nodeIndex: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Splits Docker's multiplexed log format (8-byte frame headers: stream, 0, 0, 0, size) into text.
 * A buffer that does not start with a valid header is taken as plain text (TTY containers).
 */
export function demuxDockerLog(buffer: Buffer): string {
  const parts: string[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset]!;
    if (kind > 2 || buffer[offset + 1] !== 0 || buffer[offset + 2] !== 0 || buffer[offset + 3] !== 0) {
      return buffer.toString('utf8');
    }
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size).toString('utf8'));
    offset += 8 + size;
  }
  return parts.join('');
}

/** The last `lines` lines of a container's output (stdout and stderr). */
export async function containerLogTail(container: Dockerode.Container, lines: number): Promise<string> {
  const raw = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown;
  const text = Buffer.isBuffer(raw) ? demuxDockerLog(raw) : String(raw);
  return text.replace(/\n$/, '');
}

/**
 * A testcontainers wait strategy for one Cassandra node: resolves on "Starting listening for CQL
 * clients", rejects with {@link ContainerStartupError} (carrying the log tail) on a startup failure
 * line, on the end of the log stream (the JVM exited) or on timeout.
 */
export class CassandraReadyWait implements WaitStrategy {
  private timeoutMs = 180_000;
  private timeoutSet = false;

  constructor(
    private readonly nodeIndex: number,
    private readonly address: string,
  ) {}

  withStartupTimeout(startupTimeoutMs: number): this {
    this.timeoutMs = startupTimeoutMs;
    this.timeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.timeoutSet;
  }

  getStartupTimeout(): number {
    return this.timeoutMs;
  }

  async waitUntilReady(container: Dockerode.Container, _ports: BoundPorts, startTime?: Date): Promise<void> {
    const client = await getContainerRuntimeClient();
    const stream: Readable = await client.container.logs(container, {
      since: startTime ? Math.floor(startTime.getTime() / 1000) : 0,
    });
    const tail: string[] = [];
    const name = `node${this.nodeIndex} (${this.address}, container ${container.id.slice(0, 12)})`;
    const describe = (): string =>
      `----- ${name} output, last ${Math.min(tail.length, TAIL_LINES)} lines -----\n${tail.join('\n')}`;
    await new Promise<void>((resolvePromise, reject) => {
      let pending = '';
      let settled = false;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stream.removeAllListeners('data');
        stream.destroy();
        if (error) reject(error);
        else resolvePromise();
      };
      const timer = setTimeout(() => {
        finish(
          new ContainerStartupError(
            this.nodeIndex,
            `${name} was not ready after ${this.timeoutMs / 1000} s (no "${CQL_READY_MARKER}" line)\n${describe()}`,
          ),
        );
      }, this.timeoutMs);
      stream.on('data', (chunk: string | Buffer) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          tail.push(line);
          if (tail.length > TAIL_LINES) tail.shift();
          const failure = findFailureLine(line);
          if (failure) {
            finish(
              new ContainerStartupError(
                this.nodeIndex,
                `${name} failed to start: ${failure.trim()}\n${describe()}`,
              ),
            );
            return;
          }
          if (line.includes(CQL_READY_MARKER)) {
            finish();
            return;
          }
        }
      });
      stream.once('end', () => {
        finish(
          new ContainerStartupError(this.nodeIndex, `${name} exited before it was ready\n${describe()}`),
        );
      });
      stream.once('error', (error: Error) => finish(error));
    });
  }
}
