/**
 * Observability: opt-in metrics, request-init listeners, request trackers, `diagnostics_channel`
 * events and query-trace retrieval.
 *
 * @packageDocumentation
 */
export { DriverMetrics, type LatencySnapshot, type MetricsSnapshot } from './driver-metrics';
export { LatencyHistogram } from './latency-histogram';
export { DIAGNOSTICS_CHANNELS, type SessionEvent } from './diagnostics';
export {
  SlowRequestLogger,
  type AttemptOutcome,
  type RequestAttempt,
  type RequestEnd,
  type RequestPage,
  type RequestReprepare,
  type RequestInitListener,
  type RequestStart,
  type RequestTracker,
  type SlowRequestLog,
} from './request-events';
export { type QueryTrace, type TraceEvent, type TraceFetchOptions } from './query-trace';
