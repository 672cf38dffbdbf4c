//! Benchmark anchor: the ScyllaDB Rust driver (`scylla` crate) running cqlkit's benchmark
//! workloads against the same node, with the same bound values, in the same closed loop, so that
//! `npm run bench -- --anchors` can put its client CPU per operation beside cqlkit's.
//!
//! A benchmark tool only: never a dependency of the packages. Built and run by
//! `bench/lib/anchors/anchor-programs.ts`; it prints one `@@bench {json}` record per measured phase
//! on stdout (the harness's record format, see `bench/lib/job.ts`).
//!
//! Phases, counted in operations from connect: `cold` (the first N), `warm` (up to the warm-up
//! total, reported but not a target), `steady` (the measured window). Only successful operations
//! count; errors are counted apart and the first one is reported.
//!
//! Modes:
//! - `comparable` (default): what cqlkit does — client-side timestamps (monotonic generator),
//!   SELECTs sent with a page size of 5000 (`execute_single_page`), rows deserialized into owned
//!   values (`String`, `Vec<u8>`: cqlkit builds JS strings and copies blobs);
//! - `defaults`: the Rust driver as a user gets it — server-assigned timestamps, unpaged SELECTs
//!   (`execute_unpaged`), text and blobs borrowed from the response frame (`&str`, `&[u8]`).

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use scylla::client::execution_profile::ExecutionProfile;
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use scylla::client::PoolSize;
use scylla::policies::timestamp_generator::MonotonicTimestampGenerator;
use scylla::response::PagingState;
use scylla::statement::prepared::PreparedStatement;
use scylla::statement::Consistency;
use uuid::Uuid;

type InsertRow = (i32, i32, Uuid, i64, String, Vec<u8>);
type ReadKey = (i32, i32);

/// Bound values of one workload, from the file the harness wrote.
enum Pool {
    Insert(Vec<InsertRow>),
    Select(Vec<ReadKey>),
}

struct Args {
    host: String,
    port: u16,
    username: Option<String>,
    password: Option<String>,
    workload: String,
    statement: String,
    values: String,
    runtime: String,
    mode: String,
    concurrency: usize,
    cold_ops: u64,
    warmup_ops: u64,
    measure_ops: u64,
    server_pid: Option<u32>,
    clock_ticks: u64,
    rep: u32,
    driver: String,
}

fn parse_args() -> Args {
    let mut a = Args {
        host: "127.0.0.1".into(),
        port: 9042,
        username: None,
        password: None,
        workload: String::new(),
        statement: String::new(),
        values: String::new(),
        runtime: "current".into(),
        mode: "comparable".into(),
        concurrency: 128,
        cold_ops: 10_000,
        warmup_ops: 50_000,
        measure_ops: 100_000,
        server_pid: None,
        clock_ticks: 100,
        rep: 1,
        driver: "rust".into(),
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let flag = argv[i].as_str();
        let value = argv.get(i + 1).cloned().unwrap_or_default();
        match flag {
            "--host" => a.host = value,
            "--port" => a.port = value.parse().expect("--port"),
            "--username" => a.username = Some(value),
            "--password" => a.password = Some(value),
            "--workload" => a.workload = value,
            "--statement" => a.statement = value,
            "--values" => a.values = value,
            "--runtime" => a.runtime = value,
            "--mode" => a.mode = value,
            "--concurrency" => a.concurrency = value.parse().expect("--concurrency"),
            "--cold-ops" => a.cold_ops = value.parse().expect("--cold-ops"),
            "--warmup-ops" => a.warmup_ops = value.parse().expect("--warmup-ops"),
            "--measure-ops" => a.measure_ops = value.parse().expect("--measure-ops"),
            "--server-pid" => a.server_pid = Some(value.parse().expect("--server-pid")),
            "--clock-ticks" => a.clock_ticks = value.parse().expect("--clock-ticks"),
            "--rep" => a.rep = value.parse().expect("--rep"),
            "--driver" => a.driver = value,
            other => panic!("unknown option {other}"),
        }
        i += 2;
    }
    assert!(!a.statement.is_empty(), "--statement is required");
    assert!(a.mode == "comparable" || a.mode == "defaults", "--mode comparable|defaults");
    a
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Reads the values file: one operation per line, tab-separated `type:value` fields
/// (`i:` int, `u:` uuid hex, `l:` bigint, `t:` text, `b:` blob hex).
fn read_pool(path: &str, workload: &str) -> Pool {
    let text = std::fs::read_to_string(path).expect("values file");
    let lines = text.lines().filter(|l| !l.is_empty());
    let field = |f: &str, kind: &str| -> String {
        let (k, v) = f.split_once(':').expect("typed field");
        assert_eq!(k, kind, "field type");
        v.to_string()
    };
    if workload.starts_with("insert") {
        Pool::Insert(
            lines
                .map(|l| {
                    let f: Vec<&str> = l.split('\t').collect();
                    (
                        field(f[0], "i").parse().unwrap(),
                        field(f[1], "i").parse().unwrap(),
                        Uuid::from_slice(&hex(&field(f[2], "u"))).unwrap(),
                        field(f[3], "l").parse().unwrap(),
                        field(f[4], "t"),
                        hex(&field(f[5], "b")),
                    )
                })
                .collect(),
        )
    } else {
        Pool::Select(
            lines
                .map(|l| {
                    let f: Vec<&str> = l.split('\t').collect();
                    (field(f[0], "i").parse().unwrap(), field(f[1], "i").parse().unwrap())
                })
                .collect(),
        )
    }
}

/// This process's user and system CPU, µs (getrusage: every thread, like Node's cpuUsage).
fn own_cpu() -> (u64, u64) {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let us = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    (us(usage.ru_utime), us(usage.ru_stime))
}

/// utime + stime of another process (the server), µs, from /proc/<pid>/stat.
fn process_cpu(pid: u32, clock_ticks: u64) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) * 1_000_000 / clock_ticks)
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Outcome of the operations of one phase.
#[derive(Default)]
struct Tally {
    ops: u64,
    rows: u64,
    errors: u64,
    first_error: Option<String>,
}

struct Bench {
    session: Session,
    statement: PreparedStatement,
    pool: Pool,
    borrowed: bool,
    paged: bool,
    next: AtomicU64,
    tally: Mutex<Tally>,
}

impl Bench {
    /// One operation: returns the rows read.
    async fn op(&self, i: u64) -> Result<u64, String> {
        match &self.pool {
            Pool::Insert(rows) => {
                let values = &rows[(i as usize) % rows.len()];
                self.session
                    .execute_unpaged(&self.statement, values)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(0)
            }
            Pool::Select(keys) => {
                let key = &keys[(i as usize) % keys.len()];
                let result = if self.paged {
                    self.session
                        .execute_single_page(&self.statement, key, PagingState::start())
                        .await
                        .map(|(r, _)| r)
                } else {
                    self.session.execute_unpaged(&self.statement, key).await
                }
                .map_err(|e| e.to_string())?;
                let rows = result.into_rows_result().map_err(|e| e.to_string())?;
                let mut n = 0u64;
                if self.borrowed {
                    for row in rows
                        .rows::<(i32, Uuid, i64, &str, &[u8])>()
                        .map_err(|e| e.to_string())?
                    {
                        std::hint::black_box(row.map_err(|e| e.to_string())?);
                        n += 1;
                    }
                } else {
                    for row in rows
                        .rows::<(i32, Uuid, i64, String, Vec<u8>)>()
                        .map_err(|e| e.to_string())?
                    {
                        std::hint::black_box(row.map_err(|e| e.to_string())?);
                        n += 1;
                    }
                }
                Ok(n)
            }
        }
    }
}

/// Runs `ops` operations from `concurrency` tasks (closed loop: each awaits one at a time).
async fn run_phase(bench: &Arc<Bench>, concurrency: usize, ops: u64) -> Tally {
    let end = bench.next.load(Ordering::Relaxed) + ops;
    *bench.tally.lock().unwrap() = Tally::default();
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency.min(ops as usize) {
        let bench = Arc::clone(bench);
        tasks.push(tokio::spawn(async move {
            let mut local = Tally::default();
            loop {
                let i = bench.next.fetch_add(1, Ordering::Relaxed);
                if i >= end {
                    break;
                }
                match bench.op(i).await {
                    Ok(rows) => {
                        local.ops += 1;
                        local.rows += rows;
                    }
                    Err(e) => {
                        local.errors += 1;
                        local.first_error.get_or_insert(e);
                    }
                }
            }
            let mut tally = bench.tally.lock().unwrap();
            tally.ops += local.ops;
            tally.rows += local.rows;
            tally.errors += local.errors;
            if tally.first_error.is_none() {
                tally.first_error = local.first_error;
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    // The counter overshoots by one per task; rewind so the next phase starts at `end`.
    bench.next.store(end, Ordering::Relaxed);
    std::mem::take(&mut *bench.tally.lock().unwrap())
}

async fn measured_phase(bench: &Arc<Bench>, args: &Args, phase: &str, ops: u64) {
    if ops == 0 {
        return;
    }
    let server_before = args.server_pid.and_then(|p| process_cpu(p, args.clock_ticks));
    let (user_before, sys_before) = own_cpu();
    let started = Instant::now();
    let tally = run_phase(bench, args.concurrency, ops).await;
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let (user_after, sys_after) = own_cpu();
    let server_after = args.server_pid.and_then(|p| process_cpu(p, args.clock_ticks));
    let mut record = format!(
        "{{\"kind\":\"phase\",\"suite\":\"anchors\",\"rep\":{},\"target\":\"cassandra\",\"driver\":{},\
\"workload\":{},\"concurrency\":{},\"phase\":\"{}\",\"ops\":{},\"rows\":{},\"errors\":{},\
\"elapsedMs\":{:.3},\"cpuUserUs\":{},\"cpuSysUs\":{}",
        args.rep,
        json_string(&args.driver),
        json_string(&args.workload),
        args.concurrency,
        phase,
        tally.ops,
        tally.rows,
        tally.errors,
        elapsed_ms,
        user_after - user_before,
        sys_after - sys_before,
    );
    if let (Some(b), Some(a)) = (server_before, server_after) {
        record.push_str(&format!(",\"serverCpuUs\":{}", a - b));
    }
    if let Some(e) = tally.first_error {
        record.push_str(&format!(",\"firstError\":{}", json_string(&e)));
    }
    record.push('}');
    println!("@@bench {record}");
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let comparable = args.mode == "comparable";
    let profile = ExecutionProfile::builder()
        .consistency(Consistency::LocalOne)
        .build()
        .into_handle();
    let mut builder = SessionBuilder::new()
        .known_node(format!("{}:{}", args.host, args.port))
        .pool_size(PoolSize::PerHost(NonZeroUsize::new(1).unwrap()))
        .default_execution_profile_handle(profile)
        .fetch_schema_metadata(false);
    if let (Some(u), Some(p)) = (&args.username, &args.password) {
        builder = builder.user(u, p);
    }
    if comparable {
        builder = builder.timestamp_generator(Arc::new(MonotonicTimestampGenerator::new()));
    }
    let session = builder.build().await?;
    let mut statement = session.prepare(args.statement.as_str()).await?;
    statement.set_page_size(5000);
    let bench = Arc::new(Bench {
        session,
        statement,
        pool: read_pool(&args.values, &args.workload),
        borrowed: !comparable,
        paged: comparable,
        next: AtomicU64::new(0),
        tally: Mutex::new(Tally::default()),
    });
    measured_phase(&bench, &args, "cold", args.cold_ops).await;
    measured_phase(&bench, &args, "warm", args.warmup_ops.saturating_sub(args.cold_ops)).await;
    measured_phase(&bench, &args, "steady", args.measure_ops).await;
    Ok(())
}

fn main() {
    let args = parse_args();
    let runtime = match args.runtime.as_str() {
        "current" => tokio::runtime::Builder::new_current_thread().enable_all().build(),
        "multi" => tokio::runtime::Builder::new_multi_thread().enable_all().build(),
        other => panic!("--runtime current|multi, got {other}"),
    }
    .expect("tokio runtime");
    if let Err(e) = runtime.block_on(run(args)) {
        eprintln!("anchor failed: {e}");
        std::process::exit(1);
    }
}
