/**
 * The stub CQL server: a small Node process answering like Cassandra 5.0 from captured frames, to
 * measure client cost without a JVM on the same cores.
 *
 * `npx tsx bench/stub-server/stub-main.ts [--port 0] [--scan-rows 1000000] [--fixtures path]`
 * prints `STUB_LISTENING <port>` once ready. Only binds 127.0.0.1.
 */
import { createServer, type Socket } from 'node:net';
import { CannedResponses } from './canned-responses';
import { FIXTURE_PATH, loadFixtures } from './fixtures';
import { StubConnection } from './stub-connection';

/** Line printed on stdout once the server listens. */
export const LISTENING_LINE = 'STUB_LISTENING';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

function log(message: string): void {
  process.stderr.write(`[stub] ${message}\n`);
}

function main(): void {
  const canned = new CannedResponses(
    loadFixtures(option('fixtures', FIXTURE_PATH)),
    Number(option('scan-rows', '1000000')),
  );
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new StubConnection(socket, canned, log);
  });
  server.listen(Number(option('port', '0')), '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`${LISTENING_LINE} ${port}\n`);
  });
  const stop = (): void => {
    for (const socket of sockets) socket.destroy();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
