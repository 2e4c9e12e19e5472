//! Articles (« Article 1 : », « Article 1er », « ARTICLE 2 - », « Article 3 –
//! L'objet de la convention », « Art. 4 », « Article 4.1 », « Article
//! premier ») and visas (« Vu … », « Considérant … »).
//!
//! An article is a heading at the start of a line; « Article L.3211-2 »
//! cited in a sentence is a reference, and a sub-section « 4.1. » inside an
//! article stays inside it. Each article's text runs to the next article,
//! the vote or the signature; table rows are left to the budget extractor.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::date::Found;
use crate::model::{Article, Diagnostic, SmallText, TextAmount, TextDate};
use crate::money::{Money, find_amounts};
use crate::text::{Text, collapse};

/// An article heading at the start of a line. Its matches never cross a
/// line: it runs on the lines that hold « Art » or « ART » only, anchored
/// (see [`headings`]).
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t>*]*(?:[-–][ \t]*)?(?:(?:ARR[ÊE]TE|Arr[êe]te|D[ÉE]CIDE|D[ée]cide|D[ÉE]LIB[ÈE]RE)[ \t]*:?[ \t]*[-–]?[ \t]*)?(?:ARTICLE|Article|Art\.)[ \t]+([0-9]+(?:\.[0-9]+)*|premier|PREMIER|unique|UNIQUE)(?:[ \t]*(?:er|ER|ème|e)(?-u:\b))?[ \t]*(?:[:.\-][ \t]*)?",
    )
    .expect("valid regex")
});

/// Where the decision's text stops: the vote, the signature. Anchored: it
/// runs on single lines (see [`stop_in`]).
static STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t(]*(?:Dans les conditions de vote|Pour[ \t]*:[ \t]*[0-9]|Adopt[ée]|ADOPT[ÉE]|LE PR[EÉ]SIDENT|La Pr[ée]sidente|Le Pr[ée]sident[ \t]*,?[ \t]*$|Fait [àa] |Pour extrait|Pour copie|\.{5}|Ainsi fait)",
    )
    .expect("valid regex")
});

/// A dispositif written as a numbered list: « 1. ACCEPTER … », « 2) DIRE … »
/// (the number, then a verb in capitals).
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t>*]*([0-9]{1,2})[.)][ \t]*(?:[-–][ \t]*)?([A-ZÀÂÉÈÊÎÔÛ]{3,}[A-Z])(?-u:\b)")
        .expect("valid regex")
});

/// Capitalised nouns ending like an infinitive that head numbered sections.
const NOT_VERBS: &[&str] = &[
    "TITRE",
    "CHAPITRE",
    "CADRE",
    "NOMBRE",
    "MEMBRE",
    "MEMBRES",
    "CENTRE",
    "OFFRE",
    "ORDRE",
    "DOSSIER",
    "CALENDRIER",
    "FICHIER",
    "PANIER",
    "PREMIER",
    "DERNIER",
    "FONCIER",
    "FINANCIER",
    "IMMOBILIER",
    "CAHIER",
    "ATELIER",
    "COURRIER",
    "QUARTIER",
    "CHANTIER",
    "PAPIER",
    "METIER",
    "MÉTIER",
    "FOYER",
    "LOYER",
    "AVENIR",
    "DEVENIR",
    "PLAISIR",
    "SAVOIR",
];

/// Headings of a numbered dispositif, used only where no « Article » heading
/// is printed: numbers 1, 2, 3… in order, each before an infinitive in
/// capitals (« ACCEPTER », « DIRE », « AUTORISER »).
fn numbered_heads(s: &str, limit: usize) -> Vec<(usize, usize, &str)> {
    let mut out: Vec<(usize, usize, &str)> = Vec::new();
    // NUMBERED on the lines that may start with its match, anchored: its
    // matches never cross a line.
    let b = s.as_bytes();
    let numbered = |a: usize| may_be_numbered(&b[a..]);
    // The few lines that may hold it, found first (their search has no
    // iterator to stop).
    let mut starts: Vec<usize> = Vec::new();
    if numbered(0) {
        starts.push(0);
    }
    crate::text::each_byte(b, b'\n', |k| {
        if numbered(k + 1) {
            starts.push(k + 1);
        }
    });
    for a in starts {
        if out.len() >= limit {
            break;
        }
        // The number, as the regex would capture it, must be the next one:
        // asked before the capture engine (thousands of instructions).
        let t = &b[a..];
        let k = t
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t' | b'>' | b'*'))
            .count();
        let digits = &t[k..k + crate::text::digits_at(t, k)];
        if digits != (out.len() + 1).to_string().as_bytes() {
            continue;
        }
        let e = memchr::memchr(b'\n', &b[a..]).map_or(s.len(), |k| a + k);
        let Some(c) = NUMBERED.captures(&s[a..e]) else {
            continue;
        };
        let (Some(m), Some(n), Some(verb)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let shift = |r: std::ops::Range<usize>| a + r.start..a + r.end;
        let (m, verb) = (shift(m.range()), shift(verb.range()));
        let n = n.as_str();
        let v = &s[verb.clone()];
        let infinitive = (v.ends_with("ER") || v.ends_with("IR") || v.ends_with("RE"))
            && (!v.ends_with("AIRE") || v.ends_with("FAIRE"))
            && !NOT_VERBS.contains(&v);
        // A verb has its object after it, in lower case (« DIRE que … »).
        let object = s[verb.end..]
            .trim_start_matches([' ', '\t'])
            .starts_with(|c: char| c.is_lowercase() || c == '«');
        if !infinitive || !object {
            continue;
        }
        let want = out.len() + 1;
        if n != want.to_string() {
            continue;
        }
        // The text starts with the verb.
        out.push((m.start, verb.start, n));
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// May [`NUMBERED`] match at the start of `t`? Its blanks, quotes and
/// stars, then one or two digits and « . » or « ) », then what
/// [`verb_may_follow`] asks.
fn may_be_numbered(t: &[u8]) -> bool {
    let k = t
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t' | b'>' | b'*'))
        .count();
    let d = crate::text::digits_at(t, k);
    let sep = |i: usize| t.get(i).is_some_and(|c| matches!(c, b'.' | b')'));
    let after = if d >= 1 && sep(k + 1) {
        k + 2
    } else if d >= 2 && sep(k + 2) {
        k + 3
    } else {
        return false;
    };
    verb_may_follow(t, after)
}

/// Can [`NUMBERED`]'s verb follow what its number and « . » or « ) » end
/// at `k` of `t`: blanks, maybe a dash and blanks, then two capitals at
/// least? A necessary test, without the capture engine: most numbered
/// lines go on in lower case (« 1. Objectifs »).
fn verb_may_follow(t: &[u8], k: usize) -> bool {
    let blanks = |k: usize| k + crate::text::blanks_at(t, k);
    let mut k = blanks(k);
    // « - » or « – » (E2 80 93).
    if t.get(k) == Some(&b'-') {
        k = blanks(k + 1);
    } else if t.get(k..k + 3) == Some("–".as_bytes()) {
        k = blanks(k + 3);
    }
    // [A-ZÀÂÉÈÊÎÔÛ]: an ASCII capital, or one of these as C3 80, 82, 89,
    // 88, 8A, 8E, 94, 9B.
    let capital = |k: usize| match t.get(k) {
        Some(c) if c.is_ascii_uppercase() => Some(k + 1),
        Some(0xc3)
            if t.get(k + 1).is_some_and(|c| {
                matches!(c, 0x80 | 0x82 | 0x89 | 0x88 | 0x8a | 0x8e | 0x94 | 0x9b)
            }) =>
        {
            Some(k + 2)
        }
        _ => None,
    };
    capital(k).and_then(capital).is_some()
}

/// « Vu … », « Considérant … » at the start of a line; anchored, it runs on
/// the lines whose first letter is « V » or « C » (see [`visas`]).
static VISA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t>*-]*(?:Vu|VU|Consid[ée]rant|CONSID[EÉ]RANT)(?-u:\b)").expect("valid regex")
});

/// The number string of an article: « 1er », « premier », « unique » → `1`.
fn number(raw: &str) -> SmallText {
    // Compared without lowering a copy: no character outside ASCII lowers
    // to a letter of these words (the Kelvin sign, the only one to lower
    // to ASCII, gives « k »).
    if raw.eq_ignore_ascii_case("premier") || raw.eq_ignore_ascii_case("unique") {
        SmallText::from("1")
    } else {
        SmallText::from(raw)
    }
}

/// The article headings of `s`: where each starts and ends, and its
/// number. [`HEADING`] runs anchored on each line holding « Art » or
/// « ART » (as « Article », « Art. », « ARTICLE » do), not on the whole
/// text.
fn headings(s: &str, limit: usize) -> Vec<(usize, usize, &str)> {
    let b = s.as_bytes();
    art_lines(b)
        .filter_map(|(a, e)| {
            let line = &s[a..e];
            // « Article L.3211-2 » is a citation: the regex needs a digit or
            // « premier » right after « Article ».
            let (start, end, num) = match plain_heading(line) {
                Some(found) => {
                    let (end, num) = found?;
                    (0, end, num)
                }
                None => {
                    let m = HEADING.find(line)?;
                    let num = match heading_number(m.as_str()) {
                        Some(n) => n,
                        None => HEADING.captures(line)?.get(1)?.as_str(),
                    };
                    (m.start(), m.end(), num)
                }
            };
            Some((a + start, a + end, num))
        })
        .take(limit)
        .collect()
}

/// The lines holding « Art » or « ART », in order: where each starts and
/// ends (at its line feed or the end). One pass: a capital « A » is rare
/// in prose, rarer than either word's pair of bytes is to a two-word
/// search; the places come in order, and an « A » on a line already given
/// is skipped without a search, so that a text of short heading lines
/// costs no vector of them and one search back and one forward a line.
fn art_lines(b: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    // Where the line after the last one given starts.
    let mut done = 0;
    memchr::memchr_iter(b'A', b).filter_map(move |p| {
        if p < done || !matches!(b.get(p + 1..p + 3), Some(b"rt" | b"RT")) {
            return None;
        }
        let a = memchr::memrchr(b'\n', &b[done..p]).map_or(done, |k| done + k + 1);
        let e = memchr::memchr(b'\n', &b[p..]).map_or(b.len(), |k| p + k);
        done = e + 1;
        Some((a, e))
    })
}

/// [`HEADING`] on a line (anchored, no line feed) read without the regex
/// where the line settles it cheaply: `Some(None)` when it cannot match
/// (its first byte after `[ \t>*]` starts none of its branches: most
/// lines holding « Art » elsewhere), `Some(Some((end, number)))` for a
/// heading printed as the word itself (« Article 1 : », « ART. 2 »),
/// `None` for the rest (a dash or a verb before the word), left to the
/// regex. A regex call costs about a thousand instructions a line, most
/// of an article's cost on a text of short articles.
///
/// Every part after the word is deterministic: the blanks, the greedy
/// number (or its word), then optional parts each tried once, greedily, as
/// the leftmost-first regex does (backing off never lets a later part
/// match: none of them starts with a blank).
fn plain_heading(line: &str) -> Option<Option<(usize, &str)>> {
    let b = line.as_bytes();
    let mut i = b
        .iter()
        .take_while(|c| matches!(c, b' ' | b'\t' | b'>' | b'*'))
        .count();
    match b.get(i) {
        Some(b'A') => {}
        // A dash, « – » (E2 80 93) or a verb: the regex decides.
        Some(b'-' | 0xE2 | b'D') => return None,
        _ => return Some(None),
    }
    let rest = &b[i..];
    if rest.starts_with(b"ARTICLE") || rest.starts_with(b"Article") {
        i += 7;
    } else if rest.starts_with(b"Art.") {
        i += 4;
    } else if rest.starts_with(b"ARR") || rest.starts_with(b"Arr") {
        // « ARRÊTE Article 1 »: a verb before the word.
        return None;
    } else {
        return Some(None);
    }
    let blanks = |k: usize| crate::text::blanks_at(b, k);
    let n = blanks(i);
    if n == 0 {
        return Some(None);
    }
    i += n;
    let start = i;
    let digits = |k: usize| crate::text::digits_at(b, k);
    let d = digits(i);
    if d > 0 {
        i += d;
        while b.get(i) == Some(&b'.') && digits(i + 1) > 0 {
            i += 1 + digits(i + 1);
        }
    } else {
        let Some(w) = ["premier", "PREMIER", "unique", "UNIQUE"]
            .into_iter()
            .find(|w| rest_starts(b, i, w.as_bytes()))
        else {
            return Some(None);
        };
        i += w.len();
    }
    let num = &line[start..i];
    // `(?:[ \t]*(?:er|ER|ème|e)\b)?`, an ASCII word boundary after the
    // suffix's last letter.
    let k = i + blanks(i);
    let word = |p: usize| {
        b.get(p)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    };
    if let Some(w) = ["er", "ER", "ème", "e"]
        .into_iter()
        .find(|w| rest_starts(b, k, w.as_bytes()) && !word(k + w.len()))
    {
        i = k + w.len();
    }
    // `[ \t]*(?:[:.\-][ \t]*)?`
    i += blanks(i);
    if matches!(b.get(i), Some(b':' | b'.' | b'-')) {
        i += 1;
        i += blanks(i);
    }
    Some(Some((i, num)))
}

/// Does `b[at..]` start with `w`?
fn rest_starts(b: &[u8], at: usize, w: &[u8]) -> bool {
    b.get(at..).is_some_and(|r| r.starts_with(w))
}

/// The number `HEADING` captures in its match `m`, read without the
/// capture engine (a backtracker that costs thousands of instructions per
/// line): the word « ARTICLE », « Article » or « Art. » (no word before it
/// in the pattern holds these letters), blanks, then the longest
/// `[0-9]+(?:\.[0-9]+)*` (everything after it is optional, so the greedy
/// reading is the regex's) or one of its words. `None` if `m` is not so.
fn heading_number(m: &str) -> Option<&str> {
    let b = m.as_bytes();
    // The first place where one of the words starts (all start with « A »).
    let (at, word) = b.iter().enumerate().find_map(|(k, &c)| {
        if c != b'A' {
            return None;
        }
        ["ARTICLE", "Article", "Art."]
            .iter()
            .find(|w| b[k..].starts_with(w.as_bytes()))
            .map(|w| (k, w.len()))
    })?;
    let mut i = at + word;
    let blanks = crate::text::blanks_at(b, i);
    if blanks == 0 {
        return None;
    }
    i += blanks;
    let start = i;
    let digits = |k: usize| crate::text::digits_at(b, k);
    let n = digits(i);
    if n == 0 {
        return ["premier", "PREMIER", "unique", "UNIQUE"]
            .into_iter()
            .find(|w| m[i..].starts_with(w))
            .map(|w| &m[i..i + w.len()]);
    }
    i += n;
    while b.get(i) == Some(&b'.') && digits(i + 1) > 0 {
        i += 1 + digits(i + 1);
    }
    Some(&m[start..i])
}

/// Articles whose headings start a line in `range` (tables not known).
#[cfg(test)]
pub fn extract(text: &Text<'_>, range: Range<usize>, diags: &mut Vec<Diagnostic>) -> Vec<Article> {
    extract_around(text, range, &[], usize::MAX, diags)
}

/// Articles whose headings start a line in `range`, their text leaving out
/// the lines inside `tables` (ranges of the normalized text that the budget
/// extractor read as tables): the first `max`, the last of them ending
/// where the next would start.
pub fn extract_around(
    text: &Text<'_>,
    range: Range<usize>,
    tables: &[Range<usize>],
    max: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Article> {
    let s = &text.s[range.clone()];
    let base = range.start;
    // One heading past `max` tells the list is cut, and where.
    let limit = max.saturating_add(1);
    let mut heads = headings(s, limit);
    if heads.is_empty() {
        heads = numbered_heads(s, limit);
    }
    if let Some(&(cut, ..)) = heads.get(max) {
        diags.push(Diagnostic::warning(
            "limits.list_cut",
            format!("more than {max} articles; only the first {max} are kept"),
            Some(text.span(base + cut, range.end)),
        ));
    }
    let mut out = Vec::with_capacity(heads.len().min(max));
    // The headings hold their number as printed, made a `String` only in
    // its article: no vector of strings beside the articles.
    for (k, &head) in heads.iter().enumerate().take(max) {
        let end = heads.get(k + 1).map_or(s.len(), |h| h.0);
        out.push(article(text, s, base, head, end, tables, diags));
    }
    out
}

/// The article headed at `s[start..body_start]` (`s` starts at `base` in
/// the text), its text running at most to `end`.
fn article(
    text: &Text<'_>,
    s: &str,
    base: usize,
    (start, body_start, num): (usize, usize, &str),
    end: usize,
    tables: &[Range<usize>],
    diags: &mut Vec<Diagnostic>,
) -> Article {
    if is_blank(&s.as_bytes()[body_start..end]) {
        // Nothing after the heading but blanks (a list of bare headings):
        // no stop, no heading line, no text, amount or date to look for,
        // where the scans for them cost more than the rest of the article.
        return Article {
            number: number(num),
            heading: None,
            text: String::new(),
            amounts: Vec::new(),
            dates: Vec::new(),
            span: text.span(base + start, base + end.max(body_start)),
        };
    }
    full_article(text, s, base, (start, body_start, num), end, tables, diags)
}

/// [`article`] read in full, whatever its body.
fn full_article(
    text: &Text<'_>,
    s: &str,
    base: usize,
    (start, body_start, num): (usize, usize, &str),
    mut end: usize,
    tables: &[Range<usize>],
    diags: &mut Vec<Diagnostic>,
) -> Article {
    if let Some(k) = stop_in(&s[body_start..end]) {
        end = body_start + k;
    }
    let (heading, text_start) = heading(s, body_start, end);
    let body = &s[text_start..end];
    let (kept, masked) = without_tables(body, base + text_start, tables);
    let abs = base + text_start;
    // Without slack as the document keeps them (see `compact` in
    // lib.rs), shrunk here while the article is in the cache rather than
    // in a pass over every article afterwards.
    let mut text_ = collapse(&kept);
    text_.shrink_to_fit();
    let mut amounts = amounts(text, abs, &masked);
    amounts.shrink_to_fit();
    let mut dates = dates(text, abs, &masked, diags);
    dates.shrink_to_fit();
    Article {
        number: number(num),
        heading,
        text: text_,
        amounts,
        dates,
        span: text.span(base + start, base + end.max(body_start)),
    }
}

/// Is `b` only blanks and line breaks (ASCII whitespace that `trim`
/// removes and that starts no word)?
fn is_blank(b: &[u8]) -> bool {
    b.iter().all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
}

/// An article's body without its table lines (rows of the budget tables
/// `tables`, lines of two tabs or more, lines starting with `|`, whose
/// amounts are the budget's): the prose kept for its text, and the body
/// with those lines blanked out byte for byte, so that offsets in it stay
/// the body's (`at` is the body's offset in the text). A body without
/// any such line (most) is borrowed as it is for both.
fn without_tables<'b>(
    body: &'b str,
    at: usize,
    tables: &[Range<usize>],
) -> (Cow<'b, str>, Cow<'b, str>) {
    let end = at + body.len();
    let near_table = tables.iter().any(|t| t.start < end && at < t.end);
    if !near_table && memchr::memchr2(b'\t', b'|', body.as_bytes()).is_none() {
        return (Cow::Borrowed(body), Cow::Borrowed(body));
    }
    let mut kept = String::with_capacity(body.len());
    let mut masked = String::with_capacity(body.len());
    let mut at = at;
    for line in body.split_inclusive('\n') {
        let line_at = at;
        at += line.len();
        let in_table = tables.iter().any(|t| t.start <= line_at && line_at < t.end);
        let tabs = line.bytes().filter(|&c| c == b'\t').count();
        if in_table || tabs >= 2 || line.trim_start().starts_with('|') {
            // A space a byte, so that offsets stay the body's; a line break
            // only at the end of a line from `split_inclusive`.
            let text = line.trim_end_matches('\n');
            masked.extend(std::iter::repeat_n(' ', text.len()));
            masked.push_str(&line[text.len()..]);
            continue;
        }
        masked.push_str(line);
        kept.push_str(line.trim_end_matches('\n'));
        kept.push('\n');
    }
    (Cow::Owned(kept), Cow::Owned(masked))
}

/// Where [`STOP`] first matches in `t` (whose start counts as a line's):
/// it runs anchored on the lines whose first character after blanks and
/// « ( » starts one of its phrases (« D », « P », « A », « L », « F »,
/// « . »), never across a line.
fn stop_in(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', b).map(|k| k + 1));
    for a in starts {
        let k = b[a..]
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t' | b'('))
            .count();
        if !may_stop(&b[a + k..]) {
            continue;
        }
        let e = memchr::memchr(b'\n', &b[a..]).map_or(b.len(), |k| a + k);
        if STOP.is_match(&t[a..e]) {
            return Some(a);
        }
    }
    None
}

/// Can one of [`STOP`]'s phrases start `t`? Its first bytes, enough to
/// tell most lines of prose (« Le département », « La commune », « Pour
/// la mise en œuvre ») from them without the regex.
fn may_stop(t: &[u8]) -> bool {
    let head = |w: &[u8]| t.starts_with(w);
    match t.first() {
        Some(b'D') => head(b"Dans les"),
        Some(b'P') => head(b"Pour"),
        Some(b'A') => head(b"Adopt") || head(b"ADOPT") || head(b"Ainsi"),
        Some(b'L') => head(b"LE PR") || head(b"La Pr") || head(b"Le Pr"),
        Some(b'F') => head(b"Fait "),
        Some(b'.') => head(b"....."),
        _ => false,
    }
}

/// A heading printed after the number on the same line (« Article 3 –
/// L'objet de la convention »), when the article's text follows on the next
/// lines; returns it and where the text starts.
fn heading(s: &str, from: usize, end: usize) -> (Option<String>, usize) {
    let line_end = memchr::memchr(b'\n', &s.as_bytes()[from..end]).map_or(end, |k| from + k);
    let rest = s[from..line_end].trim();
    if rest.is_empty() {
        return (None, line_end);
    }
    let next_is_text = s[line_end..end]
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '-');
    let heading_like = rest.chars().count() <= 120
        && !rest.ends_with(['.', ';', ','])
        && next_is_text
        && !rest.starts_with(|c: char| c.is_lowercase());
    let starts_with_verb = rest.starts_with("D'")
        || rest.starts_with("De ")
        || rest.starts_with("Le ")
        || rest.starts_with("La ");
    if heading_like
        && (s[from..line_end].contains(['-', '–']) || !starts_with_verb)
        && line_end < end
    {
        (Some(collapse(rest)), line_end)
    } else {
        (None, from)
    }
}

fn amounts(text: &Text<'_>, abs: usize, body: &str) -> Vec<TextAmount> {
    find_amounts(body)
        .into_iter()
        .map(|(a, b, d)| {
            let amount = collapse(&body[a..b]);
            TextAmount {
                value: Money::new(d),
                currency: "EUR".to_owned(),
                context: context(body, a, b, &amount),
                text: amount,
                span: text.span(abs + a, abs + b),
            }
        })
        .collect()
}

/// The words around `body[a..b]`: back to the start of its clause and on
/// to its end, at most eight words either side. `amount` is `body[a..b]`
/// collapsed, as its article keeps it.
fn context(body: &str, a: usize, b: usize, amount: &str) -> String {
    let before = body.get(..a).unwrap_or("");
    let from = clause_start(before);
    let after = body.get(b..).unwrap_or("");
    let to = memchr::memchr3(b'.', b';', b':', after.as_bytes())
        .filter(|&k| {
            // « 1.500 » is not a full stop.
            !after[k + 1..].starts_with(|c: char| c.is_ascii_digit())
        })
        .map_or(after.len(), |k| k);
    // The last eight words before, without collecting them all.
    let head = &before[from..];
    let mut first = head.len();
    for (n, (k, _)) in word_starts_rev(head).enumerate() {
        if n == 8 {
            break;
        }
        first = k;
    }
    let mut out = crate::text::collapse(&head[first..]);
    for w in std::iter::once(amount).chain(after[..to].split_whitespace().take(8)) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Where the clause that `before` ends in starts: after its last full stop
/// (« . » then a blank or a new line), « ; », « : » or blank line. The
/// last stop is looked for with `memrchr3`, then a blank line after it.
fn clause_start(before: &str) -> usize {
    let b = before.as_bytes();
    let mut end = b.len();
    let mut stop = None;
    while let Some(k) = memchr::memrchr3(b';', b':', b'.', &b[..end]) {
        // « . » then a blank or a new line.
        if b[k] != b'.' || matches!(b.get(k + 1), Some(b' ' | b'\n')) {
            stop = Some(k);
            break;
        }
        end = k;
    }
    let from = stop.map_or(0, |k| k + 1);
    if let Some(p) = memchr::memmem::rfind(&b[from..], b"\n\n") {
        return from + p + 2;
    }
    match stop {
        Some(k) if b[k] == b'.' => k + 2,
        Some(k) => k + 1,
        None => 0,
    }
}

/// [`clause_start`] byte by byte, for the tests.
#[cfg(test)]
fn clause_start_by_bytes(before: &str) -> usize {
    let b = before.as_bytes();
    let mut k = b.len();
    while k > 0 {
        k -= 1;
        match b[k] {
            b';' | b':' => return k + 1,
            b'.' if matches!(b.get(k + 1), Some(b' ' | b'\n')) => return k + 2,
            b'\n' if b.get(k + 1) == Some(&b'\n') => return k + 2,
            _ => {}
        }
    }
    0
}

/// The words of `s` from the last, each with its start.
fn word_starts_rev(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace()
        .rev()
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

fn dates(text: &Text<'_>, abs: usize, body: &str, diags: &mut Vec<Diagnostic>) -> Vec<TextDate> {
    let mut out = Vec::new();
    for (a, b, r) in crate::date::find_dates(body) {
        let span = text.span(abs + a, abs + b);
        let (start, end) = match r {
            Found::Date(d) => (d, None),
            Found::Period(a, b) => (a, Some(b)),
            Found::Impossible => {
                diags.push(Diagnostic::warning(
                    "date.impossible",
                    format!("« {} » is not a calendar date", collapse(&body[a..b])),
                    Some(span),
                ));
                continue;
            }
        };
        out.push(TextDate {
            start,
            end,
            text: collapse(&body[a..b]),
            span,
        });
    }
    out
}

/// Each « Vu … » and « Considérant … » clause in `range`, one per entry,
/// with wrapped lines joined.
pub fn visas(text: &Text<'_>, range: Range<usize>) -> Vec<String> {
    let s = &text.s[range];
    let b = s.as_bytes();
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', b).map(|k| k + 1))
        .filter(|&a| {
            let k = b[a..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t' | b'>' | b'*' | b'-'))
                .count();
            if !matches!(b.get(a + k), Some(b'V' | b'C')) {
                return false;
            }
            let e = memchr::memchr(b'\n', &b[a..]).map_or(b.len(), |k| a + k);
            VISA.is_match(&s[a..e])
        })
        .collect();
    let mut out = Vec::with_capacity(starts.len());
    for (k, &a) in starts.iter().enumerate() {
        let next = starts.get(k + 1).copied().unwrap_or(s.len());
        // A clause ends at « ; » or « , » closing a line, or before a
        // paragraph that is not its continuation (a date alone on a line
        // continues it).
        let mut end = next;
        let mut pos = a;
        while let Some(k) = s[pos..next].find("\n\n") {
            let para_end = pos + k;
            let before = s[a..para_end].trim_end();
            let after = s[para_end..next].trim_start();
            let continues = !before.ends_with([';', '.', ','])
                && after.starts_with(|c: char| c.is_ascii_digit() || c.is_lowercase());
            if !continues {
                end = para_end;
                break;
            }
            pos = para_end + 2;
        }
        let clause = collapse(&s[a..end]);
        if !clause.is_empty() {
            out.push(clause);
        }
    }
    out
}

/// Builds this module's patterns now rather than at their first use (see
/// [`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&HEADING);
    LazyLock::force(&STOP);
    LazyLock::force(&NUMBERED);
    LazyLock::force(&VISA);
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, .. Default::default() })]
        /// The test before `NUMBERED` lets through every line it matches.
        #[test]
        fn may_be_numbered_when_numbered(line in "[ \t>*]{0,2}[0-9]{0,3}[.)x]?[ \t]{0,2}(-|–|—)?[ \t]{0,2}(A|B|Z|É|È|Ô|Û|Ç|À|Â|Ê|Î|é|a|1|_| ){0,6}( |e|\\.)?") {
            if super::NUMBERED.is_match(&line) {
                proptest::prop_assert!(super::may_be_numbered(line.as_bytes()), "{:?}", line);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, .. Default::default() })]
        /// The test before `STOP` lets through every line it matches.
        #[test]
        fn may_stop_when_stop(line in "(Dans les conditions de vote|Dans les|Pour|Pour :|Pour extrait|Pour copie|Adopté|Adopte|ADOPTÉ|ADOPTE|LE PRÉSIDENT|LE PRESIDENT|La Présidente|Le Président|Le Président,|Fait à|Fait a |\\.{3,6}|Ainsi fait|Le|La|D|P| |\t|:|[0-9]|x|,){0,4}") {
            let t = line.trim_start_matches([' ', '\t', '(']);
            if super::STOP.is_match(&line) {
                proptest::prop_assert!(super::may_stop(t.as_bytes()), "{:?}", line);
            }
        }
    }

    #[test]
    fn may_be_numbered_on_lines() {
        for (line, want) in [
            ("1. ACCEPTER les termes", true),
            ("2) - DIRE que", true),
            ("12.\t–\tÉTABLIR", true),
            ("1. Objectifs", false),
            ("123. ACCEPTER", false),
            ("1 . ACCEPTER", false),
            ("> * 3.ÀÉTÉ", true),
        ] {
            assert_eq!(super::may_be_numbered(line.as_bytes()), want, "{line:?}");
            if !want {
                assert!(!super::NUMBERED.is_match(line), "{line:?}");
            }
        }
    }

    use super::*;
    use crate::offsets::OffsetMap;

    proptest::proptest! {
        #[test]
        fn blank_bodies_read_as_in_full(
            s in "(Article 1 :|ARTICLE 2 -|Article premier|Art. 3|Article 4 – Objet|Pour : 3|5 000 €|le 1er janvier 2023|x|é| |\t|\r|\n|\n\n){0,24}",
        ) {
            let m = OffsetMap::identity();
            let t = Text::new(&s, &m, &s, &m);
            let heads = headings(&s, usize::MAX);
            let tables = [0..s.len() / 3, s.len() / 2..s.len() * 2 / 3];
            for (k, &head) in heads.iter().enumerate() {
                let end = heads.get(k + 1).map_or(s.len(), |h| h.0);
                let (mut d1, mut d2) = (Vec::new(), Vec::new());
                let fast = article(&t, &s, 0, head, end, &tables, &mut d1);
                let full = full_article(&t, &s, 0, head, end, &tables, &mut d2);
                proptest::prop_assert_eq!(fast, full);
                proptest::prop_assert_eq!(d1, d2);
            }
        }
    }

    fn arts(s: &str) -> Vec<Article> {
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        extract(&t, 0..s.len(), &mut Vec::new())
    }

    #[test]
    fn heading_forms() {
        let a = arts(
            "Article 1 :\n\nD'attribuer 20 000 €.\n\nArticle 2 - Objet\nLe texte.\nARTICLE 3 : De dire.\nArticle premier\nx\nArt. 4 y\nArticle 4.1 z\nArticle 1er : w\n",
        );
        let nums: Vec<_> = a.iter().map(|a| a.number.as_str()).collect();
        assert_eq!(nums, ["1", "2", "3", "1", "4", "4.1", "1"]);
        assert_eq!(a[0].text, "D'attribuer 20 000 €.");
        assert_eq!(a[0].amounts[0].value.to_string(), "20000.00");
        assert_eq!(a[1].heading.as_deref(), Some("Objet"));
        assert_eq!(a[1].text, "Le texte.");
    }

    #[test]
    fn citations_and_subsections_are_not_articles() {
        let a = arts(
            "Vu l'article L.3211-2 du code ;\nArticle 4 - Concours\n4.1. Engagement\ntexte\nselon l'Article 5 du règlement\n",
        );
        assert_eq!(a.len(), 1);
        assert!(a[0].text.contains("4.1. Engagement"));
    }

    #[test]
    fn visas_wrap() {
        let s = "Vu le code ;\n\nVu l'avis rendu lors de sa réunion en date du\n\n06/03/2023 ;\n\nConsidérant que x ;\n\nAprès en avoir délibéré";
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        let v = visas(&t, 0..s.len());
        assert_eq!(
            v,
            [
                "Vu le code ;",
                "Vu l'avis rendu lors de sa réunion en date du 06/03/2023 ;",
                "Considérant que x ;"
            ]
        );
    }

    #[test]
    fn heading_after_the_decision_verb() {
        let a = arts(
            "Sur proposition du directeur ;\n- ARRÊTE Article 1\nUne aide de 3 000 euros est versée.\nArticle 2\nLe reste.\n",
        );
        let nums: Vec<_> = a.iter().map(|a| a.number.as_str()).collect();
        assert_eq!(nums, ["1", "2"]);
        assert!(a[0].text.starts_with("Une aide"), "{}", a[0].text);
        let a = arts("DÉCIDE : Article unique : d'approuver le plan.\n");
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].number, "1");
    }

    #[test]
    fn numbered_dispositif() {
        let a = arts(
            "1. ACCEPTER le don de 1 500 € ;\n2. DIRE que la recette sera inscrite au budget ;\n3) AUTORISER le Président à signer.\n",
        );
        let nums: Vec<_> = a.iter().map(|a| a.number.as_str()).collect();
        assert_eq!(nums, ["1", "2", "3"]);
        assert!(a[0].text.starts_with("ACCEPTER le don"));
        assert_eq!(a[0].amounts[0].value.to_string(), "1500.00");
        // A numbered list of nouns is not a dispositif; neither is a lone item.
        assert!(arts("1. OBJET de la convention\n2. DUREE\n").is_empty());
        assert!(
            arts("1. CALENDRIER des travaux\n2. TITRE II\n3. PARTENAIRE de l'action\n").is_empty()
        );
        assert!(arts("1. APPROUVER le compte.\n").is_empty());
        // « Article » headings win over a numbered list inside an article.
        let a = arts("Article 1 : de décider :\n1. ACCEPTER x ;\n2. DIRE y.\n");
        assert_eq!(a.len(), 1);
    }

    #[test]
    fn amounts_carry_their_words() {
        let a = arts(
            "Article 1 : D'attribuer à l'association une subvention de 20 000 € par an.\nSoit 60 000 € sur trois ans ; le solde de 1,5 M€ est reporté.\n",
        );
        let c: Vec<&str> = a[0].amounts.iter().map(|x| x.context.as_str()).collect();
        assert_eq!(
            c,
            [
                "D'attribuer à l'association une subvention de 20 000 € par an",
                "Soit 60 000 € sur trois ans",
                "le solde de 1,5 M€ est reporté"
            ]
        );
        assert_eq!(a[0].amounts[2].value.to_string(), "1500000.00");
    }

    #[test]
    fn table_lines_stay_out_of_the_text() {
        let s = "Article 1 : d'attribuer :\n  Imputation   Libellé   Montant\n  6574/93311   Aide      1 200,00 €\nselon le tableau.\n";
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        let table = s.find("  Imputation").unwrap()..s.find("selon").unwrap();
        let a = extract_around(&t, 0..s.len(), &[table], usize::MAX, &mut Vec::new());
        assert_eq!(a[0].text, "d'attribuer : selon le tableau.");
        assert!(a[0].amounts.is_empty());
    }

    #[test]
    fn number_words_read_as_one_in_any_case() {
        for w in [
            "premier", "Premier", "PREMIER", "unique", "Unique", "UNIQUE",
        ] {
            assert_eq!(number(w), "1", "{w}");
        }
        for w in ["2", "4.1", "premiere", "PREMİER", "uniques"] {
            assert_eq!(number(w), w);
        }
    }

    #[test]
    fn headings_and_dates_through_the_whole_pipeline() {
        let doc = crate::parse(
            "DÉCIDE :\nArticle 1^{er} : la convention court du 1^{er} janvier 2024 au 31 décembre 2026.\nArticle 2 – L'objet de la convention\nLa réunion du vendredi 7 juin 2024 fixe 12\u{202f}500 € TTC.\n",
        );
        let a = &doc.deliberations[0].articles;
        let nums: Vec<_> = a.iter().map(|a| a.number.as_str()).collect();
        assert_eq!(nums, ["1", "2"]);
        assert_eq!(a[1].heading.as_deref(), Some("L'objet de la convention"));
        let p = &a[0].dates[0];
        assert_eq!(
            (p.start.to_string(), p.end.map(|d| d.to_string())),
            ("2024-01-01".to_owned(), Some("2026-12-31".to_owned()))
        );
        assert_eq!(a[1].dates[0].start.to_string(), "2024-06-07");
        assert_eq!(a[1].amounts[0].value.to_string(), "12500.00");
    }

    /// `context` by its definition: the last match of each clause stop,
    /// the words collected and joined.
    fn context_by_definition(body: &str, a: usize, b: usize) -> String {
        let before = &body[..a];
        let from = [". ", ".\n", ";", ":", "\n\n"]
            .iter()
            .filter_map(|p| before.rfind(p).map(|k| k + p.len()))
            .max()
            .unwrap_or(0);
        let after = &body[b..];
        let to = after
            .find(['.', ';', ':'])
            .filter(|&k| !after[k + 1..].starts_with(|c: char| c.is_ascii_digit()))
            .map_or(after.len(), |k| k);
        let head: Vec<&str> = before[from..].split_whitespace().collect();
        let tail: Vec<&str> = after[..to].split_whitespace().collect();
        let head = &head[head.len().saturating_sub(8)..];
        let mut out = head.join(" ");
        for w in std::iter::once(collapse(&body[a..b]).as_str()).chain(tail.iter().take(8).copied())
        {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, .. Default::default() })]
        /// `art_lines` against the two searches it replaces.
        #[test]
        fn art_lines_are_those_of_both_words(s in "(Art|ART|ArT|A|rt|RT|Ar|x|\n|é)*") {
            let b = s.as_bytes();
            let mut want: Vec<usize> = memchr::memmem::find_iter(b, "Art")
                .chain(memchr::memmem::find_iter(b, "ART"))
                .map(|p| memchr::memrchr(b'\n', &b[..p]).map_or(0, |k| k + 1))
                .collect();
            want.sort_unstable();
            want.dedup();
            let got: Vec<usize> = art_lines(b).map(|(a, _)| a).collect();
            proptest::prop_assert_eq!(got, want);
            for (a, e) in art_lines(b) {
                proptest::prop_assert_eq!(memchr::memchr(b'\n', &b[a..]).map_or(b.len(), |k| a + k), e);
            }
        }

        #[test]
        fn clause_starts_agree(s in "(a|é|\\.|;|:| |\n|\n\n|1|\\. |\\.\n)*") {
            proptest::prop_assert_eq!(clause_start(&s), clause_start_by_bytes(&s));
        }
    }

    proptest::proptest! {
        #[test]
        fn context_agrees_with_its_definition(
            before in "[a-zé .;:\n\t]{0,80}",
            amount in "[0-9 ]{1,6}",
            after in "[a-zé .;:\n0-9]{0,60}",
        ) {
            let body = format!("{before}{amount}{after}");
            let (a, b) = (before.len(), before.len() + amount.len());
            proptest::prop_assert_eq!(
                context(&body, a, b, &collapse(&body[a..b])),
                context_by_definition(&body, a, b)
            );
        }
    }

    #[test]
    fn bodies_without_table_lines_are_borrowed() {
        let (kept, masked) = without_tables("Article 1 : 100 €\nsuite", 0, &[]);
        assert!(matches!(kept, Cow::Borrowed(_)) && matches!(masked, Cow::Borrowed(_)));
        let (kept, masked) = without_tables("prose\na\tb\tc 5 €\nfin\n", 0, &[]);
        assert_eq!(kept, "prose\nfin\n");
        assert_eq!(masked, "prose\n           \nfin\n");
        let table = 16..20;
        let (kept, _) = without_tables("prose\nrow\n", 10, std::slice::from_ref(&table));
        assert_eq!(kept, "prose\n");
    }

    /// What `headings` reads on a line, by the regex alone.
    fn heading_by_regex(line: &str) -> Option<(usize, usize, String)> {
        let c = HEADING.captures(line)?;
        let m = c.get(0)?;
        Some((m.start(), m.end(), c[1].to_owned()))
    }

    /// What `headings` reads on a line, by `plain_heading` first.
    fn heading_read(line: &str) -> Option<(usize, usize, String)> {
        match plain_heading(line) {
            Some(found) => found.map(|(end, n)| (0, end, n.to_owned())),
            None => heading_by_regex(line),
        }
    }

    #[test]
    fn plain_headings_agree_with_the_regex() {
        for line in [
            "Article 1 : ",
            "Article 1er : x",
            "Article 1ere",
            "Article 1 er",
            "Article 1 ère",
            "Article 1ème- y",
            "Article 1e_",
            "Article 1eé",
            "ARTICLE 2 - Objet",
            "Art. 4 y",
            "Art.4",
            "Art 4",
            "Article",
            "Article ",
            "Article\t12.3.4.",
            "Article 4.1.2x",
            "Article premier",
            "Article Premier",
            "Article uniques",
            "Article L.3211-2",
            " > * Article 3 :\t\t- z",
            "- Article 3",
            "– Article 3",
            "ARRÊTE Article 1",
            "DÉCIDE : Article unique : d'approuver",
            "Articles 1 et 2",
            "l'Article 5",
            "",
            "Arrêté",
            "Artémis 3",
        ] {
            assert_eq!(heading_read(line), heading_by_regex(line), "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_headings_are_what_the_regex_reads(
            line in "[ \t>*]{0,2}([-–] ?)?((ARRÊTE|Arrête|DÉCIDE|Décide) ?:? ?)?(ARTICLE|Article|Art\\.|Art|Arr|A|D|x|é)[ \t]{0,2}([0-9]{1,3}(\\.[0-9]{0,2}){0,3}|premier|PREMIER|unique|UNIQUE|uniq|L\\.32|1er)?[ \t]{0,2}(er|ER|ème|e|ere|e_|eé|E)?[ \t]{0,2}([:.\\-–][ \t]?)?[a-zé .0-9_]{0,6}"
        ) {
            proptest::prop_assert_eq!(heading_read(&line), heading_by_regex(&line));
        }

        #[test]
        fn heading_numbers_are_what_the_regex_captures(
            line in "[ \t>*]{0,2}([-–] ?)?((ARRÊTE|Arrête|DÉCIDE|Décide|DÉLIBÈRE) ?:? ?-? ?)?(ARTICLE|Article|Art\\.|Art)[ \t]{0,2}([0-9]{1,3}(\\.[0-9]{0,2}){0,3}|premier|PREMIER|unique|UNIQUE|L\\.32|1er)( ?(er|ER|ème|e))?[ \t]*([:.\\-] ?)?[a-zé .0-9]{0,12}"
        ) {
            let want = HEADING.captures(&line).map(|c| (c.get(0).map(|m| m.range()), c[1].to_owned()));
            // The fast reading never needs its fallback on these lines.
            let got = HEADING.find(&line).map(|m| {
                let n = heading_number(m.as_str()).unwrap_or("(none)").to_owned();
                (Some(m.range()), n)
            });
            proptest::prop_assert_eq!(got, want);
        }
    }
}
