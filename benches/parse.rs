//! Throughput of `parse` on a seed-like deliberation (one of our fixtures)
//! and on a recueil made of many of them. Figures are MB/s of input.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

fn bench(c: &mut Criterion) {
    let one = fixture("f01-cp-seedlike.txt");
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(one.len() as u64));
    g.bench_function("seed_like", |b| {
        b.iter(|| deliberation::parse(black_box(&one)))
    });

    // About 1 MB: the seed-like deliberation and others, repeated.
    let mut recueil = String::new();
    let parts = [
        one.clone(),
        fixture("f07-recueil-multi.txt"),
        fixture("f02-pv-nord-oneline.txt"),
    ];
    while recueil.len() < 1 << 20 {
        for p in &parts {
            recueil.push_str(p);
            recueil.push_str("\n\n");
        }
    }
    g.throughput(Throughput::Bytes(recueil.len() as u64));
    g.sample_size(10);
    g.bench_function("recueil_1mb", |b| {
        b.iter(|| deliberation::parse(black_box(&recueil)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
