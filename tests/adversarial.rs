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

/// Found by `cargo fuzz` (both targets): an outcome (« adopté à
/// l'unanimité ») followed by
/// more than 300 bytes without « ) », « . » or a line break; the vote's text
/// is cut at 300 bytes, inside a character. vote.rs:185 `from +
/// cut.min(300)` must step back to a character boundary.
#[test]
fn an_outcome_followed_by_a_long_accented_run() {
    let s = format!(
        "DECIDE :\nArticle 1 : adopté à l'unanimité {}",
        "é".repeat(200)
    );
    parses(&s);
}

/// The same crash as the fuzzer wrote it for `parse_bytes` (a mutated
/// fixture), kept whole.
#[test]
fn fuzz_parse_bytes_crash_db29501a() {
    let bytes = include_bytes!("fuzz/crash-db29501a3a6fdb09631e1b04445500a4699c8f3f");
    if let Ok(doc) = deliberation::parse_bytes(bytes) {
        for d in &doc.deliberations {
            assert!(d.span.end <= bytes.len());
        }
    }
}

/// The same crash as the fuzzer wrote it for `parse`.
#[test]
fn fuzz_parse_crash_49e95538() {
    let bytes = include_bytes!("fuzz/crash-49e955380e64bf0293a94df559665b022fadc518");
    parses(&String::from_utf8_lossy(bytes));
}

/// A roll call longer than any council keeps `max_items` names and says it
/// was cut; without the limit every name is read.
#[test]
fn a_roll_call_past_the_limit_is_cut_and_said_so() {
    use deliberation::Parser;
    // About 21 bytes a name: 400 KB hold some 19,000 names.
    let text = inputs::attendance(400 * 1024);
    let doc = Parser::new().max_items(1000).parse_str(&text);
    let present = &doc.deliberations[0].attendance.present;
    assert_eq!(present.len(), 1000);
    let cut: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "limits.list_cut")
        .collect();
    assert_eq!(cut.len(), 1, "{:?}", doc.diagnostics);
    // The diagnostic points at the first name left out, after the last kept.
    let at = cut[0].span.as_ref().expect("span").start;
    assert!(at >= present[999].span.end, "{at}");
    assert!(text[at..].trim_start_matches([',', ' ']).starts_with("M"));

    let all = Parser::new().max_items(usize::MAX).parse_str(&text);
    let n = all.deliberations[0].attendance.present.len();
    assert!(n > 15_000, "{n}");
    assert!(!all.diagnostics.iter().any(|d| d.code == "limits.list_cut"));
    assert_eq!(
        &all.deliberations[0].attendance.present[..1000],
        &present[..]
    );

    // The default keeps DEFAULT_MAX_ITEMS.
    let default = deliberation::parse(&text);
    assert_eq!(
        default.deliberations[0].attendance.present.len(),
        deliberation::DEFAULT_MAX_ITEMS.min(n)
    );
}

/// Articles past the limit are left out, the last kept one ending where
/// the first left out starts.
#[test]
fn articles_past_the_limit_are_cut_and_said_so() {
    use deliberation::Parser;
    let mut text = String::from("DÉCIDE :\n");
    for i in 1..=300 {
        text.push_str(&format!(
            "Article {i} : La somme de {i} euros est versée.\n"
        ));
    }
    let doc = Parser::new().max_items(120).parse_str(&text);
    let d = &doc.deliberations[0];
    assert_eq!(d.articles.len(), 120);
    assert_eq!(d.articles[119].number, "120");
    assert!(
        d.articles[119].text.ends_with("120 euros est versée."),
        "{}",
        d.articles[119].text
    );
    let cut: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|x| x.code == "limits.list_cut")
        .collect();
    assert_eq!(cut.len(), 1, "{:?}", doc.diagnostics);
    assert!(text[cut[0].span.as_ref().unwrap().start..].starts_with("Article 121 "));

    let all = deliberation::parse(&text);
    assert_eq!(all.deliberations[0].articles.len(), 300);
    assert_eq!(&all.deliberations[0].articles[..120], &d.articles[..]);
}
