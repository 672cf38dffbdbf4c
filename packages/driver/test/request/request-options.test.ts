/**
 * A call's options resolved against its execution profile, and reused where they cannot have
 * changed (no options; a frozen options object passed again) — while the client timestamp stays
 * one per request.
 */
import { Cluster } from '../../src/cluster';
import { Consistency } from '../../src/consistency';
import { InvalidOptionsError } from '../../src/errors';
import { DEFAULT_EXECUTION_PROFILE, type QueryOptions } from '../../src/options';
import { Opcode } from '../../src/protocol/opcodes';
import { ExecutionProfiles } from '../../src/request/execution-profiles';
import { CallOptionsResolver } from '../../src/request/request-options';
import { CapturedLog, ringOptions, trackClusters } from '../cluster/cluster-fixture';
import { FakeRing } from '../fake-cql/fake-ring';

function profiles(): ExecutionProfiles {
  const set = new ExecutionProfiles(DEFAULT_EXECUTION_PROFILE, () => undefined);
  set.add('strong', { consistency: Consistency.ALL, requestTimeoutMs: 7777 });
  return set;
}

describe('CallOptionsResolver', () => {
  it('resolves a frozen options object once', () => {
    const resolver = new CallOptionsResolver(profiles());
    const options: QueryOptions = Object.freeze({
      consistency: Consistency.QUORUM,
      executionProfile: 'strong',
    });
    const other: QueryOptions = Object.freeze({ consistency: Consistency.ONE });
    const first = resolver.resolve(options);
    expect(first).toMatchObject({ consistency: Consistency.QUORUM, timeoutMs: 7777 });
    expect(resolver.resolve(options)).toBe(first);
    const second = resolver.resolve(other);
    expect(second.consistency).toBe(Consistency.ONE);
    expect(resolver.resolve(options)).toBe(first); // from the map, not only the last one
    expect(resolver.resolve(other)).toBe(second);
    expect(new CallOptionsResolver(profiles()).resolve(options)).not.toBe(first);
  });

  it('resolves "no options" once, to the profile defaults', () => {
    const resolver = new CallOptionsResolver(profiles());
    const resolved = resolver.resolve(undefined);
    expect(resolved).toMatchObject({
      consistency: DEFAULT_EXECUTION_PROFILE.consistency,
      timeoutMs: DEFAULT_EXECUTION_PROFILE.requestTimeoutMs,
      timestamp: undefined,
    });
    expect(resolver.resolve(undefined)).toBe(resolved);
  });

  it('resolves an options object that can change every time, seeing its changes', () => {
    const resolver = new CallOptionsResolver(profiles());
    const options: { consistency: QueryOptions['consistency'] } = { consistency: Consistency.ONE };
    expect(resolver.resolve(options).consistency).toBe(Consistency.ONE);
    options.consistency = Consistency.TWO;
    expect(resolver.resolve(options).consistency).toBe(Consistency.TWO);
  });

  it('rejects an invalid frozen options object every time it is passed', () => {
    const set = profiles();
    const resolver = new CallOptionsResolver(set);
    const options = Object.freeze({ consistancy: Consistency.ONE }) as QueryOptions;
    expect(() => resolver.resolve(options)).toThrow(InvalidOptionsError);
    expect(() => resolver.resolve(options)).toThrow(/unknown request option 'consistancy'/);
    const unknownProfile: QueryOptions = Object.freeze({ executionProfile: 'nope' });
    expect(() => resolver.resolve(unknownProfile)).toThrow(/no execution profile named 'nope'/);
    set.add('nope', { consistency: Consistency.THREE });
    expect(resolver.resolve(unknownProfile).consistency).toBe(Consistency.THREE);
  });

  it('composes a routing key given as components on every call (their bytes are the caller’s)', () => {
    const resolver = new CallOptionsResolver(profiles());
    const part = Buffer.from([1, 2]);
    const options: QueryOptions = Object.freeze({ routingKey: [part, Buffer.from([3])] });
    const before = Buffer.from(resolver.resolve(options).routingKey as Uint8Array);
    part[0] = 9;
    const after = Buffer.from(resolver.resolve(options).routingKey as Uint8Array);
    expect(after.equals(before)).toBe(false);
    expect(after[2]).toBe(9);
  });
});

describe('client timestamps with reused options', () => {
  let ring: FakeRing;
  const clusters = trackClusters();
  let next = 1_000_000n;

  beforeAll(async () => {
    ring = await FakeRing.start(1);
  });

  afterAll(async () => {
    await clusters.shutdownAll();
    await ring.stop();
  });

  it('gives every request its own timestamp, the caller’s own timestamp winning', async () => {
    const cluster = clusters.add(
      new Cluster(ringOptions(ring, new CapturedLog(), { timestampGenerator: () => next++ })),
    );
    const session = await cluster.connect();
    const node = ring.nodes[0]!;
    const frozen: QueryOptions = Object.freeze({ consistency: Consistency.ONE });
    const fixed: QueryOptions = Object.freeze({ timestamp: 42n });
    node.requests.length = 0;
    const prepared = await session.prepare('INSERT INTO ks.t (k, v) VALUES (?, ?)');
    await session.execute(prepared, [1, 'a'], frozen);
    await session.execute(prepared, [2, 'b'], frozen);
    await session.execute(prepared, [3, 'c']);
    await session.execute(prepared, [4, 'd']);
    await session.execute(prepared, [5, 'e'], fixed);
    await session.execute(prepared, [6, 'f'], fixed);
    const stamps = node.requests.filter((r) => r.opcode === Opcode.EXECUTE).map((r) => r.timestamp);
    expect(stamps).toEqual([1_000_000n, 1_000_001n, 1_000_002n, 1_000_003n, 42n, 42n]);
  });
});
