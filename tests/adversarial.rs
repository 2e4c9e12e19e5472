//! Hostile inputs, in small versions: each must terminate without panicking
//! and give spans inside the input. Timing is the benchmark's business
//! (`cargo bench --bench parse -- adversarial`), not the tests'.

#[path = "../benches/inputs/mod.rs"]
mod inputs;

fn parses(text: &str) -> deliberation::Document {
    let doc = deliberation::parse(text);
    for d in &doc.deliberations {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    doc
}

#[test]
fn the_adversarial_set_in_small() {
    for (name, text) in inputs::adversarial(64) {
        let t = std::time::Instant::now();
        parses(&text);
        eprintln!("{name}: {} bytes in {:?}", text.len(), t.elapsed());
    }
}

#[test]
fn long_runs_of_what_the_normalizer_rewrites() {
    for (name, text) in inputs::hostile_runs(32 * 1024) {
        let t = std::time::Instant::now();
        parses(&text);
        eprintln!("{name}: {} bytes in {:?}", text.len(), t.elapsed());
    }
}

#[test]
fn spaces_before_a_comma_go_except_an_indent() {
    let doc = parses("Présents : M. Jean DUPOND   , Mme Claire MARTIN\n  , x");
    assert_eq!(doc.deliberations.len(), 1);
}

#[test]
fn a_small_recueil() {
    let r = inputs::recueil(64 * 1024);
    let doc = parses(&r);
    assert!(doc.deliberations.len() > 10, "{}", doc.deliberations.len());
}
