import type { FeedbackSink, ReactionKind } from './feedback';
import type { ForgedError } from './forged-errors';
import type { ProxiedFrame } from './proxied-frame';

/**
 * What a proxy rule does with the frame it matched (after scylla-proxy's reactions).
 *
 * @packageDocumentation
 */

/** Options of reactions that can wait before acting. */
export interface DelayOption {
  /** Milliseconds to wait before acting (default 0). */
  readonly delayMs?: number;
}

/** A response to forge: opcode and body, or a function of the frame being answered. */
export interface ForgedResponse {
  /** Opcode of the forged response (`Opcode.RESULT`, `Opcode.READY`, …). */
  readonly opcode: number;
  /** The body (no response prefix), or how to build it from the frame answered. */
  readonly body: Uint8Array | ((frame: ProxiedFrame) => Uint8Array);
}

/** What to send back instead of the frame. @internal */
export type ForgedReply =
  { readonly kind: 'error'; readonly error: ForgedError } | ({ readonly kind: 'response' } & ForgedResponse);

/**
 * A reaction: pass the frame on (possibly late), drop it, answer it with a forged response, or
 * close the connection; any of them can report the matched frame to a {@link FeedbackSink}.
 * Reactions are immutable; {@link Reaction.withFeedback} returns a new one.
 *
 * On a **request** rule, a forged reply goes back to the driver on the request's stream and the
 * request never reaches the node. On a **response** rule, it replaces the node's response (same
 * stream). Closing ends both the driver's and the node's socket.
 *
 * @example
 * ```ts
 * Reaction.delay(200);
 * Reaction.drop().withFeedback(queue);
 * Reaction.forgeError(Errors.overloaded(), { delayMs: 50 });
 * Reaction.closeConnection();
 * ```
 */
export class Reaction {
  private constructor(
    /** What happens to the frame. */
    readonly kind: ReactionKind,
    /** Milliseconds waited before passing, forging or closing. */
    readonly delayMs: number,
    /** The reply sent instead of the frame (`forge` only). @internal */
    readonly reply: ForgedReply | undefined,
    /** Where matched frames are reported. */
    readonly feedback: FeedbackSink | undefined,
  ) {}

  /** Forward the frame unchanged (the default when no rule matches). */
  static pass(): Reaction {
    return new Reaction('pass', 0, undefined, undefined);
  }

  /** Forward the frame after `ms` milliseconds (later frames may overtake it). */
  static delay(ms: number): Reaction {
    return new Reaction('delay', checkDelay(ms), undefined, undefined);
  }

  /** Never forward the frame: the request (or response) is lost and its stream stays pending. */
  static drop(): Reaction {
    return new Reaction('drop', 0, undefined, undefined);
  }

  /** Answer with a forged ERROR encoded for the connection's protocol version and framing. */
  static forgeError(error: ForgedError, options: DelayOption = {}): Reaction {
    return new Reaction('forge', checkDelay(options.delayMs ?? 0), { kind: 'error', error }, undefined);
  }

  /** Answer with any forged response (e.g. a RESULT Void), with the request's stream id. */
  static forgeResponse(response: ForgedResponse, options: DelayOption = {}): Reaction {
    return new Reaction(
      'forge',
      checkDelay(options.delayMs ?? 0),
      { kind: 'response', ...response },
      undefined,
    );
  }

  /** Close the connection (both sides) instead of forwarding the frame, optionally after a delay. */
  static closeConnection(options: DelayOption = {}): Reaction {
    return new Reaction('close', checkDelay(options.delayMs ?? 0), undefined, undefined);
  }

  /** The same reaction, also reporting each matched frame to `sink`. */
  withFeedback(sink: FeedbackSink): Reaction {
    return new Reaction(this.kind, this.delayMs, this.reply, sink);
  }
}

function checkDelay(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`a delay must be a finite number ≥ 0 ms, got ${ms}`);
  return ms;
}
