//! Inputs for the throughput benchmarks and the adversarial tests: recueils
//! of any size made from our own fixtures, and hostile texts.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

const MB: usize = 1 << 20;

/// A fixture of the repository.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

/// The seed's texts, when `../shared/seed` (or `$DELIB_SHARED/seed`) exists.
pub fn seed() -> Option<String> {
    let dir = std::env::var_os("DELIB_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
        .join("seed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let text: String = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect::<Vec<_>>()
        .join("\n\n");
    (!text.is_empty()).then_some(text)
}

/// The deliberations a recueil is made of: UTF-8 fixtures of several
/// layouts (the seed-like one, a recueil, one-line minutes, counted votes,
/// budget tables, bank details).
fn parts() -> Vec<String> {
    [
        "f01-cp-seedlike.txt",
        "f07-recueil-multi.txt",
        "f02-pv-nord-oneline.txt",
        "f06-counted-vote-sentence.txt",
        "f08-layout-budget.txt",
        "f10-bank-variants.txt",
        "f14-stamp-dates.txt",
    ]
    .iter()
    .map(|n| fixture(n))
    .collect()
}

/// A recueil of at least `bytes` bytes: many deliberations one after the
/// other, each with its own number.
pub fn recueil(bytes: usize) -> String {
    let parts = parts();
    let mut out = String::with_capacity(bytes + 16 * 1024);
    let mut n = 0u32;
    while out.len() < bytes {
        for p in &parts {
            n += 1;
            out.push_str(&format!("\n\nDELIBERATION N° CP/{n}\n"));
            out.push_str(p);
        }
    }
    out
}

/// `unit` repeated up to `bytes` bytes.
pub fn repeat(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()))
}

/// The seed-like deliberation with every line break turned into a space,
/// repeated to `bytes`: what some converters give for a whole recueil.
pub fn no_newline(bytes: usize) -> String {
    let one = fixture("f01-cp-seedlike.txt").replace(['\n', '\r'], " ");
    repeat(&one, bytes)
}

/// `depth` opening parentheses, a word, then as many closing ones.
pub fn nested_parens(depth: usize) -> String {
    let mut s = "(".repeat(depth);
    s.push_str("Jean DUPOND");
    s.push_str(&")".repeat(depth));
    s
}

/// A roll call of `bytes` bytes: one « Étaient présents : » followed by
/// invented names, all different.
pub fn attendance(bytes: usize) -> String {
    const FIRST: &[&str] = &["Jean", "Claire", "Anne-Marie", "Paul", "Éloïse", "Noël"];
    const SYL: &[&str] = &["DU", "PON", "MAR", "TIN", "LE", "BRUN", "GAR", "NIER"];
    let mut s =
        String::from("DEPARTEMENT DE LA SOMME\nREUNION DU 4 MARS 2024\nÉtaient présents : ");
    let mut i = 0usize;
    while s.len() < bytes {
        let civ = if i % 2 == 0 { "M." } else { "Mme" };
        let last: String = (0..3).map(|k| SYL[(i >> (3 * k)) % SYL.len()]).collect();
        s.push_str(&format!("{civ} {} {last}, ", FIRST[i % FIRST.len()]));
        i += 1;
    }
    s.push_str("\nDECIDE :\nArticle 1 : Adopté.\n");
    s
}

/// The hostile inputs of the adversarial benchmark, with their sizes:
/// `(name, text)`.
pub fn adversarial(scale: usize) -> Vec<(&'static str, String)> {
    vec![
        ("no_newline_10mb", no_newline(10 * MB / scale)),
        ("article_lines_1mb", repeat("Article 1 : \n", MB / scale)),
        ("commas_1mb", repeat(",", MB / scale)),
        ("nested_parens_100k", nested_parens(100_000 / scale)),
        ("attendance_5mb", attendance(5 * MB / scale)),
        ("iban_fragments_1mb", repeat("IBAN : FR76 ", MB / scale)),
    ]
}

/// More hostile inputs, aimed at the normalizer and the segmenter: long runs
/// of what each rewrite looks at.
pub fn hostile_runs(bytes: usize) -> Vec<(&'static str, String)> {
    let mut combining = String::from("e");
    combining.push_str(&"\u{301}".repeat(bytes / 2));
    vec![
        ("spaces_then_comma", format!("a{},", " ".repeat(bytes))),
        ("spaces_after_newline", format!("\n{},", " ".repeat(bytes))),
        ("combining_marks", combining),
        ("tags", repeat("<p>", bytes)),
        ("unclosed_tags", repeat("<p ", bytes)),
        ("carets", repeat("^{", bytes)),
        ("hyphen_lines", repeat("délibé-\n", bytes)),
        ("elisions", repeat("l a ", bytes)),
        ("page_lines", repeat("- 3 -\n", bytes)),
        (
            "titles_without_decision",
            repeat("DELIBERATION N° 1\n", bytes),
        ),
        ("decisions", repeat("DECIDE :\nDELIBERATION N° 1\n", bytes)),
        (
            "annexes",
            repeat("DECIDE\nCONVENTION\nRAPPORT N°1\nANNEXE\n", bytes),
        ),
        ("meeting_cues", repeat("séance réunion publié le ", bytes)),
        ("objet_cues", repeat("x Objet : y ", bytes)),
        (
            "departements",
            repeat("conseil départemental de la ", bytes),
        ),
        ("crlf", repeat("\r\n\r", bytes)),
        ("nul_and_controls", repeat("\u{1}\u{c}\u{85}", bytes)),
    ]
}
