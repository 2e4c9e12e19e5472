//! Redaction for publication: what an open-data publisher must not put
//! online (CRPA L312-1-2, CNIL guidance on publishing acts).
//!
//! Two things can be masked:
//!
//! - [`Redact::Bank`]: bank account numbers. In the JSON output an IBAN
//!   keeps its country code, its bank code and its last four characters,
//!   every other character becoming `*`; the account number and the RIB key
//!   are masked whole; `iban_valid`, `rib_key_valid`, the bank and branch
//!   codes, the BIC and the names are kept. Any other string of the output
//!   (an article's text, a diagnostic) that holds the full IBAN or account
//!   number is masked the same way. In the input text ([`input`]) every
//!   IBAN, account number and RIB key is masked at its span with the same
//!   rule, and every other byte is kept.
//! - [`Redact::Persons`] (with bank numbers): the names of persons who are
//!   not members of the council. **Who counts as a member**: every person
//!   the document names in an attendance list (present, excused, absent,
//!   without a deliberative vote, giving or holding a proxy), the president
//!   and the secretary of the meeting, and members named as not taking part
//!   in a vote. **What is masked**: every other name printed after a
//!   civility (« M. », « Mme », « Monsieur », « Madame »…), such as a
//!   beneficiary or an account holder named in a convention; the civility
//!   and titles (« Monsieur le Président ») are kept. Names printed without
//!   a civility cannot be told from other capitalised words and are kept.
//!
//! A masked character becomes `*` repeated as many times as the character
//! takes bytes (code units in UTF-16), so that every offset of the input
//! holds in the redacted text.

use std::sync::LazyLock;

use regex::Regex;

use crate::Error;
use crate::decode;
use crate::model::{BankAccount, Deliberation, Document, Person, Span};
use crate::normalize;
use crate::person;
use crate::text::Text;

/// What to mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redact {
    /// IBANs, account numbers and RIB keys.
    Bank,
    /// Bank numbers, and the names of persons who are not members of the
    /// council.
    Persons,
}

/// The set of things to mask (empty by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Redaction {
    /// Mask bank account numbers.
    pub bank: bool,
    /// Mask the names of non-members.
    pub persons: bool,
}

impl Redaction {
    /// Adds `what` to the set.
    pub fn with(mut self, what: Redact) -> Self {
        match what {
            Redact::Bank => self.bank = true,
            Redact::Persons => {
                self.bank = true;
                self.persons = true;
            }
        }
        self
    }

    /// Is there nothing to mask?
    pub fn is_empty(&self) -> bool {
        !self.bank && !self.persons
    }
}

/// A civility followed by capitalised words: a person named in the text.
static CIVILITY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:Monsieur|Madame|Mademoiselle|MONSIEUR|MADAME|Mme|Mlle|MME|Mr|M)\.?[ \t]+((?:(?:de|du|d'|le|la|van|von)[ \t]*)?\p{Lu}[\p{L}'-]*\.?(?:[ \t]+(?:(?:de|du|d'|le|la|van|von)[ \t]*)?\p{Lu}[\p{L}'-]*\.?){0,3})",
    )
    .expect("valid regex")
});

/// Words after a civility that are titles, not names.
const TITLES: &[&str] = &[
    "président",
    "présidente",
    "president",
    "presidente",
    "vice-président",
    "vice-présidente",
    "directeur",
    "directrice",
    "préfet",
    "préfète",
    "maire",
    "conseiller",
    "conseillère",
    "rapporteur",
    "rapporteure",
    "secrétaire",
    "payeur",
    "payeuse",
    "trésorier",
    "trésorière",
    "comptable",
    "ministre",
    "député",
    "sénateur",
    "doyen",
    "le",
    "la",
    "les",
];

/// Masks `doc` (the JSON output) as `what` says; `names` are the names of
/// non-members found in the text (see [`non_members`]).
pub fn document(doc: &mut Document, what: Redaction, names: &[String]) {
    if what.is_empty() {
        return;
    }
    let mut ibans = Vec::new();
    let mut accounts = Vec::new();
    for d in &doc.deliberations {
        for acc in all_accounts(d) {
            if let Some(i) = &acc.iban {
                ibans.push(i.clone());
            }
            if let Some(a) = &acc.account_number {
                accounts.push(a.clone());
            }
        }
    }
    for d in &mut doc.deliberations {
        let accs = d.bank_accounts.iter_mut().chain(
            d.annexes
                .iter_mut()
                .flat_map(|a| a.bank_accounts.iter_mut()),
        );
        for acc in accs {
            // The fields themselves first, so that they are masked whatever
            // happens to the rest.
            if let Some(i) = &mut acc.iban {
                let keep = iban_keep(i);
                *i = i
                    .chars()
                    .enumerate()
                    .map(|(k, c)| if keep.contains(&k) { c } else { '*' })
                    .collect();
            }
            for v in [&mut acc.account_number, &mut acc.rib_key]
                .into_iter()
                .flatten()
            {
                *v = "*".repeat(v.chars().count());
            }
        }
    }
    let Ok(mut value) = serde_json::to_value(&*doc) else {
        return;
    };
    walk_strings(&mut value, &mut |s: &mut String| {
        for iban in &ibans {
            let keep = iban_keep(iban);
            mask_in_string(s, iban, false, &|i| keep.contains(&i));
        }
        for a in &accounts {
            // A number too short to be an account would mask other numbers.
            if a.chars().filter(char::is_ascii_alphanumeric).count() >= 6 {
                mask_in_string(s, a, false, &|_| false);
            }
        }
        if what.persons {
            for n in names {
                mask_in_string(s, n, true, &|_| false);
            }
        }
    });
    if let Ok(d) = serde_json::from_value(value) {
        *doc = d;
    }
}

/// The input itself, with every IBAN, account number and RIB key masked at
/// its span (and, with `persons`, the names of non-members); every other
/// byte is kept, so the result has the input's length.
pub fn input(bytes: &[u8], what: Redaction) -> Result<Vec<u8>, Error> {
    let doc = crate::Parser::new().parse_bytes(bytes)?;
    let decoded = decode::decode(bytes)?;
    let mut out = bytes.to_vec();
    if what.is_empty() {
        return Ok(out);
    }
    let enc = doc.source.encoding.clone();
    let mut units = units_of(&out, &enc);
    for d in &doc.deliberations {
        for acc in all_accounts(d) {
            for sp in &acc.number_spans {
                let idx: Vec<usize> = unit_range(&units, *sp);
                let alnum: String = idx
                    .iter()
                    .map(|&i| units[i].2)
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                let keep = match &acc.iban {
                    Some(iban) if alnum.eq_ignore_ascii_case(iban) => iban_keep(iban),
                    _ => Vec::new(),
                };
                let mut k = 0;
                for i in idx {
                    if units[i].2.is_ascii_alphanumeric() {
                        if !keep.contains(&k) {
                            star(&mut out, &mut units, i, &enc);
                        }
                        k += 1;
                    }
                }
            }
        }
    }
    // Whatever copy of a number the spans missed (printed twice, in prose).
    for d in &doc.deliberations {
        for acc in all_accounts(d) {
            if let Some(iban) = &acc.iban {
                let keep = iban_keep(iban);
                for m in find_flexible(&units, iban) {
                    for (k, i) in m.into_iter().enumerate() {
                        if !keep.contains(&k) {
                            star(&mut out, &mut units, i, &enc);
                        }
                    }
                }
            }
            if let Some(a) = &acc.account_number {
                for m in find_flexible(&units, a) {
                    for i in m {
                        star(&mut out, &mut units, i, &enc);
                    }
                }
            }
        }
    }
    if what.persons {
        let normalized = normalize::normalize(&decoded.text);
        let text = Text::new(
            &normalized.text,
            &normalized.map,
            &decoded.text,
            &decoded.map,
        );
        for (sp, _) in non_members(&text, &doc) {
            for i in unit_range(&units, sp) {
                if units[i].2.is_alphanumeric() {
                    star(&mut out, &mut units, i, &enc);
                }
            }
        }
    }
    Ok(out)
}

/// Names printed after a civility that are not members of the council (see
/// the module's documentation): the span of each name (civility excluded)
/// and its text.
pub fn non_members(text: &Text<'_>, doc: &Document) -> Vec<(Span, String)> {
    let members: Vec<&Person> = doc.deliberations.iter().flat_map(members).collect();
    let keys: Vec<String> = members.iter().map(|p| person::key(p)).collect();
    let surnames: Vec<String> = members
        .iter()
        .filter_map(|p| p.last_name.as_deref())
        .map(|l| l.to_lowercase())
        .collect();
    let mut out = Vec::new();
    for c in CIVILITY_NAME.captures_iter(text.s) {
        let Some(m) = c.get(1) else { continue };
        let words: Vec<&str> = m.as_str().split_whitespace().collect();
        if words.iter().any(|w| {
            TITLES.contains(&w.trim_end_matches('.').to_lowercase().as_str())
                && !matches!(*w, "LE" | "LA")
        }) {
            continue;
        }
        if !person::looks_like_name(m.as_str()) {
            continue;
        }
        let Some(p) = person::parse(text, m.start(), m.end()) else {
            continue;
        };
        let member = keys.contains(&person::key(&p))
            || p.last_name
                .as_deref()
                .is_some_and(|l| surnames.contains(&l.to_lowercase()));
        if !member {
            out.push((p.span, p.text.into_string()));
        }
    }
    out
}

/// Every member named by a deliberation.
fn members(d: &Deliberation) -> Vec<&Person> {
    let a = &d.attendance;
    let mut v: Vec<&Person> = a
        .present
        .iter()
        .chain(&a.excused)
        .chain(&a.absent)
        .chain(&a.non_voting_present)
        .chain(&a.non_voting_excused)
        .chain(a.proxies.iter().flat_map(|p| [&p.from, &p.to]))
        .collect();
    v.extend(
        [
            &d.meeting.president,
            &d.meeting.secretary,
            &d.meeting.president_before_election,
        ]
        .into_iter()
        .flatten(),
    );
    v.extend(d.votes.iter().flat_map(|v| &v.not_taking_part_persons));
    v
}

fn all_accounts(d: &Deliberation) -> impl Iterator<Item = &BankAccount> {
    d.bank_accounts
        .iter()
        .chain(d.annexes.iter().flat_map(|a| &a.bank_accounts))
}

/// Positions (among the IBAN's characters) kept by redaction: the country
/// code, the bank code and the last four characters.
fn iban_keep(iban: &str) -> Vec<usize> {
    let n = iban.len();
    let mut keep = vec![0, 1];
    let bank = if iban.starts_with("FR") || iban.starts_with("MC") {
        Some(0..5)
    } else {
        iban.parse::<iban::Iban>()
            .ok()
            .and_then(|i| i.bank_identifier().map(|b| 0..b.len()))
    };
    if let Some(b) = bank {
        keep.extend(b.map(|i| i + 4).filter(|&i| i < n));
    }
    keep.extend(n.saturating_sub(4)..n);
    keep
}

fn walk_strings(v: &mut serde_json::Value, f: &mut dyn FnMut(&mut String)) {
    match v {
        serde_json::Value::String(s) => f(s),
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk_strings(x, f)),
        serde_json::Value::Object(m) => m.values_mut().for_each(|x| walk_strings(x, f)),
        _ => {}
    }
}

/// Masks in `s` every occurrence of `target` (case and blanks between its
/// characters ignored), keeping the characters whose index in `target`
/// `keep` accepts; with `whole_words`, only occurrences that are not part
/// of a longer word.
fn mask_in_string(s: &mut String, target: &str, whole_words: bool, keep: &dyn Fn(usize) -> bool) {
    if target.trim().is_empty() {
        return;
    }
    let units: Vec<(usize, usize, char)> = s
        .char_indices()
        .map(|(i, c)| (i, c.len_utf8(), c))
        .collect();
    let mut matches = find_flexible(&units, target);
    if whole_words {
        let alnum = |i: Option<&(usize, usize, char)>| i.is_some_and(|u| u.2.is_alphanumeric());
        matches.retain(|m| {
            let (first, last) = (m[0], m[m.len() - 1]);
            !alnum(first.checked_sub(1).and_then(|i| units.get(i))) && !alnum(units.get(last + 1))
        });
    }
    if matches.is_empty() {
        return;
    }
    let mut masked: Vec<bool> = vec![false; units.len()];
    for m in matches {
        for (k, i) in m.into_iter().enumerate() {
            if !keep(k) {
                masked[i] = true;
            }
        }
    }
    let mut out = String::with_capacity(s.len());
    for (i, &(_, _, c)) in units.iter().enumerate() {
        out.push(if masked[i] { '*' } else { c });
    }
    *s = out;
}

/// The characters of `bytes` decoded as `encoding`: byte offset, length in
/// bytes (code units in UTF-16), character.
fn units_of(bytes: &[u8], encoding: &str) -> Vec<(usize, usize, char)> {
    match encoding {
        "utf-16le" | "utf-16be" => {
            let le = encoding == "utf-16le";
            let mut out = Vec::with_capacity(bytes.len() / 2);
            let mut i = 0;
            while i + 1 < bytes.len() {
                let u = if le {
                    u16::from_le_bytes([bytes[i], bytes[i + 1]])
                } else {
                    u16::from_be_bytes([bytes[i], bytes[i + 1]])
                };
                out.push((i, 2, char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}')));
                i += 2;
            }
            out
        }
        "windows-1252" => bytes
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                let c = if b.is_ascii() {
                    b as char
                } else {
                    let one = [b];
                    let (d, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&one);
                    d.chars().next().unwrap_or('\u{FFFD}')
                };
                (i, 1, c)
            })
            .collect(),
        _ => {
            let text = String::from_utf8_lossy(bytes);
            if text.len() == bytes.len() {
                text.char_indices()
                    .map(|(i, c)| (i, c.len_utf8(), c))
                    .collect()
            } else {
                bytes
                    .iter()
                    .enumerate()
                    .map(|(i, &b)| (i, 1, if b.is_ascii() { b as char } else { '\u{FFFD}' }))
                    .collect()
            }
        }
    }
}

/// Indices of the units within `sp`.
fn unit_range(units: &[(usize, usize, char)], sp: Span) -> Vec<usize> {
    let a = units.partition_point(|u| u.0 < sp.start);
    let b = units.partition_point(|u| u.0 < sp.end);
    (a..b).collect()
}

/// Replaces unit `i` by stars, as many as it has bytes (UTF-16: one per code
/// unit).
fn star(out: &mut [u8], units: &mut [(usize, usize, char)], i: usize, encoding: &str) {
    let (pos, len, _) = units[i];
    let Some(slot) = out.get_mut(pos..pos + len) else {
        return;
    };
    match encoding {
        "utf-16le" => slot.copy_from_slice(&[b'*', 0]),
        "utf-16be" => slot.copy_from_slice(&[0, b'*']),
        _ => slot.fill(b'*'),
    }
    units[i].2 = '*';
}

/// Occurrences of `target` among `units`, case ignored, with any blanks
/// between its characters: for each, the indices of the matched units.
fn find_flexible(units: &[(usize, usize, char)], target: &str) -> Vec<Vec<usize>> {
    let t: Vec<char> = target
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let mut out = Vec::new();
    if t.is_empty() {
        return out;
    }
    let same = |c: char, d: char| c == d || c.to_lowercase().eq(std::iter::once(d));
    let mut i = 0;
    while i < units.len() {
        if !same(units[i].2, t[0]) {
            i += 1;
            continue;
        }
        let mut idx = vec![i];
        let mut j = i + 1;
        let mut k = 1;
        let mut blanks = 0;
        while k < t.len() && j < units.len() {
            let c = units[j].2;
            if same(c, t[k]) {
                idx.push(j);
                k += 1;
                blanks = 0;
            } else if c.is_whitespace() && blanks < 3 {
                blanks += 1;
            } else {
                break;
            }
            j += 1;
        }
        if k == t.len() {
            i = j;
            out.push(idx);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_country_bank_code_and_last_four() {
        let mut s = "IBAN : FR76 1742 9003 1804 5128 7396 080 et fin".to_owned();
        let iban = "FR7617429003180451287396080";
        let keep = iban_keep(iban);
        mask_in_string(&mut s, iban, false, &|i| keep.contains(&i));
        assert_eq!(s, "IBAN : FR** 1742 9*** **** **** ***6 080 et fin");
    }

    #[test]
    fn flexible_matching_spans_line_breaks() {
        let text = "compte 0451\n2873960 ici";
        let units: Vec<(usize, usize, char)> = text
            .char_indices()
            .map(|(i, c)| (i, c.len_utf8(), c))
            .collect();
        assert_eq!(find_flexible(&units, "04512873960").len(), 1);
        assert!(find_flexible(&units, "04512873961").is_empty());
    }

    #[test]
    fn windows_1252_names_are_masked_whole() {
        // « Présents : M. Paul ARNAUD. … représentée par Mme Hélène VAUTRIN »
        let mut bytes = b"DELIBERATION\nPr\xe9sents : M. Paul ARNAUD.\nL'association, repr\xe9sent\xe9e par Mme H\xe9l\xe8ne VAUTRIN, sa pr\xe9sidente.\n".to_vec();
        bytes.extend_from_slice(b"IBAN : FR76 1742 9003 1804 5128 7396 080\n");
        let out = input(&bytes, Redaction::default().with(Redact::Persons)).unwrap();
        assert_eq!(out.len(), bytes.len());
        let text: String = out.iter().map(|&b| b as char).collect();
        assert!(text.contains("Mme ****** *******,"), "{text}");
        assert!(text.contains("M. Paul ARNAUD"), "{text}");
    }

    #[test]
    fn json_persons_masks_non_members_only() {
        let text = "DELIBERATION\nEtaient présents : M. Paul ARNAUD, Mme Lucie BOREL.\nDECIDE :\nArticle 1 : D'attribuer 500 € à Mme Li WU et à M. Paul ARNAUDIN.\nTitulaire : Mme Li WU\nIBAN : FR76 1742 9003 1804 5128 7396 080\n";
        let doc = crate::Parser::new().redact(Redact::Persons).parse_str(text);
        let json = serde_json::to_string(&doc).unwrap();
        assert!(!json.contains("WU"), "{json}");
        assert!(!json.contains("ARNAUDIN"), "{json}");
        assert!(json.contains("Paul ARNAUD"), "{json}");
        assert!(json.contains("Lucie BOREL"), "{json}");
        assert!(!json.contains("FR7617429003180451287396080"), "{json}");
    }

    #[test]
    fn utf16_stars_keep_the_length() {
        let s = "IBAN : FR76 1742 9003 1804 5128 7396 080\n";
        let mut bytes = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let out = input(&bytes, Redaction::default().with(Redact::Bank)).unwrap();
        assert_eq!(out.len(), bytes.len());
        let back: Vec<u16> = out[2..]
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let back = String::from_utf16(&back).unwrap();
        assert_eq!(back, "IBAN : FR** 1742 9*** **** **** ***6 080\n");
    }
}
