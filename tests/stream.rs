//! `Parser::parse_each` and the streamed JSON of `delib parse` give what
//! the whole document gives, byte for byte.

mod common;

use std::ops::ControlFlow;
use std::path::Path;

use deliberation::json::JsonWriter;
use deliberation::redact::Redact;
use deliberation::{Deliberation, Document, Parser};

fn each(parser: &Parser, bytes: &[u8]) -> (Vec<Deliberation>, Document) {
    let mut got = Vec::new();
    let rest = parser
        .parse_each(bytes.to_vec(), |_, d| {
            got.push(d);
            ControlFlow::Continue(())
        })
        .unwrap();
    (got, rest)
}

fn assert_same(parser: &Parser, bytes: &[u8], what: &str) {
    let whole = parser.parse_bytes(bytes).unwrap();
    let (got, rest) = each(parser, bytes);
    assert_eq!(got, whole.deliberations, "{what}");
    assert!(rest.deliberations.is_empty());
    assert_eq!(rest.source, whole.source, "{what}");
    assert_eq!(rest.diagnostics, whole.diagnostics, "{what}");
    for pretty in [false, true] {
        let mut w = JsonWriter::new(Vec::new(), pretty);
        let rest = parser
            .parse_each(bytes.to_vec(), |s, d| w.deliberation(s, &d))
            .unwrap();
        let streamed = w.finish(&rest).unwrap();
        let expected = if pretty {
            serde_json::to_vec_pretty(&whole).unwrap()
        } else {
            serde_json::to_vec(&whole).unwrap()
        };
        assert!(streamed == expected, "{what}: pretty={pretty}");
    }
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    common::txt_files(dir)
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn fixtures_stream_as_they_parse() {
    let fixtures = files(&common::fixtures());
    assert!(fixtures.len() >= 20);
    // One recueil of them all: the authority, the relevé items and the
    // diagnostics cross deliberations.
    // (Those in UTF-8 only: a UTF-16 file inside UTF-8 reads as binary.)
    let recueil: Vec<u8> = fixtures
        .iter()
        .filter(|(_, b)| std::str::from_utf8(b).is_ok())
        .flat_map(|(_, b)| b.iter().copied().chain(*b"\n"))
        .collect();
    for (name, bytes) in fixtures.iter().chain([&("recueil".to_owned(), recueil)]) {
        assert_same(&Parser::new(), bytes, name);
        let redacting = Parser::new().redact(Redact::Persons);
        assert_same(&redacting, bytes, name);
    }
}

#[test]
fn corpus_streams_as_it_parses() {
    let Some(shared) = common::shared() else {
        return;
    };
    for dir in ["corpus", "seed"] {
        for (name, bytes) in files(&shared.join(dir)) {
            assert_same(&Parser::new(), &bytes, &name);
        }
    }
}

#[test]
fn a_later_authority_is_given_to_earlier_deliberations() {
    let text = "DELIBERATION N° 2024-1\nDECIDE :\nArticle 1 : ok\n\
                DELIBERATION N° 2024-2\nDEPARTEMENT DE LA SOMME\nDECIDE :\nArticle 1 : ok\n\
                DELIBERATION N° 2024-3\nDEPARTEMENT DU NORD\nDECIDE :\nArticle 1 : ok\n";
    let (got, _) = each(&Parser::new(), text.as_bytes());
    let names: Vec<_> = got
        .iter()
        .map(|d| d.authority.as_ref().map(|a| a.name.as_str()))
        .collect();
    assert_eq!(names, [Some("Somme"), Some("Somme"), Some("Nord")]);
    assert_same(&Parser::new(), text.as_bytes(), "authorities");
}

#[test]
fn break_stops_the_parse() {
    let text = "DELIBERATION N° 2024-1\nDECIDE :\nArticle 1 : ok\n".repeat(10);
    let mut seen = 0;
    Parser::new()
        .parse_each(text.into_bytes(), |_, _| {
            seen += 1;
            ControlFlow::Break(())
        })
        .unwrap();
    assert_eq!(seen, 1);
}

#[test]
fn refused_input_is_an_error_before_any_deliberation() {
    let mut seen = 0;
    let r = Parser::new().parse_each(b"%PDF-1.7\n...".to_vec(), |_, _| {
        seen += 1;
        ControlFlow::Continue(())
    });
    assert!(r.is_err());
    assert_eq!(seen, 0);
}
