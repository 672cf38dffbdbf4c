import type { Cluster, SchemaMetadata } from '@cqlkit/driver';
import { ClusterMetadataSource, Entity, Mapper, PartitionKey } from '@cqlkit/mapper';
import { FakeSession } from './fake-session';

/** A cluster whose snapshot knows keyspace `ks` with one table and one type, recording refreshes. */
function fakeCluster(): {
  cluster: Cluster;
  refreshed: string[];
} {
  const refreshed: string[] = [];
  const table = {
    columns: [
      { name: 'id', typeText: 'uuid', kind: 'partition_key', position: 0, clusteringOrder: 'NONE' },
      { name: 'at', typeText: 'timestamp', kind: 'clustering', position: 0, clusteringOrder: 'DESC' },
      { name: 'body', typeText: 'text', kind: 'regular', position: -1, clusteringOrder: 'NONE' },
    ],
    indexes: [{ name: 'notes_body_idx', kind: 'CUSTOM', options: { target: 'body' } }],
  };
  const type = { fields: [{ name: 'street', type: { kind: 'text' } }] };
  const keyspace = {
    table: (name: string) => (name === 'notes' ? table : undefined),
    userType: (name: string) => (name === 'address' ? type : undefined),
  };
  const schema = { keyspace: (name: string) => (name === 'ks' ? keyspace : undefined) };
  const cluster = {
    schema: schema as unknown as SchemaMetadata,
    refreshKeyspaceMetadata: async (ks: string) => void refreshed.push(`keyspace ${ks}`),
    refreshTableMetadata: async (ks: string, t: string) => void refreshed.push(`table ${ks}.${t}`),
    refreshUserTypeMetadata: async (ks: string, t: string) => void refreshed.push(`type ${ks}.${t}`),
  };
  return { cluster: cluster as unknown as Cluster, refreshed };
}

describe('ClusterMetadataSource', () => {
  it("reads tables and types from the driver's metadata, refreshing each element first", async () => {
    const { cluster, refreshed } = fakeCluster();
    const source = new ClusterMetadataSource(cluster);
    await expect(source.table('ks', 'notes')).resolves.toEqual({
      keyspace: 'ks',
      name: 'notes',
      columns: [
        { name: 'id', type: 'uuid', kind: 'partition_key', position: 0, clusteringOrder: 'none' },
        { name: 'at', type: 'timestamp', kind: 'clustering', position: 0, clusteringOrder: 'desc' },
        { name: 'body', type: 'text', kind: 'regular', position: -1, clusteringOrder: 'none' },
      ],
      indexes: [{ name: 'notes_body_idx', kind: 'CUSTOM', options: { target: 'body' } }],
    });
    await expect(source.userType('ks', 'address')).resolves.toEqual({
      keyspace: 'ks',
      name: 'address',
      fields: [{ name: 'street', type: 'text' }],
    });
    await expect(source.table('ks', 'missing')).resolves.toBeUndefined();
    expect(refreshed).toEqual(['table ks.notes', 'type ks.address', 'table ks.missing']);
  });

  it('refreshes the whole keyspace when the snapshot does not know it', async () => {
    const { cluster, refreshed } = fakeCluster();
    const source = new ClusterMetadataSource(cluster);
    await expect(source.table('other', 'notes')).resolves.toBeUndefined();
    await expect(source.userType('other', 'address')).resolves.toBeUndefined();
    expect(refreshed).toEqual(['keyspace other', 'keyspace other']);
  });

  it("is the mapper's default source, on the session's cluster", async () => {
    @Entity({ table: 'notes' })
    class Note {
      @PartitionKey() id!: string;
    }
    const { cluster, refreshed } = fakeCluster();
    const session = FakeSession.withCluster(cluster);
    const mismatches = await new Mapper(session.asSession()).schema.validate([Note]);
    expect(refreshed).toEqual(['table ks.notes']);
    expect(session.executed).toEqual([]); // nothing read from system_schema by the mapper
    expect(mismatches.map((m) => m.kind)).toEqual(['wrong-type', 'unmapped-key-column']);
  });
});
