import type { ProxiedFrame } from './proxied-frame';

/**
 * Feedback: how a test observes the frames its proxy rules matched.
 *
 * @packageDocumentation
 */

/** What a rule did with a frame. */
export type ReactionKind = 'pass' | 'delay' | 'drop' | 'forge' | 'close';

/** One frame matched by a rule that carries feedback. */
export interface ProxyFeedback {
  /** The matched frame; its body is a private copy. */
  readonly frame: ProxiedFrame;
  /** Position of the matching rule in the node's request or response rule list. */
  readonly ruleIndex: number;
  /** What the rule's reaction does with the frame. */
  readonly reaction: ReactionKind;
  /** When the frame was matched: `performance.now()` milliseconds. */
  readonly at: number;
}

/** Receives feedback: a callback, or a {@link FeedbackQueue}. */
export type FeedbackSink = ((feedback: ProxyFeedback) => void) | FeedbackQueue;

interface Waiter {
  resolve(feedback: ProxyFeedback): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * A queue of matched frames that tests await in order.
 *
 * @example
 * ```ts
 * const seen = new FeedbackQueue();
 * proxy.nodes[0].setRequestRules([
 *   rule(Condition.opcode(Opcode.EXECUTE), Reaction.pass().withFeedback(seen)),
 * ]);
 * await session.execute(prepared, [42]);
 * const { frame } = await seen.next();
 * expect(frame.stream).toBeGreaterThanOrEqual(0);
 * ```
 */
export class FeedbackQueue {
  private readonly everything: ProxyFeedback[] = [];
  private readonly unread: ProxyFeedback[] = [];
  private readonly waiters: Waiter[] = [];

  /** Every feedback received so far, read or not, in arrival order. */
  get received(): readonly ProxyFeedback[] {
    return this.everything;
  }

  /** Number of feedbacks received so far. */
  get count(): number {
    return this.everything.length;
  }

  /** Feedbacks received and not yet returned by {@link FeedbackQueue.next}. */
  get pending(): number {
    return this.unread.length;
  }

  /** Adds a feedback (called by the proxy). */
  push(feedback: ProxyFeedback): void {
    this.everything.push(feedback);
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(feedback);
    } else {
      this.unread.push(feedback);
    }
  }

  /**
   * The oldest unread feedback; waits for one up to `timeoutMs` (default 5000), then rejects.
   */
  next(timeoutMs = 5000): Promise<ProxyFeedback> {
    const ready = this.unread.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise<ProxyFeedback>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(new Error(`FeedbackQueue: no matched frame within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** The next `count` unread feedbacks, waiting up to `timeoutMs` for each. */
  async take(count: number, timeoutMs = 5000): Promise<ProxyFeedback[]> {
    const out: ProxyFeedback[] = [];
    for (let i = 0; i < count; i++) out.push(await this.next(timeoutMs));
    return out;
  }

  /** Rejects every pending {@link FeedbackQueue.next} (e.g. when a test ends early). */
  cancel(): void {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('FeedbackQueue: cancelled'));
    }
  }
}

/** Delivers `feedback` to `sink`. @internal */
export function deliverFeedback(sink: FeedbackSink, feedback: ProxyFeedback): void {
  if (sink instanceof FeedbackQueue) sink.push(feedback);
  else sink(feedback);
}
