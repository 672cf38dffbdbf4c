import { CassandraStartError, resolveEngine, startCassandra } from '../src';

describe('resolveEngine', () => {
  it('keeps an explicit engine', async () => {
    await expect(resolveEngine('jars', {})).resolves.toBe('jars');
    await expect(resolveEngine('docker', { CQLKIT_CASSANDRA_ENGINE: 'jars' })).resolves.toBe('docker');
  });

  it('takes CQLKIT_CASSANDRA_ENGINE for auto', async () => {
    await expect(resolveEngine('auto', { CQLKIT_CASSANDRA_ENGINE: 'docker' })).resolves.toBe('docker');
    await expect(resolveEngine(undefined, { CQLKIT_CASSANDRA_ENGINE: 'jars' })).resolves.toBe('jars');
  });

  it('rejects unknown engines with a typed error', async () => {
    await expect(resolveEngine('auto', { CQLKIT_CASSANDRA_ENGINE: 'podman' })).rejects.toMatchObject({
      reason: 'INVALID_OPTIONS',
      message: expect.stringContaining("'podman'"),
    });
    await expect(resolveEngine('vm' as never, {})).rejects.toBeInstanceOf(CassandraStartError);
  });
});

describe('startCassandra options', () => {
  it.each([0, 10, 1.5])('refuses %p nodes before starting anything', async (nodes) => {
    await expect(startCassandra({ nodes, engine: 'jars' })).rejects.toMatchObject({
      code: 'CQLKIT_TESTING_CASSANDRA_START',
      reason: 'INVALID_OPTIONS',
    });
  });
});
