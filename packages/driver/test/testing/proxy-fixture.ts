import { Connection } from '../../src/connection/connection';
import type { ConnectionOptions } from '../../src/connection/connection-options';
import type { ByteWriter } from '../../src/binary/byte-writer';
import type { RequestMessage } from '../../src/protocol/envelope';
import { Opcode, ProtocolVersion } from '../../src/protocol/opcodes';
import { CqlProxy } from '../../src/testing';
import { echo, FakeCqlServer, FakeCqlServerOptions } from '../fake-cql/fake-cql-server';

/** A fake node (answering with {@link echo} unless told otherwise) behind a one-node proxy. */
export interface ProxyFixture {
  readonly server: FakeCqlServer;
  readonly proxy: CqlProxy;
  /** Opens a driver Connection through the proxy (heartbeats off). */
  open(options?: ConnectionOptions): Promise<Connection>;
  close(): Promise<void>;
}

export async function startFixture(serverOptions: FakeCqlServerOptions = {}): Promise<ProxyFixture> {
  const server = await FakeCqlServer.start({ onRequest: echo, ...serverOptions });
  const proxy = await CqlProxy.start({ nodes: [{ target: server.endpoint }] });
  const connections: Connection[] = [];
  return {
    server,
    proxy,
    async open(options: ConnectionOptions = {}): Promise<Connection> {
      const { host, port } = proxy.nodes[0]!.address;
      const connection = await Connection.open(host, port, { heartbeatIntervalMs: 0, ...options });
      connections.push(connection);
      return connection;
    },
    async close(): Promise<void> {
      await Promise.all(connections.map((c) => c.close()));
      await proxy.close();
      await server.close();
    },
  };
}

/** A QUERY with no values: [long string] + [consistency ONE] + flags ([byte] v3/v4, [int] v5). */
export function query(cql: string): RequestMessage {
  return {
    opcode: Opcode.QUERY,
    encodeBody(w: ByteWriter, version: ProtocolVersion): void {
      w.writeLongString(cql).writeShort(0x0001);
      if (version >= 5) w.writeInt(0);
      else w.writeByte(0);
    },
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
