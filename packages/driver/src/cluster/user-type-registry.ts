import type { UserTypeBinding } from '../types';

/**
 * The classes registered for user-defined types of one cluster. Codecs consult {@link lookup} at
 * every encode/decode, so registrations take effect immediately, also for statements prepared
 * before them.
 *
 * @internal
 */
export class UserTypeRegistry {
  private readonly bindings = new Map<string, UserTypeBinding>();

  /** Stable function handed to the codecs (`CodecOptions.userTypeFor`). */
  readonly lookup = (keyspace: string, name: string): UserTypeBinding | undefined =>
    this.bindings.size === 0 ? undefined : this.bindings.get(keyOf(keyspace, name));

  /** Binds (or rebinds) a class to a type. */
  set(keyspace: string, name: string, binding: UserTypeBinding): void {
    this.bindings.set(keyOf(keyspace, name), binding);
  }
}

function keyOf(keyspace: string, name: string): string {
  return `${keyspace}\u0000${name}`;
}
