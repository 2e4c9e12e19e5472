//! The `delib` binary: exit codes, errors and output.

mod common;

use common::delib;

#[test]
fn parses_a_fixture_file() {
    let f = common::fixtures().join("f01-cp-seedlike.txt");
    let (code, out, _) = delib(&["parse", f.to_str().unwrap()], b"");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema_version"], "1");
    assert_eq!(v["source"]["name"], "f01-cp-seedlike.txt");
    assert!(v["deliberations"].as_array().unwrap().len() == 1);
}

#[test]
fn empty_input_is_an_empty_document() {
    let (code, out, _) = delib(&["parse"], b"");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["deliberations"].as_array().unwrap().len(), 0);
    let (code, _, _) = delib(&["parse", "-"], b"");
    assert_eq!(code, 0);
}

#[test]
fn random_bytes_fail_with_one_line() {
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let bytes: Vec<u8> = (0..10 * 1024 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let (code, out, err) = delib(&["parse"], &bytes);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.starts_with("delib: <stdin>: expected text"), "{err}");
}

#[test]
fn a_pdf_is_refused_with_advice() {
    let (code, _, err) = delib(&["parse"], b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj");
    assert_eq!(code, 1);
    assert!(err.contains("pdftotext"), "{err}");
}

#[test]
fn a_missing_file_names_the_file() {
    let (code, _, err) = delib(&["parse", "/nonexistent/cp.txt"], b"");
    assert_eq!(code, 1);
    assert!(
        err.starts_with("delib: /nonexistent/cp.txt: cannot read"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, _) = delib(&["parse", "--no-such-flag"], b"");
    assert_eq!(code, 2);
    let (code, _, _) = delib(&["frobnicate"], b"");
    assert_eq!(code, 2);
}

#[test]
fn schema_is_json_schema_of_the_document() {
    let (code, out, _) = delib(&["schema"], b"");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["title"], "Document");
    let props = v["properties"].as_object().unwrap();
    for k in ["schema_version", "source", "deliberations", "diagnostics"] {
        assert!(props.contains_key(k), "{k}");
    }
    let delib = &v["$defs"]["Deliberation"]["properties"];
    for k in [
        "authority",
        "body",
        "number",
        "title",
        "meeting",
        "dates",
        "attendance",
        "visas",
        "articles",
        "votes",
        "acknowledged",
        "budget_lines",
        "bank_accounts",
        "annexes",
        "span",
    ] {
        assert!(delib.get(k).is_some(), "{k}");
    }
}

#[test]
fn every_corpus_file_parses() {
    let Some(shared) = common::shared() else {
        return;
    };
    for f in common::txt_files(&shared.join("corpus")) {
        let (code, out, err) = delib(&["parse", f.to_str().unwrap()], b"");
        assert_eq!(code, 0, "{}: {err}", f.display());
        serde_json::from_str::<serde_json::Value>(&out).unwrap();
    }
}

#[test]
fn max_items_cuts_a_long_list_with_a_warning() {
    let text = "Étaient présents : M. Luc ARNAUD, Mme Rose BERTIN, M. Paul CARON.\n";
    let (code, out, _) = delib(&["parse", "--max-items", "2"], text.as_bytes());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let present = v["deliberations"][0]["attendance"]["present"]
        .as_array()
        .unwrap();
    assert_eq!(present.len(), 2);
    assert_eq!(present[1]["last_name"], "BERTIN");
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"limits.list_cut"), "{codes:?}");

    let (_, out, _) = delib(&["parse"], text.as_bytes());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["deliberations"][0]["attendance"]["present"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}
