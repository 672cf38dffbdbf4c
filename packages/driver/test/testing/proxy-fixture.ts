import { Connection } from '../../src/connection/connection';
import type { ConnectionOptions } from '../../src/connection/connection-options';
import type { ByteWriter } from '../../src/binary/byte-writer';
import type { RequestMessage } from '../../src/protocol/envelope';
import { Opcode, ProtocolVersion } from '../../src/protocol/opcodes';
import { CqlProxy } from '../../src/testing';
import { FakeCqlServer, FakeCqlServerOptions } from './fake-cql-server';

/** A fake node behind a one-node proxy. */
export interface ProxyFixture {
  readonly server: FakeCqlServer;
  readonly proxy: CqlProxy;
  /** Opens a driver Connection through the proxy (heartbeats off). */
  open(options?: ConnectionOptions): Promise<Connection>;
  close(): Promise<void>;
}

export async function startFixture(serverOptions: FakeCqlServerOptions = {}): Promise<ProxyFixture> {
  const server = await FakeCqlServer.start(serverOptions);
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

/** A request with a fixed body. */
export function rawRequest(opcode: number, body: Buffer): RequestMessage {
  return { opcode, encodeBody: (w: ByteWriter) => void w.writeRaw(body) };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
