import { performance } from 'node:perf_hooks';
import type { Consistency } from '../consistency';
import { TraceUnavailableError } from '../errors';
import { DEFAULTS } from '../options';
import type { InetAddress, Uuid } from '../types';

/** One event of a traced request, from `system_traces.events`. */
export interface TraceEvent {
  /** What happened (e.g. `Parsing SELECT …`, `Read 1 live rows and 0 tombstone cells`). */
  readonly activity: string;
  /** The node that recorded the event. */
  readonly source: string;
  /** Microseconds since the request started on that node. */
  readonly sourceElapsedMicros: number;
  /** The server thread. */
  readonly thread: string;
  /** When the event happened (from its timeuuid). */
  readonly timestamp: Date;
}

/** The trace of a request, from `system_traces.sessions` and `system_traces.events`. */
export interface QueryTrace {
  readonly tracingId: Uuid;
  /** The request as the coordinator saw it (`Execute CQL3 query`, …). */
  readonly request: string;
  /** The command (`QUERY`, `EXECUTE`, …). */
  readonly command: string | undefined;
  /** The coordinator's address. */
  readonly coordinator: string;
  /** The client's address as the coordinator saw it. */
  readonly client: string | undefined;
  /** Total duration on the coordinator, in microseconds. */
  readonly durationMicros: number;
  /** Parameters recorded by the coordinator (query text, consistency, page size…). */
  readonly parameters: Readonly<Record<string, string>>;
  /** When the coordinator started the request. */
  readonly startedAt: Date;
  /** Every event, in order. */
  readonly events: readonly TraceEvent[];
}

/** Options of trace retrieval. */
export interface TraceFetchOptions {
  /** How long to wait for the trace to be complete, in ms (default 2000). */
  readonly maxWaitMs?: number;
  /** Delay between polls, in ms, doubled each time (default 5). */
  readonly intervalMs?: number;
  /** Consistency of the trace queries (default ONE). */
  readonly consistency?: Consistency;
  readonly signal?: AbortSignal;
}

/** Runs one query and returns its rows. @internal */
export type TraceQuery = (
  cql: string,
  params: readonly unknown[],
  consistency: Consistency,
  signal: AbortSignal | undefined,
) => Promise<Record<string, unknown>[]>;

/**
 * Fetches the trace of a request, polling until the coordinator has written it completely (its
 * `duration` is set), as the Python and Rust drivers' `get_query_trace` / `get_tracing_info`.
 *
 * @throws TraceUnavailableError when the trace is not complete within `maxWaitMs`.
 * @internal
 */
export async function fetchQueryTrace(
  query: TraceQuery,
  tracingId: Uuid,
  options: TraceFetchOptions = {},
): Promise<QueryTrace> {
  const maxWaitMs = options.maxWaitMs ?? DEFAULTS.queryTrace.maxWaitMs;
  const consistency = options.consistency ?? DEFAULTS.queryTrace.consistency;
  let interval = options.intervalMs ?? DEFAULTS.queryTrace.intervalMs;
  const deadline = performance.now() + maxWaitMs;
  for (;;) {
    const [session] = await query(
      'SELECT request, command, coordinator, client, duration, parameters, started_at FROM system_traces.sessions WHERE session_id = ?',
      [tracingId],
      consistency,
      options.signal,
    );
    if (session && session.duration !== null && session.duration !== undefined) {
      const events = await query(
        'SELECT event_id, activity, source, source_elapsed, thread FROM system_traces.events WHERE session_id = ?',
        [tracingId],
        consistency,
        options.signal,
      );
      return toTrace(tracingId, session, events);
    }
    if (performance.now() + interval > deadline) {
      throw new TraceUnavailableError(
        `the trace of ${tracingId.toString()} was not complete after ${maxWaitMs} ms (raise maxWaitMs, or query system_traces later)`,
        tracingId,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(interval * 2, 200);
  }
}

function toTrace(tracingId: Uuid, s: Record<string, unknown>, events: Record<string, unknown>[]): QueryTrace {
  const parameters =
    s.parameters instanceof Map ? Object.fromEntries(s.parameters as Map<string, string>) : {};
  return {
    tracingId,
    request: String(s.request ?? ''),
    command: s.command === null || s.command === undefined ? undefined : String(s.command),
    coordinator: addressText(s.coordinator),
    client: s.client === null || s.client === undefined ? undefined : addressText(s.client),
    durationMicros: Number(s.duration),
    parameters,
    startedAt: s.started_at as Date,
    events: events.map((e) => ({
      activity: String(e.activity ?? ''),
      source: addressText(e.source),
      sourceElapsedMicros: Number(e.source_elapsed ?? 0),
      thread: String(e.thread ?? ''),
      timestamp: (e.event_id as { getDate(): Date }).getDate(),
    })),
  };
}

function addressText(v: unknown): string {
  return v === null || v === undefined ? '' : (v as InetAddress).toString();
}
