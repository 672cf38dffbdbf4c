/**
 * Registering `@Udt` classes with the driver, so that raw session results yield instances of the
 * classes and instances bind as UDT values (as the Python driver's `register_user_type`).
 *
 * @packageDocumentation
 */
import { DriverFeatureMissingError } from './errors';
import type { UdtModel } from './metadata/entity-model';

/**
 * Options of a UDT class registration.
 *
 * @example
 * ```ts
 * const options: UserTypeRegistrationOptions = { fields: { zip_code: 'zipCode' } };
 * ```
 */
export interface UserTypeRegistrationOptions {
  /** CQL field name → property name, for fields whose property is named differently. */
  readonly fields?: Readonly<Record<string, string>>;
}

/**
 * The part of the driver's `Cluster` that registers UDT classes:
 * `cluster.registerUserType(keyspace, udtName, Class, options?)`, rejecting with
 * `UserTypeDoesNotExistError` when the type does not exist.
 *
 * @example
 * ```ts
 * const mapper = new Mapper(session, { cluster }); // a Cluster with registerUserType
 * await mapper.registerUdts([Address]);
 * ```
 */
export interface UserTypeRegistrar {
  registerUserType(
    keyspace: string,
    udtName: string,
    ctor: new () => object,
    options?: UserTypeRegistrationOptions,
  ): void | Promise<void>;
}

/**
 * Registers the classes of `models` (nested types first) with the registrar.
 *
 * @throws DriverFeatureMissingError when no registrar was given or it cannot register UDTs.
 * @internal
 */
export async function registerUdtModels(registrar: unknown, models: readonly UdtModel[]): Promise<void> {
  if (registrar === undefined || registrar === null) {
    throw new DriverFeatureMissingError(
      'registerUdts(): the mapper has no cluster to register UDT classes with; create it with new Mapper(session, { cluster })',
    );
  }
  const register = (registrar as Partial<UserTypeRegistrar>).registerUserType;
  if (typeof register !== 'function') {
    throw new DriverFeatureMissingError(
      'registerUdts(): this @cqlkit/driver Cluster has no registerUserType(keyspace, udtName, Class, options); ' +
        'UDT values still map to classes through repositories, but raw session results stay plain objects',
    );
  }
  const ordered: UdtModel[] = [];
  const visit = (m: UdtModel): void => {
    for (const d of m.dependencies) visit(d);
    if (!ordered.includes(m)) ordered.push(m);
  };
  models.forEach(visit);
  for (const m of ordered) {
    const fields: Record<string, string> = {};
    for (const f of m.fields) if (f.name !== f.property) fields[f.name] = f.property;
    await register.call(
      registrar,
      m.keyspace,
      m.name,
      m.ctor as new () => object,
      Object.keys(fields).length > 0 ? { fields } : undefined,
    );
  }
}
