/**
 * Which option names the mapper accepts: the known keys of `new Mapper()`'s options and of every
 * repository and batch call, checked with the driver's
 * `checkOptionNames` (an unknown key raises `InvalidOptionsError` naming the nearest valid one).
 * TypeScript catches unknown keys in object literals; this catches them for JavaScript callers
 * and options built in variables. Never holds the validation of option values.
 *
 * @packageDocumentation
 */
import { checkOptionNames, optionNames, type OptionKeyList } from '@cqlkit/driver';
import type { EntityBatchOptions } from './entity-batch';
import type { ExecutionOptions } from './entity-types';
import type { MapperOptions } from './mapper';
import type { SaveOptions } from './repository/repository';
import type { CountOptions, FindOptions, FindPageOptions } from './statements/select-statements';
import type { DeleteOptions, InsertOptions, UpdateOptions } from './statements/write-statements';

const EXECUTION: OptionKeyList<ExecutionOptions> = {
  consistency: true,
  serialConsistency: true,
  timeoutMs: true,
  signal: true,
  executionProfile: true,
  tracing: true,
  customPayload: true,
};

const FIND: OptionKeyList<FindOptions<object>> = {
  ...EXECUTION,
  range: true,
  order: true,
  limit: true,
  pageSize: true,
};

/** The known option names of each options object of the mapper. @internal */
export const MAPPER_OPTION_NAMES = {
  mapper: optionNames<MapperOptions>({
    keyspace: true,
    namingStrategy: true,
    schemaValidation: true,
    schemaSource: true,
    onWarning: true,
  }),
  findOne: optionNames(EXECUTION),
  find: optionNames(FIND),
  findPage: optionNames<FindPageOptions<object>>({ ...FIND, pagingState: true }),
  count: optionNames<CountOptions<object>>({ ...EXECUTION, range: true }),
  insert: optionNames<InsertOptions>({ ...EXECUTION, ifNotExists: true, ttl: true, timestamp: true }),
  update: optionNames<UpdateOptions<object>>({
    ...EXECUTION,
    ifExists: true,
    if: true,
    ttl: true,
    timestamp: true,
  }),
  delete: optionNames<DeleteOptions<object>>({ ...EXECUTION, ifExists: true, if: true, timestamp: true }),
  save: optionNames<SaveOptions>({ ...EXECUTION, ttl: true }),
  batch: optionNames<EntityBatchOptions>({ ...EXECUTION, type: true, timestamp: true }),
} as const;

/**
 * Checks the option names of one call (`what`: `'find()'`, `'new Mapper()'`…); unset options are
 * fine.
 *
 * @throws InvalidOptionsError naming an unknown key and the nearest valid one
 * @internal
 */
export function checkMapperOptions(what: string, options: unknown, known: ReadonlySet<string>): void {
  if (options === undefined || options === null || typeof options !== 'object') return;
  checkOptionNames(`${what} option`, options, known);
}
