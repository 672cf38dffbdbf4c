/**
 * Helper for mapper integration tests: a fresh keyspace, a session connected to it, a Mapper,
 * and the tables of the given entities created from their generated DDL.
 */
import type { Cluster, ClusterOptions, Session } from '@cqlkit/driver';
import { Mapper, type EntityClass, type MapperOptions } from '@cqlkit/mapper';
import { openTestKeyspace } from '../driver/driver-test-cluster';

/** What a mapper test suite works with. */
export interface MapperTestContext {
  readonly cluster: Cluster;
  readonly session: Session;
  readonly keyspace: string;
  readonly mapper: Mapper;
  readonly close: () => Promise<void>;
}

/** Opens a fresh keyspace, creates the entities' schema there and returns a Mapper on it. */
export async function openMapperKeyspace(
  prefix: string,
  entities: readonly EntityClass[] = [],
  options: MapperOptions = {},
  clusterOptions: Partial<ClusterOptions> = {},
): Promise<MapperTestContext> {
  const { cluster, session, keyspace, close } = await openTestKeyspace(prefix, clusterOptions);
  try {
    const mapper = new Mapper(session, options);
    if (entities.length > 0) await mapper.schema.create(entities);
    return { cluster, session, keyspace, mapper, close };
  } catch (e) {
    await close();
    throw e;
  }
}
