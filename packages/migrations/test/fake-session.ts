/** A scripted MigrationSession for unit tests: answers each statement with the first matching handler. */
import type { Params, QueryOptions } from '@cqlkit/driver';

import type { MigrationQueryResult, MigrationSession } from '../src/migration-session';

/** One executed statement. */
export interface Executed {
  readonly cql: string;
  readonly params: Params | undefined;
  readonly options: QueryOptions | undefined;
}

type Handler = (params: Params | undefined) => Partial<MigrationQueryResult> | Error;

/** A fake session; `on(pattern, handler)` scripts answers, `executed` records every call. */
export class FakeSession implements MigrationSession {
  keyspace: string | undefined = undefined;
  readonly executed: Executed[] = [];
  agreementWaits = 0;
  agreementError: Error | undefined;
  private readonly handlers: [RegExp, Handler][] = [];

  on(pattern: RegExp, handler: Handler): this {
    this.handlers.unshift([pattern, handler]);
    return this;
  }

  async execute(cql: string, params?: Params, options?: QueryOptions): Promise<MigrationQueryResult> {
    this.executed.push({ cql, params, options });
    const handler = this.handlers.find(([p]) => p.test(cql))?.[1];
    const answer = handler ? handler(params) : {};
    if (answer instanceof Error) throw answer;
    return { rows: [], wasApplied: true, ...answer };
  }

  async useKeyspace(keyspace: string): Promise<void> {
    this.keyspace = keyspace;
  }

  async awaitSchemaAgreement(): Promise<void> {
    this.agreementWaits++;
    if (this.agreementError) throw this.agreementError;
  }

  /** CQL texts executed so far that match `pattern`. */
  matching(pattern: RegExp): string[] {
    return this.executed.map((e) => e.cql).filter((c) => pattern.test(c));
  }
}
