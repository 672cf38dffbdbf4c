/**
 * JVM command lines for the Cassandra daemon and nodetool, as `bin/cassandra` and `bin/nodetool`
 * would build them on Java 11/17 (jvm-server.options + jvm17-server.options + cassandra-env.sh),
 * minus AlwaysPreTouch and with the test speed knobs.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { NodeLayout } from './node-layout';

/** Main classes started from the cassandra-all jar. */
export const DAEMON_MAIN_CLASS = 'org.apache.cassandra.service.CassandraDaemon';
export const NODETOOL_MAIN_CLASS = 'org.apache.cassandra.tools.NodeTool';
/** Default heap (-Xms = -Xmx) of each node; `CQLKIT_CASSANDRA_HEAP` overrides. */
export const DEFAULT_HEAP = '512M';

/** The JPMS flags Cassandra needs on Java 11+ (jvm17-server.options; valid on 11 too). */
const MODULE_FLAGS: readonly string[] = [
  '-Djdk.attach.allowAttachSelf=true',
  ...[
    'java.base/jdk.internal.misc',
    'java.management.rmi/com.sun.jmx.remote.internal.rmi',
    'java.management/com.sun.jmx.remote.security',
    'java.rmi/sun.rmi.registry',
    'java.rmi/sun.rmi.server',
    'java.sql/java.sql',
    'java.base/java.lang.ref',
    'jdk.unsupported/sun.misc',
  ].flatMap((pkg) => ['--add-exports', `${pkg}=ALL-UNNAMED`]),
  ...[
    'java.base/java.lang.module',
    'java.base/jdk.internal.loader',
    'java.base/jdk.internal.ref',
    'java.base/jdk.internal.reflect',
    'java.base/jdk.internal.math',
    'java.base/jdk.internal.module',
    'java.base/jdk.internal.util.jar',
    'jdk.management/com.sun.management.internal',
    'java.base/sun.nio.ch',
    'java.base/java.io',
    'java.base/java.lang.reflect',
    'java.base/java.lang',
    'java.base/java.util',
    'java.base/java.nio',
  ].flatMap((pkg) => ['--add-opens', `${pkg}=ALL-UNNAMED`]),
];

/** Extra exports that are only valid on a full JDK (javac present), CASSANDRA-19001. */
const JDK_ONLY_MODULE_FLAGS: readonly string[] = [
  '--add-exports',
  'jdk.attach/sun.tools.attach=ALL-UNNAMED',
  '--add-exports',
  'jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-opens',
  'jdk.compiler/com.sun.tools.javac=ALL-UNNAMED',
];

/**
 * Validates a heap size such as `512M` or `1G` (the `-Xmx` syntax).
 *
 * @throws RangeError on anything else
 */
export function parseHeapSize(value: string): string {
  const trimmed = value.trim();
  if (!/^\d+[kKmMgG]$/.test(trimmed)) {
    throw new RangeError(`invalid heap size "${value}" (expected a -Xmx value such as 512M or 1G)`);
  }
  return trimmed;
}

/** Inputs of {@link daemonJvmArgs}. */
export interface DaemonJvmInput {
  readonly node: NodeLayout;
  readonly libDir: string;
  /** `-javaagent` jar (jamm), when present in the lib dir. */
  readonly jammJar?: string;
  /** Heap size, e.g. `512M`. */
  readonly heap: string;
  /** Whether the JDK has javac (adds the jdk.compiler/jdk.attach flags). */
  readonly hasJavac: boolean;
  /**
   * Keep stdout/stderr open after startup (`-Dcassandra-foreground=yes`); otherwise the daemon
   * closes them once it runs. Containers need it: their output is the node's log.
   */
  readonly foreground?: boolean;
}

/** Classpath: the node's conf dir first (logback.xml etc. as resources), then every jar. */
export function classpath(node: NodeLayout, libDir: string): string {
  return `${node.confDir}:${join(libDir, '*')}`;
}

/**
 * The arguments after `java` that start node `input.node` in the background.
 */
export function daemonJvmArgs(input: DaemonJvmInput): string[] {
  const { node, libDir, jammJar, heap, hasJavac } = input;
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-ea',
    '-da:net.openhft...',
    '-XX:+UseThreadPriorities',
    '-XX:+HeapDumpOnOutOfMemoryError',
    `-XX:HeapDumpPath=${node.logDir}`,
    `-XX:ErrorFile=${join(node.logDir, 'hs_err_%p.log')}`,
    '-XX:OnOutOfMemoryError=kill -9 %p',
    '-Xss256k',
    '-XX:+UseTLAB',
    '-XX:+ResizeTLAB',
    '-XX:+PerfDisableSharedMem',
    '-XX:+UseG1GC',
    '-XX:+ParallelRefProcEnabled',
    '-XX:MaxTenuringThreshold=1',
    '-XX:G1HeapRegionSize=16m',
    '-XX:G1RSetUpdatingPauseTimePercent=5',
    '-XX:MaxGCPauseMillis=300',
    '-XX:InitiatingHeapOccupancyPercent=70',
    '-XX:ParallelGCThreads=2',
    '-XX:ConcGCThreads=1',
    `-Xlog:gc=info:file=${join(node.logDir, 'gc.log')}:time,uptime:filecount=2,filesize=10m`,
    '-Djava.net.preferIPv4Stack=true',
    '-Dchronicle.analytics.disable=true',
    ...MODULE_FLAGS,
    ...(hasJavac ? JDK_ONLY_MODULE_FLAGS : []),
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-Dio.netty.allocator.useCacheForAllThreads=true',
    '-Dio.netty.allocator.maxOrder=11',
    ...(jammJar ? [`-javaagent:${jammJar}`] : []),
    `-Dcassandra.config=${pathToFileURL(node.yamlPath).href}`,
    `-Dcassandra.storagedir=${node.dir}`,
    `-Dcassandra.logdir=${node.logDir}`,
    `-Dlogback.configurationFile=${node.logbackPath}`,
    `-Dcassandra.triggers_dir=${node.triggersDir}`,
    `-Dcassandra.jmx.local.port=${node.jmxPort}`,
    '-Dcom.sun.management.jmxremote.authenticate=false',
    '-Dcassandra.skip_wait_for_gossip_to_settle=0',
    '-Dcassandra.ring_delay_ms=1000',
    '-Dcassandra.superuser_setup_delay_ms=0',
    '-Dcassandra.auth_bcrypt_gensalt_log2_rounds=4',
    ...(input.foreground ? ['-Dcassandra-foreground=yes'] : []),
    '-cp',
    classpath(node, libDir),
    DAEMON_MAIN_CLASS,
  ];
}

/**
 * The arguments after `java` that run `nodetool <args…>` against node `node`'s JMX port.
 */
export function nodetoolJvmArgs(node: NodeLayout, libDir: string, args: readonly string[]): string[] {
  return [
    '-Xmx128m',
    '-XX:ParallelGCThreads=1',
    '-XX:+UseSerialGC',
    '-Djava.net.preferIPv4Stack=true',
    '-Dchronicle.analytics.disable=true',
    ...MODULE_FLAGS,
    `-Dcassandra.storagedir=${node.dir}`,
    `-Dcassandra.logdir=${node.logDir}`,
    `-Dlogback.configurationFile=${node.toolsLogbackPath}`,
    '-cp',
    classpath(node, libDir),
    NODETOOL_MAIN_CLASS,
    '-h',
    '127.0.0.1',
    '-p',
    String(node.jmxPort),
    ...args,
  ];
}
