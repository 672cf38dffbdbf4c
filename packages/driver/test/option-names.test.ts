/**
 * Unknown option names are errors at run time (for JavaScript callers and options built in
 * variables), naming the key and the nearest valid one.
 */
import { Cluster } from '../src/cluster';
import { InvalidOptionsError } from '../src/errors';
import type { ClusterOptions } from '../src/options';
import { checkOptionNames, nearestOptionName } from '../src/option-names';
import { validateQueryOptions } from '../src/options-validation';
import { CapturedLog, ringOptions, useFakeRing } from './cluster/cluster-fixture';

/** The message of the InvalidOptionsError `fn` throws. */
function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidOptionsError);
    return (e as Error).message;
  }
  throw new Error('expected an InvalidOptionsError');
}

const base = { contactPoints: ['127.0.0.1'] };

/** Options a JavaScript caller could pass (TypeScript would refuse the unknown keys). */
function untyped(o: Record<string, unknown>): ClusterOptions {
  return o as unknown as ClusterOptions;
}

describe('unknown cluster options', () => {
  it('names the key and the nearest valid one (cassandra-driver names included)', () => {
    expect(rejection(() => new Cluster(untyped({ ...base, localDc: 'dc1' })))).toMatch(
      /unknown option 'localDc'.*did you mean 'localDataCenter'/,
    );
    expect(rejection(() => new Cluster(untyped({ ...base, contactPoint: ['x'] })))).toMatch(
      /'contactPoint'.*'contactPoints'/,
    );
    expect(rejection(() => new Cluster(untyped({ ...base, sslOptions: {} })))).toMatch(/'sslOptions'.*'tls'/);
    expect(rejection(() => new Cluster(untyped({ ...base, keyspace: 'ks' })))).toMatch(
      /'keyspace'.*cluster\.connect\('keyspace'\)/,
    );
  });

  it('checks nested objects: socket, credentials, connectionsPerHost, tls, profiles', () => {
    expect(rejection(() => new Cluster(untyped({ ...base, socket: { nodelay: true } })))).toMatch(
      /'socket\.nodelay'.*'noDelay'/,
    );
    expect(
      rejection(
        () => new Cluster(untyped({ ...base, credentials: { user: 'a', username: 'a', password: 'b' } })),
      ),
    ).toMatch(/'credentials\.user'.*'username'/);
    expect(rejection(() => new Cluster(untyped({ ...base, connectionsPerHost: { locl: 2 } })))).toMatch(
      /'connectionsPerHost\.locl'.*'local'/,
    );
    expect(rejection(() => new Cluster(untyped({ ...base, tls: { rejectUnauthorised: false } })))).toMatch(
      /'tls\.rejectUnauthorised'.*'rejectUnauthorized'/,
    );
    expect(rejection(() => new Cluster(untyped({ ...base, defaultProfile: { fetchSize: 100 } })))).toMatch(
      /'defaultProfile\.fetchSize'.*'pageSize'/,
    );
    expect(
      rejection(() => new Cluster(untyped({ ...base, executionProfiles: { slow: { readTimeout: 1 } } }))),
    ).toMatch(/'executionProfiles\.slow\.readTimeout'.*'requestTimeoutMs'/);
  });

  it('checks profiles added at run time', () => {
    const cluster = new Cluster(base);
    expect(rejection(() => cluster.addExecutionProfile('x', untyped({ timeout: 5 }) as never))).toMatch(
      /'executionProfiles\.x\.timeout'.*'requestTimeoutMs'/,
    );
  });

  it('accepts every documented option', () => {
    expect(
      () =>
        new Cluster({
          ...base,
          localDataCenter: 'dc1',
          socket: { noDelay: true, keepAlive: true, keepAliveDelayMs: 0 },
          connectionsPerHost: { local: 1, remote: 1 },
          defaultProfile: { pageSize: 10, requestTimeoutMs: 100 },
          tls: { rejectUnauthorized: true },
        }),
    ).not.toThrow();
  });
});

describe('unknown request options', () => {
  it('names the key and the nearest valid one', () => {
    expect(rejection(() => validateQueryOptions(untyped({ fetchSize: 10 }) as never))).toMatch(
      /unknown request option 'fetchSize'.*'pageSize'/,
    );
    expect(rejection(() => validateQueryOptions(untyped({ timeout: 10 }) as never))).toMatch(
      /'timeout'.*'timeoutMs'/,
    );
    expect(rejection(() => validateQueryOptions(untyped({ isIdempotent: true }) as never))).toMatch(
      /'isIdempotent'.*'idempotent'/,
    );
    expect(rejection(() => validateQueryOptions(untyped({ consistancy: 1 }) as never))).toMatch(
      /'consistancy'.*'consistency'/,
    );
    expect(rejection(() => validateQueryOptions(untyped({ zzzzzz: 1 }) as never))).toMatch(
      /unknown request option 'zzzzzz' \(valid options: .*pageSize/,
    );
  });
});

describe('through a session', () => {
  const fake = useFakeRing(1);
  const clusters = fake.clusters;

  it('refuses { logged: false } on a batch (it used to run a logged batch)', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const session = await cluster.connect();
    const batch = session.batch(
      ['INSERT INTO ks.t (k, v) VALUES (1, 2)'],
      untyped({ logged: false }) as never,
    );
    await expect(batch).rejects.toThrow(InvalidOptionsError);
    await expect(batch).rejects.toThrow(/unknown batch option 'logged'.*type: 'unlogged'/);
    const counter = session.batch(
      ['UPDATE c SET n = n + 1 WHERE k = 1'],
      untyped({ counter: true }) as never,
    );
    await expect(counter).rejects.toThrow(/'counter'.*type: 'counter'/);
  });

  it('refuses unknown request options of execute() and prepare()', async () => {
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, new CapturedLog())));
    const session = await cluster.connect();
    await expect(session.execute('SELECT 1', [], untyped({ fetchSize: 5 }) as never)).rejects.toThrow(
      /'fetchSize'.*'pageSize'/,
    );
    await expect(session.prepare('SELECT 1', untyped({ keySpace: 'ks' }) as never)).rejects.toThrow(
      /unknown prepare option 'keySpace'.*'keyspace'/,
    );
    await expect(cluster.connect(undefined, untyped({ waitForAllPool: true }) as never)).rejects.toThrow(
      /'waitForAllPool'.*'waitForAllPools'/,
    );
  });
});

describe('checkOptionNames (for libraries on the driver)', () => {
  it('suggests by rename, by case and by edit distance', () => {
    const known = ['pageSize', 'consistency', 'timeoutMs'] as const;
    expect(nearestOptionName('PAGESIZE', known)).toBe("'pageSize'");
    expect(nearestOptionName('consistncy', known)).toBe("'consistency'");
    expect(nearestOptionName('zzz', known)).toBeUndefined();
    expect(rejection(() => checkOptionNames('widget option', { colour: 1 }, ['color']))).toBe(
      "unknown widget option 'colour'; did you mean 'color'?",
    );
    expect(() => checkOptionNames('widget option', { color: 1 }, ['color'])).not.toThrow();
  });
});
