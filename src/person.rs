//! Persons: civility, first name and surname, decided by evidence.
//!
//! Surnames are mostly printed in capitals and first names in mixed case,
//! in either order (« Jean-Claude LEROY », « LEROY Jean-Claude »). When
//! case tells nothing (all capitals, all lower case), the surname is taken
//! last, and a caller that knows the same person from a list (the president
//! named in capitals in the header and in mixed case in the roll call) can
//! replace the guess with [`resolve`].

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use crate::departements::fold;
use compact_str::CompactString;

use crate::model::{Civility, Person, SmallText};
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
    // « M. » and « Mme » then a space, the civilities of most entries:
    // what the table below gives them, without its loop.
    if b.get(1) == Some(&b'.') {
        let rest = &s[2..];
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        return Some((Civility::Monsieur, false, trim_start(rest)));
    }
    if b.get(1..4) == Some(b"me ") {
        return Some((Civility::Madame, false, trim_start(&s[3..])));
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
        let wb = word.as_bytes();
        // A byte loop: these prefixes are too short for `memcmp` to pay.
        if b.len() < wb.len() || b.iter().zip(wb).any(|(x, y)| x != y) {
            continue;
        }
        if let Some(rest) = s.get(wb.len()..) {
            // The civility must end there: « M. » then a name, « Mme » then a
            // space (not « Mmeline »). Bytes: the characters tested are ASCII.
            let r = rest.as_bytes();
            let ok = if wb.len() == 1 {
                // « M Jean DUPONT »: a bare M only before a capitalised word.
                r.first() == Some(&b' ')
                    && match r.get(1) {
                        Some(&x) if x < 0x80 => x.is_ascii_uppercase(),
                        Some(_) => rest[1..].starts_with(|c: char| c.is_uppercase()),
                        None => false,
                    }
            } else {
                wb.last() == Some(&b'.')
                    || r.is_empty()
                    || matches!(r[0], b' ' | b'\n' | b'\t' | b'.')
            };
            if ok {
                let rest = rest.strip_prefix('.').unwrap_or(rest);
                return Some((c, plural, trim_start(rest)));
            }
        }
    }
    None
}

/// `s.trim_start()`, settled on bytes while the white space is ASCII.
pub(crate) fn trim_start(s: &str) -> &str {
    let b = s.as_bytes();
    let i = b
        .iter()
        .position(|&x| !matches!(x, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        .unwrap_or(b.len());
    let rest = &s[i..];
    if b.get(i).is_some_and(|&x| x >= 0x80) {
        // Other white space (no-break space…) is trimmed too.
        return rest.trim_start();
    }
    rest
}

/// Whether the character of `s` at byte `i` is white space, and its length.
/// Always inlined: it runs for every byte of the words that [`split_ws`]
/// reads, and a call costs more than the test.
#[inline(always)]
fn space_at(s: &str, i: usize) -> (bool, usize) {
    let x = s.as_bytes()[i];
    match x {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => (true, 1),
        // The lead bytes of U+0085, U+00A0, U+1680, U+2000–U+205F and
        // U+3000, the white space beyond ASCII.
        0xc2 | 0xe1 | 0xe2 | 0xe3 => {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        }
        // Other bytes: not white space (a continuation byte is never
        // reached as a lead: characters are stepped over whole above).
        _ => (false, 1),
    }
}

/// `s.split_whitespace()`, on bytes except around the lead bytes of
/// non-ASCII white space.
pub(crate) fn split_ws(s: &str) -> SplitWs<'_> {
    SplitWs { s, pos: 0 }
}

pub(crate) struct SplitWs<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Iterator for SplitWs<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let len = self.s.len();
        let mut i = self.pos;
        loop {
            if i >= len {
                self.pos = len;
                return None;
            }
            let (space, n) = space_at(self.s, i);
            if !space {
                break;
            }
            i += n;
        }
        let start = i;
        while i < len {
            let (space, n) = space_at(self.s, i);
            if space {
                break;
            }
            i += n;
        }
        self.pos = i;
        // Both ends sit on character boundaries: white space is stepped
        // over whole, and a word stops at the start of a space.
        self.s.get(start..i)
    }
}

/// Is this word printed as a surname (capitals, possibly hyphenated)?
pub(crate) fn is_upper_word(w: &str) -> bool {
    // At least two letters, all capitals: one capital (an initial) is not a
    // surname. Counted in one pass without collecting the letters; bytes for
    // an ASCII word (most of them), whose letters are the ASCII ones.
    if w.is_ascii() {
        let mut letters = 0usize;
        for &b in w.as_bytes() {
            if b.is_ascii_lowercase() {
                return false;
            }
            letters += usize::from(b.is_ascii_uppercase());
        }
        return letters >= 2;
    }
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
pub(crate) fn is_mixed_word(w: &str) -> bool {
    if w.is_ascii() {
        // The same test on bytes: ASCII letters are the only letters.
        let mut letters = w.bytes().filter(u8::is_ascii_alphabetic);
        return match letters.next() {
            Some(b) if b.is_ascii_uppercase() => letters.any(|b| b.is_ascii_lowercase()),
            _ => false,
        };
    }
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
    if w.is_ascii() {
        // ASCII: the pieces are the runs of ASCII letters.
        return w
            .as_bytes()
            .split(|b| !b.is_ascii_alphabetic())
            .any(is_heading_piece);
    }
    let mut pieces = Pieces::default();
    let folds = &*LATIN_FOLDS;
    let b = w.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            // `fold` upper-cases ASCII and turns « - ' _ » into spaces; only
            // letters are letters after lower-casing.
            if x.is_ascii_alphabetic() {
                pieces.letter(char::from(x.to_ascii_lowercase()));
            } else {
                pieces.end();
            }
            i += 1;
            continue;
        }
        // The character, decoded by hand for U+0080 to U+07FF (two bytes, a
        // lead C2 to DF: the accented letters), else by `chars`.
        let c = match (x, b.get(i + 1)) {
            (0xc2..=0xdf, Some(&y)) => {
                i += 2;
                char::from_u32((u32::from(x & 0x1f) << 6) | u32::from(y & 0x3f)).unwrap_or(' ')
            }
            _ => {
                let c = w[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                c
            }
        };
        // Accented Latin letters: what the folding gives, worked out once.
        let code = (c as usize)
            .checked_sub(0x80)
            .and_then(|i| folds.get(i))
            .copied()
            .unwrap_or(FOLD_SLOW);
        match code {
            FOLD_NOTHING => {}
            FOLD_SEPARATOR => pieces.end(),
            FOLD_SPOIL => pieces.letter(c),
            FOLD_SLOW => fold_char(c, &mut pieces),
            l => pieces.letter(char::from(l)),
        }
        if pieces.hit {
            return true;
        }
    }
    pieces.end();
    pieces.hit
}

/// Is this run of ASCII letters, lower-cased, a heading word?
pub(crate) fn is_heading_piece(piece: &[u8]) -> bool {
    let mut buf = [0u8; 12];
    // Empty or longer than the longest heading word: none.
    if piece.is_empty() || piece.len() > buf.len() {
        return false;
    }
    // No heading word of this length starts with this letter (most pieces):
    // nothing to lower-case.
    if !HEADING_SET.may_start(piece.len(), piece[0].to_ascii_lowercase()) {
        return false;
    }
    let buf = &mut buf[..piece.len()];
    buf.copy_from_slice(piece);
    buf.make_ascii_lowercase();
    HEADING_SET.contains(buf)
}

/// Where [`fold_char`] sends letters and piece ends.
trait FoldSink {
    fn letter(&mut self, l: char);
    fn end(&mut self);
}

impl FoldSink for Pieces {
    fn letter(&mut self, l: char) {
        Pieces::letter(self, l);
    }

    fn end(&mut self) {
        Pieces::end(self);
    }
}

/// Records what [`fold_char`] does (`None` for a piece end).
impl FoldSink for Vec<Option<char>> {
    fn letter(&mut self, l: char) {
        self.push(Some(l));
    }

    fn end(&mut self) {
        self.push(None);
    }
}

/// What `fold` then lower-casing gives for one non-ASCII character, sent
/// to `pieces` as letters and piece ends.
fn fold_char(c: char, pieces: &mut impl FoldSink) {
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
}

/// Codes of [`LATIN_FOLDS`] besides an ASCII letter.
const FOLD_SLOW: u8 = 0;
const FOLD_NOTHING: u8 = 1;
const FOLD_SEPARATOR: u8 = 2;
const FOLD_SPOIL: u8 = 3;

/// For U+0080 to U+024F, what [`fold_char`] does, when it is one simple
/// thing: nothing, end a piece, add one ASCII letter, or add a letter that
/// no heading word holds. Computed by `fold_char` itself, so that the table
/// cannot disagree with it.
static LATIN_FOLDS: LazyLock<Vec<u8>> = LazyLock::new(|| {
    ('\u{80}'..='\u{24F}')
        .map(|c| {
            let mut events: Vec<Option<char>> = Vec::new();
            fold_char(c, &mut events);
            match events[..] {
                [] => FOLD_NOTHING,
                [None] => FOLD_SEPARATOR,
                [Some(l)] if l.is_ascii_lowercase() => l as u8,
                [Some(l)] if !l.is_ascii() => FOLD_SPOIL,
                _ => FOLD_SLOW,
            }
        })
        .collect()
});

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
            self.hit |= HEADING_SET.contains(piece);
        }
        self.len = 0;
        self.spoilt = false;
    }
}

/// A word list, looked up by length and first byte: a lookup compares with
/// one or two entries instead of the whole list.
struct WordSet {
    buckets: [Vec<&'static [u8]>; 64],
    /// For each length below 33, the first bytes (modulo 32) of the words
    /// of that length: most lookups stop there.
    firsts: [u32; 33],
}

impl WordSet {
    fn new(list: &[&'static str]) -> WordSet {
        let mut buckets: [Vec<&'static [u8]>; 64] = std::array::from_fn(|_| Vec::new());
        let mut firsts = [0u32; 33];
        for w in list {
            let w = w.as_bytes();
            buckets[Self::bucket(w)].push(w);
            if let (Some(f), Some(&x)) = (firsts.get_mut(w.len()), w.first()) {
                *f |= 1 << (x & 31);
            }
        }
        WordSet { buckets, firsts }
    }

    /// Whether a word of `len` bytes starting with the byte `first` may
    /// be in the set (`contains` then answers).
    fn may_start(&self, len: usize, first: u8) -> bool {
        self.firsts
            .get(len)
            .is_none_or(|f| f >> (first & 31) & 1 != 0)
    }

    fn bucket(w: &[u8]) -> usize {
        (w.len() * 7 + usize::from(w.first().copied().unwrap_or(0))) % 64
    }

    fn contains(&self, w: &[u8]) -> bool {
        match (self.firsts.get(w.len()), w.first()) {
            (Some(f), Some(&x)) if f >> (x & 31) & 1 == 0 => false,
            _ => self.buckets[Self::bucket(w)].contains(&w),
        }
    }

    /// Whether the word `w` of a [`PlainName`] (ASCII and Latin-1 letters,
    /// hyphens), in lower case, is in the set. Lower-casing keeps the length
    /// of such a word: ASCII capitals, and U+00C0 to U+00DE (C3 80 to C3 9E)
    /// whose small letters are 0x20 further (C3 A0 to C3 BE).
    fn contains_latin1_lower(&self, w: &[u8]) -> bool {
        let mut buf = [0u8; 32];
        match (self.firsts.get(w.len()), w.first()) {
            // The first byte of an ASCII word in lower case; C3 for any
            // other letter.
            (Some(f), Some(&x)) if f >> (x.to_ascii_lowercase() & 31) & 1 != 0 => {
                let buf = &mut buf[..w.len()];
                for (i, (o, &x)) in buf.iter_mut().zip(w).enumerate() {
                    *o = if (0x80..0x9f).contains(&x) && i > 0 && w[i - 1] == 0xc3 {
                        x + 0x20
                    } else {
                        x.to_ascii_lowercase()
                    };
                }
                self.buckets[Self::bucket(buf)].contains(&&*buf)
            }
            // Too long or no word of this length and first letter (the
            // empty word is in no list).
            _ => false,
        }
    }
}

static NOT_NAME_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(NOT_NAME_WORDS));
static PARTICLE_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(PARTICLES));
static HEADING_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(HEADING_WORDS));

/// A word in lower case, on the stack: compared with the word lists
/// (none longer than the buffer) without allocating.
struct Lower {
    buf: [u8; 32],
    len: usize,
    /// The word was longer than the buffer: it is in no list.
    long: bool,
}

impl Lower {
    /// Per-character lower-casing differs from `str::to_lowercase` only for
    /// a final sigma, which no list holds.
    fn new(w: &str) -> Lower {
        let mut out = Lower {
            buf: [0; 32],
            len: 0,
            long: false,
        };
        if w.is_ascii() {
            let n = w.len().min(out.buf.len());
            out.buf[..n].copy_from_slice(&w.as_bytes()[..n]);
            out.buf[..n].make_ascii_lowercase();
            out.len = n;
            out.long = w.len() > n;
            return out;
        }
        for c in w.chars().flat_map(char::to_lowercase) {
            let n = c.len_utf8();
            if out.len + n > out.buf.len() {
                out.long = true;
                break;
            }
            c.encode_utf8(&mut out.buf[out.len..]);
            out.len += n;
        }
        out
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn is_in(&self, set: &WordSet) -> bool {
        !self.long && set.contains(self.bytes())
    }

    fn starts_with(&self, prefix: &str) -> bool {
        self.bytes().starts_with(prefix.as_bytes())
    }
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
    // The words on the stack when none is rejoined; more than six is no name.
    let mut words: [&str; 6] = [""; 6];
    match plain_words(s, &mut words) {
        PlainWords::Words(n) => words_look_like_name(&words[..n]),
        PlainWords::TooMany => false,
        PlainWords::Rejoined => words_look_like_name(&name_words(s)),
    }
}

/// [`looks_like_name`] for the [`name_words`] of the text.
fn words_look_like_name<S: AsRef<str>>(words: &[S]) -> bool {
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    // At most six words: their capitals test, once.
    let mut upper = [false; 6];
    for (u, w) in upper.iter_mut().zip(words) {
        *u = is_upper_word(w.as_ref());
    }
    words_look_like_name_upper(words, &upper[..words.len()])
}

/// [`words_look_like_name`] given [`is_upper_word`] of each word.
fn words_look_like_name_upper<S: AsRef<str>>(words: &[S], upper: &[bool]) -> bool {
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    let has_upper = upper.contains(&true);
    let mut capitalised = 0;
    let mut lower = 0;
    for (w, &is_upper) in words.iter().zip(upper) {
        let w: &str = w.as_ref();
        if is_heading_word(w) {
            return false;
        }
        // A one-letter capital (an initial) counts as capitals here.
        let upper_word = is_upper
            || {
                let mut cs = w.chars();
                matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic() && c.is_uppercase())
            };
        // Lower-cased only when a list is asked.
        let mut lw: Option<Lower> = None;
        if !upper_word {
            let l = lw.insert(Lower::new(w));
            if l.is_in(&NOT_NAME_SET) && !l.is_in(&PARTICLE_SET) {
                return false;
            }
        }
        let first = w.chars().find(|c| c.is_alphabetic()).unwrap_or(' ');
        if first.is_uppercase() {
            capitalised += 1;
        } else if particle(&mut lw, w) {
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

/// Is `w` a particle (« de », « van », « d'… »)? `lw` caches its lower case.
fn particle(lw: &mut Option<Lower>, w: &str) -> bool {
    let l = lw.get_or_insert_with(|| Lower::new(w));
    l.is_in(&PARTICLE_SET) || l.starts_with("d'")
}

/// The words of a name, with hyphenated pieces split by a space or a line
/// break rejoined (« STANIEC -WAVRANT », « BULTE- MARCHYLLIE »).
pub fn name_words(s: &str) -> Vec<Cow<'_, str>> {
    // Borrowed words: only a rejoined hyphenated piece is copied.
    let mut out: Vec<Cow<'_, str>> = Vec::new();
    let mut glue = false;
    for w in split_ws(s) {
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

/// A plain name, read once for the tests that a roll call runs on each
/// entry ([`looks_like_name`], [`parse_with`]): after its civility, one to
/// six words of letters (ASCII or Latin-1 À–ÿ) with inner hyphens,
/// separated by single spaces, the whole without other white space.
pub(crate) struct PlainName<'a> {
    /// What [`strip_civility`] finds.
    pub civ: Option<(Civility, bool)>,
    /// The text after the civility.
    pub rest: &'a str,
    words: [&'a str; 6],
    n: usize,
    upper: [bool; 6],
    /// What each word holds.
    facts: [WordFacts; 6],
}

/// What a word of a [`PlainName`] holds.
#[derive(Clone, Copy, Default)]
struct WordFacts {
    letters: usize,
    /// A lower-case letter.
    lower: bool,
    /// A capital.
    capital: bool,
    /// The first letter (the first character) is a capital.
    first_capital: bool,
    /// ASCII only.
    ascii: bool,
    /// A capital after the first letter of a piece between hyphens: what a
    /// capital right after a small letter ([`needs_hyphens`]) needs.
    inner_capital: bool,
}

/// `s` read as a [`PlainName`], or `None` when it is not one.
#[cfg(test)]
pub(crate) fn plain_name(s: &str) -> Option<PlainName<'_>> {
    plain_name_given(s, civility(s))
}

/// [`plain_name`] given `civility(s)`, which the caller may know.
pub(crate) fn plain_name_given<'a>(
    s: &'a str,
    given: Option<(Civility, bool, &'a str)>,
) -> Option<PlainName<'a>> {
    let (civ, rest) = strip_civility_given(s, given);
    let b = rest.as_bytes();
    let mut out = PlainName {
        civ,
        rest,
        words: [""; 6],
        n: 0,
        upper: [false; 6],
        facts: [WordFacts::default(); 6],
    };
    let mut i = 0;
    // One word a turn: a letter, then letters or a hyphen before a letter.
    while i < b.len() {
        if out.n == out.words.len() {
            return None;
        }
        let start = i;
        let mut f = WordFacts {
            ascii: true,
            ..WordFacts::default()
        };
        // ASCII letters: 1 for a capital, 2 for a small letter.
        const CASE: [u8; 256] = {
            let mut t = [0u8; 256];
            let mut c = 0;
            while c < 26 {
                t[b'A' as usize + c] = 1;
                t[b'a' as usize + c] = 2;
                c += 1;
            }
            t
        };
        let mut cases = 0u8; // the cases seen, as CASE gives them
        let mut inner = 0u8; // those after the first letter of a piece
        let mut after_hyphen = true; // a letter must come next
        while i < b.len() && b[i] != b' ' {
            // A run of ASCII letters, the bulk of a name.
            // Its cases gathered in the same pass, those after the first
            // letter of a piece apart.
            let c = CASE[usize::from(b[i])];
            if c != 0 {
                if f.letters == 0 {
                    f.first_capital = c == 1;
                }
                if after_hyphen {
                    cases |= c;
                } else {
                    inner |= c;
                }
                let mut j = i + 1;
                while let Some(&x) = b.get(j) {
                    let c = CASE[usize::from(x)];
                    if c == 0 {
                        break;
                    }
                    inner |= c;
                    j += 1;
                }
                f.letters += j - i;
                i = j;
                after_hyphen = false;
                continue;
            }
            match b[i] {
                // Latin-1 letters, U+00C0 to U+00FF but × and ÷: capitals up
                // to U+00DE, lower case from U+00DF.
                0xc3 if b
                    .get(i + 1)
                    .is_some_and(|&y| (0x80..=0xbf).contains(&y) && y != 0x97 && y != 0xb7) =>
                {
                    let capital = b[i + 1] < 0x9f;
                    f.ascii = false;
                    if f.letters == 0 {
                        f.first_capital = capital;
                    }
                    f.letters += 1;
                    let c = if capital { 1 } else { 2 };
                    if after_hyphen {
                        cases |= c;
                    } else {
                        inner |= c;
                    }
                    i += 2;
                    after_hyphen = false;
                }
                b'-' if !after_hyphen => {
                    i += 1;
                    after_hyphen = true;
                }
                _ => return None,
            }
        }
        f.inner_capital = inner & 1 != 0;
        cases |= inner;
        f.capital = cases & 1 != 0;
        f.lower = cases & 2 != 0;
        // An empty word (a double space, a space at either end) or a
        // trailing hyphen.
        if after_hyphen {
            return None;
        }
        out.words[out.n] = rest.get(start..i)?;
        out.upper[out.n] = !f.lower && f.letters >= 2;
        out.facts[out.n] = f;
        out.n += 1;
        if i < b.len() {
            // The single space; a word must follow.
            i += 1;
            if i == b.len() {
                return None;
            }
        }
    }
    // `s` then starts with its civility or its first word and ends with a
    // letter: it is as trimmed, for every reading of it.
    (out.n > 0).then_some(out)
}

impl<'a> PlainName<'a> {
    /// The words, as [`name_words`] gives them.
    pub fn words(&self) -> &[&'a str] {
        &self.words[..self.n]
    }

    /// [`is_upper_word`] of each word.
    pub fn upper(&self) -> &[bool] {
        &self.upper[..self.n]
    }

    /// Each word with [`is_upper_word`], its number of letters and
    /// [`is_mixed_word`] (a capital first, then a small letter).
    pub fn word_classes(&self) -> impl Iterator<Item = (&'a str, bool, usize, bool)> + '_ {
        self.words()
            .iter()
            .zip(self.upper())
            .zip(&self.facts)
            .map(|((&w, &u), f)| (w, u, f.letters, f.first_capital && f.lower))
    }

    /// [`looks_like_name`] of the name: [`words_look_like_name_upper`]
    /// with what each word holds known. In a plain name every character of
    /// a word is a letter or an inner hyphen, the first a letter; so a word
    /// without lower case is in capitals or an initial, and no particle
    /// starts with « d' ».
    pub fn looks_like_name(&self) -> bool {
        let has_upper = self.upper().contains(&true);
        let mut capitalised = 0;
        let mut lower = 0;
        let in_set =
            |set: &WordSet, w: &str, _: &WordFacts| set.contains_latin1_lower(w.as_bytes());
        for (w, f) in self.words().iter().zip(&self.facts) {
            let heading = if f.ascii {
                w.as_bytes().split(|&x| x == b'-').any(is_heading_piece)
            } else {
                is_heading_word(w)
            };
            if heading {
                return false;
            }
            // Not a word in capitals nor an initial: a word of prose?
            let mut particle = None;
            if f.lower {
                let p = *particle.insert(in_set(&PARTICLE_SET, w, f));
                if !p && in_set(&NOT_NAME_SET, w, f) {
                    return false;
                }
            }
            if f.first_capital {
                capitalised += 1;
            } else if particle.unwrap_or_else(|| in_set(&PARTICLE_SET, w, f)) {
            } else if f.capital && f.letters >= 4 {
                // Small capitals scrambled by extraction (« aLBeSPY »).
                capitalised += 1;
            } else if has_upper && self.n <= 3 {
                // A first name in lower case beside a surname in capitals.
                lower += 1;
            } else {
                return false;
            }
        }
        capitalised > 0 && lower <= 1
    }

    /// [`parse_with`] of the name, `text.s[start..end]`, when its first
    /// name needs no hyphen put back: the caller's further tests then hold
    /// as they did for the words (see `attendance::clean`).
    pub fn person(
        &self,
        text: &Text<'_>,
        start: usize,
        end: usize,
        inherited: Option<Civility>,
    ) -> Option<Person> {
        let mixed = || self.word_classes().any(|c| c.3);
        let (first, last) = split_ranges(self.words(), self.upper(), mixed);
        // `needs_hyphens` of the first name: its words are joined by
        // spaces, so a capital after a small letter is inside one of them,
        // which holds both cases.
        let hump = self
            .words()
            .get(first.clone())
            .zip(self.facts.get(first.clone()))
            .is_some_and(|(ws, fs)| {
                ws.iter()
                    .zip(fs)
                    .any(|(w, f)| f.inner_capital && f.lower && plain_hump(w.as_bytes()))
            });
        // The words of a range joined by single spaces, with no hyphen beside
        // a space: the stretch of `rest` they cover, as `split_name` builds it.
        let words = self.words();
        let stretch = |r: Range<usize>| -> Option<&str> {
            let (a, b) = (words.get(r.start)?, words.get(r.end.checked_sub(1)?)?);
            let from = offset_in(self.rest, a);
            self.rest.get(from..offset_in(self.rest, b) + b.len())
        };
        let (first, last) = (stretch(first), stretch(last));
        if (first.is_some() && hump) || (first.is_none() && last.is_none()) {
            return None;
        }
        let s = &text.s[start..end];
        // The rest holds single spaces only: the name is collapsed when the
        // civility before it is.
        let text_ = if is_collapsed(&s[..s.len() - self.rest.len()]) {
            SmallText::from(s)
        } else {
            collapse(s)
        };
        Some(Person {
            civility: self.civ.map(|c| c.0).or(inherited),
            first_name: first.map(SmallText::from),
            last_name: last.map(SmallText::from),
            text: text_,
            span: text.span(start, end),
        })
    }
}

/// [`needs_hyphens`] of a word of a [`PlainName`] (ASCII and Latin-1
/// letters, hyphens), told on its bytes: U+00C0 to U+00DE (C3 80 to C3 9E)
/// are capitals, U+00DF to U+00FF small letters, a hyphen neither.
fn plain_hump(w: &[u8]) -> bool {
    let mut lower = false;
    let mut i = 0;
    while i < w.len() {
        let x = w[i];
        let (capital, small) = if x == 0xc3 {
            i += 1;
            let y = w.get(i).copied().unwrap_or(0);
            (y < 0x9f, y >= 0x9f)
        } else {
            (x.is_ascii_uppercase(), x.is_ascii_lowercase())
        };
        if lower && capital {
            return true;
        }
        lower = small;
        i += 1;
    }
    false
}

/// What [`plain_words`] found.
enum PlainWords {
    /// The words, all borrowed, fill this many slots.
    Words(usize),
    /// More words than slots.
    TooMany,
    /// A hyphenated piece is rejoined: [`name_words`] must build it.
    Rejoined,
}

/// [`name_words`] of `s` into `out`, when every word is a slice of `s`
/// (no hyphenated piece to rejoin) and they fit: no allocation.
fn plain_words<'a>(s: &'a str, out: &mut [&'a str]) -> PlainWords {
    let mut n = 0;
    let mut any = false; // a word, with letters or not, came before
    let mut glue = false;
    for w in split_ws(s) {
        if any && (glue || w.starts_with('-')) {
            return PlainWords::Rejoined;
        }
        any = true;
        glue = w.ends_with('-');
        let alpha = if w.is_ascii() {
            w.bytes().any(|b| b.is_ascii_alphabetic())
        } else {
            w.chars().any(char::is_alphabetic)
        };
        if !alpha {
            // Dropped by `name_words` (unless rejoined later: seen above).
            continue;
        }
        // Words are never merged once kept: the count only grows.
        let Some(slot) = out.get_mut(n) else {
            return PlainWords::TooMany;
        };
        *slot = w;
        n += 1;
    }
    PlainWords::Words(n)
}

/// How many words [`name_words`] finds in `s`, without building them.
pub fn name_word_count(s: &str) -> usize {
    let mut count = 0;
    let mut alpha = false; // the current word holds a letter
    let mut open = false; // a word has started
    let mut glue = false;
    for w in split_ws(s) {
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
    strip_civility_given(s, civility(s))
}

/// [`strip_civility`] given `civility(s)`.
fn strip_civility_given<'a>(
    s: &'a str,
    given: Option<(Civility, bool, &'a str)>,
) -> (Option<(Civility, bool)>, &'a str) {
    let mut civ = None;
    let mut rest = s;
    if let Some((c, plural, r)) = given {
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
    let mut words = 0;
    let mut last_good = 0;
    for w in split_ws(rest) {
        // `w` is a slice of `s`: its offset is where `find` would put it.
        let at = offset_in(s, w);
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
        let lw = Lower::new(core);
        let particle = lw.is_in(&PARTICLE_SET) || lw.starts_with("d'");
        let ok = if is_upper_word(core) || (first.is_uppercase() && core.chars().count() == 1) {
            true
        } else if first.is_uppercase() {
            !lw.is_in(&NOT_NAME_SET) || particle
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

/// Where `inner`, a slice of `outer` (as `split_whitespace` gives), starts
/// in it: the first occurrence that `find` would look for, without the
/// search.
pub(crate) fn offset_in(outer: &str, inner: &str) -> usize {
    inner.as_ptr() as usize - outer.as_ptr() as usize
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
    // Most names have a few words, none rejoined: borrowed, on the stack.
    let mut plain: [&str; 16] = [""; 16];
    let (first, last) = match plain_words(rest, &mut plain) {
        PlainWords::Words(0) => return None,
        PlainWords::Words(n) => split_name(&plain[..n]),
        PlainWords::TooMany | PlainWords::Rejoined => {
            let words = name_words(rest);
            if words.is_empty() {
                return None;
            }
            split_name(&words)
        }
    };
    Some(Person {
        civility: civ,
        first_name: first.map(rehyphenate),
        last_name: last,
        text: collapse(trimmed),
        span: text.span(s0, s1),
    })
}

/// `crate::text::collapse(s)` for a trimmed `s`: most names have single
/// spaces only and are copied as they are.
fn collapse(s: &str) -> SmallText {
    if is_collapsed(s) && !s.ends_with(' ') {
        return SmallText::from(s);
    }
    crate::text::collapse(s).into()
}

/// Whether `s` starts a collapsed text: no white space but single spaces,
/// none first.
fn is_collapsed(s: &str) -> bool {
    // Tabs, line breaks, double spaces, or a lead byte of the non-ASCII
    // white space (U+0085, U+00A0, U+1680, U+2000 and up, U+3000); a space
    // first counts as one after another.
    let mut space = true;
    for &c in s.as_bytes() {
        match c {
            b' ' if space => return false,
            b' ' => space = true,
            b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0xc2 | 0xe1 | 0xe2 | 0xe3 => return false,
            _ => space = false,
        }
    }
    true
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
        text: unspace_hyphens(&joined).unwrap_or(joined).into(),
        span: text.span(first.0, last.1),
    })
}

/// « MarieCécile » (a hyphen dropped by a host) becomes « Marie-Cécile »:
/// a capital after a lower-case letter inside a first name starts a second
/// first name.
fn rehyphenate(s: SmallText) -> SmallText {
    // Most first names need no change: keep the string.
    if !needs_hyphens(&s) {
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
    out.into()
}

/// Whether [`rehyphenate`] changes `s`: a capital after a lower-case letter.
fn needs_hyphens(s: &str) -> bool {
    // ASCII: a capital is A to Z, a small letter a to z.
    if s.is_ascii() {
        return s
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    }
    let mut prev: Option<char> = None;
    s.chars().any(|c| {
        let hit = c.is_uppercase() && prev.is_some_and(char::is_lowercase);
        prev = Some(c);
        hit
    })
}

/// Splits name words into first name and surname.
pub fn split_name<S: AsRef<str>>(words: &[S]) -> (Option<SmallText>, Option<SmallText>) {
    // The capitals test of each word, on the stack for the usual few words.
    let n = words.len();
    let mut small = [false; 16];
    let big: Vec<bool>;
    let upper: &[bool] = if n <= small.len() {
        for (u, w) in small.iter_mut().zip(words) {
            *u = is_upper_word(w.as_ref());
        }
        &small[..n]
    } else {
        big = words.iter().map(|w| is_upper_word(w.as_ref())).collect();
        &big
    };
    split_name_upper(words, upper)
}

/// [`split_name`] given [`is_upper_word`] of each word.
fn split_name_upper<S: AsRef<str>>(
    words: &[S],
    upper: &[bool],
) -> (Option<SmallText>, Option<SmallText>) {
    // Built in place: a name of up to 24 bytes needs no allocation.
    let join = |ws: &[S]| -> Option<SmallText> {
        let (first, rest) = ws.split_first()?;
        let mut s = CompactString::with_capacity(ws.iter().map(|w| w.as_ref().len() + 1).sum());
        s.push_str(first.as_ref());
        for w in rest {
            s.push(' ');
            s.push_str(w.as_ref());
        }
        Some(match unspace_hyphens(&s) {
            Some(fixed) => fixed.into(),
            None => SmallText::from_compact(s),
        })
    };
    let any_mixed = || words.iter().any(|w| is_mixed_word(w.as_ref()));
    let (first, last) = split_ranges(words, upper, any_mixed);
    (join(&words[first]), join(&words[last]))
}

/// Which words of [`split_name`] make the first name and which the surname,
/// as ranges of word indices (an empty range for none).
fn split_ranges<S: AsRef<str>>(
    words: &[S],
    upper: &[bool],
    any_mixed: impl FnOnce() -> bool,
) -> (Range<usize>, Range<usize>) {
    let n = words.len();
    if n == 1 {
        return (0..0, 0..n);
    }
    let any_upper = upper.iter().any(|&u| u);
    if any_upper && any_mixed() {
        if upper[0] {
            // « NOM Prénom »: the leading run of capitals is the surname.
            let k = upper.iter().take_while(|&&u| u).count();
            return (k..n, 0..k);
        }
        // « Prénom [particle] NOM »: the surname starts at the first capital
        // word, or at a particle just before it.
        let mut k = upper.iter().position(|&u| u).unwrap_or(n - 1);
        while k > 1 && Lower::new(words[k - 1].as_ref()).is_in(&PARTICLE_SET) {
            k -= 1;
        }
        return (0..k, k..n);
    }
    if !any_upper
        && words
            .iter()
            .all(|w| w.as_ref().chars().count() <= 2 && w.as_ref().ends_with('.'))
    {
        return (0..0, 0..n);
    }
    // No evidence from case: « V. GARENEAUX » style initials first, else the
    // surname is the last word (with its particles).
    let mut k = n - 1;
    while k > 1 && Lower::new(words[k - 1].as_ref()).is_in(&PARTICLE_SET) {
        k -= 1;
    }
    if upper.iter().all(|&u| u) && upper.len() == n && n >= 2 {
        // All capitals: an initial after the surname (« GARENAUX L ») is a
        // first-name initial.
        let last_is_initial = words[n - 1].as_ref().trim_end_matches('.').chars().count() == 1;
        if last_is_initial {
            return (n - 1..n, 0..n - 1);
        }
    }
    if words[n - 1].as_ref().trim_end_matches('.').chars().count() == 1 {
        return (n - 1..n, 0..n - 1);
    }
    (0..k, k..n)
}

/// « Jean- René » (a hyphen left before a line break) becomes « Jean-René »;
/// `None` when there is no such hyphen.
fn unspace_hyphens(s: &str) -> Option<String> {
    // Most names have no spaced hyphen: `None` keeps the string.
    // A hyphen beside a space; names are short, a byte loop does.
    let spaced = s
        .as_bytes()
        .windows(2)
        .any(|w| matches!(w, [b'-', b' '] | [b' ', b'-']));
    spaced.then(|| s.replace("- ", "-").replace(" -", "-"))
}

/// The comparison key of a person: folded first and last names (the fold
/// of « first last », made without building that string).
pub fn key(p: &Person) -> String {
    let first = p.first_name.as_deref();
    let last = p.last_name.as_deref();
    let mut out =
        String::with_capacity(first.map_or(0, |f| f.len() + 1) + last.map_or(0, str::len));
    key_into(&mut out, p);
    out
}

/// [`key`] written into `out` (cleared first), to reuse its buffer.
pub fn key_into(out: &mut String, p: &Person) {
    out.clear();
    push_key(out, p);
}

/// Appends [`key`] of `p` to `out`.
pub fn push_key(out: &mut String, p: &Person) {
    let mut k = Vec::new();
    push_key_bytes(&mut k, p);
    // Whole characters fold into whole characters: the bytes are UTF-8,
    // borrowed as they are.
    out.push_str(&String::from_utf8_lossy(&k));
}

/// [`push_key`] as bytes: the key's UTF-8 appended to `out`. Folded
/// straight into `out`, without a buffer to copy nor a string to validate:
/// the duplicate check of a roll call makes one key per person.
pub(crate) fn push_key_bytes(out: &mut Vec<u8>, p: &Person) {
    let start = out.len();
    let mut started = false;
    let parts = [p.first_name.as_deref(), p.last_name.as_deref()];
    // ASCII and U+00C0 to U+00FF: a run of ASCII copied then upper-cased at
    // once.
    let plain = parts.into_iter().flatten().all(|part| {
        fold_latin1_each(part, &mut started, |piece, upper| {
            let at = out.len();
            out.extend_from_slice(piece);
            if upper {
                out[at..].make_ascii_uppercase();
            }
            true
        })
    });
    if !plain {
        // Other characters: the fold itself.
        out.truncate(start);
        let mut k = String::new();
        for part in parts.into_iter().flatten() {
            crate::departements::fold_into(&mut k, part);
        }
        out.extend_from_slice(k.as_bytes());
    }
}

/// Where [`key_words`] gives a person's key.
pub(crate) trait KeySink {
    /// The next eight bytes of the key, little-endian.
    fn word(&mut self, w: u64);
    /// The last `n` bytes (0 to 7) of the key, the others zero.
    fn end(&mut self, w: u64, n: u32);
}

/// Gathers bytes into words for a [`KeySink`].
struct Words<'a, S: KeySink> {
    sink: &'a mut S,
    w: u64,
    n: u32,
}

impl<S: KeySink> Words<'_, S> {
    fn byte(&mut self, b: u8) {
        self.w |= u64::from(b) << (8 * self.n);
        self.n += 1;
        if self.n == 8 {
            self.sink.word(self.w);
            self.w = 0;
            self.n = 0;
        }
    }

    /// `len` (1 to 8) bytes, the low ones of `x`, the others zero.
    fn bytes(&mut self, x: u64, len: u32) {
        // `n` < 8: the shift is within the word.
        self.w |= x << (8 * self.n);
        let total = self.n + len;
        if total >= 8 {
            self.sink.word(self.w);
            // The bytes of `x` that did not fit.
            self.w = x.checked_shr(8 * (8 - self.n)).unwrap_or(0);
            self.n = total - 8;
        } else {
            self.n = total;
        }
    }
}

/// [`push_key_bytes`] of `p` given to `sink` eight bytes at a time, without
/// a buffer: the duplicate check of a roll call only hashes most keys.
/// `false` when the key was not given: its names hold characters other
/// than ASCII and U+00C0 to U+00FF, for [`push_key_bytes`] to fold.
pub(crate) fn key_words(p: &Person, sink: &mut impl KeySink) -> bool {
    let folds = &*LATIN1_WORDS;
    let mut words = Words { sink, w: 0, n: 0 };
    let mut started = false;
    // As `fold_latin1_each` folds, written again here: its runs found byte
    // by byte and given as pieces cost the roll call 3–5 % more.
    for part in [p.first_name.as_deref(), p.last_name.as_deref()]
        .into_iter()
        .flatten()
    {
        let b = part.as_bytes();
        let mut space = started;
        let mut i = 0;
        while let Some(&x) = b.get(i) {
            match FOLD_KIND[usize::from(x)] {
                0 => {
                    if space {
                        words.byte(b' ');
                        space = false;
                    }
                    // Up to eight bytes at once: the plain letters that
                    // start them, else this byte alone.
                    let n = (b.len() - i).min(8);
                    let w = load_word(&b[i..i + n]);
                    match plain_prefix(w, n as u32) {
                        0 => {
                            words.byte(x.to_ascii_uppercase());
                            i += 1;
                        }
                        good => {
                            words.bytes(upper8(w) & low_bytes(good), good);
                            i += good as usize;
                        }
                    }
                    started = true;
                }
                1 => {
                    space = started;
                    i += 1;
                }
                2 => {
                    let Some(&(f, len)) = b
                        .get(i + 1)
                        .and_then(|&y| folds.get(usize::from(y.wrapping_sub(0x80))))
                    else {
                        return false;
                    };
                    if len == 0 {
                        return false;
                    }
                    if space {
                        words.byte(b' ');
                        space = false;
                    }
                    words.bytes(f, len);
                    started = true;
                    i += 2;
                }
                _ => return false,
            }
        }
    }
    words.sink.end(words.w, words.n);
    true
}

/// The low `n` (0 to 8) bytes of a word set.
fn low_bytes(n: u32) -> u64 {
    u64::MAX.checked_shr(64 - 8 * n).unwrap_or(0)
}

/// The bytes of `b` (at most 8) as the low bytes of a word, the others
/// zero: whole words or two overlapping loads, not a copy of unknown length.
fn load_word(b: &[u8]) -> u64 {
    let n = b.len();
    let at = |i: usize| u64::from(b[i]);
    let u32_at = |i: usize| u64::from(u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]));
    match n {
        0 => 0,
        1..=3 => at(0) | at(n / 2) << (8 * (n / 2)) | at(n - 1) << (8 * (n - 1)),
        // The two halves overlap on equal bytes: or-ing them keeps these.
        4..=7 => u32_at(0) | u32_at(n - 4) << (8 * (n - 4)),
        _ => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
    }
}

/// How many of the low `n` bytes of `w`, from the lowest, are in 0x40 to
/// 0x7F but 0x5F: bytes `FOLD_KIND` keeps (0), letters among them, that
/// the fold only upper-cases. (Other kept bytes, digits or dots, are
/// rare in names: they take the byte-by-byte way.)
fn plain_prefix(w: u64, n: u32) -> u32 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // Each byte's top bit says: non-ASCII, or below 0x40 (bit 6 clear).
    let out = (w | !(w << 1)) & HIGH;
    // An exact zero-byte test of `w ^ 0x5F…` (no borrow between bytes).
    let y = w ^ (ONES * 0x5f);
    let underscore = !(((y & !HIGH) + !HIGH) | y) & HIGH;
    let bad = (out | underscore) & low_bytes(n);
    if bad == 0 {
        n
    } else {
        bad.trailing_zeros() / 8
    }
}

/// ASCII lower-case letters of `x` (eight ASCII bytes) upper-cased at once.
fn upper8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // A byte's top bit: `b` >= 'a', then `b` > 'z'; no byte below 0x80
    // carries into the next.
    let ge_a = x.wrapping_add(ONES * (0x80 - u64::from(b'a')));
    let gt_z = x.wrapping_add(ONES * (0x80 - u64::from(b'z') - 1));
    let lower = ge_a & !gt_z & (ONES * 0x80);
    x ^ (lower >> 2)
}

/// [`LATIN1_FOLDS`] as little-endian words and lengths; length 0 for none
/// (or a fold longer than a word, which none is).
static LATIN1_WORDS: LazyLock<Vec<(u64, u32)>> = LazyLock::new(|| {
    LATIN1_FOLDS
        .iter()
        .map(|f| match f {
            Some(f) if f.len() <= 8 => {
                let mut w = [0u8; 8];
                w[..f.len()].copy_from_slice(f.as_bytes());
                (u64::from_le_bytes(w), f.len() as u32)
            }
            _ => (0, 0),
        })
        .collect()
});

/// Whether `p` and `q` have the same [`key`], compared as it is made (most
/// pairs asked are the same person listed twice).
pub(crate) fn same_key(p: &Person, q: &Person) -> bool {
    let mut k = Vec::new();
    push_key_bytes(&mut k, p);
    folds_to(&k, [q.first_name.as_deref(), q.last_name.as_deref()])
}

/// What each byte is to the fold of [`fold_latin1_each`]: 0 an ASCII byte
/// kept (upper-cased), 1 a separator, 2 the lead of U+00C0 to U+00FF, 3 any
/// other non-ASCII.
const FOLD_KIND: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut x = 0x80;
    while x < 256 {
        t[x] = 3;
        x += 1;
    }
    t[0xc3] = 2;
    let seps = b"-'_ \t\n\r\x0b\x0c";
    let mut k = 0;
    while k < seps.len() {
        t[seps[k] as usize] = 1;
        k += 1;
    }
    t
};

/// What `departements::fold_into` makes of each character from U+00C0 to
/// U+00FF alone (worked out by it, so that the two cannot disagree), when
/// that is letters only.
static LATIN1_FOLDS: LazyLock<Vec<Option<String>>> = LazyLock::new(|| {
    ('\u{C0}'..='\u{FF}')
        .map(|c| {
            let mut out = String::new();
            crate::departements::fold_into(&mut out, c.encode_utf8(&mut [0; 4]));
            (!out.is_empty() && !out.contains(char::is_whitespace)).then_some(out)
        })
        .collect()
});

/// `departements::fold_into` of `s`, for text of ASCII and U+00C0 to
/// U+00FF (C3 80 to C3 BF), given to `emit` piece by piece, in order: its
/// separators (hyphens, apostrophes, underscores, white space) become one
/// space between words, ASCII letters go to upper case, other ASCII bytes
/// stay, and the Latin-1 letters become their folds. A piece is a run of
/// ASCII bytes to upper-case (`true`) or bytes to take as they are.
/// `started` tells whether folded text comes before (a space then goes
/// before the first word), and is kept up to date. `false` for other text,
/// before anything of its character is given, or when `emit` says `false`.
fn fold_latin1_each(
    s: &str,
    started: &mut bool,
    mut emit: impl FnMut(&[u8], bool) -> bool,
) -> bool {
    const KIND: [u8; 256] = FOLD_KIND;
    let folds = &*LATIN1_FOLDS;
    let b = s.as_bytes();
    let mut space = *started;
    let mut i = 0;
    while i < b.len() {
        // A run of kept ASCII bytes, given at once.
        let run = b[i..]
            .iter()
            .position(|&x| KIND[usize::from(x)] != 0)
            .unwrap_or(b.len() - i);
        let fold: &[u8] = if run > 0 {
            &b[i..i + run]
        } else {
            match KIND[usize::from(b[i])] {
                1 => {
                    space = *started;
                    i += 1;
                    continue;
                }
                // Its continuation byte, 80 to BF, picks the fold.
                2 => match b
                    .get(i + 1)
                    .and_then(|&y| folds.get(usize::from(y.wrapping_sub(0x80))))
                {
                    Some(Some(f)) => f.as_bytes(),
                    _ => return false,
                },
                // Any other non-ASCII character is `fold_into`'s.
                _ => return false,
            }
        };
        if space {
            if !emit(b" ", false) {
                return false;
            }
            space = false;
        }
        if !emit(fold, run > 0) {
            return false;
        }
        *started = true;
        i += if run > 0 { run } else { 2 };
    }
    true
}

/// Whether the fold of the names `parts` (`departements::fold` of them
/// joined by spaces) is `k`: compared as it is made, so that most
/// differences are found at the first letter, without building it.
fn folds_to(k: &[u8], parts: [Option<&str>; 2]) -> bool {
    let mut pos = 0;
    let mut differs = false;
    let mut started = false;
    let whole = parts.into_iter().flatten().all(|part| {
        fold_latin1_each(part, &mut started, |piece, upper| {
            let same = k.get(pos..pos + piece.len()).is_some_and(|t| {
                if upper {
                    piece
                        .iter()
                        .zip(t)
                        .all(|(&x, &y)| x.to_ascii_uppercase() == y)
                } else {
                    piece == t
                }
            });
            differs = !same;
            pos += piece.len();
            same
        })
    });
    if differs {
        // What was given is the start of the fold: it already differs.
        return false;
    }
    if whole {
        return pos == k.len();
    }
    // Other characters: the fold itself.
    let mut f = String::new();
    for part in parts.into_iter().flatten() {
        crate::departements::fold_into(&mut f, part);
    }
    f.as_bytes() == k
}

/// Replaces the names of `p` by those of the same person in `known` when the
/// folded names match (or `p`'s words match in the other order), keeping
/// `p`'s span and text. A president printed « JEAN-CLAUDE LEROY » in a
/// header becomes « Jean-Claude » / « LEROY » as the roll call prints them.
pub fn resolve(p: &mut Person, known: &[&Person]) {
    let k = fold(&p.text);
    let k = civility_stripped(&k).as_bytes();
    // An empty fold is no name: no person's key (nor its reverse, of the
    // same letters) can be empty and equal it.
    if k.is_empty() {
        return;
    }
    for q in known {
        let (first, last) = (q.first_name.as_deref(), q.last_name.as_deref());
        // The key (« first last ») or the names reversed (« last first »).
        if folds_to(k, [first, last]) || folds_to(k, [last, first]) {
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

/// Builds this module's patterns now rather than at their first use (see
/// [`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&LATIN_FOLDS);
    LazyLock::force(&NOT_NAME_SET);
    LazyLock::force(&PARTICLE_SET);
    LazyLock::force(&HEADING_SET);
    LazyLock::force(&LATIN1_FOLDS);
    LazyLock::force(&LATIN1_WORDS);
}

#[cfg(test)]
mod tests {
    use super::{FOLD_KIND, load_word, plain_prefix, upper8};

    /// The word tools of `key_words`: `load_word` reads as a copy would,
    /// `plain_prefix` finds kept bytes (`FOLD_KIND` 0) of 0x40 to 0x7F but
    /// 0x5F, and `upper8` upper-cases as `to_ascii_uppercase`.
    #[test]
    fn key_word_tools_agree_with_bytes() {
        let mut next = crate::text::xorshift(0x2545_f491_4f6c_dd1d);
        let picks = [
            0x00u8, 0x09, 0x20, 0x27, 0x2d, 0x2e, 0x31, 0x3f, 0x40, 0x41, 0x5a, 0x5b,
        ];
        let more = [
            0x5e, 0x5f, 0x60, 0x61, 0x7a, 0x7b, 0x7f, 0x80, 0xbf, 0xc3, 0xff,
        ];
        for _ in 0..20000 {
            let b: [u8; 8] = std::array::from_fn(|_| {
                let r = next();
                if r % 3 == 0 {
                    (r >> 8) as u8
                } else {
                    let k = (r >> 8) as usize % (picks.len() + more.len());
                    *picks.get(k).unwrap_or_else(|| &more[k - picks.len()])
                }
            });
            for n in 0..=8 {
                let mut w = [0u8; 8];
                w[..n].copy_from_slice(&b[..n]);
                let word = u64::from_le_bytes(w);
                assert_eq!(load_word(&b[..n]), word, "{b:?} {n}");
                let good = b[..n]
                    .iter()
                    .take_while(|&&x| (0x40..0x80).contains(&x) && x != 0x5f)
                    .count();
                assert!(b[..good].iter().all(|&x| FOLD_KIND[usize::from(x)] == 0));
                assert_eq!(plain_prefix(word, n as u32) as usize, good, "{b:?} {n}");
            }
            let ascii = u64::from_le_bytes(b) & 0x7f7f_7f7f_7f7f_7f7f;
            let want = u64::from_le_bytes(ascii.to_le_bytes().map(|x| x.to_ascii_uppercase()));
            assert_eq!(upper8(ascii), want, "{b:?}");
        }
    }

    /// The ASCII reading of `needs_hyphens` is the one by characters.
    #[test]
    fn needs_hyphens_in_ascii_reads_as_by_characters() {
        let by_chars = |s: &str| {
            let mut prev: Option<char> = None;
            s.chars().any(|c| {
                let hit = c.is_uppercase() && prev.is_some_and(char::is_lowercase);
                prev = Some(c);
                hit
            })
        };
        let pieces = ["a", "B", "-", " ", "é", "É", "Ma", "rie", "Cé", "1", "'"];
        for x in pieces {
            for y in pieces {
                for z in pieces {
                    let s = format!("{x}{y}{z}");
                    assert_eq!(super::needs_hyphens(&s), by_chars(&s), "{s:?}");
                }
            }
        }
    }

    use super::*;

    fn split(s: &str) -> (Option<SmallText>, Option<SmallText>) {
        let w: Vec<&str> = s.split_whitespace().collect();
        split_name(&w)
    }

    fn o(s: &str) -> Option<SmallText> {
        Some(s.into())
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

    /// Words that exercise the fast paths: accents, ligatures, long s,
    /// Kelvin sign, dotted I, sigma, hyphens, apostrophes, heading words.
    const TRICKY: &[&str] = &[
        "présents",
        "PRÉSENTS",
        "Absent(e)(s)",
        "Absents-M.",
        "excusé",
        "EXCUSÉES",
        "Représentée",
        "reprеsente",
        "ſecretaire",
        "\u{212A}elvin",
        "İlker",
        "ΣΟΦΙΑ",
        "Σ",
        "straße",
        "Œuvre",
        "œ",
        "ﬁn",
        "Jean-Claude",
        "d'ARTOIS",
        "D'Artois",
        "de",
        "DE",
        "Van",
        "l'",
        "Étienne",
        "considérant",
        "VU",
        "vus",
        "Article",
        "MEMBRES",
        "étaient",
        "pouvoir’s",
        "pro-curation",
        "procurations",
        "x",
        "e\u{301}xcuse\u{301}",
        "Ǆemal",
        "ǅ",
        "Ⅻ",
        "①",
        "a\u{a0}b",
        "",
        "PRESENTSPRESENTS",
        "très-long-mot-composé-de-beaucoup-de-morceaux",
    ];

    fn heading_reference(w: &str) -> bool {
        fold(w)
            .to_lowercase()
            .split(|c: char| !c.is_alphabetic())
            .any(|piece| HEADING_WORDS.contains(&piece))
    }

    #[test]
    fn fast_paths_agree_with_their_definitions() {
        for w in TRICKY {
            assert_eq!(is_heading_word(w), heading_reference(w), "{w}");
            let low = w.to_lowercase();
            let l = Lower::new(w);
            assert_eq!(
                l.is_in(&NOT_NAME_SET),
                NOT_NAME_WORDS.contains(&low.as_str()),
                "{w}"
            );
            assert_eq!(
                l.is_in(&PARTICLE_SET),
                PARTICLES.contains(&low.as_str()),
                "{w}"
            );
            assert_eq!(l.starts_with("d'"), low.starts_with("d'"), "{w}");
            assert_eq!(name_word_count(w), name_words(w).len(), "{w}");
            let t = w.trim();
            assert_eq!(collapse(t), crate::text::collapse(t), "{w}");
        }
        // Every character the table covers, alone and inside a word.
        for c in '\u{80}'..='\u{250}' {
            let w = format!("pr{c}sent");
            assert_eq!(
                is_heading_word(&w),
                heading_reference(&w),
                "U+{:04X}",
                c as u32
            );
            let w = c.to_string();
            assert_eq!(
                is_heading_word(&w),
                heading_reference(&w),
                "U+{:04X}",
                c as u32
            );
        }
        let latin: Vec<String> = ('\u{80}'..='\u{250}').map(|c| format!("a{c}b")).collect();
        let mut pairs: Vec<(&str, &str)> = vec![
            ("Jean-Claude", "LE BRUN"),
            ("Éloïse", "D'ARTOIS"),
            ("x_y", "a  b"),
            ("- ", "X"),
            ("Jean", " ' "),
            ("", ""),
        ];
        pairs.extend(TRICKY.iter().map(|w| (*w, "X")));
        pairs.extend(latin.iter().map(|w| ("Jean", w.as_str())));
        for (f, l) in pairs {
            let p = Person {
                civility: None,
                first_name: Some(f.into()),
                last_name: Some(l.into()),
                text: SmallText::default(),
                span: crate::model::Span {
                    start: 0,
                    end: 0,
                    line: 0,
                },
            };
            assert_eq!(key(&p), fold(&format!("{f} {l}")), "{f} {l}");
            let mut bytes = b"before".to_vec();
            push_key_bytes(&mut bytes, &p);
            assert_eq!(bytes[6..], *key(&p).as_bytes(), "{f} {l}");
            let q = Person {
                first_name: None,
                ..p
            };
            assert_eq!(key(&q), fold(l), "{l}");
            let mut bytes = Vec::new();
            push_key_bytes(&mut bytes, &q);
            assert_eq!(bytes, key(&q).as_bytes(), "{l}");
        }
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

/// The functions as they were before their fast paths, to check that the
/// fast paths give the same answers on many generated names.
#[cfg(test)]
pub(crate) mod differential {
    use super::*;
    use crate::offsets::OffsetMap;

    fn civility_ref(s: &str) -> Option<(Civility, bool, &str)> {
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
            let wb = word.as_bytes();
            // A byte loop: these prefixes are too short for `memcmp` to pay.
            if b.len() < wb.len() || b.iter().zip(wb).any(|(x, y)| x != y) {
                continue;
            }
            if let Some(rest) = s.get(wb.len()..) {
                // The civility must end there: « M. » then a name, « Mme » then a
                // space (not « Mmeline »).
                let ok = if word == "M" {
                    // « M Jean DUPONT »: a bare M only before a capitalised word.
                    rest.strip_prefix(' ')
                        .is_some_and(|r| r.starts_with(|c: char| c.is_uppercase()))
                } else {
                    word.ends_with('.')
                        || rest.is_empty()
                        || rest.starts_with([' ', '\n', '\t', '.'])
                };
                if ok {
                    let rest = rest.strip_prefix('.').unwrap_or(rest);
                    return Some((c, plural, rest.trim_start()));
                }
            }
        }
        None
    }

    fn is_upper_word_ref(w: &str) -> bool {
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

    fn is_mixed_word_ref(w: &str) -> bool {
        let mut chars = w.chars().filter(|c| c.is_alphabetic());
        match chars.next() {
            Some(c) if c.is_uppercase() => chars.any(|c| c.is_lowercase()),
            _ => false,
        }
    }

    fn looks_like_name_ref(s: &str) -> bool {
        let s = s.trim();
        let s = strip_civility_ref(s).1;
        // The character test first: it needs no word list.
        if s.bytes()
            .any(|b| b.is_ascii_digit() || matches!(b, b':' | b'(' | b')' | b'/' | b'@'))
        {
            return false;
        }
        let words = name_words_ref(s);
        if words.is_empty() || words.len() > 6 {
            return false;
        }
        // At most six words: their capitals test, once.
        let mut upper = [false; 6];
        for (u, w) in upper.iter_mut().zip(&words) {
            *u = is_upper_word_ref(w);
        }
        let has_upper = upper.contains(&true);
        let mut capitalised = 0;
        let mut lower = 0;
        for (w, &is_upper) in words.iter().zip(&upper) {
            let w: &str = w;
            if is_heading_word(w) {
                return false;
            }
            // A one-letter capital (an initial) counts as capitals here.
            let upper_word = is_upper
                || {
                    let mut cs = w.chars();
                    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic() && c.is_uppercase())
                };
            // Lower-cased only when a list is asked.
            let mut lw: Option<Lower> = None;
            if !upper_word {
                let l = lw.insert(Lower::new(w));
                if l.is_in(&NOT_NAME_SET) && !l.is_in(&PARTICLE_SET) {
                    return false;
                }
            }
            let first = w.chars().find(|c| c.is_alphabetic()).unwrap_or(' ');
            if first.is_uppercase() {
                capitalised += 1;
            } else if particle(&mut lw, w) {
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

    fn name_words_ref(s: &str) -> Vec<Cow<'_, str>> {
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

    fn parse_with_ref(
        text: &Text<'_>,
        start: usize,
        end: usize,
        inherited: Option<Civility>,
    ) -> Option<Person> {
        let raw = &text.s[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim().trim_end_matches([',', ';', '.']).trim_end();
        let trimmed = if trimmed.ends_with(|c: char| c.is_uppercase()) && raw.trim().ends_with('.')
        {
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
        let (civ, rest) = match strip_civility_ref(trimmed) {
            (Some((c, _)), rest) => (Some(c), rest),
            (None, rest) => (inherited, rest),
        };
        let words = name_words_ref(rest);
        if words.is_empty() {
            return None;
        }
        let (first, last) = split_name_ref(&words);
        Some(Person {
            civility: civ,
            first_name: first.map(|f| rehyphenate(f.into())),
            last_name: last.map(Into::into),
            text: collapse(trimmed),
            span: text.span(s0, s1),
        })
    }

    fn split_name_ref<S: AsRef<str>>(words: &[S]) -> (Option<String>, Option<String>) {
        let join = |ws: &[S]| -> Option<String> {
            let (first, rest) = ws.split_first()?;
            let mut s = String::with_capacity(ws.iter().map(|w| w.as_ref().len() + 1).sum());
            s.push_str(first.as_ref());
            for w in rest {
                s.push(' ');
                s.push_str(w.as_ref());
            }
            Some(fix_hyphens_ref(s))
        };
        // The capitals test of each word, on the stack for the usual few words.
        let n = words.len();
        let mut small = [false; 16];
        let big: Vec<bool>;
        let upper: &[bool] = if n <= small.len() {
            for (u, w) in small.iter_mut().zip(words) {
                *u = is_upper_word_ref(w.as_ref());
            }
            &small[..n]
        } else {
            big = words
                .iter()
                .map(|w| is_upper_word_ref(w.as_ref()))
                .collect();
            &big
        };
        if n == 1 {
            return (None, join(words));
        }
        let any_upper = upper.iter().any(|&u| u);
        let any_mixed = words.iter().any(|w| is_mixed_word_ref(w.as_ref()));
        if any_upper && any_mixed {
            if upper[0] {
                // « NOM Prénom »: the leading run of capitals is the surname.
                let k = upper.iter().take_while(|&&u| u).count();
                return (join(&words[k..]), join(&words[..k]));
            }
            // « Prénom [particle] NOM »: the surname starts at the first capital
            // word, or at a particle just before it.
            let mut k = upper.iter().position(|&u| u).unwrap_or(n - 1);
            while k > 1 && Lower::new(words[k - 1].as_ref()).is_in(&PARTICLE_SET) {
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
        while k > 1 && Lower::new(words[k - 1].as_ref()).is_in(&PARTICLE_SET) {
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

    fn fix_hyphens_ref(s: String) -> String {
        // Most names have no spaced hyphen: keep the string.
        let b = s.as_bytes();
        let spaced = memchr::memchr_iter(b'-', b)
            .any(|i| b.get(i + 1) == Some(&b' ') || (i > 0 && b[i - 1] == b' '));
        if !spaced {
            return s;
        }
        s.replace("- ", "-").replace(" -", "-")
    }

    fn strip_civility_ref(s: &str) -> (Option<(Civility, bool)>, &str) {
        let mut civ = None;
        let mut rest = s;
        if let Some((c, plural, r)) = civility_ref(rest) {
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

    /// Pieces that names, prose and hostile text are made of.
    const PIECES: &[&str] = &[
        "M.",
        "M",
        "Mme",
        "MM.",
        "Mmes",
        "Monsieur",
        "MADAME",
        "Mlle",
        "Mr",
        "Dr",
        "Me",
        "Maître",
        "Docteur",
        " ",
        " ",
        " ",
        " ",
        "  ",
        "\t",
        "\n",
        "-",
        "- ",
        " -",
        "'",
        ".",
        ",",
        ";",
        "(",
        ")",
        ":",
        "2",
        "Jean",
        "JEAN",
        "jean",
        "DUPONT",
        "Dupont",
        "de",
        "DE",
        "la",
        "le",
        "van",
        "d'",
        "D'",
        "é",
        "É",
        "È",
        "ë",
        "Ë",
        "ß",
        "Æ",
        "æ",
        "Þ",
        "þ",
        "ÿ",
        "×",
        "÷",
        "\u{a0}",
        "\u{2009}",
        "İ",
        "ſ",
        "\u{212A}",
        "ﬁ",
        "x",
        "X",
        "A",
        "b",
        "Éloïse",
        "NOËL",
        "Anne-Marie",
        "présents",
        "PRÉSENTS",
        "Absent",
        "excusés",
        "pouvoir",
        "vu",
        "séance",
        "Président",
        "pour",
        "et",
        "à",
        "a",
        "MarieCécile",
        "aLBeSPY",
        "V.",
        "L",
        "Σ",
        "ΣΟΦΙΑ",
        "ǅ",
        "\u{301}",
        "Ⅻ",
        "SENT",
        "Procuration",
        "arrivée",
        "[1]",
        "*",
    ];

    /// A deterministic stream of `n` texts, each made of 1 to `most`
    /// pieces drawn from `pieces` (xorshift), for differential tests here
    /// and in `attendance`.
    pub(crate) fn generated(pieces: &[&str], most: u64, n: usize) -> Vec<String> {
        let mut next = crate::text::xorshift(0x2545_f491_4f6c_dd1d);
        (0..n)
            .map(|_| {
                let k = (next() % most) as usize + 1;
                (0..k)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect::<String>()
            })
            .collect()
    }

    fn samples(n: usize) -> Vec<String> {
        generated(PIECES, 7, n)
    }

    /// Names: a civility or not, then words joined by single spaces.
    fn names(n: usize) -> Vec<String> {
        const CIV: &[&str] = &[
            "",
            "",
            "M. ",
            "Mme ",
            "MM. ",
            "Monsieur ",
            "Dr ",
            "Me ",
            "M.\n",
        ];
        const WORDS: &[&str] = &[
            "Jean",
            "JEAN",
            "jean",
            "DUPONT",
            "Dupont",
            "de",
            "DE",
            "la",
            "le",
            "van",
            "Éloïse",
            "NOËL",
            "noël",
            "Anne-Marie",
            "ANNE-MARIE",
            "présents",
            "PRÉSENTS",
            "Absent",
            "vu",
            "séance",
            "Président",
            "pour",
            "et",
            "à",
            "a",
            "MarieCécile",
            "aLBeSPY",
            "V",
            "L",
            "ß",
            "Æ",
            "ÿ",
            "Þorn",
            "x",
            "X",
            "Sent",
            "Pouvoir",
            "Jean-PIERRE",
            "DU-PONT",
            "Le",
            "Van",
            "Des",
            "DES",
            "abc",
            "Ab",
            "ÉÉ",
            "éé",
            "Émile",
            "ÉMILE",
            "Ça",
        ];
        let mut next = crate::text::xorshift(0x9e37_79b9_7f4a_7c15);
        (0..n)
            .map(|_| {
                let mut s = CIV[(next() % CIV.len() as u64) as usize].to_owned();
                let k = (next() % 7) as usize + 1;
                let words: Vec<&str> = (0..k)
                    .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
                    .collect();
                s.push_str(&words.join(" "));
                s
            })
            .collect()
    }

    fn all() -> Vec<String> {
        let mut v = samples(30_000);
        v.extend(names(30_000));
        v
    }

    #[test]
    fn word_helpers_agree() {
        for s in all() {
            let s = s.as_str();
            assert_eq!(
                split_ws(s).collect::<Vec<_>>(),
                s.split_whitespace().collect::<Vec<_>>(),
                "{s:?}"
            );
            assert_eq!(trim_start(s), s.trim_start(), "{s:?}");
            assert_eq!(civility(s), civility_ref(s), "{s:?}");
            assert_eq!(strip_civility(s), strip_civility_ref(s), "{s:?}");
            assert_eq!(name_words(s), name_words_ref(s), "{s:?}");
            for w in split_ws(s) {
                assert_eq!(is_upper_word(w), is_upper_word_ref(w), "{w:?}");
                assert_eq!(is_mixed_word(w), is_mixed_word_ref(w), "{w:?}");
                let heading = fold(w)
                    .to_lowercase()
                    .split(|c: char| !c.is_alphabetic())
                    .any(|piece| HEADING_WORDS.contains(&piece));
                assert_eq!(is_heading_word(w), heading, "{w:?}");
            }
            assert_eq!(looks_like_name(s), looks_like_name_ref(s), "{s:?}");
            for start in [&b"X"[..], b""] {
                let mut buf = start.to_vec();
                let mut started = !start.is_empty();
                let folded = fold_latin1_each(s, &mut started, |piece, upper| {
                    let at = buf.len();
                    buf.extend_from_slice(piece);
                    if upper {
                        buf[at..].make_ascii_uppercase();
                    }
                    true
                });
                if folded {
                    let mut reference = String::from_utf8(start.to_vec()).unwrap_or_default();
                    crate::departements::fold_into(&mut reference, s);
                    assert_eq!(std::str::from_utf8(&buf), Ok(&*reference), "{s:?}");
                }
            }
        }
    }

    /// `resolve` as it was: every key and reversed key built.
    fn resolve_ref(p: &mut Person, known: &[&Person]) {
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

    #[test]
    fn resolve_agrees() {
        let strings = all();
        let person = |first: Option<&str>, last: Option<&str>, text: &str| Person {
            civility: None,
            first_name: first.map(Into::into),
            last_name: last.map(Into::into),
            text: text.into(),
            span: crate::model::Span {
                start: 0,
                end: 0,
                line: 1,
            },
        };
        let mut matched = 0;
        for (i, s) in strings.iter().enumerate().step_by(7) {
            let other = &strings[(i * 31 + 5) % strings.len()];
            // Names cut in two at each space, or one name alone.
            let mut cuts: Vec<(Option<&str>, Option<&str>)> =
                vec![(Some(s), None), (None, Some(s)), (None, None)];
            for (k, _) in s.match_indices(' ').take(3) {
                cuts.push((Some(&s[..k]), Some(&s[k + 1..])));
            }
            let known: Vec<Person> = cuts
                .iter()
                .map(|&(f, l)| person(f, l, ""))
                .chain([person(Some(other), Some(s), "")])
                .collect();
            let known: Vec<&Person> = known.iter().collect();
            let texts = [
                s.clone(),
                format!("M. {s}"),
                other.clone(),
                format!("{other} {s}"),
                format!("Madame {s} {other}"),
                String::new(),
            ];
            for t in texts {
                for skip in 0..known.len() {
                    let mut a = person(None, Some("x"), &t);
                    let mut b = a.clone();
                    resolve(&mut a, &known[skip..]);
                    resolve_ref(&mut b, &known[skip..]);
                    assert_eq!(a, b, "{t:?}");
                    matched += usize::from(a.last_name.as_deref() != Some("x"));
                }
            }
        }
        assert!(matched > 1_000, "{matched}");
    }

    #[test]
    fn is_collapsed_agrees_with_its_definition() {
        let reference = |s: &str| {
            let b = s.as_bytes();
            let plain = b.iter().enumerate().all(|(i, &c)| match c {
                b' ' => i == 0 || b[i - 1] != b' ',
                b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0xc2 | 0xe1 | 0xe2 | 0xe3 => false,
                _ => true,
            });
            plain && !s.starts_with(' ')
        };
        const PARTS: &[&str] = &[
            " ", "  ", "\t", "\n", "\u{a0}", "\u{2009}", "M.", "Jean", "é", "x",
        ];
        let mut next = crate::text::xorshift(0x2f8a_63d1_55e7_0b49);
        for _ in 0..20_000 {
            let s = crate::text::pieces(&mut next, PARTS, 8);
            assert_eq!(is_collapsed(&s), reference(&s), "{s:?}");
        }
    }

    #[test]
    fn plain_names_agree() {
        let m = OffsetMap::identity();
        let mut plain = 0;
        for s in all() {
            let s = s.as_str();
            let t = Text::new(s, &m, s, &m);
            for inherited in [None, Some(Civility::Madame)] {
                assert_eq!(
                    parse_with(&t, 0, s.len(), inherited),
                    parse_with_ref(&t, 0, s.len(), inherited),
                    "{s:?}"
                );
            }
            let Some(p) = plain_name(s) else {
                continue;
            };
            plain += 1;
            assert_eq!(p.looks_like_name(), looks_like_name_ref(s), "{s:?}");
            let words = name_words_ref(strip_civility_ref(s).1);
            assert_eq!(
                p.words(),
                words.iter().map(|w| w.as_ref()).collect::<Vec<_>>(),
                "{s:?}"
            );
            for ((w, u), f) in p.words().iter().zip(p.upper()).zip(&p.facts) {
                assert_eq!(*u, is_upper_word_ref(w), "{w:?}");
                assert_eq!(plain_hump(w.as_bytes()), needs_hyphens(w), "{w:?}");
                assert!(f.inner_capital || !needs_hyphens(w), "{w:?}");
                for set in [&*NOT_NAME_SET, &*PARTICLE_SET, &*HEADING_SET] {
                    assert_eq!(
                        set.contains_latin1_lower(w.as_bytes()),
                        Lower::new(w).is_in(set),
                        "{w:?}"
                    );
                }
            }
            if let Some(person) = p.person(&t, 0, s.len(), Some(Civility::Monsieur)) {
                let mut bytes = Vec::new();
                push_key_bytes(&mut bytes, &person);
                assert_eq!(bytes, key(&person).as_bytes(), "{s:?}");
                assert_eq!(
                    Some(person),
                    parse_with_ref(&t, 0, s.len(), Some(Civility::Monsieur)),
                    "{s:?}"
                );
            }
        }
        assert!(plain > 10_000, "{plain}");
    }
}
