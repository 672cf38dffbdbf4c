import { Buffer } from 'node:buffer';
import type { ProxiedFrame } from './proxied-frame';

/**
 * The hook through which a proxied connection lets a server model (the simulated ScyllaDB
 * cluster) rewrite frames or answer requests itself, before the proxy's rules see them. Holds no
 * model of its own.
 *
 * @packageDocumentation
 */

/** What an interceptor does with a request: forward it rewritten, or answer it in the node's place. */
export type InterceptedRequest =
  /** Forward this body (decompressed) and these envelope flags instead. */
  | { readonly kind: 'rewrite'; readonly flags: number; readonly body: Buffer }
  /** Answer the driver on the request's stream; the request never reaches the node. */
  | {
      readonly kind: 'answer';
      readonly opcode: number;
      readonly flags: number;
      readonly body: Buffer;
      /** Envelope version of the answer (default: the request's). */
      readonly version?: number;
    };

/**
 * Sees every envelope of one proxied connection, in order. Returning `undefined` leaves a frame
 * as it is. The frame's body is valid only during the call.
 *
 * @example
 * ```ts
 * const upperCaseNothing: FrameInterceptor = { request: () => undefined, response: () => undefined };
 * ```
 * @internal
 */
export interface FrameInterceptor {
  /** A request from the driver. */
  request(frame: ProxiedFrame): InterceptedRequest | undefined;
  /** A response (or event) from the node: the flags and body to send instead, if any. */
  response(frame: ProxiedFrame): { readonly flags: number; readonly body: Buffer } | undefined;
}
