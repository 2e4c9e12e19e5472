//! `delib parse` over many files: streaming JSONL, output folders, error
//! records, exit codes, the `--input jsonl` protocol and PDF inputs.

mod common;

use common::delib;

use serde_json::Value;
use std::path::PathBuf;

/// An invented deliberation; `k` varies names, numbers and amounts.
fn deliberation(k: usize) -> String {
    let surnames = [
        "DUPOND",
        "MARTIN",
        "LEFEBVRE",
        "ROUSSEL",
        "GARNIER",
        "PETITJEAN",
    ];
    let a = surnames[k % surnames.len()];
    let b = surnames[(k / 7) % surnames.len()];
    format!(
        "DEPARTEMENT DE LA SOMME\n\
         DELIBERATION DE LA COMMISSION PERMANENTE\n\
         REUNION DU {day} MARS 2024\n\
         Étaient présents : M. Jean {a}, Mme Claire {b}.\n\
         AIDE AU CLUB NUMERO {k}\n\
         (N°2024-{k})\n\
         Vu le Code général des collectivités territoriales ;\n\
         DECIDE :\n\
         Article 1 : D'attribuer une subvention de {amount} € au Club Sportif de Ham.\n\
         Pour : 2 voix Contre : 0 voix Abstention : 0 voix\n",
        day = 1 + k % 28,
        amount = 100 + k,
    )
}

/// What the generator wrote: the folder and, per file in walk order,
/// whether it must fail.
struct Archive {
    dir: tempfile::TempDir,
    expected: Vec<(String, bool)>,
}

/// Writes `n` files in 20 sub-folders: mostly deliberations (UTF-8 and
/// Windows-1252), with empty, binary, unreadable (dangling links) and
/// non-input files mixed in.
fn archive(n: usize) -> Archive {
    let dir = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    for k in 0..n {
        let sub = dir.path().join(format!("d{:02}", k % 20));
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(format!("f{k:05}.txt"));
        let fails = match k % 50 {
            7 => {
                // Unreadable: a link to nothing (root reads any file, but
                // not one that does not exist).
                #[cfg(unix)]
                std::os::unix::fs::symlink(dir.path().join("missing"), &path).unwrap();
                #[cfg(not(unix))]
                std::fs::write(&path, b"\x00\x01\x02").unwrap();
                true
            }
            13 => {
                let mut bytes = b"DEPARTEMENT".to_vec();
                bytes.extend((0..512u32).map(|i| (i * 37 % 7) as u8));
                std::fs::write(&path, bytes).unwrap();
                true
            }
            21 => {
                std::fs::write(&path, b"").unwrap();
                false
            }
            33 => {
                // Windows-1252: « Étaient présents », « Contrôle ».
                let text = deliberation(k).replace("Étaient présents", "\u{0}");
                let (head, tail) = text.split_once('\u{0}').unwrap();
                let mut bytes = head.as_bytes().to_vec();
                bytes.extend_from_slice(b"\xc9taient pr\xe9sents");
                bytes.extend_from_slice(tail.as_bytes());
                std::fs::write(&path, bytes).unwrap();
                false
            }
            _ => {
                std::fs::write(&path, deliberation(k)).unwrap();
                false
            }
        };
        expected.push((path.display().to_string(), fails));
        if k % 100 == 0 {
            // Not an input: skipped by the default filter.
            std::fs::write(sub.join(format!("f{k:05}.csv")), b"a,b\n").unwrap();
        }
    }
    expected.sort();
    Archive { dir, expected }
}

fn lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn two_thousand_files_stream_in_order_with_error_records() {
    let a = archive(2000);
    let root = a.dir.path().to_str().unwrap();
    let (code1, out1, err1) = delib(&["parse", root, "--jsonl", "--jobs", "1"], b"");
    let (code2, out2, err2) = delib(&["parse", root, "--jsonl", "--jobs", "2"], b"");
    assert_eq!(code1, 3, "{err1}");
    assert_eq!(code2, 3, "{err2}");
    assert!(out1 == out2, "output differs between --jobs 1 and --jobs 2");
    let recs = lines(&out1);
    assert_eq!(recs.len(), 2000);
    let mut failures = 0;
    for (rec, (path, fails)) in recs.iter().zip(&a.expected) {
        if *fails {
            failures += 1;
            assert_eq!(rec["source"], path.as_str(), "{rec}");
            let kind = rec["error"]["kind"].as_str().unwrap();
            assert!(["unreadable", "not_text"].contains(&kind), "{rec}");
            assert!(!rec["error"]["message"].as_str().unwrap().is_empty());
        } else {
            assert_eq!(rec["source"]["name"], path.as_str(), "{rec}");
            assert_eq!(rec["schema_version"], "1");
        }
    }
    assert_eq!(failures, 80);
    // The Windows-1252 files are decoded as such, and read.
    let cp = recs
        .iter()
        .find(|r| {
            r["source"]["name"]
                .as_str()
                .is_some_and(|n| n.ends_with("f00033.txt"))
        })
        .unwrap();
    assert_eq!(cp["source"]["encoding"], "windows-1252", "{cp}");
    assert_eq!(
        cp["deliberations"][0]["attendance"]["present"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // One summary line, with the counts.
    let summary = err1.lines().last().unwrap();
    assert!(
        summary.starts_with("delib: 2000 files, 1880 deliberations, ")
            && summary.contains("80 failed"),
        "{summary}"
    );
}

#[test]
fn output_dir_mirrors_the_tree() {
    let a = archive(60);
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, err) = delib(
        &[
            "parse",
            a.dir.path().to_str().unwrap(),
            "--output-dir",
            out.path().to_str().unwrap(),
            "--quiet",
        ],
        b"",
    );
    assert_eq!(code, 3, "{err}");
    assert!(stdout.is_empty());
    // Failures are named on stderr even when quiet: there is no stream.
    assert_eq!(err.lines().count(), 3, "{err}");
    let json = out.path().join("d00").join("f00000.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["deliberations"][0]["number"], "2024-0");
    assert!(!out.path().join("d07").join("f00007.json").exists());
    assert!(out.path().join("d01").join("f00021.json").exists());
    // Documents are written through `.part` files renamed once complete; a
    // failed input leaves none behind.
    let mut left = Vec::new();
    let mut dirs = vec![out.path().to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_none_or(|x| x != "json") {
                left.push(p);
            }
        }
    }
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn fail_fast_stops_at_the_first_failure() {
    let a = archive(60);
    let (code, out, err) = delib(
        &[
            "parse",
            a.dir.path().to_str().unwrap(),
            "--fail-fast",
            "--jobs",
            "2",
        ],
        b"",
    );
    assert_eq!(code, 3, "{err}");
    let recs = lines(&out);
    let first_bad = a.expected.iter().position(|(_, f)| *f).unwrap();
    assert_eq!(recs.len(), first_bad + 1);
    assert!(recs.last().unwrap()["error"].is_object());
    assert!(err.contains("stopped early"), "{err}");
}

#[test]
fn exit_1_when_nothing_is_readable_and_max_bytes_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "DEPARTEMENT DU NORD\n".repeat(100)).unwrap();
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "x").unwrap();
    let (code, out, _) = delib(
        &[
            "parse",
            big.to_str().unwrap(),
            "--jsonl",
            "--max-bytes",
            "1000",
        ],
        b"",
    );
    assert_eq!(code, 1);
    let recs = lines(&out);
    assert_eq!(recs[0]["error"]["kind"], "too_large");
    assert!(
        recs[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("1000")
    );
    let (code, _, err) = delib(
        &[
            "parse",
            big.to_str().unwrap(),
            small.to_str().unwrap(),
            "--max-bytes",
            "1000",
            "-q",
        ],
        b"",
    );
    assert_eq!(code, 3);
    assert!(err.is_empty(), "--quiet: {err}");
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = delib(&["parse", empty.path().to_str().unwrap()], b"");
    assert_eq!(code, 1);
    assert!(err.contains("no input files"), "{err}");
}

#[test]
fn glob_chooses_the_files() {
    let a = archive(120);
    let (code, out, _) = delib(
        &[
            "parse",
            a.dir.path().to_str().unwrap(),
            "--glob",
            "*.csv",
            "-q",
        ],
        b"",
    );
    assert_eq!(code, 0);
    assert_eq!(lines(&out).len(), 2);
    let (code, _, _) = delib(&["parse", ".", "--glob", "[", "-q"], b"");
    assert_eq!(code, 2);
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, _) = delib(&["parse", "a.txt", "--jsonl", "--output-dir", "x"], b"");
    assert_eq!(code, 2);
    let (code, _, _) = delib(&["parse", "a.txt", "--input", "jsonl"], b"");
    assert_eq!(code, 2);
    let (code, _, _) = delib(&["parse", "--jobs", "many"], b"");
    assert_eq!(code, 2);
}

#[test]
fn jsonl_protocol_keeps_ids_one_line_per_record() {
    let mut input = String::new();
    let mut ids = Vec::new();
    for k in 0..40 {
        let id = format!("doc-{k}");
        let rec = match k % 10 {
            3 => "{not json".to_owned(),
            5 => format!(r#"{{"id":"{id}","body":"no text field"}}"#),
            _ => serde_json::json!({ "id": id, "text": deliberation(k) }).to_string(),
        };
        input.push_str(&rec);
        input.push('\n');
        ids.push(id);
    }
    // A numeric id is kept as a number.
    input.push_str(r#"{"id":41,"text":"DEPARTEMENT DU NORD\nDECIDE :\n"}"#);
    input.push('\n');
    let (code, out, err) = delib(
        &["parse", "--input", "jsonl", "--jobs", "2"],
        input.as_bytes(),
    );
    // Errors are answered in-band: a map step that exits non-zero fails the
    // whole Spark or Hadoop task.
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("41 files") && err.contains("8 failed"),
        "{err}"
    );
    let recs = lines(&out);
    assert_eq!(recs.len(), 41);
    for (k, rec) in recs.iter().take(40).enumerate() {
        match k % 10 {
            3 => {
                assert_eq!(rec["id"], Value::Null);
                assert_eq!(rec["error"]["kind"], "invalid_record");
            }
            5 => {
                assert_eq!(rec["id"], ids[k].as_str());
                assert_eq!(rec["error"]["kind"], "invalid_record");
            }
            _ => {
                assert_eq!(rec["id"], ids[k].as_str());
                assert_eq!(
                    rec["deliberations"][0]["number"],
                    format!("2024-{k}").as_str()
                );
            }
        }
    }
    assert_eq!(recs[40]["id"], 41);
    // An empty partition: nothing in, nothing out, success.
    let (code, out, _) = delib(&["parse", "--input", "jsonl", "-q"], b"");
    assert_eq!(code, 0);
    assert!(out.is_empty());
}

/// A one-page PDF; with `text`, a text layer in Helvetica, without, a page
/// with only a drawn rectangle (what a scan looks like to pdftotext).
fn pdf(text: Option<&str>) -> Vec<u8> {
    let content = match text {
        Some(t) => format!("BT /F1 11 Tf 50 750 Td 14 TL ({t}) Tj ET"),
        None => "0.5 g 50 50 400 600 re f".to_owned(),
    };
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn has_pdftotext() -> bool {
    let ok = deliberation::pdf::pdftotext_available();
    if !ok {
        eprintln!("skipped: pdftotext is not installed (apt-get install poppler-utils)");
    }
    ok
}

#[test]
fn pdfs_are_converted_or_refused_as_scans() {
    if !has_pdftotext() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("cp.pdf");
    std::fs::write(
        &text,
        pdf(Some(
            "DEPARTEMENT DU NORD - DELIBERATION DE LA COMMISSION PERMANENTE (N 2024-57)",
        )),
    )
    .unwrap();
    let scan = dir.path().join("scan.pdf");
    std::fs::write(&scan, pdf(None)).unwrap();
    let (code, out, err) = delib(&["parse", text.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["deliberations"][0]["authority"]["code"], "59", "{v}");
    let (code, _, err) = delib(&["parse", scan.to_str().unwrap()], b"");
    assert_eq!(code, 1);
    assert!(err.contains("no text layer"), "{err}");
    let (code, out, _) = delib(
        &[
            "parse",
            dir.path().to_str().unwrap(),
            "--glob",
            "*.pdf",
            "-q",
        ],
        b"",
    );
    assert_eq!(code, 3);
    let recs = lines(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1]["error"]["kind"], "scanned_pdf");
}

#[test]
fn real_pdfs_of_the_corpus_convert() {
    let Some(shared) = common::shared() else {
        return;
    };
    if !has_pdftotext() {
        return;
    }
    let pdfs: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .take(3)
        .collect();
    for p in pdfs {
        let (code, out, err) = delib(&["parse", p.to_str().unwrap()], b"");
        if code == 1 && err.contains("no text layer") {
            continue;
        }
        assert_eq!(code, 0, "{}: {err}", p.display());
        let v: Value = serde_json::from_str(&out).unwrap();
        assert!(v["deliberations"].as_array().is_some());
    }
}

#[test]
fn a_panic_on_one_file_is_an_error_record_and_the_rest_goes_on() {
    use deliberation::batch;
    let a = archive(12);
    let inputs = batch::walk(&[a.dir.path().to_path_buf()], &batch::Filter::default());
    let opts = batch::Options {
        jobs: 2,
        // Stands in for a parser bug on one input.
        postprocess: Some(std::sync::Arc::new(|doc: &mut deliberation::Document| {
            if doc
                .source
                .name
                .as_deref()
                .is_some_and(|n| n.ends_with("f00003.txt"))
            {
                panic!("simulated parser bug");
            }
        })),
        ..batch::Options::default()
    };
    let mut out = Vec::new();
    let summary = batch::convert(inputs, &opts, batch::Output::Jsonl(&mut out), &mut ()).unwrap();
    let recs = lines(&String::from_utf8(out).unwrap());
    assert_eq!(recs.len(), 12);
    let bad: Vec<&Value> = recs
        .iter()
        .filter(|r| r["error"]["kind"] == "panic")
        .collect();
    assert_eq!(bad.len(), 1);
    assert!(bad[0]["source"].as_str().unwrap().ends_with("f00003.txt"));
    assert!(
        bad[0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("simulated parser bug")
    );
    // f00007 is a dangling link: two failures in all.
    assert_eq!(summary.failures, 2);
    assert_eq!(summary.exit_code(), 3);
}
