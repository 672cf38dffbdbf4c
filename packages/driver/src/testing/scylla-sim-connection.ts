import { Buffer } from 'node:buffer';
import { ByteReader } from '../binary/byte-reader';
import { ByteWriter } from '../binary/byte-writer';
import { ErrorCode } from '../errors';
import { ResultKind } from '../protocol/messages/result-message';
import { Opcode } from '../protocol/opcodes';
import {
  BIASED_TOKEN_ROUND_ROBIN,
  MURMUR3_PARTITIONER,
  requestedLwtMask,
  ScyllaKey,
  TABLETS_ROUTING_V1_PAYLOAD_KEY,
} from '../protocol/scylla-extensions';
import { encodeTabletsRoutingV1 } from '../protocol/tablets-payload';
import type { Condition } from './condition';
import type { FrameInterceptor, InterceptedRequest } from './frame-interceptor';
import type { ProxiedFrame } from './proxied-frame';
import {
  rowsForClient,
  type StrippedExecute,
  withoutExecuteMetadataId,
  withPreparedMetadataId,
} from './scylla-sim-metadata-ids';
import type { MutableRequest, SimulatedClusterModel, SimulatedPort } from './scylla-sim-model';
import {
  bodyStart,
  encodeStringMultimap,
  errorBody,
  type ExecuteRequest,
  rateLimitErrorBody,
  rateLimitFallbackBody,
  readExecute,
  readFirstBatchStatement,
  readPrepared,
  readPrepareText,
  readQueryText,
  resultKind,
  rewriteEventAddress,
  rewriteSystemAddresses,
  rowsResultBody,
  withCustomPayload,
  withFlagBits,
  withoutUsingTimeout,
  withStatementText,
} from './scylla-sim-wire';

/**
 * One client connection to a simulated ScyllaDB node, as ScyllaDB would treat it: its shard, the
 * extensions announced in SUPPORTED and accepted in STARTUP, protocol v5 refused, the LWT mark on
 * conditional statements, `tablets-routing-v1` payloads when a request reaches a non-owner,
 * rate-limit errors on demand, result metadata ids on v4 (`SCYLLA_USE_METADATA_ID`), `system.peers_v2` absent, `system_schema.scylla_keyspaces`
 * answered, and addresses in system tables and events rewritten to the simulated nodes'. Every
 * QUERY, EXECUTE and BATCH is recorded in the model.
 *
 * @packageDocumentation
 */

/** The LWT mark ScyllaDB announces (bit 31). */
export const LWT_MARK = 0x80000000;

/** The rate-limit error code ScyllaDB announces. */
export const RATE_LIMIT_ERROR_CODE = 0xf000;

/** Which extensions the simulated nodes offer. */
export interface SimulatedExtensions {
  /** `SCYLLA_SHARD`, `SCYLLA_NR_SHARDS`… and the shard-aware ports (default true). */
  readonly sharding?: boolean;
  /** `SCYLLA_LWT_ADD_METADATA_MARK` (default true). */
  readonly lwt?: boolean;
  /** `SCYLLA_RATE_LIMIT_ERROR` (default true). */
  readonly rateLimit?: boolean;
  /** `TABLETS_ROUTING_V1` (default true). */
  readonly tablets?: boolean;
  /** `SCYLLA_USE_METADATA_ID`: result metadata ids on protocol v4 (default true). */
  readonly metadataId?: boolean;
}

/** A rule making the simulated cluster answer matching requests with a rate-limit error. */
export interface RateLimitRule {
  /** Requests (QUERY, EXECUTE, BATCH) it applies to; stateful conditions count those requests. */
  readonly when: Condition;
  /** Whether the rejected operation is reported as a read or a write (default `write`). */
  readonly opType?: 'read' | 'write';
  /** Whether the coordinator rejected it (default true). */
  readonly rejectedByCoordinator?: boolean;
}

/** What a connection needs from its node. @internal */
export interface SimulatedNodeContext {
  readonly index: number;
  readonly model: SimulatedClusterModel;
  readonly extensions: Required<SimulatedExtensions>;
  readonly shardAwarePort: number;
  readonly shardAwarePortSsl: number | undefined;
  /** Real node address (dotted) → simulated node address bytes (and port). */
  readonly addresses: ReadonlyMap<string, { readonly address: Buffer; readonly port: number }>;
  readonly addressBytes: ReadonlyMap<string, Buffer>;
  rateLimitRule(): RateLimitRule | undefined;
}

const ANSWER_FLAGS = 0;
const MAX_PROTOCOL_VERSION = 4;

/** The frame interceptor of one connection. @internal */
export class SimulatedConnection implements FrameInterceptor {
  private lwtMask: number | undefined;
  private rateLimitErrors = false;
  private tablets = false;
  private useMetadataIds = false;
  /** What clients sent with EXECUTEs waiting for their answer (metadata ids in use), by stream. */
  private readonly executing = new Map<number, StrippedExecute>();
  /** Records of requests waiting for their answer, by stream. */
  private readonly pending = new Map<number, MutableRequest>();
  /** CQL text of PREPAREs waiting for their answer, by stream. */
  private readonly preparing = new Map<number, string>();

  constructor(
    private readonly node: SimulatedNodeContext,
    /** The shard serving this connection. */
    readonly shard: number,
    readonly port: SimulatedPort,
    readonly tls: boolean,
    readonly ordinal: number,
  ) {}

  /** Whether the client accepted `SCYLLA_USE_METADATA_ID` in STARTUP. */
  get metadataIds(): boolean {
    return this.useMetadataIds;
  }

  request(frame: ProxiedFrame): InterceptedRequest | undefined {
    if (frame.version > MAX_PROTOCOL_VERSION) {
      return this.answer(
        Opcode.ERROR,
        errorBody(ErrorCode.PROTOCOL_ERROR, `Invalid or unsupported protocol version: ${frame.version}`),
        MAX_PROTOCOL_VERSION,
      );
    }
    switch (frame.opcode) {
      case Opcode.STARTUP:
        return this.startup(frame);
      case Opcode.QUERY:
        return this.query(frame);
      case Opcode.EXECUTE:
        return this.execute(frame);
      case Opcode.BATCH:
        return this.batch(frame);
      case Opcode.PREPARE: {
        const text = readPrepareText(frame.body, frame.flags);
        if (frame.stream >= 0) this.preparing.set(frame.stream, text);
        return this.cassandraText(frame, text);
      }
      default:
        return undefined;
    }
  }

  response(frame: ProxiedFrame): { flags: number; body: Buffer } | undefined {
    if (frame.opcode === Opcode.EVENT) return this.event(frame);
    if (frame.opcode === Opcode.SUPPORTED) return this.supported(frame);
    const record = frame.stream >= 0 ? this.pending.get(frame.stream) : undefined;
    if (record !== undefined) this.pending.delete(frame.stream);
    const query = frame.stream >= 0 ? this.preparing.get(frame.stream) : undefined;
    if (query !== undefined) this.preparing.delete(frame.stream);
    const executed = frame.stream >= 0 ? this.executing.get(frame.stream) : undefined;
    if (executed !== undefined) this.executing.delete(frame.stream);
    if (frame.opcode !== Opcode.RESULT) return undefined;
    const start = bodyStart(frame.body, frame.flags);
    switch (resultKind(frame.body, start)) {
      case ResultKind.PREPARED:
        return this.preparedResult(frame, start, query);
      case ResultKind.ROWS: {
        let body = rewriteSystemAddresses(frame.body, start, frame.version, this.node.addressBytes);
        if (executed !== undefined) {
          const rows = rowsForClient(body ?? frame.body, start, executed.metadataId, executed.skipMetadata);
          if (rows !== undefined) body = rows.body;
          if (record !== undefined) record.metadataChanged = rows?.metadataChanged ?? false;
        }
        const rewritten = body === undefined ? undefined : { flags: frame.flags, body };
        return this.tabletPayload(rewritten ?? { flags: frame.flags, body: frame.body }, record) ?? rewritten;
      }
      case ResultKind.SCHEMA_CHANGE:
        this.node.model.schemaChanged();
        return undefined;
      default:
        return this.tabletPayload({ flags: frame.flags, body: frame.body }, record);
    }
  }

  // ---- handshake -----------------------------------------------------------------------------

  /** SUPPORTED: ScyllaDB's entries, without Cassandra's protocol v5 announcement. */
  private supported(frame: ProxiedFrame): { flags: number; body: Buffer } {
    const reader = new ByteReader(frame.body);
    reader.offset = bodyStart(frame.body, frame.flags);
    const options = new Map<string, string[]>(Object.entries(reader.readStringMultimap()));
    options.delete('PROTOCOL_VERSIONS');
    const { extensions, model } = this.node;
    if (extensions.sharding) {
      options.set(ScyllaKey.SHARD, [String(this.shard)]);
      options.set(ScyllaKey.NR_SHARDS, [String(model.sharder.nrShards)]);
      options.set(ScyllaKey.PARTITIONER, [MURMUR3_PARTITIONER]);
      options.set(ScyllaKey.SHARDING_ALGORITHM, [BIASED_TOKEN_ROUND_ROBIN]);
      options.set(ScyllaKey.SHARDING_IGNORE_MSB, [String(model.sharder.ignoreMsb)]);
      options.set(ScyllaKey.SHARD_AWARE_PORT, [String(this.node.shardAwarePort)]);
      if (this.node.shardAwarePortSsl !== undefined) {
        options.set(ScyllaKey.SHARD_AWARE_PORT_SSL, [String(this.node.shardAwarePortSsl)]);
      }
    }
    if (extensions.lwt) {
      options.set(ScyllaKey.LWT_ADD_METADATA_MARK, [
        `${ScyllaKey.LWT_OPTIMIZATION_META_BIT_MASK}=${LWT_MARK}`,
      ]);
    }
    if (extensions.rateLimit) {
      options.set(ScyllaKey.RATE_LIMIT_ERROR, [`${ScyllaKey.ERROR_CODE}=${RATE_LIMIT_ERROR_CODE}`]);
    }
    if (extensions.tablets) options.set(ScyllaKey.TABLETS_ROUTING_V1, []);
    if (extensions.metadataId) options.set(ScyllaKey.USE_METADATA_ID, []);
    return { flags: 0, body: encodeStringMultimap(options) };
  }

  /** STARTUP: learns the accepted extensions and hides them from the real node. */
  private startup(frame: ProxiedFrame): InterceptedRequest | undefined {
    const options = new ByteReader(frame.body).readStringMap();
    const { extensions } = this.node;
    const lwt = options[ScyllaKey.LWT_ADD_METADATA_MARK];
    if (extensions.lwt && lwt !== undefined) this.lwtMask = requestedLwtMask(lwt);
    this.rateLimitErrors = extensions.rateLimit && ScyllaKey.RATE_LIMIT_ERROR in options;
    this.tablets = extensions.tablets && ScyllaKey.TABLETS_ROUTING_V1 in options;
    this.useMetadataIds = extensions.metadataId && ScyllaKey.USE_METADATA_ID in options;
    const forwarded = Object.fromEntries(Object.entries(options).filter(([key]) => !isScyllaStartupKey(key)));
    if (Object.keys(forwarded).length === Object.keys(options).length) return undefined;
    const w = new ByteWriter(256);
    w.writeStringMap(forwarded);
    return { kind: 'rewrite', flags: frame.flags, body: Buffer.from(w.finish()) };
  }

  // ---- requests --------------------------------------------------------------------------------

  private query(frame: ProxiedFrame): InterceptedRequest | undefined {
    const text = readQueryText(frame.body, frame.flags);
    if (/\bsystem\s*\.\s*peers_v2\b/i.test(text)) {
      return this.answer(Opcode.ERROR, errorBody(ErrorCode.INVALID, 'unconfigured table peers_v2'));
    }
    if (/\bsystem_schema\s*\.\s*scylla_keyspaces\b/i.test(text)) {
      return this.answer(Opcode.RESULT, this.scyllaKeyspaces(text));
    }
    return this.arrive(frame, 'query', undefined) ?? this.cassandraText(frame, text);
  }

  /** Strips ScyllaDB-only syntax (`USING TIMEOUT`) the real node would reject. */
  private cassandraText(frame: ProxiedFrame, text: string): InterceptedRequest | undefined {
    const plain = withoutUsingTimeout(text);
    if (plain === text) return undefined;
    return { kind: 'rewrite', flags: frame.flags, body: withStatementText(frame.body, frame.flags, plain) };
  }

  /**
   * EXECUTE: recorded; with metadata ids in use, the id (and Skip_metadata) is kept here and
   * stripped from what the real node (v4) gets, so that its ROWS always carry the columns.
   */
  private execute(frame: ProxiedFrame): InterceptedRequest | undefined {
    const ids = this.useMetadataIds;
    const limited = this.arrive(frame, 'execute', readExecute(frame.body, frame.flags, frame.version, ids));
    if (limited !== undefined || !ids) return limited;
    const stripped = withoutExecuteMetadataId(frame.body, frame.flags);
    if (frame.stream >= 0) this.executing.set(frame.stream, stripped);
    return { kind: 'rewrite', flags: frame.flags, body: stripped.body };
  }

  private batch(frame: ProxiedFrame): InterceptedRequest | undefined {
    return this.arrive(frame, 'batch', readFirstBatchStatement(frame.body, frame.flags));
  }

  /** Records a request, and answers it with a rate-limit error when a rule says so. */
  private arrive(
    frame: ProxiedFrame,
    kind: MutableRequest['kind'],
    execute: ExecuteRequest | undefined,
  ): InterceptedRequest | undefined {
    const model = this.node.model;
    const statement = execute === undefined ? undefined : model.statement(execute.id);
    const token = statement === undefined ? undefined : model.tokenOf(statement, execute?.values);
    const keyspace = statement?.keyspace;
    const table = statement?.table;
    const { owners, tablet } = model.ownersOf(keyspace, table, token);
    const here = (o: { node: number; shard: number }): boolean =>
      o.node === this.node.index && o.shard === this.shard;
    const rule = this.node.rateLimitRule();
    const limited = rule !== undefined && rule.when.matches(frame);
    const record = model.record({
      node: this.node.index,
      shard: this.shard,
      port: this.port,
      tls: this.tls,
      connection: this.ordinal,
      kind,
      keyspace,
      table,
      token,
      lwt: statement?.lwt ?? false,
      owners,
      tablet,
      onOwner: owners.some(here),
      onPrimary: owners[0] !== undefined && here(owners[0]),
      tabletPayload: false,
      metadataChanged: false,
      rateLimited: limited,
    });
    if (limited) {
      const opType = rule.opType ?? 'write';
      const byCoordinator = rule.rejectedByCoordinator ?? true;
      return this.answer(
        Opcode.ERROR,
        this.rateLimitErrors
          ? rateLimitErrorBody(RATE_LIMIT_ERROR_CODE, opType, byCoordinator)
          : rateLimitFallbackBody(),
      );
    }
    if (frame.stream >= 0) this.pending.set(frame.stream, record);
    return undefined;
  }

  // ---- responses -------------------------------------------------------------------------------

  /**
   * PREPARED: remembers the statement; marks conditional ones when the LWT mark was accepted;
   * adds the result metadata id when metadata ids are in use.
   */
  private preparedResult(
    frame: ProxiedFrame,
    start: number,
    query: string | undefined,
  ): { flags: number; body: Buffer } | undefined {
    const info = readPrepared(frame.body, start, frame.version, query);
    if (info === undefined) return undefined;
    const statement = this.node.model.prepared(info);
    const marked =
      statement.lwt && this.lwtMask !== undefined
        ? withFlagBits(frame.body, info.flagsOffset, this.lwtMask)
        : undefined;
    const body = this.useMetadataIds
      ? withPreparedMetadataId(marked ?? frame.body, start, frame.version)
      : marked;
    return body === undefined ? undefined : { flags: frame.flags, body };
  }

  /**
   * When the request reached a node or shard that does not own its tablet, the tablet (range and
   * replicas) as a `tablets-routing-v1` custom payload entry.
   */
  private tabletPayload(
    response: { flags: number; body: Buffer },
    record: MutableRequest | undefined,
  ): { flags: number; body: Buffer } | undefined {
    if (!this.tablets || record === undefined || !record.tablet || record.onOwner) return undefined;
    if (record.kind !== 'execute' || record.keyspace === undefined || record.table === undefined)
      return undefined;
    const tablet = this.node.model.tabletOf(record.keyspace, record.table, record.token as bigint);
    if (tablet === undefined) return undefined;
    record.tabletPayload = true;
    const value = encodeTabletsRoutingV1(tablet);
    return withCustomPayload(
      response.body,
      response.flags,
      new Map([[TABLETS_ROUTING_V1_PAYLOAD_KEY, value]]),
    );
  }

  /** EVENT: node addresses of topology and status changes; schema changes refresh the model. */
  private event(frame: ProxiedFrame): { flags: number; body: Buffer } | undefined {
    const body = rewriteEventAddress(frame.body, frame.flags, this.node.addresses);
    if (body === undefined && frame.body.includes('SCHEMA_CHANGE')) this.node.model.schemaChanged();
    return body === undefined ? undefined : { flags: frame.flags, body };
  }

  /** `system_schema.scylla_keyspaces`: the keyspaces that use tablets, with `initial_tablets`. */
  private scyllaKeyspaces(query: string): Buffer {
    const only = /keyspace_name\s*=\s*'([^']*)'/i.exec(query)?.[1];
    const rows = [...this.node.model.tabletKeyspaces()]
      .filter(([keyspace]) => only === undefined || keyspace === only)
      .map(([keyspace, tablets]) => [keyspace, tablets] as const);
    return rowsResultBody(
      'system_schema',
      'scylla_keyspaces',
      [
        { name: 'keyspace_name', type: 'text' },
        { name: 'initial_tablets', type: 'int' },
      ],
      rows,
    );
  }

  private answer(opcode: number, body: Buffer, version?: number): InterceptedRequest {
    return version === undefined
      ? { kind: 'answer', opcode, flags: ANSWER_FLAGS, body }
      : { kind: 'answer', opcode, flags: ANSWER_FLAGS, body, version };
  }
}

/** STARTUP keys ScyllaDB's extensions add (a real Cassandra node never sees them). */
function isScyllaStartupKey(key: string): boolean {
  return (
    key === ScyllaKey.LWT_ADD_METADATA_MARK ||
    key === ScyllaKey.RATE_LIMIT_ERROR ||
    key === ScyllaKey.TABLETS_ROUTING_V1 ||
    key === ScyllaKey.USE_METADATA_ID ||
    key.startsWith('TABLETS_ROUTING_')
  );
}
