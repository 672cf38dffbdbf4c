/**
 * The driver's `diagnostics_channel` channels: their names, and the publishing helpers the
 * request pipeline and the session call. Every helper checks `hasSubscribers` first; callers that
 * build an event object check it themselves before building it. Never holds subscribers.
 *
 * @packageDocumentation
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Session } from '../session';
import type { RequestAttempt, RequestEnd, RequestReprepare, RequestStart } from './request-events';

/**
 * `diagnostics_channel` channels on which cqlkit publishes, for APM and instrumentation libraries
 * (`@cqlkit/opentelemetry` subscribes to them). Publishing costs nothing while a channel has no
 * subscriber.
 *
 * | channel | message |
 * |---|---|
 * | `cqlkit:request:start` | {@link RequestStart}, published synchronously in the caller's async context |
 * | `cqlkit:request:end` | {@link RequestEnd} (success) |
 * | `cqlkit:request:error` | {@link RequestEnd} (`error` set) |
 * | `cqlkit:request:attempt` | {@link RequestAttempt}, when an attempt is over (before the request's end) |
 * | `cqlkit:request:reprepare` | {@link RequestReprepare}, after a re-preparation on UNPREPARED |
 * | `cqlkit:session:connect` | {@link SessionEvent}, once a session's pools are open |
 * | `cqlkit:session:shutdown` | {@link SessionEvent}, when a session shuts down |
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
  attempt: 'cqlkit:request:attempt',
  reprepare: 'cqlkit:request:reprepare',
  sessionConnect: 'cqlkit:session:connect',
  sessionShutdown: 'cqlkit:session:shutdown',
} as const;

/** The message of the session channels: the session that connected or shuts down. */
export interface SessionEvent {
  readonly session: Session;
}

/** @internal */
export const requestStartChannel = diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.start);
/** @internal */
export const requestEndChannel = diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.end);
/** @internal */
export const requestErrorChannel = diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.error);
/** @internal */
export const requestAttemptChannel = diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.attempt);
/** @internal */
export const requestReprepareChannel = diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.reprepare);
const sessionConnectChannel = diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.sessionConnect);
const sessionShutdownChannel = diagnosticsChannel.channel(DIAGNOSTICS_CHANNELS.sessionShutdown);

/** @internal Publishes when someone listens. */
export function publishStart(event: RequestStart): void {
  if (requestStartChannel.hasSubscribers) requestStartChannel.publish(event);
}

/** @internal Publishes when someone listens. */
export function publishEnd(event: RequestEnd): void {
  const channel = event.error ? requestErrorChannel : requestEndChannel;
  if (channel.hasSubscribers) channel.publish(event);
}

/** @internal Publishes when someone listens (callers check before building the event). */
export function publishAttempt(event: RequestAttempt): void {
  if (requestAttemptChannel.hasSubscribers) requestAttemptChannel.publish(event);
}

/** @internal Publishes when someone listens (callers check before building the event). */
export function publishReprepare(event: RequestReprepare): void {
  if (requestReprepareChannel.hasSubscribers) requestReprepareChannel.publish(event);
}

/** @internal A session opened its pools. */
export function publishSessionConnect(session: Session): void {
  if (sessionConnectChannel.hasSubscribers) sessionConnectChannel.publish({ session } satisfies SessionEvent);
}

/** @internal A session shuts down. */
export function publishSessionShutdown(session: Session): void {
  if (sessionShutdownChannel.hasSubscribers) {
    sessionShutdownChannel.publish({ session } satisfies SessionEvent);
  }
}
