import { InvalidOptionsError } from '../errors';
import type { ExecutionProfile, ResolvedExecutionProfile } from '../options';
import { validateProfile } from '../options-validation';
import type { LoadBalancingPolicy } from '../policies/load-balancing';

/**
 * The execution profiles of a cluster: the default one and the named ones, each resolved against
 * the default once (a named profile's unset fields come from the default profile). Profile
 * objects passed with single requests are resolved once per object too (cached weakly).
 *
 * @internal
 */
export class ExecutionProfiles {
  private readonly named = new Map<string, ResolvedExecutionProfile>();
  private readonly adHoc = new WeakMap<ExecutionProfile, ResolvedExecutionProfile>();

  constructor(
    /** The default profile, every field set. */
    readonly defaults: ResolvedExecutionProfile,
    /** Called for each load-balancing policy a profile brings (to initialise it with the hosts). */
    private readonly registerPolicy: (policy: LoadBalancingPolicy) => void,
  ) {}

  /** Registers a named profile. @throws InvalidOptionsError when the name is taken or the profile invalid. */
  add(name: string, profile: ExecutionProfile): ResolvedExecutionProfile {
    if (typeof name !== 'string' || name === '') {
      throw new InvalidOptionsError('addExecutionProfile(name, profile): name must be a non-empty string');
    }
    if (this.named.has(name)) {
      throw new InvalidOptionsError(`an execution profile named '${name}' already exists`);
    }
    if (profile === null || typeof profile !== 'object') {
      throw new InvalidOptionsError(
        `addExecutionProfile('${name}', profile): profile must be an ExecutionProfile object`,
      );
    }
    validateProfile(`executionProfiles.${name}`, profile);
    const resolved = this.resolveObject(profile);
    this.named.set(name, resolved);
    return resolved;
  }

  /** The named profile, or the default one without a name. */
  get(name?: string): ResolvedExecutionProfile {
    if (name === undefined) return this.defaults;
    const profile = this.named.get(name);
    if (profile === undefined) {
      const known = [...this.named.keys()];
      throw new InvalidOptionsError(
        `no execution profile named '${name}'` +
          (known.length
            ? ` (known: ${known.join(', ')})`
            : ' (none registered; see the executionProfiles option)'),
      );
    }
    return profile;
  }

  /** Names of the registered profiles. */
  names(): string[] {
    return [...this.named.keys()];
  }

  /** The profile a request names or passes (the default one when it gives none). */
  resolve(profile: string | ExecutionProfile | undefined): ResolvedExecutionProfile {
    if (profile === undefined) return this.defaults;
    if (typeof profile === 'string') return this.get(profile);
    let resolved = this.adHoc.get(profile);
    if (resolved === undefined) {
      resolved = this.resolveObject(profile);
      this.adHoc.set(profile, resolved);
    }
    return resolved;
  }

  private resolveObject(profile: ExecutionProfile): ResolvedExecutionProfile {
    const resolved = profileOver(this.defaults, profile);
    if (profile.loadBalancingPolicy !== undefined) this.registerPolicy(profile.loadBalancingPolicy);
    return resolved;
  }
}

/**
 * A copy of `base` with `changes` applied, as the Python driver's `execution_profile_clone_update`.
 * Policies are shared by reference, not copied.
 *
 * @example
 * ```ts
 * const slow = cloneExecutionProfile(cluster.executionProfile(), { requestTimeoutMs: 60_000 });
 * cluster.addExecutionProfile('slow', slow);
 * ```
 */
export function cloneExecutionProfile(base: ExecutionProfile, changes: ExecutionProfile): ExecutionProfile {
  return Object.freeze({ ...base, ...definedOnly(changes) });
}

/** `profile`'s fields over `base`'s (unset fields keep `base`'s), frozen. @internal */
export function profileOver(
  base: ResolvedExecutionProfile,
  profile: ExecutionProfile,
): ResolvedExecutionProfile {
  return Object.freeze({ ...base, ...definedOnly(profile) }) as ResolvedExecutionProfile;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
