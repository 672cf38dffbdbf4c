/**
 * Configuration of `cqlkit-migrate`, from (lowest to highest precedence): defaults, the
 * configuration file, its section for the chosen environment, `CQLKIT_MIGRATE_*` environment
 * variables, and command-line flags.
 *
 * The file is JSON (`cqlkit-migrate.json`, found in the working directory by default) or a
 * JavaScript/TypeScript module whose default export is the same object. Unknown keys are errors,
 * so a typo never goes unnoticed. Paths in the file are relative to the file.
 *
 * @packageDocumentation
 */
import { Consistency, type ClusterOptions, type TlsOptions } from '@cqlkit/driver';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

import type { CliFlags } from './cli-args';
import { MigrationConfigError } from './errors';
import { validateKeyspaceCreation, type KeyspaceCreation } from './keyspace';
import { importMigrationModule } from './module-importer';
import type { LockOptions, MigrationOptions } from './options';

/** TLS settings in the configuration (file paths instead of PEM contents). */
export interface CliTlsConfig {
  /** CA certificate(s) to trust (PEM file). */
  readonly caFile?: string;
  /** Client certificate (PEM file), for mutual TLS. */
  readonly certFile?: string;
  /** Client private key (PEM file), for mutual TLS. */
  readonly keyFile?: string;
  /** Verify the server certificate (default true). */
  readonly rejectUnauthorized?: boolean;
  /** Server name to verify the certificate against (SNI). */
  readonly serverName?: string;
}

/**
 * The configuration file's shape (every key optional).
 *
 * @example
 * ```json
 * {
 *   "contactPoints": ["10.0.0.1", "10.0.0.2"],
 *   "localDataCenter": "dc1",
 *   "keyspace": "shop",
 *   "migrationsDir": "migrations",
 *   "createKeyspace": { "replication": { "class": "SimpleStrategy", "replication_factor": 1 } },
 *   "environments": {
 *     "prod": { "createKeyspace": { "replication": { "class": "NetworkTopologyStrategy", "dc1": 3 } }, "tls": { "caFile": "ca.pem" } }
 *   }
 * }
 * ```
 */
export interface CliConfig {
  readonly contactPoints?: readonly string[] | string;
  readonly localDataCenter?: string;
  readonly username?: string;
  readonly password?: string;
  readonly tls?: boolean | CliTlsConfig;
  readonly keyspace?: string;
  readonly migrationsDir?: string;
  readonly historyKeyspace?: string;
  readonly historyTable?: string;
  readonly createKeyspace?: KeyspaceCreation;
  /** Consistency name, e.g. `LOCAL_QUORUM`. */
  readonly consistency?: string;
  /** `SERIAL` or `LOCAL_SERIAL`. */
  readonly serialConsistency?: string;
  readonly lock?: LockOptions;
  readonly schemaAgreementTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  /** Overrides per environment (`--env <name>`). */
  readonly environments?: Readonly<Record<string, Omit<CliConfig, 'environments'>>>;
}

/** Settings resolved from every source. */
export interface CliSettings {
  readonly cluster: ClusterOptions;
  /** Migration options (`keyspace` may be missing; commands that need it check). */
  readonly migration: Omit<MigrationOptions, 'onEvent' | 'importModule' | 'schemaAgreement'>;
  /** The configuration file used, if any. */
  readonly configFile: string | undefined;
  /** The environment chosen, if any. */
  readonly environment: string | undefined;
}

/** Name of the configuration file looked up in the working directory. */
export const DEFAULT_CONFIG_FILE = 'cqlkit-migrate.json';

/** Environment variables read, by setting. */
export const ENV_VARS = {
  config: 'CQLKIT_MIGRATE_CONFIG',
  env: 'CQLKIT_MIGRATE_ENV',
  contactPoints: 'CQLKIT_MIGRATE_CONTACT_POINTS',
  localDataCenter: 'CQLKIT_MIGRATE_LOCAL_DC',
  username: 'CQLKIT_MIGRATE_USERNAME',
  password: 'CQLKIT_MIGRATE_PASSWORD',
  tls: 'CQLKIT_MIGRATE_TLS',
  tlsCaFile: 'CQLKIT_MIGRATE_TLS_CA_FILE',
  keyspace: 'CQLKIT_MIGRATE_KEYSPACE',
  migrationsDir: 'CQLKIT_MIGRATE_DIR',
  historyKeyspace: 'CQLKIT_MIGRATE_HISTORY_KEYSPACE',
  historyTable: 'CQLKIT_MIGRATE_HISTORY_TABLE',
  replication: 'CQLKIT_MIGRATE_REPLICATION',
  consistency: 'CQLKIT_MIGRATE_CONSISTENCY',
  serialConsistency: 'CQLKIT_MIGRATE_SERIAL_CONSISTENCY',
  lockWait: 'CQLKIT_MIGRATE_LOCK_WAIT',
  lockTtl: 'CQLKIT_MIGRATE_LOCK_TTL',
  agreementTimeout: 'CQLKIT_MIGRATE_AGREEMENT_TIMEOUT',
} as const;

const CONFIG_KEYS = new Set([
  'contactPoints',
  'localDataCenter',
  'username',
  'password',
  'tls',
  'keyspace',
  'migrationsDir',
  'historyKeyspace',
  'historyTable',
  'createKeyspace',
  'consistency',
  'serialConsistency',
  'lock',
  'schemaAgreementTimeoutMs',
  'statementTimeoutMs',
  'environments',
]);

/** A configuration layer with its paths made absolute. */
type Layer = Omit<CliConfig, 'environments'>;

/**
 * Resolves the settings from the file, the environment and the flags.
 *
 * @throws MigrationConfigError naming the source and the bad value.
 *
 * @example
 * ```ts
 * const settings = await resolveCliSettings({ keyspace: 'shop' }, process.env, process.cwd());
 * ```
 */
export async function resolveCliSettings(
  flags: CliFlags,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<CliSettings> {
  const configFile = findConfigFile(flags.config ?? nonEmpty(env[ENV_VARS.config]), cwd);
  const file = configFile === undefined ? {} : await readConfigFile(configFile);
  const environment = flags.env ?? nonEmpty(env[ENV_VARS.env]);
  const layers: Layer[] = [];
  const { environments, ...top } = file;
  if (configFile !== undefined) layers.push(withAbsolutePaths(top, dirname(configFile)));
  if (environment !== undefined) {
    const section = environments?.[environment];
    if (section === undefined) {
      const known = Object.keys(environments ?? {});
      throw new MigrationConfigError(
        `environment '${environment}' is not in ${configFile ?? 'any configuration file'}` +
          (known.length ? `; it defines ${known.join(', ')}` : '; add it under "environments"'),
      );
    }
    checkKeys(section, `${configFile} environments.${environment}`, false);
    layers.push(withAbsolutePaths(section, dirname(configFile as string)));
  }
  layers.push(withAbsolutePaths(envLayer(env), cwd), withAbsolutePaths(flagLayer(flags), cwd));
  return toSettings(merge(layers), configFile, environment, cwd);
}

function findConfigFile(given: string | undefined, cwd: string): string | undefined {
  if (given !== undefined) {
    const path = resolve(cwd, given);
    if (!existsSync(path)) throw new MigrationConfigError(`configuration file ${path} does not exist`);
    return path;
  }
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

async function readConfigFile(path: string): Promise<CliConfig> {
  let value: unknown;
  if (path.endsWith('.json')) {
    try {
      value = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new MigrationConfigError(`cannot read configuration file ${path}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  } else {
    const namespace = (await importMigrationModule(path)) as { default?: unknown };
    value = namespace.default ?? namespace;
  }
  checkKeys(value, path, true);
  return value as CliConfig;
}

function checkKeys(value: unknown, where: string, allowEnvironments: boolean): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MigrationConfigError(`${where} must hold an object of settings`);
  }
  for (const key of Object.keys(value)) {
    if (!CONFIG_KEYS.has(key) || (key === 'environments' && !allowEnvironments)) {
      throw new MigrationConfigError(
        `${where}: unknown setting '${key}'; the settings are ${[...CONFIG_KEYS].filter((k) => allowEnvironments || k !== 'environments').join(', ')}`,
      );
    }
  }
}

function envLayer(env: Readonly<Record<string, string | undefined>>): Layer {
  const get = (name: string) => nonEmpty(env[name]);
  const lockWait = get(ENV_VARS.lockWait);
  const lockTtl = get(ENV_VARS.lockTtl);
  const agreement = get(ENV_VARS.agreementTimeout);
  const tls = get(ENV_VARS.tls);
  const caFile = get(ENV_VARS.tlsCaFile);
  const replication = get(ENV_VARS.replication);
  return clean({
    contactPoints: get(ENV_VARS.contactPoints),
    localDataCenter: get(ENV_VARS.localDataCenter),
    username: get(ENV_VARS.username),
    password: env[ENV_VARS.password],
    tls: caFile !== undefined ? { caFile } : tls !== undefined ? parseBoolean(tls, ENV_VARS.tls) : undefined,
    keyspace: get(ENV_VARS.keyspace),
    migrationsDir: get(ENV_VARS.migrationsDir),
    historyKeyspace: get(ENV_VARS.historyKeyspace),
    historyTable: get(ENV_VARS.historyTable),
    createKeyspace:
      replication !== undefined ? { replication: parseJson(replication, ENV_VARS.replication) } : undefined,
    consistency: get(ENV_VARS.consistency),
    serialConsistency: get(ENV_VARS.serialConsistency),
    lock: lockOf(lockWait, lockTtl, ENV_VARS.lockWait, ENV_VARS.lockTtl),
    schemaAgreementTimeoutMs:
      agreement !== undefined ? seconds(agreement, ENV_VARS.agreementTimeout) : undefined,
  });
}

function flagLayer(flags: CliFlags): Layer {
  const caFile = flags['tls-ca-file'];
  const agreement = flags['agreement-timeout'];
  return clean({
    contactPoints: flags['contact-points'],
    localDataCenter: flags['local-dc'],
    username: flags.username,
    password: flags.password,
    tls: caFile !== undefined ? { caFile } : flags.tls,
    keyspace: flags.keyspace,
    migrationsDir: flags.dir,
    historyKeyspace: flags['history-keyspace'],
    historyTable: flags['history-table'],
    createKeyspace:
      flags.replication !== undefined
        ? { replication: parseJson(flags.replication, '--replication') }
        : undefined,
    consistency: flags.consistency,
    serialConsistency: flags['serial-consistency'],
    lock: lockOf(flags['lock-wait'], flags['lock-ttl'], '--lock-wait', '--lock-ttl'),
    schemaAgreementTimeoutMs: agreement !== undefined ? seconds(agreement, '--agreement-timeout') : undefined,
  });
}

function lockOf(
  wait: string | undefined,
  ttl: string | undefined,
  waitName: string,
  ttlName: string,
): LockOptions | undefined {
  if (wait === undefined && ttl === undefined) return undefined;
  return clean({
    waitTimeoutMs: wait !== undefined ? seconds(wait, waitName) : undefined,
    ttlSeconds: ttl !== undefined ? Math.round(seconds(ttl, ttlName) / 1000) : undefined,
  });
}

function withAbsolutePaths(layer: Layer, base: string): Layer {
  const abs = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(base, p));
  const tls = layer.tls;
  return clean({
    ...layer,
    migrationsDir: abs(layer.migrationsDir),
    tls:
      tls !== null && typeof tls === 'object'
        ? clean({ ...tls, caFile: abs(tls.caFile), certFile: abs(tls.certFile), keyFile: abs(tls.keyFile) })
        : tls,
  });
}

function merge(layers: readonly Layer[]): Layer {
  let out: Layer = {};
  for (const layer of layers) {
    const lock = layer.lock !== undefined ? { ...out.lock, ...layer.lock } : out.lock;
    const tls =
      typeof layer.tls === 'object' && typeof out.tls === 'object'
        ? { ...out.tls, ...layer.tls }
        : (layer.tls ?? out.tls);
    out = clean({ ...out, ...layer, lock, tls });
  }
  return out;
}

function toSettings(
  c: Layer,
  configFile: string | undefined,
  environment: string | undefined,
  cwd: string,
): CliSettings {
  const contactPoints = listOf(c.contactPoints ?? ['127.0.0.1']);
  const credentials =
    c.username !== undefined ? { credentials: { username: c.username, password: c.password ?? '' } } : {};
  const tls = tlsOf(c.tls);
  const cluster: ClusterOptions = {
    contactPoints,
    ...(c.localDataCenter !== undefined ? { localDataCenter: c.localDataCenter } : {}),
    ...credentials,
    ...(tls !== undefined ? { tls } : {}),
  };
  const migration = clean({
    migrationsDir: c.migrationsDir ?? resolve(cwd, 'migrations'),
    keyspace: c.keyspace,
    createKeyspace:
      c.createKeyspace !== undefined
        ? validateKeyspaceCreation(c.createKeyspace, 'createKeyspace')
        : undefined,
    historyKeyspace: c.historyKeyspace,
    historyTable: c.historyTable,
    consistency: c.consistency !== undefined ? consistencyOf(c.consistency, 'consistency') : undefined,
    serialConsistency:
      c.serialConsistency !== undefined ? consistencyOf(c.serialConsistency, 'serialConsistency') : undefined,
    lock: c.lock,
    schemaAgreementTimeoutMs: c.schemaAgreementTimeoutMs,
    statementTimeoutMs: c.statementTimeoutMs,
  }) as CliSettings['migration'];
  return { cluster, migration, configFile, environment };
}

function listOf(value: readonly string[] | string): string[] {
  const list = typeof value === 'string' ? value.split(',') : [...value];
  const points = list.map((p) => String(p).trim()).filter((p) => p !== '');
  if (points.length === 0)
    throw new MigrationConfigError("contactPoints must name at least one 'host' or 'host:port'");
  return points;
}

function tlsOf(tls: boolean | CliTlsConfig | undefined): boolean | TlsOptions | undefined {
  if (tls === undefined || typeof tls === 'boolean') return tls;
  const read = (path: string | undefined, what: string) => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (e) {
      throw new MigrationConfigError(`cannot read the TLS ${what} ${path}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  };
  const ca = read(tls.caFile, 'CA file');
  const cert = read(tls.certFile, 'certificate file');
  const key = read(tls.keyFile, 'key file');
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
    ...(tls.serverName !== undefined ? { servername: tls.serverName } : {}),
  };
}

function consistencyOf(name: string, what: string): Consistency {
  const key = name.trim().toUpperCase();
  if (!Object.prototype.hasOwnProperty.call(Consistency, key)) {
    throw new MigrationConfigError(
      `${what} must be a consistency level such as QUORUM or LOCAL_QUORUM, got '${name}' (one of ${Object.keys(Consistency).join(', ')})`,
    );
  }
  return Consistency[key as keyof typeof Consistency];
}

function seconds(text: string, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new MigrationConfigError(`${what} must be a number of seconds (0 or more), got '${text}'`);
  }
  return Math.round(n * 1000);
}

function parseBoolean(text: string, what: string): boolean {
  const t = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(t)) return true;
  if (['0', 'false', 'no', 'off'].includes(t)) return false;
  throw new MigrationConfigError(`${what} must be true or false, got '${text}'`);
}

function parseJson(text: string, what: string): KeyspaceCreation['replication'] {
  try {
    return JSON.parse(text) as KeyspaceCreation['replication'];
  } catch {
    throw new MigrationConfigError(
      `${what} must be a JSON replication map, e.g. '{"class":"SimpleStrategy","replication_factor":1}', got '${text}'`,
    );
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
