/**
 * A session's schema-agreement calls: the options of `awaitSchemaAgreement()` and the one check
 * or the wait, through the session's link to its cluster, with the agreed version as a `Uuid`.
 * Never holds the agreement itself (reading `system.local` and the peers, polling): that is
 * `cluster/schema-agreement.ts`.
 *
 * @packageDocumentation
 */

import { checkOptionNames, OPTION_NAMES } from '../option-names';
import { validateAgreementTimeout } from '../options-validation';
import { Uuid } from '../types';
import type { SessionClusterLink } from './session-init';

/**
 * Options of {@link Session.awaitSchemaAgreement} and `Cluster.awaitSchemaAgreement`.
 *
 * @example
 * ```ts
 * await session.awaitSchemaAgreement({ timeoutMs: 30_000, signal: AbortSignal.timeout(60_000) });
 * ```
 */
export interface SchemaAgreementOptions {
  /** How long to wait, in ms (default: the cluster's `maxSchemaAgreementWaitMs`, or 10 000 when off). */
  readonly timeoutMs?: number;
  /** Aborts the wait. */
  readonly signal?: AbortSignal;
}

/** The schema version every up node reports right now, or `null` when they disagree. @internal */
export async function checkAgreedVersion(cluster: SessionClusterLink): Promise<Uuid | null> {
  const { agreedVersion } = await cluster.readSchemaVersions();
  return agreedVersion === undefined ? null : Uuid.parse(agreedVersion);
}

/**
 * Waits until every up node reports the same schema version (`options.timeoutMs`, else
 * `defaultWaitMs`), and returns it. The options are checked before anything is sent. @internal
 */
export async function awaitAgreedVersion(
  cluster: SessionClusterLink,
  options: SchemaAgreementOptions,
  defaultWaitMs: number,
): Promise<Uuid> {
  checkOptionNames('awaitSchemaAgreement() option', options, OPTION_NAMES.schemaAgreement);
  const timeoutMs = validateAgreementTimeout(options.timeoutMs) ?? defaultWaitMs;
  return Uuid.parse(await cluster.awaitSchemaAgreement(timeoutMs, options.signal));
}
