//! End-to-end throughput of the CLI on a folder of 1,000 files, with one
//! worker thread and with two: `delib parse DIR --jobs N --quiet`, JSON lines
//! to a sink. The ratio of the two MB/s figures is the batch's parallel
//! speed-up (the target is ≥ 1.6× on two cores).
//!
//! `cargo bench --bench cli`

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Writes 1,000 files, our UTF-8 fixtures in turn, spread over ten
/// sub-folders as an archive would be; returns their total size.
fn folder(dir: &Path) -> u64 {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut texts: Vec<String> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    texts.sort();
    assert!(!texts.is_empty(), "no UTF-8 fixture");
    let mut total = 0u64;
    for i in 0..1000 {
        let sub = dir.join(format!("{:02}", i % 10));
        std::fs::create_dir_all(&sub).expect("sub-folder");
        let text = format!("{}\n", texts[i % texts.len()]);
        total += text.len() as u64;
        std::fs::write(sub.join(format!("d{i:04}.txt")), text).expect("write");
    }
    total
}

fn run(dir: &Path, jobs: usize) {
    let status = Command::new(env!("CARGO_BIN_EXE_delib"))
        .args(["parse", "--quiet", "--jobs", &jobs.to_string()])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run delib");
    // Every fixture parses: anything but 0 means the bench measures errors.
    assert!(status.success(), "delib parse failed: {status}");
}

fn cli_folder(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let bytes = folder(tmp.path());
    let mut g = c.benchmark_group("cli_1000_files");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(10));
    for jobs in [1, 2] {
        g.bench_function(format!("jobs_{jobs}"), |b| b.iter(|| run(tmp.path(), jobs)));
    }
    g.finish();
}

criterion_group!(benches, cli_folder);
criterion_main!(benches);
