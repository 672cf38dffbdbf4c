import type { LocalDate, Session, Uuid } from '@cqlkit/driver';

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
  // The coordinator writes the trace after answering: getQueryTrace polls until it is complete.
  const trace = await session.getQueryTrace(tracingId);
  return {
    found: result.rowLength === 1,
    tracingId,
    coordinator: trace.coordinator,
    durationMicros: trace.durationMicros,
    steps: trace.events.map((e) => ({
      activity: e.activity,
      source: e.source,
      elapsedMicros: e.sourceElapsedMicros,
    })),
  };
}
