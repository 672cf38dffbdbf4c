/**
 * Prepared statements of one entity, one per statement shape: prepared on first use, then
 * reused. Concurrent first uses share one PREPARE; a failed PREPARE is forgotten so the next call
 * retries. Each prepared shape also has handles carrying fixed request options as defaults
 * (`withDefaults`), so that a call without options of its own passes none to the driver.
 *
 * @packageDocumentation
 */
import type { PreparedStatement, Session, StatementOptions } from '@cqlkit/driver';
import type { StatementPlan } from './statement-plan';

/**
 * Shapes per entity beyond which a warning suggests that statements are built dynamically.
 *
 * @internal
 */
export const SHAPE_WARNING_THRESHOLD = 100;

/**
 * The prepared statements of one entity by shape.
 *
 * @example
 * ```ts
 * const cache = new StatementCache(session, 'User', console.warn);
 * const prepared = cache.get(plan) ?? (await cache.prepare(plan));
 * ```
 * @internal
 */
export class StatementCache {
  private readonly ready = new Map<string, PreparedStatement>();
  private readonly pending = new Map<string, Promise<PreparedStatement>>();
  /** By frozen request options: the handles of the prepared shapes with those options as defaults. */
  private readonly handles = new Map<StatementOptions, Map<string, PreparedStatement>>();
  private warned = false;

  constructor(
    private readonly session: Session,
    private readonly label: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** The prepared statement of the plan's shape, if already prepared. */
  get(plan: StatementPlan): PreparedStatement | undefined {
    return this.ready.get(plan.shape);
  }

  /**
   * The prepared statement of the plan's shape with `defaults` as its default settings (one handle
   * per shape and defaults object, made on first use: pass a long-lived, frozen object), if the
   * shape is already prepared. Executing it without options runs with exactly `defaults`.
   */
  handle(plan: StatementPlan, defaults: StatementOptions): PreparedStatement | undefined {
    let byShape = this.handles.get(defaults);
    if (byShape === undefined) this.handles.set(defaults, (byShape = new Map()));
    let handle = byShape.get(plan.shape);
    if (handle === undefined) {
      const prepared = this.ready.get(plan.shape);
      if (prepared === undefined) return undefined;
      handle = prepared.withDefaults(defaults);
      byShape.set(plan.shape, handle);
    }
    return handle;
  }

  /** Prepares the plan's shape (once), resolving with its statement. */
  prepare(plan: StatementPlan): Promise<PreparedStatement> {
    const done = this.ready.get(plan.shape);
    if (done !== undefined) return Promise.resolve(done);
    let pending = this.pending.get(plan.shape);
    if (pending === undefined) {
      pending = this.session.prepare(plan.cql()).then(
        (prepared) => {
          this.ready.set(plan.shape, prepared);
          this.pending.delete(plan.shape);
          this.checkGrowth();
          return prepared;
        },
        (e: unknown) => {
          this.pending.delete(plan.shape);
          throw e;
        },
      );
      this.pending.set(plan.shape, pending);
    }
    return pending;
  }

  /** Number of prepared shapes. */
  get size(): number {
    return this.ready.size;
  }

  private checkGrowth(): void {
    if (this.warned || this.ready.size <= SHAPE_WARNING_THRESHOLD) return;
    this.warned = true;
    this.warn(
      `${this.label}: more than ${SHAPE_WARNING_THRESHOLD} statement shapes prepared; ` +
        'each distinct set of changed properties, options and conditions is its own prepared statement',
    );
  }
}
