import { Consistency, type InetAddress, type LocalDate, type Session, type Uuid } from '@cqlkit/driver';

/** One step the coordinator or a replica recorded. */
export interface TraceStep {
  readonly activity: string;
  readonly source: string;
  /** Microseconds since the request started on that node. */
  readonly elapsedMicros: number;
}

/** A traced request: what it returned and what the server recorded while serving it. */
export interface TracedLookup {
  readonly found: boolean;
  readonly tracingId: Uuid;
  readonly coordinator: string;
  /** Total time on the coordinator, in microseconds. */
  readonly durationMicros: number;
  readonly steps: readonly TraceStep[];
}

/**
 * Reads one reading with tracing on (`tracing: true`): the coordinator records every step of the
 * request in `system_traces`, and the result carries the trace's id.
 */
export async function tracedLookup(
  session: Session,
  sensorId: string,
  day: LocalDate,
  recordedAt: Date,
): Promise<TracedLookup> {
  const result = await session.execute(
    'SELECT value FROM readings WHERE sensor_id = ? AND day = ? AND recorded_at = ?',
    [sensorId, day, recordedAt],
    { prepare: true, tracing: true },
  );
  const tracingId = result.tracingId;
  if (tracingId === undefined) throw new Error('the server returned no tracing id');
  const trace = await readTrace(session, tracingId);
  return { found: result.rowLength === 1, tracingId, ...trace };
}

interface TraceSessionRow {
  coordinator: InetAddress;
  duration: number | null;
}

interface TraceEventRow {
  activity: string;
  source: InetAddress;
  source_elapsed: number;
}

/**
 * Reads a trace from `system_traces`. The coordinator writes it asynchronously after answering,
 * so poll until the session row has its duration (at most ~2 s).
 */
async function readTrace(
  session: Session,
  tracingId: Uuid,
): Promise<Omit<TracedLookup, 'found' | 'tracingId'>> {
  const options = { prepare: true, consistency: Consistency.ONE };
  for (let delayMs = 5; ; delayMs *= 2) {
    const traced = await session.execute<TraceSessionRow>(
      'SELECT coordinator, duration FROM system_traces.sessions WHERE session_id = ?',
      [tracingId],
      options,
    );
    const row = traced.first();
    if (row !== undefined && row.duration !== null) {
      const events = await session.execute<TraceEventRow>(
        'SELECT activity, source, source_elapsed FROM system_traces.events WHERE session_id = ?',
        [tracingId],
        options,
      );
      return {
        coordinator: row.coordinator.toString(),
        durationMicros: row.duration,
        steps: events.rows.map((e) => ({
          activity: e.activity,
          source: e.source.toString(),
          elapsedMicros: e.source_elapsed,
        })),
      };
    }
    if (delayMs > 1000) throw new Error(`the trace ${tracingId.toString()} was not complete after ~2 s`);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
