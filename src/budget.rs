//! Budget imputation tables: a header row naming the columns (« Code
//! Opération | Imputation Budgétaire | Libellé Opération | AE € | Dépense
//! € »), then one line per operation; and imputations stated in a sentence
//! (« 18 500 € imputée sur le chapitre 65, article 6574, fonction 58 »).
//!
//! A table reaches us in many shapes, each read by its own pass:
//! - rows of cells separated by tabs (also what HTML `<td>` becomes), by `|`
//!   (Markdown), or by runs of two spaces or more (`pdftotext -layout`),
//!   never by a single space, since « 375 000,00 » holds spaces; layout
//!   cells are matched to the header by their horizontal position;
//! - a table flattened one cell per paragraph (blank-line separated blocks,
//!   a cell possibly wrapped over several lines);
//! - a table flattened to one line, header and rows run together.
//!
//! « Total » rows are kept apart (never counted as lines). Imputations are
//! decoded per the M52/M57 nomenclatures where the code leaves no doubt, and
//! left `null` otherwise. Whatever cannot be read with certainty is left out
//! with a diagnostic rather than guessed.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem;
use regex::Regex;
use rust_decimal::Decimal;

use crate::model::{AmountKind, BudgetAmount, BudgetLine, BudgetSection, Diagnostic};
use crate::money::{Money, find_amounts, parse_cell};
use crate::text::{Text, collapse};

/// Budget lines and « Total » rows found in a part of a deliberation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Budget {
    /// One entry per table row or imputation sentence.
    pub lines: Vec<BudgetLine>,
    /// « Total » rows, kept apart so that they are never counted as lines.
    pub totals: Vec<BudgetLine>,
    /// Where the tables are, as ranges of the normalized text, so that the
    /// articles' text can leave them out.
    pub tables: Vec<Range<usize>>,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Operation,
    Imputation,
    Label,
    Chapter,
    Nature,
    Function,
    Amount(AmountKind),
    /// A column we recognise as a header (« code activité », « Actions »)
    /// but do not report.
    Known,
    Ignored,
}

impl Column {
    fn is_id(self) -> bool {
        matches!(
            self,
            Column::Imputation | Column::Operation | Column::Nature | Column::Chapter
        )
    }
}

/// Header words of columns we recognise without reporting them.
const KNOWN_HEADERS: &[&str] = &[
    "ACTION",
    "ACTIONS",
    "ACTIVITE",
    "CODE",
    "PROGRAMME",
    "BENEFICIAIRE",
    "BENEFICIAIRES",
    "TIERS",
    "COMMUNE",
    "ORGANISME",
    "DOSSIER",
    "EXERCICE",
    "ANNEE",
    "SECTION",
    "SERVICE",
];

/// The words `column_kind` looks for in a folded header, as bytes; their
/// index is their bit in [`header_words`]' masks.
const HEADER_WORDS: [&[u8]; 26] = [
    b"IMPUTATION",
    b"OPERATION",
    b"CODE",
    b"N ",
    "N°".as_bytes(),
    b"LIBELLE",
    b"INTITULE",
    b"OBJET",
    b"DOMAINE FONCTIONNEL",
    b"DISPONIBLE",
    b"PROPOSITION",
    b"PROPOSE",
    b"SOLDE",
    b"RESTE",
    b"DEPENSE",
    b"MONTANT",
    b"SUBVENTION",
    b"AP",
    b"AUTORISATION DE PROGRAMME",
    b"AE",
    b"AUTORISATION D ENGAGEMENT",
    b"CP",
    b"CREDITS DE PAIEMENT",
    b"CREDITS",
    b"ENGAGE",
    b"VOTE",
];

/// The bit of `w`, one of [`HEADER_WORDS`], in [`header_words`]' masks
/// (used in `const` blocks: a word not in the list fails to compile).
const fn bit(w: &[u8]) -> u32 {
    let mut k = 0;
    while k < HEADER_WORDS.len() {
        let h = HEADER_WORDS[k];
        if h.len() == w.len() {
            let mut i = 0;
            while i < w.len() && h[i] == w[i] {
                i += 1;
            }
            if i == w.len() {
                return 1 << k;
            }
        }
        k += 1;
    }
    panic!("not a header word")
}

/// Which of [`HEADER_WORDS`] occur in `hb` (a folded header), and which
/// occur as words (a space or an end on either side), as bit masks, found
/// in one pass: searching for each word in turn cost ~25 searches per cell,
/// slow ones in prose cells, where two-letter words (« N », « AP ») are
/// everywhere.
fn header_words(hb: &[u8]) -> (u32, u32) {
    /// The words of [`HEADER_WORDS`] whose byte `pos` is each byte value,
    /// or that are shorter (any byte may follow them).
    const fn masks(pos: usize) -> [u32; 256] {
        let mut t = [0u32; 256];
        let mut k = 0;
        while k < HEADER_WORDS.len() {
            let w = HEADER_WORDS[k];
            if pos < w.len() {
                t[w[pos] as usize] |= 1 << k;
            } else {
                let mut b = 0;
                while b < 256 {
                    t[b] |= 1 << k;
                    b += 1;
                }
            }
            k += 1;
        }
        t
    }
    /// The words of two bytes.
    const SHORT: u32 = {
        let mut m = 0;
        let mut k = 0;
        while k < HEADER_WORDS.len() {
            if HEADER_WORDS[k].len() == 2 {
                m |= 1 << k;
            }
            k += 1;
        }
        m
    };
    // Every word has two bytes at least: the first three bytes at a
    // position settle nearly all of them with three look-ups, where the
    // common letters of prose cells would start many comparisons.
    static FIRST: [u32; 256] = masks(0);
    static SECOND: [u32; 256] = masks(1);
    static THIRD: [u32; 256] = masks(2);
    let (mut any, mut word) = (0u32, 0u32);
    for (i, pair) in hb.windows(2).enumerate() {
        let mut m = FIRST[usize::from(pair[0])] & SECOND[usize::from(pair[1])];
        if m == 0 {
            continue;
        }
        m &= hb.get(i + 2).map_or(SHORT, |&b| THIRD[usize::from(b)]);
        while m != 0 {
            let k = m.trailing_zeros() as usize;
            m &= m - 1;
            let w = HEADER_WORDS[k];
            let rest = &hb[i..];
            if rest.starts_with(w) {
                any |= 1 << k;
                if (i == 0 || hb[i - 1] == b' ') && rest.get(w.len()).is_none_or(|&b| b == b' ') {
                    word |= 1 << k;
                }
            }
        }
    }
    (any, word)
}

/// [`quick_fold_into`] a new vector.
#[cfg(test)]
fn quick_fold(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    quick_fold_into(s, &mut out).then_some(out)
}

/// `departements::fold(s)`, as bytes, appended to `out`, when `s` holds
/// only ASCII and the characters outside it that French text is made of
/// (accented letters, quotes, no-break spaces, €…), whose fold is known
/// here; `false` (`out` partly written) for any other. ASCII runs are
/// copied and capitalised at once, where `fold` writes a character at a
/// time: headers are read by their fold, and prose cells of a kilobyte are
/// asked whether they are headers.
fn quick_fold_into(s: &str, out: &mut Vec<u8>) -> bool {
    /// The ASCII bytes `fold` writes as themselves (in capitals): neither
    /// separators nor outside ASCII.
    static WORD: [bool; 256] = {
        let sep = crate::text::byte_set(b"-'_ \t\n\r\x0b\x0c");
        let mut t = [false; 256];
        let mut c = 0;
        while c < 0x80 {
            t[c] = !sep[c];
            c += 1;
        }
        t
    };
    let b = s.as_bytes();
    out.reserve(b.len());
    // A space is written before the next word only (not before the first).
    let from = out.len();
    let mut space = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            if !WORD[usize::from(c)] {
                space = out.len() > from;
                i += 1;
                continue;
            }
            if space {
                out.push(b' ');
                space = false;
            }
            // A run of words with one plain space between them folds to
            // itself in capitals: found a byte at a time, copied and
            // capitalised at once (pushing byte by byte cost three times
            // more on the prose cells asked whether they are headers).
            let start = i;
            i += 1;
            loop {
                while b.get(i).is_some_and(|&c| WORD[usize::from(c)]) {
                    i += 1;
                }
                if b.get(i) == Some(&b' ') && b.get(i + 1).is_some_and(|&c| WORD[usize::from(c)]) {
                    i += 2;
                    continue;
                }
                break;
            }
            let at = out.len();
            out.extend_from_slice(&b[start..i]);
            out[at..].make_ascii_uppercase();
            continue;
        }
        // « é », « à »… (U+00C0–U+00FF, after the byte C3): their letter
        // from a table, without decoding them.
        static LATIN1: LazyLock<[u8; 64]> = LazyLock::new(|| {
            std::array::from_fn(|k| {
                char::from_u32(0xC0 + k as u32)
                    .and_then(crate::departements::latin1_base)
                    .unwrap_or(0)
            })
        });
        if c == 0xC3 {
            let l = b.get(i + 1).map_or(0, |&n| LATIN1[usize::from(n & 0x3F)]);
            if l != 0 {
                if space {
                    out.push(b' ');
                    space = false;
                }
                out.push(l);
                i += 2;
                continue;
            }
        }
        let Some(ch) = s.get(i..).and_then(|r| r.chars().next()) else {
            return false;
        };
        i += ch.len_utf8();
        // The accented letters fold as `departements::fold` folds them.
        let base = crate::departements::latin1_base(ch).map(|l| [l]);
        let letter: &[u8] = if let Some(l) = &base {
            l
        } else {
            match ch {
                'œ' | 'Œ' => "Œ".as_bytes(),
                '«' | '»' | '°' | '·' | '€' | '…' | '–' | '—' | '“' | '”' => {
                    &b[i - ch.len_utf8()..i]
                }
                '\u{a0}' | '\u{2009}' | '\u{202f}' | '’' => {
                    space = out.len() > from;
                    continue;
                }
                _ => return false,
            }
        };
        if space {
            out.push(b' ');
            space = false;
        }
        out.extend_from_slice(letter);
    }
    true
}

fn column_kind(header: &str) -> Column {
    thread_local! {
        /// One buffer for every header's fold, rather than an allocation
        /// per cell (most rows asked are prose, a few cells each).
        static FOLDED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    FOLDED.with(|f| match f.try_borrow_mut() {
        Ok(mut h) => {
            h.clear();
            if !quick_fold_into(header, &mut h) {
                h.clear();
                h.extend_from_slice(crate::departements::fold(header).as_bytes());
            }
            kind_of_fold(&h)
        }
        Err(_) => kind_of_fold(crate::departements::fold(header).as_bytes()),
    })
}

/// [`column_kind`] of a header folded (`departements::fold`).
fn kind_of_fold(h: &[u8]) -> Column {
    let (any, word) = header_words(h);
    // Which words occur, given as the `bit`s of any of them.
    let contains = |m: u32| any & m != 0;
    // Which occur as words of `h` (words are separated by single spaces).
    let has = |m: u32| word & m != 0;
    if contains(const { bit(b"IMPUTATION") }) {
        Column::Imputation
    } else if (contains(const { bit(b"OPERATION") })
        && (contains(const { bit(b"CODE") | bit(b"N ") }) || has(const { bit("N°".as_bytes()) })))
        || h.starts_with(b"PROGRAMME")
        || h.starts_with("N° AP".as_bytes())
        || h.starts_with("N° PROGRAMME".as_bytes())
    {
        // AP/CP tables of investment programmes are keyed by the programme.
        Column::Operation
    } else if contains(const { bit(b"LIBELLE") | bit(b"INTITULE") | bit(b"OBJET") }) {
        Column::Label
    } else if contains(const { bit(b"DOMAINE FONCTIONNEL") }) {
        // The État's « N° domaine fonctionnel » (0177-12-06) is its imputation.
        Column::Imputation
    } else if h.starts_with(b"CHAPITRE") {
        Column::Chapter
    } else if h.starts_with(b"NATURE") || h.starts_with(b"COMPTE") {
        Column::Nature
    } else if h.starts_with(b"FONCTION") || h.starts_with(b"SOUS FONCTION") {
        Column::Function
    } else if contains(const { bit(b"DISPONIBLE") }) {
        Column::Amount(AmountKind::Available)
    } else if contains(const { bit(b"PROPOSITION") | bit(b"PROPOSE") }) {
        Column::Amount(AmountKind::Proposed)
    } else if contains(const { bit(b"SOLDE") | bit(b"RESTE") }) {
        Column::Amount(AmountKind::Remaining)
    } else if contains(const { bit(b"DEPENSE") | bit(b"MONTANT") | bit(b"SUBVENTION") }) {
        Column::Amount(AmountKind::Expense)
    } else if has(const { bit(b"AP") }) || contains(const { bit(b"AUTORISATION DE PROGRAMME") }) {
        Column::Amount(AmountKind::ProgramAuthorization)
    } else if has(const { bit(b"AE") }) || contains(const { bit(b"AUTORISATION D ENGAGEMENT") }) {
        Column::Amount(AmountKind::CommitmentAuthorization)
    } else if has(const { bit(b"CP") }) || contains(const { bit(b"CREDITS DE PAIEMENT") }) {
        Column::Amount(AmountKind::PaymentCredit)
    } else if contains(const { bit(b"CREDITS") | bit(b"ENGAGE") | bit(b"VOTE") }) {
        Column::Amount(AmountKind::Other)
    } else if h
        .split(|&b| b == b' ')
        .next()
        .is_some_and(|w| KNOWN_HEADERS.iter().any(|k| k.as_bytes() == w))
    {
        Column::Known
    } else {
        Column::Ignored
    }
}

/// Does `cell` read as an imputation code (`6568/93428`, `65//6574//58`,
/// `0177-12-06`, `933-6574`) rather than words?
fn looks_like_code(cell: &str) -> bool {
    let t = cell.trim();
    let digits = t.bytes().filter(u8::is_ascii_digit).count();
    digits >= 2
        && t.len() <= 40
        && t.chars().all(|c| {
            c.is_ascii_digit() || c.is_ascii_uppercase() || matches!(c, '/' | '-' | '.' | ' ')
        })
        && digits * 2 >= t.chars().filter(|c| !c.is_whitespace()).count()
}

/// A chapter, nature or function cell: digits, maybe one trailing letter.
fn looks_like_account(cell: &str) -> bool {
    static ACCOUNT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[0-9]{1,8}[A-Z]?$").expect("valid regex"));
    ACCOUNT.is_match(cell.trim())
}

/// Is this a « Total » / « Sous-total » / « TOTAL GÉNÉRAL » cell?
fn is_total(cell: &str) -> bool {
    if !fold_may_start_with(cell, b'T') && !fold_may_start_with(cell, b'S') {
        return false;
    }
    let f = crate::departements::fold(cell);
    f.starts_with("TOTAL") || f.starts_with("SOUS TOTAL")
}

/// Could `departements::fold(s)` start with the ASCII capital `first`?
/// `fold` drops leading whitespace, `-`, `'` and `_`, and writes an ASCII
/// character as its capital: a cell starting with another ASCII character
/// is settled without folding it (most cells are read for this, in every
/// table row).
fn fold_may_start_with(s: &str, first: u8) -> bool {
    for &b in s.as_bytes() {
        match b {
            b' ' | b'\t'..=b'\r' | b'-' | b'\'' | b'_' => {}
            0x80.. => return true,
            b => return b.to_ascii_uppercase() == first,
        }
    }
    false
}

// ---------------------------------------------------------------------------
// Rows of cells.

/// How a row's cells are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    Tab,
    Pipe,
    Layout,
}

/// A cell of a row: byte range in the line and character columns (for
/// layout rows only: only a layout header's cells are matched to columns
/// by position, in [`column_at`], and its rows are layout rows).
#[derive(Debug, Clone, Copy)]
struct Cell {
    a: usize,
    b: usize,
    from: usize,
    to: usize,
}

/// What separates layout cells, which [`split_row`] reads by hand.
#[cfg(test)]
static LAYOUT_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ ]{2,}|\t").expect("valid regex"));

/// Splits a row into cells: tabs, pipes, or two spaces or more.
fn split_row(line: &str) -> (Split, Vec<Cell>) {
    // Counting the characters before each cell costs a pass over the line
    // per cell, for long prose lines with a tab too.
    let mk = |a: usize, b: usize| Cell {
        a,
        b,
        from: 0,
        to: 0,
    };
    // The pieces between separators, as `str::split` gives them (with
    // `memchr`'s search, several times faster on the long rows of prose).
    let pieces = |sep: u8| {
        let mut out = Vec::new();
        let mut pos = 0;
        for k in memchr::memchr_iter(sep, line.as_bytes()) {
            out.push(mk(pos, k));
            pos = k + 1;
        }
        out.push(mk(pos, line.len()));
        out
    };
    if line.trim_start().starts_with('|') {
        let mut out = pieces(b'|');
        // Drop the empty cells before the first and after the last pipe.
        if out
            .first()
            .is_some_and(|c| line[c.a..c.b].trim().is_empty())
        {
            out.remove(0);
        }
        if out.last().is_some_and(|c| line[c.a..c.b].trim().is_empty()) {
            out.pop();
        }
        return (Split::Pipe, out);
    }
    if memchr::memchr(b'\t', line.as_bytes()).is_some() {
        let mut out = pieces(b'\t');
        // HTML rows end with a tab (one per `</td>`): no cell follows it.
        while out.len() > 1 && out.last().is_some_and(|c| line[c.a..c.b].trim().is_empty()) {
            out.pop();
        }
        return (Split::Tab, out);
    }
    // Without a tab, [`LAYOUT_SPLIT`] matches the runs of two spaces or
    // more: each found from the first two, its characters counted once
    // (from where the last count stopped) for the cells' columns.
    static TWO_SPACES: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new("  "));
    let b = line.as_bytes();
    let (mut counted, mut chars) = (0, 0);
    let mut col = |at: usize| {
        chars += line.get(counted..at).map_or(0, |p| p.chars().count());
        counted = at;
        chars
    };
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(k) = TWO_SPACES.find(&b[pos..]) {
        let start = pos + k;
        let end = start + b[start..].iter().take_while(|&&c| c == b' ').count();
        if start > pos {
            let (from, to) = (col(pos), col(start));
            out.push(Cell {
                a: pos,
                b: start,
                from,
                to,
            });
        }
        pos = end;
    }
    if pos < line.len() {
        let (from, to) = (col(pos), col(line.len()));
        out.push(Cell {
            a: pos,
            b: line.len(),
            from,
            to,
        });
    }
    out.retain(|c| !line[c.a..c.b].trim().is_empty());
    (Split::Layout, out)
}

/// A column of a header row.
#[derive(Debug, Clone)]
struct HeadCol {
    kind: Column,
    name: String,
    from: usize,
    to: usize,
}

#[derive(Debug, Clone)]
struct Header {
    split: Split,
    cols: Vec<HeadCol>,
}

/// The longest cell, in bytes, that may name a column in a row read by
/// [`header_of`]: twice a long header cell (« Montant de la subvention
/// proposée au titre de l'exercice (en euros) »). No header of the corpus
/// or the fixtures changes even with a cap of 30.
const MAX_HEADER_CELL: usize = 200;

/// The header a row of cells forms, if it is one: at least one amount column
/// and one identifying column, and no amount in any cell.
fn header_of(split: Split, line: &str, cells: &[Cell]) -> Option<Header> {
    if cells.len() < 2 {
        return None;
    }
    // Half the columns at least must be known, one an amount and another
    // an identifying one. What is settled depends only on how many columns
    // are of each kind, not on their order: the cells are read shortest
    // first (`column_kind` folds the whole cell, and a prose line with runs
    // of spaces has cells of a kilobyte), and the row is settled as soon as
    // too many are not known, or too few cells are left to name the
    // missing amount and identifying columns (one cell names one kind).
    let n = cells.len();
    // On the stack for the rows of a few cells that most are (most rows
    // asked are prose and settled at once).
    let (mut order_small, mut kinds_small) = ([0usize; 16], [Column::Ignored; 16]);
    let (mut order_big, mut kinds_big) = (Vec::new(), Vec::new());
    let (order, kinds) = if n <= 16 {
        (&mut order_small[..n], &mut kinds_small[..n])
    } else {
        order_big.resize(n, 0);
        kinds_big.resize(n, Column::Ignored);
        (&mut order_big[..], &mut kinds_big[..])
    };
    for (k, o) in order.iter_mut().enumerate() {
        *o = k;
    }
    order.sort_by_key(|&i| cells[i].b - cells[i].a);
    let (mut ignored, mut amount, mut id) = (0, false, false);
    for (read, &i) in order.iter().enumerate() {
        let c = &cells[i];
        // A header cell names a column in a few words; a longer one is
        // prose split at a run of spaces, whose fold costs most of a
        // deliberation's budget reading and names nothing.
        let kind = if c.b - c.a > MAX_HEADER_CELL {
            Column::Ignored
        } else {
            column_kind(line[c.a..c.b].trim())
        };
        ignored += usize::from(kind == Column::Ignored);
        amount |= matches!(kind, Column::Amount(_));
        id |= kind.is_id();
        kinds[i] = kind;
        let missing = usize::from(!amount) + usize::from(!id);
        if (n - ignored) * 2 < n || missing > n - read - 1 {
            return None;
        }
    }
    let cols: Vec<HeadCol> = cells
        .iter()
        .zip(kinds.iter())
        .map(|(c, &kind)| HeadCol {
            kind,
            name: collapse(line[c.a..c.b].trim()),
            from: c.from,
            to: c.to,
        })
        .collect();
    let no_values = cols
        .iter()
        .all(|c| parse_cell(&c.name).is_none() && !looks_like_code(&c.name));
    no_values.then_some(Header { split, cols })
}

/// The header column a layout cell sits under: the one it overlaps most,
/// else the nearest.
fn column_at(h: &Header, c: &Cell) -> usize {
    let mut best = (0usize, usize::MAX, 0usize);
    for (i, col) in h.cols.iter().enumerate() {
        let overlap = c.to.min(col.to).saturating_sub(c.from.max(col.from));
        let dist = if overlap > 0 {
            0
        } else if c.to <= col.from {
            col.from - c.to
        } else {
            c.from.saturating_sub(col.to)
        };
        if overlap > best.0 || (best.0 == 0 && overlap == 0 && dist < best.1) {
            best = (overlap, dist, i);
        }
    }
    best.2
}

/// The texts of a row, one per header column (`None` for an empty cell).
/// Also returns the number of cells printed beyond the header's (for a
/// layout row: a second amount under the same amount column).
fn map_cells(h: &Header, line: &str, cells: &[Cell]) -> (Vec<Option<String>>, usize) {
    let mut out: Vec<Option<String>> = vec![None; h.cols.len()];
    let mut extra = 0;
    for (k, c) in cells.iter().enumerate() {
        let t = collapse(&line[c.a..c.b]);
        if t.is_empty() {
            continue;
        }
        let i = match h.split {
            Split::Layout => column_at(h, c),
            _ if k < h.cols.len() => k,
            _ => {
                extra += 1;
                continue;
            }
        };
        match &mut out[i] {
            Some(prev) => {
                if matches!(h.cols[i].kind, Column::Amount(_)) {
                    extra += 1;
                }
                prev.push(' ');
                prev.push_str(&t);
            }
            slot => *slot = Some(t),
        }
    }
    (out, extra)
}

/// A line from cells mapped to header columns; codes that do not read as
/// codes and cells that are not amounts are left out.
fn line_from(
    h: &[(Column, String)],
    cells: &[Option<String>],
    span: crate::model::Span,
) -> BudgetLine {
    let mut bl = empty_line(span);
    for ((kind, column), cell) in h.iter().zip(cells) {
        let Some(cell) = cell.as_deref() else {
            continue;
        };
        match kind {
            Column::Operation => bl.operation_code = Some(cell.to_owned()),
            Column::Imputation if looks_like_code(cell) => bl.imputation = Some(cell.to_owned()),
            Column::Label => bl.label = Some(cell.to_owned()),
            Column::Chapter if looks_like_account(cell) => bl.chapter = Some(cell.to_owned()),
            Column::Nature if looks_like_account(cell) => bl.nature = Some(cell.to_owned()),
            Column::Function if looks_like_account(cell) => bl.function = Some(cell.to_owned()),
            Column::Amount(kind) => {
                if let Some(d) = parse_cell(cell) {
                    bl.amounts.push(BudgetAmount {
                        column: column.clone(),
                        kind: *kind,
                        value: Money::new(d),
                    });
                }
            }
            _ => {}
        }
    }
    decode_into(&mut bl);
    bl
}

fn empty_line(span: crate::model::Span) -> BudgetLine {
    BudgetLine {
        operation_code: None,
        imputation: None,
        nature: None,
        chapter: None,
        function: None,
        section: None,
        label: None,
        amounts: Vec::new(),
        span,
    }
}

/// Fills nature, chapter, function and section from the imputation and the
/// separate columns.
fn decode_into(bl: &mut BudgetLine) {
    if let Some(imp) = bl.imputation.as_deref() {
        let d = decode_imputation(imp);
        bl.nature = bl.nature.take().or(d.nature);
        bl.chapter = bl.chapter.take().or(d.chapter);
        bl.function = bl.function.take().or(d.function);
    }
    bl.section = section_of(bl.nature.as_deref(), bl.chapter.as_deref());
}

fn has_id(bl: &BudgetLine) -> bool {
    bl.imputation.is_some() || bl.nature.is_some() || bl.chapter.is_some()
}

// ---------------------------------------------------------------------------
// Cheap gates.
//
// A table needs a header naming an identifying column (imputation,
// opération, chapitre, nature…), and `column_kind` reads headers through
// `departements::fold`. Folding every line of a range to look for them
// cost more than the rest of the extraction, so one byte-regex pass finds
// where such a header could be, and the table passes only look there.

/// Header words `column_kind` keys identifying columns on (« DOMAINE
/// FONCTIONNEL » by its second word), as `fold` writes them.
const ID_WORDS: &[&str] = &[
    "IMPUTATION",
    "FONCTIONNEL",
    "OPERATION",
    "PROGRAMME",
    "CHAPITRE",
    "NATURE",
    "COMPTE",
];

/// The only blocks of characters where `fold` turns a non-ASCII character
/// into an ASCII letter (accented Latin letters, the Kelvin and Ångström
/// signs, the Latin ligatures); the tests check every other character.
const FOLDS_TO_LATIN: &[std::ops::RangeInclusive<u32>] = &[
    0x80..=0x24F,
    0x1E00..=0x1EFF,
    0x2100..=0x214F,
    0xFB00..=0xFB06,
];

/// Regex classes of the characters `fold` writes as (or with) each ASCII
/// letter of `letters`, keyed by the letter.
fn letter_classes(letters: &str) -> HashMap<char, String> {
    let mut classes: HashMap<char, String> = letters
        .chars()
        .map(|l| (l, format!("[{l}{}", l.to_ascii_lowercase())))
        .collect();
    for c in FOLDS_TO_LATIN
        .iter()
        .flat_map(|r| r.clone())
        .filter_map(char::from_u32)
    {
        let f = crate::departements::fold(c.encode_utf8(&mut [0; 4]));
        for l in f.chars() {
            if let Some(class) = classes.get_mut(&l) {
                class.push_str(&format!("\\x{{{:X}}}", c as u32));
            }
        }
    }
    for class in classes.values_mut() {
        class.push(']');
    }
    classes
}

/// A word as a pattern matching wherever `fold` could write it: each
/// letter from a character of its class, with anything non-ASCII between
/// letters (combining marks, which `fold` drops). No character writes two
/// consecutive letters of an identifying word (ß, ﬅ, ﬁ… write SS, ST,
/// FI), so a letter comes from one character; the tests check it.
fn word_pattern(word: &str, classes: &HashMap<char, String>) -> String {
    word.chars()
        .map(|c| classes[&c].as_str())
        .collect::<Vec<_>>()
        .join("[^\\x00-\\x7F]*")
}

/// Where the text could name an identifying column: one of [`ID_WORDS`],
/// or « N° AP », whose parts a paragraph's cell may hold on two lines
/// (`fold` writes a space for ASCII whitespace, `-`, `'`, `_` and some
/// non-ASCII characters, and nothing for combining marks). A
/// superset of what `column_kind` reads as one (it is checked exactly
/// there), found in one pass over the range.
static ID_CUE: LazyLock<Regex> = LazyLock::new(|| {
    let classes = letter_classes("ACEFGHILMNOPRTU");
    let mut alts: Vec<String> = ID_WORDS.iter().map(|w| word_pattern(w, &classes)).collect();
    alts.push(format!(
        "{}[^\\x00-\\x7F]*°[\\t-\\r \\-'_\\x{{80}}-\\x{{10FFFF}}]+{}",
        classes[&'N'],
        word_pattern("AP", &classes)
    ));
    Regex::new(&alts.join("|")).expect("valid regex")
});

/// Could `raw` (a line, a paragraph) name an identifying column?
fn id_cue(raw: &str) -> bool {
    if raw.is_ascii() {
        return ascii_id_cue(raw.as_bytes());
    }
    cue_automaton(raw)
}

/// [`ID_CUE`]'s automaton, its states as the bits of one machine word
/// (shift-and): one bit per element of its alternatives (a word's letters;
/// « N », « ° », the separators, « A », « P »), set when the text read so
/// far ends with a match of the elements up to it. A regex call cost ~400
/// instructions on each short line and cell that holds a character outside
/// ASCII, and most do; this reads the ASCII bytes that start no word with
/// one look-up each.
struct CueBits {
    /// The elements each ASCII byte matches.
    ascii: [u64; 128],
    /// The elements that stay matched over each ASCII byte (the run of
    /// separators after « ° »).
    ascii_stay: [u64; 128],
    /// The letters each character of [`FOLDS_TO_LATIN`]'s first block
    /// matches, from U+0080 on.
    latin: Vec<u64>,
    /// Each alternative's first element, and its last.
    first: u64,
    last: u64,
    /// « ° », and the separators after it.
    degree: u64,
    sep: u64,
    /// The elements that stay matched over a character outside ASCII (those
    /// followed by `[^\x00-\x7F]*`, and the separators).
    stay: u64,
}

static CUE_BITS: LazyLock<CueBits> = LazyLock::new(|| {
    // The elements, in order: each word's letters, then « N° AP ».
    let mut letters: Vec<Option<u8>> = Vec::new();
    let (mut first, mut last) = (0u64, 0u64);
    for w in ID_WORDS {
        first |= 1 << letters.len();
        letters.extend(w.bytes().map(Some));
        last |= 1 << (letters.len() - 1);
    }
    first |= 1 << letters.len();
    let degree = 1u64 << (letters.len() + 1);
    let sep = 1u64 << (letters.len() + 2);
    letters.extend([Some(b'N'), None, None, Some(b'A'), Some(b'P')]);
    last |= 1 << (letters.len() - 1);
    assert_eq!(letters.len(), 64, "one bit per element");
    // The elements that are the letter `l` (an ASCII capital).
    let of = |l: u8| {
        letters
            .iter()
            .enumerate()
            .filter(|(_, x)| **x == Some(l))
            .fold(0u64, |m, (k, _)| m | 1 << k)
    };
    let is_sep = |c: u8| matches!(c, b'\t'..=b'\r' | b' ' | b'-' | b'\'' | b'_');
    let mut ascii = [0u64; 128];
    let mut ascii_stay = [0u64; 128];
    for c in 0..128u8 {
        if c.is_ascii_alphabetic() {
            ascii[usize::from(c)] = of(c.to_ascii_uppercase());
        }
        if is_sep(c) {
            ascii[usize::from(c)] |= sep;
            ascii_stay[usize::from(c)] = sep;
        }
    }
    let latin = (0x80..=*FOLDS_TO_LATIN[0].end())
        .map(|u| char::from_u32(u).map_or(0, |c| fold_letters(c, &of)))
        .collect();
    CueBits {
        ascii,
        ascii_stay,
        latin,
        first,
        last,
        degree,
        sep,
        stay: !degree,
    }
});

/// The elements whose letter is one `fold` writes `c` (outside ASCII) as
/// or with, as [`letter_classes`] puts `c` in their classes.
fn fold_letters(c: char, of: &dyn Fn(u8) -> u64) -> u64 {
    if !FOLDS_TO_LATIN.iter().any(|r| r.contains(&u32::from(c))) {
        return 0;
    }
    crate::departements::fold(c.encode_utf8(&mut [0; 4]))
        .bytes()
        .filter(u8::is_ascii_uppercase)
        .fold(0, |m, l| m | of(l))
}

/// [`ID_CUE`]`.is_match(s)`, run on [`CUE_BITS`].
fn cue_automaton(s: &str) -> bool {
    let t = &*CUE_BITS;
    let b = s.as_bytes();
    let mut d = 0u64;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            i += 1;
            let m = t.ascii[usize::from(c)];
            // No element matched: a byte starts an alternative or nothing
            // (and one element matches none whole).
            if d == 0 {
                d = m & t.first;
                continue;
            }
            d = ((((d & !t.last) << 1) | t.first) & m) | (d & t.ascii_stay[usize::from(c)]);
        } else {
            let Some(ch) = s.get(i..).and_then(|r| r.chars().next()) else {
                return ID_CUE.is_match(s);
            };
            i += ch.len_utf8();
            let u = u32::from(ch);
            let letters = if u <= *FOLDS_TO_LATIN[0].end() {
                t.latin[(u - 0x80) as usize]
            } else if FOLDS_TO_LATIN.iter().any(|r| r.contains(&u)) {
                // Rare: the Latin Extended Additional letters, the letter-like
                // symbols and the ligatures, folded one by one.
                let of = |l: u8| t.ascii[usize::from(l)] & !t.sep;
                fold_letters(ch, &of)
            } else {
                0
            };
            let m = letters | t.sep | if ch == '°' { t.degree } else { 0 };
            d = ((((d & !t.last) << 1) | t.first) & m) | (d & t.stay);
        }
        if d & t.last != 0 {
            return true;
        }
    }
    false
}

/// [`ID_CUE`] on ASCII text: there each letter's class holds the letter
/// in its two cases only, what may come between letters is non-ASCII, and
/// « N° » needs its « ° »: a match is one of [`ID_WORDS`] in any case. A
/// regex call costs ~400 instructions on the shortest line, and most short
/// lines of a part are asked.
fn ascii_id_cue(b: &[u8]) -> bool {
    /// The words' first letters, in both cases: most bytes of a line are
    /// settled by one look-up.
    static FIRST: [bool; 256] = crate::text::byte_set(b"ifopcnIFOPCN");
    b.windows(2).enumerate().any(|(i, p)| {
        if !FIRST[usize::from(p[0])] {
            return false;
        }
        // Each word's first two letters, in lower case (ORing 0x20 lowers
        // an ASCII capital; the word is then compared exactly).
        let w: &[u8] = match (p[0] | 0x20, p[1] | 0x20) {
            (b'i', b'm') => b"IMPUTATION",
            (b'f', b'o') => b"FONCTIONNEL",
            (b'o', b'p') => b"OPERATION",
            (b'p', b'r') => b"PROGRAMME",
            (b'c', b'h') => b"CHAPITRE",
            (b'n', b'a') => b"NATURE",
            (b'c', b'o') => b"COMPTE",
            _ => return false,
        };
        b.get(i..i + w.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(w))
    })
}

/// How many words and non-blank characters `t` holds, as far as
/// [`is_cell_block`] cares: [`MANY`] once past 8 words or 60 characters.
fn word_counts(t: &str) -> (u8, u8) {
    use crate::text::{LANES_HI, LANES_LO};
    let b = t.as_bytes();
    // Visible ASCII bytes are characters: too many of them settle it
    // without decoding. Counted eight bytes at a time (per lane of y, the
    // byte without its high bit, y + 0x5F reaches 0x80 from '!' on and y +
    // 1 from DEL on; no sum carries into the next lane), the lanes' counts
    // summed by a multiplication, stopping early on prose: every line of
    // a range is asked, and a line of prose is settled within its first
    // hundred bytes.
    // A line of 60 bytes at most holds 60 characters at most: only its
    // words are counted (below).
    if b.len() > 60 {
        let mut lanes = 0u64;
        let mut chunks = b.chunks_exact(8);
        for (k, c) in (&mut chunks).enumerate() {
            let x = u64::from_le_bytes(c.try_into().unwrap_or_default());
            let y = x & !LANES_HI;
            let visible = (y + LANES_LO * 0x5F) & !(y + LANES_LO) & !x & LANES_HI;
            lanes += visible >> 7;
            // Seven chunks hold 56 bytes, too few to settle it; from the
            // eighth on the sum is read each time and stays below 69, so no
            // lane (nor partial sum) overflows.
            if k >= 7 && lanes.wrapping_mul(LANES_LO) >> 56 > 60 {
                return MANY;
            }
        }
        let rest = chunks
            .remainder()
            .iter()
            .filter(|&&x| x.wrapping_sub(0x21) < 0x5E)
            .count();
        if (lanes.wrapping_mul(LANES_LO) >> 56) as usize + rest > 60 {
            return MANY;
        }
    }
    // Then exactly: the ASCII bytes before the first other byte of each
    // eight as above (a word starts at a letter after a blank, the lanes
    // of both counted as before), the character there on its own; its
    // class is decoded only where it may be a space (U+0085, U+00A0,
    // U+1680, U+2000–U+205F and U+3000 start with these bytes).
    let (mut words, mut letters, mut in_word) = (0u64, 0u64, false);
    let mut i = 0;
    while i < b.len() {
        let mut ascii = 0;
        if let Some(c) = b.get(i..i + 8) {
            let x = u64::from_le_bytes(c.try_into().unwrap_or_default());
            let high = x & LANES_HI;
            ascii = if high == 0 {
                8
            } else {
                (high.trailing_zeros() / 8) as usize
            };
            if ascii > 0 {
                let y = x & !LANES_HI;
                let s = y ^ (LANES_LO * 0x20);
                // Lanes equal to a space, lanes from \t to \r.
                let space = !((s + !LANES_HI) | !LANES_HI);
                let control = (y + LANES_LO * 0x77) & !(y + LANES_LO * 0x72);
                let keep = u64::MAX >> (64 - 8 * ascii);
                let letter = !(space | control) & !x & LANES_HI & keep;
                let before = (letter << 8) | if in_word { 0x80 } else { 0 };
                letters += letter >> 7;
                words += (letter & !before) >> 7;
                in_word = letter >> (8 * ascii - 1) != 0;
                i += ascii;
            }
        }
        if ascii < 8 && i < b.len() {
            let lead = b[i];
            let space = if lead < 0x80 {
                i += 1;
                matches!(lead, b' ' | b'\t'..=b'\r')
            } else if matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
                let Some(c) = t.get(i..).and_then(|r| r.chars().next()) else {
                    return MANY;
                };
                i += c.len_utf8();
                c.is_whitespace()
            } else {
                i += crate::text::utf8_len(lead);
                false
            };
            if space {
                in_word = false;
            } else {
                words += u64::from(!in_word);
                in_word = true;
                letters += 1;
            }
        }
        // Each step adds nine at most, so no lane (nor partial sum) of
        // either count overflows before the counts are past their bounds.
        let (w, l) = (
            words.wrapping_mul(LANES_LO) >> 56,
            letters.wrapping_mul(LANES_LO) >> 56,
        );
        if w > 8 || l > 60 {
            return MANY;
        }
    }
    let (w, l) = (
        words.wrapping_mul(LANES_LO) >> 56,
        letters.wrapping_mul(LANES_LO) >> 56,
    );
    (w as u8, l as u8)
}

/// Word and character counts past what a cell holds.
const MANY: (u8, u8) = (9, 61);

/// Could `raw` split into two cells or more (see [`split_row`])?
fn multi_cell(raw: &str) -> bool {
    // One searcher for every line (`memmem::find` builds one per call).
    static TWO_SPACES: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new("  "));
    memchr::memchr(b'\t', raw.as_bytes()).is_some()
        || raw.trim_start().starts_with('|')
        || TWO_SPACES.find(raw.trim().as_bytes()).is_some()
}

/// `s` with every byte ORed with 0x20, which [`find_cues`] searches (a
/// chunk at a time).
#[cfg(test)]
fn caseless(s: &str) -> Vec<u8> {
    s.bytes().map(|b| b | 0x20).collect()
}

/// The words [`find_cues`] looks for, every byte ORed with 0x20: ASCII
/// letters lowercased (and « É », C3 89, written as « é », C3 A9, E3 A9
/// both), so that one case-sensitive search finds a word in any ASCII case.
/// Other bytes change too: a hit is a cue, checked by the real regex.
static CUES: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r"(?-u)chapitre|nature|imput|prelev|pr\xE3\xA9lev")
        .expect("valid regex")
});

/// How many bytes of a range [`find_cues`] folds and searches at a time.
const CUE_CHUNK: usize = 4096;
/// How many bytes past its chunk it folds too: a match starting in the
/// chunk (8 bytes at most) and the « ation » after an « imput » end there.
const CUE_OVERLAP: usize = 16;

/// Where, in `s`, the words of the one-line tables (« chapitre »,
/// « imputation », « nature ») and the stems of the imputation verbs
/// (« imput », « prelev », « prélev ») are, in any ASCII case, each as a
/// sorted list of ranges. One multi-literal search (SIMD) over the folded
/// range ([`CUES`]) instead of one `memmem` pass per word. No word's end
/// is another's start, so the leftmost-first search misses no occurrence;
/// « imputation » is an « imput » hit followed by « ation ».
fn find_cues(s: &[u8]) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    cues_by_chunks(s, CUE_CHUNK)
}

/// [`find_cues`], the range folded `chunk` bytes at a time (and
/// [`CUE_OVERLAP`] more) into one buffer rather than into a copy of the
/// whole range (a megabyte for a long part, written then read again).
/// Occurrences never overlap, so those that start in each chunk are the
/// whole range's, whatever the chunks.
fn cues_by_chunks(s: &[u8], chunk: usize) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let chunk = chunk.clamp(1, CUE_CHUNK);
    // Filled by `extend`: an array would be written twice (zeroed first).
    let mut folded = Vec::with_capacity((chunk + CUE_OVERLAP).min(s.len()));
    let (mut words, mut stems) = (Vec::new(), Vec::new());
    let mut pos = 0;
    while pos < s.len() {
        let end = (pos + chunk).min(s.len());
        let ext = (end + CUE_OVERLAP).min(s.len());
        folded.clear();
        folded.extend(s[pos..ext].iter().map(|b| b | 0x20));
        let folded = &folded[..];
        for m in CUES.find_iter(folded) {
            if m.start() >= end - pos {
                break;
            }
            let r = pos + m.start()..pos + m.end();
            match m.as_bytes()[0] {
                b'i' => {
                    if folded[m.end()..].starts_with(b"ation") {
                        words.push(r.start..r.end + 5);
                    }
                    stems.push(r);
                }
                b'p' => stems.push(r),
                _ => words.push(r),
            }
        }
        pos = end;
    }
    (words, stems)
}

/// Is this line prose rather than a table row or a wrapped cell?
fn is_prose(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() > 60
        || t.ends_with(['.', ':', ';'])
        || (fold_may_start_with(t, b'A') && crate::departements::fold(t).starts_with("ARTICLE"))
}

/// Rows under a header row (tabs, pipes, layout columns).
fn row_tables(
    text: &Text<'_>,
    range: &Range<usize>,
    lines: &[(usize, &str)],
    diags: &mut Vec<Diagnostic>,
    out: &mut Budget,
    used: &mut Vec<Range<usize>>,
) {
    let s = &text.s[range.clone()];
    let base = range.start;
    let mut header: Option<Header> = None;
    // What the previous non-blank line was, for wrapped cells.
    #[derive(PartialEq)]
    enum Prev {
        Other,
        Header,
        Row(usize),
    }
    let mut prev = Prev::Other;
    let mut table_start = 0;
    let all = |k: usize| {
        let (offset, line) = lines[k];
        // `trim_end_matches(['\n', '\r'])`, a byte at a time.
        let b = line.as_bytes();
        let mut e = b.len();
        while e > 0 && matches!(b[e - 1], b'\n' | b'\r') {
            e -= 1;
        }
        (offset, &line[..e])
    };
    // Where a line may split into cells: tabs, pipes, runs of two spaces,
    // found in one pass each over the range.
    static TWO_SPACES: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new("  "));
    let bytes = s.as_bytes();
    let mut seps: Vec<usize> = memchr::memchr2_iter(b'\t', b'|', bytes)
        .chain(TWO_SPACES.find_iter(bytes))
        .collect();
    seps.sort_unstable();
    let mut sep = 0;
    let mut skip = 0;
    for idx in 0..lines.len() {
        if idx < skip {
            continue;
        }
        // Outside a table only a header row matters: two cells or more,
        // one naming an identifying column. A separator is a tab, a pipe
        // or a space, never the line's end (`\r\n`): whether one is in the
        // line is settled before the line is trimmed.
        if header.is_none() {
            let (line_start, line) = lines[idx];
            while sep < seps.len() && seps[sep] < line_start {
                sep += 1;
            }
            let in_line = seps.get(sep).is_some_and(|&p| p < line_start + line.len());
            if !in_line {
                continue;
            }
            if !multi_cell(all(idx).1) {
                continue;
            }
        }
        let (line_start, raw) = all(idx);
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            // A wrapped cell follows its row directly.
            prev = Prev::Other;
            continue;
        }
        if trimmed
            .chars()
            .all(|c| matches!(c, '-' | '|' | ':' | '=' | '+' | ' ' | '\t'))
        {
            continue;
        }
        let mut row: std::borrow::Cow<'_, str> = raw.into();
        let mut row_end = line_start + raw.len();
        // The line's cells, split once when the row is the line.
        let mut split_raw = None;
        // A cell broken by a line feed (HTML `<br>`): a tab row short of
        // cells whose next line completes it exactly is one row.
        if let Some(h) = header.as_ref().filter(|h| h.split == Split::Tab) {
            let cells = split_row(raw);
            let n = cells.1.len();
            split_raw = Some(cells);
            if memchr::memchr(b'\t', raw.as_bytes()).is_some()
                && n < h.cols.len()
                && !raw.ends_with('\t')
            {
                let mut joined = raw.to_owned();
                for k in (idx + 1..lines.len()).take(4) {
                    let (next_start, next) = all(k);
                    if next.trim().is_empty() {
                        break;
                    }
                    joined.push(' ');
                    joined.push_str(next.trim_start());
                    let got = split_row(&joined).1.len();
                    if got == h.cols.len() && next.contains('\t') {
                        split_raw = None;
                        row = std::mem::take(&mut joined).into();
                        row_end = next_start + next.len();
                        skip = k + 1;
                        break;
                    }
                    if got > h.cols.len() {
                        break;
                    }
                }
            }
        }
        let row: &str = &row;
        let (split, cells) = split_raw.unwrap_or_else(|| split_row(row));
        // A header names an identifying column. Outside a table both tests
        // must pass, and the cheaper is asked first: the cue's search reads
        // the whole row (its bytes outside ASCII slowly); `header_of`
        // settles a row of prose cells on its shortest ones, reading each
        // through its fold (about twelve instructions a byte).
        let new_header = if header.is_none() {
            // The cells `header_of` reads before it gives up on a row of
            // prose cells (too many unknown, or too few left): the shortest
            // ones (sorted on the stack for a row of a few cells).
            let read = (cells.len() / 2 + 1).min(cells.len().saturating_sub(1));
            let (mut small, mut big) = ([0usize; 16], Vec::new());
            let lens = if cells.len() <= small.len() {
                &mut small[..cells.len()]
            } else {
                big.resize(cells.len(), 0);
                &mut big[..]
            };
            for (l, c) in lens.iter_mut().zip(&cells) {
                *l = c.b - c.a;
            }
            lens.sort_unstable();
            let head_cost = 12 * lens[..read].iter().sum::<usize>();
            let cue_cost = row.len() * if row.is_ascii() { 2 } else { 7 };
            if head_cost <= cue_cost {
                header_of(split, row, &cells).filter(|_| id_cue(row))
            } else if id_cue(row) {
                header_of(split, row, &cells)
            } else {
                None
            }
        } else if id_cue(row) {
            header_of(split, row, &cells)
        } else {
            None
        };
        if let Some(h) = new_header {
            if header.is_none() {
                table_start = base + line_start;
            }
            header = Some(h);
            prev = Prev::Header;
            continue;
        }
        let Some(h) = header.as_mut() else {
            continue;
        };
        let span = text.span(base + line_start, base + row_end);
        if split != h.split && h.split == Split::Tab && cells.len() == 1 {
            // A label wrapped onto a line of its own under a tab row.
            if let Prev::Row(i) = prev {
                let words = row.trim();
                if !is_prose(words) && !looks_like_code(words) && parse_cell(words).is_none() {
                    let l = &mut out.lines[i];
                    let mut label = l.label.take().unwrap_or_default();
                    if !label.is_empty() {
                        label.push(' ');
                    }
                    label.push_str(&collapse(words));
                    l.label = Some(label);
                    continue;
                }
            }
        }
        if split != h.split || cells.is_empty() {
            // A line of another shape ends the table.
            header = None;
            used.push(table_start..base + line_start);
            prev = Prev::Other;
            continue;
        }
        let (mut mapped, extra) = map_cells(h, row, &cells);
        let texts_total = mapped
            .iter()
            .flatten()
            .any(|t| is_total(t) && !looks_like_code(t));
        // « <td colspan="2">Total</td> »: a total row short of cells keeps
        // its amounts in the last columns.
        let filled: Vec<String> = mapped.iter().flatten().cloned().collect();
        if texts_total && h.split != Split::Layout && cells.len() < h.cols.len() && filled.len() > 1
        {
            let n = h.cols.len();
            mapped = vec![None; n];
            mapped[0] = Some(filled[0].clone());
            for (k, t) in filled[1..].iter().rev().enumerate() {
                if let Some(slot) = n.checked_sub(k + 1).filter(|&i| i > 0) {
                    mapped[slot] = Some(t.clone());
                }
            }
        }
        let cols: Vec<(Column, String)> = h.cols.iter().map(|c| (c.kind, c.name.clone())).collect();
        // Words under a code column, or a number under the label: the cells
        // slid (a cell broken over two lines); nothing is read from the row.
        let misaligned = !texts_total
            && mapped.iter().zip(&cols).any(|(m, (k, _))| {
                let Some(m) = m.as_deref().filter(|m| !matches!(*m, "-" | "–")) else {
                    return false;
                };
                match k {
                    Column::Imputation => !looks_like_code(m) && !is_total(m),
                    Column::Chapter | Column::Nature | Column::Function => {
                        !looks_like_account(m) && !is_total(m)
                    }
                    Column::Label => h.split != Split::Layout && parse_cell(m).is_some(),
                    _ => false,
                }
            });
        if misaligned && h.split == Split::Layout {
            // Under a layout header, such a line is the prose after the table.
            header = None;
            used.push(table_start..base + line_start);
            prev = Prev::Other;
            continue;
        }
        if misaligned {
            diags.push(Diagnostic::warning(
                "budget.misaligned_row",
                "a table row's cells do not fit its header's columns",
                Some(span),
            ));
            prev = Prev::Other;
            continue;
        }
        let bl = line_from(&cols, &mapped, span);
        if texts_total {
            if !bl.amounts.is_empty() {
                let mut t = bl;
                t.operation_code = None;
                t.label = mapped.iter().flatten().find(|t| is_total(t)).cloned();
                out.totals.push(t);
            }
            prev = Prev::Other;
            continue;
        }
        if extra > 0 {
            diags.push(Diagnostic::warning(
                "budget.extra_cells",
                format!(
                    "a table row has {extra} cell(s) more than its header's {} columns",
                    h.cols.len()
                ),
                Some(span),
            ));
        }
        if !bl.amounts.is_empty() || has_id(&bl) {
            out.lines.push(bl);
            prev = Prev::Row(out.lines.len() - 1);
            continue;
        }
        // No amount and no code: a cell wrapped onto the next line, or the
        // second line of the header, or the end of the table.
        let only_text = mapped.iter().zip(&cols).all(|(m, (k, _))| {
            m.is_none() || matches!(k, Column::Label | Column::Ignored | Column::Known)
        });
        match prev {
            Prev::Row(i) if only_text && !is_prose(trimmed) => {
                let add: Vec<&str> = mapped.iter().flatten().map(String::as_str).collect();
                let l = &mut out.lines[i];
                let mut label = l.label.take().unwrap_or_default();
                for a in add {
                    if !label.is_empty() {
                        label.push(' ');
                    }
                    label.push_str(a);
                }
                l.label = Some(label);
            }
            Prev::Header
                if !is_prose(trimmed) && mapped.iter().flatten().all(|t| !looks_like_code(t)) =>
            {
                for (col, m) in h.cols.iter_mut().zip(&mapped) {
                    if let Some(m) = m {
                        col.name = format!("{} {m}", col.name);
                    }
                }
            }
            _ => {
                header = None;
                used.push(table_start..base + line_start);
                prev = Prev::Other;
            }
        }
    }
    if header.is_some() {
        used.push(table_start..range.end);
    }
}

// ---------------------------------------------------------------------------
// Tables flattened one cell per paragraph.

/// Header columns: kind and printed name.
type HeadSlice<'h> = &'h [(Column, String)];

/// A paragraph: a run of non-blank lines (or one line, for tables printed
/// one cell per line). Its text and what it reads as are worked out when
/// first needed: most paragraphs of a range are prose far from any table,
/// and collapsing and folding them all cost more than the tables.
struct Block {
    start: usize,
    end: usize,
    /// At most 8 words and 60 characters, the cheap part of
    /// [`is_cell_block`].
    short: bool,
    /// Short and with an identifying-column cue (see [`ID_CUE`]): only
    /// such a block can name an identifying column. A block of one line
    /// has the line's, which only a line that may be a cell has.
    cue: bool,
    /// The lines' text, whitespace collapsed: `collapse` of the span, since
    /// what separates the lines is whitespace.
    text: OnceCell<String>,
    /// [`is_cell_block`].
    cell: OnceCell<bool>,
    /// The column kind when the block reads as a header cell.
    head: OnceCell<Option<Column>>,
}

impl Block {
    /// The block at `span`, in `s` at `base`, of [`word_counts`] `counts`;
    /// `cue` when known already (a paragraph of one line is that line).
    fn new(s: &str, base: usize, span: Range<usize>, counts: (u8, u8), cue: Option<bool>) -> Block {
        let short = counts.0 <= 8 && counts.1 <= 60;
        let cue = cue.unwrap_or_else(|| {
            short
                && id_cue(
                    s.get(span.start - base..span.end - base)
                        .unwrap_or_default(),
                )
        });
        Block {
            start: span.start,
            end: span.end,
            short,
            cue,
            text: OnceCell::new(),
            cell: OnceCell::new(),
            head: OnceCell::new(),
        }
    }

    fn text(&self, src: &str) -> &str {
        self.text.get_or_init(|| {
            src.get(self.start..self.end)
                .map(collapse)
                .unwrap_or_default()
        })
    }

    /// A short paragraph that may be one table cell.
    fn is_cell(&self, src: &str) -> bool {
        *self
            .cell
            .get_or_init(|| self.short && is_cell_block(self.text(src)))
    }

    /// The column a header cell names, if the block is one.
    fn head(&self, src: &str) -> Option<Column> {
        *self.head.get_or_init(|| {
            if !self.is_cell(src) {
                return None;
            }
            let t = self.text(src);
            let kind = (parse_cell(t).is_none() && !looks_like_code(t)).then(|| column_kind(t));
            kind.filter(|k| *k != Column::Ignored)
        })
    }
}

/// A non-blank line: its trimmed span, its [`word_counts`], whether a
/// blank line (or the start) comes before it, and its [`Block::cue`] (read
/// once for the line's cell and its paragraph when it is one line): none
/// on a line that cannot be a cell (see [`may_be_cell`]), which can then
/// be no header cell either, so that most short lines of prose are not
/// searched for one.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    counts: (u8, u8),
    first: bool,
    cue: bool,
}

/// The non-blank lines of a range at `base` (its [`text::lines_of`]),
/// read once for both shapes of one-cell-per-block tables.
///
/// [`text::lines_of`]: crate::text::lines_of
fn lines(all: &[(usize, &str)], base: usize) -> Vec<Line> {
    let mut out = Vec::with_capacity(all.len());
    let mut first = true;
    for &(offset, line) in all {
        let (lead, end) = trim_bounds(line);
        if lead == end {
            first = true;
            continue;
        }
        let t = &line[lead..end];
        let start = base + offset + lead;
        let counts = word_counts(t);
        out.push(Line {
            start,
            end: start + t.len(),
            counts,
            first,
            cue: counts.0 <= 8 && counts.1 <= 60 && may_be_cell(t, counts) && id_cue(t),
        });
        first = false;
    }
    out
}

/// Could the trimmed line `t`, of [`word_counts`] `counts` (its own, not
/// past [`MANY`]), be read by [`is_cell_block`] as one cell? Its text is
/// `collapse(t)`: its words joined by single spaces, so as many characters
/// as its letters and spaces between words, and it ends as `t` ends (a
/// stop makes it prose). Read without collapsing it.
fn may_be_cell(t: &str, counts: (u8, u8)) -> bool {
    usize::from(counts.0) + usize::from(counts.1) <= 61 && !t.ends_with(['.', ':', ';'])
}

/// Where `line.trim()` starts and ends in `line`. ASCII whitespace is
/// skipped byte by byte; only a character outside ASCII at either end
/// (a no-break space…) sends that end to `str::trim_start` / `trim_end`.
fn trim_bounds(line: &str) -> (usize, usize) {
    let b = line.as_bytes();
    let space = |c: u8| matches!(c, b' ' | b'\t'..=b'\r');
    let mut a = 0;
    while a < b.len() && space(b[a]) {
        a += 1;
    }
    if a < b.len() && !b[a].is_ascii() {
        a = line.len() - line.trim_start().len();
    }
    let mut e = b.len();
    while e > a && space(b[e - 1]) {
        e -= 1;
    }
    if e > a && !b[e - 1].is_ascii() {
        e = a + line[a..e].trim_end().len();
    }
    (a, e)
}

/// The paragraphs of `s` (at `base`), from its [`lines`]: the words of
/// consecutive lines add up.
fn blocks(s: &str, base: usize, lines: &[Line]) -> Vec<Block> {
    // As many blocks as lines at most: growing the vector one block at a
    // time copied them all over again, several times.
    let mut out: Vec<Block> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let mut j = i + 1;
        let (mut words, mut letters) = lines[i].counts;
        while j < lines.len() && !lines[j].first {
            words = words.saturating_add(lines[j].counts.0).min(MANY.0);
            letters = letters.saturating_add(lines[j].counts.1).min(MANY.1);
            j += 1;
        }
        out.push(Block::new(
            s,
            base,
            lines[i].start..lines[j - 1].end,
            (words, letters),
            (j == i + 1).then_some(lines[i].cue),
        ));
        i = j;
    }
    out
}

/// A short paragraph that may be one table cell.
fn is_cell_block(text: &str) -> bool {
    text.chars().count() <= 60 && text.split(' ').count() <= 8 && !is_prose(text)
}

/// Each non-blank line as a cell, for tables printed one cell per line.
fn line_cells(s: &str, base: usize, lines: &[Line]) -> Vec<Block> {
    lines
        .iter()
        .map(|l| Block::new(s, base, l.start..l.end, l.counts, Some(l.cue)))
        .collect()
}

/// Tables printed one cell per paragraph (or per line): the header cells,
/// then the row cells, then maybe « Total » and its amounts.
fn block_tables(
    text: &Text<'_>,
    bs: Vec<Block>,
    report: bool,
    diags: &mut Vec<Diagnostic>,
    out: &mut Budget,
    used: &mut Vec<Range<usize>>,
) {
    let src = text.s;
    let free =
        |b: &Block, used: &[Range<usize>]| !used.iter().any(|u| u.start < b.end && b.start < u.end);
    let is_head = |b: &Block, used: &[Range<usize>]| free(b, used) && b.head(src).is_some();
    let mut i = 0;
    while i < bs.len() {
        // A table's header names an identifying column, so a run of header
        // cells without a cue reads as nothing: go straight to the run
        // that holds the next cue. Runs are maximal from where the last
        // one stopped, so it starts after the last non-header block.
        let Some(c) = (i..bs.len()).find(|&c| bs[c].cue) else {
            break;
        };
        if c > i {
            if !is_head(&bs[c], used) {
                i = c + 1;
                continue;
            }
            let mut s = c;
            while s > i && is_head(&bs[s - 1], used) {
                s -= 1;
            }
            i = s;
        }
        let mut j = i;
        while j < bs.len() && is_head(&bs[j], used) {
            j += 1;
        }
        let head: Vec<(Column, String)> = bs[i..j]
            .iter()
            .filter_map(|b| Some((b.head(src)?, b.text(src).to_owned())))
            .collect();
        let amounts = head
            .iter()
            .filter(|(k, _)| matches!(k, Column::Amount(_)))
            .count();
        let ids = head.iter().filter(|(k, _)| k.is_id()).count();
        if head.len() < 3 || amounts == 0 || ids == 0 {
            i = j.max(i + 1);
            continue;
        }
        let mut k = j;
        while k < bs.len()
            && bs[k].is_cell(src)
            && !is_total(bs[k].text(src))
            && bs[k].head(src).is_none()
            && free(&bs[k], used)
        {
            k += 1;
        }
        let data = &bs[j..k];
        let n = head.len();
        // Rows of n cells; a single row of n − 1 cells lacks its first
        // (merged or footnote) cell and is read right-aligned.
        let rows: Vec<(HeadSlice, &[Block])> = if !data.is_empty() && data.len() % n == 0 {
            data.chunks(n).map(|r| (&head[..], r)).collect()
        } else if data.len() == n - 1 {
            vec![(&head[1..], data)]
        } else {
            if report && !data.is_empty() {
                diags.push(Diagnostic::warning(
                    "budget.unreadable_table",
                    format!("{} cells under a header of {n} columns", data.len()),
                    Some(text.span(bs[i].start, data[data.len() - 1].end)),
                ));
            }
            i = k.max(i + 1);
            continue;
        };
        let mut lines = Vec::new();
        let mut ok = true;
        for (h, r) in rows {
            let mapped: Vec<Option<String>> =
                r.iter().map(|b| Some(b.text(src).to_owned())).collect();
            let bl = line_from(h, &mapped, text.span(r[0].start, r[r.len() - 1].end));
            // Every amount cell must be an amount (or empty), every code a code.
            let amount_cells = h
                .iter()
                .zip(r)
                .filter(|((c, _), b)| {
                    matches!(c, Column::Amount(_)) && !matches!(b.text(src), "-" | "–")
                })
                .count();
            if bl.amounts.len() != amount_cells || !has_id(&bl) {
                ok = false;
            }
            lines.push(bl);
        }
        if !ok {
            if report {
                diags.push(Diagnostic::warning(
                    "budget.unreadable_table",
                    "a table printed one cell per paragraph does not read as rows",
                    Some(text.span(bs[i].start, bs[k.max(i + 1) - 1].end)),
                ));
            }
            i = k.max(i + 1);
            continue;
        }
        out.lines.extend(lines);
        let mut end = k;
        // « Total » then its amounts, one per amount column.
        if k < bs.len() && is_total(bs[k].text(src)) {
            let mut m = k + 1;
            let mut t = empty_line(text.span(bs[k].start, bs[k].end));
            t.label = Some(bs[k].text(src).to_owned());
            let amount_cols: Vec<&(Column, String)> = head
                .iter()
                .filter(|(c, _)| matches!(c, Column::Amount(_)))
                .collect();
            while m < bs.len() && m - k - 1 < amount_cols.len() {
                let Some(d) = parse_cell(bs[m].text(src)) else {
                    break;
                };
                let (Column::Amount(kind), name) = amount_cols[m - k - 1] else {
                    break;
                };
                t.amounts.push(BudgetAmount {
                    column: name.clone(),
                    kind: *kind,
                    value: Money::new(d),
                });
                t.span = text.span(bs[k].start, bs[m].end);
                m += 1;
            }
            if !t.amounts.is_empty() {
                out.totals.push(t);
            }
            end = m;
        }
        used.push(bs[i].start..bs[end.max(i + 1) - 1].end);
        i = end.max(i + 1);
    }
}

// ---------------------------------------------------------------------------
// Tables flattened to one line.

static FLAT_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:chapitre|nature|fonction|imputation(?: budg[ée]taire)?|libell[ée]|intitul[ée]|cr[ée]dits vot[ée]s|cr[ée]dits de paiement|engag[ée]|engagement propos[ée]|montant propos[ée]|propos[ée]|proposition|disponible|solde|montant|d[ée]penses?|autorisations? de programme|autorisations? d'engagement|AP|AE|CP)(?:[ ]+(?:\(en €\)|\(€\)|€|[0-9]{4}))*(?:[ ]+|$)",
    )
    .expect("valid regex")
});

/// Where a flattened table may start, which [`flat_start`] reads.
#[cfg(test)]
static FLAT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[ ])(?:chapitre|imputation|nature)[ ]").expect("valid regex")
});

/// Where in `line` the word of [`FLAT_START`]'s first match is, from
/// `words`, every occurrence in `line` of its words in any ASCII case, in
/// order (their letters have no other case variant): the first at the
/// line's start or after a space, and before a space. The occurrences are
/// known already ([`find_cues`]); the regex cost a search per line that
/// holds one.
fn flat_start(line: &str, mut words: impl Iterator<Item = Range<usize>>) -> Option<usize> {
    let b = line.as_bytes();
    words
        .find(|w| (w.start == 0 || b[w.start - 1] == b' ') && b.get(w.end) == Some(&b' '))
        .map(|w| w.start)
}

/// A token of a flattened row's numeric tail.
fn is_group(t: &str, first: bool) -> bool {
    let (int, frac) = t.split_once(',').unwrap_or((t, ""));
    let int_ok = if first {
        (1..=3).contains(&int.len()) && int.bytes().all(|b| b.is_ascii_digit())
    } else {
        int.len() == 3 && int.bytes().all(|b| b.is_ascii_digit())
    };
    int_ok && (frac.is_empty() || (frac.len() == 2 && frac.bytes().all(|b| b.is_ascii_digit())))
}

/// Lengths of an amount that may start at `toks[0]`: a first group of 1–3
/// digits, then groups of 3, a decimal part only on the last token.
fn amount_lengths(toks: &[&str]) -> Vec<usize> {
    let mut out = Vec::new();
    if toks.first().is_none_or(|t| !is_group(t, true)) {
        return out;
    }
    for len in 1..=toks.len() {
        if len > 1 && !is_group(toks[len - 1], false) {
            break;
        }
        out.push(len);
        if toks[len - 1].contains(',') {
            break;
        }
    }
    out
}

/// The one way to cut `toks` into `k` amounts, if there is exactly one.
/// Counts (capped at 2) by dynamic programming over (position, amounts
/// left), so long runs of digits cost O(n²·k), never an exponential search.
fn cut_amounts(toks: &[&str], k: usize) -> Option<Vec<usize>> {
    let n = toks.len();
    if n > 120 || k == 0 {
        return None;
    }
    // ways[p][j]: ways to cut toks[p..] into j amounts, capped at 2.
    let mut ways = vec![vec![0u8; k + 1]; n + 1];
    ways[n][0] = 1;
    let lens: Vec<Vec<usize>> = (0..n).map(|p| amount_lengths(&toks[p..])).collect();
    for p in (0..n).rev() {
        for j in 1..=k {
            ways[p][j] = lens[p]
                .iter()
                .map(|&l| ways[p + l][j - 1])
                .fold(0u8, |a, b| a.saturating_add(b).min(2));
        }
    }
    if ways[0][k] != 1 {
        return None;
    }
    let (mut p, mut j, mut cut) = (0, k, Vec::with_capacity(k));
    while j > 0 {
        let l = *lens[p].iter().find(|&&l| ways[p + l][j - 1] == 1)?;
        cut.push(l);
        p += l;
        j -= 1;
    }
    Some(cut)
}

/// Does `t` fit a chapter (2–3 digits), nature (3–6 digits of classes 1–7)
/// or function (1–4 digits) column?
fn fits(kind: Column, t: &str) -> bool {
    let digits = t.bytes().all(|b| b.is_ascii_digit());
    match kind {
        Column::Chapter => digits && (2..=3).contains(&t.len()),
        Column::Nature => {
            digits && (3..=6).contains(&t.len()) && matches!(t.as_bytes()[0], b'1'..=b'7')
        }
        Column::Function => digits && (1..=4).contains(&t.len()),
        _ => false,
    }
}

/// Tables whose header and rows were run together on one line (« Chapitre
/// Crédits votés (en €) Engagé (en €) … Sport 933 6 442 800,00 … »): each
/// row is words (the label, an imputation code), then the chapter / nature /
/// function numbers, then the amounts. A row whose numbers split into
/// columns in more than one way is left out with a diagnostic.
fn flat_tables(
    text: &Text<'_>,
    range: &Range<usize>,
    lines: &[(usize, &str)],
    cues: &[Range<usize>],
    diags: &mut Vec<Diagnostic>,
    out: &mut Budget,
    used: &mut Vec<Range<usize>>,
) {
    // Where FLAT_START's words are (their letters have no non-ASCII case
    // variant).
    if cues.is_empty() {
        return;
    }
    let mut cue = 0;
    let base = range.start;
    for &(offset, line) in lines {
        let line_start = base + offset;
        let local = offset..offset + line.len();
        // A line that holds none of the words does not start a table.
        while cue < cues.len() && cues[cue].start < local.start {
            cue += 1;
        }
        let words = cues[cue..]
            .iter()
            .take_while(|c| c.start < local.end)
            .filter(|c| c.end <= local.end)
            .map(|c| c.start - local.start..c.end - local.start);
        let Some(mut pos) = flat_start(line, words) else {
            continue;
        };
        if used
            .iter()
            .any(|u| u.start <= line_start && line_start < u.end)
        {
            continue;
        }
        let mut head: Vec<(Column, String)> = Vec::new();
        while let Some(h) = line.get(pos..).and_then(|r| FLAT_HEAD.find(r)) {
            if h.as_str().is_empty() {
                break;
            }
            head.push((column_kind(h.as_str()), collapse(h.as_str())));
            pos += h.end();
        }
        let amount_heads: Vec<(AmountKind, String)> = head
            .iter()
            .filter_map(|(k, n)| match k {
                Column::Amount(kind) => Some((*kind, n.clone())),
                _ => None,
            })
            .collect();
        let num_cols: Vec<Column> = head
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| matches!(k, Column::Chapter | Column::Nature | Column::Function))
            .collect();
        let has_imputation = head.iter().any(|(k, _)| *k == Column::Imputation);
        if head.len() < 3 || amount_heads.is_empty() || (num_cols.is_empty() && !has_imputation) {
            continue;
        }
        let rest = line[pos..].trim_end();
        let toks: Vec<(usize, &str)> = rest
            .split(' ')
            .scan(0usize, |p, t| {
                let a = *p;
                *p += t.len() + 1;
                Some((a, t.trim_end_matches('€')))
            })
            .filter(|(_, t)| !t.is_empty())
            .collect();
        let numeric = |t: &str| {
            t.bytes().next().is_some_and(|b| b.is_ascii_digit())
                && t.bytes().all(|b| b.is_ascii_digit() || b == b',')
        };
        let mut i = 0;
        let mut ok = true;
        while i < toks.len() {
            let w0 = i;
            while i < toks.len() && !numeric(toks[i].1) {
                i += 1;
            }
            let n0 = i;
            while i < toks.len() && numeric(toks[i].1) {
                i += 1;
            }
            if n0 == i {
                break;
            }
            let words: Vec<&str> = toks[w0..n0].iter().map(|t| t.1).collect();
            let nums: Vec<&str> = toks[n0..i].iter().map(|t| t.1).collect();
            // A « Total » row prints no chapter, nature or function.
            let total_row = words.first().is_some_and(|w| is_total(w));
            let ids = if total_row { 0 } else { num_cols.len() };
            let found = if nums.len() > ids && nums.iter().zip(&num_cols).all(|(t, k)| fits(*k, t))
            {
                cut_amounts(&nums[ids..], amount_heads.len())
            } else {
                None
            };
            let a = line_start + pos + toks[w0].0;
            let b = line_start + pos + toks[i - 1].0 + toks[i - 1].1.len();
            let span = text.span(a, b);
            let Some(found) = found else {
                ok = false;
                diags.push(Diagnostic::warning(
                    "budget.unreadable_table",
                    "a table flattened to one line does not split into its columns with certainty",
                    Some(span),
                ));
                continue;
            };
            let mut bl = empty_line(span);
            for (k, id) in num_cols.iter().enumerate().take(ids) {
                let v = Some(nums[k].to_owned());
                match id {
                    Column::Chapter => bl.chapter = v,
                    Column::Nature => bl.nature = v,
                    _ => bl.function = v,
                }
            }
            let mut label = Vec::new();
            for w in words {
                if has_imputation
                    && bl.imputation.is_none()
                    && w.contains(['/', '-'])
                    && looks_like_code(w)
                {
                    bl.imputation = Some(w.to_owned());
                } else {
                    label.push(w);
                }
            }
            let mut at = ids;
            for (len, (kind, name)) in found.iter().zip(&amount_heads) {
                let cell = nums[at..at + len].join(" ");
                at += len;
                if let Some(d) = parse_cell(&cell) {
                    bl.amounts.push(BudgetAmount {
                        column: name.clone(),
                        kind: *kind,
                        value: Money::new(d),
                    });
                }
            }
            let label = label.join(" ");
            let total = is_total(&label);
            bl.label = (!label.is_empty()).then_some(label);
            decode_into(&mut bl);
            if total {
                out.totals.push(bl);
            } else if has_id(&bl) {
                out.lines.push(bl);
            } else {
                ok = false;
            }
        }
        if ok || i > 0 {
            used.push(line_start..line_start + line.len());
        }
    }
}

// ---------------------------------------------------------------------------
// Imputations in sentences.

static IMPUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:imputations?(?-u:\b)|imputables?(?-u:\b)|{}|{})",
        crate::text::participle("imput"),
        crate::text::participle("pr[ée]lev")
    ))
    .expect("valid regex")
});
static DOMAINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)domaine fonctionnel (?:n°[ ]?)?([0-9]{3,4}-[0-9]{2}-[0-9]{2})(?-u:\b)")
        .expect("valid regex")
});
static CHAPTER_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)chapitre[ ]+([0-9]{2,3})(?-u:\b)").expect("valid regex")
});
static NATURE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:article|nature|compte)[ ]+([1-7][0-9]{2,5})(?-u:\b)")
        .expect("valid regex")
});
static FUNCTION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:fonction|sous-fonction)[ ]+([0-9]{1,4})(?-u:\b)")
        .expect("valid regex")
});
static CODE_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)[0-9]{2,6}(?:[ ]?/{1,2}[ ]?|-)[0-9]{2,6}(?:(?:/{1,2}|-)[0-9]{1,4})?(?-u:\b)",
    )
    .expect("valid regex")
});

/// Sentence ends: a full stop, `;` or `:` before a line end or a capital
/// (`[.;:](?:[ \t]*\n|[ \t]+\p{Lu})|\n[ \t]*\n`, which the tests keep),
/// in order, as [`SentenceEnds`] reads them.
#[cfg(test)]
static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[.;:](?:[ \t]*\n|[ \t]+\p{Lu})|\n[ \t]*\n").expect("valid regex")
});

/// A capital letter outside ASCII (`\p{Lu}`, which `char::is_uppercase`
/// is not: it also holds other categories), for the rare sentence whose
/// next word starts with one.
static UPPER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\A\p{Lu}").expect("valid regex"));

/// The sentence ends of `s` (see [`SENTENCE_END`]), as byte ranges, in
/// order and not overlapping, as `find_iter` gives them. Only the bytes
/// `.`, `;`, `:` and line feeds can start one: they are found with
/// `memchr` and each is settled by the few bytes after it, where the
/// regex ran its automaton over every byte of the range.
struct SentenceEnds<'a> {
    s: &'a str,
    /// Where the next end may start.
    at: usize,
    /// The next `.`, `;` or `:` at or after `at`, and the next line feed
    /// (`None`: there is none; found again once behind `at`).
    punct: Option<usize>,
    feed: Option<usize>,
}

impl<'a> SentenceEnds<'a> {
    /// The ends of `s` from `at` on (where a scan from the start is too).
    fn new(s: &'a str, at: usize) -> Self {
        let b = s.as_bytes().get(at..).unwrap_or_default();
        SentenceEnds {
            s,
            at,
            punct: memchr::memchr3(b'.', b';', b':', b).map(|p| at + p),
            feed: memchr::memchr(b'\n', b).map(|p| at + p),
        }
    }
}

impl Iterator for SentenceEnds<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let b = self.s.as_bytes();
        let blanks = |k: usize| k + crate::text::blanks_at(b, k);
        loop {
            if self.punct.is_some_and(|p| p < self.at) {
                self.punct = memchr::memchr3(b'.', b';', b':', &b[self.at..]).map(|p| self.at + p);
            }
            if self.feed.is_some_and(|p| p < self.at) {
                self.feed = memchr::memchr(b'\n', &b[self.at..]).map(|p| self.at + p);
            }
            let p = match (self.punct, self.feed) {
                (Some(a), Some(f)) => a.min(f),
                (Some(a), None) => a,
                (None, Some(f)) => f,
                (None, None) => return None,
            };
            let q = blanks(p + 1);
            let end = if b.get(q) == Some(&b'\n') {
                Some(q + 1)
            } else if b[p] != b'\n' && q > p + 1 {
                // After a stop and blanks, a capital (the blanks are ASCII,
                // so `q` is on a character's boundary).
                match b.get(q) {
                    Some(c) if c.is_ascii() => c.is_ascii_uppercase().then_some(q + 1),
                    Some(_) => self.s[q..]
                        .chars()
                        .next()
                        .filter(|c| UPPER.is_match(c.encode_utf8(&mut [0; 4])))
                        .map(|c| q + c.len_utf8()),
                    None => None,
                }
            } else {
                None
            };
            match end {
                Some(e) => {
                    self.at = e;
                    return Some(p..e);
                }
                // No end starts at `p`: the search goes on after it.
                None => self.at = p + 1,
            }
        }
    }
}

/// `raw` (at `base`) with the tables read already blanked out, byte for
/// byte so that offsets are kept, line feeds left: their headers and cells
/// are not sentences.
fn mask_tables<'a>(raw: &'a str, base: usize, used: &[Range<usize>]) -> std::borrow::Cow<'a, str> {
    let end = base + raw.len();
    let local = |u: &Range<usize>| u.start.clamp(base, end) - base..u.end.clamp(base, end) - base;
    if used.iter().all(|u| local(u).is_empty()) {
        return raw.into();
    }
    // Tables start and end on characters' boundaries, so blanking their
    // bytes blanks whole characters.
    if used.iter().all(|u| {
        let r = local(u);
        raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end)
    }) {
        // Copied a stretch at a time between the tables (sorted, merged),
        // their bytes written as spaces: no UTF-8 check of the whole copy.
        let mut tables: Vec<Range<usize>> =
            used.iter().map(local).filter(|r| !r.is_empty()).collect();
        tables.sort_unstable_by_key(|r| r.start);
        let mut masked = String::with_capacity(raw.len());
        let mut at = 0;
        for r in tables {
            let start = r.start.max(at);
            if r.end <= start {
                continue;
            }
            masked.push_str(&raw[at..start]);
            for &b in &raw.as_bytes()[start..r.end] {
                masked.push(if b == b'\n' { '\n' } else { ' ' });
            }
            at = r.end;
        }
        masked.push_str(&raw[at..]);
        return masked.into();
    }
    // Character by character otherwise, a character being blanked when it
    // starts inside a table.
    let mut masked = String::with_capacity(raw.len());
    for (k, c) in raw.char_indices() {
        let at = base + k;
        if c != '\n' && used.iter().any(|u| u.start <= at && at < u.end) {
            for _ in 0..c.len_utf8() {
                masked.push(' ');
            }
        } else {
            masked.push(c);
        }
    }
    masked.into()
}

/// Where the sentences of `b` may be looked for from, for a cue at `at`:
/// the end of the last « [.;:][ \t]*\n » before it (0 if none). A stop
/// only ever starts a sentence end ([`SentenceEnds`]), so no end reaches
/// over it and every scan from the start ends a sentence there; what comes
/// before holds no cue.
fn sentence_restart(b: &[u8], at: usize) -> usize {
    let mut k = at.min(b.len());
    while let Some(nl) = memchr::memrchr(b'\n', &b[..k]) {
        let mut p = nl;
        while p > 0 && matches!(b[p - 1], b' ' | b'\t') {
            p -= 1;
        }
        if p > 0 && matches!(b[p - 1], b'.' | b';' | b':') {
            return nl + 1;
        }
        k = nl;
    }
    0
}

/// The sentences of `s` (as byte ranges) that may hold one of `cues`
/// (sorted), read from `from`, a sentence's start (see
/// [`sentence_restart`]).
fn sentence_bounds(s: &str, cues: &[Range<usize>], from: usize) -> Vec<(usize, usize)> {
    let mut start = from;
    let mut bounds = Vec::new();
    // Sentences after the last cue hold none: the search stops there.
    let last = cues.iter().map(|c| c.end).max().unwrap_or(0);
    for m in SentenceEnds::new(s, from) {
        bounds.push((start, m.start + 1));
        start = m.end;
        if m.start + 1 >= last {
            break;
        }
    }
    if start < last {
        bounds.push((start, s.len()));
    }
    let mut cue = 0;
    // Sentences are in order; a cue ends in a sentence that may hold it.
    bounds.retain(|&(a, b)| {
        while cue < cues.len() && cues[cue].start < a {
            cue += 1;
        }
        cues[cue..]
            .iter()
            .take_while(|c| c.start < b)
            .any(|c| c.end <= b)
    });
    bounds
}

/// One line per sentence that states both an amount and an imputation.
fn sentences(
    text: &Text<'_>,
    range: &Range<usize>,
    cues: &[Range<usize>],
    out: &mut Budget,
    used: &[Range<usize>],
) {
    let base = range.start;
    let raw = &text.s[range.clone()];
    // Only a sentence holding one of the verb's stems can state an
    // imputation: most ranges hold none, and the sentences are looked for
    // only where one is (`cues`: the stems IMPUTE's words start with).
    if cues.is_empty() {
        return;
    }
    let masked = mask_tables(raw, base, used);
    let s: &str = &masked;
    let from = sentence_restart(s.as_bytes(), cues[0].start);
    let bounds = sentence_bounds(s, cues, from);
    for (a, b) in bounds {
        let Some(sent) = s.get(a..b) else { continue };
        // Every pattern that reads the imputation after the verb (DOMAINE,
        // CHAPTER_WORDS, NATURE_WORDS, CODE_IN_TEXT) needs ASCII digits: a
        // sentence without any (« la dépense sera imputée sur le budget
        // départemental ») states none, and costs no regex search.
        if !sent.bytes().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let Some(verb) = IMPUTE.find(sent) else {
            continue;
        };
        let after = &sent[verb.end()..];
        let mut bl = empty_line(text.span(base + a, base + b));
        if let Some(c) = DOMAINE.captures(after) {
            bl.imputation = Some(c[1].to_owned());
        } else if let (Some(ch), Some(na)) =
            (CHAPTER_WORDS.captures(after), NATURE_WORDS.captures(after))
        {
            bl.chapter = Some(ch[1].to_owned());
            bl.nature = Some(na[1].to_owned());
            bl.function = FUNCTION_WORDS.captures(after).map(|c| c[1].to_owned());
            if !nature_fits_chapter(&na[1], &ch[1]) {
                bl.chapter = None;
                bl.nature = None;
                bl.function = None;
            }
        } else if let Some(m) = CODE_IN_TEXT
            .find_iter(after)
            .find(|m| !is_year_or_date(m.as_str()) && !is_legal_reference(&after[..m.start()]))
        {
            bl.imputation = Some(m.as_str().to_owned());
        }
        if !has_id(&bl) {
            continue;
        }
        // The amount: the only one of the sentence, or the one just before
        // the verb.
        let found = find_amounts(sent);
        let mut values: Vec<Decimal> = found.iter().map(|x| x.2).collect();
        values.dedup();
        // With several amounts, only one printed right before the verb
        // (« 18 500 € imputée », « 7 000 €, qui sera imputée ») is certain.
        let value = if values.len() == 1 {
            Some(values[0])
        } else {
            found
                .iter()
                .rev()
                .find(|x| {
                    x.1 <= verb.start()
                        && matches!(
                            sent[x.1..verb.start()]
                                .trim_matches(|c: char| c == ',' || c.is_whitespace()),
                            "" | "est" | "sera" | "seront" | "sont" | "qui sera" | "qui seront"
                        )
                })
                .map(|x| x.2)
        };
        let Some(value) = value else { continue };
        bl.amounts.push(BudgetAmount {
            column: "montant".to_owned(),
            kind: AmountKind::Expense,
            value: Money::new(value),
        });
        decode_into(&mut bl);
        let dup = out.lines.iter().any(|l| {
            l.imputation == bl.imputation
                && l.nature == bl.nature
                && l.amounts.len() == 1
                && l.amounts[0].value == bl.amounts[0].value
        });
        if !dup {
            out.lines.push(bl);
        }
    }
}

/// Does the text before a number cite a code's article (« L. 2121-29 »,
/// « article R.3221-1 »)? Such a number is no imputation.
fn is_legal_reference(before: &str) -> bool {
    let b = before.trim_end();
    let last = b.rsplit(' ').next().unwrap_or("");
    matches!(
        last,
        "L" | "R" | "D" | "L." | "R." | "D." | "article" | "articles"
    ) || b.ends_with("L.")
        || b.ends_with("R.")
        || b.ends_with("D.")
}

fn is_year_or_date(code: &str) -> bool {
    let parts: Vec<&str> = code
        .split(['/', '-', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let year = |p: &str| p.len() == 4 && (p.starts_with("19") || p.starts_with("20"));
    parts.iter().all(|p| year(p)) || (parts.len() == 3 && year(parts[2]) && parts[0].len() <= 2)
}

/// [`text::lines_of`]`(s)` collected: each line (with its `\n`) and where
/// it starts, the line feeds found by one `memchr` pass pushed straight
/// into the vector (the iterator adapters cost ~80 instructions a line).
///
/// [`text::lines_of`]: crate::text::lines_of
fn lines_with_offsets(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(s.len() / 64 + 1);
    let mut start = 0;
    for e in memchr::memchr_iter(b'\n', s.as_bytes()) {
        // A line feed is ASCII: both ends are characters' boundaries.
        out.push((start, s.get(start..=e).unwrap_or_default()));
        start = e + 1;
    }
    if start < s.len() {
        out.push((start, &s[start..]));
    }
    out
}

/// Budget lines and totals of every table and imputation sentence in `range`.
pub fn extract(text: &Text<'_>, range: Range<usize>, diags: &mut Vec<Diagnostic>) -> Budget {
    let mut out = Budget::default();
    if text.s.get(range.clone()).is_none() {
        return out;
    }
    let mut used = Vec::new();
    let s = &text.s[range.clone()];
    // The range's lines, found once for the three passes that walk them.
    let all = lines_with_offsets(s);
    row_tables(text, &range, &all, diags, &mut out, &mut used);
    let lines = lines(&all, range.start);
    block_tables(
        text,
        blocks(s, range.start, &lines),
        true,
        diags,
        &mut out,
        &mut used,
    );
    // Without a cue on any line, the one-cell-per-line pass reads nothing
    // (its blocks are the lines, with their cues): its blocks, one per
    // line, are not built.
    if lines.iter().any(|l| l.cue) {
        block_tables(
            text,
            line_cells(s, range.start, &lines),
            false,
            diags,
            &mut out,
            &mut used,
        );
    }
    let (words, stems) = find_cues(s.as_bytes());
    flat_tables(text, &range, &all, &words, diags, &mut out, &mut used);
    sentences(text, &range, &stems, &mut out, &used);
    used.sort_by_key(|r| r.start);
    out.tables = used;
    out.lines.sort_by_key(|l| l.span.start);
    out.totals.sort_by_key(|l| l.span.start);
    out
}

// ---------------------------------------------------------------------------
// Decoding imputations.

/// Parts decoded from an imputation code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imputation {
    /// Nature (compte par nature).
    pub nature: Option<String>,
    /// Chapter.
    pub chapter: Option<String>,
    /// Function.
    pub function: Option<String>,
}

// 90x/91x (investissement) and 93x (fonctionnement) are the chapters
// ventilated by function; 92x/94x (non ventilés) carry no function and are
// left undecoded. [`decode_imputation`] reads the codes these patterns
// match by hand (the tests keep them): a `captures` call cost more than
// the rest of a table row.
#[cfg(test)]
static NATURE_FUNCTIONAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([1-7][0-9]{2,5})/(9[013])([0-9]{1,3})$").expect("valid regex"));
#[cfg(test)]
static CHAPTER_NATURE_FUNCTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{2,3})(?:/{1,2}|-|\.)([1-7][0-9]{2,5})(?:/{1,2}|-|\.)([0-9]{1,4})$")
        .expect("valid regex")
});
#[cfg(test)]
static CHAPTER_NATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(9[0-9]{2})(?:/{1,2}|-)([1-7][0-9]{2,5})$").expect("valid regex")
});

/// Does nature `n` belong to chapter `c`? Chapters of the nature plan
/// (65, 204, 011…) are the nature's leading digits (011 holds the 60–62
/// natures, 012 the 64, 014 the 73–739, 016/017 the allocations);
/// functional chapters (9xx) hold any nature.
fn nature_fits_chapter(n: &str, c: &str) -> bool {
    match c {
        "011" => {
            n.starts_with("60") || n.starts_with("61") || n.starts_with("62") || n.starts_with("63")
        }
        "012" => n.starts_with("64") || n.starts_with("63") || n.starts_with("62"),
        "013" => n.starts_with("60") || n.starts_with("64"),
        "014" => n.starts_with('7'),
        "015" | "016" | "017" => n.starts_with('6') || n.starts_with('7'),
        _ if c.starts_with('9') => true,
        _ => n.starts_with(c),
    }
}

/// The section the nature's class (1–2 investissement, 6–7 fonctionnement)
/// or the functional chapter (90x–92x, 93x–94x) states.
fn section_of(nature: Option<&str>, chapter: Option<&str>) -> Option<BudgetSection> {
    if let Some(n) = nature {
        return match n.as_bytes().first() {
            Some(b'1' | b'2') => Some(BudgetSection::Investment),
            Some(b'6' | b'7') => Some(BudgetSection::Operating),
            _ => None,
        };
    }
    let c = chapter?;
    if c.len() != 3 && c.len() != 2 {
        return None;
    }
    match c.as_bytes() {
        [b'9', b'0' | b'1' | b'2', _] => Some(BudgetSection::Investment),
        [b'9', b'3' | b'4', _] => Some(BudgetSection::Operating),
        [b'0', b'1', _] | [b'6' | b'7', ..] => Some(BudgetSection::Operating),
        [b'1' | b'2', ..] => Some(BudgetSection::Investment),
        _ => None,
    }
}

/// Decodes `6568/93428` (nature 6568 on functional article 93-428: chapter
/// 934, function 428), `65//6574//58` or `65-6574-58` (chapter, nature,
/// function) and `933-6574` (functional chapter, nature). Anything else —
/// the État's domaines fonctionnels included — is left undecoded.
pub fn decode_imputation(raw: &str) -> Imputation {
    let t: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let b = t.as_bytes();
    // The codes are runs of ASCII digits between separators: each run is
    // maximal, so the patterns' groups are the runs, read in turn.
    let digits = |at: usize| {
        b[at.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    // The separator at `at` (`/` or `//`, `-`, and `.` when `dot`), by its
    // length (0: none).
    let sep = |at: usize, dot: bool| match b.get(at) {
        Some(b'/') if b.get(at + 1) == Some(&b'/') => 2,
        Some(b'/' | b'-') => 1,
        Some(b'.') if dot => 1,
        _ => 0,
    };
    let nature = |at: usize, len: usize| (3..=6).contains(&len) && matches!(b[at], b'1'..=b'7');
    let d1 = digits(0);
    // `[1-7][0-9]{2,5}/(9[013])([0-9]{1,3})`.
    if nature(0, d1) && b.get(d1) == Some(&b'/') {
        let rest = &t[d1 + 1..];
        let r = rest.as_bytes();
        if (3..=5).contains(&r.len())
            && digits(d1 + 1) == r.len()
            && r[0] == b'9'
            && matches!(r[1], b'0' | b'1' | b'3')
        {
            return Imputation {
                nature: Some(t[..d1].to_owned()),
                chapter: Some(rest[..3].to_owned()),
                function: Some(rest[2..].to_owned()),
            };
        }
    }
    // `[0-9]{2,3}` (separator) `[1-7][0-9]{2,5}` then, with a function,
    // (separator) `[0-9]{1,4}`.
    let s1 = sep(d1, true);
    if (2..=3).contains(&d1) && s1 > 0 {
        let a2 = d1 + s1;
        let d2 = digits(a2);
        if nature(a2, d2) {
            let s2 = sep(a2 + d2, true);
            let a3 = a2 + d2 + s2;
            let d3 = digits(a3);
            if s2 > 0 && (1..=4).contains(&d3) && a3 + d3 == b.len() {
                let (c, n) = (&t[..d1], &t[a2..a2 + d2]);
                if nature_fits_chapter(n, c) {
                    return Imputation {
                        chapter: Some(c.to_owned()),
                        nature: Some(n.to_owned()),
                        function: Some(t[a3..].to_owned()),
                    };
                }
            }
            // `9[0-9]{2}` (`/`, `//` or `-`) `[1-7][0-9]{2,5}`.
            if d1 == 3 && b[0] == b'9' && b[d1] != b'.' && a2 + d2 == b.len() {
                return Imputation {
                    chapter: Some(t[..d1].to_owned()),
                    nature: Some(t[a2..].to_owned()),
                    function: None,
                };
            }
        }
    }
    Imputation::default()
}

/// Builds this module's patterns now rather than at their first use (see
/// [`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&ID_CUE);
    LazyLock::force(&CUE_BITS);
    LazyLock::force(&FLAT_HEAD);
    LazyLock::force(&IMPUTE);
    LazyLock::force(&DOMAINE);
    LazyLock::force(&CHAPTER_WORDS);
    LazyLock::force(&NATURE_WORDS);
    LazyLock::force(&FUNCTION_WORDS);
    LazyLock::force(&CODE_IN_TEXT);
    LazyLock::force(&UPPER);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row's cell longer than [`MAX_HEADER_CELL`] names no column: the
    /// same row with the cell short is a header, with it long is not.
    #[test]
    fn a_long_cell_names_no_column() {
        let row = |label: &str| format!("{label}\tMontant proposé");
        let short = row("N° opération");
        let (split, cells) = split_row(&short);
        assert!(header_of(split, &short, &cells).is_some());
        let long = row(&format!("N° opération {}", "et caetera ".repeat(20)));
        let (split, cells) = split_row(&long);
        assert!(cells.iter().any(|c| c.b - c.a > MAX_HEADER_CELL));
        assert!(header_of(split, &long, &cells).is_none());
    }
    use crate::offsets::OffsetMap;

    fn budget(s: &str) -> Budget {
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        extract(&t, 0..s.len(), &mut Vec::new())
    }

    fn lines(s: &str) -> Vec<BudgetLine> {
        budget(s).lines
    }

    #[test]
    fn tab_table() {
        let l = lines(
            "Code Opération\tImputation Budgétaire\tLibellé Opération\tAE €\tDépense €\nC01-1\t6568/93428\tPartenariats\t375 000,00\t60 000,00\n",
        );
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].imputation.as_deref(), Some("6568/93428"));
        assert_eq!(l[0].chapter.as_deref(), Some("934"));
        assert_eq!(l[0].function.as_deref(), Some("428"));
        assert_eq!(l[0].section, Some(BudgetSection::Operating));
        assert_eq!(l[0].amounts.len(), 2);
        assert_eq!(l[0].amounts[0].kind, AmountKind::CommitmentAuthorization);
        assert_eq!(l[0].amounts[1].value.to_string(), "60000.00");
    }

    #[test]
    fn pipe_and_layout_tables() {
        let md = budget(
            "| Imputation | Libellé | Montant |\n|---|---|---|\n| 6574/93311 | Aide | 1 200,00 |\n| Total | | 1 200,00 |\n",
        );
        // A total cell spanning two columns.
        let html = budget(
            "Imputation\tLibellé\tAE €\tCP €\t\n6574/93311\tAide\t1 200,00\t300,00\t\nTotal\t1 200,00\t300,00\t\n",
        );
        assert_eq!(html.lines.len(), 1);
        let t: Vec<(&str, String)> = html.totals[0]
            .amounts
            .iter()
            .map(|a| (a.column.as_str(), a.value.to_string()))
            .collect();
        assert_eq!(
            t,
            [
                ("AE €", "1200.00".to_owned()),
                ("CP €", "300.00".to_owned())
            ]
        );
        assert_eq!(md.lines.len(), 1);
        assert_eq!(md.lines[0].amounts[0].value.to_string(), "1200.00");
        assert_eq!(md.totals.len(), 1);
        let lay = lines(
            "Imputation      Libellé            Montant\n6574/93311      Aide aux clubs     1 200,00\n",
        );
        assert_eq!(lay.len(), 1);
        assert_eq!(lay[0].label.as_deref(), Some("Aide aux clubs"));
    }

    #[test]
    fn imputations() {
        assert_eq!(
            decode_imputation("65//6574//58").chapter.as_deref(),
            Some("65")
        );
        assert_eq!(
            decode_imputation("204142/91738").chapter.as_deref(),
            Some("917")
        );
        let d = decode_imputation("933-6574");
        assert_eq!(d.chapter.as_deref(), Some("933"));
        assert_eq!(d.nature.as_deref(), Some("6574"));
        assert_eq!(d.function, None);
        // Non-ventilated chapters carry no function: not decoded.
        assert_eq!(decode_imputation("66111/94301"), Imputation::default());
        // A nature that is not in its chapter: not decoded.
        assert_eq!(decode_imputation("65-2041-58"), Imputation::default());
        // The État's domaines fonctionnels are not M52/M57 codes.
        assert_eq!(decode_imputation("0177-12-06"), Imputation::default());
        assert_eq!(
            section_of(Some("204142"), None),
            Some(BudgetSection::Investment)
        );
        assert_eq!(
            section_of(None, Some("902")),
            Some(BudgetSection::Investment)
        );
        assert_eq!(section_of(None, Some("65")), Some(BudgetSection::Operating));
        assert_eq!(section_of(None, Some("45")), None);
    }

    fn one(s: &str) -> BudgetLine {
        let l = lines(s);
        assert_eq!(l.len(), 1, "{l:#?}");
        l.into_iter().next().unwrap()
    }

    #[test]
    fn imputation_sentences() {
        let l = one(
            "d'un montant de 18 500,00 € imputée sur le chapitre 65, article 6574,\nfonction 58 du budget départemental ;\n",
        );
        assert_eq!(l.imputation, None);
        assert_eq!(l.chapter.as_deref(), Some("65"));
        assert_eq!(l.nature.as_deref(), Some("6574"));
        assert_eq!(l.function.as_deref(), Some("58"));
        assert_eq!(l.amounts[0].value.to_string(), "18500.00");
        let l = one(
            "La somme de 4 320,00 € est imputée sur les crédits du programme 104, activité 010402020101,\ndomaine fonctionnel 0104-12-02, catégorie de produit 10.05.01.\n",
        );
        assert_eq!(l.imputation.as_deref(), Some("0104-12-02"));
        assert_eq!(l.nature, None);
        let l = one("Cette dépense de 7.000 € sera imputée au 65//6574//58.\n");
        assert_eq!(l.imputation.as_deref(), Some("65//6574//58"));
        assert_eq!(l.chapter.as_deref(), Some("65"));
        assert_eq!(l.amounts[0].value.to_string(), "7000.00");
        let l = one("Le crédit de 2 500 € est imputé sur le 933-6574 du budget 2024.\n");
        assert_eq!(l.chapter.as_deref(), Some("933"));
        assert_eq!(l.nature.as_deref(), Some("6574"));
        // No amount in the sentence: the amount is only referred to.
        assert!(
            lines("Ce montant est imputé sur le programme 303, domaine fonctionnel 0303-02-18.\n")
                .is_empty()
        );
        // Several amounts: only the one right before the verb is taken.
        let l = one(
            "Sur un coût de 50 000 €, une aide de 5 000 € est imputée sur le chapitre 65, article 6574.\n",
        );
        assert_eq!(l.amounts[0].value.to_string(), "5000.00");
        assert!(
            lines("Une aide de 5 000 € sur un coût de 50 000 € pour l'année, imputée au chapitre 65, article 6574.\n")
                .is_empty()
        );
        let l = one("Imputation : 6568/93428 pour un montant de 2 000 €.\n");
        assert_eq!(l.chapter.as_deref(), Some("934"));
        // Nor is an article of a code.
        assert!(
            lines("La somme de 300 € est imputée conformément à l'article L. 2121-29 du code.\n")
                .is_empty()
        );
        // A date is not an imputation.
        assert!(lines("La somme de 300 € sera imputée à compter du 01/07/2021.\n").is_empty());
    }

    #[test]
    fn one_cell_per_paragraph() {
        // A footnote cell in the header and one cell fewer in the row: the
        // row is read right-aligned.
        let b = budget(
            "Actions\n1\n\nLibellé\ndomaine\n\ncode\nactivité\n\nN° Domaine\nfonctionnel\n\nmontant de la\nsubvention\n\nAccueil de\njour\n\n0304-0150-14-03\n\n304-14-03\n\n3 200 €\n\nTotal\n\n3 200 €\n\nLa contribution sera versée en une fois.\n",
        );
        assert_eq!(b.lines.len(), 1, "{b:#?}");
        assert_eq!(b.lines[0].imputation.as_deref(), Some("304-14-03"));
        assert_eq!(b.lines[0].label.as_deref(), Some("Accueil de jour"));
        assert_eq!(b.lines[0].amounts[0].value.to_string(), "3200.00");
        assert_eq!(b.totals.len(), 1);
        // Cells that do not fill the rows: nothing is guessed.
        let mut d = Vec::new();
        let s = "Imputation\n\nLibellé\n\nMontant\n\nAide\n\n1 000 €\n\nAutre\n\n6574/93311\n\n2 000 €\n\nFin\n";
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        assert!(extract(&t, 0..s.len(), &mut d).lines.is_empty());
        assert!(d.iter().any(|x| x.code == "budget.unreadable_table"));
    }

    #[test]
    fn table_flattened_to_one_line() {
        let b = budget(
            "Chapitre Crédits votés (en €) Engagé (en €) Engagement Proposé (en €) Jeunesse Bourses aux étudiants 932 1 442 800,00 951 039,40 27 450,00\n",
        );
        assert_eq!(b.lines.len(), 1, "{b:#?}");
        let l = &b.lines[0];
        assert_eq!(l.chapter.as_deref(), Some("932"));
        assert_eq!(l.label.as_deref(), Some("Jeunesse Bourses aux étudiants"));
        let v: Vec<String> = l.amounts.iter().map(|a| a.value.to_string()).collect();
        assert_eq!(v, ["1442800.00", "951039.40", "27450.00"]);
        assert_eq!(l.amounts[2].kind, AmountKind::Proposed);
        // Without decimals « 1 442 800 951 039 » splits several ways: left out.
        let mut d = Vec::new();
        let s = "Chapitre Crédits votés Engagé Proposé Jeunesse 932 12 442 800 951 039 450\n";
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        assert!(extract(&t, 0..s.len(), &mut d).lines.is_empty());
        assert!(d.iter().any(|x| x.code == "budget.unreadable_table"));
    }

    #[test]
    fn cells_empty_dash_and_negative() {
        let l = one(
            "Imputation\tLibellé\tDisponible €\tProposition €\tSolde €\n2031/90738\tÉtudes\t-\t-1 200,50\t\n",
        );
        assert_eq!(l.amounts.len(), 1);
        assert_eq!(l.amounts[0].value.to_string(), "-1200.50");
        assert_eq!(l.section, Some(BudgetSection::Investment));
    }

    #[test]
    fn extra_cells_are_reported() {
        let s = "Imputation\tLibellé\tMontant €\n6574/93311\tAide\t1 000,00\t2 000,00\n";
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        let mut d = Vec::new();
        let b = extract(&t, 0..s.len(), &mut d);
        assert_eq!(b.lines.len(), 1);
        assert_eq!(b.lines[0].amounts.len(), 1);
        assert!(d.iter().any(|x| x.code == "budget.extra_cells"));
    }

    #[test]
    fn two_amounts_under_one_layout_column_are_reported() {
        let s = "  Imputation     Libellé     Montant €\n  6574/93311     Aide        1 000,00     2 000,00\n";
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        let mut d = Vec::new();
        let b = extract(&t, 0..s.len(), &mut d);
        assert!(d.iter().any(|x| x.code == "budget.extra_cells"), "{d:?}");
        // The amount is not guessed.
        assert!(b.lines.iter().all(|l| l.amounts.is_empty()), "{b:#?}");
    }

    #[test]
    fn prose_after_a_table_is_not_a_row() {
        let l = lines(
            "    Imputation      Libellé            Montant\n    6574/93311      Aide aux clubs     1 200,00\n\nArticle 2 : le RIB  12719  00804  72003318845  25 est joint.\n    12719           00804              72003318845\n",
        );
        assert_eq!(l.len(), 1, "{l:#?}");
    }

    #[test]
    fn wrapped_cells_and_two_line_headers() {
        // A tab row whose label goes on in the next row's label cell.
        let l = one(
            "Imputation\tLibellé\tMontant €\n6574/93311\tAide aux clubs\t1 000,00\n\tde haut niveau\t\n",
        );
        assert_eq!(l.label.as_deref(), Some("Aide aux clubs de haut niveau"));
        // … or on a line of its own, the table going on after it.
        let l = lines(
            "Imputation\tLibellé\tMontant €\n6574/93311\tAide aux clubs\t1 000,00\nde haut niveau\n6574/93312\tAide aux écoles\t2 000,00\n",
        );
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].label.as_deref(), Some("Aide aux clubs de haut niveau"));
        assert_eq!(l[1].amounts[0].value.to_string(), "2000.00");
        let l = one("Imputation\tLibellé\tMontant €\n6574/93311\tAide\t1 000,00\n\nAdopté\n");
        assert_eq!(l.label.as_deref(), Some("Aide"));
        // A layout header whose second line completes the column names.
        let l = one(
            "  Imputation      Libellé          Crédits votés     Engagé\n                                   (en €)            (en €)\n  6574/93311      Aide             2 000,00          1 500,00\n",
        );
        assert_eq!(l.amounts[0].column, "Crédits votés (en €)");
        assert_eq!(l.amounts[1].value.to_string(), "1500.00");
    }

    #[test]
    fn programme_tables() {
        let l = one(
            "N° AP\tLibellé\tAP €\tCP 2025 €\tCP 2026 €\n2025-P04\tCollèges\t3 000 000\t1 000 000\t2 000 000\n",
        );
        assert_eq!(l.operation_code.as_deref(), Some("2025-P04"));
        let kinds: Vec<AmountKind> = l.amounts.iter().map(|a| a.kind).collect();
        assert_eq!(
            kinds,
            [
                AmountKind::ProgramAuthorization,
                AmountKind::PaymentCredit,
                AmountKind::PaymentCredit
            ]
        );
    }

    #[test]
    fn cells_broken_over_lines() {
        // `<td>Aide aux clubs<br>de haut niveau</td>`: the row is rejoined.
        let l = one(
            "Imputation\tLibellé\tAE €\tDépense €\t\n6574/93311\tAide aux clubs\nde haut niveau\t120 000,00\t45 250,00\t\n",
        );
        assert_eq!(l.label.as_deref(), Some("Aide aux clubs de haut niveau"));
        assert_eq!(l.amounts.len(), 2);
        // A row whose cells slid under the wrong columns gives no amount.
        let s = "Imputation\tLibellé\tAE €\tDépense €\naides\t120 000,00\t45 250,00\n";
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        let mut d = Vec::new();
        assert!(extract(&t, 0..s.len(), &mut d).lines.is_empty());
        assert!(d.iter().any(|x| x.code == "budget.misaligned_row"));
    }

    #[test]
    fn a_layout_table_ends_at_the_prose() {
        let l = lines(
            "    Imputation      Libellé                 AP €         CP €\n    204142/91738    Centres-bourgs    1 250 000,00   310 000,00\n\n    Article 2 : d'attribuer une subvention à l'association du quartier\n    Code banque   Code guichet   N° de compte   Clé\n    12719         00804          72003318845    25\n",
        );
        assert_eq!(l.len(), 1, "{l:#?}");
    }

    #[test]
    fn one_cell_per_line() {
        let b = budget(
            "Article 1 : d'attribuer :\nImputation\nLibellé\nAE €\nDépense €\n6574/93311\nAide aux clubs\n120 000,00\n45 250,00\nTotal\n120 000,00\n45 250,00\nArticle 2 : de dire que la dépense est prévue au budget.\n",
        );
        assert_eq!(b.lines.len(), 1, "{b:#?}");
        assert_eq!(b.lines[0].label.as_deref(), Some("Aide aux clubs"));
        assert_eq!(b.lines[0].amounts[1].value.to_string(), "45250.00");
        assert_eq!(b.totals.len(), 1);
    }

    #[test]
    fn a_table_is_not_an_imputation_sentence() {
        // The header's « Imputation » and « CP 2024 € » are no sentence.
        let l = lines(
            "Article 1 : d'attribuer les crédits de paiement suivants :\n\n    Imputation      Libellé          AP €          CP 2024 €\n    204142/91738    Centres     1 000 000,00       500 000,00\n",
        );
        assert_eq!(l.len(), 1, "{l:#?}");
        assert_eq!(l[0].amounts.len(), 2);
    }

    #[test]
    fn fold_first_letters() {
        for s in [
            "Total",
            " - total",
            "_ SOUS-TOTAL",
            "Sous total",
            "Étude",
            "",
            " ",
            "'x",
            "6574",
            "\u{301}Total",
            "’Total",
            "Article 2",
            "ARTICLE",
            "(Total)",
            "ßa",
        ] {
            let f = crate::departements::fold(s);
            for first in [b'T', b'S', b'A'] {
                if f.as_bytes().first() == Some(&first) {
                    assert!(fold_may_start_with(s, first), "{s:?}");
                }
            }
        }
        // Every character, first or after what fold drops.
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            for s in [format!("{c}x"), format!(" -{c}x"), format!("{c}")] {
                let f = crate::departements::fold(&s);
                if let Some(&first) = f.as_bytes().first() {
                    if first.is_ascii_uppercase() {
                        assert!(fold_may_start_with(&s, first), "{s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn ascii_id_cues_are_the_regex() {
        // Every word is one `ascii_id_cue` knows.
        for w in ID_WORDS {
            assert!(ascii_id_cue(w.as_bytes()), "{w}");
        }
        assert_eq!(ID_WORDS.len(), 7);
        for s in [
            "",
            "Article 1 : ",
            "Code Opération",
            "imputation",
            "xChApItRe",
            "N AP",
            "NATUR",
            "compt e",
            "Fonctionnel\tx",
            "progRAMME 3",
        ] {
            if s.is_ascii() {
                assert_eq!(ascii_id_cue(s.as_bytes()), ID_CUE.is_match(s), "{s:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_id_cues_agree_with_the_regex(
            s in "(imputation|fonctionnel|OPERATION|Programme|chapitrE|NaTuRe|compte|n|N|AP|[a-zA-Z]{1,6}|[ \t\n:|°-]){0,8}"
        ) {
            if s.is_ascii() {
                proptest::prop_assert_eq!(ascii_id_cue(s.as_bytes()), ID_CUE.is_match(&s));
            }
            proptest::prop_assert_eq!(id_cue(&s), ID_CUE.is_match(&s));
        }
    }

    proptest::proptest! {
        #[test]
        fn cue_automaton_is_the_regex(
            s in "(imputation|fonctionnel|OPERATION|Programme|chapitrE|NaTuRe|compte|n|N|AP|[a-zA-Z]{1,6}|[ \t\n:|°'_-]|[éÉÈçÇœŒæÆßﬁﬅİıÑñ€«»’\u{a0}\u{301}\u{327}\u{1e9e}\u{1ec7}\u{212a}\u{212b}\u{fb00}-\u{fb06}]|\\PC){0,10}"
        ) {
            proptest::prop_assert_eq!(cue_automaton(&s), ID_CUE.is_match(&s));
        }
    }

    /// The cells' byte ranges of a tab or pipe row as `str::split` gave
    /// them, for the test below.
    fn split_pieces_slow(line: &str, sep: char) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        for part in line.split(sep) {
            out.push((pos, pos + part.len()));
            pos += part.len() + 1;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn tab_and_pipe_cells_are_str_split(s in "[a|\t é ]{0,24}") {
            let (split, cells) = split_row(&s);
            let got: Vec<(usize, usize)> = cells.iter().map(|c| (c.a, c.b)).collect();
            let trimmed_empty = |&(a, b): &(usize, usize)| s[a..b].trim().is_empty();
            match split {
                Split::Pipe => {
                    let mut want = split_pieces_slow(&s, '|');
                    if want.first().is_some_and(trimmed_empty) {
                        want.remove(0);
                    }
                    if want.last().is_some_and(trimmed_empty) {
                        want.pop();
                    }
                    proptest::prop_assert_eq!(got, want);
                }
                Split::Tab => {
                    let mut want = split_pieces_slow(&s, '\t');
                    while want.len() > 1 && want.last().is_some_and(trimmed_empty) {
                        want.pop();
                    }
                    proptest::prop_assert_eq!(got, want);
                }
                Split::Layout => proptest::prop_assert!(!s.contains('\t')),
            }
        }
    }

    #[test]
    fn lines_with_offsets_are_lines_of() {
        for s in ["", "\n", "a", "a\n", "a\nb", "\n\nab\r\n é\n", "x\n\n"] {
            let want: Vec<(usize, &str)> = crate::text::lines_of(s).collect();
            assert_eq!(lines_with_offsets(s), want, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn lines_with_offsets_agree_with_lines_of(s in "[a\n\ré ]{0,30}") {
            let want: Vec<(usize, &str)> = crate::text::lines_of(&s).collect();
            proptest::prop_assert_eq!(lines_with_offsets(&s), want);
        }
    }

    #[test]
    fn cue_automaton_reads_every_character_as_the_regex() {
        // Each character outside ASCII of the classes' blocks (and a few
        // others) in place of each letter, and between letters, of each
        // alternative.
        let spellings: Vec<String> = ID_WORDS
            .iter()
            .map(|w| w.to_string())
            .chain(["N° AP".to_owned(), "n°\n-AP".to_owned()])
            .collect();
        let chars = FOLDS_TO_LATIN
            .iter()
            .flat_map(|r| r.clone())
            .chain([0x300, 0x301, 0x2019, 0x202f, 0x1f600, 0x10ffff])
            .filter_map(char::from_u32);
        for c in chars {
            for w in &spellings {
                let cs: Vec<char> = w.chars().collect();
                for k in 0..=cs.len() {
                    let mut put: String = cs[..k].iter().collect();
                    put.push(c);
                    let swapped: String = put
                        .chars()
                        .chain(cs[(k + 1).min(cs.len())..].iter().copied())
                        .collect();
                    let inserted: String = put.chars().chain(cs[k..].iter().copied()).collect();
                    for t in [swapped, inserted] {
                        assert_eq!(cue_automaton(&t), ID_CUE.is_match(&t), "{t:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn id_cues_cover_every_spelling_fold_reads() {
        // Every character that `fold` writes as (or with) a letter of an
        // identifying word lies in the blocks the classes are built from;
        // only « ° » writes « ° »; no character writes two consecutive
        // letters of a word.
        let words: Vec<&str> = ID_WORDS.iter().copied().chain(["AP"]).collect();
        for u in 0x80u32..=0x10FFFF {
            let Some(c) = char::from_u32(u) else { continue };
            let f = crate::departements::fold(c.encode_utf8(&mut [0; 4]));
            if f.chars().any(|l| l.is_ascii_uppercase()) {
                assert!(FOLDS_TO_LATIN.iter().any(|r| r.contains(&u)), "{c:?}");
            }
            assert!(c == '°' || !f.contains('°'), "{c:?}");
            let b = f.as_bytes();
            for w in b.windows(2) {
                if w.iter().all(u8::is_ascii_uppercase) {
                    let pair = std::str::from_utf8(w).unwrap();
                    assert!(words.iter().all(|x| !x.contains(pair)), "{c:?}");
                }
            }
        }
        // What the cues find, in accented, combined and split spellings.
        for (s, cue) in [
            ("Code Opération\tAE €", true),
            ("IMPUTATION BUDGÉTAIRE", true),
            ("Ope\u{301}ration", true),
            ("N° Domaine\nfonctionnel", true),
            ("N°\n\nAP", true),
            ("n° AP 2024", true),
            ("ÇHAPİTRE", true),
            ("Numéro de l'opérateur", false),
            ("natures", true),
            ("nat ure", false),
            ("un crédit de 3 000 €", false),
        ] {
            assert_eq!(id_cue(s), cue, "{s:?}");
        }
    }

    #[test]
    fn tables_masked_byte_for_byte() {
        // The tables blanked by their bytes, as one copy then blanked.
        let raw = "ab\ncdé\nfg hij\n\nklmnop€q\nr";
        let base = 100;
        let cases: [&[Range<usize>]; 6] = [
            &[],
            &[0..3, 0..0],
            &[103..108, 101..104],
            &[90..102, 110..200],
            &[105..105, 107..112, 107..109],
            &[100..126, 126..126],
        ];
        for used in cases {
            let mut bytes = raw.as_bytes().to_vec();
            for u in used {
                let r = u.start.clamp(base, base + raw.len()) - base
                    ..u.end.clamp(base, base + raw.len()) - base;
                for b in &mut bytes[r] {
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
            }
            let want = String::from_utf8(bytes).unwrap();
            assert_eq!(mask_tables(raw, base, used), want, "{used:?}");
        }
    }

    #[test]
    fn flat_starts_are_the_regex() {
        const P: &[&str] = &[
            "chapitre",
            "CHAPITRE",
            "Nature",
            "imputation",
            "IMPUTATIONS",
            "imput",
            "ation",
            " ",
            "  ",
            "\t",
            "x",
            "é",
            "natur",
            "e",
            "Chapitre ",
            "\n",
            "K",
            "İ",
            "ı",
        ];
        let mut next = crate::text::xorshift(0xf1a7);
        for _ in 0..20000 {
            let s = crate::text::pieces(&mut next, P, 12);
            let (words, _) = find_cues(s.as_bytes());
            let want = FLAT_START.find(&s).map(|m| {
                if m.as_str().starts_with(' ') {
                    m.start() + 1
                } else {
                    m.start()
                }
            });
            assert_eq!(flat_start(&s, words.into_iter()), want, "{s:?}");
        }
    }

    #[test]
    fn chunked_cues_are_the_whole_range_search() {
        const P: &[&str] = &[
            "chapitre",
            "CHAPITRE",
            "Nature",
            "imputation",
            "IMPUT",
            "ation",
            "prelev",
            "PRÉLEV",
            "prélev",
            "pr",
            "É",
            "é",
            "lev",
            "nat",
            "ure",
            " ",
            "\n",
            "x",
            "İ",
        ];
        let mut next = crate::text::xorshift(0xc0e5);
        for _ in 0..3000 {
            let s = crate::text::pieces(&mut next, P, 16);
            let folded = caseless(&s);
            let (mut words, mut stems) = (Vec::new(), Vec::new());
            for m in CUES.find_iter(&folded) {
                match m.as_bytes()[0] {
                    b'i' => {
                        if folded[m.end()..].starts_with(b"ation") {
                            words.push(m.start()..m.end() + 5);
                        }
                        stems.push(m.range());
                    }
                    b'p' => stems.push(m.range()),
                    _ => words.push(m.range()),
                }
            }
            for chunk in [1, 2, 3, 5, 7, 8, 13, 31, CUE_CHUNK] {
                let got = cues_by_chunks(s.as_bytes(), chunk);
                assert_eq!(got, (words.clone(), stems.clone()), "{s:?} {chunk}");
            }
        }
    }

    #[test]
    fn decode_imputation_reads_what_the_patterns_match() {
        fn by_regex(raw: &str) -> Imputation {
            let t: String = raw.split_whitespace().collect::<Vec<_>>().join("");
            if let Some(c) = NATURE_FUNCTIONAL.captures(&t) {
                let func = &c[3];
                return Imputation {
                    nature: Some(c[1].to_owned()),
                    chapter: Some(format!("{}{}", &c[2], &func[..1])),
                    function: Some(func.to_owned()),
                };
            }
            if let Some(c) = CHAPTER_NATURE_FUNCTION.captures(&t) {
                if nature_fits_chapter(&c[2], &c[1]) {
                    return Imputation {
                        chapter: Some(c[1].to_owned()),
                        nature: Some(c[2].to_owned()),
                        function: Some(c[3].to_owned()),
                    };
                }
            }
            if let Some(c) = CHAPTER_NATURE.captures(&t) {
                return Imputation {
                    chapter: Some(c[1].to_owned()),
                    nature: Some(c[2].to_owned()),
                    function: None,
                };
            }
            Imputation::default()
        }
        const P: &[&str] = &[
            "6568", "/", "//", "93428", "-", ".", "9", "3", "1", "0", "7", "65", "6574", "58",
            "011", "60", " ", "\u{a0}", "é", "a", "8", "204", "2", "12345", "٣",
        ];
        let mut next = crate::text::xorshift(0xdec0);
        for _ in 0..100_000 {
            let s = crate::text::pieces(&mut next, P, 7);
            assert_eq!(decode_imputation(&s), by_regex(&s), "{s:?}");
        }
        // Runs of digits between separators, as codes are written.
        const D: &[&str] = &["1", "2", "6", "7", "9", "0", "3", "01", "93", "65", "4"];
        const S: &[&str] = &["/", "//", "-", ".", "///", " ", "/ ", "x"];
        let mut found = 0;
        for _ in 0..100_000 {
            let mut s = crate::text::pieces(&mut next, D, 5);
            for _ in 0..next() % 3 {
                s.push_str(S[(next() % S.len() as u64) as usize]);
                s.push_str(&crate::text::pieces(&mut next, D, 6));
            }
            let want = by_regex(&s);
            found += usize::from(want != Imputation::default());
            assert_eq!(decode_imputation(&s), want, "{s:?}");
        }
        assert!(found > 200, "{found}");
    }

    #[test]
    fn lines_that_may_be_cells_hold_every_cell() {
        const P: &[&str] = &[
            "a",
            "é",
            "Montant",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "\u{2009}",
            ".",
            ":",
            ";",
            "x.",
            "1",
            "ARTICLE",
            "«",
            "\u{85}",
            "-",
            "abcdefghij",
        ];
        let mut next = crate::text::xorshift(0xce11);
        for _ in 0..50_000 {
            let s = crate::text::pieces(&mut next, P, 24);
            let t = s.trim();
            if t.is_empty() || t.contains('\n') {
                continue;
            }
            let counts = word_counts(t);
            let short = counts.0 <= 8 && counts.1 <= 60;
            if short && is_cell_block(&collapse(t)) {
                assert!(may_be_cell(t, counts), "{t:?}");
            }
        }
    }

    #[test]
    fn quick_fold_is_fold() {
        // Every character, alone, between letters, after a space and
        // before a separator: a fold known here is `fold`'s.
        let mut known = 0;
        for c in (0u32..0x3100)
            .chain(0xFB00..0xFB10)
            .filter_map(char::from_u32)
        {
            for s in [
                format!("{c}"),
                format!("a{c}b"),
                format!("x {c}"),
                format!("{c}-y"),
                format!("{c}{c} ’é"),
            ] {
                if let Some(q) = quick_fold(&s) {
                    known += 1;
                    assert_eq!(q, crate::departements::fold(&s).into_bytes(), "{s:?}");
                }
            }
        }
        assert!(known > 128 * 5, "{known}");
        for s in [
            "Crédits de paiement 2024 (en €)",
            "N° AP",
            "Opération « œuvre »\u{a0}: 3",
        ] {
            assert!(quick_fold(s).is_some(), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn quick_fold_agrees_with_fold(s in "[a-zA-Z0-9 \t\n\r\u{b}\u{c}\u{1c}'_éÉàçœŒ«»°·€…–—“”’\u{a0}\u{2009}\u{202f}\u{301}ß\\PC-]{0,40}") {
            if let Some(q) = quick_fold(&s) {
                proptest::prop_assert_eq!(q, crate::departements::fold(&s).into_bytes());
            }
        }
    }

    #[test]
    fn layout_rows_split_as_the_regex_did() {
        const P: &[&str] = &[
            " ",
            "  ",
            "   ",
            "a",
            "é",
            "€",
            "Imputation",
            "1 000,00",
            "|",
            "ᚠ",
        ];
        let mut next = crate::text::xorshift(0x1a70);
        for _ in 0..20000 {
            let line = crate::text::pieces(&mut next, P, 16);
            if line.contains('\t') || line.trim_start().starts_with('|') {
                continue;
            }
            let mut want = Vec::new();
            let mut pos = 0;
            let col = |b: usize| line[..b].chars().count();
            for m in LAYOUT_SPLIT.find_iter(&line) {
                if m.start() > pos {
                    want.push((pos, m.start(), col(pos), col(m.start())));
                }
                pos = m.end();
            }
            if pos < line.len() {
                want.push((pos, line.len(), col(pos), col(line.len())));
            }
            want.retain(|c| !line[c.0..c.1].trim().is_empty());
            let (split, cells) = split_row(&line);
            assert_eq!(split, Split::Layout);
            let got: Vec<_> = cells.iter().map(|c| (c.a, c.b, c.from, c.to)).collect();
            assert_eq!(got, want, "{line:?}");
        }
    }

    /// `word_counts` as it was, one character at a time.
    fn word_counts_slow(t: &str) -> (u8, u8) {
        let (mut words, mut letters, mut in_word) = (0u32, 0u32, false);
        for c in t.chars() {
            if c.is_whitespace() {
                in_word = false;
                continue;
            }
            if !in_word {
                in_word = true;
                words += 1;
            }
            letters += 1;
        }
        if words > 8 || letters > 60 {
            MANY
        } else {
            (words as u8, letters as u8)
        }
    }

    #[test]
    fn word_counts_and_trims_as_char_by_char() {
        const P: &[&str] = &[
            "a", "Bc", " ", "  ", "\t", "\r", "\u{b}", "\u{c}", "\u{1c}", "é", "€", "\u{a0}",
            "\u{85}", "\u{2003}", "\u{202f}", "\u{3000}", "\u{1680}", "\u{2019}", "ᚠ", "𝄞", "mot",
            "\u{7f}", "!", "~",
        ];
        let mut next = crate::text::xorshift(0xc0c0);
        for _ in 0..20000 {
            let s = crate::text::pieces(&mut next, P, 70);
            assert_eq!(word_counts(&s), word_counts_slow(&s), "{s:?}");
            let (a, e) = trim_bounds(&s);
            assert_eq!(&s[a..e], s.trim(), "{s:?}");
            if !s.trim().is_empty() {
                assert_eq!(a, s.len() - s.trim_start().len(), "{s:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn word_counts_as_char_by_char(s in "[a-z \t\n\r\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}é€’\\PC]{0,90}") {
            proptest::prop_assert_eq!(word_counts(&s), word_counts_slow(&s));
            let (a, e) = trim_bounds(&s);
            proptest::prop_assert_eq!(&s[a..e], s.trim());
        }
    }

    /// `column_kind` as it was, one search per word, for the test below.
    fn column_kind_slow(header: &str) -> Column {
        let h = crate::departements::fold(header);
        // `str::contains` sets up a Two-Way search each time, which costs more
        // than the search on a header's few bytes; `memmem::find` does not.
        let hb = h.as_bytes();
        let contains = |w: &str| memmem::find(hb, w.as_bytes()).is_some();
        // A word of `h` (words are separated by single spaces): an occurrence
        // with a space or an end on either side.
        let has = |w: &str| {
            memmem::find_iter(hb, w.as_bytes()).any(|at| {
                (at == 0 || hb[at - 1] == b' ') && hb.get(at + w.len()).is_none_or(|&b| b == b' ')
            })
        };
        if contains("IMPUTATION") {
            Column::Imputation
        } else if (contains("OPERATION") && (contains("CODE") || contains("N ") || has("N°")))
            || h.starts_with("PROGRAMME")
            || h.starts_with("N° AP")
            || h.starts_with("N° PROGRAMME")
        {
            // AP/CP tables of investment programmes are keyed by the programme.
            Column::Operation
        } else if contains("LIBELLE") || contains("INTITULE") || contains("OBJET") {
            Column::Label
        } else if contains("DOMAINE FONCTIONNEL") {
            // The État's « N° domaine fonctionnel » (0177-12-06) is its imputation.
            Column::Imputation
        } else if h.starts_with("CHAPITRE") {
            Column::Chapter
        } else if h.starts_with("NATURE") || h.starts_with("COMPTE") {
            Column::Nature
        } else if h.starts_with("FONCTION") || h.starts_with("SOUS FONCTION") {
            Column::Function
        } else if contains("DISPONIBLE") {
            Column::Amount(AmountKind::Available)
        } else if contains("PROPOSITION") || contains("PROPOSE") {
            Column::Amount(AmountKind::Proposed)
        } else if contains("SOLDE") || contains("RESTE") {
            Column::Amount(AmountKind::Remaining)
        } else if contains("DEPENSE") || contains("MONTANT") || contains("SUBVENTION") {
            Column::Amount(AmountKind::Expense)
        } else if has("AP") || contains("AUTORISATION DE PROGRAMME") {
            Column::Amount(AmountKind::ProgramAuthorization)
        } else if has("AE") || contains("AUTORISATION D ENGAGEMENT") {
            Column::Amount(AmountKind::CommitmentAuthorization)
        } else if has("CP") || contains("CREDITS DE PAIEMENT") {
            Column::Amount(AmountKind::PaymentCredit)
        } else if contains("CREDITS") || contains("ENGAGE") || contains("VOTE") {
            Column::Amount(AmountKind::Other)
        } else if h
            .split(' ')
            .next()
            .is_some_and(|w| KNOWN_HEADERS.contains(&w))
        {
            Column::Known
        } else {
            Column::Ignored
        }
    }

    #[test]
    fn column_kind_reads_as_one_search_per_word_did() {
        let parts = [
            "Imputation",
            "Code",
            "Opération",
            "N°",
            "N ",
            "n°",
            "AP",
            "AE",
            "CP",
            "Libellé",
            "Intitulé",
            "objet",
            "domaine fonctionnel",
            "Disponible",
            "Proposition",
            "Proposé",
            "Solde",
            "Reste",
            "Dépense",
            "Montant",
            "Subvention",
            "Autorisation de programme",
            "Autorisation d'engagement",
            "Crédits de paiement",
            "Crédits",
            "Engagé",
            "Voté",
            "Programme",
            "Chapitre",
            "Nature",
            "Compte",
            "Fonction",
            "Sous-fonction",
            "Action",
            "Tiers",
            "x",
            " ",
            "-",
            "2024",
            "€",
            "(en €)",
            "CAP",
            "APE",
            "NATURE",
            "°",
        ];
        let n = parts.len();
        for a in 0..n {
            for b in 0..n {
                for sep in ["", " ", "  "] {
                    let s = format!("{}{sep}{}", parts[a], parts[b]);
                    assert_eq!(column_kind(&s), column_kind_slow(&s), "{s:?}");
                    let s = format!("{}{sep}{}{sep}{}", parts[b], parts[a], parts[(a + b) % n]);
                    assert_eq!(column_kind(&s), column_kind_slow(&s), "{s:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn sentence_ends_are_the_regex(s in "[.;:\n \ta-cA-CéÉ€\u{2160}\u{1c4}\u{1c5}\u{a0}]{0,40}") {
            let want: Vec<Range<usize>> = SENTENCE_END.find_iter(&s).map(|m| m.range()).collect();
            let got: Vec<Range<usize>> = SentenceEnds::new(&s, 0).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn sentences_read_from_a_restart_are_those_read_from_the_start() {
        const P: &[&str] = &[
            ".", ";", ":", "\n", " ", "\t", "A", "a", "É", "é", "x.\n\n", ". \n", ".\t\n", "imput",
            "\n \n", "b",
        ];
        let mut next = crate::text::xorshift(0x5e17);
        for _ in 0..20000 {
            let s = crate::text::pieces(&mut next, P, 30);
            let cues: Vec<Range<usize>> = s.match_indices("imput").map(|(i, _)| i..i + 5).collect();
            if cues.is_empty() {
                continue;
            }
            let from = sentence_restart(s.as_bytes(), cues[0].start);
            assert!(from <= cues[0].start);
            assert_eq!(
                sentence_bounds(&s, &cues, from),
                sentence_bounds(&s, &cues, 0),
                "{s:?}"
            );
        }
    }

    #[test]
    fn sentence_ends_on_generated_text() {
        const P: &[&str] = &[
            ".", ";", ":", "\n", " ", "\t", "A", "a", "É", "é", "\u{2160}", "Ǆ", "ǅ", "x.\n\n",
            ". \n",
        ];
        let mut next = crate::text::xorshift(0x5eed);
        for _ in 0..3000 {
            let s = crate::text::pieces(&mut next, P, 30);
            let want: Vec<Range<usize>> = SENTENCE_END.find_iter(&s).map(|m| m.range()).collect();
            let got: Vec<Range<usize>> = SentenceEnds::new(&s, 0).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(idx in proptest::collection::vec(0usize..20, 0..40)) {
            const P: &[&str] = &[
                "Imputation\tLibellé\tMontant €\n", "6574/93311\t", "1 000,00", "\t", "\n", "\n\n",
                "| Imputation | AE € |\n", "|---|---|\n", "| 65//6574//58 | 2 000 € |\n", "Total",
                "   Chapitre   Crédits votés   Engagé\n", "  933   12 000,00   ", "é", "€",
                "Chapitre Crédits votés Engagé Proposé Sport 933 1 000,00 2 000 3 ",
                "imputée sur le chapitre 65, article 6574, fonction 58", " soit 60 000 €. ",
                "N° Domaine\nfonctionnel", "0177-12-06", "montant de la\nsubvention",
            ];
            let s: String = idx.iter().map(|&i| P[i % P.len()]).collect();
            let m = OffsetMap::identity();
            let t = Text::new(&s, &m, &s, &m);
            let b = extract(&t, 0..s.len(), &mut Vec::new());
            for l in b.lines.iter().chain(&b.totals) {
                proptest::prop_assert!(l.span.start <= l.span.end && l.span.end <= s.len());
            }
        }
    }
}
