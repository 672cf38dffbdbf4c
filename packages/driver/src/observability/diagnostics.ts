import diagnosticsChannel from 'node:diagnostics_channel';
import type { RequestEnd, RequestStart } from './request-events';

/**
 * `diagnostics_channel` channels on which cqlkit publishes request events, for APM and
 * instrumentation libraries. Publishing costs nothing while a channel has no subscriber.
 *
 * | channel | message |
 * |---|---|
 * | `cqlkit:request:start` | {@link RequestStart} |
 * | `cqlkit:request:end` | {@link RequestEnd} (success) |
 * | `cqlkit:request:error` | {@link RequestEnd} (`error` set) |
 *
 * @example
 * ```ts
 * import diagnosticsChannel from 'node:diagnostics_channel';
 * diagnosticsChannel.subscribe('cqlkit:request:end', (m) => {
 *   const r = m as RequestEnd;
 *   console.log(r.query, r.latencyMs);
 * });
 * ```
 */
export const DIAGNOSTICS_CHANNELS = {
  start: 'cqlkit:request:start',
  end: 'cqlkit:request:end',
  error: 'cqlkit:request:error',
} as const;

/** @internal */
export const requestStartChannel = diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.start);
/** @internal */
export const requestEndChannel = diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.end);
/** @internal */
export const requestErrorChannel = diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.error);

/** @internal Publishes when someone listens. */
export function publishStart(event: RequestStart): void {
  if (requestStartChannel.hasSubscribers) requestStartChannel.publish(event);
}

/** @internal Publishes when someone listens. */
export function publishEnd(event: RequestEnd): void {
  const channel = event.error ? requestErrorChannel : requestEndChannel;
  if (channel.hasSubscribers) channel.publish(event);
}
