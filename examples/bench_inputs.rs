//! Writes the benchmarks' inputs (recueils of 1 to 64 MB, the adversarial and
//! hostile texts) to a folder, to profile them one by one:
//!
//! ```sh
//! cargo run --release --example bench_inputs -- /tmp/inputs
//! valgrind --tool=callgrind target/release/examples/parse_loop /tmp/inputs/attendance_5mb.txt 1
//! ```

#[path = "../benches/inputs/mod.rs"]
mod inputs;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: bench_inputs DIR");
        std::process::exit(2);
    };
    let dir = std::path::PathBuf::from(dir);
    let mb = 1 << 20;
    let mut all: Vec<(String, String)> = [1, 4, 16, 64]
        .into_iter()
        .map(|n| (format!("recueil_{n}mb"), inputs::recueil(n * mb)))
        .collect();
    all.extend(
        inputs::adversarial(1)
            .into_iter()
            .map(|(n, t)| (n.to_owned(), t)),
    );
    all.extend(
        inputs::hostile_runs(256 * 1024)
            .into_iter()
            .map(|(n, t)| (format!("hostile_{n}"), t)),
    );
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        std::process::exit(1);
    }
    for (name, text) in all {
        let path = dir.join(format!("{name}.txt"));
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }
    }
}
