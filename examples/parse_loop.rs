//! Parses a file N times, for profilers (`perf record`, `valgrind
//! --tool=callgrind`), whose figures then show the steady state rather than
//! the one-off compilation of the regexes.
//!
//! `cargo run --release --example parse_loop -- FILE [N] [MAX_ITEMS]`
//!
//! `MAX_ITEMS` is [`deliberation::Parser::max_items`] (default: the
//! library's); `max` reads every list to its end, as the benchmarks of
//! hostile inputs do.

use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: parse_loop FILE [N] [MAX_ITEMS|max]");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let max_items = match args.next().as_deref() {
        None => deliberation::DEFAULT_MAX_ITEMS,
        Some("max") => usize::MAX,
        Some(m) => m.parse().unwrap_or(deliberation::DEFAULT_MAX_ITEMS),
    };
    let parser = deliberation::Parser::new().max_items(max_items);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let start = std::time::Instant::now();
    let mut lines = 0usize;
    for _ in 0..n {
        if let Ok(doc) = parser.parse_bytes(black_box(&bytes)) {
            lines += doc.deliberations.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes.len() * n) as f64 / 1e6;
    eprintln!(
        "{n} parses of {} bytes: {:.3} s, {:.1} MB/s ({lines} deliberations)",
        bytes.len(),
        secs,
        mb / secs
    );
}
