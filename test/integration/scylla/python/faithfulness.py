"""ScyllaDB's own Python driver (scylla-driver) against the simulated ScyllaDB cluster.

Run by python-driver.test.ts with one JSON argument; prints one JSON object: the pool coverage
(shards with a connection, and the ports they were opened through, per host), the phases it
ran, and what it read through result metadata ids (SCYLLA_USE_METADATA_ID). Where each request arrived is judged by the simulator's own record, not here.
"""
import json
import sys
import time

from cassandra import ConsistencyLevel
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile
from cassandra.policies import DCAwareRoundRobinPolicy, TokenAwarePolicy


def coverage(session):
    hosts = []
    for host, pool in list(session._pools.items()):
        connections = dict(pool._connections)
        info = host.sharding_info
        hosts.append({
            'address': host.endpoint.address,
            'nrShards': info.shards_count if info is not None else None,
            'shards': sorted(connections.keys()),
            'ports': sorted({c.endpoint.port for c in connections.values()}),
        })
    return sorted(hosts, key=lambda h: h['address'])


def main():
    cfg = json.loads(sys.argv[1])
    auth = None
    if cfg.get('username'):
        auth = PlainTextAuthProvider(cfg['username'], cfg['password'])
    # QUORUM: the rows written below are read back from any replica of an RF 3 keyspace (at the
    # driver's default LOCAL_ONE a read may reach a replica the write has not reached yet).
    profile = ExecutionProfile(
        load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy(local_dc=cfg['dc'])),
        consistency_level=ConsistencyLevel.QUORUM)
    cluster = Cluster(contact_points=cfg['contactPoints'], port=cfg['port'], auth_provider=auth,
                      execution_profiles={EXEC_PROFILE_DEFAULT: profile}, connect_timeout=10)
    session = cluster.connect()
    try:
        deadline = time.time() + 30
        hosts = coverage(session)
        while time.time() < deadline:
            hosts = coverage(session)
            full = len(hosts) == cfg['nodes'] and all(
                h['nrShards'] is not None and len(h['shards']) == h['nrShards'] for h in hosts)
            if full:
                break
            time.sleep(0.2)

        keys = cfg['keys']
        insert = session.prepare('INSERT INTO %s.kv (k, v) VALUES (?, ?)' % cfg['keyspace'])
        for k in range(keys):
            session.execute(insert, (k, k))

        tablets = session.prepare('INSERT INTO %s.tab (k, v) VALUES (?, ?)' % cfg['keyspace'])
        for attempt in range(2):
            for k in range(keys):
                session.execute(tablets, (k, attempt))
        learned = len(cluster.metadata._tablets._tablets.get((cfg['keyspace'], 'tab'), []))

        # SCYLLA_USE_METADATA_ID: prepared results read through result metadata ids, before and
        # after ALTER TABLE ... ADD (the node then answers with the new columns and id).
        wide = '%s.wide' % cfg['keyspace']
        insert_wide = session.prepare('INSERT INTO %s (k, v) VALUES (?, ?)' % wide)
        for k in range(10):
            session.execute(insert_wide, (k, k * 10))
        select = session.prepare('SELECT * FROM %s WHERE k = ?' % wide)
        before = [list(session.execute(select, (k,)).one()) for k in range(10)]
        session.execute('ALTER TABLE %s ADD w int' % wide)
        session.execute('UPDATE %s SET w = 7 WHERE k = 3' % wide)
        after = dict(session.execute(select, (3,)).one()._asdict())
        metadata_ids = sorted({bool(c.features.use_metadata_id)
                               for pool in session._pools.values()
                               for c in dict(pool._connections).values()})

        print(json.dumps({
            'driverVersion': __import__('cassandra').__version__,
            'protocolVersion': cluster.protocol_version,
            'hosts': hosts,
            'tabletsLearned': learned,
            'metadataIds': metadata_ids,
            'resultMetadataIdBytes': len(select.result_metadata_id or b''),
            'beforeAlter': before,
            'afterAlter': after,
        }))
    finally:
        cluster.shutdown()


if __name__ == '__main__':
    main()
