//! Clean text for the extractors, with a map back to the source.
//!
//! What PDF converters and host sites leave behind, and what becomes of it:
//!
//! | in the input | becomes |
//! |---|---|
//! | decomposed accents (`e` + U+0301) | NFC (`é`), only when the text is not NFC already |
//! | non-breaking, narrow and thin spaces | a plain space |
//! | `’ ‘ ʼ`, `“ ” „`, `– — ‐ ‑ −` | `'`, `"`, `-` |
//! | soft hyphens, zero-width characters, BOMs | nothing |
//! | ligatures `ﬁ ﬂ` | `fi fl` |
//! | `\r\n`, `\r`, form feeds | `\n` |
//! | `**bold**`, `<p>`, `<i>`, `<ul><li>`, `<br>` | the text alone |
//! | `</td>`, `</th>` / `</tr>` | a tab / a new line, so HTML tables stay tables |
//! | `1^{er}`, `2^{ème}` | `1er`, `2ème` |
//! | `délibé-\nration` / `DESCAMPS-\nPLOUVIER` | `délibération` / `DESCAMPS-PLOUVIER` |
//! | a line that is only a page number (`1/4`, `- 3 -`, `Page 2`, `(2)`) | nothing |
//! | `s est réuni à l Hôtel` (apostrophes dropped by a host) | `s'est réuni à l'Hôtel` |
//! | `LEROY , Mme` (a space before each comma) | `LEROY, Mme` |
//!
//! Every other byte is copied, so offsets in the clean text map back to the
//! input through [`Normalized::map`].

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::{IsNormalized, UnicodeNormalization, char::canonical_combining_class};

use crate::offsets::{OffsetMap, OffsetMapBuilder};
use crate::text::utf8_len;

/// Normalized text and its map back to the decoded input.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The clean text.
    pub text: String,
    /// Maps offsets of `text` to offsets of the text it was made from.
    pub map: OffsetMap,
}

static PAGE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t]*(?:-[ \t]*[0-9]{1,3}[ \t]*-|[0-9]{1,3}[ \t]*/[ \t]*[0-9]{1,3}|[Pp]age[ \t]+[0-9]{1,3}(?:[ \t]*(?:/|sur)[ \t]*[0-9]{1,3})?|\([0-9]{1,3}\))[ \t]*$",
    )
    .expect("valid regex")
});

/// No tag `TAG` matches is longer than this (300 characters of four bytes at
/// most, with the name and the brackets): the haystack given to it stops
/// there, not at the end of the text. (Its `\b` stays Unicode: `<pétition>`
/// is not a `<p>` tag.)
const TAG_MAX: usize = 1216;

/// The largest character boundary of `s` at or before `i` (or its end).
fn floor_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Page number lines are shorter than this.
const PAGE_LINE_MAX: usize = 24;

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^<(/?)(p|i|b|u|em|strong|ul|ol|li|br|td|th|tr|table|tbody|thead|span|div|sup|sub)\b[^<>]{0,300}?(/?)>",
    )
    .expect("valid regex")
});

/// The clean text being written: source bytes not rewritten are copied in
/// bulk, when the next rewrite (or the end) comes, so that looking at a byte
/// and leaving it costs nothing.
struct Writer<'a> {
    src: &'a str,
    out: String,
    map: OffsetMapBuilder,
    /// Start of the source bytes not copied yet.
    run: usize,
    /// Whether a rewrite consumed a character from U+0300 on past the byte
    /// it started at (in a tag, in `^{…}`): the main loop, which checks
    /// such characters for NFC as it meets them, never met it.
    skipped_high: bool,
}

impl Writer<'_> {
    /// Copies the pending source bytes up to `to`.
    fn flush(&mut self, to: usize) {
        self.out.push_str(&self.src[self.run..to]);
        self.run = to;
    }

    /// Notes the characters from U+0300 on in `consumed` (see `skipped_high`).
    fn skip(&mut self, consumed: &[u8]) {
        self.skipped_high |= consumed.iter().any(|&c| c >= 0xCC);
    }

    /// Writes `with` for `src[s0..s1]` (`s0` not before the pending run).
    fn replace(&mut self, s0: usize, s1: usize, with: &str) {
        self.flush(s0);
        let n0 = self.out.len();
        self.out.push_str(with);
        self.map.replaced(n0, s0, self.out.len(), s1);
        self.run = s1;
    }
}

/// Bytes that may start something to rewrite (the byte loop of the tests
/// stops at them); everything else is copied in bulk.
#[cfg(test)]
const fn interesting_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b >= 0x80 || (b < 0x20 && b != b'\t' as usize);
        b += 1;
    }
    t[b'\r' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'<' as usize] = true;
    t[b'*' as usize] = true;
    t[b'^' as usize] = true;
    t[b'-' as usize] = true;
    t[b',' as usize] = true;
    t[b' ' as usize] = true;
    t
}

/// Letters that end an elidable word (`l`, `d`, `s`, `n`, `j`, `c`, `m`,
/// `t`, `qu`): a space after anything else is left as it is.
static ELISION_END: [bool; 256] = crate::text::byte_set(b"ldsnjcmtu");

/// Cheap test before [`elided_before`]: may the space at `i` follow an
/// elidable word? Its last letter must end one (`l`, `d`…, `qu`), and a
/// one-letter word must stand alone: the word itself is looked at only then.
fn may_follow_elision(bytes: &[u8], i: usize) -> bool {
    let Some(&last) = i.checked_sub(1).and_then(|k| bytes.get(k)) else {
        return false;
    };
    if !ELISION_END[last as usize] {
        return false;
    }
    let before = i.checked_sub(2).map(|k| bytes[k]);
    if last == b'u' {
        before == Some(b'q')
    } else {
        !before.is_some_and(|b| b.is_ascii_alphabetic())
    }
}

#[cfg(test)]
static INTERESTING: [bool; 256] = interesting_table();

/// Normalizes `src` (see the module docs for what changes).
pub fn normalize(src: &str) -> Normalized {
    // Most text is NFC: it is normalized as such, and whether it is NFC is
    // settled on the way, run by run where the main loop meets characters
    // from U+0300 on, instead of by a pass of its own over the whole text
    // first. Text that turns out not to be is normalized again, as text to
    // compose, from the start (the first text it composes is most often
    // near the start too).
    let mut needs_nfc = false;
    loop {
        match normalize_as(src, needs_nfc) {
            Ok(n) => return n,
            // Never twice: text to compose is never found not NFC.
            Err(NotNfc) => needs_nfc = true,
        }
    }
}

/// What [`normalize_as`] returns when text taken for NFC is not.
struct NotNfc;

/// [`normalize`], with `src` taken for text to compose or not: a text taken
/// for NFC is checked as it goes, with the test of [`needs_nfc`].
fn normalize_as(src: &str, needs_nfc: bool) -> Result<Normalized, NotNfc> {
    let bytes = src.as_bytes();
    // Where the runs of characters from U+0300 on checked so far end (text
    // to compose needs no check: past any index).
    let mut nfc_checked = if needs_nfc { usize::MAX } else { 0 };
    let mut w = Writer {
        src,
        out: String::with_capacity(src.len()),
        map: OffsetMap::builder(),
        run: 0,
        skipped_high: false,
    };
    let mut candidates = Candidates::new(bytes, needs_nfc);
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        if line_start {
            line_start = false;
            if let Some(stop) = page_line_at(src, i) {
                w.replace(i, stop, "");
                i = stop;
                line_start = true;
                continue;
            }
        }
        // Bytes never rewritten (letters, digits, most punctuation, most
        // spaces, é à ç…) are skipped sixteen at a time.
        let Some(k) = candidates.next_from(i) else {
            break;
        };
        i = k;
        let b = bytes[i];
        // The commonest candidates, settled without a call.
        if b == b'\n' {
            // Only a line that may be a page number is looked at.
            line_start = bytes.get(i + 1).is_some_and(|&n| may_start_page_line(n));
            i += 1;
            continue;
        }
        if settled(bytes, i, b) {
            i += 1;
            continue;
        }
        if b == b'\r' {
            // As `handle` would, with the line break of a `\r\n` settled
            // at once (a CRLF text has one on every line).
            if bytes.get(i + 1) == Some(&b'\n') {
                w.replace(i, i + 1, "");
                line_start = bytes.get(i + 2).is_some_and(|&n| may_start_page_line(n));
                i += 2;
            } else {
                w.replace(i, i + 1, "\n");
                line_start = true;
                i += 1;
            }
            continue;
        }
        if b >= 0xCC && i >= nfc_checked {
            // A run starts here: every lead byte from 0xCC on is a candidate
            // (see below for those the handlers consume).
            let end = nfc_run_end(bytes, i);
            if !run_is_nfc(src, i, end) {
                return Err(NotNfc);
            }
            nfc_checked = end;
        }
        if needs_nfc && b >= 0x80 {
            // A combining mark composes with the character before it: start
            // the cluster there when that character was copied as it is.
            let c = src[i..].chars().next().unwrap_or(' ');
            if canonical_combining_class(c) != 0 {
                if let Some(prev) = src[..i].chars().next_back() {
                    let p = i - prev.len_utf8();
                    if p >= w.run {
                        let consumed = nfc_cluster(src, p, &mut w);
                        if consumed > 0 {
                            i = p + consumed;
                            continue;
                        }
                    }
                }
            }
        }
        let consumed = handle(src, i, &mut w, needs_nfc);
        if consumed == 0 {
            // Not rewritten: leave the byte in the bulk copy.
            i += utf8_len(b);
        } else {
            if bytes[i + consumed - 1] == b'\n' || w.out.ends_with('\n') {
                line_start = true;
            }
            // A tag or `^{…}` consumed may hold characters from U+0300 on
            // that the check above never meets: rare enough to settle the
            // whole text then.
            if w.skipped_high && nfc_checked != usize::MAX {
                if needs_nfc_text(src) {
                    return Err(NotNfc);
                }
                nfc_checked = usize::MAX;
            }
            i += consumed;
        }
    }
    w.flush(src.len());
    let len = w.out.len();
    Ok(Normalized {
        text: w.out,
        map: w.map.finish(len, src.len()),
    })
}

/// Whether the line starting at `i` is a page number line; if so, where
/// what it removes (the line and its break) ends.
fn page_line_at(src: &str, i: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    // Only a short line can be a page number: look for its end no further
    // than that (a line start made by a rewritten form feed has no line
    // break ahead, and searching to the end of the text from each would be
    // quadratic).
    let window = &bytes[i..(i + PAGE_LINE_MAX).min(bytes.len())];
    // Most lines start with a letter: settled by their first byte (after
    // blanks) before the line end is looked for. A window of blanks only is
    // left to the full test.
    if let Some(&first) = window.iter().find(|&&b| b != b' ' && b != b'\t') {
        if !matches!(first, b'-' | b'0'..=b'9' | b'P' | b'p' | b'(') {
            return None;
        }
    }
    let end = match memchr::memchr(b'\n', window) {
        Some(k) => Some(i + k),
        None if bytes.len() - i < PAGE_LINE_MAX => Some(bytes.len()),
        None => None,
    };
    let end = end.filter(|&e| {
        let line = &src[i..e];
        may_be_page_line(line) && PAGE_LINE.is_match(line)
    })?;
    Some(if end < bytes.len() { end + 1 } else { end })
}

/// May byte `c`, after `p1` and `p2`, start something to rewrite? A
/// superset of what the main loop rewrites, written lane by lane without
/// branches so that the compiler vectorizes it over sixteen bytes with a
/// few instructions per test: control characters and lead bytes (all but
/// `k3`, the lead byte 0xC3 of é, à, ç… in NFC text), `*`, `-`, `<`, `^`,
/// a comma after a space and a space after a lone lowercase letter (or
/// `qu`). Line breaks, tabs and hyphens that are left as they are cost the
/// main loop a few instructions each (it tells them apart by the byte after
/// them, see [`settled`]); testing that byte here would cost more on every
/// block of sixteen bytes than they cost there. (Commas are common enough,
/// and a text of commas hostile enough, to be told apart here.)
#[inline(always)]
fn candidate(c: u8, p1: u8, p2: u8, k3: u8) -> bool {
    // Control characters and lead bytes (0xC0 on) in one range test.
    let control_or_lead = c.wrapping_add(0x40) < 0x60;
    let lower1 = p1.wrapping_sub(b'a') < 26;
    let word2 = ((p2 | 0x20).wrapping_sub(b'a') < 26) & (p2 != b'q');
    control_or_lead & (c != k3)
        | (c == b'*')
        | (c == b'-')
        | (c == b'<')
        | (c == b'^')
        | (c == b',') & (p1 == b' ')
        | (c == b' ') & lower1 & !word2
}

/// The lead byte [`candidate`] leaves out: 0xC3 (é, à, ç…) in NFC text, where
/// it is never rewritten; in text to compose, a tab, which the main loop
/// skips anyway.
fn left_out_lead(needs_nfc: bool) -> u8 {
    if needs_nfc { b'\t' } else { 0xC3 }
}

/// Whether the main loop leaves the candidate byte `b` at `i` as it is,
/// without a call: a space that cannot follow an elided word after all, a
/// hyphen before a printable byte, a tab. (Line breaks are settled by the
/// main loop itself.) `handle` would return 0 for the first two; it must
/// not see a tab.
#[inline(always)]
fn settled(bytes: &[u8], i: usize, b: u8) -> bool {
    match b {
        b' ' => !may_follow_elision(bytes, i),
        b'\t' => true,
        b'-' => bytes.get(i + 1).is_some_and(|&n| n > b' '),
        _ => false,
    }
}

/// May a line starting with byte `n` be a page number line (after a line
/// break)? A superset of what [`page_line_at`] takes: a blank, ASCII
/// punctuation, a digit, `P` or `p`.
#[inline(always)]
fn may_start_page_line(n: u8) -> bool {
    (n.wrapping_sub(0x20) < 0x20) | (n == b'\t') | ((n | 0x20) == b'p')
}

/// Whether the main loop leaves candidate `c` (before `n1`) as it is: a tab,
/// a line break before a line that cannot be a page number, a hyphen
/// before a printable byte.
#[inline(always)]
fn settled_lane(c: u8, n1: u8) -> bool {
    (c == b'\t') | (c == b'\n') & !may_start_page_line(n1) | (c == b'-') & (n1 > b' ')
}

/// The lanes of the sixteen bytes at `c` (after `p1`, after `p2`, before
/// `n1`) that are [`candidate`]s the main loop would not leave as they are
/// ([`settled_lane`]), as bits (0 when none is, told apart first: most
/// blocks have none). The second test is made only on blocks the first
/// one stops at: most of those only have line breaks before a letter or
/// hyphens inside words, and the scan then goes on without a stop.
#[inline(always)]
fn candidates16(c: &[u8; 16], p1: &[u8; 16], p2: &[u8; 16], n1: &[u8; 16], k3: u8) -> u32 {
    let mut m = [false; 16];
    for k in 0..16 {
        m[k] = candidate(c[k], p1[k], p2[k], k3);
    }
    if !m.iter().fold(false, |a, &x| a | x) {
        return 0;
    }
    for k in 0..16 {
        m[k] &= !settled_lane(c[k], n1[k]);
    }
    if !m.iter().fold(false, |a, &x| a | x) {
        return 0;
    }
    // One bit per lane: each 0/1 byte of a half times this constant lands
    // in the top byte, at the bit of its lane.
    const PACK: u64 = 0x0102040810204080;
    let lanes = u128::from_le_bytes(m.map(u8::from));
    let lo = (lanes as u64).wrapping_mul(PACK) >> 56;
    let hi = ((lanes >> 64) as u64).wrapping_mul(PACK) >> 56;
    (lo | hi << 8) as u32
}

/// A block start no index is in sixteen bytes of (its offsets wrap to 16 on).
const NO_BLOCK: usize = usize::MAX - 15;

/// The [`candidate`]s of a text in order. The lanes of the last block of
/// sixteen bytes that had any are kept: the next candidate is most often in
/// the same block, and is then found without looking at it again.
struct Candidates<'a> {
    b: &'a [u8],
    k3: u8,
    /// Where the kept block starts (at first, [`NO_BLOCK`]).
    base: usize,
    /// Its lanes, as [`candidates16`] gives them.
    bits: u32,
}

impl<'a> Candidates<'a> {
    fn new(b: &'a [u8], needs_nfc: bool) -> Self {
        Candidates {
            b,
            k3: left_out_lead(needs_nfc),
            base: NO_BLOCK,
            bits: 0,
        }
    }

    /// The first candidate at or after `i` (a character boundary; never
    /// before the previous answer).
    fn next_from(&mut self, mut i: usize) -> Option<usize> {
        let (b, k3) = (self.b, self.k3);
        let off = i.wrapping_sub(self.base);
        if off < 16 {
            let m = self.bits & (u32::MAX << off);
            if m != 0 {
                return Some(self.base + m.trailing_zeros() as usize);
            }
            i = self.base + 16;
        }
        // The first two bytes have no two bytes before them: a line break
        // stands for what is not there (never a letter, never a space).
        while i < 2 {
            let c = *b.get(i)?;
            let p1 = if i == 1 { b[0] } else { b'\n' };
            if candidate(c, p1, b'\n', k3) {
                return Some(i);
            }
            i += 1;
        }
        while let Some(w) = b.get(i - 2..i + 17) {
            // Copied into arrays, the three blocks are three plain loads.
            let block = |o: usize| {
                let mut a = [0u8; 16];
                a.copy_from_slice(&w[o..o + 16]);
                a
            };
            let m = candidates16(&block(2), &block(1), &block(0), &block(3), k3);
            if m != 0 {
                self.base = i;
                self.bits = m;
                return Some(i + m.trailing_zeros() as usize);
            }
            i += 16;
        }
        (i..b.len()).find(|&k| candidate(b[k], b[k - 1], b[k - 2], k3))
    }
}

/// Cheap test before `PAGE_LINE`: a page number line starts, after blanks,
/// with `-`, a digit, `P`/`p` or `(`.
fn may_be_page_line(line: &str) -> bool {
    line.bytes()
        .find(|&b| b != b' ' && b != b'\t')
        .is_some_and(|b| matches!(b, b'-' | b'0'..=b'9' | b'P' | b'p' | b'('))
}

/// Whether `s` may not be NFC: `is_nfc_quick(s) != Yes`, asked only of the
/// runs of characters from U+0300 on. Every character below U+0300 (ASCII,
/// Latin-1, Latin Extended) is NFC and has combining class 0, which is also
/// the state `is_nfc_quick` starts from; so a run can be checked on its own,
/// and the French letters, most of the text, are skipped byte by byte.
fn needs_nfc_text(s: &str) -> bool {
    let b = s.as_bytes();
    // Lead bytes from 0xCC on start characters from U+0300 on; the others
    // are ASCII, continuation bytes or characters below U+0300.
    let mut i = 0;
    while i < b.len() {
        // 64 bytes at a time (the compiler vectorizes the maximum); then
        // straight to the byte that stopped it.
        if let Some(chunk) = b.get(i..i + 64) {
            if chunk.iter().fold(0, |m, &c| m.max(c)) < 0xCC {
                i += 64;
                continue;
            }
        }
        match b[i..].iter().position(|&c| c >= 0xCC) {
            Some(k) => i += k,
            None => break,
        }
        let start = i;
        i = nfc_run_end(b, i);
        if !run_is_nfc(s, start, i) {
            return true;
        }
    }
    false
}

/// The end of the run of characters from U+0300 on that starts at `i`.
fn nfc_run_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] >= 0xCC {
        i += utf8_len(b[i]);
    }
    i
}

/// Whether `is_nfc_quick` says yes to the run `s[start..end]`.
fn run_is_nfc(s: &str, start: usize, end: usize) -> bool {
    let run = s.get(start..end).unwrap_or(&s[start..]);
    unicode_normalization::is_nfc_quick(run.chars()) == IsNormalized::Yes
}

/// Rewrites what starts at `i`; returns the number of source bytes consumed,
/// or 0 when the byte is to be copied as it is.
fn handle(src: &str, i: usize, w: &mut Writer<'_>, needs_nfc: bool) -> usize {
    let bytes = src.as_bytes();
    let b = bytes[i];
    let next = bytes.get(i + 1).copied();
    match b {
        b'\r' => {
            let with = if next == Some(b'\n') { "" } else { "\n" };
            w.replace(i, i + 1, with);
            1
        }
        b'\n' => 0,
        b'*' if next == Some(b'*') => {
            w.replace(i, i + 2, "");
            2
        }
        b'^' if next == Some(b'{') => {
            let close = bytes[i + 2..].iter().take(12).position(|&c| c == b'}');
            match close {
                Some(k) => {
                    // The inner text is copied as it is.
                    w.skip(&bytes[i + 2..i + 2 + k]);
                    w.replace(i, i + 2, "");
                    w.replace(i + 2 + k, i + 3 + k, "");
                    k + 3
                }
                None => 0,
            }
        }
        b'<' => tag(src, i, w),
        b'-' => hyphen(src, i, w),
        b' ' => space(src, i, w),
        b',' => comma(src, i, w),
        0x80.. => {
            let c = src[i..].chars().next().unwrap_or('\u{fffd}');
            let len = c.len_utf8();
            if needs_nfc {
                let consumed = nfc_cluster(src, i, w);
                if consumed > 0 {
                    return consumed;
                }
            }
            match simple_char(c) {
                None => 0,
                Some(with) => {
                    w.replace(i, i + len, with);
                    len
                }
            }
        }
        // Other control characters (tab excluded by the table).
        0x0c => {
            w.replace(i, i + 1, "\n");
            1
        }
        _ => {
            w.replace(i, i + 1, " ");
            1
        }
    }
}

/// A tag of the converters (`<p>`, `</td>`, `<br/>`…) at `i` becomes what
/// stands for it; returns the bytes consumed (0 when there is no tag).
fn tag(src: &str, i: usize, w: &mut Writer<'_>) -> usize {
    let bytes = src.as_bytes();
    let closing = bytes.get(i + 1) == Some(&b'/');
    let name_start = i + 1 + usize::from(closing);
    // Every tag name starts with one of these letters, or with `ſ` (0xC5
    // 0xBF), which the case-insensitive pattern takes for an `s`: a `<`
    // before anything else (`3 < 4`) is settled without the regex.
    if !bytes
        .get(name_start)
        .is_some_and(|b| b"pibuesoltdPIBUESOLTD\xC5".contains(b))
    {
        return 0;
    }
    // The name ends at a word boundary and is made of ASCII letters (and
    // `ſ`): it is the run of letters after `<` or `</`, what the pattern's
    // second group holds. A run cut short by `ſ` is empty (`ſ` stands for
    // the `s` that starts strong, span, sup or sub), and these tags stand
    // for nothing either way.
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let name_end = name_start + name_len;
    let name = &bytes[name_start..name_end];
    // The commonest tags (`<p>`, `</i>`, `<br/>`) end right after their
    // name: the pattern matches them exactly when the name is one of its
    // names, and the regex is left for the others (`find`, much cheaper
    // than `captures`).
    let all = if bytes.get(name_end) == Some(&b'>') {
        if !is_tag_name(name) {
            return 0;
        }
        name_end + 1 - i
    } else if bytes.get(name_end..name_end + 2) == Some(b"/>") {
        if !is_tag_name(name) {
            return 0;
        }
        name_end + 2 - i
    } else {
        match TAG.find(&src[i..floor_char(src, i + TAG_MAX)]) {
            Some(m) => {
                w.skip(&bytes[i..i + m.len()]);
                m.len()
            }
            None => return 0,
        }
    };
    let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
    let with = if (is("td") || is("th")) && closing {
        "\t"
    } else if is("tr") && closing || is("br") {
        "\n"
    } else if ["p", "li", "div", "ul", "ol", "table"].into_iter().any(is) && closing
        || is("li") && !closing
    {
        " "
    } else {
        ""
    };
    w.replace(i, i + all, with);
    all
}

/// Is `name` one of the tag names of `TAG` (in any case)?
fn is_tag_name(name: &[u8]) -> bool {
    [
        "p", "i", "b", "u", "em", "strong", "ul", "ol", "li", "br", "td", "th", "tr", "table",
        "tbody", "thead", "span", "div", "sup", "sub",
    ]
    .iter()
    .any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
}

/// Composes the character at `i` with the combining marks after it, when
/// that changes anything; returns the bytes consumed (0 when nothing
/// changed).
fn nfc_cluster(src: &str, i: usize, w: &mut Writer<'_>) -> usize {
    let Some(first) = src[i..].chars().next() else {
        return 0;
    };
    let mut end = i + first.len_utf8();
    for m in src[end..].chars() {
        if canonical_combining_class(m) != 0 || is_composing_jamo(m) {
            end += m.len_utf8();
        } else {
            break;
        }
    }
    let cluster = &src[i..end];
    if end == i + first.len_utf8()
        && unicode_normalization::is_nfc_quick(cluster.chars()) == IsNormalized::Yes
    {
        return 0;
    }
    let mut composed = String::with_capacity(cluster.len());
    for c in cluster.nfc() {
        match simple_char(c) {
            Some(s) => composed.push_str(s),
            None => composed.push(c),
        }
    }
    w.replace(i, end, &composed);
    end - i
}

fn is_composing_jamo(c: char) -> bool {
    ('\u{1160}'..='\u{11ff}').contains(&c)
}

/// The one-character rewrites; `None` keeps the character.
fn simple_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2000}'..='\u{200a}' | '\u{3000}' => " ",
        '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{00b4}' | '\u{2032}' | '\u{201b}' => "'",
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{00ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => "",
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{2028}' | '\u{2029}' | '\u{85}' => "\n",
        '\u{80}'..='\u{9f}' => " ",
        _ => return None,
    })
}

/// `-` at a line end joins the line with the next one: a word cut by
/// hyphenation loses its hyphen (`délibé-\nration`), a compound keeps it
/// (`DESCAMPS-\nPLOUVIER`, `Jean-\nClaude`).
fn hyphen(src: &str, i: usize, w: &mut Writer<'_>) -> usize {
    let bytes = src.as_bytes();
    let mut j = i + 1;
    while j < bytes.len() && bytes[j] == b' ' {
        j += 1;
    }
    let nl = if bytes.get(j) == Some(&b'\n') {
        1
    } else if bytes.get(j) == Some(&b'\r') && bytes.get(j + 1) == Some(&b'\n') {
        2
    } else {
        return 0;
    };
    let after = j + nl;
    let Some(next) = src[after..].chars().next() else {
        return 0;
    };
    let Some(prev) = src[..i].chars().next_back() else {
        return 0;
    };
    if !prev.is_alphabetic() || !next.is_alphabetic() {
        return 0;
    }
    if prev.is_lowercase() && next.is_lowercase() {
        w.replace(i, after, "");
    } else {
        w.replace(i, after, "-");
    }
    after - i
}

/// The spaces before a comma are dropped (at a line start, all but one). Looked
/// at from the comma: from each space, looking ahead to the end of its run
/// would be quadratic on a long run of spaces.
fn comma(src: &str, i: usize, w: &mut Writer<'_>) -> usize {
    let bytes = src.as_bytes();
    let k = bytes[w.run..i]
        .iter()
        .rposition(|&b| b != b' ')
        .map_or(w.run, |p| w.run + p + 1);
    if k < i {
        // At a line start the first space stays (an indent), the others go.
        let k = if k > 0 && bytes[k - 1] == b'\n' {
            k + 1
        } else {
            k
        };
        if k < i {
            w.replace(k, i, "");
        }
    }
    // The comma itself stays in the bulk copy.
    0
}

/// A space left where a host dropped an apostrophe (`l Hôtel`, `s est`,
/// `qu il`) becomes the apostrophe again.
fn space(src: &str, i: usize, w: &mut Writer<'_>) -> usize {
    let bytes = src.as_bytes();
    if bytes.get(i + 1).is_some_and(|&b| b != b' ')
        && elided_before(bytes, i)
        && starts_with_vowel(&src[i + 1..])
    {
        w.replace(i, i + 1, "'");
        return 1;
    }
    0
}

/// Is the word ending at `i` an elidable word (`l`, `d`, `s`, `n`, `j`, `c`,
/// `m`, `t`, `qu`, `jusqu`, `lorsqu`, `puisqu`) standing alone?
fn elided_before(bytes: &[u8], i: usize) -> bool {
    let word_start = bytes[..i]
        .iter()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |k| k + 1);
    if word_start > 0 {
        // Preceded by a letter outside ASCII (é…) or a digit: not a lone word.
        let p = bytes[word_start - 1];
        if p >= 0x80 || p.is_ascii_digit() || p == b'.' || p == b'\'' || p == b'-' {
            return false;
        }
        // « 100 m au nord »: a unit after a number.
        let before = bytes[..word_start].iter().rev().find(|b| **b != b' ');
        if before.is_some_and(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    matches!(
        &bytes[word_start..i],
        b"l" | b"d"
            | b"s"
            | b"n"
            | b"j"
            | b"c"
            | b"m"
            | b"t"
            | b"qu"
            | b"jusqu"
            | b"lorsqu"
            | b"puisqu"
    )
}

fn starts_with_vowel(s: &str) -> bool {
    s.chars().next().is_some_and(|c| {
        matches!(
            c,
            'a' | 'e'
                | 'i'
                | 'o'
                | 'u'
                | 'y'
                | 'h'
                | 'A'
                | 'E'
                | 'I'
                | 'O'
                | 'U'
                | 'Y'
                | 'H'
                | 'é'
                | 'è'
                | 'ê'
                | 'à'
                | 'â'
                | 'î'
                | 'ô'
                | 'û'
                | 'É'
                | 'È'
                | 'Ê'
                | 'À'
                | 'Â'
                | 'Î'
                | 'Ô'
                | 'Û'
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte loop `normalize` was before it skipped sixteen bytes at a
    /// time: the reference its fast path is checked against.
    fn normalize_bytewise(src: &str) -> Normalized {
        let needs_nfc = needs_nfc_text(src);
        let bytes = src.as_bytes();
        let mut w = Writer {
            src,
            out: String::with_capacity(src.len()),
            map: OffsetMap::builder(),
            run: 0,
            skipped_high: false,
        };
        let mut i = 0;
        let mut line_start = true;
        'bytes: while i < bytes.len() {
            if line_start {
                line_start = false;
                // Only a short line can be a page number: look for its end no
                // further than that (a line start made by a rewritten form feed
                // has no line break ahead, and searching to the end of the text
                // from each would be quadratic).
                let window = &bytes[i..(i + PAGE_LINE_MAX).min(bytes.len())];
                let end = match memchr::memchr(b'\n', window) {
                    Some(k) => Some(i + k),
                    None if bytes.len() - i < PAGE_LINE_MAX => Some(bytes.len()),
                    None => None,
                };
                let page_line = end.filter(|&e| {
                    let line = &src[i..e];
                    may_be_page_line(line) && PAGE_LINE.is_match(line)
                });
                if let Some(end) = page_line {
                    let stop = if end < bytes.len() { end + 1 } else { end };
                    w.replace(i, stop, "");
                    i = stop;
                    line_start = true;
                    continue;
                }
            }
            // Bytes never rewritten (letters, digits, most punctuation) are
            // skipped in a tight loop.
            while !INTERESTING[bytes[i] as usize] {
                i += 1;
                if i == bytes.len() {
                    break 'bytes;
                }
            }
            let b = bytes[i];
            // The commonest interesting bytes, settled without a call: a space
            // that cannot follow an elided word, a comma after no space, and (in
            // text that is NFC) the
            // Latin-1 letters é, à, ç… (lead byte 0xC3), never rewritten.
            if b == b' ' && !may_follow_elision(bytes, i) {
                i += 1;
                continue;
            }
            if b == b',' && (i == 0 || bytes[i - 1] != b' ') {
                i += 1;
                continue;
            }
            if b == 0xC3 && !needs_nfc {
                i += 2;
                continue;
            }
            if needs_nfc && b >= 0x80 {
                // A combining mark composes with the character before it: start
                // the cluster there when that character was copied as it is.
                let c = src[i..].chars().next().unwrap_or(' ');
                if canonical_combining_class(c) != 0 {
                    if let Some(prev) = src[..i].chars().next_back() {
                        let p = i - prev.len_utf8();
                        if p >= w.run {
                            let consumed = nfc_cluster(src, p, &mut w);
                            if consumed > 0 {
                                i = p + consumed;
                                continue;
                            }
                        }
                    }
                }
            }
            let consumed = handle(src, i, &mut w, needs_nfc);
            if consumed == 0 {
                // Not rewritten: leave the byte in the bulk copy.
                let len = utf8_len(b);
                if b == b'\n' {
                    line_start = true;
                }
                i += len;
            } else {
                if src.as_bytes()[i + consumed - 1] == b'\n' || w.out.ends_with('\n') {
                    line_start = true;
                }
                i += consumed;
            }
        }
        w.flush(src.len());
        let len = w.out.len();
        Normalized {
            text: w.out,
            map: w.map.finish(len, src.len()),
        }
    }

    fn n(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn spaces_quotes_dashes() {
        assert_eq!(n("20\u{a0}000\u{202f}€"), "20 000 €");
        assert_eq!(
            n("l\u{2019}Hôtel \u{201c}x\u{201d} a \u{2013} b"),
            "l'Hôtel \"x\" a - b"
        );
        assert_eq!(n("a\u{ad}b\u{200b}c"), "abc");
        assert_eq!(n("ﬁche"), "fiche");
    }

    #[test]
    fn markup_from_converters() {
        assert_eq!(n("**DELIBERATION**"), "DELIBERATION");
        assert_eq!(n("Article 1^{er} et 2^{ème}"), "Article 1er et 2ème");
        assert_eq!(
            n("<p>Les rencontres</p> <p>Animées</p>"),
            "Les rencontres  Animées "
        );
        assert_eq!(n("<tr><td>a</td><td>b</td></tr>"), "a\tb\t\n");
        assert_eq!(n("<i>x</i> 3 < 4"), "x 3 < 4");
        // The longest tag still fits the window the tag pattern is given.
        let long = format!("<span {}>x", "\u{1f600}".repeat(299));
        assert_eq!(n(&long), "x");
        assert_eq!(n("<pétition> <p>"), "<pétition> ");
        assert_eq!(n("<ſpan>x</ſtrong><P>y</TD> 3 < 4"), "xy\t 3 < 4");
        assert_eq!(
            n("a<br/>b<BR>c<br />d</LI><pp>e<tbody><thead>"),
            "a\nb\nc\nd <pp>e"
        );
    }

    #[test]
    fn hyphenation_and_lines() {
        assert_eq!(n("la délibé-\nration"), "la délibération");
        assert_eq!(n("DESCAMPS-\nPLOUVIER"), "DESCAMPS-PLOUVIER");
        assert_eq!(n("Jean-\r\nClaude"), "Jean-Claude");
        assert_eq!(n("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(n("texte\n1/4\nsuite\n- 3 -\nfin"), "texte\nsuite\nfin");
    }

    #[test]
    fn host_damage() {
        assert_eq!(n("s est réuni à l Hôtel"), "s'est réuni à l'Hôtel");
        assert_eq!(n("LEROY , Mme DUPONT ,M. X"), "LEROY, Mme DUPONT,M. X");
        assert_eq!(n("Mme GARENAUX L (arrivée)"), "Mme GARENAUX L (arrivée)");
        assert_eq!(n("100 m au nord"), "100 m au nord");
    }

    #[test]
    fn nfc_only_when_needed() {
        assert_eq!(n("Ce\u{301}re\u{301}da"), "Céréda");
        let src = "Ce\u{301}re\u{301}da X";
        let out = normalize(src);
        let x = out.text.find('X').unwrap();
        assert_eq!(&src[out.map.to_source(x)..], "X");
    }

    #[test]
    fn nfc_check_by_runs_is_the_quick_check() {
        for s in [
            "",
            "Réunion à l'Hôtel ’ « »",
            "Ce\u{301}re\u{301}da",
            "a\u{301}\u{316}",
            "a\u{316}\u{301}",
            "ǅ\u{301} Ω \u{212b} \u{340}x",
            "한국 \u{1100}\u{1161} ﬁ",
            "\u{2126}",
            "x\u{0f73}y",
        ] {
            let quick = unicode_normalization::is_nfc_quick(s.chars()) != IsNormalized::Yes;
            assert_eq!(needs_nfc_text(s), quick, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn nfc_check_by_runs_on_any_text(s in "[a-zé\u{300}-\u{36f}\u{1100}-\u{11ff}\u{ac00}-\u{ac10}\u{0f70}-\u{0f80}\\PC]{0,40}") {
            let quick = unicode_normalization::is_nfc_quick(s.chars()) != IsNormalized::Yes;
            proptest::prop_assert_eq!(needs_nfc_text(&s), quick);
        }
    }

    /// Pieces of French text as converters and hosts leave it: words,
    /// elisions with their apostrophe dropped, NBSP, quotes, tags, `^{`,
    /// hyphenated line ends, page number lines, spaces before commas,
    /// control characters; `marks` adds combining marks and jamo (text that
    /// needs NFC).
    fn french(marks: bool) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let pieces = pieces(marks);
        proptest::collection::vec(proptest::sample::select(pieces), 0..80).prop_map(|v| v.concat())
    }

    /// The pieces [`french`] puts together.
    fn pieces(marks: bool) -> Vec<&'static str> {
        let mut pieces = vec![
            "l",
            "d",
            "s",
            "n",
            "j",
            "c",
            "m",
            "t",
            "qu",
            "jusqu",
            "lorsqu",
            "a",
            "y",
            "L",
            "x",
            "q",
            "u",
            " ",
            " ",
            " ",
            "  ",
            "   ",
            "Hôtel",
            "est",
            "il",
            "Département",
            "délibé",
            "ration",
            "é",
            "à",
            "ç",
            "É",
            "ô",
            "ſ",
            "1",
            "12",
            "100 m",
            "au",
            "\u{a0}",
            "\u{202f}",
            "\u{2019}",
            "\u{2013}",
            "«",
            "»",
            "\u{201c}",
            "ﬁ",
            "\u{ad}",
            "\u{200b}",
            "\u{feff}",
            "\u{85}",
            "\u{2028}",
            "\u{1}",
            "\0",
            "\u{b}",
            "<p>",
            "</p>",
            "<br/>",
            "</td>",
            "<tr>",
            "</tr>",
            "<li>",
            "</LI>",
            "<pétition>",
            "<ſpan>",
            "</ſtrong >",
            "<",
            ">",
            "/",
            "<pp>",
            "<BR />",
            "<tbody>",
            "<thead>",
            "<b",
            "</i",
            "<em class=x>",
            "<u/>",
            "^{er}",
            "^{ème}",
            "^{",
            "^",
            "}",
            "-",
            "-\n",
            "- \n",
            "-\r\n",
            "\n",
            "\n",
            "\r\n",
            "\r",
            "\x0c",
            "\t",
            "\n1/4\n",
            "\n- 3 -\n",
            "\nPage 2 sur 4\n",
            "\n  (2)  \n",
            "\n12",
            "Page",
            "(",
            ")",
            ",",
            " ,",
            "  ,",
            "**",
            "*",
            ".",
            "'",
            "LEROY",
            "Mme",
            "DESCAMPS",
            "😀",
            "+",
            "a+b",
            "2023-03",
            "-1",
            "x,y",
            "\t-\n",
            "\t,",
            "\n\n",
            "\n+",
            "Le ",
            "qu'",
            "’",
        ];
        if marks {
            pieces.extend([
                "e\u{301}",
                "\u{301}",
                "\u{316}",
                "\u{300}",
                "\u{327}",
                "\u{1100}\u{1161}",
                "\u{1161}",
                "한",
                "\u{0f73}",
                "\u{212b}",
                "<em \u{301}>",
                "<p title=\"e\u{301}\">",
                "^{e\u{301}}",
                "é\u{1161}",
                "’\u{316}",
            ]);
        }
        pieces
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn fast_path_is_the_byte_loop(s in french(false)) {
            let (fast, slow) = (normalize(&s), normalize_bytewise(&s));
            proptest::prop_assert_eq!(&fast.text, &slow.text);
            proptest::prop_assert_eq!(&fast.map, &slow.map);
        }

        #[test]
        fn fast_path_is_the_byte_loop_on_text_to_compose(s in french(true)) {
            let (fast, slow) = (normalize(&s), normalize_bytewise(&s));
            proptest::prop_assert_eq!(&fast.text, &slow.text);
            proptest::prop_assert_eq!(&fast.map, &slow.map);
        }

        #[test]
        fn fast_path_is_the_byte_loop_on_any_text(s in "[a-z lqu,\n\\-<>^{}é\u{300}\u{a0}\\PC]{0,60}") {
            let (fast, slow) = (normalize(&s), normalize_bytewise(&s));
            proptest::prop_assert_eq!(&fast.text, &slow.text);
            proptest::prop_assert_eq!(&fast.map, &slow.map);
        }
    }

    /// Long French-like texts, mostly prose (so that the blocks of sixteen
    /// bytes and the lanes kept between candidates are exercised), with the
    /// pieces of [`french`] here and there; one in three gets one piece to
    /// compose somewhere, most often far from the start.
    #[test]
    fn fast_path_is_the_byte_loop_on_long_texts() {
        const PROSE: [&str; 16] = [
            "délibération ",
            "de la ",
            "à l'",
            "le ",
            "les ",
            "Département ",
            "est ",
            "il a ",
            "qu il ",
            "l Hôtel ",
            "du Pas-de-Calais, ",
            "20\u{a0}000\u{202f}€ ",
            "« aide » ",
            "Mme LEROY , ",
            "ŒUVRE cœur ",
            "d’un ",
        ];
        let plain = pieces(false);
        let to_compose = pieces(true).split_off(plain.len());
        let mut next = crate::text::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut pick = |n: usize| (next() % n as u64) as usize;
        for round in 0..400 {
            let mut s = String::new();
            for _ in 0..pick(1500) {
                if pick(4) == 0 {
                    s.push_str(plain[pick(plain.len())]);
                } else {
                    s.push_str(PROSE[pick(PROSE.len())]);
                }
            }
            if round % 3 == 0 {
                let mut at = pick(s.len() + 1);
                while !s.is_char_boundary(at) {
                    at -= 1;
                }
                s.insert_str(at, to_compose[pick(to_compose.len())]);
            }
            let (fast, slow) = (normalize(&s), normalize_bytewise(&s));
            assert_eq!(fast.text, slow.text, "{s:?}");
            assert_eq!(fast.map, slow.map, "{s:?}");
        }
    }

    #[test]
    fn offsets_point_back_to_the_source() {
        let src = "**Vu** le\u{a0}code ,  art. 1^{er}\r\nSuite";
        let out = normalize(src);
        for word in ["Vu", "le", "code", "art", "Suite"] {
            let at = out.text.find(word).unwrap();
            let s = out.map.to_source(at);
            let e = out.map.to_source_end(at + word.len());
            assert_eq!(&src[s..e], word);
        }
    }
}
