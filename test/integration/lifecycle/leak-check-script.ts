/**
 * Run by no-leaks.test.ts in a child process: uses the driver the way an application does
 * (including failures, aborts and timeouts), shuts down, and reports what is left. The process
 * must then exit on its own: anything keeping the event loop alive is a leak.
 */
import { Cluster, RequestAbortedError } from '@cqlkit/driver';
import { testClusterOptions } from '../driver/driver-test-cluster';

let unhandled = 0;
process.on('unhandledRejection', (reason) => {
  unhandled++;
  process.stderr.write(`unhandled rejection: ${String(reason)}\n`);
});

async function main(): Promise<void> {
  const cluster = new Cluster(testClusterOptions({ metrics: true, heartbeatIntervalMs: 200 }));
  const session = await cluster.connect();
  await session.execute('SELECT release_version FROM system.local');
  await session.execute('SELECT * FROM system.local', [], { prepare: true });
  for await (const _ of session.iterate('SELECT * FROM system_schema.columns', [], { pageSize: 50 })) {
    // drain
  }
  await session.execute('SELEKT broken').catch(() => undefined);
  const controller = new AbortController();
  const aborted = session.execute('SELECT * FROM system_schema.columns', [], {
    signal: controller.signal,
    paging: false,
  });
  controller.abort();
  await aborted.catch((e: unknown) => {
    if (!(e instanceof RequestAbortedError)) throw e;
  });
  // A request still in flight when the cluster shuts down.
  const late = session
    .execute('SELECT * FROM system_schema.columns', [], { paging: false })
    .catch(() => undefined);
  await cluster.shutdown();
  await late;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const left = process
    .getActiveResourcesInfo()
    .filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap' && r !== 'FSReqCallback');
  process.stdout.write(`${JSON.stringify({ unhandled, left })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
