//! Bank details: IBAN, BIC, French RIB (bank, branch, account, key), holder,
//! bank and branch names.
//!
//! Everything is reported as printed and validated, never corrected: an
//! IBAN whose check digits fail is still reported, with `iban_valid:
//! false` and a diagnostic saying which check failed.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{BankAccount, Diagnostic};
use crate::text::{Text, collapse};

static IBAN_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bI\.?[ \t]?B\.?[ \t]?A\.?[ \t]?N\.?(?:[ \t]*\([^)\n]{0,40}\))?[ \t]*:?[ \t\n]*",
    )
    .expect("valid regex")
});

static BIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:BIC|SWIFT|Code[ \t]+SWIFT|Code[ \t]+BIC)[ \t]*(?:\([^)\n]{0,40}\))?[ \t]*:?[ \t]*([A-Za-z0-9]{4,14})\b").expect("valid regex")
});

static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)^[ \t-]*(code[ \t]+banque|code[ \t]+guichet|(?:num[ée]ro|n°)[ \t]+de[ \t]+compte|cl[ée][ \t]+(?:rib|r\.i\.b\.?)|ouvert[ \t]+au[ \t]+nom[ \t]+de|ouvert[ \t]+au[ \t]+nom|titulaire(?:[ \t]+du[ \t]+compte)?|dans[ \t]+les[ \t]+[ée]critures[ \t]+de[ \t]+la[ \t]+banque|banque|agence|domiciliation)[ \t]*:[ \t]*([^\n]*)$",
    )
    .expect("valid regex")
});

/// Length of the IBAN of each country we expect to meet.
fn iban_length(country: &str) -> Option<usize> {
    Some(match country {
        "FR" | "MC" | "IT" | "GR" => 27,
        "BE" => 16,
        "LU" => 20,
        "DE" => 22,
        "ES" | "CH" | "LI" => 24,
        "NL" => 18,
        "PT" => 25,
        "GB" | "IE" => 22,
        "AT" => 20,
        "DK" | "FI" => 18,
        _ => return None,
    })
}

/// Bank accounts printed in `range`.
pub fn extract(
    text: &Text<'_>,
    range: Range<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<BankAccount> {
    let s = &text.s[range.clone()];
    let base = range.start;
    let mut out: Vec<BankAccount> = Vec::new();
    let mut anchors: Vec<usize> = Vec::new();
    // Each IBAN anchors an account.
    for m in IBAN_LABEL.find_iter(s) {
        let Some((iban, a, b)) = read_iban(s, m.end()) else {
            continue;
        };
        let mut acc = BankAccount {
            span: text.span(base + a, base + b),
            ..BankAccount::default()
        };
        match iban.parse::<iban::Iban>() {
            Ok(_) => acc.iban_valid = Some(true),
            Err(e) => {
                acc.iban_valid = Some(false);
                diags.push(Diagnostic::warning(
                    "bank.iban_invalid",
                    format!("iban {iban} is not valid: {e}"),
                    Some(acc.span),
                ));
            }
        }
        acc.iban = Some(iban);
        out.push(acc);
        anchors.push(m.start());
    }
    // Labelled fields go to the nearest account (or open one when there is
    // no IBAN at all, as on pre-SEPA RIBs).
    let labelled: Vec<(usize, String, String)> = LABELLED
        .captures_iter(s)
        .map(|c| {
            (
                c.get(0).map_or(0, |m| m.start()),
                c[1].to_lowercase(),
                c[2].trim().to_owned(),
            )
        })
        .collect();
    let bics: Vec<(usize, String)> = BIC
        .captures_iter(s)
        .map(|c| (c.get(0).map_or(0, |m| m.start()), c[1].to_uppercase()))
        .filter(|(_, b)| b.len() >= 6)
        .collect();
    if out.is_empty()
        && !labelled
            .iter()
            .any(|(_, l, _)| l.contains("compte") || l.contains("banque"))
    {
        return out;
    }
    if out.is_empty() {
        let at = labelled.first().map_or(0, |l| l.0);
        out.push(BankAccount {
            span: text.span(base + at, base + at),
            ..BankAccount::default()
        });
        anchors.push(at);
    }
    let nearest = |pos: usize| -> usize {
        anchors
            .iter()
            .enumerate()
            .min_by_key(|(_, a)| a.abs_diff(pos))
            .map_or(0, |(i, _)| i)
    };
    for (pos, label, value) in labelled {
        if value.is_empty() {
            continue;
        }
        let acc = &mut out[nearest(pos)];
        if label.starts_with("code banque") {
            acc.bank_code.get_or_insert(value);
        } else if label.starts_with("code guichet") {
            acc.branch_code.get_or_insert(value);
        } else if label.contains("compte") && !label.starts_with("titulaire") {
            // « Numéro de compte : 16275 00600 08000252630 » may hold the
            // whole RIB: bank, branch and account.
            let parts: Vec<&str> = value.split_whitespace().collect();
            if parts.len() >= 3 && parts[0].len() == 5 && parts[1].len() == 5 {
                acc.bank_code.get_or_insert(parts[0].to_owned());
                acc.branch_code.get_or_insert(parts[1].to_owned());
                acc.account_number.get_or_insert(parts[2].to_owned());
                if parts.len() >= 4 && parts[3].len() == 2 {
                    acc.rib_key.get_or_insert(parts[3].to_owned());
                }
            } else {
                acc.account_number.get_or_insert(parts.concat());
            }
        } else if label.starts_with("cl") {
            acc.rib_key
                .get_or_insert(value.split_whitespace().collect());
        } else if label.starts_with("ouvert") || label.starts_with("titulaire") {
            acc.holder.get_or_insert(collapse(&value));
        } else if label.starts_with("dans les") || label == "banque" {
            acc.bank_name.get_or_insert(collapse(&value));
        } else if label.starts_with("agence") || label.starts_with("domiciliation") {
            acc.branch_name.get_or_insert(collapse(&value));
        }
    }
    for (pos, bic) in bics {
        let i = nearest(pos);
        out[i].bic.get_or_insert(bic);
    }
    for acc in &mut out {
        validate(acc, diags);
    }
    out
}

/// Reads an IBAN starting at `from`: two letters, two digits, then groups of
/// letters and digits separated by single spaces or one line break, up to
/// the length of that country's IBAN.
fn read_iban(s: &str, from: usize) -> Option<(String, usize, usize)> {
    let bytes = s.as_bytes();
    let mut i = from;
    let mut out = String::new();
    let mut end = from;
    let mut want: Option<usize> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            out.push(b.to_ascii_uppercase() as char);
            i += 1;
            end = i;
            if out.len() == 2 {
                want = iban_length(&out);
                if !out.chars().all(|c| c.is_ascii_alphabetic()) {
                    return None;
                }
            }
            if want.is_some_and(|w| out.len() >= w) {
                break;
            }
            continue;
        }
        // One separator between groups: a space, or a line break (and the
        // blank line a converter adds).
        if b == b' ' || b == b'\n' || b == b'-' {
            let mut j = i;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\n') && j - i < 3 {
                j += 1;
            }
            if j < bytes.len() && bytes[j].is_ascii_alphanumeric() && j > i {
                // Stop at words: a separator followed by a lower-case word that
                // is not part of the IBAN.
                if bytes[j].is_ascii_lowercase() && want.is_some() {
                    break;
                }
                i = j;
                continue;
            }
        }
        break;
    }
    if out.len() < 15 || !out[2..4].chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(w) = want {
        if out.len() > w {
            out.truncate(w);
        }
    }
    let start = from;
    Some((out, start, end))
}

/// The RIB key: 97 − ((89 × bank + 15 × branch + 3 × account) mod 97), with
/// letters in the account number replaced as the standard says.
pub fn rib_key(bank: &str, branch: &str, account: &str) -> Option<u32> {
    let digits = |s: &str| -> Option<u64> {
        let mut v: u64 = 0;
        for c in s.chars() {
            let d = match c {
                '0'..='9' => c as u64 - '0' as u64,
                'A' | 'J' => 1,
                'B' | 'K' | 'S' => 2,
                'C' | 'L' | 'T' => 3,
                'D' | 'M' | 'U' => 4,
                'E' | 'N' | 'V' => 5,
                'F' | 'O' | 'W' => 6,
                'G' | 'P' | 'X' => 7,
                'H' | 'Q' | 'Y' => 8,
                'I' | 'R' | 'Z' => 9,
                _ => return None,
            };
            v = v * 10 + d;
        }
        Some(v)
    };
    if bank.len() != 5 || branch.len() != 5 || account.len() != 11 {
        return None;
    }
    let b = digits(&bank.to_uppercase())?;
    let g = digits(&branch.to_uppercase())?;
    let c = digits(&account.to_uppercase())?;
    Some((97 - ((89 * b + 15 * g + 3 * c) % 97)) as u32)
}

/// Is `bic` well formed: 8 or 11 characters, four letters for the bank, two
/// for the country, then letters or digits?
pub fn bic_problem(bic: &str) -> Option<&'static str> {
    let n = bic.len();
    if n != 8 && n != 11 {
        return Some("a bic has 8 or 11 characters");
    }
    if !bic[..6].chars().all(|c| c.is_ascii_alphabetic()) {
        return Some("a bic starts with four letters for the bank and two for the country");
    }
    if !bic[6..].chars().all(|c| c.is_ascii_alphanumeric()) {
        return Some("a bic ends with letters or digits");
    }
    None
}

fn validate(acc: &mut BankAccount, diags: &mut Vec<Diagnostic>) {
    // The RIB inside a French IBAN, when none is printed beside it.
    if let Some(iban) = acc
        .iban
        .as_deref()
        .filter(|i| i.starts_with("FR") && i.len() == 27)
    {
        let (bank, branch, account, key) =
            (&iban[4..9], &iban[9..14], &iban[14..25], &iban[25..27]);
        for (field, value, label) in [
            (&mut acc.bank_code, bank, "bank code"),
            (&mut acc.branch_code, branch, "branch code"),
            (&mut acc.account_number, account, "account number"),
            (&mut acc.rib_key, key, "rib key"),
        ] {
            match field {
                None => *field = Some(value.to_owned()),
                Some(printed) if printed.as_str() != value => diags.push(Diagnostic::warning(
                    "bank.rib_mismatch",
                    format!("the printed {label} {printed} differs from the iban's {value}"),
                    Some(acc.span),
                )),
                Some(_) => {}
            }
        }
    }
    if let (Some(b), Some(g), Some(c), Some(k)) = (
        &acc.bank_code,
        &acc.branch_code,
        &acc.account_number,
        &acc.rib_key,
    ) {
        let expected = rib_key(b, g, c);
        let ok = expected.is_some_and(|e| k.parse::<u32>().ok() == Some(e));
        acc.rib_key_valid = Some(ok);
        if !ok {
            diags.push(Diagnostic::warning(
                "bank.rib_key_invalid",
                match expected {
                    Some(e) => format!("rib key {k} does not match bank {b}, branch {g}, account {c} (expected {e:02})"),
                    None => format!("rib {b} {g} {c} {k} is not a well-formed french rib"),
                },
                Some(acc.span),
            ));
        }
    }
    if let Some(bic) = acc.bic.clone() {
        let mut problem = bic_problem(&bic).map(str::to_owned);
        if problem.is_none() {
            if let Some(iban) = &acc.iban {
                let country = &iban[..2];
                let bic_country = &bic[4..6];
                // Monaco's banks use French BICs.
                if country != bic_country && !(country == "MC" && bic_country == "FR") {
                    problem = Some(format!(
                        "the bic's country {bic_country} differs from the iban's {country}"
                    ));
                }
            }
        }
        acc.bic_valid = Some(problem.is_none());
        if let Some(p) = problem {
            diags.push(Diagnostic::warning(
                "bank.bic_invalid",
                format!("bic {bic} is not valid: {p}"),
                Some(acc.span),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offsets::OffsetMap;

    fn accounts(s: &str) -> (Vec<BankAccount>, Vec<Diagnostic>) {
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        let mut d = Vec::new();
        let a = extract(&t, 0..s.len(), &mut d);
        (a, d)
    }

    #[test]
    fn rib_keys() {
        assert_eq!(rib_key("16275", "00600", "08000252630"), Some(75));
    }

    #[test]
    fn seed_like_block() {
        let (a, d) = accounts(
            "Agence : Caisse X\n\nNuméro de compte : 16275 00600 08000252630\n\nClé RIB : 75\n\nIBAN : FR76 1627 5006 0008 0002 5263 075\n\nBIC : CEPAPFRPP627\n\nOuvert au nom : ASSOCIATION\n\nDans les écritures de la banque : CAISSE\n",
        );
        assert_eq!(a.len(), 1);
        let a = &a[0];
        assert_eq!(a.iban.as_deref(), Some("FR7616275006000800025263075"));
        assert_eq!(a.iban_valid, Some(true));
        assert_eq!(a.rib_key_valid, Some(true));
        assert_eq!(a.bic_valid, Some(false));
        assert_eq!(a.holder.as_deref(), Some("ASSOCIATION"));
        assert_eq!(a.bank_name.as_deref(), Some("CAISSE"));
        assert_eq!(a.branch_name.as_deref(), Some("Caisse X"));
        assert!(d.iter().any(|d| d.code == "bank.bic_invalid"));
    }

    #[test]
    fn one_changed_digit_is_invalid() {
        let (a, d) = accounts("IBAN : FR76 1627 5006 0008 0002 5263 076\n");
        assert_eq!(a[0].iban_valid, Some(false));
        assert!(d.iter().any(|d| d.code == "bank.iban_invalid"));
    }

    #[test]
    fn iban_cut_across_lines() {
        let (a, _) = accounts("I.B.A.N. : fr76 1627 5006 0008\n0002 5263 075 suite\n");
        assert_eq!(a[0].iban.as_deref(), Some("FR7616275006000800025263075"));
    }
}
