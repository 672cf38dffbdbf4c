/**
 * A fake execution environment for the request executor: hosts, pools and connections that
 * answer as each test scripts them, with no server and no socket.
 */
import { Host } from '../../src/cluster/host';
import type { Connection } from '../../src/connection/connection';
import { CancelToken } from '../../src/connection/cancel-token';
import type { ResponseReceiver } from '../../src/connection/in-flight-request';
import { RequestAbortedError } from '../../src/errors';
import type { Envelope, RequestMessage } from '../../src/protocol/envelope';
import { Opcode } from '../../src/protocol/opcodes';
import type { ConnectionSource, ExecutionEnvironment } from '../../src/request/request-executor';
import { TimerQueue } from '../../src/structures/timer-queue';

/** One message sent on a fake connection. */
export interface SentRequest {
  readonly message: RequestMessage;
  /** The execution's cancel token (or signal) the request was sent with. */
  readonly signal: CancelToken | AbortSignal | undefined;
  /** Whether it was cancelled before being answered. */
  cancelled: boolean;
  answer(envelope?: Envelope): void;
  fail(error: Error): void;
}

/** How a fake connection answers a request: a result, an error, or nothing yet (`'hang'`). */
export type Reply = Envelope | Error | 'hang';

/** A void RESULT envelope answering stream `stream`. */
export function resultEnvelope(stream = 0): Envelope {
  return { version: 4, flags: 0, stream, opcode: Opcode.RESULT, body: Buffer.from([0, 0, 0, 1]) };
}

/** A connection of a fake host: records what is sent and answers by script. */
export class FakeConnection {
  readonly sent: SentRequest[] = [];
  readonly protocolVersion = 4;
  closed = false;
  /** Replies in order; the last one repeats. */
  replies: Reply[] = [resultEnvelope()];

  constructor(readonly endpoint: string) {}

  send(message: RequestMessage, signal?: CancelToken | AbortSignal): Promise<Envelope> {
    return new Promise<Envelope>((resolve, reject) => {
      const request: SentRequest = {
        message,
        signal,
        cancelled: false,
        answer: (envelope = resultEnvelope()) => resolve(envelope),
        fail: (error) => reject(error),
      };
      this.sent.push(request);
      if (signal instanceof CancelToken) {
        signal.attach({
          cancelled: () => {
            request.cancelled = true;
            reject(new RequestAbortedError(`request to ${this.endpoint} aborted`));
          },
        });
      }
      const reply = this.replies[Math.min(this.sent.length - 1, this.replies.length - 1)] as Reply;
      if (reply === 'hang') return;
      // Answer asynchronously, as a socket would.
      setImmediate(() => (reply instanceof Error ? reject(reply) : resolve(reply)));
    });
  }

  /** The executor's entry point (as Connection.sendTo): the outcome goes to `receiver`. */
  sendTo(
    message: RequestMessage,
    signal: CancelToken | AbortSignal | undefined,
    receiver: ResponseReceiver,
  ): Error | undefined {
    this.send(message, signal).then(
      (frame) => receiver.answered(frame),
      (error: Error) => receiver.failed(error),
    );
    return undefined;
  }
}

/** A host with a pool of one fake connection (or none). */
export class FakeHost {
  readonly host: Host;
  readonly connection: FakeConnection;
  /** Whether the pool has a connection to lend. */
  available = true;
  lastError: Error | undefined = undefined;

  constructor(n: number) {
    this.host = new Host({ address: `10.0.0.${n}`, port: 9042 });
    this.connection = new FakeConnection(this.host.endpoint);
  }

  get source(): ConnectionSource {
    return {
      borrow: () => (this.available ? (this.connection as unknown as Connection) : undefined),
      lastError: this.lastError,
    };
  }
}

/** An environment over fake hosts; every query plan lists them in order. */
export class FakeEnvironment implements ExecutionEnvironment {
  readonly timers = new TimerQueue();
  readonly hosts: FakeHost[];
  plansCreated = 0;

  constructor(count: number) {
    this.hosts = Array.from({ length: count }, (_, i) => new FakeHost(i + 1));
  }

  host(n: number): FakeHost {
    return this.hosts[n - 1] as FakeHost;
  }

  // Arrow functions: the executor calls them unbound, as it does the session's.
  readonly queryPlan = (): Iterable<Host> => {
    this.plansCreated++;
    return this.hosts.map((h) => h.host);
  };

  readonly pool = (host: Host): ConnectionSource | undefined =>
    this.hosts.find((h) => h.host === host)?.source;

  /** Every request sent, over every host, as `n:opcode`. */
  get sentLog(): string[] {
    return this.hosts.flatMap((h, i) => h.connection.sent.map((s) => `${i + 1}:${s.message.opcode}`));
  }
}
