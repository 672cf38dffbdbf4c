/**
 * RequestObservation: what the request pipeline tells observers — nothing built while nobody
 * listens; start, attempt, re-prepare and end events with matching ids when someone does; the
 * attempts still running when a request ends reported as cancelled.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { Host } from '../../src/cluster/host';
import { DIAGNOSTICS_CHANNELS } from '../../src/observability/diagnostics';
import type {
  RequestAttempt,
  RequestEnd,
  RequestReprepare,
  RequestStart,
} from '../../src/observability/request-events';
import {
  RequestObservation,
  type RequestDescription,
  type RequestObservers,
} from '../../src/request/request-observation';

const observers: RequestObservers = { metrics: undefined, tracker: undefined, initListeners: new Set() };
const host = new Host({ address: '127.0.0.1', port: 9042, datacenter: 'dc1', hostId: 'h1' });

function spec(describe: () => RequestDescription) {
  return { describe, consistency: 1, idempotent: true, timeoutMs: 1000 };
}

/** Subscribes to every request channel for the duration of `fn`. */
async function listening<T>(
  fn: (seen: { channel: string; message: unknown }[]) => Promise<T> | T,
): Promise<T> {
  const seen: { channel: string; message: unknown }[] = [];
  const names = [
    DIAGNOSTICS_CHANNELS.start,
    DIAGNOSTICS_CHANNELS.end,
    DIAGNOSTICS_CHANNELS.error,
    DIAGNOSTICS_CHANNELS.attempt,
    DIAGNOSTICS_CHANNELS.reprepare,
  ];
  const handlers = names.map((channel) => {
    const handler = (message: unknown): void => void seen.push({ channel, message });
    diagnosticsChannel.subscribe(channel, handler);
    return () => diagnosticsChannel.unsubscribe(channel, handler);
  });
  try {
    return await fn(seen);
  } finally {
    for (const off of handlers) off();
  }
}

describe('RequestObservation', () => {
  it('builds nothing while nobody listens (no metrics, tracker, listener or subscriber)', () => {
    const describe = jest.fn();
    expect(RequestObservation.start(observers, spec(describe))).toBeUndefined();
    expect(describe).not.toHaveBeenCalled();
  });

  it('reports each attempt with its host and outcome, then the end with the same id', async () => {
    await listening(async (seen) => {
      const observation = RequestObservation.start(
        observers,
        spec(() => ({ kind: 'query', query: 'SELECT 1', params: [], keyspace: 'ks', pageSize: 100 })),
      )!;
      const first = observation.attemptStarted(1, host, 1)!;
      first.ended(new Error('read timeout'), 'retry-next-host');
      const second = observation.attemptStarted(1, host, 1)!;
      second.ended(new Error('unprepared'), 'reprepare');
      await observation.observeReprepare(host, async () => undefined);
      observation.attemptStarted(1, host, 1)!.ended(undefined, 'success');
      observation.end(undefined, host, 3, 0);

      const start = seen[0]!.message as RequestStart;
      expect(seen.map((s) => s.channel)).toEqual([
        'cqlkit:request:start',
        'cqlkit:request:attempt',
        'cqlkit:request:attempt',
        'cqlkit:request:reprepare',
        'cqlkit:request:attempt',
        'cqlkit:request:end',
      ]);
      expect(start).toMatchObject({ kind: 'query', keyspace: 'ks', pageSize: 100, page: undefined });
      const attempts = seen.filter((s) => s.channel === 'cqlkit:request:attempt').map((s) => s.message);
      expect(attempts).toEqual([
        expect.objectContaining({
          requestId: start.id,
          attempt: 1,
          execution: 1,
          host,
          outcome: 'retry-next-host',
        }),
        expect.objectContaining({ requestId: start.id, attempt: 2, outcome: 'reprepare' }),
        expect.objectContaining({ requestId: start.id, attempt: 3, outcome: 'success', error: undefined }),
      ]);
      expect(seen[3]!.message as RequestReprepare).toMatchObject({
        requestId: start.id,
        host,
        error: undefined,
      });
      expect(seen[5]!.message as RequestEnd).toMatchObject({
        id: start.id,
        attempts: 3,
        coordinator: '127.0.0.1:9042',
        coordinatorHost: host,
        speculativeExecutions: 0,
      });
    });
  });

  it('reports the attempts still running when the request ends as cancelled, once', async () => {
    await listening((seen) => {
      const observation = RequestObservation.start(
        observers,
        spec(() => ({ kind: 'execute', query: 'SELECT 1', params: [], keyspace: undefined })),
      )!;
      const slow = observation.attemptStarted(1, host, 1)!;
      const fast = observation.attemptStarted(2, host, 1)!;
      fast.ended(undefined, 'success');
      observation.end(undefined, host, 1, 1);
      slow.ended(new Error('aborted'), 'failed'); // the loser's late answer is not reported again
      const attempts = seen.filter((s) => s.channel === 'cqlkit:request:attempt').map((s) => s.message);
      expect(attempts).toEqual([
        expect.objectContaining({ execution: 2, outcome: 'success' }),
        expect.objectContaining({ execution: 1, outcome: 'cancelled' }),
      ]);
      expect((seen.at(-1)!.message as RequestAttempt & RequestEnd).speculativeExecutions).toBe(1);
    });
  });

  it('gives each observed request its own id and does not follow attempts without attempt subscribers', () => {
    const ends: RequestEnd[] = [];
    const observation = (): RequestObservation =>
      RequestObservation.start(
        { ...observers, tracker: { onSuccess: (r) => ends.push(r) } },
        spec(() => ({ kind: 'query', query: 'SELECT 1', params: [], keyspace: undefined })),
      )!;
    const a = observation();
    const b = observation();
    expect(a.attemptStarted(1, host, 1)).toBeUndefined();
    a.end(undefined, host, 1, 0);
    b.end(undefined, host, 1, 0);
    expect(ends[1]!.id).toBe(ends[0]!.id + 1);
  });

  it('reports a failed re-preparation and passes its error on', async () => {
    await listening(async (seen) => {
      const observation = RequestObservation.start(
        observers,
        spec(() => ({ kind: 'execute', query: 'SELECT 1', params: [], keyspace: undefined })),
      )!;
      const failure = new Error('no such table');
      await expect(observation.observeReprepare(host, () => Promise.reject(failure))).rejects.toBe(failure);
      expect(seen.find((s) => s.channel === 'cqlkit:request:reprepare')?.message).toMatchObject({
        error: failure,
      });
    });
  });
});
