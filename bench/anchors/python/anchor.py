"""Benchmark anchor: ScyllaDB's Python driver (`scylla-driver`, Cython build, libev reactor)
running cqlkit's benchmark workloads against the same node, with the same bound values, in the
same closed loop (N requests in flight, each completion issuing the next).

A benchmark tool only: never a dependency of the packages. Run by
`bench/lib/anchors/python-anchor.ts` from a virtual environment under ~/.cache/cqlkit/anchors/;
prints one `@@bench {json}` record per measured phase on stdout (see bench/lib/job.ts).

Settings as cqlkit's: protocol v4, one connection, prepared statements, LOCAL_ONE, client-side
timestamps (the driver's default monotonic generator), page size 5000, schema and token metadata
off, rows as the driver's default named tuples. Only successful operations count.
"""

import argparse
import json
import resource
import sys
import threading
import time
import uuid


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=9042)
    p.add_argument("--username")
    p.add_argument("--password")
    p.add_argument("--local-dc", default="datacenter1")
    p.add_argument("--workload", required=True)
    p.add_argument("--statement", required=True)
    p.add_argument("--values", required=True)
    p.add_argument("--concurrency", type=int, default=128)
    p.add_argument("--cold-ops", type=int, default=10_000)
    p.add_argument("--warmup-ops", type=int, default=20_000)
    p.add_argument("--measure-ops", type=int, default=30_000)
    p.add_argument("--server-pid", type=int)
    p.add_argument("--clock-ticks", type=int, default=100)
    p.add_argument("--rep", type=int, default=1)
    p.add_argument("--driver", default="python")
    return p.parse_args()


def read_pool(path):
    """One operation per line, tab-separated `type:value` fields (i int, u uuid hex, l bigint,
    t text, b blob hex)."""
    convert = {
        "i": int,
        "l": int,
        "t": str,
        "u": lambda v: uuid.UUID(hex=v),
        "b": bytes.fromhex,
    }
    pool = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            values = []
            for field in line.split("\t"):
                kind, value = field.split(":", 1)
                values.append(convert[kind](value))
            pool.append(tuple(values))
    return pool


def own_cpu():
    """User and system CPU of this process (every thread), µs."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return round(usage.ru_utime * 1e6), round(usage.ru_stime * 1e6)


def process_cpu(pid, clock_ticks):
    """utime + stime of another process (the server), µs, from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat", encoding="latin-1") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split(" ")
    return (int(fields[11]) + int(fields[12])) * 1_000_000 // clock_ticks


class ClosedLoop:
    """`concurrency` requests in flight; each completion issues the next, until `total` issued."""

    def __init__(self, session, statement, pool, next_index, total, concurrency):
        self.session = session
        self.statement = statement
        self.pool = pool
        self.next = next_index
        self.end = next_index + total
        self.concurrency = concurrency
        self.lock = threading.Lock()
        self.in_flight = 0
        self.ops = 0
        self.rows = 0
        self.errors = 0
        self.first_error = None
        self.done = threading.Event()

    def run(self):
        for _ in range(min(self.concurrency, self.end - self.next)):
            self._issue()
        self.done.wait()

    def _issue(self):
        with self.lock:
            if self.next >= self.end:
                if self.in_flight == 0:
                    self.done.set()
                return
            i = self.next
            self.next += 1
            self.in_flight += 1
        future = self.session.execute_async(self.statement, self.pool[i % len(self.pool)])
        future.add_callbacks(self._ok, self._failed)

    def _ok(self, rows):
        n = len(rows.current_rows) if hasattr(rows, "current_rows") else len(rows or [])
        with self.lock:
            self.in_flight -= 1
            self.ops += 1
            self.rows += n
        self._issue()

    def _failed(self, error):
        with self.lock:
            self.in_flight -= 1
            self.errors += 1
            if self.first_error is None:
                self.first_error = f"{type(error).__name__}: {error}"
        self._issue()


def main():
    args = parse_args()
    from cassandra import ConsistencyLevel
    from cassandra.auth import PlainTextAuthProvider
    from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile
    from cassandra.io.libevreactor import LibevConnection
    from cassandra.policies import DCAwareRoundRobinPolicy, TokenAwarePolicy

    profile = ExecutionProfile(
        load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy(local_dc=args.local_dc)),
        consistency_level=ConsistencyLevel.LOCAL_ONE,
        request_timeout=12,
    )
    auth = (
        PlainTextAuthProvider(username=args.username, password=args.password)
        if args.username and args.password
        else None
    )
    cluster = Cluster(
        contact_points=[args.host],
        port=args.port,
        protocol_version=4,
        connection_class=LibevConnection,
        execution_profiles={EXEC_PROFILE_DEFAULT: profile},
        auth_provider=auth,
        compression=False,
        schema_metadata_enabled=False,
        token_metadata_enabled=False,
    )
    session = cluster.connect()
    session.default_fetch_size = 5000
    statement = session.prepare(args.statement)
    pool = read_pool(args.values)

    next_index = 0

    def phase(name, ops):
        nonlocal next_index
        if ops <= 0:
            return
        server_before = process_cpu(args.server_pid, args.clock_ticks) if args.server_pid else None
        user_before, sys_before = own_cpu()
        started = time.perf_counter()
        loop = ClosedLoop(session, statement, pool, next_index, ops, args.concurrency)
        loop.run()
        elapsed_ms = (time.perf_counter() - started) * 1000
        user_after, sys_after = own_cpu()
        server_after = process_cpu(args.server_pid, args.clock_ticks) if args.server_pid else None
        next_index += ops
        record = {
            "kind": "phase",
            "suite": "anchors",
            "rep": args.rep,
            "target": "cassandra",
            "driver": args.driver,
            "workload": args.workload,
            "concurrency": args.concurrency,
            "phase": name,
            "ops": loop.ops,
            "rows": loop.rows,
            "errors": loop.errors,
            "elapsedMs": round(elapsed_ms, 3),
            "cpuUserUs": user_after - user_before,
            "cpuSysUs": sys_after - sys_before,
        }
        if server_before is not None and server_after is not None:
            record["serverCpuUs"] = server_after - server_before
        if loop.first_error is not None:
            record["firstError"] = loop.first_error
        sys.stdout.write("@@bench " + json.dumps(record) + "\n")
        sys.stdout.flush()

    phase("cold", args.cold_ops)
    phase("warm", args.warmup_ops - args.cold_ops)
    phase("steady", args.measure_ops)
    cluster.shutdown()


if __name__ == "__main__":
    main()
