/**
 * Human-readable rendering of a {@link ClusterStatus} for the CLI's `status` and `start` output.
 */
import type { ClusterStatus } from '../jars/cluster';
import { describeClusterOptions } from '../jars/cluster-state';

function pad(text: string, width: number): string {
  return text.padEnd(width);
}

/** Multi-line description of the cluster: options, nodes table, connection facts, TLS files. */
export function formatClusterStatus(status: ClusterStatus): string {
  if (!status.exists) {
    const strays = status.strayPids.length
      ? `\nWARNING: Cassandra processes ${status.strayPids.join(', ')} run from this dir without a state file; ` +
        'run: npx cqlkit-cassandra stop'
      : '';
    return `No cluster in ${status.clusterDir} (start one with: npx cqlkit-cassandra start)${strays}`;
  }
  const up = status.nodes.filter((n) => n.state === 'running').length;
  const lines = [
    `Cluster dir:  ${status.clusterDir}`,
    `Options:      ${describeClusterOptions(status.options!)}`,
    `Cassandra:    ${status.cassandraVersion}   Java: ${status.javaHome}   heap/node: ${status.heap}`,
    `State:        ${status.running ? 'running' : up === 0 ? 'stopped' : 'degraded'} (${up}/${status.nodes.length} nodes running)`,
    '',
    `${pad('node', 6)}${pad('address', 12)}${pad('cql', 6)}${pad('jmx', 6)}${pad('state', 9)}${pad('pid', 9)}log`,
    ...status.nodes.map(
      (n) =>
        `${pad(String(n.index), 6)}${pad(n.address, 12)}${pad(String(n.nativePort), 6)}${pad(String(n.jmxPort), 6)}` +
        `${pad(n.state, 9)}${pad(n.pid === undefined ? '-' : String(n.pid), 9)}${n.systemLog}`,
    ),
    '',
    `Contact points: ${status.contactPoints.join(',')}   local DC: ${status.localDataCenter}`,
  ];
  if (status.credentials) {
    lines.push(
      `Auth:           username ${status.credentials.username}, password ${status.credentials.password}`,
    );
  }
  if (status.tls) {
    lines.push(
      `TLS CA (PEM):   ${status.tls.caPem}`,
      `Other CA (PEM): ${status.tls.otherCaPem}   (unrelated CA: trusting only it must fail)`,
      `Client PKCS12:  ${status.tls.clientPkcs12}   (password ${status.tls.password}; cert ${status.tls.clientCertPem})`,
    );
  }
  if (status.strayPids.length) {
    lines.push(`WARNING: stray Cassandra processes of this dir: ${status.strayPids.join(', ')}`);
  }
  return lines.join('\n');
}
