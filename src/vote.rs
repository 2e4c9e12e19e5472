//! Votes: counted (« Pour : 42 voix (groupes) Contre : 0 voix Abstention :
//! 0 voix », « Pour : 30 - Contre : 12 », « Nombre de votants : 45 ;
//! suffrages exprimés : 42 ; pour : 40 ; contre : 2 »), counted sentences
//! (« par 40 voix pour, 2 voix contre et 3 abstentions », « par trente voix
//! contre douze », « 15 pour »), worded outcomes (« Adopté à l'unanimité »,
//! « Oui, (à la majorité, le groupe X votant contre) », « Rejeté », « Le
//! Conseil accepte à l'unanimité », « est élu … à l'unanimité ») and the
//! members not taking part (« Ne prennent pas part au vote : M. X, Mme Y »,
//! « M. X ne prenant pas part au vote »). « Prend acte » and « Dont acte »
//! are not votes: they mark the deliberation as acknowledged.
//!
//! Every clue found in the text is an *anchor*; anchors printed together
//! (an outcome and its qualifier, counts and the « (Adopté) » after them, a
//! « Oui » and its parenthesis) are merged into one vote. Counts are
//! reported as printed and never derived. Clues inside a visa or a
//! considérant (« Considérant que la commission a adopté à l'unanimité … »)
//! or inside a quotation (an article of law quoted) are not votes.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Civility, Outcome, Person, Vote, VoteGroups};
use crate::numbers;
use crate::person;
use crate::text::{Text, collapse};

/// Number words, for the regexes that find counts in words (their value is
/// read by [`numbers::count`]) and for the gate before `ITEM` (see
/// [`count_before`]), in lower case. A word that extends another comes
/// first, as the greedy `une?` of a pattern would read it.
const NUMBER_WORDS: &[&str] = &[
    "zéro",
    "zero",
    "une",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "vingts",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "septante",
    "huitante",
    "octante",
    "nonante",
    "cents",
    "cent",
    "mille",
];

/// [`NUMBER_WORDS`] as a pattern.
static NUMBER_WORD: LazyLock<String> = LazyLock::new(|| format!("(?:{})", NUMBER_WORDS.join("|")));

/// A count in figures or in words.
static NUM: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:[0-9]{{1,4}}|{w}(?:(?:-|[ \t]+)(?:et(?:-|[ \t]+))?{w})*)",
        w = *NUMBER_WORD
    )
});

/// A labelled count: « Pour : », « Votes contre : », « Abstentions : »,
/// « Ne prennent pas part au vote : », « Nombre de votants : »,
/// « Suffrages exprimés : ». The count (or the names) follows the colon.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(?:votes?|voix)[ \t]+)?(pour|contre|abstentions?|ne[ \t]+(?:prend|prennent|participe|participent)[ \t]+pas(?:[ \t]+part)?[ \t]+au[ \t]+vote|(?:nombre[ \t]+de[ \t]+)?votants|(?:suffrages[ \t]+)?exprim[ée]s)[ \t]*:[ \t]*",
    )
    .expect("valid regex")
});

/// A label in capitals without its colon (« POUR 17 »), or a label in a
/// table cell at a line start (« Pour\t42 »).
static LABEL_CAPS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?-u:\b)(POUR|CONTRE|ABSTENTIONS?)[ \t]+|^[ \t]*((?i:pour|contre|abstentions?))[ \t]*\t[ \t]*")
        .expect("valid regex")
});

/// A count before its noun: « 40 voix pour », « 2 contre », « trois
/// abstentions ».
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)({num})[ \t]+((?:voix|votes?)[ \t]+)?(pour|contre|abstentions?)(?-u:\b)",
        num = *NUM
    ))
    .expect("valid regex")
});

/// « par 30 voix contre 12 »: « contre » is a preposition there.
static VERSUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)({num})[ \t]+voix[ \t]+contre[ \t]+({num})(?:[ \t]+voix)?(?-u:\b)",
        num = *NUM
    ))
    .expect("valid regex")
});

/// « Pour le changement de prestataire : 13 votes » (a line of its own).
static POUR_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?im)^[ \t]*Pour[ \t]+[^\n:]{{1,80}}:[ \t]*({num})[ \t]+votes?(?-u:\b)",
        num = *NUM
    ))
    .expect("valid regex")
});

/// Outcome words. A bare participle counts only where it stands alone (its
/// own line, parentheses) or where a qualifier or counts follow it.
static OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    let verbs: Vec<String> = ["adopt", "approuv", "valid", "accept", "rejet", "refus"]
        .iter()
        .map(|v| crate::text::participle(v))
        .collect();
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:({}|rejette(?-u:\b))|((?-i:Oui))(?-u:\b))",
        verbs.join("|")
    ))
    .expect("valid regex")
});

/// « à l'unanimité » (also OCR « à Punanimité », « à l unanimité ») and
/// « Unanimité » alone after a colon or on its own line.
static UNANIMOUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?im)(?:(?:à|(?-u:\b)a)[ \t\n]+(?:l'[ \t]*|l[ \t]+|P|l)?unanimit[ée]|(?:^|:)[ \t]*unanimit[ée])",
    )
    .expect("valid regex")
});

/// « à la majorité ».
static MAJORITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:à|(?-u:\b)a)[ \t\n]+la[ \t\n]+majorit[ée]").expect("valid regex")
});

/// « unanimité » anywhere, for the qualifier inside a « Oui (…) » that
/// interleaved columns have cut (« Oui (à DES SERVICES l'unanimité) »).
static UNANIMITY_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)unanimit[ée]").expect("valid regex"));

/// Words that make a parenthesis a vote's qualifier.
static VOTE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)unanimit|majorit|voix|vote|abst|contre").expect("valid regex")
});

/// « M. X ne prenant pas part au vote », « ne prend pas part au vote ».
static NOT_TAKING_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)ne[ \t\n]+(?:prenant|prend|prennent|participant|participe|participent)[ \t\n]+pas(?:[ \t\n]+part)?[ \t\n]+au[ \t\n]+vote(?-u:\b)",
    )
    .expect("valid regex")
});

/// A group's position: « votant contre », « s'abstenant ».
static GROUP_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(votant[ \t]+contre|vote[ \t]+contre|votent[ \t]+contre)|(votant[ \t]+pour|votent[ \t]+pour)|(s'[ \t]*abst(?:enant|iennent|ient)))(?-u:\b)",
    )
    .expect("valid regex")
});

/// A group mention and the connectors before it (« et une partie du groupe »).
static GROUP_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:[ \t,]+et)?(?:[ \t,]+(?:le|les|du|des|une[ \t]+partie[ \t]+du|une[ \t]+partie[ \t]+des))?[ \t]*(?-u:\b)(groupes?)[ \t]+",
    )
    .expect("valid regex")
});

static ACKNOWLEDGED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:prend|prennent|dont)[ \t]+acte(?-u:\b)").expect("valid regex")
});

/// Words one of which every count regex needs (`VERSUS`, `ITEM`,
/// `POUR_LINE`, `LABEL`, `LABEL_CAPS`: « pour » to « exprim »), the stems
/// that start `OUTCOME`'s matches and the « acte » of `ACKNOWLEDGED`,
/// case folded as they fold: one pass over the text finds the lines each
/// of these regexes must read. [`cues`] finds its matches without it.
#[cfg(test)]
static CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)pour|contre|abst|voix|vot|exprim|adopt|approuv|valid|accept|rejet|refus|(?-i:Oui)|acte",
    )
    .expect("valid regex")
});

/// `CUE`'s words in its order, in lower case but « Oui », its one
/// case-sensitive word.
const CUE_WORDS: [&[u8]; 14] = [
    b"pour", b"contre", b"abst", b"voix", b"vot", b"exprim", b"adopt", b"approuv", b"valid",
    b"accept", b"rejet", b"refus", b"Oui", b"acte",
];

/// The keys of the three bytes a cue word starts with (a bit set of
/// 32,768 keys: the low five bits of each byte, the last in the low bits,
/// which ignore the case of ASCII letters), « ſ »'s first byte for its
/// « s ». A roll call's names have cue words' first letters (« po » of
/// « PONT », « re » of « Claire »), but hardly ever their first three.
static CUE_STARTS: [u64; 512] = {
    let mut t = [0u64; 512];
    let mut k = 0;
    while k < CUE_WORDS.len() + 1 {
        // The last one is « abſt ».
        let w: &[u8] = if k < CUE_WORDS.len() {
            CUE_WORDS[k]
        } else {
            b"ab\xC5"
        };
        let key = ((w[0] & 31) as usize) << 10 | ((w[1] & 31) as usize) << 5 | (w[2] & 31) as usize;
        t[key >> 6] |= 1 << (key & 63);
        k += 1;
    }
    t
};

/// Whether a pair of bytes (`x & 0x9F | (y & 31) << 8`, as a little-endian
/// load reads them: the first byte keeps its high bit) is the first two or
/// the last two bytes of a key in [`CUE_STARTS`], the first of them ASCII.
/// A key at an even `i` starts with the aligned pair at `i`, one at
/// an odd `i` ends with the aligned pair at `i + 1`: a test a pair, on half
/// the positions and with no chain from one byte to the next, rules out the
/// starts of both (see [`cue_start`]). The first two bytes of a cue word
/// are ASCII letters (« ſ » stands only for the « s » of « abst » and
/// « refus »): the high bit rules out the bytes of « ï » or « ô » (« co »,
/// « ct » folded).
static CUE_PAIRS: [bool; 0x2000] = {
    let mut t = [false; 0x2000];
    let mut key = 0;
    while key < 1 << 15 {
        if CUE_STARTS[key >> 6] >> (key & 63) & 1 != 0 {
            let (x, y, z) = (key >> 10, key >> 5 & 31, key & 31);
            t[x | y << 8] = true;
            t[y | z << 8] = true;
        }
        key += 1;
    }
    t
};

/// Whether the three bytes at `i`, the first two ASCII, have a key in
/// [`CUE_STARTS`].
fn key_at(b: &[u8], i: usize) -> bool {
    let t =
        usize::from(b[i] & 31) << 10 | usize::from(b[i + 1] & 31) << 5 | usize::from(b[i + 2] & 31);
    (b[i] | b[i + 1]).is_ascii() && CUE_STARTS[t >> 6] >> (t & 63) & 1 != 0
}

/// The first `i >= pos` where [`key_at`] holds (where a cue may start). A
/// rolling key tested at every byte is a chain of dependent steps through
/// the whole text; the aligned pairs of eight bytes are looked up in
/// [`CUE_PAIRS`] together here, and only the pairs found there have their
/// candidates read a key.
fn cue_start(b: &[u8], pos: usize) -> Option<usize> {
    let n = b.len();
    // The pair at `p` holds the keys at `p - 1` and `p`.
    #[inline(always)]
    fn candidates(b: &[u8], pos: usize, p: usize) -> Option<usize> {
        if p > pos && key_at(b, p - 1) {
            Some(p - 1)
        } else if p + 3 <= b.len() && key_at(b, p) {
            Some(p)
        } else {
            None
        }
    }
    let mut a = (pos + 1) & !1;
    while let Some(c) = b.get(a..a + 8) {
        let x = u64::from_le_bytes(c.try_into().expect("eight bytes")) & 0x1F9F_1F9F_1F9F_1F9F;
        // Bit `2 * k` for the pair at `a + 2 * k`.
        let mut pairs = (0..4).fold(0u32, |m, k| {
            m | u32::from(CUE_PAIRS[usize::from((x >> (16 * k)) as u16)]) << (2 * k)
        });
        while pairs != 0 {
            let p = a + pairs.trailing_zeros() as usize;
            pairs &= pairs - 1;
            if let Some(i) = candidates(b, pos, p) {
                return Some(i);
            }
        }
        a += 8;
    }
    (a..n.saturating_sub(1))
        .step_by(2)
        .filter(|&p| CUE_PAIRS[usize::from(b[p] & 0x9F) | usize::from(b[p + 1] & 31) << 8])
        .find_map(|p| candidates(b, pos, p))
}

/// The end of the cue word that `CUE` matches at `i`, if any. Under
/// Unicode case folding the letters of the cue words fold only to their
/// ASCII capital, but for « s », which folds to « ſ » too (checked by
/// `cue_letters_fold_as_the_regex_folds_them`).
fn cue_at(b: &[u8], i: usize) -> Option<usize> {
    'words: for &w in &CUE_WORDS {
        let mut j = i;
        if w == b"Oui" {
            if b[i..].starts_with(w) {
                return Some(i + 3);
            }
            continue;
        }
        for &c in w {
            match b.get(j) {
                Some(&x) if x.to_ascii_lowercase() == c => j += 1,
                Some(0xC5) if c == b's' && b.get(j + 1) == Some(&0xBF) => j += 2,
                _ => continue 'words,
            }
        }
        return Some(j);
    }
    None
}

/// The matches of `CUE` in `b`, as `find_iter` gives them: the leftmost
/// match at or after the end of the last, a word's first match in `CUE`'s
/// order at a start. The regex's lazy automaton, folding Unicode case, has
/// no literal prefilter and steps through every byte of a list of names
/// (a 5 MB roll call); the keys of every three bytes, ruled out by pairs
/// first (see [`cue_start`]), rule out almost every start at a fraction of
/// its cost.
fn cues(b: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        // Every cue word is three bytes at least.
        while let Some(i) = cue_start(b, pos) {
            match cue_at(b, i) {
                Some(end) => {
                    pos = end;
                    return Some(i..end);
                }
                None => pos = i + 1,
            }
        }
        None
    })
}

/// The count regexes, each run only on the cue lines that pass its gate
/// (see [`CueLine`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Label = 1,
    LabelCaps = 2,
    Versus = 4,
    Item = 8,
    PourLine = 16,
    /// `OUTCOME`: a line with one of its stems.
    Outcome = 32,
    /// `ACKNOWLEDGED`: a line with « acte ».
    Acknowledged = 64,
}

/// A stretch of a line holding a count cue, and which count regexes may
/// match on it: a set of [`Gate`] bits, each a cheap condition that its
/// regex cannot match without (most cue lines are prose where « pour » is
/// a preposition, and none of the regexes has a literal its engine could
/// look for first).
#[derive(Debug, Clone)]
struct CueLine {
    /// What the unanchored regexes read: the line, or a piece of a long
    /// one (see [`count_lines`]).
    range: Range<usize>,
    /// The whole line, for `POUR_LINE` and `LABEL_CAPS`, whose `^` needs a
    /// line start.
    line: Range<usize>,
    gates: u8,
}

/// Lines longer than this are read in pieces (see [`count_lines`]): a text
/// whose line breaks were lost is one line of megabytes.
const LONG_LINE: usize = 512;

/// A piece of a long line runs at least this far past its start before it
/// is cut, so that a line of short clauses is not read in a regex call a
/// clause.
const MIN_PIECE: usize = 256;

/// Bytes that no match of `LABEL`, `ITEM`, `VERSUS`, `OUTCOME` or
/// `ACKNOWLEDGED` holds (their matches are words, figures, blanks, hyphens
/// and colons): a long line is cut at them.
const CUT: [bool; 256] = crate::text::byte_set(b".,;()");

/// The stretches of `s` that hold a cue. The count regexes, `OUTCOME` and
/// `ACKNOWLEDGED` match within one line (their blanks are `[ \t]`), and
/// their `\b` and `^` read a line start or end as they read a line break:
/// run on these lines only, they find what they find on the whole text,
/// without running their automata (which have no literal to look for ahead
/// of a number, or a common one such as « re ») over every byte.
///
/// A line longer than [`LONG_LINE`] (text whose line breaks were lost) is
/// read in pieces for the unanchored regexes: they match within the
/// stretches between two [`CUT`] bytes, ASCII non-word bytes, so that their
/// `\b` reads a piece's ends as it reads the bytes around it; each cue
/// opens a piece from the last cut byte before it to the first one some
/// [`MIN_PIECE`] bytes on, and the regexes read only the pieces that their
/// gates let through, not the whole line. `POUR_LINE` and `LABEL_CAPS`
/// read whole lines, their gates read from the whole line.
///
/// Every occurrence of « pour », « contre », « abst » and « voix », and
/// every one of the other cue words after a boundary, is a match of `CUE`:
/// a cue word that overlaps the start of another ends with a letter before
/// it, an ASCII word byte (only « ſ » is not one, and no cue word starts
/// with what follows it in « abſt » or « refuſ »). The gates are read from
/// those matches, folded as the regexes fold them.
fn count_lines(s: &str) -> Vec<CueLine> {
    count_lines_cut(s, LONG_LINE, MIN_PIECE)
}

/// [`count_lines`], cutting lines longer than `long` into pieces of at
/// least `min_piece` bytes.
fn count_lines_cut(s: &str, long: usize, min_piece: usize) -> Vec<CueLine> {
    let bytes = s.as_bytes();
    let mut lines: Vec<CueLine> = Vec::new();
    // The line of the last cue.
    let mut line = 0..0;
    // « voix » and « contre » seen in the current piece (`VERSUS`).
    let mut voix = false;
    let mut contre = false;
    // The count gates read from the whole line, set once a count cue is
    // seen on it.
    let mut pending = 0;
    for m in cues(bytes) {
        let w = &bytes[m.clone()];
        let low = |i: usize| w.get(i).map(u8::to_ascii_lowercase);
        // The cue's first letters tell which word it is (a « ſ » is never
        // among them).
        let noun = matches!(
            (low(0), low(1)),
            (Some(b'p' | b'c'), _) | (Some(b'a'), Some(b'b'))
        );
        if lines.last().is_none_or(|l| m.start >= l.range.end) {
            if lines.is_empty() || m.start >= line.end {
                // A cue word holds no line break: its line is the one
                // around its start.
                line = crate::text::line_around(bytes, line.end, m.start);
                let l = &bytes[line.clone()];
                let mut gates = 0;
                let blanks = l.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
                // `LABEL` and `POUR_LINE` need a colon, `LABEL_CAPS`'s cell
                // form a tab after its word at the line start.
                if memchr::memchr(b':', l).is_some() {
                    let t = l.trim_ascii_start();
                    let lead = &l[..l.len() - t.len()];
                    if lead.iter().all(|&b| b == b' ' || b == b'\t')
                        && t.get(..4).is_some_and(|w| w.eq_ignore_ascii_case(b"pour"))
                    {
                        gates |= Gate::PourLine as u8;
                    }
                }
                if noun && m.start == line.start + blanks && memchr::memchr(b'\t', l).is_some() {
                    gates |= Gate::LabelCaps as u8;
                }
                pending = gates;
            }
            let range = if line.len() <= long {
                line.clone()
            } else {
                let lo = lines.last().map_or(0, |l| l.range.end).max(line.start);
                let start = bytes[lo..m.start]
                    .iter()
                    .rposition(|&b| CUT[usize::from(b)])
                    .map_or(lo, |i| lo + i + 1);
                let from = m.end.max(start + min_piece).min(line.end);
                let end = bytes[from..line.end]
                    .iter()
                    .position(|&b| CUT[usize::from(b)])
                    .map_or(line.end, |i| from + i);
                start..end
            };
            lines.push(CueLine {
                range,
                line: line.clone(),
                gates: 0,
            });
            voix = false;
            contre = false;
        }
        let piece = lines.last_mut().expect("a piece was pushed");
        match (low(0), low(1), low(2)) {
            (Some(b'c'), ..) => contre = true,
            (Some(b'v'), Some(b'o'), Some(b'i')) => voix = true,
            (Some(b'a'), Some(b'c'), Some(b't')) => {
                piece.gates |= Gate::Acknowledged as u8;
                continue;
            }
            (Some(b'p'), ..) | (Some(b'a'), Some(b'b'), _) => {}
            (Some(b'v'), Some(b'o'), _) | (Some(b'e'), ..) => {}
            _ => {
                piece.gates |= Gate::Outcome as u8;
                continue;
            }
        }
        piece.gates |= pending;
        // `LABEL`'s word is a cue (« vot » of « vote » and « votants »);
        // the rest of the word (letters, « é », a long s: 8 bytes at most)
        // and blanks lead to its colon.
        if piece.gates & Gate::Label as u8 == 0
            && !(w.len() == 4 && w[0].eq_ignore_ascii_case(&b'v'))
        {
            let rest = &bytes[m.end..piece.range.end];
            let letters = rest
                .iter()
                .take(17)
                .take_while(|&&b| b.is_ascii_alphabetic() || b >= 0x80)
                .count();
            if letters <= 16
                && rest[letters..].iter().find(|&&b| b != b' ' && b != b'\t') == Some(&b':')
            {
                piece.gates |= Gate::Label as u8;
            }
        }
        if voix && contre {
            piece.gates |= Gate::Versus as u8;
        }
        if noun {
            // `LABEL_CAPS` in capitals is case-sensitive.
            if matches!(w, b"POUR" | b"CONTRE" | b"ABST") {
                piece.gates |= Gate::LabelCaps as u8;
            }
            if piece.gates & Gate::Item as u8 == 0
                && count_before(bytes, piece.range.start, m.start)
            {
                piece.gates |= Gate::Item as u8;
            }
        }
    }
    lines
}

/// Can `ITEM` match with its noun at `at` (a line starting at `from`)? A
/// necessary condition: blanks before the noun, then a count, or « voix »
/// / « vote(s) », blanks and a count. A count ends a run of ASCII word
/// characters that starts at a boundary, so that run is the count itself:
/// one to four figures or a number word. A run holding a byte outside
/// ASCII (« zéro », a long s folded to « s ») is let through.
fn count_before(b: &[u8], from: usize, at: usize) -> bool {
    /// The run of word bytes before the blanks before `end`: `None` when
    /// no blank precedes `end`.
    fn run_before(b: &[u8], from: usize, end: usize) -> Option<(usize, usize)> {
        let mut e = end;
        while e > from && matches!(b[e - 1], b' ' | b'\t') {
            e -= 1;
        }
        if e == end {
            return None;
        }
        let mut a = e;
        // A count is 12 bytes at most and needs a boundary before it (a
        // byte outside ASCII in the run at least): a run of 25 ASCII word
        // bytes cannot end with one.
        while a > from
            && e - a <= 24
            && (b[a - 1].is_ascii_alphanumeric() || b[a - 1] == b'_' || b[a - 1] >= 0x80)
        {
            a -= 1;
        }
        Some((a, e))
    }
    let is_count = |r: &[u8]| {
        r.iter().any(|&c| c >= 0x80)
            || (!r.is_empty() && r.len() <= 4 && r.iter().all(u8::is_ascii_digit))
            || NUMBER_WORDS
                .iter()
                .any(|w| r.eq_ignore_ascii_case(w.as_bytes()))
    };
    let Some((a, e)) = run_before(b, from, at) else {
        return false;
    };
    let r = &b[a..e];
    if is_count(r) {
        return true;
    }
    if ["voix", "vote", "votes"]
        .iter()
        .any(|w| r.eq_ignore_ascii_case(w.as_bytes()))
    {
        return run_before(b, from, a).is_some_and(|(a2, e2)| is_count(&b[a2..e2]));
    }
    false
}

/// A match at an offset of the whole text.
#[derive(Debug, Clone, Copy)]
struct At<'s> {
    start: usize,
    end: usize,
    text: &'s str,
}

impl<'s> At<'s> {
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
    fn as_str(&self) -> &'s str {
        self.text
    }
    fn len(&self) -> usize {
        self.text.len()
    }
}

/// Captures found on one line, read at offsets of the whole text.
struct LineCaptures<'s> {
    base: usize,
    c: regex::Captures<'s>,
}

impl<'s> LineCaptures<'s> {
    fn get(&self, i: usize) -> Option<At<'s>> {
        self.c.get(i).map(|m| At {
            start: self.base + m.start(),
            end: self.base + m.end(),
            text: m.as_str(),
        })
    }
}

/// `re.captures_iter(s)` for a regex that matches within one line and
/// only on the `lines` that pass `gate` (see [`count_lines`]).
fn line_captures<'s>(
    re: &'s Regex,
    gate: Gate,
    s: &'s str,
    lines: &'s [CueLine],
) -> impl Iterator<Item = LineCaptures<'s>> + 's {
    // Each whole line once: its pieces follow each other.
    let whole = matches!(gate, Gate::PourLine | Gate::LabelCaps);
    let mut last_line = None;
    lines
        .iter()
        .filter(move |l| l.gates & gate as u8 != 0)
        .filter_map(move |l| {
            if !whole {
                return Some(l.range.clone());
            }
            if last_line == Some(l.line.start) {
                return None;
            }
            last_line = Some(l.line.start);
            Some(l.line.clone())
        })
        .flat_map(move |r| {
            let base = r.start;
            re.captures_iter(&s[r])
                .map(move |c| LineCaptures { base, c })
        })
}

/// A visa or considérant opening a clause.
static VISA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:vu|consid[ée]rant|attendu|art(?:icle|\.)[ \t]+(?:[0-9]+|premier|unique|1er)(?-u:\b))",
    )
    .expect("valid regex")
});

/// A civility where a list of names starts.
static CIVILITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:Monsieur|Madame|MM\.|Mmes|Mme|M\.)[ \t\n]").expect("valid regex")
});

/// What an anchor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Counts.
    Counted,
    /// An outcome or a qualifier that makes a vote on its own.
    Worded,
    /// A participle that is a vote only if a qualifier or counts join it.
    Weak,
    /// Members not taking part: joins the nearest vote.
    NotTakingPart,
}

/// A vote in the making.
#[derive(Debug, Clone)]
struct Draft {
    kind: Kind,
    start: usize,
    end: usize,
    /// Clues starting before this offset belong to this vote.
    scope: usize,
    for_: Option<u32>,
    against: Option<u32>,
    abstention: Option<u32>,
    not_taking_part: Option<u32>,
    voters: Option<u32>,
    cast: Option<u32>,
    unanimous: bool,
    word_outcome: Option<Outcome>,
    qualified: bool,
    groups: VoteGroups,
    persons: Vec<Range<usize>>,
}

impl Draft {
    fn new(kind: Kind, start: usize, end: usize) -> Self {
        Draft {
            kind,
            start,
            end,
            scope: end,
            for_: None,
            against: None,
            abstention: None,
            not_taking_part: None,
            voters: None,
            cast: None,
            unanimous: false,
            word_outcome: None,
            qualified: false,
            groups: VoteGroups::default(),
            persons: Vec::new(),
        }
    }

    fn counted(&self) -> bool {
        self.for_.is_some() || self.against.is_some() || self.abstention.is_some()
    }

    /// Takes in what `o` says; what is already known stays.
    fn absorb(&mut self, o: Draft) {
        if o.kind == Kind::NotTakingPart {
            self.not_taking_part = self.not_taking_part.or(o.not_taking_part);
            self.persons.extend(o.persons);
            return;
        }
        if self.kind == Kind::Weak && o.kind != Kind::Weak {
            self.kind = o.kind;
        }
        if o.kind == Kind::Counted && self.kind != Kind::Counted {
            self.kind = Kind::Counted;
        }
        self.start = self.start.min(o.start);
        self.end = self.end.max(o.end);
        self.scope = self.scope.max(o.scope);
        self.for_ = self.for_.or(o.for_);
        self.against = self.against.or(o.against);
        self.abstention = self.abstention.or(o.abstention);
        self.not_taking_part = self.not_taking_part.or(o.not_taking_part);
        self.voters = self.voters.or(o.voters);
        self.cast = self.cast.or(o.cast);
        self.unanimous |= o.unanimous;
        self.word_outcome = self.word_outcome.or(o.word_outcome);
        self.qualified |= o.qualified;
        for (mine, theirs) in [
            (&mut self.groups.for_, o.groups.for_),
            (&mut self.groups.against, o.groups.against),
            (&mut self.groups.abstention, o.groups.abstention),
        ] {
            for g in theirs {
                if !mine.contains(&g) {
                    mine.push(g);
                }
            }
        }
        for p in o.persons {
            if !self.persons.contains(&p) {
                self.persons.push(p);
            }
        }
    }
}

/// The votes and the « prend acte » flag found in `range`.
pub fn extract(text: &Text<'_>, range: Range<usize>) -> (Vec<Vote>, bool) {
    let Some(s) = text.s.get(range.clone()) else {
        return (Vec::new(), false);
    };
    let base = range.start;
    let lines = count_lines(s);
    let mut anchors = counted(s, &lines);
    worded(s, &lines, &mut anchors);
    not_taking_part(s, &mut anchors);
    anchors.retain(|a| !excluded(s, a.start));
    anchors.sort_by_key(|a| (a.start, a.end));

    // Merge the clues printed together.
    let mut votes: Vec<Draft> = Vec::new();
    let mut pending_ntp: Vec<Draft> = Vec::new();
    for a in anchors {
        if a.kind == Kind::NotTakingPart {
            if let Some(v) = votes.last_mut() {
                if a.start < v.scope {
                    v.absorb(a);
                    continue;
                }
            }
            pending_ntp.push(a);
            continue;
        }
        // A participle nothing joined is not a vote; the vote before it
        // is then the one next to this clue.
        if votes.last().is_some_and(|v| {
            v.kind == Kind::Weak && a.start >= v.scope && !precedes_counts(s, v, &a)
        }) {
            votes.pop();
        }
        if let Some(v) = votes.last_mut() {
            if follows_counts(s, v, &a) {
                // The outcome printed under the counts is theirs; the vote's
                // text stays the counts.
                let end = v.end;
                v.absorb(a);
                v.end = end;
                continue;
            }
            if a.start < v.scope || precedes_counts(s, v, &a) {
                v.absorb(a);
                continue;
            }
        }
        votes.push(a);
    }
    votes.retain(|v| v.kind != Kind::Weak);
    // Members not taking part join the vote printed next to them.
    for n in pending_ntp {
        if let Some(v) = nearest(s, &mut votes, &n) {
            v.absorb(n);
        }
    }
    let acknowledged = line_captures(&ACKNOWLEDGED, Gate::Acknowledged, s, &lines)
        .filter_map(|c| c.get(0))
        .any(|m| !excluded(s, m.start()) && !inside_any(&votes, m.start()));
    let out = votes
        .into_iter()
        .map(|v| finish(text, s, base, v))
        .collect();
    (out, acknowledged)
}

fn inside_any(votes: &[Draft], at: usize) -> bool {
    votes.iter().any(|v| v.start <= at && at < v.end)
}

/// « (Adopté) » or « ADOPTÉ » printed right after counts is their outcome.
fn follows_counts(s: &str, v: &Draft, a: &Draft) -> bool {
    if !v.counted() || a.kind == Kind::Counted || a.start < v.end {
        return false;
    }
    let gap = s.get(v.end..a.start).unwrap_or("x");
    if gap.len() < 40 && !gap.chars().any(char::is_alphabetic) {
        return true;
    }
    // « … Abstentions : 2 \n\n La délibération est adoptée. »: the
    // sentence that states the outcome of the counts above it, with
    // nothing but blank lines between.
    if v.word_outcome.is_some() || v.qualified || gap.len() >= 100 {
        return false;
    }
    let (above, last) = gap.rsplit_once('\n').unwrap_or(("", gap));
    !above.chars().any(char::is_alphanumeric)
        && !last.contains(['.', ';', ':'])
        && !last.chars().any(|c| c.is_ascii_digit())
        && last.len() < 50
}

/// « Adopté : Pour : 12 … » — an outcome just before counts.
fn precedes_counts(s: &str, v: &Draft, a: &Draft) -> bool {
    if v.counted() || a.kind != Kind::Counted || v.kind == Kind::Counted {
        return false;
    }
    let gap = s.get(v.end..a.start).unwrap_or("x");
    gap.len() < 12 && !gap.chars().any(char::is_alphabetic) && !gap.contains("\n\n")
}

/// The vote next to a « ne prenant pas part au vote »: the one before it in
/// the same paragraph, else the one after it.
fn nearest<'v>(s: &str, votes: &'v mut [Draft], n: &Draft) -> Option<&'v mut Draft> {
    let close = |a: usize, b: usize| {
        s.get(a.min(b)..a.max(b))
            .is_some_and(|g| g.len() < 250 && !g.contains("\n\n"))
    };
    let before = votes
        .iter()
        .rposition(|v| v.start < n.start && close(v.end.min(n.start), n.start));
    let after = votes
        .iter()
        .position(|v| v.start >= n.end && close(n.end, v.start));
    let k = before.or(after)?;
    votes.get_mut(k)
}

/// Counted votes: labelled counts, counts before their noun, « N voix
/// contre M » and « Pour … : N votes » lines.
fn counted(s: &str, lines: &[CueLine]) -> Vec<Draft> {
    let mut out = labelled(s, lines);
    let overlaps = |out: &[Draft], a: usize, b: usize| out.iter().any(|d| a < d.end && d.start < b);
    for c in line_captures(&VERSUS, Gate::Versus, s, lines) {
        let m = c.get(0).expect("match");
        // « 30 voix contre 12 voix pour » is two counts, not a duel.
        let after = s[m.end()..].trim_start();
        if ["pour", "contre", "abst", "voix"]
            .iter()
            .any(|w| lower_starts_with(after, w))
            || overlaps(&out, m.start(), m.end())
        {
            continue;
        }
        let mut d = Draft::new(Kind::Counted, m.start(), m.end());
        d.for_ = c.get(1).and_then(|g| numbers::parse_count(g.as_str()));
        d.against = c.get(2).and_then(|g| numbers::parse_count(g.as_str()));
        if d.for_.is_some() && d.against.is_some() {
            out.push(d);
        }
    }
    let mut run: Option<(Draft, usize, bool)> = None;
    let mut runs: Vec<(Draft, usize, bool)> = Vec::new();
    for c in line_captures(&ITEM, Gate::Item, s, lines) {
        let m = c.get(0).expect("match");
        if overlaps(&out, m.start(), m.end()) {
            continue;
        }
        let Some(n) = c.get(1).and_then(|g| numbers::parse_count(g.as_str())) else {
            continue;
        };
        let noun = c.get(3).map_or("", |g| g.as_str()).to_lowercase();
        let voix = c.get(2).is_some();
        if let Some((d, k, _)) = &mut run {
            let gap = &s[d.end..m.start()];
            let slot = match noun.as_str() {
                "pour" => d.for_,
                "contre" => d.against,
                _ => d.abstention,
            };
            if joins(gap) && slot.is_none() {
                set_count(d, &noun, n);
                d.end = m.end();
                d.scope = m.end();
                *k += 1;
                continue;
            }
        }
        if let Some(r) = run.take() {
            runs.push(r);
        }
        let mut d = Draft::new(Kind::Counted, m.start(), m.end());
        set_count(&mut d, &noun, n);
        run = Some((d, 1, voix && noun != "abstention" && noun != "abstentions"));
    }
    runs.extend(run);
    for (mut d, k, voix) in runs {
        // « 15 pour » alone is a vote only on a line of its own; elsewhere
        // it counts only within a vote (« à l'unanimité (2 abstentions) »).
        if !(k >= 2 || voix || alone_on_line(s, d.start, d.end)) {
            d.kind = Kind::Weak;
        }
        out.push(d);
    }
    for c in line_captures(&POUR_LINE, Gate::PourLine, s, lines) {
        let m = c.get(0).expect("match");
        let g = c.get(1).expect("group");
        if overlaps(&out, g.start(), g.end()) {
            continue;
        }
        let start = m.start() + (m.len() - m.as_str().trim_start().len());
        let mut d = Draft::new(Kind::Counted, start, m.end());
        d.for_ = numbers::parse_count(g.as_str());
        if d.for_.is_some() {
            out.push(d);
        }
    }
    out
}

/// A gap between two counts of one vote: punctuation, « et ».
fn joins(gap: &str) -> bool {
    let g = gap.trim_matches(|c: char| c.is_whitespace() || ",;/-|.".contains(c));
    let blank_line = gap
        .split('\n')
        .skip(1)
        .any(|l| l.trim().is_empty() && gap.matches('\n').count() > 1);
    (g.is_empty() || g.eq_ignore_ascii_case("et"))
        && gap.split_whitespace().map(str::len).sum::<usize>() <= 6
        && gap.len() <= 80
        && !blank_line
}

fn set_count(d: &mut Draft, noun: &str, n: u32) {
    match noun {
        "pour" => d.for_ = Some(n),
        "contre" => d.against = Some(n),
        _ => d.abstention = Some(n),
    }
}

/// Is `s[a..b]` alone on its line (« Vote : » or a full stop allowed)?
fn alone_on_line(s: &str, a: usize, b: usize) -> bool {
    // Look no further than a short line's length either side.
    let back = char_floor(s, a.saturating_sub(24));
    let ls = match s[back..a].rfind('\n') {
        Some(i) => back + i + 1,
        None if back == 0 => 0,
        None => return false,
    };
    let fwd = char_floor(s, (b + 24).min(s.len()));
    let le = match s[b..fwd].find('\n') {
        Some(i) => b + i,
        None if fwd == s.len() => s.len(),
        None => return false,
    };
    let before = s[ls..a].trim().to_lowercase();
    let after = s[b..le].trim();
    (before.is_empty() || before == "vote :" || before == "vote:")
        && (after.is_empty() || after == ".")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    For,
    Against,
    Abstention,
    NotTakingPart,
    Voters,
    Cast,
}

/// Labelled counts (« Pour : 42 voix (…) Contre : 0 voix … »), grouped
/// into votes when printed one after the other.
fn labelled(s: &str, lines: &[CueLine]) -> Vec<Draft> {
    let mut labels: Vec<(usize, usize, Label)> = line_captures(&LABEL, Gate::Label, s, lines)
        .map(|c| {
            let m = c.get(0).expect("match");
            let w = c.get(1).map_or("", |g| g.as_str()).to_lowercase();
            let label = if w == "pour" {
                Label::For
            } else if w == "contre" {
                Label::Against
            } else if w.starts_with("abst") {
                Label::Abstention
            } else if w.starts_with("ne") {
                Label::NotTakingPart
            } else if w.contains("votants") {
                Label::Voters
            } else {
                Label::Cast
            };
            (m.start(), m.end(), label)
        })
        .collect();
    // « POUR 17 CONTRE 0 ABSTENTION 1 »: capitals and figures, no colon.
    for c in line_captures(&LABEL_CAPS, Gate::LabelCaps, s, lines) {
        let m = c.get(0).expect("match");
        let figures = numbers::in_figures(&s[m.end()..]).is_ok();
        if !figures || labels.iter().any(|l| l.0 < m.end() && m.start() < l.1) {
            continue;
        }
        let word = c
            .get(1)
            .or(c.get(2))
            .map_or(String::new(), |g| g.as_str().to_lowercase());
        let label = match word.as_str() {
            "pour" => Label::For,
            "contre" => Label::Against,
            _ => Label::Abstention,
        };
        labels.push((m.start(), m.end(), label));
    }
    labels.sort_by_key(|l| l.0);
    let mut out: Vec<Draft> = Vec::new();
    let mut cur: Option<(Draft, Vec<Label>, bool)> = None;
    for (k, &(start, after_colon, label)) in labels.iter().enumerate() {
        let next_label = labels.get(k + 1).map_or(s.len(), |l| l.0);
        let rest = &s[after_colon..next_label];
        let line = rest.split('\n').next().unwrap_or("");
        let mut d = Draft::new(Kind::Counted, start, after_colon);
        let mut voix = false;
        match numbers::count(line) {
            Ok((tail, n)) => {
                let mut end = after_colon + (line.len() - tail.len());
                let t = s[end..next_label].trim_start_matches([' ', '\t']);
                for w in ["voix", "votes", "vote"] {
                    if lower_starts_with(t, w) && !lower_letter_after(t, w) {
                        end += s[end..next_label].len() - t.len() + w.len();
                        voix = true;
                        break;
                    }
                }
                match label {
                    Label::For => d.for_ = Some(n),
                    Label::Against => d.against = Some(n),
                    Label::Abstention => d.abstention = Some(n),
                    Label::NotTakingPart => d.not_taking_part = Some(n),
                    Label::Voters => d.voters = Some(n),
                    Label::Cast => d.cast = Some(n),
                }
                // Groups in parentheses after the count.
                let t = &s[end..next_label];
                let lead = t.len() - t.trim_start_matches([' ', '\t', '\n']).len();
                let open = end + lead;
                let close = paren_end(s, open, next_label);
                if t[lead..].starts_with('(') && groups_paren(&s[open..close], &t[..lead]) {
                    let groups = split_groups(&s[open..close]);
                    match label {
                        Label::For => d.groups.for_ = groups,
                        Label::Against => d.groups.against = groups,
                        Label::Abstention => d.groups.abstention = groups,
                        // « Ne prend pas part au vote : 1 (M. X) ».
                        Label::NotTakingPart => {
                            let inner_end = if s[..close].ends_with(')') {
                                close - 1
                            } else {
                                close
                            };
                            d.persons = names(s, open + 1, inner_end.max(open + 1));
                        }
                        _ => {}
                    }
                    end = close;
                }
                d.end = end;
            }
            Err(_) if label == Label::NotTakingPart => {
                let stop = sentence_end(s, after_colon, next_label);
                d.persons = names(s, after_colon, stop);
                if d.persons.is_empty() {
                    continue;
                }
                d.end = stop;
            }
            Err(_) => {
                if let Some(c) = cur.take() {
                    out.extend(close_labelled(c));
                }
                continue;
            }
        }
        d.scope = d.end;
        if let Some((c, seen, v)) = &mut cur {
            if joins(&s[c.end.min(start)..start]) && !seen.contains(&label) {
                c.absorb(d);
                seen.push(label);
                *v |= voix;
                continue;
            }
        }
        if let Some(c) = cur.take() {
            out.extend(close_labelled(c));
        }
        cur = Some((d, vec![label], voix));
    }
    if let Some(c) = cur.take() {
        out.extend(close_labelled(c));
    }
    out
}

/// Does the parenthesis after a count name groups (not « (Adopté) »)? On
/// the next line it must look like a list of groups.
fn groups_paren(inner: &str, lead: &str) -> bool {
    let lower = inner.trim_start_matches(['(', ' ']).to_lowercase();
    if OUTCOME.find(&lower).is_some_and(|m| m.start() == 0) {
        return false;
    }
    !lead.contains('\n') || lower.contains("groupe") || lower.contains(';')
}

/// A run of labelled counts is a vote when it counts votes for, against or
/// abstaining (« Pour : 12 » alone needs « voix »); a run with only the
/// members not taking part joins a vote nearby.
fn close_labelled((mut d, seen, voix): (Draft, Vec<Label>, bool)) -> Option<Draft> {
    let counts = seen
        .iter()
        .filter(|l| matches!(l, Label::For | Label::Against | Label::Abstention))
        .count();
    if counts >= 2 || (counts == 1 && (voix || seen.len() >= 2)) {
        return Some(d);
    }
    if counts == 0 && seen.contains(&Label::NotTakingPart) {
        d.kind = Kind::NotTakingPart;
        return Some(d);
    }
    None
}

/// Worded outcomes and qualifiers.
fn worded(s: &str, lines: &[CueLine], out: &mut Vec<Draft>) {
    let counted: Vec<(usize, usize)> = out.iter().map(|d| (d.start, d.end)).collect();
    let in_counts = |a: usize| counted.iter().any(|&(x, y)| x <= a && a < y);
    for c in line_captures(&OUTCOME, Gate::Outcome, s, lines) {
        let m = c.get(0).expect("match");
        if in_counts(m.start()) {
            continue;
        }
        let oui = c.get(2).is_some();
        let word = m.as_str().to_lowercase();
        let outcome = if word.starts_with("rejet") || word.starts_with("refus") {
            Outcome::Rejected
        } else {
            Outcome::Adopted
        };
        // A parenthesis is the vote's qualifier only if it speaks of the
        // vote (« Adopté (à l'unanimité) », not « approuvé (annexe 2) »).
        let paren = paren_after(s, m.end())
            .filter(|&open| oui || VOTE_WORDS.is_match(&s[open..paren_end(s, open, s.len())]));
        let strong = if oui {
            oui_stands(s, m.start(), m.end())
        } else {
            paren.is_some() || stands_alone(s, m.start(), m.end()) || stated(s, m.start(), m.end())
        };
        if oui && !strong {
            continue;
        }
        // A verb (« rejette », « refusé ») in running text is a vote only
        // with a qualifier: keep it weak.
        let kind = if strong && !word.starts_with("refus") && word != "rejette" {
            Kind::Worded
        } else {
            Kind::Weak
        };
        let mut d = Draft::new(kind, m.start(), m.end());
        d.word_outcome = Some(outcome);
        match paren {
            Some(open) => {
                let close = paren_end(s, open, s.len());
                d.end = close;
                d.scope = close;
                d.qualified = true;
                let inner = &s[open..close];
                d.unanimous = UNANIMITY_WORD.is_match(inner);
                d.groups = worded_groups(inner);
            }
            None if kind == Kind::Weak => d.scope = sentence_end(s, m.end(), s.len()),
            None => {}
        }
        out.push(d);
    }
    // Neither pattern has a literal the regex engine can look for first
    // (they start with « à » or « a »), so it would run its automaton over
    // every byte; their words are looked for first, by rare pairs.
    let [unanimity, majority] = has_words(s.as_bytes());
    let patterns = [
        (&*UNANIMOUS, true, unanimity),
        (&*MAJORITY, false, majority),
    ];
    for (re, unanimous, _) in patterns.into_iter().filter(|p| p.2) {
        for m in re.find_iter(s) {
            let start =
                m.start() + (m.len() - m.as_str().trim_start_matches([':', ' ', '\t', '\n']).len());
            if in_counts(start) || !of_the_assembly(&s[m.end()..]) {
                continue;
            }
            let mut d = Draft::new(Kind::Worded, start, m.end());
            d.unanimous = unanimous;
            d.qualified = true;
            let stop = sentence_end(s, m.end(), s.len());
            d.groups = worded_groups(&s[m.end()..stop]);
            // « à la majorité, le groupe X votant contre »: the vote's text
            // runs over the groups named with it.
            if !d.groups.for_.is_empty()
                || !d.groups.against.is_empty()
                || !d.groups.abstention.is_empty()
            {
                d.end = stop;
            }
            d.scope = stop;
            out.push(d);
        }
    }
}

/// `s.to_lowercase().starts_with(w)` for an ASCII `w`, lower-casing only
/// what is compared (not the rest of the text). Lower-casing character by
/// character differs from the string's only for a final sigma, never ASCII.
fn lower_starts_with(s: &str, w: &str) -> bool {
    s.chars()
        .flat_map(char::to_lowercase)
        .take(w.len())
        .eq(w.chars())
}

/// With `s` starting with `w` in lower case (ASCII): whether a letter comes
/// next in `s.to_lowercase()`.
fn lower_letter_after(s: &str, w: &str) -> bool {
    s.chars()
        .flat_map(char::to_lowercase)
        .nth(w.len())
        .is_some_and(char::is_alphabetic)
}

/// The start of `s.to_lowercase()` that [`of_the_assembly`] reads: the
/// article (seven characters at most) and the word after it, which ends at
/// the first character that is no letter once lower-cased. A sigma is
/// lower-cased without its final form: either is a letter, and no word
/// looked for holds one.
fn lower_head(s: &str) -> String {
    let mut t = String::new();
    for (n, c) in s.chars().enumerate() {
        let mut ends = false;
        for l in c.to_lowercase() {
            ends |= !l.is_alphabetic();
            t.push(l);
        }
        if n >= 7 && ends {
            break;
        }
    }
    t
}

/// The end of `s.to_lowercase()` that [`stated`] reads: its last six
/// characters, lower-cased (a verb of four letters at most and the letter
/// before it).
fn lower_tail(s: &str) -> String {
    let from = s.char_indices().rev().nth(5).map_or(0, |(i, _)| i);
    s[from..].chars().flat_map(char::to_lowercase).collect()
}

/// Is « à la majorité » / « à l'unanimité » followed by what makes it a
/// vote (« des suffrages exprimés », « des membres présents », a stop),
/// not a share of something else (« à la majorité des communes »)?
fn of_the_assembly(after: &str) -> bool {
    let t = lower_head(after.trim_start_matches([' ', '\t', '\n']));
    let Some((article, rest)) = ["des ", "de ses ", "de ", "d'", "du "]
        .iter()
        .find_map(|p| t.strip_prefix(p).map(|r| (*p, r)))
    else {
        return true;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    // « décide à la majorité de verser … »: what was decided follows.
    let infinitive = ["er", "ir", "re", "oir"].iter().any(|e| word.ends_with(e));
    if infinitive && matches!(article, "de " | "d'") {
        return true;
    }
    matches!(
        word.as_str(),
        "suffrages"
            | "voix"
            | "membres"
            | "présents"
            | "presents"
            | "votants"
            | "conseillers"
            | "élus"
            | "votes"
    )
}

/// Members named as not taking part, before « ne prenant pas part au vote »
/// (names after a colon are read with the labelled counts).
fn not_taking_part(s: &str, out: &mut Vec<Draft>) {
    for m in NOT_TAKING_PART.find_iter(s) {
        let tail = s[m.end()..].trim_start_matches([' ', '\t']);
        if tail.starts_with(':') {
            continue;
        }
        let from = names_start(s, m.start());
        let persons = names(s, from, m.start());
        let mut d = Draft::new(Kind::NotTakingPart, m.start(), m.end());
        d.persons = persons;
        out.push(d);
    }
}

/// Where the names before « ne prenant pas part au vote » may start: after
/// the qualifier, a parenthesis, the previous group clause, or the start of
/// the sentence.
fn names_start(s: &str, at: usize) -> usize {
    let floor = char_floor(s, at.saturating_sub(300));
    let window = &s[floor..at];
    let mut from = sentence_start(s, at).max(floor);
    for pat in [
        "(",
        "unanimité,",
        "majorité,",
        "s'abstenant",
        "contre",
        "vote",
        ";",
        "\n",
    ] {
        if let Some(i) = window.rfind(pat) {
            from = from.max(floor + i + pat.len());
        }
    }
    from
}

/// The persons named in `s[a..b]`, from its first civility on: each a
/// range of `s`, separated by commas or « et ».
fn names(s: &str, a: usize, b: usize) -> Vec<Range<usize>> {
    let Some(window) = s.get(a..b) else {
        return Vec::new();
    };
    let Some(first) = CIVILITY.find(window) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let at = a + first.start();
    let body = &s[at..b];
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut last = 0;
    for (i, _) in body.match_indices([',', ';']) {
        pieces.push((last, i));
        last = i + 1;
    }
    pieces.push((last, body.len()));
    let mut split: Vec<(usize, usize)> = Vec::new();
    for (x, y) in pieces {
        let piece = &body[x..y];
        let mut from = x;
        for (i, _) in piece.match_indices(" et ") {
            split.push((from, x + i));
            from = x + i + 4;
        }
        split.push((from, y));
    }
    for (x, y) in split {
        let (x, y) = crate::text::trim_range(body, x, y);
        if x < y {
            out.push(at + x..at + y);
        }
    }
    out
}

/// Is `s[a..b]` (« Adopté ») an outcome on its own: alone on its line, in
/// parentheses, or followed by a full stop?
fn stands_alone(s: &str, a: usize, b: usize) -> bool {
    let before = s[..a].trim_end_matches([' ', '\t', '(']);
    let after = s[b..].trim_start_matches([' ', '\t', ')', '.', ',']);
    let line_start = before.is_empty() || before.ends_with('\n') || before.ends_with(['.', ':']);
    let line_end = after.is_empty() || after.starts_with('\n');
    let paren = s[..a].trim_end().ends_with('(') && s[b..].trim_start().starts_with(')');
    (line_start && line_end) || paren || (line_start && s[b..].starts_with('.'))
}

/// « La délibération est adoptée. », « Le compte rendu est approuvé » at
/// the end of its line: a sentence that states an outcome.
fn stated(s: &str, a: usize, b: usize) -> bool {
    let before = lower_tail(s[..a].trim_end_matches([' ', '\t']));
    let verb = ["est", "sont", "été"].iter().any(|v| {
        before.ends_with(v) && !before[..before.len() - v.len()].ends_with(char::is_alphabetic)
    });
    let after = s[b..].trim_start_matches([' ', '\t']);
    // At a line end, the next line must not continue the sentence.
    let next_line = after
        .strip_prefix('\n')
        .map(|n| n.trim_start_matches([' ', '\t']));
    let line_end = next_line.is_some_and(|n| {
        n.is_empty() || n.starts_with('\n') || n.starts_with(|c: char| c.is_uppercase())
    });
    verb && (after.is_empty() || after.starts_with('.') || line_end)
}

/// Is the « Oui » at `a..b` the answer of a relevé (« … MOYENS Oui DES
/// SERVICES », « Oui, (à l'unanimité) »), not a word of running text?
fn oui_stands(s: &str, a: usize, b: usize) -> bool {
    let before = s[..a].trim_end_matches([' ', '\t']);
    // A word printed in capitals (a title's), or a figure.
    let capitals = |w: &str| {
        w.chars().any(|c| c.is_uppercase() || c.is_ascii_digit())
            && !w.chars().any(char::is_lowercase)
    };
    let prev_ok = before.is_empty()
        || before.ends_with(['\n', ')', ':', '-'])
        || before.split_whitespace().next_back().is_some_and(capitals);
    let after = s[b..].trim_start_matches([' ', '\t']);
    let next_ok = after.is_empty()
        || after.starts_with(['\n', '('])
        || (after.starts_with(',') && after[1..].trim_start().starts_with('('))
        || after.split_whitespace().next().is_some_and(capitals);
    prev_ok && next_ok
}

/// The offset of a « ( » right after an outcome (« Oui, (à … »), if any.
fn paren_after(s: &str, from: usize) -> Option<usize> {
    let t = &s[from..];
    let skip = t.len() - t.trim_start_matches([' ', '\t', ',']).len();
    t[skip..].starts_with('(').then_some(from + skip)
}

/// The end of the parenthesis opened at `open` (after its « ) »), or, when
/// it is never closed, the end of its paragraph (bounded by `limit`).
fn paren_end(s: &str, open: usize, limit: usize) -> usize {
    let limit = limit.min(s.len());
    let mut depth = 0usize;
    let mut prev_newline = false;
    for (i, c) in s[open..limit].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return open + i + 1;
                }
            }
            '\n' if prev_newline => return open + i - 1,
            _ => {}
        }
        prev_newline = c == '\n';
        if i > 800 {
            return open + i;
        }
    }
    limit
}

/// Does a full stop at `i` end a sentence (not « M. » or an initial)?
fn is_sentence_stop(s: &str, i: usize) -> bool {
    let next = s[i + 1..].chars().next();
    if !next.is_none_or(|c| c.is_whitespace()) {
        return false;
    }
    let word = s[..i]
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    !(word.chars().count() == 1 || matches!(word, "MM" | "Mme" | "Mmes" | "Mlle" | "Dr" | "St"))
}

/// The end of the sentence from `from`: a full stop, a semicolon, a colon,
/// a blank line, or 300 bytes.
fn sentence_end(s: &str, from: usize, limit: usize) -> usize {
    let limit = limit.min(s.len());
    let mut prev_newline = false;
    for (i, c) in s[from..limit].char_indices() {
        let at = from + i;
        match c {
            '.' if is_sentence_stop(s, at) => return at,
            ';' | ':' | ')' => return at,
            '\n' if prev_newline => return at,
            // A line that starts in capitals (or with a dash) starts a new
            // sentence even without a stop before it.
            '\n' if s[at + 1..]
                .trim_start_matches([' ', '\t'])
                .starts_with(|c: char| c.is_uppercase() || c == '-') =>
            {
                return at;
            }
            _ => {}
        }
        prev_newline = c == '\n';
        if i > 300 {
            return at;
        }
    }
    limit
}

/// The start of the sentence holding `at`.
fn sentence_start(s: &str, at: usize) -> usize {
    let floor = char_floor(s, at.saturating_sub(1000));
    let head = &s[..at];
    for (k, c) in head[floor..].char_indices().rev() {
        let k = floor + k;
        if (c == '.' && is_sentence_stop(s, k)) || c == ';' {
            return k + 1;
        }
        if c == '\n' && head[..k].ends_with('\n') {
            return k + 1;
        }
    }
    floor
}

/// The char boundary at or after `i`.
fn char_floor(s: &str, i: usize) -> usize {
    (i..=s.len())
        .find(|&k| s.is_char_boundary(k))
        .unwrap_or(s.len())
}

/// Does the clause holding `at` open with « Vu » or « Considérant », or is
/// `at` inside a quotation?
fn excluded(s: &str, at: usize) -> bool {
    let start = clause_start(s, at);
    let clause = &s[start..at];
    let head = clause.trim_start_matches(|c: char| c.is_whitespace() || "-*•>".contains(c));
    if VISA.is_match(head) {
        return true;
    }
    clause.matches('«').count() > clause.matches('»').count()
}

/// The start of the clause holding `at`: back over the lines that continue
/// a sentence (they start in lower case after a line without a final stop),
/// then to the last sentence stop.
fn clause_start(s: &str, at: usize) -> usize {
    let ls = clause_lines_start(s, at);
    // The last stop before `at`, looked for from `at` back: a clause of a
    // long one-line text is found without reading all of its 1500 bytes.
    memchr::memrchr2_iter(b'.', b';', &s.as_bytes()[ls..at])
        .find(|&k| s.as_bytes()[ls + k] == b';' || is_sentence_stop(s, ls + k))
        .map_or(ls, |k| ls + k + 1)
}

/// Where the lines of the sentence holding `at` start, no more than 1500
/// bytes before it.
fn clause_lines_start(s: &str, at: usize) -> usize {
    let floor = char_floor(s, at.saturating_sub(1500));
    let line_start = |p: usize| {
        let from = floor.min(p);
        s[from..p].rfind('\n').map_or(from, |i| from + i + 1)
    };
    let mut ls = line_start(at);
    for _ in 0..20 {
        if ls <= floor {
            break;
        }
        let first = s[ls..].trim_start().chars().next();
        if !first.is_some_and(char::is_lowercase) {
            break;
        }
        let prev_start = line_start(ls - 1);
        let prev = s[prev_start..ls - 1].trim_end();
        if prev.is_empty() || prev.ends_with(['.', ';', ':']) {
            break;
        }
        ls = prev_start;
    }
    // A clause is not longer than this; bounding it keeps long one-line
    // texts linear.
    ls.max(floor)
}

/// The words that [`has_words`] looks for, « unanimit » and « majorit »,
/// each with `pivot`: its rare pairs of letters are those at `pivot` and
/// at `pivot + 1` (« im », « mi »; « aj », « jo »).
const WORDS: [(&[u8], usize); 2] = [(b"unanimit", 4), (b"majorit", 1)];

/// An occurrence at `j` of a word of [`WORDS`] has its letters at `pivot`
/// and `pivot + 1` in an aligned pair if `j + pivot` is even, those at
/// `pivot + 1` and `pivot + 2` if it is odd: the five-bit pairs of these
/// (`x & 31 | (y & 31) << 8`), flagged with the bit of their word.
static WORD_PAIRS: [u8; 0x2000] = {
    let mut t = [0; 0x2000];
    let mut k = 0;
    while k < WORDS.len() {
        let (w, pivot) = WORDS[k];
        let mut i = pivot;
        while i < pivot + 2 {
            t[(w[i] & 31) as usize | ((w[i + 1] & 31) as usize) << 8] |= 1 << k;
            i += 1;
        }
        k += 1;
    }
    t
};

/// Does `s` hold each word of [`WORDS`] (ASCII letters without « k » or
/// « s », whose only case pair under `(?i)` is ASCII) in any case? The
/// aligned pairs of eight bytes are looked up in [`WORD_PAIRS`] together,
/// in one pass for the words. A pair is rarer than any letter: a roll call
/// has an « M » (« M. », « Mme ») and a « J » every few bytes, where
/// `memchr` on the rarest letter stopped.
fn has_words(s: &[u8]) -> [bool; 2] {
    // An aligned pair at `p` is the pair at `pivot` of an occurrence at
    // `p - pivot`, the one at `pivot + 1` of an occurrence at `p - pivot - 1`.
    let around = |k: usize, p: usize| {
        let (word, pivot) = WORDS[k];
        let at = |j: usize| {
            s.get(j..j + word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
        };
        p.checked_sub(pivot).is_some_and(at) || p.checked_sub(pivot + 1).is_some_and(at)
    };
    // The bits of the words not found yet.
    let mut open: u8 = 0b11;
    let mut a = 0;
    while let Some(c) = s.get(a..a + 8) {
        let x = u64::from_le_bytes(c.try_into().expect("eight bytes")) & 0x1F1F_1F1F_1F1F_1F1F;
        let flags = (0..4).fold(0, |f, i| {
            f | WORD_PAIRS[usize::from((x >> (16 * i)) as u16)]
        });
        if flags & open != 0 {
            for k in 0..2 {
                if flags & open & 1 << k != 0 && (a..a + 8).step_by(2).any(|p| around(k, p)) {
                    open &= !(1 << k);
                }
            }
            if open == 0 {
                return [true; 2];
            }
        }
        a += 8;
    }
    [0, 1].map(|k| open & 1 << k == 0 || (a..s.len()).step_by(2).any(|p| around(k, p)))
}

/// Groups named with their position in a worded vote (« le groupe X votant
/// contre », « les groupes A et B s'abstenant »).
fn worded_groups(s: &str) -> VoteGroups {
    let mut g = VoteGroups::default();
    let mut from = 0;
    for c in GROUP_VERB.captures_iter(s) {
        let m = c.get(0).expect("match");
        let clause = &s[from..m.start()];
        let names = group_names(clause);
        from = m.end();
        let slot = if c.get(1).is_some() {
            &mut g.against
        } else if c.get(2).is_some() {
            &mut g.for_
        } else {
            &mut g.abstention
        };
        slot.extend(names);
    }
    g
}

/// The group names in a clause (« le groupe A et une partie du groupe B »).
fn group_names(clause: &str) -> Vec<String> {
    let mentions: Vec<(usize, usize, bool, bool)> = GROUP_MENTION
        .captures_iter(clause)
        .map(|c| {
            let m = c.get(0).expect("match");
            let plural = c.get(1).is_some_and(|g| g.as_str().len() > "groupe".len());
            let part = m.as_str().to_lowercase().contains("partie");
            (m.start(), m.end(), plural, part)
        })
        .collect();
    let mut out = Vec::new();
    for (k, &(_, end, plural, part)) in mentions.iter().enumerate() {
        // « une partie du groupe X s'abstenant »: the group as a whole did
        // not take that position.
        if part {
            continue;
        }
        let stop = mentions.get(k + 1).map_or(clause.len(), |m| m.0);
        let name = clause[end..stop.max(end)]
            .trim()
            .trim_end_matches([',', ';', '.', ' '])
            .trim();
        if name.is_empty() {
            continue;
        }
        if plural {
            for part in name.split(", ").flat_map(|p| p.split(" et ")) {
                let part = collapse(part);
                if !part.is_empty() {
                    out.push(part);
                }
            }
        } else {
            out.push(collapse(name));
        }
    }
    out
}

/// « (Groupe A ; Groupe B ; Non-inscrit) » → the group names.
fn split_groups(s: &str) -> Vec<String> {
    let inner = s.trim().trim_start_matches('(').trim_end_matches(')');
    inner
        .split(';')
        .map(collapse)
        .filter(|g| !g.is_empty())
        .collect()
}

/// The final vote.
fn finish(text: &Text<'_>, s: &str, base: usize, d: Draft) -> Vote {
    let end = d.end.max(d.start);
    let raw = &s[d.start..end];
    let end = d.start
        + raw
            .trim_end_matches(|c: char| !(c.is_alphanumeric() || c == ')'))
            .len();
    let outcome = d.word_outcome.or(if d.qualified {
        Some(Outcome::Adopted)
    } else {
        None
    });
    let mut persons: Vec<Person> = Vec::new();
    let mut inherited: Option<Civility> = None;
    for r in &d.persons {
        let piece = &s[r.clone()];
        if let Some((c, plural, _)) = person::civility(piece) {
            inherited = plural.then_some(c);
        }
        if let Some(p) = person_in(text, base, s, r.clone(), inherited) {
            persons.push(p);
        }
    }
    Vote {
        for_: d.for_,
        against: d.against,
        abstention: d.abstention,
        not_taking_part: d.not_taking_part,
        voters: d.voters,
        cast: d.cast,
        unanimous: d.unanimous,
        outcome,
        groups: d.groups,
        not_taking_part_persons: persons,
        text: collapse(&s[d.start..end]),
        span: text.span(base + d.start, base + end),
    }
}

/// One person of a « ne prenant pas part au vote » list. Interleaved columns
/// splice title words after a surname (« M. LETOURNEUR DEPARTEMENT »): a
/// name printed without first name keeps its first capitalised word (and
/// its particles) only.
fn person_in(
    text: &Text<'_>,
    base: usize,
    s: &str,
    r: Range<usize>,
    inherited: Option<Civility>,
) -> Option<Person> {
    let piece = &s[r.clone()];
    let rest = person::civility(piece).map_or(piece, |(_, _, rest)| rest);
    let words: Vec<&str> = rest.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    let upper = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() > 1 && letters.iter().all(|c| c.is_uppercase())
    };
    let particle = |w: &str| {
        matches!(
            w,
            "DE" | "DU" | "DES" | "LE" | "LA" | "VAN" | "VON" | "DI" | "DA" | "de" | "du" | "le"
        )
    };
    let mut end = r.end;
    if words.iter().all(|w| upper(w)) && words.len() >= 2 {
        let mut keep = 1;
        while keep < words.len() && particle(words[keep - 1]) {
            keep += 1;
        }
        if keep < words.len() {
            let last = words[keep - 1];
            let at = piece.find(last).map_or(piece.len(), |i| i + last.len());
            end = r.start + at;
        }
    }
    if !person::looks_like_name(&s[r.start..end]) {
        return None;
    }
    person::parse_with(text, base + r.start, base + end, inherited)
}

/// Builds this module's patterns now rather than at their first use (see
/// [`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&NUMBER_WORD);
    LazyLock::force(&NUM);
    LazyLock::force(&LABEL);
    LazyLock::force(&LABEL_CAPS);
    LazyLock::force(&ITEM);
    LazyLock::force(&VERSUS);
    LazyLock::force(&POUR_LINE);
    LazyLock::force(&OUTCOME);
    LazyLock::force(&UNANIMOUS);
    LazyLock::force(&MAJORITY);
    LazyLock::force(&UNANIMITY_WORD);
    LazyLock::force(&VOTE_WORDS);
    LazyLock::force(&NOT_TAKING_PART);
    LazyLock::force(&GROUP_VERB);
    LazyLock::force(&GROUP_MENTION);
    LazyLock::force(&ACKNOWLEDGED);
    LazyLock::force(&VISA);
    LazyLock::force(&CIVILITY);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every regex run through a line gate, with its gate.
    fn gated() -> [(&'static Regex, Gate); 7] {
        [
            (&VERSUS, Gate::Versus),
            (&ITEM, Gate::Item),
            (&POUR_LINE, Gate::PourLine),
            (&LABEL, Gate::Label),
            (&LABEL_CAPS, Gate::LabelCaps),
            (&OUTCOME, Gate::Outcome),
            (&ACKNOWLEDGED, Gate::Acknowledged),
        ]
    }

    /// `clause_start` as it read its clause forward, every stop in turn.
    fn clause_start_forward(s: &str, at: usize) -> usize {
        let ls = clause_lines_start(s, at);
        let mut start = ls;
        for (k, c) in s[ls..at].char_indices() {
            if (c == '.' && is_sentence_stop(s, ls + k)) || c == ';' {
                start = ls + k + 1;
            }
        }
        start
    }

    proptest::proptest! {
        /// The stop before a clause, looked for backwards, is the last one
        /// a forward reading finds.
        #[test]
        fn clause_start_is_the_last_stop(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "Vu", " ", ".", ". ", ";", "M.", "Mme. ", "A. ", "é", "le texte", "\n", "x", "«",
            ]), 0..60),
            at in 0usize..400,
        ) {
            let s: String = pieces.concat();
            let at = char_floor(&s, at.min(s.len()));
            proptest::prop_assert_eq!(clause_start(&s, at), clause_start_forward(&s, at));
        }
    }

    /// Under `(?i)` each letter of the cue words matches only itself and
    /// its ASCII capital, but « s », which matches « ſ » too: what
    /// [`cue_at`] compares.
    #[test]
    fn cue_letters_fold_as_the_regex_folds_them() {
        for &c in CUE_WORDS
            .iter()
            .filter(|w| **w != b"Oui")
            .flat_map(|w| w.iter())
        {
            let re = Regex::new(&format!("(?i)^{}$", char::from(c))).expect("valid regex");
            for ch in (0..=0x10_FFFF).filter_map(char::from_u32) {
                let want = ch == char::from(c)
                    || ch == char::from(c.to_ascii_uppercase())
                    || (c == b's' && ch == 'ſ');
                assert_eq!(re.is_match(ch.encode_utf8(&mut [0; 4])), want, "{c} {ch:?}");
            }
        }
    }

    /// [`cues`] finds the matches `CUE` finds, on generated texts of cue
    /// words in every case, their prefixes, overlaps and folded letters.
    #[test]
    fn cues_find_what_the_cue_regex_finds() {
        const PIECES: &[&str] = &[
            "pour", "POUR", "pOuR", "pou", "contre", "CONTRE", "cont", "abst", "ABſT", "abſt",
            "abs", "voix", "VOIX", "vot", "VOT", "vo", "exprim", "EXPRIM", "adopt", "ADOPT",
            "approuv", "APPROUV", "appro", "valid", "VALID", "accept", "ACCEPT", "acce", "rejet",
            "REJET", "refus", "REFUſ", "refuſ", "refu", "Oui", "OUI", "oui", "Ou", "acte", "ACTE",
            "act", "ac", "ſ", "\u{212A}", "é", " ", "\n", "a", "o", "p", "c", "r", "e", "v", "t",
            "s", "S", "x", "i", "u", "ui", "de", "\t", "ON", "Po", "ï", "ô", "Ïo", "ôt",
        ];
        let mut next = crate::text::xorshift(0x00c0_ffee);
        for _ in 0..20_000 {
            let s = crate::text::pieces(&mut next, PIECES, 24);
            let want: Vec<Range<usize>> = CUE.find_iter(&s).map(|m| m.range()).collect();
            let got: Vec<Range<usize>> = cues(s.as_bytes()).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }

    /// [`cue_start`] finds the start that a key rolled through every byte
    /// finds (the scan it replaces) where the first two bytes are ASCII,
    /// from every position of generated texts, their lengths crossing the
    /// chunks of eight bytes.
    #[test]
    fn cue_pairs_find_every_start_the_rolling_key_finds() {
        fn rolling(b: &[u8], mut pos: usize) -> Option<usize> {
            loop {
                if pos + 3 > b.len() {
                    return None;
                }
                let mut t = u32::from(b[pos] & 31) << 5 | u32::from(b[pos + 1] & 31);
                let i = pos
                    + b[pos + 2..].iter().position(|&z| {
                        t = (t << 5 | u32::from(z & 31)) & 0x7FFF;
                        CUE_STARTS[t as usize >> 6] >> (t & 63) & 1 != 0
                    })?;
                if b[i].is_ascii() && b[i + 1].is_ascii() {
                    return Some(i);
                }
                pos = i + 1;
            }
        }
        // Letters of the cue words in both cases, bytes that fold onto
        // them (digits, punctuation, « ſ », bytes of « ï », « ô »), and
        // others.
        const BYTES: &[u8] = b"pouraAbBsStTcCxXvVoOiIeEjJfFlLdDmMqQnN0123456789@[\\]^_`{|}~ ,.:-\xC5\xBF\xC3\xA9\xAF\xB4\x83\x90\xA1\xEF\n\t";
        let mut next = crate::text::xorshift(0x5eed_c0de);
        for _ in 0..50_000 {
            let len = (next() % 40) as usize;
            let b: Vec<u8> = (0..len)
                .map(|_| BYTES[(next() % BYTES.len() as u64) as usize])
                .collect();
            for pos in 0..=len {
                assert_eq!(cue_start(&b, pos), rolling(&b, pos), "{b:?} {pos}");
            }
        }
    }

    proptest::proptest! {
        /// The count regexes find on the cue lines what they find on the
        /// whole text.
        #[test]
        fn count_regexes_on_cue_lines_find_what_they_find_on_the_text(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "Pour : ", "POUR ", "contre", "Contre : 3", "Abstentions : 2", "abſtention",
                "ne prennent pas part au vote : ", "Nombre de votants : 12", "exprimés : 9",
                "30 voix contre 12", "vingt et un", "quatre-vingt-dix", "12", "3 ", "voix",
                "votes", "Pour le projet : 13 votes", "\t", " ", "\n", "\n", "- ", "et ",
                "POUR\t4", "é", "x", ":", "un ", "deux ", "éun ", "_", "12345 ", "zéro ",
                "adopté", "Oui", "rejette ", "prend acte", "acte", "refuſée", "contre", "approuvoix",
                "ABSTENTION ", "VOIX ", "Vote ", "ſix ", "ſ", "\u{212A}", "(", "-", "pour ",
                " Pour", "CONTRE ", "onze ", "vingts ", "a",
            ]), 0..40),
        ) {
            let s: String = pieces.concat();
            for lines in [count_lines(&s), count_lines_cut(&s, 0, 0), count_lines_cut(&s, 8, 12)] {
            for (re, gate) in gated() {
                let want: Vec<Vec<Option<(usize, usize)>>> = re
                    .captures_iter(&s)
                    .map(|c| c.iter().map(|g| g.map(|g| (g.start(), g.end()))).collect())
                    .collect();
                let got: Vec<Vec<Option<(usize, usize)>>> = line_captures(re, gate, &s, &lines)
                    .map(|c| (0..c.c.len()).map(|k| c.get(k).map(|g| (g.start(), g.end()))).collect())
                    .collect();
                proptest::prop_assert_eq!(got, want);
            }
            }
        }
    }
    /// Each count regex, run on many generated texts, finds on the lines
    /// its gate lets through what it finds on the whole text: the gates are
    /// implied by their regexes (a generator with more cases than the
    /// property test above, and words folded under `(?i)`: « ſ », « K »).
    #[test]
    fn count_gates_are_implied_by_their_regexes() {
        const PIECES: &[&str] = &[
            "pour",
            "Pour",
            "POUR",
            "contre",
            "CONTRE",
            "Contre",
            "abst",
            "ABST",
            "abſt",
            "ention",
            "entions",
            "voix",
            "VOIX",
            "vote",
            "votes",
            "voteſ",
            "votants",
            "exprimés",
            "ne prend pas part au vote",
            "nombre de ",
            "suffrages ",
            "un",
            "une",
            "deux",
            "trois",
            "ſix",
            "zéro",
            "vingt",
            "cents",
            "quarante",
            "mille",
            "12",
            "3",
            "2024",
            "12345",
            "_",
            "é",
            "éun",
            "x",
            "le",
            "et",
            "-",
            "(",
            ")",
            ":",
            ";",
            ",",
            ".",
            ":",
            ":",
            "\n",
            "\nPour",
            "\u{212A}",
            "ſ",
            "voix contre",
            "\nPour le projet :",
            "adopté",
            "ADOPTEES",
            "approuvé",
            "approuv",
            "validée",
            "accepte",
            "rejette",
            "rejetés",
            "refusé",
            "refuſé",
            "Oui",
            "OUI",
            "oui",
            "acte",
            "ACTE",
            "prend",
            "prennent",
            "dont",
            "contrejeté",
            "abſtention",
            "pourefus",
            "approuvoix",
            "actexprimés",
            "es",
            "ée",
        ];
        let mut next = crate::text::xorshift(0x9e37_79b9_7f4a_7c15);
        let regexes = gated();
        let mut matched = [0usize; 7];
        for _ in 0..100_000 {
            let n = (next() % 14) as usize;
            // Mostly words between blanks, as the regexes read them.
            let mut s = String::new();
            for _ in 0..n {
                s.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
                s.push_str([" ", " ", " ", "", "\t"][(next() % 5) as usize]);
            }
            for (cut, lines) in [
                count_lines(&s),
                count_lines_cut(&s, 0, 0),
                count_lines_cut(&s, 10, 6),
            ]
            .into_iter()
            .enumerate()
            {
                for (k, (re, gate)) in regexes.iter().enumerate() {
                    let want: Vec<(usize, usize)> =
                        re.find_iter(&s).map(|m| (m.start(), m.end())).collect();
                    let got: Vec<(usize, usize)> = line_captures(re, *gate, &s, &lines)
                        .map(|c| c.get(0).map(|m| (m.start(), m.end())).expect("match"))
                        .collect();
                    assert_eq!(got, want, "{gate:?} on {s:?} (cut {cut})");
                    matched[k] += want.len();
                }
            }
        }
        // The generator reaches every regex.
        assert!(matched.iter().all(|&m| m > 20), "{matched:?}");
    }

    /// The number-word pattern reads every spelling it always read, in any
    /// case, and nothing around them.
    #[test]
    fn number_word_pattern_reads_the_spellings() {
        let re = Regex::new(&format!("^(?i){}$", *NUMBER_WORD)).expect("valid regex");
        for w in [
            "zéro", "ZERO", "un", "une", "Vingt", "vingts", "cent", "CENTS", "mille", "nonante",
        ] {
            assert!(re.is_match(w), "{w}");
        }
        for w in ["unes", "zeros", "centaine", "vingtaine", ""] {
            assert!(!re.is_match(w), "{w}");
        }
        // « quatre-vingt-dix-sept » as a count.
        let num = Regex::new(&format!("^(?i){}$", *NUM)).expect("valid regex");
        assert!(num.is_match("quatre-vingt-dix-sept"));
        assert!(num.is_match("soixante et onze"));
    }

    use crate::offsets::OffsetMap;

    fn votes(s: &str) -> (Vec<Vote>, bool) {
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        extract(&t, 0..s.len())
    }

    fn counts(v: &Vote) -> (Option<u32>, Option<u32>, Option<u32>) {
        (v.for_, v.against, v.abstention)
    }

    #[test]
    fn counted_vote_with_groups_and_outcome() {
        let (v, ack) = votes(
            "Pour : 42 voix (Groupe A ; Groupe B) Contre : 0 voix Abstention : 0 voix\n--\n\n(Adopté)\n",
        );
        assert!(!ack);
        assert_eq!(v.len(), 1);
        assert_eq!(counts(&v[0]), (Some(42), Some(0), Some(0)));
        assert_eq!(v[0].groups.for_, ["Groupe A", "Groupe B"]);
        assert_eq!(v[0].outcome, Some(Outcome::Adopted));
        assert!(!v[0].unanimous);
    }

    #[test]
    fn counted_on_several_lines_and_with_dashes() {
        let (v, _) = votes(
            "Pour : 31 voix (Groupe Union des Verts ; Groupe Avenir)\nContre : 4 voix (Groupe Front national - Rassemblement bleu marine)\nAbstention : 0 voix\n",
        );
        assert_eq!(v.len(), 1);
        assert_eq!(counts(&v[0]), (Some(31), Some(4), Some(0)));
        assert_eq!(
            v[0].groups.against,
            ["Groupe Front national - Rassemblement bleu marine"]
        );
        let (v, _) = votes("Résultat : Pour : 30 - Contre : 12\n");
        assert_eq!(counts(&v[0]), (Some(30), Some(12), None));
        let (v, _) = votes(
            "Votes pour : 25 - Votes contre : 3 - Abstentions : 1\nLa délibération est adoptée.\n",
        );
        assert_eq!(v.len(), 1);
        assert_eq!(counts(&v[0]), (Some(25), Some(3), Some(1)));
        // An unclosed parenthesis stops at the next count.
        let (v, _) = votes(
            "Pour : 20 voix (Groupe Demain ; Groupe Ensemble Contre : 2 voix Abstention : 1 voix\n",
        );
        assert_eq!(counts(&v[0]), (Some(20), Some(2), Some(1)));
        assert_eq!(v[0].groups.for_, ["Groupe Demain", "Groupe Ensemble"]);
    }

    #[test]
    fn names_after_a_count_of_members_not_taking_part() {
        let (v, _) = votes(
            "Votants : 20 - Exprimés : 20 - Pour : 20 - Contre : 0 - Ne prend pas part au vote : 1 (Mme Lucie FABRE)\n",
        );
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].voters, v[0].cast, v[0].not_taking_part),
            (Some(20), Some(20), Some(1))
        );
        assert_eq!(v[0].not_taking_part_persons.len(), 1);
        assert_eq!(
            v[0].not_taking_part_persons[0].last_name.as_deref(),
            Some("FABRE")
        );
    }

    #[test]
    fn voters_and_cast() {
        let (v, _) = votes(
            "Nombre de votants : 45 ; suffrages exprimés : 42 ; pour : 40 ; contre : 2\nADOPTÉ\n",
        );
        assert_eq!(v.len(), 1);
        assert_eq!(counts(&v[0]), (Some(40), Some(2), None));
        assert_eq!((v[0].voters, v[0].cast), (Some(45), Some(42)));
        assert_eq!(v[0].outcome, Some(Outcome::Adopted));
    }

    #[test]
    fn sentences() {
        let (v, _) = votes("adopté par 40 voix pour, 2 voix contre et 3 abstentions.");
        assert_eq!(v.len(), 1);
        assert_eq!(counts(&v[0]), (Some(40), Some(2), Some(3)));
        assert_eq!(v[0].outcome, Some(Outcome::Adopted));
        let (v, _) = votes("Vote : 14 pour / 0 contre / 0 abstention  adopté\n");
        assert_eq!(v.len(), 1);
        assert_eq!(counts(&v[0]), (Some(14), Some(0), Some(0)));
        assert_eq!(v[0].outcome, Some(Outcome::Adopted));
        let (v, _) = votes("Adopté par 15 voix pour et 2 abstentions (MM. DURAND et PETIT).\n");
        assert_eq!(v.len(), 1);
        assert_eq!(counts(&v[0]), (Some(15), None, Some(2)));
        let (v, _) = votes("La motion est rejetée par douze voix contre trente.\n");
        assert_eq!(counts(&v[0]), (Some(12), Some(30), None));
        assert_eq!(v[0].outcome, Some(Outcome::Rejected));
    }

    #[test]
    fn counts_in_words() {
        let (v, _) = votes(
            "Le Conseil, par quarante-deux voix pour, une voix contre et trois abstentions, adopte le rapport.",
        );
        assert_eq!(v.len(), 1);
        assert_eq!(counts(&v[0]), (Some(42), Some(1), Some(3)));
        let (v, _) = votes("Pour : soixante et onze voix Contre : néant Abstention : deux voix\n");
        assert_eq!(counts(&v[0]), (Some(71), Some(0), Some(2)));
    }

    #[test]
    fn bare_counts_on_their_own_line() {
        let (v, _) =
            votes("Vote du budget primitif 2025 :\n11 pour.\nVote des tarifs :\n11 pour\n");
        assert_eq!(v.len(), 2);
        assert!(v.iter().all(|v| counts(v) == (Some(11), None, None)));
        let (v, _) = votes("Résultat du vote :\nPour le nouveau contrat : 9 votes\n");
        assert_eq!(counts(&v[0]), (Some(9), None, None));
        // « 3 pour » inside a sentence is not a vote.
        let (v, _) = votes("Il faut 3 pour commencer les travaux.\n");
        assert!(v.is_empty());
    }

    #[test]
    fn not_taking_part_named_after_a_colon() {
        let (v, _) = votes(
            "Pour : 12 voix Contre : 0 voix Abstention : 0 voix\nNe prennent pas part au vote : M. Paul LEBRUN, Mme Anne MOREL\n",
        );
        assert_eq!(v.len(), 1);
        let names: Vec<_> = v[0]
            .not_taking_part_persons
            .iter()
            .map(|p| p.last_name.clone().unwrap_or_default())
            .collect();
        assert_eq!(names, ["LEBRUN", "MOREL"]);
        let (v, _) = votes(
            "Pour : 12 voix Contre : 0 voix Abstention : 0 voix Ne prend pas part au vote : 2\n",
        );
        assert_eq!(v[0].not_taking_part, Some(2));
    }

    #[test]
    fn worded() {
        let (v, _) = votes("Adopté à l'unanimité.\nApprouvé à Punanimité.\n(Adopté)\nADOPTE\n");
        assert_eq!(v.len(), 4);
        assert!(v[..2].iter().all(|v| v.unanimous && v.for_.is_none()));
        assert!(
            v[2..]
                .iter()
                .all(|v| !v.unanimous && v.outcome == Some(Outcome::Adopted))
        );
        let (v, ack) = votes("I-05 AVANTAGES EN NATURE Prend acte\n");
        assert!(v.is_empty());
        assert!(ack);
        let (v, ack) = votes(
            "106 - RAPPORT ANNUEL DU DELEGATAIRE DONT ACTE\n107 - ACTIONS EN JUSTICE INFORME\n",
        );
        assert!(v.is_empty());
        assert!(ack);
        let (v, _) = votes("le budget adopté le 3 mars");
        assert!(v.is_empty());
        let (v, _) = votes("Rejeté.\n");
        assert_eq!(v[0].outcome, Some(Outcome::Rejected));
        let (v, _) = votes("Adopté à la majorité.\n");
        assert_eq!(v.len(), 1);
        assert!(!v[0].unanimous);
        let (v, _) = votes("Le Conseil accepte à l'unanimité la proposition.\n");
        assert!(v[0].unanimous);
        let (v, _) = votes("Le Conseil, à l'unanimité des suffrages exprimés, approuve.\n");
        assert!(v[0].unanimous);
    }

    #[test]
    fn municipal_minutes() {
        let (v, _) = votes(
            "Monsieur Paul MARTIN est élu secrétaire de séance à l'unanimité.\nLe procès-verbal de la séance du 3 mai est validé à\nl'unanimité.\nAdoption du dernier procès-verbal : à l'unanimité\nLe Conseil Municipal, à l'unanimité vote le budget primitif.\n",
        );
        assert_eq!(v.len(), 4);
        assert!(v.iter().all(|v| v.unanimous));
    }

    #[test]
    fn visas_and_quotations_are_not_votes() {
        let (v, _) = votes(
            "Considérant que la commission a rendu son rapport, adopté à l'unanimité des membres présents ;\nVu l'article L.2121-21 prévoyant que « Le conseil\nmunicipal peut décider, à l'unanimité, de ne pas procéder au scrutin secret » ;\nLe Conseil, après en avoir délibéré à l'unanimité :\n- approuve le rapport.\n",
        );
        assert_eq!(v.len(), 1);
        assert!(v[0].text.starts_with("à l'unanimité"));
    }

    #[test]
    fn groups_in_worded_votes() {
        let (v, _) = votes(
            "Oui, (à la majorité, le groupe Unis pour demain votant contre le point II et les groupes Horizon et Ensemble s'abstenant)\n",
        );
        assert_eq!(v.len(), 1);
        assert!(!v[0].unanimous);
        assert_eq!(v[0].groups.against, ["Unis pour demain"]);
        assert_eq!(v[0].groups.abstention, ["Horizon", "Ensemble"]);
        let (v, _) = votes(
            "Oui, (à l'unanimité, le groupe Avenir et une partie du groupe Horizon s'abstenant)",
        );
        assert_eq!(v[0].groups.abstention, ["Avenir"]);
        let (v, _) = votes(
            "Oui (à l'unanimité, le groupe Front national - Rassemblement bleu marine s'abstenant)",
        );
        assert!(v[0].unanimous);
        assert_eq!(
            v[0].groups.abstention,
            ["Front national - Rassemblement bleu marine"]
        );
        let (v, _) = votes("Adopté à la majorité, le groupe Avenir commun votant contre.\n");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].groups.against, ["Avenir commun"]);
    }

    #[test]
    fn spliced_relevé_outcomes() {
        // Two columns (title, outcome) read line by line.
        let (v, _) = votes(
            "I-01 PROGRAMME 0601 - MOYENS Oui (à DES SERVICES GENERAUX l'unanimité, le groupe Avenir s'abstenant) I-02 CESSION DE Oui VEHICULES\n",
        );
        assert_eq!(v.len(), 2);
        assert!(v[0].unanimous);
        assert_eq!(v[0].groups.abstention, ["Avenir"]);
        assert!(!v[1].unanimous);
        assert_eq!(v[1].outcome, Some(Outcome::Adopted));
        let (v, _) = votes(
            "II-03 AIDES AUX Oui, (à COMMUNES l'unanimité, M. DORVAL, Mme ROSSI et M. LAMBERT RURALES ne prenant pas part au vote)\n",
        );
        assert_eq!(v.len(), 1);
        let names: Vec<_> = v[0]
            .not_taking_part_persons
            .iter()
            .map(|p| p.last_name.clone().unwrap_or_default())
            .collect();
        assert_eq!(names, ["DORVAL", "ROSSI", "LAMBERT"]);
        // A parenthesis left open by the cut runs to the end of the item.
        let (v, _) = votes(
            "111 - PROVISION Oui, (à l'unanimité, après avis exprimé à l'unanimité sur l'urgence",
        );
        assert_eq!(v.len(), 1);
        // The names after the parenthesis join its vote.
        let (v, _) = votes(
            "II-03 ENVIRONNEMENT Oui, (à l'unanimité) M. BERTIN ne prenant pas part au vote\n",
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].not_taking_part_persons.len(), 1);
        // « Oui » in running text is not an outcome.
        let (v, _) = votes("Oui, nous avons reçu la demande de la commune.\n");
        assert!(v.is_empty());
    }

    #[test]
    fn not_taking_part_before_the_vote() {
        let (v, _) = votes(
            "Madame Julie ROCHE ne prend pas part au vote, le conseil municipal décide à la majorité de verser la prime.\n",
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].not_taking_part_persons.len(), 1);
        assert_eq!(
            v[0].not_taking_part_persons[0].last_name.as_deref(),
            Some("ROCHE")
        );
    }

    #[test]
    fn each_vote_of_a_releve_lands_on_its_item() {
        let doc = crate::parse(
            "CONSEIL DEPARTEMENTAL\nCOMMISSION PERMANENTE\nREUNION DU 3 MARS 2025\nORDRE DU JOUR ET RELEVE DES DECISIONS PRISES\n\nI-01 PROGRAMME 0601 - MOYENS Oui (à DES SERVICES l'unanimité, le groupe Avenir s'abstenant) I-02 CESSION DE Oui VEHICULES\n\nI-03 MARCHES ADAPTES - INFORMATION Prend acte\n\nII-01 PROGRAMME 0302 - ROUTES Oui, (à la majorité, le groupe Demain votant contre)\n\nII-02 PROGRAMME 0105 - AIDES AUX Oui, (à l'unanimité, AIDANTS M. DORVAL ne prenant pas part au vote)\n\nII-03 RAPPORT DE LA CHAMBRE REGIONALE INFORME DES COMPTES\n",
        );
        let d = &doc.deliberations;
        assert_eq!(d.len(), 6);
        let seen: Vec<(usize, bool, bool)> = d
            .iter()
            .map(|d| {
                (
                    d.votes.len(),
                    d.votes.first().is_some_and(|v| v.unanimous),
                    d.acknowledged,
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (1, true, false),
                (1, false, false),
                (0, false, true),
                (1, false, false),
                (1, true, false),
                (0, false, false)
            ]
        );
        assert_eq!(d[0].votes[0].groups.abstention, ["Avenir"]);
        assert_eq!(d[3].votes[0].groups.against, ["Demain"]);
        assert_eq!(
            d[4].votes[0].not_taking_part_persons[0]
                .last_name
                .as_deref(),
            Some("DORVAL")
        );
        assert_eq!(
            d[0].meeting.date.map(|x| x.to_string()).as_deref(),
            Some("2025-03-03")
        );
    }

    #[test]
    fn capitals_without_colons_and_counts_inside_a_worded_vote() {
        let (v, _) = votes("POUR 17   CONTRE 0   ABSTENTION 1\nADOPTÉ\n");
        assert_eq!(v.len(), 1);
        assert_eq!(counts(&v[0]), (Some(17), Some(0), Some(1)));
        assert_eq!(v[0].outcome, Some(Outcome::Adopted));
        // A title in capitals is not a count.
        let (v, _) = votes("PLAN POUR UNE ECOLE - LUTTE CONTRE LE BRUIT\n");
        assert!(v.is_empty());
        let (v, _) = votes("Adopté à l'unanimité (2 abstentions).\n");
        assert_eq!(v.len(), 1);
        assert!(v[0].unanimous);
        assert_eq!(counts(&v[0]), (None, None, Some(2)));
    }

    #[test]
    fn unanimity_alone_and_names_after_a_worded_vote() {
        let (v, _) = votes("Vote : Unanimité\nUNANIMITE\n");
        assert_eq!(v.len(), 2);
        assert!(v.iter().all(|v| v.unanimous));
        let (v, _) = votes(
            "Adopté à l'unanimité.\nNe prend pas part au vote : Mme Lucie FABRE.\n\nLe rapport suivant est présenté.\n",
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].not_taking_part_persons.len(), 1);
        assert_eq!(
            v[0].not_taking_part_persons[0].first_name.as_deref(),
            Some("Lucie")
        );
    }

    #[test]
    fn stated_outcomes_and_tables() {
        let (v, _) = votes("Le compte rendu de la séance précédente est approuvé.\n");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].outcome, Some(Outcome::Adopted));
        let (v, _) = votes(
            "Votes pour : 30 - Votes contre : 6 - Abstentions : 2\n\nLa délibération est adoptée.\n",
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].outcome, Some(Outcome::Adopted));
        let (v, _) = votes("Le budget est adopté le 3 mars par le conseil.\n");
        assert!(v.is_empty());
        let (v, _) =
            votes("le budget primitif qui est adopté\nle 12 décembre prévoit ces crédits.\n");
        assert!(v.is_empty());
        let (v, _) = votes("Résultat du vote\nPour\t21\nContre\t3\nAbstention\t0\n");
        assert_eq!(v.len(), 1);
        assert_eq!(counts(&v[0]), (Some(21), Some(3), Some(0)));
    }

    #[test]
    fn shares_and_articles_are_not_votes() {
        let (v, _) = votes("Une aide est accordée à la majorité des communes du canton.\n");
        assert!(v.is_empty());
        let (v, _) = votes("Article 3 : Le comité de pilotage se prononce à la majorité simple.\n");
        assert!(v.is_empty());
        let (v, _) = votes(
            "Adopté à l'unanimité des suffrages exprimés.\nAdopté à la majorité des membres présents.\n",
        );
        assert_eq!(v.len(), 2);
        let (v, _) = votes("TAXE SUR LE FONCIER OUI NON BATI\n");
        assert!(v.is_empty());
        let (v, _) = votes("Le conseil décide à l'unanimité d'approuver le plan.\n");
        assert_eq!(v.len(), 1);
    }

    #[test]
    fn words_found_by_their_rare_pairs() {
        assert_eq!(has_words(b"a l'UNANIMITE"), [true, false]);
        assert_eq!(has_words(b"Unanimit"), [true, false]);
        assert_eq!(has_words(b"nimit"), [false, false]);
        assert_eq!(has_words(b"unanimi a la Majorite"), [false, true]);
        assert_eq!(has_words(b"j"), [false, false]);
        assert_eq!(has_words(b"MAJORITE ou UNANIMITE"), [true, true]);
    }

    /// [`has_words`] tells what the words' regexes tell, on generated texts
    /// of the words' pieces in every case, at every alignment and across
    /// chunks of eight bytes.
    #[test]
    fn has_words_find_what_the_word_regexes_find() {
        const PIECES: &[&str] = &[
            "unanimit", "UNANIMIT", "Unanimit", "unANImit", "unanimi", "nimit", "una", "nim", "im",
            "IM", "mi", "Mi", "it", "majorit", "MAJORIT", "Majorit", "major", "jorit", "aj", "jo",
            "JO", "M. ", "Mme ", "Jean ", "é", "ſ", "\u{212A}", " ", "\n", "a", "u", "n", "i", "m",
            "t", "j", "o", "r", "\t", "I", ")", "-", "*", "/", "!", "-m",
        ];
        let unanimit = Regex::new("(?i)unanimit").expect("valid regex");
        let majorit = Regex::new("(?i)majorit").expect("valid regex");
        let mut next = crate::text::xorshift(0xfeed_f00d);
        for _ in 0..30_000 {
            let s = crate::text::pieces(&mut next, PIECES, 12);
            let want = [unanimit.is_match(&s), majorit.is_match(&s)];
            assert_eq!(has_words(s.as_bytes()), want, "{s:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for s in [
            "(",
            "Oui (",
            "Pour :",
            "Pour : 12 voix (",
            "à l'",
            "ne prenant pas part au vote",
            "é Oui é",
            "Pour : quarante-",
        ] {
            let _ = votes(s);
        }
    }
}
