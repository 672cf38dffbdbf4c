/**
 * The migrations' tracing channels: nothing is built while nobody subscribes; a subscriber sees
 * start and asyncEnd (or error) with the context, and a store bound to the start channel is
 * visible inside the traced work (how an instrumentation parents the driver's spans).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import { MIGRATION_CHANNELS, traced, tracedCommand, type MigrationTrace } from '../src/diagnostics';

const migration: MigrationTrace = {
  version: '3',
  script: 'V3__alerts.cql',
  kind: 'cql',
  direction: 'up',
  keyspace: 'shop',
  statements: 2,
  resumeFrom: 0,
};

describe('migration tracing channels', () => {
  it('runs the work without building a context while nobody subscribes', async () => {
    const describe = jest.fn(() => migration);
    await expect(traced('migration', describe, async () => 42)).resolves.toBe(42);
    expect(describe).not.toHaveBeenCalled();
  });

  it('publishes start and asyncEnd, or error, with the context; bound stores reach the work', async () => {
    const channel = diagnosticsChannel.tracingChannel<unknown, MigrationTrace>(MIGRATION_CHANNELS.migration);
    const events: string[] = [];
    const store = new AsyncLocalStorage<string>();
    const handlers = {
      start: (m: MigrationTrace) => void events.push(`start V${m.version}`),
      end: () => undefined,
      asyncStart: () => undefined,
      asyncEnd: (m: MigrationTrace) => void events.push(`asyncEnd ${String(m.result)}`),
      error: (m: MigrationTrace) => void events.push(`error ${(m.error as Error).message}`),
    };
    channel.subscribe(handlers);
    channel.start.bindStore(store, (m) => `inside V${m.version}`);
    try {
      const seenInside = await traced(
        'migration',
        () => ({ ...migration }),
        async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return store.getStore();
        },
      );
      expect(seenInside).toBe('inside V3');
      await expect(
        traced(
          'migration',
          () => ({ ...migration }),
          () => Promise.reject(new Error('boom')),
        ),
      ).rejects.toThrow('boom');
      // A failure publishes error, then asyncEnd.
      expect(events).toEqual([
        'start V3',
        'asyncEnd inside V3',
        'start V3',
        'error boom',
        'asyncEnd undefined',
      ]);
    } finally {
      channel.unsubscribe(handlers);
      channel.start.unbindStore(store);
    }
  });

  it('traces commands but not dry runs', async () => {
    const seen: unknown[] = [];
    const onStart = (m: unknown): void => void seen.push(m);
    const start = diagnosticsChannel.channel(`tracing:${MIGRATION_CHANNELS.command}:start`);
    start.subscribe(onStart);
    try {
      await tracedCommand('up', { keyspace: 'shop' }, { dryRun: true }, async () => undefined);
      await tracedCommand('down', { keyspace: 'shop' }, { keyspace: 'other' }, async () => undefined);
    } finally {
      start.unsubscribe(onStart);
    }
    expect(seen).toEqual([expect.objectContaining({ command: 'down', keyspace: 'other' })]);
  });
});
