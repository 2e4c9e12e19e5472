//! The clean text every extractor reads, and the way from its offsets to
//! [`Span`]s in the original input.

use std::cell::Cell;

use crate::model::Span;
use crate::offsets::OffsetMap;

/// The bytes of `set` as a table, built at compile time: a scan tests a
/// byte by one look-up instead of comparing it with each of the set.
pub const fn byte_set(set: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut k = 0;
    while k < set.len() {
        t[set[k] as usize] = true;
        k += 1;
    }
    t
}

/// A deterministic stream of pseudo-random numbers (xorshift64), for the
/// texts the differential tests generate.
#[cfg(test)]
pub(crate) fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

/// A text of fewer than `most` pieces drawn from `parts` by `next`
/// (see [`xorshift`]), for the differential tests.
#[cfg(test)]
pub(crate) fn pieces(next: &mut impl FnMut() -> u64, parts: &[&str], most: u64) -> String {
    let n = next() % most;
    (0..n)
        .map(|_| parts[(next() % parts.len() as u64) as usize])
        .collect()
}

/// Normalized text with the maps back to the original bytes.
#[derive(Debug)]
pub struct Text<'a> {
    /// The normalized text.
    pub s: &'a str,
    norm: &'a OffsetMap,
    decode: &'a OffsetMap,
    /// Byte offsets (in the decoded text) where each line starts.
    line_starts: LineStarts,
    /// Where the last span's lookups ended, in the normalization map (its
    /// start and end), the decoding map and the line starts: see
    /// [`OffsetMap::to_source_near`].
    near: [Cell<usize>; 5],
}

impl<'a> Text<'a> {
    /// Wraps normalized text `s`, made from `decoded` through `norm`, itself
    /// decoded from the input through `decode`.
    pub fn new(s: &'a str, norm: &'a OffsetMap, decoded: &str, decode: &'a OffsetMap) -> Self {
        Self::with_line_starts(s, norm, line_starts(decoded), decode)
    }

    /// As [`Text::new`], with the [`line_starts`] of the decoded text
    /// computed beforehand (so that the decoded text can be dropped).
    pub fn with_line_starts(
        s: &'a str,
        norm: &'a OffsetMap,
        line_starts: LineStarts,
        decode: &'a OffsetMap,
    ) -> Self {
        Text {
            s,
            norm,
            decode,
            line_starts,
            near: Default::default(),
        }
    }

    /// The span in the original input of `self.s[start..end]`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let end = end.max(start);
        let ds = self.norm.to_source_near(start, &self.near[0]);
        let de = if end == start {
            ds
        } else {
            self.norm.to_source_end_near(end, &self.near[1])
        };
        let line = self.line_starts.line_of_near(ds, &self.near[2]);
        let source_start = self.decode.to_source_near(ds, &self.near[3]);
        Span {
            start: source_start,
            end: if de == ds {
                source_start
            } else {
                self.decode.to_source_end_near(de, &self.near[4])
            },
            line,
        }
    }

    /// The span of a sub-slice of `self.s`.
    pub fn span_of(&self, sub: &str) -> Span {
        let start = sub.as_ptr() as usize - self.s.as_ptr() as usize;
        self.span(start, start + sub.len())
    }

    /// Offset of a sub-slice of `self.s`.
    pub fn offset_of(&self, sub: &str) -> usize {
        sub.as_ptr() as usize - self.s.as_ptr() as usize
    }
}

/// Byte offsets where the lines of a text start: as `u32` when the text is
/// shorter than 4 GiB (always, in practice), which halves what they hold
/// while a large recueil's document is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineStarts {
    /// Offsets of a text shorter than 4 GiB.
    Small(Vec<u32>),
    /// Offsets of a longer text.
    Large(Vec<usize>),
}

impl LineStarts {
    /// The 1-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_of_near(offset, &Cell::new(0))
    }

    /// As [`LineStarts::line_of`], from `hint` (see
    /// [`OffsetMap::to_source_near`]).
    pub fn line_of_near(&self, offset: usize, hint: &Cell<usize>) -> usize {
        use crate::offsets::partition_near;
        match self {
            LineStarts::Small(v) => match u32::try_from(offset) {
                Ok(o) => partition_near(v, hint, |&l| l <= o),
                Err(_) => v.len(),
            },
            LineStarts::Large(v) => partition_near(v, hint, |&l| l <= offset),
        }
    }

    #[cfg(test)]
    fn line_of_searched(&self, offset: usize) -> usize {
        match self {
            LineStarts::Small(v) => match u32::try_from(offset) {
                Ok(o) => v.partition_point(|&l| l <= o),
                Err(_) => v.len(),
            },
            LineStarts::Large(v) => v.partition_point(|&l| l <= offset),
        }
    }
}

/// Where each line of `decoded` starts.
pub fn line_starts(decoded: &str) -> LineStarts {
    let b = decoded.as_bytes();
    if u32::try_from(decoded.len()).is_ok() {
        let mut v = vec![0u32];
        // Every offset is at most the length, which fits.
        each_byte(b, b'\n', |i| v.push(i as u32 + 1));
        v.shrink_to_fit();
        LineStarts::Small(v)
    } else {
        let mut v = vec![0usize];
        each_byte(b, b'\n', |i| v.push(i + 1));
        v.shrink_to_fit();
        LineStarts::Large(v)
    }
}

/// Calls `f` with the offset of every `needle` in `hay`, in order, as
/// `memchr::memchr_iter` gives them. Where the CPU has AVX2 its searcher
/// is called directly: the generic one goes through a function pointer on
/// every call, a third more instructions a line on seed-like text.
pub fn each_byte(hay: &[u8], needle: u8, mut f: impl FnMut(usize)) {
    #[cfg(target_arch = "x86_64")]
    if let Some(one) = memchr::arch::x86_64::avx2::memchr::One::new(needle) {
        one.iter(hay).for_each(f);
        return;
    }
    memchr::memchr_iter(needle, hay).for_each(&mut f);
}

/// As [`each_byte`], for either of two bytes.
pub fn each_of_two(hay: &[u8], n1: u8, n2: u8, mut f: impl FnMut(usize)) {
    #[cfg(target_arch = "x86_64")]
    if let Some(two) = memchr::arch::x86_64::avx2::memchr::Two::new(n1, n2) {
        two.iter(hay).for_each(f);
        return;
    }
    memchr::memchr2_iter(n1, n2, hay).for_each(&mut f);
}

/// The line of `b` around byte `k`, without its line break: from after the
/// break before `k` to the break at or after it. The look back stops at
/// `lo` (a line start, or the end of a line already read), so that finding
/// the lines of hits in text order reads each byte once.
pub fn line_around(b: &[u8], lo: usize, k: usize) -> std::ops::Range<usize> {
    let start = memchr::memrchr(b'\n', &b[lo..k]).map_or(lo, |i| lo + i + 1);
    let end = memchr::memchr(b'\n', &b[k..]).map_or(b.len(), |i| k + i);
    start..end
}

/// The lines of `s` with their offsets, as `split_inclusive('\n')` gives
/// them, found with `memchr` (the standard searcher costs more per line).
pub fn lines_of(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', s.as_bytes());
    std::iter::from_fn(move || {
        if start >= s.len() {
            return None;
        }
        let end = ends.next().map_or(s.len(), |e| e + 1);
        let line = s.get(start..end)?;
        let at = start;
        start = end;
        Some((at, line))
    })
}

/// Collapses runs of whitespace to one space and trims.
///
/// Whitespace is Unicode's (as `split_whitespace`). The text between runs
/// that are not a single plain space is copied whole: such a run starts
/// with a control byte, a space after a space, or the first byte of a
/// character outside ASCII that may be a space (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000), which are looked for sixteen bytes at a time.
pub fn collapse(s: &str) -> String {
    let t = s.trim();
    let b = t.as_bytes();
    let mut out = String::with_capacity(t.len());
    // `t[..copied]` is in `out`; `t[copied..]` ends with no whitespace, so
    // every run found below has a word after it.
    let mut copied = 0;
    let mut i = 0;
    while let Some(j) = next_odd_space(b, i) {
        let Some(len) = space_len(t, j) else {
            // A control byte, « or ’…: not a space.
            i = j + utf8_len(b[j]);
            continue;
        };
        // The run may start with one plain space (two would have stopped
        // the search at the second one).
        let start = if j > copied && b[j - 1] == b' ' {
            j - 1
        } else {
            j
        };
        let mut k = j + len;
        while let Some(len) = space_len(t, k) {
            k += len;
        }
        out.push_str(&t[copied..start]);
        out.push(' ');
        copied = k;
        i = k;
    }
    out.push_str(&t[copied..]);
    out
}

/// May byte `c`, after `p1`, start a run of whitespace that is not a single
/// plain space? Branch-free, so that it vectorizes.
#[inline(always)]
fn odd_space(c: u8, p1: u8) -> bool {
    (c < 0x20) | (c == b' ') & (p1 == b' ') | (c == 0xC2) | (c.wrapping_sub(0xE1) < 3)
}

/// The first [`odd_space`] byte of `b` at or after `i` (a character
/// boundary after a byte that is not a space).
fn next_odd_space(b: &[u8], mut i: usize) -> Option<usize> {
    // The first byte has no byte before it (never a space).
    if i == 0 {
        if odd_space(*b.first()?, b'x') {
            return Some(0);
        }
        i = 1;
    }
    while let (Some(c), Some(p1)) = (
        b.get(i..i + 16).and_then(|s| <&[u8; 16]>::try_from(s).ok()),
        b.get(i - 1..i + 15)
            .and_then(|s| <&[u8; 16]>::try_from(s).ok()),
    ) {
        let mut m = [0u8; 16];
        for k in 0..16 {
            m[k] = u8::from(odd_space(c[k], p1[k])).wrapping_neg();
        }
        let m = u128::from_le_bytes(m);
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 16;
    }
    (i..b.len()).find(|&k| odd_space(b[k], b[k - 1]))
}

/// The length of the whitespace character at byte `i` of `s`, if it is one.
fn space_len(s: &str, i: usize) -> Option<usize> {
    let c = s.as_bytes()[i];
    match c {
        b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => Some(1),
        0xC2 | 0xE1 | 0xE2 | 0xE3 => s
            .get(i..)
            .and_then(|r| r.chars().next())
            .filter(|ch| ch.is_whitespace())
            .map(char::len_utf8),
        _ => None,
    }
}

/// How many spaces and tabs `b` holds from `k` on (none past its end).
pub fn blanks_at(b: &[u8], k: usize) -> usize {
    b.get(k..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count()
}

/// How many ASCII digits `b` holds from `k` on (none past its end).
pub fn digits_at(b: &[u8], k: usize) -> usize {
    b.get(k..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

/// The length of the UTF-8 character whose first byte is `lead`.
pub fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Eight bytes at once: `0x01` in every byte lane.
pub const LANES_LO: u64 = 0x0101_0101_0101_0101;
/// Eight bytes at once: the high bit of every byte lane.
pub const LANES_HI: u64 = 0x8080_8080_8080_8080;

/// The lanes of `x` (eight bytes, little-endian) that hold an ASCII digit,
/// as their high bits. Per byte below 0x80, the high bit of y + (0x80 −
/// 0x30) says « at least '0' » and that of y + (0x80 − 0x3a) « above '9' »;
/// no sum carries into the next byte.
pub fn digit_lanes(x: u64) -> u64 {
    let y = x & !LANES_HI;
    (y + LANES_LO * 0x50) & !(y + LANES_LO * 0x46) & !x & LANES_HI
}

/// The first byte of `b` from `from` on that `is` accepts, looking eight
/// bytes at a time: `lanes` gives the high bit of each lane of a word that
/// `is` accepts (and no other).
pub fn find_byte(
    b: &[u8],
    from: usize,
    lanes: impl Fn(u64) -> u64,
    is: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut k = from;
    while let Some(chunk) = b.get(k..k + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let m = lanes(u64::from_le_bytes(word));
        if m != 0 {
            return Some(k + (m.trailing_zeros() / 8) as usize);
        }
        k += 8;
    }
    b.get(k..)?.iter().position(|&c| is(c)).map(|p| k + p)
}

/// Trims whitespace and returns the trimmed range within `s` as offsets.
pub fn trim_range(s: &str, start: usize, end: usize) -> (usize, usize) {
    let sub = &s[start..end];
    let lead = sub.len() - sub.trim_start().len();
    let trail = sub.len() - sub.trim_end().len();
    if lead == sub.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

/// A regex alternation of the past-participle forms of a French verb stem
/// (`adopt` → adopté, adoptée, adoptés, adoptées, and their unaccented
/// spellings), each ending at a word boundary. ASCII boundaries keep the
/// regexes on the fast engines on accented text; a form ending in « é » needs
/// no boundary (no French word continues it), so it has none.
pub fn participle(stem: &str) -> String {
    const B: &str = "(?-u:\\b)";
    format!("{stem}(?:ées|ée|és|é|ees{B}|ee{B}|es{B}|e{B})")
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// Line lookups from a shared hint, in any order, are the binary
        /// search's.
        #[test]
        fn line_of_near_is_line_of(
            text in "[a\n]{0,80}",
            queries in proptest::collection::vec(0usize..90, 1..40),
        ) {
            let starts = super::line_starts(&text);
            let hint = std::cell::Cell::new(0);
            for q in queries {
                proptest::prop_assert_eq!(starts.line_of_near(q, &hint), starts.line_of_searched(q));
            }
        }
    }

    #[test]
    fn participles_end_at_a_word_boundary() {
        let re = regex::Regex::new(&format!("^(?i){}", participle("adopt"))).unwrap();
        for ok in [
            "adopté",
            "Adoptée.",
            "ADOPTÉES",
            "adoptes ",
            "adopte",
            "adoptés)",
        ] {
            assert!(re.is_match(ok), "{ok}");
        }
        for no in ["adopter", "adoptent", "adoption"] {
            assert!(!re.is_match(no), "{no}");
        }
    }
    use super::*;

    #[test]
    fn each_byte_is_memchr_iter() {
        let mut next = xorshift(0xb17e_5eed);
        for _ in 0..500 {
            let len = (next() % 300) as usize;
            let hay: Vec<u8> = (0..len)
                .map(|_| b"ab\nBx "[(next() % 6) as usize])
                .collect();
            let mut got = Vec::new();
            each_byte(&hay, b'\n', |i| got.push(i));
            assert_eq!(got, memchr::memchr_iter(b'\n', &hay).collect::<Vec<_>>());
            let mut got = Vec::new();
            each_of_two(&hay, b'b', b'B', |i| got.push(i));
            assert_eq!(
                got,
                memchr::memchr2_iter(b'b', b'B', &hay).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn line_around_a_byte() {
        let b = b"ab\ncd ef\ngh";
        assert_eq!(super::line_around(b, 0, 4), 3..8);
        assert_eq!(super::line_around(b, 0, 0), 0..2);
        assert_eq!(super::line_around(b, 0, 10), 9..11);
        // The break itself ends the line before it.
        assert_eq!(super::line_around(b, 0, 2), 0..2);
        // The look back stops at `lo`, the end of a line already read.
        assert_eq!(super::line_around(b, 2, 4), 3..8);
        assert_eq!(super::line_around(b, 4, 6), 4..8);
    }

    #[test]
    fn find_byte_finds_digits_in_and_after_words() {
        let digits = |b: &[u8], from| find_byte(b, from, digit_lanes, |c| c.is_ascii_digit());
        assert_eq!(digits(b"abcdefgh1", 0), Some(8));
        assert_eq!(digits(b"ab5defgh1", 0), Some(2));
        assert_eq!(digits(b"ab5defgh1", 3), Some(8));
        assert_eq!(digits("é/:9".as_bytes(), 0), Some(4));
        assert_eq!(digits(b"/:;@abcdefghij", 0), None);
        for s in ["0123456789", "\u{b0}\u{b9}x", "\x2f\x3a\x7f\x00"] {
            for from in 0..=s.len() {
                let want = s.as_bytes()[from..]
                    .iter()
                    .position(u8::is_ascii_digit)
                    .map(|p| from + p);
                assert_eq!(digits(s.as_bytes(), from), want, "{s:?} {from}");
            }
        }
    }

    #[test]
    fn lines_are_counted_from_one() {
        let starts = line_starts("ab\ncd\n\nef");
        for (offset, line) in [(0, 1), (2, 1), (3, 2), (6, 3), (7, 4), (9, 4), (99, 4)] {
            assert_eq!(starts.line_of(offset), line, "{offset}");
        }
        let LineStarts::Small(v) = &starts else {
            panic!("a short text has small offsets");
        };
        let large = LineStarts::Large(v.iter().map(|&o| o as usize).collect());
        assert_eq!(large.line_of(6), 3);
        assert_eq!(LineStarts::Small(vec![0, 5]).line_of(usize::MAX), 2);
    }

    proptest::proptest! {
        #[test]
        fn collapse_agrees_with_split_whitespace(s in "[a-zé \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{1c}’«»€\\PC]{0,40}") {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse(&s), want);
        }

        #[test]
        fn collapse_agrees_with_split_whitespace_on_long_text(s in "(?:[a-zé]{1,9}|[ \t\n\r\u{c}\u{1c}\u{85}\u{a0}\u{1680}\u{2002}\u{200b}\u{2028}\u{202f}\u{3000}’«»ᚠ\u{2060}]{1,3}){0,60}") {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse(&s), want);
        }
    }

    #[test]
    fn collapse_is_split_whitespace_joined() {
        for s in [
            "",
            "   ",
            " a  b\t\nc ",
            "\u{a0}x\u{2003}y\u{b}z\u{c}\u{85}é ’",
            "Jean\r\nDUPOND",
            "mot",
        ] {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse(s), want, "{s:?}");
        }
    }
}
