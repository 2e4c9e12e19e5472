//! Persons: civility, first name and surname, decided by evidence.
//!
//! Surnames are mostly printed in capitals and first names in mixed case,
//! in either order (« Jean-Claude LEROY », « LEROY Jean-Claude »). When
//! case tells nothing (all capitals, all lower case), the surname is taken
//! last, and a caller that knows the same person from a list (the president
//! named in capitals in the header and in mixed case in the roll call) can
//! replace the guess with [`resolve`].

use crate::departements::fold;
use crate::model::{Civility, Person};
use crate::text::Text;

/// Words that are never part of a name in a roll call.
const NOT_NAME_WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "des",
    "du",
    "au",
    "aux",
    "et",
    "à",
    "a",
    "est",
    "sont",
    "ont",
    "pour",
    "par",
    "sur",
    "dans",
    "qui",
    "que",
    "séance",
    "président",
    "présidente",
    "conseil",
    "commission",
    "monsieur le",
    "madame la",
    "vote",
    "présents",
    "présent",
    "excusé",
    "excusés",
    "absent",
    "absents",
    "pouvoir",
    "procuration",
    "donne",
    "représenté",
    "représentée",
    "délibération",
    "article",
    "rapport",
    "réunion",
    "secrétaire",
    "ouvre",
    "heures",
];

/// Particles that start a surname and are printed in lower case
/// (« Charles de GAULLE », « Anne van DAMME »).
const PARTICLES: &[&str] = &[
    "de", "du", "des", "d'", "van", "von", "der", "den", "le", "la", "di", "da", "del", "dos",
];

/// Reads a civility at the start of `s`: returns it, whether it is plural
/// (« MM. », « Mmes ») and the rest.
pub fn civility(s: &str) -> Option<(Civility, bool, &str)> {
    const TABLE: &[(&str, Civility, bool)] = &[
        ("Monsieur", Civility::Monsieur, false),
        ("MONSIEUR", Civility::Monsieur, false),
        ("Madame", Civility::Madame, false),
        ("MADAME", Civility::Madame, false),
        ("Mademoiselle", Civility::Madame, false),
        ("Messieurs", Civility::Monsieur, true),
        ("Mesdames", Civility::Madame, true),
        ("Mmes.", Civility::Madame, true),
        ("Mmes", Civility::Madame, true),
        ("MMES", Civility::Madame, true),
        ("Mme.", Civility::Madame, false),
        ("Mme", Civility::Madame, false),
        ("MME", Civility::Madame, false),
        ("Mlle.", Civility::Madame, false),
        ("Mlle", Civility::Madame, false),
        ("MM.", Civility::Monsieur, true),
        ("MM", Civility::Monsieur, true),
        ("Mr.", Civility::Monsieur, false),
        ("Mr", Civility::Monsieur, false),
        ("M.", Civility::Monsieur, false),
    ];
    for &(word, c, plural) in TABLE {
        if let Some(rest) = s.strip_prefix(word) {
            // The civility must end there: « M. » then a name, « Mme » then a
            // space (not « Mmeline »).
            let ok =
                word.ends_with('.') || rest.is_empty() || rest.starts_with([' ', '\n', '\t', '.']);
            if ok {
                let rest = rest.strip_prefix('.').unwrap_or(rest);
                return Some((c, plural, rest.trim_start()));
            }
        }
    }
    None
}

/// Is this word printed as a surname (capitals, possibly hyphenated)?
fn is_upper_word(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return false;
    }
    // One capital (an initial) is not a surname.
    if letters.len() == 1 {
        return false;
    }
    letters.iter().all(|c| c.is_uppercase())
}

/// Does `w` start with a capital and continue in lower case (« Jean-Claude »)?
fn is_mixed_word(w: &str) -> bool {
    let mut chars = w.chars().filter(|c| c.is_alphabetic());
    match chars.next() {
        Some(c) if c.is_uppercase() => chars.any(|c| c.is_lowercase()),
        _ => false,
    }
}

/// Does this stretch of text look like one person's name (with or without
/// civility)? Used to stop a list at the first entry that is prose.
pub fn looks_like_name(s: &str) -> bool {
    let s = s.trim();
    let s = civility(s).map_or(s, |(_, _, r)| r);
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    if s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut capitalised = 0;
    for w in &words {
        let lw = w.to_lowercase();
        if NOT_NAME_WORDS.contains(&lw.as_str()) && !PARTICLES.contains(&lw.as_str()) {
            return false;
        }
        let first = w.chars().next().unwrap_or(' ');
        if first.is_uppercase() {
            capitalised += 1;
        } else if !PARTICLES.contains(&lw.as_str()) && !lw.starts_with("d'") {
            return false;
        }
    }
    capitalised > 0
}

/// Parses one person from `text.s[start..end]` (decorations already
/// removed). Returns `None` when the stretch holds no name.
pub fn parse(text: &Text<'_>, start: usize, end: usize) -> Option<Person> {
    parse_with(text, start, end, None)
}

/// Like [`parse`], with a civility inherited from a plural civility before
/// it (« MM. AUBRY, AUGER »).
pub fn parse_with(
    text: &Text<'_>,
    start: usize,
    end: usize,
    inherited: Option<Civility>,
) -> Option<Person> {
    let raw = &text.s[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim().trim_end_matches([',', ';', '.']).trim_end();
    let trimmed = if trimmed.ends_with(|c: char| c.is_uppercase()) && raw.trim().ends_with('.') {
        // Keep the full stop of an initial (« GARENEAUX V. »).
        let t = raw.trim();
        let before = t[..t.len() - 1].chars().next_back();
        let prev_is_space = t[..t.len() - 1]
            .chars()
            .rev()
            .nth(1)
            .is_none_or(|c| c == ' ');
        if before.is_some_and(|c| c.is_uppercase()) && prev_is_space {
            t
        } else {
            trimmed
        }
    } else {
        trimmed
    };
    if trimmed.is_empty() {
        return None;
    }
    let s0 = start + lead;
    let s1 = s0 + trimmed.len();
    let (civ, rest) = match civility(trimmed) {
        Some((c, _, rest)) => (Some(c), rest),
        None => (inherited, trimmed),
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    if words.is_empty() || !words.iter().any(|w| w.chars().any(char::is_alphabetic)) {
        return None;
    }
    let (first, last) = split_name(&words);
    Some(Person {
        civility: civ,
        first_name: first,
        last_name: last,
        text: crate::text::collapse(trimmed),
        span: text.span(s0, s1),
    })
}

/// Splits name words into first name and surname.
pub fn split_name(words: &[&str]) -> (Option<String>, Option<String>) {
    let join = |ws: &[&str]| -> Option<String> {
        if ws.is_empty() {
            None
        } else {
            Some(fix_hyphens(&ws.join(" ")))
        }
    };
    let upper: Vec<bool> = words.iter().map(|w| is_upper_word(w)).collect();
    let n = words.len();
    if n == 1 {
        return (None, join(words));
    }
    let any_upper = upper.iter().any(|&u| u);
    let any_mixed = words.iter().any(|w| is_mixed_word(w));
    if any_upper && any_mixed {
        if upper[0] {
            // « NOM Prénom »: the leading run of capitals is the surname.
            let k = upper.iter().take_while(|&&u| u).count();
            return (join(&words[k..]), join(&words[..k]));
        }
        // « Prénom [particle] NOM »: the surname starts at the first capital
        // word, or at a particle just before it.
        let mut k = upper.iter().position(|&u| u).unwrap_or(n - 1);
        while k > 1 && PARTICLES.contains(&words[k - 1].to_lowercase().as_str()) {
            k -= 1;
        }
        return (join(&words[..k]), join(&words[k..]));
    }
    if !any_upper
        && words
            .iter()
            .all(|w| w.chars().count() <= 2 && w.ends_with('.'))
    {
        return (None, join(words));
    }
    // No evidence from case: « V. GARENEAUX » style initials first, else the
    // surname is the last word (with its particles).
    let mut k = n - 1;
    while k > 1 && PARTICLES.contains(&words[k - 1].to_lowercase().as_str()) {
        k -= 1;
    }
    if upper.iter().all(|&u| u) && upper.len() == n && n >= 2 {
        // All capitals: an initial after the surname (« GARENAUX L ») is a
        // first-name initial.
        let last_is_initial = words[n - 1].trim_end_matches('.').chars().count() == 1;
        if last_is_initial {
            return (join(&words[n - 1..]), join(&words[..n - 1]));
        }
    }
    if words[n - 1].trim_end_matches('.').chars().count() == 1 {
        return (join(&words[n - 1..]), join(&words[..n - 1]));
    }
    (join(&words[..k]), join(&words[k..]))
}

/// « Jean- René » (a hyphen left before a line break) becomes « Jean-René ».
fn fix_hyphens(s: &str) -> String {
    s.replace("- ", "-").replace(" -", "-")
}

/// The comparison key of a person: folded first and last names.
pub fn key(p: &Person) -> String {
    let mut s = String::new();
    if let Some(f) = &p.first_name {
        s.push_str(f);
        s.push(' ');
    }
    if let Some(l) = &p.last_name {
        s.push_str(l);
    }
    fold(&s)
}

/// Replaces the names of `p` by those of the same person in `known` when the
/// folded names match (or `p`'s words match in the other order), keeping
/// `p`'s span and text. A president printed « JEAN-CLAUDE LEROY » in a
/// header becomes « Jean-Claude » / « LEROY » as the roll call prints them.
pub fn resolve(p: &mut Person, known: &[&Person]) {
    let k = fold(&p.text);
    let k = civility_stripped(&k);
    for q in known {
        let kq = key(q);
        let reversed = {
            let mut s = String::new();
            if let Some(l) = &q.last_name {
                s.push_str(l);
                s.push(' ');
            }
            if let Some(f) = &q.first_name {
                s.push_str(f);
            }
            fold(&s)
        };
        if !kq.is_empty() && (k == kq || k == reversed) {
            p.first_name = q.first_name.clone();
            p.last_name = q.last_name.clone();
            return;
        }
    }
}

fn civility_stripped(folded: &str) -> &str {
    for c in ["MONSIEUR ", "MADAME ", "MME ", "M ", "MR "] {
        if let Some(r) = folded.strip_prefix(c) {
            return r;
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> (Option<String>, Option<String>) {
        let w: Vec<&str> = s.split_whitespace().collect();
        split_name(&w)
    }

    fn o(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn orders_by_case() {
        assert_eq!(split("Jean-Claude LEROY"), (o("Jean-Claude"), o("LEROY")));
        assert_eq!(split("LEROY Jean-Claude"), (o("Jean-Claude"), o("LEROY")));
        assert_eq!(
            split("Serge VAN DER HOEVEN"),
            (o("Serge"), o("VAN DER HOEVEN"))
        );
        assert_eq!(
            split("VAN LOOVEREN Audrey"),
            (o("Audrey"), o("VAN LOOVEREN"))
        );
        assert_eq!(split("Charles de GAULLE"), (o("Charles"), o("de GAULLE")));
        assert_eq!(split("CHEVALIER"), (None, o("CHEVALIER")));
        assert_eq!(split("GARENEAUX V."), (o("V."), o("GARENEAUX")));
        assert_eq!(split("GARENAUX L"), (o("L"), o("GARENAUX")));
        assert_eq!(split("JEAN-CLAUDE LEROY"), (o("JEAN-CLAUDE"), o("LEROY")));
        assert_eq!(split("Jean- René LECERF"), (o("Jean-René"), o("LECERF")));
    }

    #[test]
    fn civilities() {
        assert_eq!(civility("M. Jean").map(|c| c.0), Some(Civility::Monsieur));
        assert_eq!(
            civility("Mme X").map(|c| (c.0, c.1)),
            Some((Civility::Madame, false))
        );
        assert_eq!(civility("MM. A").map(|c| c.1), Some(true));
        assert_eq!(civility("Mmes A").map(|c| c.1), Some(true));
        assert!(civility("Marie X").is_none());
        assert!(civility("MARTIN").is_none());
    }

    #[test]
    fn names_and_prose() {
        assert!(looks_like_name("M. Jean-Claude LEROY"));
        assert!(looks_like_name("Serge VAN DER HOEVEN"));
        assert!(!looks_like_name("Monsieur le Président ouvre la séance"));
        assert!(!looks_like_name("2"));
        assert!(!looks_like_name(
            "CONVENTION PLURIANNUELLE D'OBJECTIFS ET DE MOYENS AVEC LA"
        ));
    }
}
