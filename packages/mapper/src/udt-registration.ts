/**
 * Registering `@Udt` classes with the driver (`session.cluster.registerUserType`), so that raw
 * session results yield instances of the classes and instances bind as UDT values (as the Python
 * driver's `register_user_type`).
 *
 * @packageDocumentation
 */
import type { Cluster } from '@cqlkit/driver';
import type { UdtModel } from './metadata/entity-model';

/**
 * Registers the classes of `models` (nested types first) with the cluster.
 *
 * @throws UserTypeDoesNotExistError (from the driver) when a type does not exist.
 * @internal
 */
export async function registerUdtModels(cluster: Cluster, models: readonly UdtModel[]): Promise<void> {
  const ordered: UdtModel[] = [];
  const visit = (m: UdtModel): void => {
    for (const d of m.dependencies) visit(d);
    if (!ordered.includes(m)) ordered.push(m);
  };
  models.forEach(visit);
  for (const m of ordered) {
    const fields: Record<string, string> = {};
    for (const f of m.fields) if (f.name !== f.property) fields[f.name] = f.property;
    await cluster.registerUserType(
      m.keyspace,
      m.name,
      m.ctor as new () => object,
      Object.keys(fields).length > 0 ? { fields } : undefined,
    );
  }
}
