//! `delib redact`: no full IBAN or account number of the input survives,
//! and every other byte is left as it is.

mod common;

use std::path::Path;
use std::process::Command;

/// The input decoded to text, for searching (UTF-16 with BOM or UTF-8;
/// Windows-1252 bytes above ASCII become U+FFFD, which no number holds).
fn as_text(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let u: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&u);
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// Letters and digits of `s`, upper case, blanks dropped.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The numbers a redacted file must not show: the IBANs the annotator
/// listed (independent of the parser) and the account numbers the parser
/// read.
fn secrets(file: &Path, bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let exp = file.with_extension("expected.json");
    if let Ok(e) = std::fs::read_to_string(&exp) {
        let v: serde_json::Value = serde_json::from_str(&e).unwrap();
        for i in v["ibans"].as_array().into_iter().flatten() {
            out.push(squash(i.as_str().unwrap()));
        }
    }
    let doc = deliberation::parse_bytes(bytes).unwrap();
    for d in &doc.deliberations {
        for a in d
            .bank_accounts
            .iter()
            .chain(d.annexes.iter().flat_map(|x| &x.bank_accounts))
        {
            out.extend(a.iban.clone());
            out.extend(a.account_number.clone());
        }
    }
    out.sort();
    out.dedup();
    out
}

fn redact(file: &Path, what: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_delib"))
        .args(["redact", file.to_str().unwrap(), "--redact", what])
        .output()
        .expect("delib runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn check(file: &Path) -> usize {
    let bytes = std::fs::read(file).unwrap();
    let secrets = secrets(file, &bytes);
    if secrets.is_empty() {
        return 0;
    }
    let out = redact(file, "bank");
    assert_eq!(out.len(), bytes.len(), "{}: length changed", file.display());
    for (i, (a, b)) in bytes.iter().zip(&out).enumerate() {
        if a != b {
            assert!(
                *b == b'*' && (a.is_ascii_alphanumeric() || (*a == 0)),
                "{}: byte {i} changed from {a:#x} to {b:#x}",
                file.display()
            );
        }
    }
    let text = squash(&as_text(&out));
    for s in &secrets {
        assert!(
            !text.contains(s.as_str()),
            "{}: {s} survives redaction",
            file.display()
        );
    }
    // The input did show them.
    let before = squash(&as_text(&bytes));
    assert!(secrets.iter().any(|s| before.contains(s.as_str())));
    secrets.len()
}

#[test]
fn fixtures_keep_no_bank_number() {
    let mut n = 0;
    for f in common::txt_files(&common::fixtures()) {
        n += check(&f);
    }
    assert!(n >= 8, "only {n} numbers checked");
}

#[test]
fn shared_corpus_keeps_no_bank_number() {
    let Some(shared) = common::shared() else {
        return;
    };
    for dir in ["corpus", "seed"] {
        for f in common::txt_files(&shared.join(dir)) {
            check(&f);
        }
    }
}

#[test]
fn output_file_and_persons() {
    let dir = std::env::temp_dir().join(format!("delib-redact-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.txt");
    // Invented names and account.
    let text = "CONVENTION\n\nEtaient présents : M. Paul ARNAUD, Mme Lucie BOREL.\n\nLe Département verse 500 € à Mme Odile VERNAY, bénéficiaire, sur le compte :\nTitulaire du compte : Mme Odile VERNAY\nIBAN : FR76 1742 9003 1804 5128 7396 080\nMonsieur le Président et M. Paul ARNAUD signent.\n";
    std::fs::write(&input, text).unwrap();
    let out_path = dir.join("out.txt");
    let st = Command::new(env!("CARGO_BIN_EXE_delib"))
        .args([
            "redact",
            input.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
            "--redact",
            "persons",
        ])
        .status()
        .unwrap();
    assert!(st.success());
    let out = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(out.len(), text.len());
    assert!(!out.contains("VERNAY"), "{out}");
    assert!(!out.contains("Odile"), "{out}");
    assert!(out.contains("Mme ***** ******"), "{out}");
    // Members and titles stay.
    assert!(out.contains("M. Paul ARNAUD signent"), "{out}");
    assert!(out.contains("Mme Lucie BOREL"), "{out}");
    assert!(out.contains("Monsieur le Président"), "{out}");
    assert!(out.contains("FR** 1742 9***"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn parse_redact_bank_masks_every_string() {
    let f = common::fixtures().join("f01-cp-seedlike.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_delib"))
        .args(["parse", f.to_str().unwrap(), "--redact", "bank"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json = String::from_utf8(out.stdout).unwrap();
    let squashed = squash(&json);
    assert!(!squashed.contains("FR7617429003180451287396080"));
    assert!(!squashed.contains("04512873960"));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let acc = &v["deliberations"][0]["annexes"][0]["bank_accounts"][0];
    let acc = if acc.is_null() {
        &v["deliberations"][0]["bank_accounts"][0]
    } else {
        acc
    };
    assert_eq!(acc["iban_valid"], true);
    assert_eq!(acc["bank_code"], "17429");
    assert!(acc["iban"].as_str().unwrap().ends_with("6080"));
}

/// `Parser::redact(Bank)`: no string of the JSON output holds a full IBAN or
/// account number, on every fixture and shared document.
#[test]
fn json_output_keeps_no_bank_number() {
    let mut files = common::txt_files(&common::fixtures());
    if let Some(shared) = common::shared() {
        files.extend(common::txt_files(&shared.join("corpus")));
        files.extend(common::txt_files(&shared.join("seed")));
    }
    let mut checked = 0;
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let secrets = secrets(&f, &bytes);
        if secrets.is_empty() {
            continue;
        }
        let doc = deliberation::Parser::new()
            .redact(deliberation::redact::Redact::Bank)
            .parse_bytes(&bytes)
            .unwrap();
        let json = squash(&serde_json::to_string(&doc).unwrap());
        for s in &secrets {
            assert!(
                !json.contains(s.as_str()),
                "{}: {s} in the JSON",
                f.display()
            );
        }
        // Validity is kept.
        let accounts: Vec<_> = doc
            .deliberations
            .iter()
            .flat_map(|d| {
                d.bank_accounts
                    .iter()
                    .chain(d.annexes.iter().flat_map(|a| &a.bank_accounts))
            })
            .collect();
        assert!(
            accounts
                .iter()
                .any(|a| a.iban_valid.is_some() || a.rib_key_valid.is_some())
        );
        checked += 1;
    }
    assert!(checked >= 6);
}

mod any_input {
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "IBAN : ",
        "I.B.A.N.",
        "FR76 1742 9003 1804 5128 7396 080",
        "fr76 1742 9003\n1804 5128 7396 080",
        "BE61 7320 4582 9117",
        "BIC : BQSOFRPP803",
        "Code banque",
        "Code\nétablissemen\nt",
        "| 17429 | 00318 | 04512873960 | 80 |",
        "N° du compte : 04512873960 80",
        "Clé RIB : 80",
        "Titulaire : Mme Odile VERNAY",
        "Domiciliatio\nn",
        "Club :",
        "é",
        "€ 12",
        "\n",
        "\n\n",
        "   ",
        "RIB : 16275 00600 08000252630 75",
        "Étaient présents : M. Paul ARNAUD.",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]
        #[test]
        fn redaction_only_turns_letters_and_digits_into_stars(idx in proptest::collection::vec(0..PIECES.len(), 0..14)) {
            let text: String = idx.iter().map(|&i| PIECES[i]).collect();
            let what = deliberation::redact::Redaction::default()
                .with(deliberation::redact::Redact::Persons);
            let out = deliberation::redact::input(text.as_bytes(), what).unwrap();
            prop_assert_eq!(out.len(), text.len());
            for (a, b) in text.bytes().zip(&out) {
                if a != *b {
                    prop_assert!(*b == b'*' && (a.is_ascii_alphanumeric() || a >= 0x80));
                }
            }
            prop_assert!(std::str::from_utf8(&out).is_ok());
        }
    }
}
