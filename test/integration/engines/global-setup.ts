/**
 * Jest global setup of the `engines` project (the tests of `@cqlkit/testing`'s two engines): finds
 * out whether a Docker engine answers. Without one the Docker half of the suite cannot run: with
 * `CQLKIT_REQUIRE_DOCKER=1` (CI) that fails the run; otherwise it says so plainly, here and in the
 * skipped tests' names, and the jar engine is tested alone.
 */
import { dockerClient } from '@cqlkit/testing';

/** Variable through which the workers learn the outcome (`1` or `0`). */
export const DOCKER_AVAILABLE_ENV = 'CQLKIT_ENGINES_DOCKER_AVAILABLE';

export default async function globalSetup(): Promise<void> {
  let problem: string | undefined;
  try {
    const client = await dockerClient();
    await client.container.dockerode.ping();
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problem === undefined) {
    process.env[DOCKER_AVAILABLE_ENV] = '1';
    return;
  }
  if (process.env.CQLKIT_REQUIRE_DOCKER === '1') {
    throw new Error(`CQLKIT_REQUIRE_DOCKER=1 but no Docker engine answers: ${problem}`);
  }
  process.env[DOCKER_AVAILABLE_ENV] = '0';
  const banner = '='.repeat(100);
  process.stderr.write(
    `\n${banner}\nTHE DOCKER ENGINE OF @cqlkit/testing WAS NOT TESTED: no Docker engine answers on this machine ` +
      `(${problem.split('\n')[0]}).\nOnly the jar engine is tested. Start dockerd (see docs/testing.md) to test ` +
      `both; CI sets CQLKIT_REQUIRE_DOCKER=1, which makes a missing engine an error.\n${banner}\n\n`,
  );
}
