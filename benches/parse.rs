//! Throughput of `parse`, in MB/s of input: on a seed-like deliberation (and
//! the seed itself when `../shared` is there), on recueils of 1 to 64 MB
//! (the same MB/s at every size means linear time), and on hostile inputs,
//! whose time per MB is to be compared with the seed-like one's.
//!
//! `cargo bench --bench parse -- seed` runs one group; the 64 MB input takes
//! a few seconds per iteration, hence the small sample sizes.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod inputs;

const MB: usize = 1 << 20;

fn seed_like(c: &mut Criterion) {
    let mut g = c.benchmark_group("seed");
    let one = inputs::fixture("f01-cp-seedlike.txt");
    g.throughput(Throughput::Bytes(one.len() as u64));
    g.bench_function("seed_like", |b| {
        b.iter(|| deliberation::parse(black_box(&one)))
    });
    if let Some(seed) = inputs::seed() {
        g.throughput(Throughput::Bytes(seed.len() as u64));
        g.bench_function("shared_seed", |b| {
            b.iter(|| deliberation::parse(black_box(&seed)))
        });
    } else {
        eprintln!("shared_seed skipped: ../shared/seed is absent");
    }
    let bytes: Vec<u8> = one.clone().into_bytes();
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("seed_like_bytes", |b| {
        b.iter(|| deliberation::parse_bytes(black_box(&bytes)))
    });
    g.finish();
}

fn recueil(c: &mut Criterion) {
    let mut g = c.benchmark_group("recueil");
    let r = inputs::recueil(MB);
    g.throughput(Throughput::Bytes(r.len() as u64));
    g.sample_size(20);
    g.bench_function("1mb", |b| b.iter(|| deliberation::parse(black_box(&r))));
    g.finish();
}

/// Parse and write JSON, the whole document at once or as it is read
/// (`Parser::parse_each` and `json::JsonWriter`, what `delib parse` does):
/// writing as it goes must cost no more.
fn to_json(c: &mut Criterion) {
    let mut g = c.benchmark_group("json");
    let r = inputs::recueil(MB).into_bytes();
    g.throughput(Throughput::Bytes(r.len() as u64));
    g.sample_size(20);
    g.bench_function("1mb_whole", |b| {
        b.iter(|| {
            let doc = deliberation::parse_bytes(black_box(&r)).unwrap();
            serde_json::to_writer(std::io::sink(), &doc).unwrap();
        })
    });
    g.bench_function("1mb_streamed", |b| {
        b.iter(|| {
            let mut w = deliberation::json::JsonWriter::new(std::io::sink(), false);
            let rest = deliberation::Parser::new()
                .parse_each(black_box(&r).clone(), |s, d| w.deliberation(s, &d))
                .unwrap();
            w.finish(&rest).unwrap();
        })
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    for mb in [1usize, 4, 16, 64] {
        let r = inputs::recueil(mb * MB);
        g.throughput(Throughput::Bytes(r.len() as u64));
        if mb >= 16 {
            g.measurement_time(Duration::from_secs(10));
        }
        g.bench_function(format!("{mb}mb"), |b| {
            b.iter(|| deliberation::parse(black_box(&r)))
        });
    }
    g.finish();
}

fn adversarial(c: &mut Criterion) {
    let mut g = c.benchmark_group("adversarial");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    // Without the item limit: the 5 MB roll call is read to its last name
    // (the default keeps 10,000), so that its time is that of reading names.
    let unlimited = deliberation::Parser::new().max_items(usize::MAX);
    for (name, text) in inputs::adversarial(1) {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| unlimited.parse_str(black_box(&text))));
    }
    g.finish();
}

/// Long runs of what the normalizer and the segmenter look at (each was, or
/// could have been, quadratic): 256 KB each.
fn hostile(c: &mut Criterion) {
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_secs(2));
    for (name, text) in inputs::hostile_runs(256 * 1024) {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| deliberation::parse(black_box(&text))));
    }
    g.finish();
}

criterion_group!(
    benches,
    seed_like,
    recueil,
    to_json,
    scaling,
    adversarial,
    hostile
);
criterion_main!(benches);
