"""ScyllaDB's own Python driver (scylla-driver) against the simulated ScyllaDB cluster.

Run by python-driver.test.ts with one JSON argument; prints one JSON object: the pool coverage
(shards with a connection, and the ports they were opened through, per host) and the phases it
ran. Where each request arrived is judged by the simulator's own record, not here.
"""
import json
import sys
import time

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
    profile = ExecutionProfile(
        load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy(local_dc=cfg['dc'])))
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

        print(json.dumps({
            'driverVersion': __import__('cassandra').__version__,
            'protocolVersion': cluster.protocol_version,
            'hosts': hosts,
            'tabletsLearned': learned,
        }))
    finally:
        cluster.shutdown()


if __name__ == '__main__':
    main()
