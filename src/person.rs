//! Persons: civility, first name and surname, decided by evidence.
//!
//! Surnames are mostly printed in capitals and first names in mixed case,
//! in either order (« Jean-Claude LEROY », « LEROY Jean-Claude »). When
//! case tells nothing (all capitals, all lower case), the surname is taken
//! last, and a caller that knows the same person from a list (the president
//! named in capitals in the header and in mixed case in the roll call) can
//! replace the guess with [`resolve`].

use std::borrow::Cow;

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
        ("M", Civility::Monsieur, false),
    ];
    // Every civility starts with « M », and most text does not: one byte
    // settles most calls. The second byte leaves the few entries of TABLE
    // that can match, in TABLE's order; the bare « M » comes last, as there.
    let b = s.as_bytes();
    if b.first() != Some(&b'M') {
        return None;
    }
    let candidates: &[usize] = match b.get(1) {
        Some(b'o') => &[0, 20],
        Some(b'O') => &[1, 20],
        Some(b'a') => &[2, 4, 20],
        Some(b'A') => &[3, 20],
        Some(b'e') => &[5, 6, 20],
        Some(b'm') => &[7, 8, 10, 11, 20],
        Some(b'M') => &[9, 12, 15, 16, 20],
        Some(b'l') => &[13, 14, 20],
        Some(b'r') => &[17, 18, 20],
        Some(b'.') => &[19, 20],
        _ => &[20],
    };
    for &i in candidates {
        let (word, c, plural) = TABLE[i];
        if let Some(rest) = s.strip_prefix(word) {
            // The civility must end there: « M. » then a name, « Mme » then a
            // space (not « Mmeline »).
            let ok = if word == "M" {
                // « M Jean DUPONT »: a bare M only before a capitalised word.
                rest.strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(|c: char| c.is_uppercase()))
            } else {
                word.ends_with('.') || rest.is_empty() || rest.starts_with([' ', '\n', '\t', '.'])
            };
            if ok {
                let rest = rest.strip_prefix('.').unwrap_or(rest);
                return Some((c, plural, rest.trim_start()));
            }
        }
    }
    None
}

/// Is this word printed as a surname (capitals, possibly hyphenated)?
pub(crate) fn is_upper_word(w: &str) -> bool {
    // At least two letters, all capitals: one capital (an initial) is not a
    // surname. Counted in one pass without collecting the letters.
    let mut letters = 0usize;
    for c in w.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

/// Does `w` start with a capital and continue in lower case (« Jean-Claude »)?
fn is_mixed_word(w: &str) -> bool {
    let mut chars = w.chars().filter(|c| c.is_alphabetic());
    match chars.next() {
        Some(c) if c.is_uppercase() => chars.any(|c| c.is_lowercase()),
        _ => false,
    }
}

/// Heading words: never part of a name, in any case.
const HEADING_WORDS: &[&str] = &[
    "present",
    "presents",
    "presente",
    "presentes",
    "excuse",
    "excuses",
    "excusee",
    "excusees",
    "absent",
    "absents",
    "absente",
    "absentes",
    "pouvoir",
    "pouvoirs",
    "procuration",
    "procurations",
    "represente",
    "representee",
    "representes",
    "vu",
    "vus",
    "considerant",
    "decide",
    "article",
    "nombre",
    "membres",
    "etaient",
    "secretaire",
];

/// Is `w` a heading word (« présents », « EXCUSÉS », « Absent(e)(s) »), or
/// made of one glued to something else (« Absents-M. »)?
pub fn is_heading_word(w: &str) -> bool {
    // Same answer as splitting `fold(w).to_lowercase()` on non-letters and
    // looking the pieces up, without building either string: this runs for
    // every word of every roll call entry. The heading words are ASCII, so a
    // piece holding any other letter (or longer than the longest heading
    // word) cannot match.
    let mut pieces = Pieces::default();
    for c in w.chars() {
        if c.is_ascii() {
            // `fold` upper-cases ASCII and turns « - ' _ » into spaces; only
            // letters are letters after lower-casing.
            if c.is_ascii_alphabetic() {
                pieces.letter(c.to_ascii_lowercase());
            } else {
                pieces.end();
            }
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if unicode_normalization::char::is_combining_mark(d) {
                return;
            }
            if matches!(d, '-' | '\'' | '\u{2019}' | '_') {
                pieces.end();
                return;
            }
            for u in d.to_uppercase() {
                for l in u.to_lowercase() {
                    if l.is_alphabetic() {
                        pieces.letter(l);
                    } else {
                        pieces.end();
                    }
                }
            }
        });
        if pieces.hit {
            return true;
        }
    }
    pieces.end();
    pieces.hit
}

/// The pieces of a folded, lower-cased word, matched against the heading
/// words as they end.
#[derive(Default)]
struct Pieces {
    buf: [u8; 12],
    len: usize,
    /// The current piece holds a non-ASCII letter or is too long.
    spoilt: bool,
    hit: bool,
}

impl Pieces {
    fn letter(&mut self, l: char) {
        if l.is_ascii() && self.len < self.buf.len() && !self.spoilt {
            self.buf[self.len] = l as u8;
            self.len += 1;
        } else {
            self.spoilt = true;
        }
    }

    fn end(&mut self) {
        if !self.spoilt && self.len > 0 {
            let piece = &self.buf[..self.len];
            self.hit |= HEADING_WORDS.iter().any(|h| h.as_bytes() == piece);
        }
        self.len = 0;
        self.spoilt = false;
    }
}

/// `w.to_lowercase() == target` without the allocation (`target` is in
/// lower case). Per-character lower-casing differs from the string's only
/// for a final sigma, which no target holds.
fn lower_eq(w: &str, target: &str) -> bool {
    if w.is_ascii() {
        return w.eq_ignore_ascii_case(target);
    }
    w.chars().flat_map(char::to_lowercase).eq(target.chars())
}

/// `w.to_lowercase().starts_with(prefix)` without the allocation.
fn lower_starts(w: &str, prefix: &str) -> bool {
    let n = prefix.chars().count();
    w.chars()
        .flat_map(char::to_lowercase)
        .take(n)
        .eq(prefix.chars())
}

/// Is `w`, lower-cased, one of `list`?
fn lower_in(w: &str, list: &[&str]) -> bool {
    // Lengths first: most words have the length of no entry, or of few.
    if w.is_ascii() {
        return list
            .iter()
            .any(|t| t.len() == w.len() && w.eq_ignore_ascii_case(t));
    }
    list.iter().any(|t| lower_eq(w, t))
}

/// Does this stretch of text look like one person's name (with or without
/// civility)? Used to stop a list at the first entry that is prose.
pub fn looks_like_name(s: &str) -> bool {
    let s = s.trim();
    let s = strip_civility(s).1;
    // The character test first: it needs no word list.
    if s.bytes()
        .any(|b| b.is_ascii_digit() || matches!(b, b':' | b'(' | b')' | b'/' | b'@'))
    {
        return false;
    }
    let words = name_words(s);
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    let has_upper = words.iter().any(|w| is_upper_word(w));
    let mut capitalised = 0;
    let mut lower = 0;
    for w in &words {
        let w: &str = w;
        if is_heading_word(w) {
            return false;
        }
        // A one-letter capital (an initial) counts as capitals here.
        let upper_word = is_upper_word(w)
            || {
                let mut cs = w.chars();
                matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic() && c.is_uppercase())
            };
        if !upper_word && lower_in(w, NOT_NAME_WORDS) && !lower_in(w, PARTICLES) {
            return false;
        }
        let first = w.chars().find(|c| c.is_alphabetic()).unwrap_or(' ');
        if first.is_uppercase() {
            capitalised += 1;
        } else if lower_in(w, PARTICLES) || lower_starts(w, "d'") {
        } else if w.chars().filter(|c| c.is_uppercase()).count() >= 1
            && w.chars().filter(|c| c.is_alphabetic()).count() >= 4
        {
            // Small capitals scrambled by extraction (« aLBeSPY »,
            // « jean-François »): a capital inside the word.
            capitalised += 1;
        } else if has_upper && words.len() <= 3 {
            // A first name printed in lower case beside a surname in capitals.
            lower += 1;
        } else {
            return false;
        }
    }
    capitalised > 0 && lower <= 1
}

/// The words of a name, with hyphenated pieces split by a space or a line
/// break rejoined (« STANIEC -WAVRANT », « BULTE- MARCHYLLIE »).
pub fn name_words(s: &str) -> Vec<Cow<'_, str>> {
    // Borrowed words: only a rejoined hyphenated piece is copied.
    let mut out: Vec<Cow<'_, str>> = Vec::new();
    let mut glue = false;
    for w in s.split_whitespace() {
        let starts = w.starts_with('-');
        match out.last_mut() {
            Some(last) if glue || starts => last.to_mut().push_str(w),
            _ => out.push(Cow::Borrowed(w)),
        }
        glue = w.ends_with('-');
    }
    out.retain(|w| w.chars().any(char::is_alphabetic));
    out
}

/// How many words [`name_words`] finds in `s`, without building them.
pub fn name_word_count(s: &str) -> usize {
    let mut count = 0;
    let mut alpha = false; // the current word holds a letter
    let mut open = false; // a word has started
    let mut glue = false;
    for w in s.split_whitespace() {
        if !(open && (glue || w.starts_with('-'))) {
            count += usize::from(alpha);
            alpha = false;
            open = true;
        }
        alpha |= w.chars().any(char::is_alphabetic);
        glue = w.ends_with('-');
    }
    count + usize::from(alpha)
}

/// Titles that are not civilities of the contract (« Maître », « Docteur »).
const HONORIFICS: &[&str] = &[
    "Maître", "MAÎTRE", "Maitre", "Docteur", "DOCTEUR", "Dr.", "Dr", "Me",
];

/// Removes a leading civility or honorific: returns the civility (if one
/// of the contract's), whether it is plural, and the rest.
pub fn strip_civility(s: &str) -> (Option<(Civility, bool)>, &str) {
    let mut civ = None;
    let mut rest = s;
    if let Some((c, plural, r)) = civility(rest) {
        civ = Some((c, plural));
        rest = r;
    }
    // Every honorific starts with « M » or « D ».
    if !rest.starts_with(['M', 'D']) {
        return (civ, rest);
    }
    for h in HONORIFICS {
        if let Some(r) = rest.strip_prefix(h) {
            if r.starts_with([' ', '\n', '\t']) {
                rest = r.trim_start();
                break;
            }
        }
    }
    (civ, rest)
}

/// The length of the longest prefix of `s` that reads as one name
/// (civility included): the holder of a proxy is followed by prose or a
/// time limit (« Marc PETIT jusqu'au rapport n° 14 »). Zero when `s` does
/// not start with a name.
pub fn name_prefix(s: &str) -> usize {
    let rest = strip_civility(s).1;
    let base = s.len() - rest.len();
    let mut words = 0;
    let mut last_good = 0;
    let mut pos = base;
    for w in rest.split_whitespace() {
        let at = pos + s[pos..].find(w).unwrap_or(0);
        pos = at + w.len();
        let core = w.trim_end_matches([',', ';', '.']);
        if core.is_empty()
            || core
                .chars()
                .any(|c| c.is_ascii_digit() || matches!(c, '(' | ')' | ':' | '/'))
            || is_heading_word(core)
            || civility(core).is_some() && words > 0
        {
            break;
        }
        let first = core.chars().find(|c| c.is_alphabetic()).unwrap_or(' ');
        let particle = lower_in(core, PARTICLES) || lower_starts(core, "d'");
        let ok = if is_upper_word(core) || (first.is_uppercase() && core.chars().count() == 1) {
            true
        } else if first.is_uppercase() {
            !lower_in(core, NOT_NAME_WORDS) || particle
        } else {
            particle
        };
        if !ok {
            break;
        }
        words += 1;
        if !particle {
            last_good = at + core.len();
        }
        if words >= 6 || (w.ends_with('.') && core.chars().count() > 1) {
            break;
        }
    }
    if words == 0 {
        return 0;
    }
    last_good
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
    let (civ, rest) = match strip_civility(trimmed) {
        (Some((c, _)), rest) => (Some(c), rest),
        (None, rest) => (inherited, rest),
    };
    let words = name_words(rest);
    if words.is_empty() {
        return None;
    }
    let (first, last) = split_name(&words);
    Some(Person {
        civility: civ,
        first_name: first.map(rehyphenate),
        last_name: last,
        text: crate::text::collapse(trimmed),
        span: text.span(s0, s1),
    })
}

/// A person from words that are not contiguous in the text (a name whose
/// pieces were separated by another column): `words` are byte ranges of
/// `text.s`; the span runs from the first word to the last.
pub fn from_words(text: &Text<'_>, words: &[(usize, usize)]) -> Option<Person> {
    let first = words.first()?;
    let last = words.last()?;
    let joined = words
        .iter()
        .map(|&(a, b)| text.s[a..b].trim_end_matches([',', ';']))
        .collect::<Vec<_>>()
        .join(" ");
    let ws = name_words(&joined);
    if ws.is_empty() {
        return None;
    }
    let (f, l) = split_name(&ws);
    Some(Person {
        civility: None,
        first_name: f.map(rehyphenate),
        last_name: l,
        text: fix_hyphens(joined),
        span: text.span(first.0, last.1),
    })
}

/// « MarieCécile » (a hyphen dropped by a host) becomes « Marie-Cécile »:
/// a capital after a lower-case letter inside a first name starts a second
/// first name.
fn rehyphenate(s: String) -> String {
    // Most first names need no change: keep the string.
    let mut prev: Option<char> = None;
    let needed = s.chars().any(|c| {
        let hit = c.is_uppercase() && prev.is_some_and(char::is_lowercase);
        prev = Some(c);
        hit
    });
    if !needed {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 2);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if c.is_uppercase() && prev.is_some_and(char::is_lowercase) {
            out.push('-');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Splits name words into first name and surname.
pub fn split_name<S: AsRef<str>>(words: &[S]) -> (Option<String>, Option<String>) {
    let join = |ws: &[S]| -> Option<String> {
        let (first, rest) = ws.split_first()?;
        let mut s = String::with_capacity(ws.iter().map(|w| w.as_ref().len() + 1).sum());
        s.push_str(first.as_ref());
        for w in rest {
            s.push(' ');
            s.push_str(w.as_ref());
        }
        Some(fix_hyphens(s))
    };
    let upper: Vec<bool> = words.iter().map(|w| is_upper_word(w.as_ref())).collect();
    let n = words.len();
    if n == 1 {
        return (None, join(words));
    }
    let any_upper = upper.iter().any(|&u| u);
    let any_mixed = words.iter().any(|w| is_mixed_word(w.as_ref()));
    if any_upper && any_mixed {
        if upper[0] {
            // « NOM Prénom »: the leading run of capitals is the surname.
            let k = upper.iter().take_while(|&&u| u).count();
            return (join(&words[k..]), join(&words[..k]));
        }
        // « Prénom [particle] NOM »: the surname starts at the first capital
        // word, or at a particle just before it.
        let mut k = upper.iter().position(|&u| u).unwrap_or(n - 1);
        while k > 1 && lower_in(words[k - 1].as_ref(), PARTICLES) {
            k -= 1;
        }
        return (join(&words[..k]), join(&words[k..]));
    }
    if !any_upper
        && words
            .iter()
            .all(|w| w.as_ref().chars().count() <= 2 && w.as_ref().ends_with('.'))
    {
        return (None, join(words));
    }
    // No evidence from case: « V. GARENEAUX » style initials first, else the
    // surname is the last word (with its particles).
    let mut k = n - 1;
    while k > 1 && lower_in(words[k - 1].as_ref(), PARTICLES) {
        k -= 1;
    }
    if upper.iter().all(|&u| u) && upper.len() == n && n >= 2 {
        // All capitals: an initial after the surname (« GARENAUX L ») is a
        // first-name initial.
        let last_is_initial = words[n - 1].as_ref().trim_end_matches('.').chars().count() == 1;
        if last_is_initial {
            return (join(&words[n - 1..]), join(&words[..n - 1]));
        }
    }
    if words[n - 1].as_ref().trim_end_matches('.').chars().count() == 1 {
        return (join(&words[n - 1..]), join(&words[..n - 1]));
    }
    (join(&words[..k]), join(&words[k..]))
}

/// « Jean- René » (a hyphen left before a line break) becomes « Jean-René ».
fn fix_hyphens(s: String) -> String {
    // Most names have no spaced hyphen: keep the string.
    let b = s.as_bytes();
    let spaced = memchr::memchr_iter(b'-', b)
        .any(|i| b.get(i + 1) == Some(&b' ') || (i > 0 && b[i - 1] == b' '));
    if !spaced {
        return s;
    }
    s.replace("- ", "-").replace(" -", "-")
}

/// The comparison key of a person: folded first and last names.
pub fn key(p: &Person) -> String {
    let first = p.first_name.as_deref();
    let last = p.last_name.as_deref();
    if first.is_none_or(str::is_ascii) && last.is_none_or(str::is_ascii) {
        // `fold` of ASCII text, written straight into the key.
        let mut out =
            String::with_capacity(first.map_or(0, |f| f.len() + 1) + last.map_or(0, str::len));
        let mut space = false;
        let parts = [first, first.map(|_| " "), last];
        for b in parts.into_iter().flatten().flat_map(str::bytes) {
            let c = match b {
                b'-' | b'\'' | b'_' => ' ',
                b => b.to_ascii_uppercase() as char,
            };
            if c.is_whitespace() {
                space = !out.is_empty();
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
        return out;
    }
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
