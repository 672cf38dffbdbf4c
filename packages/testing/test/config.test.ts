import { CLUSTER_NAME, renderCassandraYaml } from '../src/config/cassandra-yaml';
import { classpath, daemonJvmArgs, nodetoolJvmArgs, parseHeapSize } from '../src/config/jvm-args';
import { renderDaemonLogback, renderToolsLogback } from '../src/config/logback-config';
import { probeOptionsFor } from '../src/jars/cluster-startup';
import { renderResolverPom } from '../src/jars/maven-resolver';
import { clusterLayout } from '../src/config/node-layout';
import { subjectAltNames } from '../src/config/tls-material';

/** Top-level `key: value` pairs of the generated YAML (values unquoted). */
function topLevel(yaml: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of yaml.split('\n')) {
    const match = /^([a-z_]+):\s*(.*)$/.exec(line);
    if (match) map.set(match[1]!, match[2]!.replace(/^"(.*)"$/, '$1'));
  }
  return map;
}

describe('renderCassandraYaml', () => {
  const nodes = clusterLayout('/tmp/cluster', 3);
  const yaml = renderCassandraYaml({ node: nodes[1]!, allNodes: nodes, auth: false });
  const keys = topLevel(yaml);

  it('binds the node to its own loopback address with its balanced token', () => {
    expect(keys.get('listen_address')).toBe('127.0.0.2');
    expect(keys.get('rpc_address')).toBe('127.0.0.2');
    expect(keys.get('num_tokens')).toBe('1');
    expect(keys.get('initial_token')).toBe('-3074457345618258603');
    expect(keys.get('native_transport_port')).toBe('9042');
    expect(keys.get('storage_port')).toBe('7000');
    expect(keys.get('cluster_name')).toBe(CLUSTER_NAME);
  });

  it('makes every node a seed', () => {
    expect(yaml).toContain('- seeds: "127.0.0.1:7000,127.0.0.2:7000,127.0.0.3:7000"');
  });

  it('uses absolute per-node directories', () => {
    expect(yaml).toContain('data_file_directories:\n  - "/tmp/cluster/node2/data"');
    expect(keys.get('commitlog_directory')).toBe('/tmp/cluster/node2/commitlog');
    expect(keys.get('hints_directory')).toBe('/tmp/cluster/node2/hints');
    expect(keys.get('saved_caches_directory')).toBe('/tmp/cluster/node2/saved_caches');
    expect(keys.get('cdc_raw_directory')).toBe('/tmp/cluster/node2/cdc_raw');
  });

  it('sets the mandatory keys and the fast test values', () => {
    expect(keys.get('partitioner')).toBe('org.apache.cassandra.dht.Murmur3Partitioner');
    expect(keys.get('endpoint_snitch')).toBe('SimpleSnitch');
    expect(keys.get('commitlog_sync')).toBe('periodic');
    expect(keys.get('commitlog_sync_period')).toBe('10000ms');
    expect(keys.get('auto_bootstrap')).toBe('false');
    expect(keys.get('auto_snapshot')).toBe('false');
    expect(keys.get('concurrent_compactors')).toBe('1');
    expect(keys.get('phi_convict_threshold')).toBe('12');
    expect(keys.get('materialized_views_enabled')).toBe('true');
    expect(keys.get('user_defined_functions_enabled')).toBe('true');
    expect(keys.get('sasi_indexes_enabled')).toBe('true');
  });

  it('never mixes old-style (_in_ms, enable_) key names with the new ones', () => {
    expect([...keys.keys()].filter((k) => /_in_(ms|mb|kb)$|^enable_/.test(k))).toEqual([]);
    expect(new Set(yaml.split('\n').filter((l) => /^[a-z_]+:/.test(l))).size).toBe(
      yaml.split('\n').filter((l) => /^[a-z_]+:/.test(l)).length,
    );
  });

  it('allows everyone and has no client TLS by default', () => {
    expect(keys.get('authenticator')).toBe('AllowAllAuthenticator');
    expect(keys.get('authorizer')).toBe('AllowAllAuthorizer');
    expect(yaml).not.toContain('client_encryption_options');
  });

  it('enables PasswordAuthenticator with auth', () => {
    const auth = topLevel(renderCassandraYaml({ node: nodes[0]!, allNodes: nodes, auth: true }));
    expect(auth.get('authenticator')).toBe('PasswordAuthenticator');
    expect(auth.get('authorizer')).toBe('CassandraAuthorizer');
    expect(auth.get('role_manager')).toBe('CassandraRoleManager');
  });

  it('enables optional client TLS with the given PKCS12 stores', () => {
    const tlsYaml = renderCassandraYaml({
      node: nodes[0]!,
      allNodes: nodes,
      auth: false,
      tls: {
        keystorePath: '/t/server.p12',
        truststorePath: '/t/trust.p12',
        storePassword: 'pw',
        requireClientAuth: false,
      },
    });

    const section = tlsYaml.slice(tlsYaml.indexOf('client_encryption_options:'));
    expect(section).toContain('\n  enabled: true');
    expect(section).toContain('\n  optional: true');
    expect(section).toContain('\n  keystore: "/t/server.p12"');
    expect(section).toContain('\n  truststore: "/t/trust.p12"');
    expect(section).toContain('\n  keystore_password: "pw"');
    expect(section).toContain('\n  store_type: "PKCS12"');
    expect(section).toContain('\n  require_client_auth: false');
  });

  it('quotes paths that contain YAML-significant characters', () => {
    const odd = clusterLayout('/tmp/a: b #c', 1);
    const text = renderCassandraYaml({ node: odd[0]!, allNodes: odd, auth: false });
    expect(text).toContain('commitlog_directory: "/tmp/a: b #c/node1/commitlog"');
  });
});

describe('readiness probe', () => {
  it('trusts the test CA with TLS, and uses plaintext when client certificates are required', () => {
    expect(probeOptionsFor('/c', { nodes: 1, auth: true, tls: true })).toEqual({
      credentials: { username: 'cassandra', password: 'cassandra' },
      caPemPath: '/c/tls/ca.pem',
    });
    expect(
      probeOptionsFor('/c', { nodes: 3, auth: false, tls: true, clientAuth: true }).caPemPath,
    ).toBeUndefined();
  });
});

describe('logback configuration', () => {
  it('writes system.log at INFO and escapes the path', () => {
    const xml = renderDaemonLogback('/logs/a&b/system.log');
    expect(xml).toContain('<file>/logs/a&amp;b/system.log</file>');
    expect(xml).toContain('<root level="INFO">');
  });

  it('keeps nodetool quiet (WARN to stderr) with a date pattern logback accepts', () => {
    const xml = renderToolsLogback();
    expect(xml).toContain('<root level="WARN">');
    expect(xml).toContain('<target>System.err</target>');
    expect(xml).not.toMatch(/%date\{[^}]*,/);
  });
});

describe('JVM arguments', () => {
  const node = clusterLayout('/c', 2)[1]!;
  const args = daemonJvmArgs({
    node,
    libDir: '/lib',
    jammJar: '/lib/jamm-0.4.0.jar',
    heap: '512M',
    hasJavac: true,
  });

  it('runs CassandraDaemon with the conf dir before the jars', () => {
    expect(args.at(-1)).toBe('org.apache.cassandra.service.CassandraDaemon');
    expect(args[args.indexOf('-cp') + 1]).toBe('/c/node2/conf:/lib/*');
    expect(classpath(node, '/lib')).toBe('/c/node2/conf:/lib/*');
  });

  it('sets the heap, the jamm agent and no AlwaysPreTouch', () => {
    expect(args).toEqual(expect.arrayContaining(['-Xms512M', '-Xmx512M', '-javaagent:/lib/jamm-0.4.0.jar']));
    expect(args.some((a) => a.includes('AlwaysPreTouch'))).toBe(false);
  });

  it('passes the config as a file URL and the node-specific system properties', () => {
    expect(args).toEqual(
      expect.arrayContaining([
        '-Dcassandra.config=file:///c/node2/conf/cassandra.yaml',
        '-Dcassandra.storagedir=/c/node2',
        '-Dcassandra.logdir=/c/node2/logs',
        '-Dlogback.configurationFile=/c/node2/conf/logback.xml',
        '-Dcassandra.jmx.local.port=7200',
        '-Dcassandra.skip_wait_for_gossip_to_settle=0',
        '-Dcassandra.superuser_setup_delay_ms=0',
        '-Dcassandra.auth_bcrypt_gensalt_log2_rounds=4',
      ]),
    );
    expect(args.some((a) => a.startsWith('-Dcassandra.ring_delay_ms='))).toBe(true);
  });

  it('adds the Java 17 module flags, and the javac-only ones only with a full JDK', () => {
    expect(args).toEqual(expect.arrayContaining(['--add-opens', 'java.base/java.lang=ALL-UNNAMED']));
    expect(args).toContain('jdk.compiler/com.sun.tools.javac=ALL-UNNAMED');
    const jre = daemonJvmArgs({ node, libDir: '/lib', heap: '1G', hasJavac: false });
    expect(jre).not.toContain('jdk.compiler/com.sun.tools.javac=ALL-UNNAMED');
    expect(jre.some((a) => a.startsWith('-javaagent'))).toBe(false);
  });

  it('points nodetool at the node JMX port with the extra arguments last', () => {
    const tool = nodetoolJvmArgs(node, '/lib', ['status', '-r']);
    expect(tool.slice(-7)).toEqual([
      'org.apache.cassandra.tools.NodeTool',
      '-h',
      '127.0.0.1',
      '-p',
      '7200',
      'status',
      '-r',
    ]);
    expect(tool).toContain('-Dlogback.configurationFile=/c/node2/conf/logback-tools.xml');
  });

  it('accepts -Xmx-style heap sizes only', () => {
    expect(parseHeapSize(' 1G ')).toBe('1G');
    expect(parseHeapSize('768m')).toBe('768m');
    expect(() => parseHeapSize('1.5G')).toThrow(RangeError);
    expect(() => parseHeapSize('512')).toThrow(RangeError);
    expect(() => parseHeapSize('-Xmx1G')).toThrow(RangeError);
  });
});

describe('resolver pom and TLS names', () => {
  it('depends on exactly the requested cassandra-all version', () => {
    const pom = renderResolverPom('5.0.9');
    expect(pom).toContain('<artifactId>cassandra-all</artifactId>');
    expect(pom).toContain('<version>5.0.9</version>');
    expect(pom).toContain('<packaging>pom</packaging>');
  });

  it('covers every node address and localhost in the server certificate', () => {
    expect(subjectAltNames(3)).toBe('SAN=IP:127.0.0.1,IP:127.0.0.2,IP:127.0.0.3,DNS:localhost');
  });
});
