/**
 * A wrong `localDataCenter` is named by the error `connect()` throws (it used to say only that
 * every known host was down or ignored, the cause being a warning on stderr), and the warning
 * names the option the user set.
 */
import { Cluster } from '../../src/cluster';
import { NoHostAvailableError } from '../../src/errors';
import { CapturedLog, ringOptions, useFakeRing } from './cluster-fixture';

describe('a wrong localDataCenter', () => {
  const fake = useFakeRing(2);
  const clusters = fake.clusters;

  it('is the message of the error connect() throws', async () => {
    const log = new CapturedLog();
    const cluster = clusters.add(new Cluster(ringOptions(fake.ring, log, { localDataCenter: 'dc9' })));
    const error = await cluster.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NoHostAvailableError);
    expect((error as Error).message).toMatch(
      /localDataCenter is 'dc9', but no host is in that data center; the cluster's hosts are in 'dc1' \(127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+\)/,
    );
    expect(log.warnings.join('\n')).toMatch(/check the localDataCenter option/);
  });
});
