//! Bank details: IBAN, BIC, French RIB (bank, branch, account, key), holder,
//! bank and branch names.
//!
//! Bank blocks come in many layouts: « Label : value » lines, a label line
//! then its value line, all the labels then all the values (a table
//! flattened cell by cell by the PDF converter), a table whose header row
//! names the columns (pipes, tabs or runs of spaces), labels broken
//! mid-word across lines (« Domiciliatio / n »), IBANs cut across lines or
//! printed « FR 67 … ». The block is read line by line: labels wait in a
//! queue for the values that follow them, and each value goes to the first
//! waiting label whose kind accepts it (five digits for a bank code, eleven
//! characters for an account number…). Fields gather into the account being
//! read; a field that account already has starts the next account, so
//! several accounts in one convention each keep their own holder and BIC.
//!
//! Everything is reported as printed and validated, never corrected: an
//! IBAN whose check digits fail is still reported, with `iban_valid:
//! false` and a diagnostic saying which check failed. A string with no
//! IBAN label is taken for an IBAN only when it is a valid one: a run of
//! letters and digits that merely looks like an IBAN is not one.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{BankAccount, Diagnostic};
use crate::text::{Text, collapse, digit_lanes};

/// « IBAN », « I.B.A.N. », « Code IBAN », with an optional parenthesis.
/// The definition that [`iban_labels`] reads by hand (the tests compare
/// them).
#[cfg_attr(not(test), allow(dead_code))]
static IBAN_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)I\.?[ ]?B\.?[ ]?A\.?[ ]?N(?-u:\b)\.?(?:[ \t]*\([^)\n]{0,40}\))?(?:[ \t]*(?:n°|nº|no\.))?")
        .expect("valid regex")
});

/// « BIC », « Code SWIFT », « BIC/SWIFT ». The definition that
/// [`bic_labels`] reads with [`BIC_LABEL_AT`] (the tests compare them).
#[cfg_attr(not(test), allow(dead_code))]
static BIC_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:code[ \t]+)?(?:BIC|SWIFT)(?:[ \t]*/[ \t]*(?:BIC|SWIFT))?(?-u:\b)(?:[ \t]*\([^)\n]{0,40}\))?")
        .expect("valid regex")
});

/// [`BIC_LABEL`] anchored at the start of what it is given, its leading
/// word boundary left to [`bic_labels`].
static BIC_LABEL_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:code[ \t]+)?(?:BIC|SWIFT)(?:[ \t]*/[ \t]*(?:BIC|SWIFT))?(?-u:\b)(?:[ \t]*\([^)\n]{0,40}\))?")
        .expect("valid regex")
});

/// An IBAN printed without a label: upper case, compact or in groups of
/// four. Kept only when it is a valid IBAN.
#[cfg_attr(not(test), allow(dead_code))]
static BARE_IBAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u)\b[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)\b",
    )
    .expect("valid regex")
});

/// [`BARE_IBAN`] anchored at the start of what it is given, its leading
/// word boundary left to [`bare_ibans`].
static BARE_IBAN_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u)^[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)\b",
    )
    .expect("valid regex")
});

/// What a label announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Iban,
    Bic,
    Bank,
    Branch,
    Account,
    Key,
    /// A whole RIB: bank, branch, account and key.
    Rib,
    Holder,
    BankName,
    BranchName,
    /// « Banque », « Établissement »: a bank code or a bank name.
    BankAny,
    /// « Guichet »: a branch code or a branch name.
    BranchAny,
}

impl Kind {
    /// Does a label of this kind, alone, show that we are in a bank block?
    /// « Domiciliation » or « Bénéficiaire » also occur in prose.
    fn strong(self) -> bool {
        matches!(
            self,
            Kind::Iban
                | Kind::Bic
                | Kind::Bank
                | Kind::Branch
                | Kind::Account
                | Kind::Key
                | Kind::Rib
        )
    }

    fn free_text(self) -> bool {
        matches!(self, Kind::Holder | Kind::BankName | Kind::BranchName)
    }
}

/// Labels that start a cell, longest first: pattern, kind, and whether the
/// label is specific to bank blocks (the others count only with a colon or
/// alone in their cell). [`LABELS`] anchors each one, [`LABEL_START`] all
/// of them at once.
const LABEL_PATTERNS: &[(&str, Kind, bool)] = &[
    (
        r"code[ \t]+(?:de[ \t]+la[ \t]+)?(?:banque|[ée]tablissement|[ée]tab\.)",
        Kind::Bank,
        true,
    ),
    (r"code[ \t]+guichet", Kind::Branch, true),
    (
        r"(?:n°|nº|no\.?|num[ée]ro)[ \t]*(?:de[ \t]+|du[ \t]+)?compte(?:[ \t]+bancaire)?",
        Kind::Account,
        true,
    ),
    (
        r"compte(?:[ \t]+bancaire)?[ \t]+(?:n°|nº|no\.?|num[ée]ro)",
        Kind::Account,
        true,
    ),
    (
        r"cl[ée][ \t]*(?:du[ \t]+)?(?:rib|r\.i\.b\.?)|cl[ée][ \t]+de[ \t]+contr[ôo]le",
        Kind::Key,
        true,
    ),
    (
        r"relev[ée][ \t]+d'identit[ée][ \t]+bancaire|r\.i\.b\.?|rib",
        Kind::Rib,
        true,
    ),
    (r"cl[ée]", Kind::Key, false),
    (
        r"(?:nom[ \t]+du[ \t]+)?titulaire(?:[ \t]+du[ \t]+compte)?|ouvert[ \t]+au[ \t]+nom(?:[ \t]+de)?|au[ \t]+nom[ \t]+de|b[ée]n[ée]ficiaire|intitul[ée](?:[ \t]+du[ \t]+compte)?",
        Kind::Holder,
        false,
    ),
    (
        r"dans[ \t]+les[ \t]+[ée]critures[ \t]+de[ \t]+(?:la[ \t]+banque|l'[ée]tablissement)|nom[ \t]+de[ \t]+la[ \t]+banque|[ée]tablissement[ \t]+bancaire",
        Kind::BankName,
        false,
    ),
    (r"banque|[ée]tablissement", Kind::BankAny, false),
    (
        r"(?:domiciliation|agence)(?:[ \t]+bancaire)?",
        Kind::BranchName,
        false,
    ),
    (r"guichet", Kind::BranchAny, false),
];

static LABELS: LazyLock<Vec<(Regex, Kind, bool)>> = LazyLock::new(|| {
    LABEL_PATTERNS
        .iter()
        .map(|&(p, k, strong)| {
            (
                Regex::new(&format!(r"(?i)^(?:{p})(?:[ \t]*\.)?")).expect("valid regex"),
                k,
                strong,
            )
        })
        .collect()
});

/// Does a label of [`LABEL_PATTERNS`] start the haystack? One regex for
/// the gate instead of the twelve of [`LABELS`].
static LABEL_START: LazyLock<Regex> = LazyLock::new(|| {
    let labels: Vec<&str> = LABEL_PATTERNS.iter().map(|&(p, _, _)| p).collect();
    Regex::new(&format!(r"(?i)^(?:{})", labels.join("|"))).expect("valid regex")
});

static FIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{5}|[0-9]{2} [0-9]{3}|[0-9]{3} [0-9]{2})(?-u:\b)").expect("valid regex")
});
static KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{2}(?-u:\b)").expect("valid regex"));
/// « 16275 00600 08000252630 [75] »: a whole RIB.
static WHOLE_RIB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{5})[ \t]*([0-9]{5})[ \t]*([0-9A-Za-z]{11})(?:[ \t]*([0-9]{2}))?(?-u:\b)")
        .expect("valid regex")
});
/// An account number, with its key after a space or glued to it.
static ACCOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9A-Za-z]{11})(?:[ \t]*([0-9]{2}))?(?-u:\b)").expect("valid regex")
});
static DOUBLE_SPACE: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("  "));

static BIC_VALUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9]{6,14}(?-u:\b)").expect("valid regex"));
/// Words without which a part holds no bank details.
static QUICK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)i\.?[ ]?b\.?[ ]?a\.?[ ]?n|bic|swift|guichet|compte|rib|[A-Z]{2}[0-9]{2}")
        .expect("valid regex")
});

/// A value read for a field, with its place in the block.
#[derive(Debug, Clone)]
struct Value {
    kind: Kind,
    text: String,
    range: Range<usize>,
    /// Where its label starts (for the block's span).
    from: usize,
    /// For an IBAN: the result of its validation.
    iban_check: Option<Result<(), String>>,
}

/// An account being gathered.
#[derive(Debug, Default)]
struct Draft {
    values: Vec<Value>,
}

impl Draft {
    fn has(&self, k: Kind) -> bool {
        self.values.iter().any(|v| v.kind == k)
    }
}

/// A label waiting for its value.
#[derive(Debug, Clone, Copy)]
struct Pending {
    kind: Kind,
    from: usize,
}

/// Bank accounts printed in `range`.
pub fn extract(
    text: &Text<'_>,
    range: Range<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<BankAccount> {
    let Some(s) = text.s.get(range.clone()) else {
        return Vec::new();
    };
    let base = range.start;
    let drafts = Reader::new(s).run(true);
    // Nothing in a part without any bank label: asked only when the reader
    // found something, which is rare, instead of scanning every part; and
    // first in the first account's block, where the words usually are (a
    // match there is one in the part: the pattern has no anchor and no
    // word boundary).
    if drafts.is_empty() || !(quick_in_block(s, &drafts) || QUICK.is_match(s)) {
        return Vec::new();
    }
    drafts
        .into_iter()
        .filter_map(|d| finish(text, base, d, diags))
        .collect()
}

/// Does [`QUICK`] match in the block of the first draft that has values?
fn quick_in_block(s: &str, drafts: &[Draft]) -> bool {
    let Some(d) = drafts.iter().find(|d| !d.values.is_empty()) else {
        return false;
    };
    let start = d.values.iter().map(|v| v.from.min(v.range.start)).min();
    let end = d.values.iter().map(|v| v.range.end).max();
    match (start, end) {
        (Some(a), Some(z)) => s.get(a..z).is_some_and(|w| QUICK.is_match(w)),
        _ => false,
    }
}

/// The line-by-line reader of one part of a deliberation.
struct Reader<'a> {
    s: &'a str,
    lines: Vec<Range<usize>>,
    /// What [`scan`] found: where [`Reader::line`] may find a field.
    hits: Vec<usize>,
    drafts: Vec<Draft>,
    /// Is the last draft still being filled?
    open: bool,
    pending: Vec<Pending>,
    /// Weak fields seen before any strong one, or after a blank line: they
    /// go to the account that follows when one starts at once.
    waiting: Vec<Value>,
    /// Non-empty lines since the last bank line.
    foreign: usize,
    /// Bytes already read (an IBAN cut across lines).
    consumed: usize,
    /// Lines already read as parts of a broken label.
    skip_to_line: usize,
    /// The kinds of a table's header row, for its further rows.
    header: Option<Vec<Pending>>,
    /// The last free-text value, to append a continuation line to it.
    last_free: Option<(usize, usize)>,
    /// The line of the last field, to notice blank lines.
    last_line: usize,
    /// Has a line announced another account since the open one's fields?
    boundary: bool,
    /// Rows read under the table header.
    header_rows: usize,
}

impl<'a> Reader<'a> {
    fn new(s: &'a str) -> Self {
        let (lines, hits) = scan(s);
        Reader {
            s,
            lines,
            hits,
            drafts: Vec::new(),
            open: false,
            pending: Vec::new(),
            waiting: Vec::new(),
            foreign: 0,
            consumed: 0,
            skip_to_line: 0,
            header: None,
            last_free: None,
            last_line: 0,
            boundary: false,
            header_rows: 0,
        }
    }

    /// Reads the part; `gated`: lines the gate finds nothing in are read
    /// as prose without [`Reader::line`] (always, but for the tests that
    /// check it changes nothing).
    fn run(mut self, gated: bool) -> Vec<Draft> {
        // The gate's few places for the whole part instead of the labels'
        // regexes on every cell of every line: most lines are prose.
        // The hits stay in the reader: [`Reader::line`] reads the IBAN
        // shapes among them.
        let mut h_at = 0;
        let mut next = 0;
        while next < self.lines.len() {
            // Once the reader is idle, the lines before the next place of
            // the gate are inert and change nothing (see below): skipped,
            // unless a cut IBAN reaches them.
            if gated && self.idle() && self.lines[next].start >= self.consumed {
                match self.hits.get(h_at) {
                    Some(&h) => next = next.max(self.lines.partition_point(|r| r.end < h)),
                    None => break,
                }
            }
            let li = next;
            next += 1;
            let r = self.lines[li].clone();
            let mut hit = false;
            while let Some(&h) = self.hits.get(h_at) {
                if h > r.end {
                    break;
                }
                h_at += 1;
                hit |= h >= r.start;
            }
            if li < self.skip_to_line {
                continue;
            }
            if gated && self.inert(li, hit) {
                // Once the reader is idle, a line of prose changes nothing
                // that matters: `foreign` only counts up to three.
                if !self.idle() {
                    self.prose(li);
                }
            } else {
                self.line(li);
            }
        }
        self.close();
        self.drafts
    }

    /// Gives the waiting fields to the open account, or forgets them.
    fn flush_waiting(&mut self) {
        let waiting = std::mem::take(&mut self.waiting);
        if !self.open {
            return;
        }
        if let Some(d) = self.drafts.last_mut() {
            for w in waiting {
                if !d.has(w.kind) {
                    d.values.push(w);
                }
            }
        }
    }

    fn close(&mut self) {
        // Closed already (a text of article headings closes at each line).
        if !self.open
            && self.waiting.is_empty()
            && self.pending.is_empty()
            && self.header.is_none()
            && self.last_free.is_none()
            && !self.boundary
        {
            return;
        }
        self.flush_waiting();
        self.open = false;
        self.pending.clear();
        self.waiting.clear();
        self.header = None;
        self.last_free = None;
        self.boundary = false;
    }

    fn line(&mut self, li: usize) {
        let r = self.lines[li].clone();
        let start = r.start.max(self.consumed);
        if start >= r.end {
            if r.start < self.consumed {
                // Wholly read as the end of a cut IBAN.
                self.foreign = 0;
            }
            return;
        }
        let line = &self.s[start..r.end];
        if line.trim().is_empty() {
            return;
        }
        if start == r.start && is_article(line) {
            self.close();
            return;
        }
        self.table_row(start..r.end);
        let mut taken: Vec<Range<usize>> = Vec::new();
        let mut found = false;
        // IBAN and BIC labels alone in their cell.
        let mut line_labels = 0;
        // IBAN labels, anywhere in the line.
        // Each regex below runs only where it may find something.
        let (iban_words, bic_words, bare_iban) = line_words(line.as_bytes());
        for m in iban_words.then(|| iban_labels(line)).into_iter().flatten() {
            let at = start + m.start;
            if taken.iter().any(|t| t.contains(&at)) {
                continue;
            }
            let after = start + m.end;
            match read_iban(self.s, after, true) {
                Some(read) => {
                    taken.push(at..read.end.min(r.end));
                    if read.end > r.end {
                        self.consumed = read.end;
                    }
                    self.pending.retain(|p| p.kind != Kind::Iban);
                    self.assign(li, read.value(at));
                    found = true;
                }
                None => {
                    // A label alone in its line or table cell (its value
                    // comes later) or a mention in prose: only the first
                    // waits.
                    let rest = &self.s[after..r.end];
                    let stripped = rest.trim_start_matches([' ', '\t', ':']);
                    if stripped.is_empty() || cell_ends(rest) {
                        let end = r.end - stripped.len();
                        taken.push(at..end);
                        self.push_pending(Kind::Iban, at);
                        line_labels += 1;
                    }
                }
            }
        }
        // BIC labels, anywhere in the line.
        let line = &self.s[start..r.end];
        for m in bic_words.then(|| bic_labels(line)).into_iter().flatten() {
            let at = start + m.start;
            if taken.iter().any(|t| t.contains(&at)) {
                continue;
            }
            let after = start + m.end;
            let rest = &self.s[after..r.end];
            let lead = rest.len() - rest.trim_start_matches([' ', '\t', ':']).len();
            let vstart = after + lead;
            let v = &self.s[vstart..r.end];
            let colon = rest.trim_start().starts_with(':');
            let bm = BIC_VALUE
                .find(v)
                .filter(|bm| colon || is_bic_shape(bm.as_str()));
            if let Some(bm) = bm {
                let range = vstart..vstart + bm.end();
                taken.push(at..range.end);
                self.pending.retain(|p| p.kind != Kind::Bic);
                self.assign(
                    li,
                    Value {
                        kind: Kind::Bic,
                        text: bm.as_str().to_uppercase(),
                        range,
                        from: at,
                        iban_check: None,
                    },
                );
                found = true;
            } else if v.trim().is_empty() || cell_ends(rest) {
                taken.push(at..vstart);
                self.push_pending(Kind::Bic, at);
                line_labels += 1;
            }
        }
        // Valid IBANs printed without a label.
        // Every IBAN shape of the part is among the hits of [`scan`].
        let bare: Vec<Range<usize>> = if bare_iban {
            let from = self.hits.partition_point(|&h| h < start);
            let to = self.hits.partition_point(|&h| h < r.end);
            bare_ibans(line, self.hits[from..to].iter().map(|&h| h - start)).collect()
        } else {
            Vec::new()
        };
        for m in bare {
            let at = start + m.start;
            if taken
                .iter()
                .any(|t| t.contains(&at) || t.contains(&(start + m.end - 1)))
            {
                continue;
            }
            if let Some(read) = read_iban(self.s, at, false) {
                taken.push(at..read.end.min(r.end));
                if read.end > r.end {
                    self.consumed = read.end;
                }
                self.pending.retain(|p| p.kind != Kind::Iban);
                self.assign(li, read.value(at));
                found = true;
            }
        }
        taken.sort_by_key(|t| t.start);
        // The rest of the line, cell by cell.
        let mut cells: Vec<Range<usize>> = Vec::new();
        let mut pos = start;
        for t in taken.iter().chain(std::iter::once(&(r.end..r.end))) {
            if t.start > pos {
                split_cells(self.s, pos..t.start, &mut cells);
            }
            pos = pos.max(t.end);
        }
        let n_cells = cells.len();
        let mut labels_only = 0;
        let mut values: Vec<Range<usize>> = Vec::new();
        for c in cells {
            match self.cell(li, c.clone(), n_cells == 1 && !found && line_labels == 0) {
                CellRead::Label => labels_only += 1,
                CellRead::Field => found = true,
                CellRead::Value => values.push(c),
            }
        }
        let labels_only = labels_only + line_labels;
        if labels_only >= 2 && values.is_empty() {
            // A table's header row: its later rows reuse its columns.
            let k = self.pending.len();
            self.header = Some(self.pending[k.saturating_sub(labels_only)..].to_vec());
            self.header_rows = 0;
        }
        if labels_only > 0 {
            found = true;
        }
        if !values.is_empty() {
            let one_cell = values.len() == 1;
            for v in values {
                if self.value(li, v.clone()) || (one_cell && self.continuation(li, v)) {
                    found = true;
                }
            }
        }
        if found {
            self.foreign = 0;
            self.last_line = li;
        } else {
            self.foreign_line(line);
        }
    }

    /// A line that gave no field.
    fn foreign_line(&mut self, line: &str) {
        self.foreign += 1;
        self.last_free = None;
        if self.open {
            // A line of prose or a heading ends what the open account
            // was waiting for; a line ending with a colon
            // (« Association X : ») announces the next account.
            self.flush_waiting();
            if line.trim_end().ends_with(':') {
                self.boundary = true;
            }
        }
        if self.foreign >= 3 {
            self.close();
        } else if self.foreign >= 2 {
            // No account followed the waiting fields: they belong to
            // the account before them, if any.
            self.flush_waiting();
        }
    }

    /// Can line `li` be read as prose without [`Reader::line`]? True when
    /// [`scan`] found nothing in it (`hit` false: no place of the gate, and
    /// it cannot start a label broken across lines) and nothing of the
    /// reader's state can turn it into a field: no label waits for a value
    /// (`value` gives nothing then), no table header is open, no free-text
    /// value ends on the line before (`continuation`) and no cut IBAN
    /// reaches into it.
    fn inert(&self, li: usize, hit: bool) -> bool {
        !hit && self.lines[li].start >= self.consumed
            && self.pending.is_empty()
            && self.header.is_none()
            && self.last_free.is_none_or(|(l, _)| l + 1 != li)
    }

    /// Nothing open, waiting or pending, and three foreign lines read: what
    /// [`Reader::prose`] does then (`foreign += 1`, and `close`, a no-op)
    /// changes nothing.
    fn idle(&self) -> bool {
        self.foreign >= 3
            && !self.open
            && !self.boundary
            && self.waiting.is_empty()
            && self.pending.is_empty()
            && self.header.is_none()
            && self.last_free.is_none()
    }

    /// What [`Reader::line`] does with an inert line: blank lines are
    /// skipped, an article heading closes the block, any other line is
    /// foreign.
    fn prose(&mut self, li: usize) {
        let line = &self.s[self.lines[li].clone()];
        if line.trim().is_empty() {
            return;
        }
        if is_article(line) {
            self.close();
            return;
        }
        self.foreign_line(line);
    }

    /// A row of the table whose header was read: each row after the first
    /// is another account, with the header's labels waiting again.
    fn table_row(&mut self, r: Range<usize>) {
        let Some(columns) = self.header.as_ref().map(Vec::len) else {
            return;
        };
        let mut cells = Vec::new();
        split_cells(self.s, r, &mut cells);
        if cells.len() != columns || cells.iter().any(|c| label_at(&self.s[c.clone()]).is_some()) {
            return;
        }
        if self.header_rows > 0 {
            self.flush_waiting();
            self.open = false;
            // The row's account starts at the row, not at the header.
            if let Some(h) = &self.header {
                self.pending = h
                    .iter()
                    .map(|p| Pending {
                        kind: p.kind,
                        from: cells[0].start,
                    })
                    .collect();
            }
        }
        self.header_rows += 1;
    }

    fn push_pending(&mut self, kind: Kind, from: usize) {
        self.pending.retain(|p| p.kind != kind);
        self.pending.push(Pending { kind, from });
    }

    /// Reads one cell: labels (with or without their value) or a value.
    fn cell(&mut self, li: usize, c: Range<usize>, alone: bool) -> CellRead {
        let mut pos = c.start;
        let mut any_label = false;
        loop {
            let rest = &self.s[pos..c.end];
            let Some((kind, strong, len)) = label_at(rest) else {
                break;
            };
            let after = pos + len;
            let tail = &self.s[after..c.end];
            let colon = tail.trim_start().starts_with(':');
            let vstart = after + (tail.len() - tail.trim_start_matches([' ', '\t', ':']).len());
            let value = &self.s[vstart..c.end];
            if value.trim().is_empty() {
                // A label alone: its value comes later.
                self.push_pending(kind, pos);
                return CellRead::Label;
            }
            if let Some((vals, used)) = parse_value(kind, self.s, vstart..c.end, pos) {
                if colon || strong {
                    self.pending.retain(|p| p.kind != kind);
                    for v in vals {
                        self.assign(li, v);
                    }
                    if kind.free_text() || matches!(kind, Kind::BankAny | Kind::BranchAny) {
                        self.last_free = Some((li, self.drafts.len()));
                    }
                    pos = vstart + used;
                    any_label = true;
                    if self.s[pos..c.end].trim().is_empty() {
                        return CellRead::Field;
                    }
                    pos += self.s[pos..c.end].len() - self.s[pos..c.end].trim_start().len();
                    continue;
                }
            }
            if !colon && label_at(value).is_some() && (strong || any_label) {
                // « Code banque Code guichet N° de compte Clé RIB » on one
                // line with single spaces: several labels.
                self.push_pending(kind, pos);
                any_label = true;
                pos = vstart;
                continue;
            }
            break;
        }
        if any_label {
            return CellRead::Field;
        }
        // A label broken across lines (« Code / établissemen / t »).
        if alone {
            if let Some((kind, last_line)) = self.broken_label(li, c.clone()) {
                self.push_pending(kind, c.start);
                self.skip_to_line = last_line + 1;
                return CellRead::Label;
            }
        }
        CellRead::Value
    }

    /// Joins a short line with the one or two lines after it and reads a
    /// label from the result.
    fn broken_label(&self, li: usize, c: Range<usize>) -> Option<(Kind, usize)> {
        let first = self.s[c].trim();
        let short = |t: &str| {
            !t.is_empty()
                && t.chars().count() <= 20
                && t.chars()
                    .all(|ch| ch.is_alphabetic() || ch == ' ' || ch == '°')
        };
        if !short(first) {
            return None;
        }
        let next: Vec<&str> = (li + 1..(li + 3).min(self.lines.len()))
            .map(|j| self.s[self.lines[j].clone()].trim())
            .take_while(|t| short(t))
            .collect();
        for n in 1..=next.len() {
            // Each join is either a space or nothing (a word cut in two).
            for mask in 0..(1u32 << n) {
                let mut joined = first.to_owned();
                for (i, part) in next[..n].iter().enumerate() {
                    if mask & (1 << i) != 0 {
                        joined.push(' ');
                    }
                    joined.push_str(part);
                }
                let joined = joined.trim_end_matches([' ', ':']);
                if let Some((kind, _, len)) = label_at(joined) {
                    if len == joined.len() {
                        return Some((kind, li + n));
                    }
                }
            }
        }
        None
    }

    /// Gives a value cell to the first waiting label that accepts it.
    fn value(&mut self, li: usize, c: Range<usize>) -> bool {
        for i in 0..self.pending.len() {
            let p = self.pending[i];
            if p.kind == Kind::Iban {
                if let Some(read) = read_iban(self.s, c.start, true) {
                    if read.end > self.lines[li].end {
                        self.consumed = read.end;
                    }
                    self.pending.remove(i);
                    self.assign(li, read.value(p.from));
                    return true;
                }
                continue;
            }
            if p.kind == Kind::Bic {
                let v = self.s[c.clone()].trim();
                if is_bic_shape(v) {
                    self.pending.remove(i);
                    let text = v.to_uppercase();
                    let range = self.trimmed(c.clone());
                    self.assign(
                        li,
                        Value {
                            kind: Kind::Bic,
                            text,
                            range,
                            from: p.from,
                            iban_check: None,
                        },
                    );
                    return true;
                }
                continue;
            }
            if let Some((vals, used)) = parse_value(p.kind, self.s, c.clone(), p.from) {
                if self.s[c.start + used..c.end].trim().is_empty() {
                    self.pending.remove(i);
                    let free = vals.iter().any(|v| v.kind.free_text());
                    for v in vals {
                        self.assign(li, v);
                    }
                    if free {
                        self.last_free = Some((li, self.drafts.len()));
                    }
                    return true;
                }
            }
        }
        // Several values on one line with single spaces
        // (« 12719 00804 72003318845 25 »), one per waiting label.
        let typed = self.pending.iter().filter(|p| !p.kind.free_text()).count();
        if typed >= 2 {
            let words: Vec<Range<usize>> = word_ranges(self.s, c.clone());
            if words.len() >= 2 && words.len() <= typed {
                let mut plan = Vec::new();
                let mut used = vec![false; self.pending.len()];
                for w in &words {
                    let found = self.pending.iter().enumerate().find_map(|(i, p)| {
                        if used[i] || p.kind.free_text() || p.kind == Kind::Iban {
                            return None;
                        }
                        let (vals, n) = parse_value(p.kind, self.s, w.clone(), p.from)?;
                        (n == w.len()).then_some((i, vals))
                    });
                    match found {
                        Some((i, vals)) => {
                            used[i] = true;
                            plan.push(vals);
                        }
                        None => return false,
                    }
                }
                let mut i = 0;
                self.pending.retain(|_| {
                    let keep = !used[i];
                    i += 1;
                    keep
                });
                for vals in plan {
                    for v in vals {
                        self.assign(li, v);
                    }
                }
                return true;
            }
        }
        false
    }

    /// A line that continues the free-text value of the line before it
    /// (« Banque de France / du Pays de Laval »).
    fn continuation(&mut self, li: usize, c: Range<usize>) -> bool {
        let Some((line, n)) = self.last_free else {
            return false;
        };
        if line + 1 != li || n != self.drafts.len() {
            return false;
        }
        let t = self.s[c.clone()].trim();
        if t.is_empty() || t.chars().count() > 60 || looks_typed(t) || t.ends_with(':') {
            return false;
        }
        let range = self.trimmed(c);
        let target = self
            .waiting
            .iter_mut()
            .rev()
            .chain(
                self.drafts
                    .last_mut()
                    .into_iter()
                    .flat_map(|d| d.values.iter_mut().rev()),
            )
            .find(|v| v.kind.free_text());
        let Some(v) = target else {
            return false;
        };
        if v.text.ends_with('.') {
            return false;
        }
        v.text.push(' ');
        v.text.push_str(&collapse(t));
        v.range.end = range.end;
        self.last_free = Some((li, n));
        true
    }

    fn trimmed(&self, c: Range<usize>) -> Range<usize> {
        let t = &self.s[c.clone()];
        let lead = t.len() - t.trim_start().len();
        c.start + lead..c.start + lead + t.trim().len()
    }

    /// Files a field under the account it belongs to.
    fn assign(&mut self, li: usize, v: Value) {
        let gap = li > self.last_line + 1;
        self.last_line = li;
        if !v.kind.strong() {
            if !self.open || gap || self.boundary {
                // Before any account, or after a blank line: it may belong
                // to the account that starts next.
                self.waiting.push(v);
                return;
            }
            let d = self.drafts.last_mut().expect("an open draft");
            if d.has(v.kind) {
                self.waiting.push(v);
            } else {
                d.values.push(v);
            }
            return;
        }
        // A field the open account already has, or any field after a line
        // announcing another account, starts the next account.
        let repeated =
            self.open && (self.boundary || self.drafts.last().is_some_and(|d| d.has(v.kind)));
        if !self.open || repeated {
            let waiting = std::mem::take(&mut self.waiting);
            // Weak fields between two accounts go to the one before, unless
            // it already has them or its own block started with them
            // (« Titulaire : A / IBAN … / Titulaire : B / IBAN … »).
            let mut next = Draft::default();
            let prev = self.drafts.last_mut().filter(|_| self.open);
            match prev {
                Some(prev) => {
                    let leads_weak =
                        self.boundary || prev.values.first().is_some_and(|v| !v.kind.strong());
                    for w in waiting {
                        if leads_weak || prev.has(w.kind) {
                            if !next.has(w.kind) {
                                next.values.push(w);
                            }
                        } else {
                            prev.values.push(w);
                        }
                    }
                }
                None => {
                    for w in waiting {
                        if !next.has(w.kind) {
                            next.values.push(w);
                        }
                    }
                }
            }
            self.drafts.push(next);
            self.open = true;
            self.boundary = false;
        } else if !self.waiting.is_empty() {
            // Weak fields after a blank line, and no new account: they are
            // this account's.
            let waiting = std::mem::take(&mut self.waiting);
            let d = self.drafts.last_mut().expect("an open draft");
            for w in waiting {
                if !d.has(w.kind) {
                    d.values.push(w);
                }
            }
        }
        if let Some(d) = self.drafts.last_mut() {
            d.values.push(v);
        }
    }
}

enum CellRead {
    Label,
    Field,
    Value,
}

/// The lines of `s` (without their line breaks) and, sorted, the places
/// where [`Reader::line`] may find a field: those of [`gate_by_passes`],
/// and the start of every line that may start a label broken across lines
/// ([`may_start_broken_label`]). A line without any, read while no label
/// waits, no table header is open and no free-text value may continue, is
/// prose: it cannot give a field (see [`Reader::inert`]).
///
/// Each line's start is looked at once, as its line is found: most lines
/// start with a letter no label starts with, and cost nothing more.
fn scan(s: &str) -> (Vec<Range<usize>>, Vec<usize>) {
    let b = s.as_bytes();
    // Room for lines of some sixty bytes: rarely a regrowth.
    let mut lines: Vec<Range<usize>> = Vec::with_capacity(s.len() / 64 + 8);
    let mut hits = Vec::new();
    let mut start = 0;
    crate::text::each_byte(b, b'\n', |i| {
        line_start_hits(s, start..i, &mut hits);
        lines.push(start..i);
        start = i + 1;
    });
    line_start_hits(s, start..b.len(), &mut hits);
    lines.push(start..b.len());
    label_words(b, &mut hits);
    iban_shapes(b, &mut hits);
    let mut cell = |from: usize| {
        if let Some(at) = cell_label(s, from) {
            // `LABEL_START` matches within a line, and the regex engine
            // costs more on a long haystack even when its match is short:
            // it is given the rest of the line only.
            let line_end = lines
                .get(lines.partition_point(|r| r.end < at))
                .map_or(s.len(), |r| r.end);
            if label_start(&s[at..line_end]) {
                hits.push(at);
            }
        }
    };
    for i in memchr::memchr2_iter(b'\t', b'|', b) {
        if may_open_label(b, i + 1) {
            cell(i + 1);
        }
    }
    // After each run of two spaces or more (once per run).
    let mut from = 0;
    while let Some(i) = b.get(from..).and_then(|t| DOUBLE_SPACE.find(t)) {
        let end = from + i + b[from + i..].iter().take_while(|&&c| c == b' ').count();
        if may_open_label(b, end) {
            cell(end);
        }
        from = end;
    }
    // A few sorted runs, one after the other (the line starts, the words,
    // the IBAN shapes, the cells of each kind): the stable sort merges
    // runs.
    hits.sort();
    (lines, hits)
}

/// The places of line `r` that [`scan`] finds at its start: a label at its
/// start (after blanks and bullets) and the start of a label broken across
/// lines.
fn line_start_hits(s: &str, r: Range<usize>, hits: &mut Vec<usize>) {
    let b = s.as_bytes();
    // Most lines: neither test can pass (an empty line has none).
    if r.is_empty() || b[r.start].is_ascii_alphanumeric() && !label_letter(b[r.start]) {
        return;
    }
    // Nor after blanks and dashes (both tests skip them) when a letter no
    // label starts with follows: most bullets of a list.
    if matches!(b[r.start], b' ' | b'\t' | b'-') {
        let k = b[r.clone()]
            .iter()
            .position(|&c| !matches!(c, b' ' | b'\t' | b'-'));
        if let Some(k) = k {
            let c = b[r.start + k];
            if c.is_ascii_alphanumeric() && !label_letter(c) {
                return;
            }
        }
    }
    // A line that starts with a letter starts with its label or none.
    let first_letter = b[r.start].is_ascii_alphabetic();
    if (!first_letter || may_be_label(&b[r.start..])) && may_open_label(b, r.start) {
        if let Some(at) = cell_label(s, r.start) {
            // The skip stops at the line's end: `at` is in the line.
            if label_start(&s[at..r.end]) {
                hits.push(at);
            }
        }
    }
    if may_start_broken_label(&s[r.clone()]) {
        hits.push(r.start);
    }
}

/// Does [`LABEL_START`] match at the start of `t`, which starts with a
/// head of [`label_head`]? The heads of prose that are also those of
/// labels (« Dans le cadre », « Au titre », « Nombre de », « Code
/// opération ») fail at once on their next bytes, without the regex.
fn label_start(t: &str) -> bool {
    may_start_label(t.as_bytes()) && LABEL_START.is_match(t)
}

/// Can [`LABEL_START`] match at the start of `b`? False only where it
/// cannot: after « dans » (in any case, « s » also « ſ », as `(?i)`
/// reads it) only « dans les écritures » can, after « au » only « au
/// nom », after « nom » only « nom du » and « nom de », after « code »
/// only « code de », « code banque », « code établissement » and « code
/// guichet ». Other heads are left to the regex.
fn may_start_label(b: &[u8]) -> bool {
    let lower = |i: usize| b.get(i).map_or(0, u8::to_ascii_lowercase);
    // The end of the blanks from `i` (`[ \t]+`), if there is one.
    let blanks = |i: usize| {
        let n = crate::text::blanks_at(b, i);
        (n > 0).then_some(i + n)
    };
    // The end of an « s » (or « ſ ») at `i`.
    let s_at = |i: usize| match lower(i) {
        b's' => Some(i + 1),
        0xc5 if b.get(i + 1) == Some(&0xbf) => Some(i + 2),
        _ => None,
    };
    // « e » or « é » in either case at `i`.
    let e_at = |i: usize| lower(i) == b'e' || matches!(b.get(i..i + 2), Some([0xc3, 0xa9 | 0x89]));
    // « dans les é » after « dan ».
    let dans_les_e = || -> Option<bool> {
        let i = blanks(s_at(3)?)?;
        let i = (lower(i) == b'l' && lower(i + 1) == b'e').then_some(i + 2)?;
        let i = blanks(s_at(i)?)?;
        Some(e_at(i))
    };
    match (lower(0), lower(1), lower(2)) {
        (b'd', b'a', b'n') => dans_les_e().unwrap_or(false),
        (b'a', b'u', _) => blanks(2).is_some(),
        (b'n', b'o', b'm') => blanks(3).is_some(),
        (b'c', b'o', b'd') => {
            lower(3) == b'e'
                && blanks(4).is_some_and(|i| matches!(lower(i), b'd' | b'b' | b'g') || e_at(i))
        }
        _ => true,
    }
}

/// Where a label may start in the cell that starts at `from`: after blanks
/// and the bullets `label_at` skips, if [`may_be_label`] says one may.
fn cell_label(s: &str, from: usize) -> Option<usize> {
    let b = s.as_bytes();
    // Only blanks, dashes, stars and bullets are skipped: most cells start
    // with another byte, and the character need not be decoded. Only
    // those four bytes start a bullet or a space outside ASCII.
    let skips = |c: u8| {
        matches!(
            c,
            b'-' | b'*' | b' ' | b'\t' | b'\r' | 0x0b | 0x0c | 0xc2 | 0xe1 | 0xe2 | 0xe3
        )
    };
    let at = if b.get(from).is_none_or(|&c| !skips(c)) {
        from
    } else {
        let rest = &s[from..];
        let skip = rest
            .char_indices()
            .find(|&(_, c)| !(matches!(c, '-' | '•' | '*') || (c.is_whitespace() && c != '\n')))
            .map_or(rest.len(), |(i, _)| i);
        from + skip
    };
    may_be_label(&b[at..]).then_some(at)
}

/// [`scan`]'s places as separate passes found them (its first version),
/// without the starts of broken labels: the tests compare them.
#[cfg(test)]
fn gate_by_passes(s: &str, lines: &[Range<usize>]) -> Vec<usize> {
    let b = s.as_bytes();
    let mut hits = Vec::new();
    label_words(b, &mut hits);
    iban_shapes(b, &mut hits);
    // `line_end`: the end of the line `from` is in, when known.
    let mut cell = |from: usize, line_end: Option<usize>| {
        let at = if b.get(from).is_some_and(u8::is_ascii_alphabetic) {
            from
        } else {
            let rest = &s[from..];
            let skip = rest
                .char_indices()
                .find(|&(_, c)| !(matches!(c, '-' | '•' | '*') || (c.is_whitespace() && c != '\n')))
                .map_or(rest.len(), |(i, _)| i);
            from + skip
        };
        if !may_be_label(&b[at..]) {
            return;
        }
        let line_end = line_end.unwrap_or_else(|| {
            lines
                .get(lines.partition_point(|r| r.end < at))
                .map_or(s.len(), |r| r.end)
        });
        if LABEL_START.is_match(&s[at..line_end]) {
            hits.push(at);
        }
    };
    for r in lines {
        // The skip stops at the line's end: `at` is in the line. A line
        // that starts with a letter starts with its label or none.
        let first_letter = b.get(r.start).is_some_and(u8::is_ascii_alphabetic);
        if first_letter && !may_be_label(&b[r.start..]) {
            continue;
        }
        if may_open_label(b, r.start) {
            cell(r.start, Some(r.end));
        }
    }
    for i in memchr::memchr2_iter(b'\t', b'|', b) {
        if may_open_label(b, i + 1) {
            cell(i + 1, None);
        }
    }
    // After each run of two spaces or more (once per run).
    let mut from = 0;
    while let Some(i) = b.get(from..).and_then(|t| DOUBLE_SPACE.find(t)) {
        let end = from + i + b[from + i..].iter().take_while(|&&c| c == b' ').count();
        if may_open_label(b, end) {
            cell(end, None);
        }
        from = end;
    }
    // A few sorted runs, one after the other (the words, the IBAN shapes,
    // the cells of each kind): the stable sort merges runs.
    hits.sort();
    hits
}

/// Can a cell that starts at `from` start with a label, as the gate's
/// first test? Most cells start with a letter no label starts with, or
/// are empty: nothing to skip then, and no label.
#[inline]
fn may_open_label(b: &[u8], from: usize) -> bool {
    match b.get(from) {
        None | Some(b'\n') => false,
        Some(&c) => !c.is_ascii_alphanumeric() || label_letter(c),
    }
}

/// Pushes places in every match of [`IBAN_LABEL`] and [`BIC_LABEL`]: the B
/// of « IBAN » or « BIC », the W of « SWIFT », found with `memchr` (far
/// rarer than the letters a regex would start on).
fn label_words(b: &[u8], hits: &mut Vec<usize>) {
    crate::text::each_of_two(b, b'b', b'B', |p| {
        if iban_b(b, p) || bic_b(b, p) {
            hits.push(p);
        }
    });
    crate::text::each_of_two(b, b'w', b'W', |p| {
        if swift_w(b, p) {
            hits.push(p);
        }
    });
}

/// Is the B at `p` that of « IBAN », « I.B.A.N. », « I B A N » as
/// [`IBAN_LABEL`] reads them (word boundaries aside)? Inlined: it runs
/// on every « b » of the text.
#[inline(always)]
fn iban_b(b: &[u8], p: usize) -> bool {
    let is = |i: usize, c: u8| b.get(i).is_some_and(|x| x.to_ascii_lowercase() == c);
    // « I », then an optional dot, then an optional space.
    let before = (p >= 1 && is(p - 1, b'i'))
        || (p >= 2 && is(p - 2, b'i') && matches!(b[p - 1], b'.' | b' '))
        || (p >= 3 && is(p - 3, b'i') && b[p - 2] == b'.' && b[p - 1] == b' ');
    if !before {
        return false;
    }
    let mut i = p + 1;
    for want in [b'a', b'n'] {
        if b.get(i) == Some(&b'.') {
            i += 1;
        }
        if b.get(i) == Some(&b' ') {
            i += 1;
        }
        if !is(i, want) {
            return false;
        }
        i += 1;
    }
    true
}

/// The matches of [`IBAN_LABEL`] in `line`, as its `find_iter` gives
/// them, read without the regex: each is found from its B (see
/// [`iban_b`]), whose « I » is at one place only, and read from there by
/// [`iban_label_at`]. The B of a match follows its start and precedes the
/// next B's start, so the starts come in order, as the leftmost-first
/// search finds them. A regex call per match cost more than a thousand
/// instructions: a line of « IBAN : » fragments is read ten times faster.
fn iban_labels(line: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = line.as_bytes();
    let mut last = 0;
    memchr::memchr2_iter(b'b', b'B', b).filter_map(move |p| {
        let i = iban_i(b, p)?;
        if i < last {
            return None;
        }
        let end = iban_label_at(line, i)?;
        last = end;
        Some(i..end)
    })
}

/// Where the « I » of an « IBAN » whose B is at `p` is: just before it,
/// or before a dot, a space or both.
fn iban_i(b: &[u8], p: usize) -> Option<usize> {
    let i = |k: usize| b[k] == b'i' || b[k] == b'I';
    if p >= 1 && i(p - 1) {
        Some(p - 1)
    } else if p >= 2 && matches!(b[p - 1], b'.' | b' ') && i(p - 2) {
        Some(p - 2)
    } else if p >= 3 && b[p - 2] == b'.' && b[p - 1] == b' ' && i(p - 3) {
        Some(p - 3)
    } else {
        None
    }
}

/// The end of the match of [`IBAN_LABEL`] that starts at `i` in `line`,
/// if one does. Every part of the pattern is read greedily and once: an
/// optional part left out never lets what follows match where it did not
/// (a dot, a space, a letter, a parenthesis and blanks each start only
/// their own part), so the greedy reading is the leftmost-first match.
/// None of its letters has a case variant outside ASCII.
fn iban_label_at(line: &str, i: usize) -> Option<usize> {
    let b = line.as_bytes();
    let word = |k: usize| {
        b.get(k)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    };
    let blanks = |k: usize| k + crate::text::blanks_at(b, k);
    // `\bI\.?[ ]?B\.?[ ]?A\.?[ ]?N\b\.?`
    if i > 0 && word(i - 1) {
        return None;
    }
    let mut k = i;
    for (n, want) in [b'i', b'b', b'a', b'n'].into_iter().enumerate() {
        if b.get(k).is_none_or(|c| c.to_ascii_lowercase() != want) {
            return None;
        }
        k += 1;
        if n < 3 {
            if b.get(k) == Some(&b'.') {
                k += 1;
            }
            if b.get(k) == Some(&b' ') {
                k += 1;
            }
        }
    }
    if word(k) {
        return None;
    }
    if b.get(k) == Some(&b'.') {
        k += 1;
    }
    // `(?:[ \t]*\([^)\n]{0,40}\))?`: forty characters at most before the
    // closing parenthesis.
    let j = blanks(k);
    if b.get(j) == Some(&b'(') {
        let close = line[j + 1..]
            .char_indices()
            .take(41)
            .take_while(|&(_, c)| c != '\n')
            .find(|&(_, c)| c == ')');
        if let Some((at, _)) = close {
            k = j + 1 + at + 1;
        }
    }
    // `(?:[ \t]*(?:n°|nº|no\.))?`
    let j = blanks(k);
    if b.get(j).is_some_and(|&c| c == b'n' || c == b'N') {
        let rest = &b[j + 1..];
        // « ° » and « º » are two bytes, like « o. ».
        if rest.starts_with("°".as_bytes())
            || rest.starts_with("º".as_bytes())
            || (rest.len() >= 2 && rest[0].eq_ignore_ascii_case(&b'o') && rest[1] == b'.')
        {
            k = j + 3;
        }
    }
    Some(k)
}

/// The matches of [`BIC_LABEL`] in `line`, as its `find_iter` gives
/// them. A match starts with « BIC », « SWIFT » (its S may be « ſ », the
/// only letter of these words with a case variant outside ASCII) or with
/// « code » and blanks before one of them: those places, found from the
/// B of « bic » and the W of « wift » with `memchr`, are tried in order
/// with the anchored [`BIC_LABEL_AT`] after the word boundary test, and
/// the first at or after the last match's end that matches is the
/// leftmost-first match. The regex scanned every byte of a long line
/// (8 instructions a byte on a line of 10 MB).
fn bic_labels(line: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = line.as_bytes();
    let word = |k: usize| b[k].is_ascii_alphanumeric() || b[k] == b'_';
    let mut starts = Vec::new();
    let mut push = |q: usize| {
        starts.push(q);
        // « code » and blanks before.
        let blanks = b[..q]
            .iter()
            .rev()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        if blanks > 0
            && q - blanks >= 4
            && b[q - blanks - 4..q - blanks].eq_ignore_ascii_case(b"code")
        {
            starts.push(q - blanks - 4);
        }
    };
    for p in memchr::memchr2_iter(b'b', b'B', b) {
        if b.get(p + 1..p + 3)
            .is_some_and(|x| x.eq_ignore_ascii_case(b"ic"))
        {
            push(p);
        }
    }
    for p in memchr::memchr2_iter(b'w', b'W', b) {
        if !swift_w(b, p) {
            continue;
        }
        if p >= 1 && matches!(b[p - 1], b's' | b'S') {
            push(p - 1);
        } else if p >= 2 && b[p - 2..p] == *"ſ".as_bytes() {
            push(p - 2);
        }
    }
    starts.sort_unstable();
    starts.dedup();
    let mut last = 0;
    starts.into_iter().filter_map(move |q| {
        // `(?-u:\b)`: a word byte on one side only (the line's ends are
        // no word).
        if q < last || (q > 0 && word(q - 1)) == word(q) {
            return None;
        }
        let m = BIC_LABEL_AT.find(line.get(q..)?)?;
        last = q + m.end();
        Some(q..last)
    })
}

/// Is the B at `p` that of the word « BIC », in any case? [`BIC_LABEL`]
/// has it between ASCII word boundaries, with or without « code » before.
fn bic_b(b: &[u8], p: usize) -> bool {
    let word = |i: usize| {
        b.get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    };
    (p == 0 || !word(p - 1))
        && b.get(p + 1..p + 3)
            .is_some_and(|x| x.eq_ignore_ascii_case(b"ic"))
        && !word(p + 3)
}

/// Is the W at `p` that of « SWIFT » (« S » may also be « ſ »)?
fn swift_w(b: &[u8], p: usize) -> bool {
    b.get(p + 1..p + 4)
        .is_some_and(|x| x.eq_ignore_ascii_case(b"ift"))
}

/// What a line may hold: an IBAN label, a BIC label, a bare IBAN. When it
/// says no, the regex of that label finds nothing in the line.
fn line_words(b: &[u8]) -> (bool, bool, bool) {
    let mut iban = false;
    let mut bic = false;
    for p in memchr::memchr2_iter(b'b', b'B', b) {
        iban |= iban_b(b, p);
        bic |= bic_b(b, p);
    }
    if !bic {
        bic = memchr::memchr2_iter(b'w', b'W', b).any(|p| swift_w(b, p));
    }
    let bare = b.windows(4).any(|w| {
        w[0].is_ascii_uppercase()
            && w[1].is_ascii_uppercase()
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
    });
    (iban, bic, bare)
}

/// The matches of [`BARE_IBAN`] in `line`, as its `find_iter` gives
/// them, given sorted `starts` among which are all the places where
/// [`iban_shapes`] finds two capitals then two digits (others are
/// dropped). Each starts at such a place, after a byte that is no ASCII
/// word character, and is read
/// there by the anchored [`BARE_IBAN_AT`]. The first start at or after
/// the last match's end that matches is the leftmost-first match. The
/// regex scanned the whole line with its lazy DFA: 15 instructions a
/// byte on a long line that holds a capital pair before two digits. The
/// regex runs only where the bytes that follow may match.
fn bare_ibans<'a>(
    line: &'a str,
    starts: impl IntoIterator<Item = usize> + 'a,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let b = line.as_bytes();
    let mut last = 0;
    starts.into_iter().filter_map(move |p| {
        // The shape and what the pattern needs after it, tested before
        // the regex call: eleven capitals or digits, or two groups of four
        // after a space (« FR76 » fragments are read without one). Either
        // needs fourteen bytes.
        let w: &[u8; 14] = b.get(p..p + 14)?.try_into().ok()?;
        let code = |c: u8| c.is_ascii_uppercase() || c.is_ascii_digit();
        let shape = w[0].is_ascii_uppercase()
            && w[1].is_ascii_uppercase()
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit();
        if p < last || !shape {
            return None;
        }
        let grouped = w[4] == b' '
            && w[9] == b' '
            && w[5..9].iter().all(|&c| code(c))
            && w[10..].iter().all(|&c| code(c));
        let compact = || w[4..].iter().all(|&c| code(c)) && b.get(p + 14).is_some_and(|&c| code(c));
        if !grouped && !compact() {
            return None;
        }
        if p > 0 && (b[p - 1].is_ascii_alphanumeric() || b[p - 1] == b'_') {
            return None;
        }
        let m = BARE_IBAN_AT.find(line.get(p..)?)?;
        last = p + m.end();
        Some(p..last)
    })
}

/// Pushes where `b` has two capital letters then two digits, as every
/// [`BARE_IBAN`] starts: digits are looked for eight bytes at a time.
fn iban_shapes(b: &[u8], hits: &mut Vec<usize>) {
    let mut digit_at = |p: usize| {
        if p >= 2
            && b[p - 1].is_ascii_uppercase()
            && b[p - 2].is_ascii_uppercase()
            && b.get(p + 1).is_some_and(u8::is_ascii_digit)
        {
            hits.push(p - 2);
        }
    };
    // Sixty-four bytes a turn: the OR of their digit tests, which the
    // compiler computes sixteen bytes an instruction, rejects most turns
    // (digits come in a few clusters); in the others, each sixteen bytes
    // are tested the same way, and those with a digit read as two words.
    // Where every sixteen bytes hold a digit (lines of figures), the tests
    // only add to the words: the turns after such a one read the words.
    let any_digit = |c: &[u8; 16]| {
        c.iter()
            .fold(0u8, |a, &x| a | u8::from(x.wrapping_sub(b'0') < 10))
            != 0
    };
    let mut dense = false;
    let mut blocks = b.chunks_exact(64);
    for (k, c) in blocks.by_ref().enumerate() {
        let Ok(c) = <&[u8; 64]>::try_from(c) else {
            continue;
        };
        let sparse = !dense;
        if sparse
            && c.iter()
                .fold(0u8, |a, &x| a | u8::from(x.wrapping_sub(b'0') < 10))
                == 0
        {
            continue;
        }
        dense = true;
        for (j, q) in c.chunks_exact(16).enumerate() {
            let Ok(q) = <&[u8; 16]>::try_from(q) else {
                continue;
            };
            if sparse && !any_digit(q) {
                dense = false;
                continue;
            }
            let (Ok(w0), Ok(w1)) = (<[u8; 8]>::try_from(&q[..8]), <[u8; 8]>::try_from(&q[8..]))
            else {
                continue;
            };
            let m0 = digit_lanes(u64::from_le_bytes(w0));
            let m1 = digit_lanes(u64::from_le_bytes(w1));
            if m0 | m1 == 0 {
                dense = false;
                continue;
            }
            for (h, mut m) in [(0, m0), (8, m1)] {
                while m != 0 {
                    digit_at(k * 64 + j * 16 + h + (m.trailing_zeros() / 8) as usize);
                    m &= m - 1;
                }
            }
        }
    }
    let from = b.len() - blocks.remainder().len();
    for (i, c) in b[from..].iter().enumerate() {
        if c.is_ascii_digit() {
            digit_at(from + i);
        }
    }
}

/// Can a label of [`LABEL_PATTERNS`] start `b`? Its first letters, in any
/// case (é and É as UTF-8), decide at once for most lines of prose.
fn may_be_label(b: &[u8]) -> bool {
    label_head(b).is_some()
}

/// The patterns of [`LABEL_PATTERNS`] (their indices, in order) that may
/// match at the start of `b`, found from its first letters: the head of
/// every string a pattern matches is among its heads here, so a pattern
/// left out cannot match and [`label_at`] tries only the others.
fn label_head(b: &[u8]) -> Option<&'static [usize]> {
    // The heads of `label_heads`, compared byte by byte: no head holds a
    // 0, which stands for a byte past the end.
    let at = |i: usize| b.get(i).map_or(0, u8::to_ascii_lowercase);
    let (c1, c2, c3) = (at(1), at(2), at(3));
    // The letters after `k` bytes of a head.
    let then = |k: usize, rest: &[u8]| rest.iter().enumerate().all(|(i, &c)| at(k + i) == c);
    let patterns: &'static [usize] = match at(0) {
        b'c' => match (c1, c2, c3) {
            (b'o', b'd', _) => &[0, 1],
            (b'o', b'm', b'p') => &[3],
            (b'l', b'e' | 0xc3, _) => &[4, 6],
            _ => return None,
        },
        b'n' => match (c1, c2) {
            (0xc2, _) => &[2],
            (b'o', b'.' | b' ' | b'\t' | b'd' | b'c' | b'm') => &[2, 7, 8],
            (b'u', b'm') => &[2],
            _ => return None,
        },
        b'r' => match (c1, c2) {
            (b'.', _) | (b'i', b'b') => &[5],
            (b'e', b'l') if then(3, b"ev") => &[5],
            _ => return None,
        },
        b't' if then(1, b"itul") => &[7],
        b'o' if then(1, b"uvert") => &[7],
        // « Article » lines, the most common, fail at once with two heads.
        b'a' => match (c1, c2) {
            (b'u', _) => &[7],
            (b'g', b'e') => &[10],
            _ => return None,
        },
        b'b' => match (c1, c2) {
            (b'e', b'n') | (0xc3, _) => &[7],
            (b'a', b'n') => &[9],
            _ => return None,
        },
        b'i' if then(1, b"ntitul") => &[7],
        b'd' => match (c1, c2) {
            (b'a', b'n') => &[8],
            (b'o', b'm') if then(3, b"icil") => &[10],
            _ => return None,
        },
        b'e' if (c1, c2, c3) == (b't', b'a', b'b') => &[8, 9],
        0xc3 if matches!(c1, 0xa9 | 0x89) && (c2, c3, at(4)) == (b't', b'a', b'b') => &[8, 9],
        b'g' if then(1, b"uichet") => &[11],
        _ => return None,
    };
    Some(patterns)
}

/// [`label_head`] as [`label_heads`] says, for the tests.
#[cfg(test)]
fn label_head_by_heads(b: &[u8]) -> Option<&'static [usize]> {
    label_heads(b)
        .iter()
        .find(|(h, _)| {
            b.len() >= h.len()
                && b.iter()
                    .zip(h.iter())
                    .all(|(x, y)| x.to_ascii_lowercase() == *y)
        })
        .map(|&(_, patterns)| patterns)
}

/// The first bytes, in lower case, of the labels that may start with the
/// letter `b` starts with, and the patterns that may match after each.
/// No string starts with two of them.
#[allow(clippy::type_complexity)]
fn label_heads(b: &[u8]) -> &'static [(&'static [u8], &'static [usize])] {
    match b.first().map(u8::to_ascii_lowercase) {
        Some(b'c') => &[
            (b"cod", &[0, 1]),
            (b"comp", &[3]),
            (b"cle", &[4, 6]),
            (b"cl\xc3", &[4, 6]),
        ],
        Some(b'n') => &[
            (b"n\xc2", &[2]),
            (b"no.", &[2, 7, 8]),
            (b"no ", &[2, 7, 8]),
            (b"no\t", &[2, 7, 8]),
            (b"nod", &[2, 7, 8]),
            (b"noc", &[2, 7, 8]),
            (b"nom", &[2, 7, 8]),
            (b"num", &[2]),
        ],
        Some(b'r') => &[(b"relev", &[5]), (b"r.", &[5]), (b"rib", &[5])],
        Some(b't') => &[(b"titul", &[7])],
        Some(b'o') => &[(b"ouvert", &[7])],
        Some(b'a') => &[(b"au", &[7]), (b"age", &[10])],
        Some(b'b') => &[(b"ben", &[7]), (b"b\xc3", &[7]), (b"ban", &[9])],
        Some(b'i') => &[(b"intitul", &[7])],
        Some(b'd') => &[(b"dan", &[8]), (b"domicil", &[10])],
        Some(b'e') => &[(b"etab", &[8, 9])],
        Some(0xc3) => &[(b"\xc3\xa9tab", &[8, 9]), (b"\xc3\x89tab", &[8, 9])],
        Some(b'g') => &[(b"guichet", &[11])],
        _ => &[],
    }
}

/// Can a label start with the byte `c`, in any case? What [`label_heads`]
/// has heads for, in one lookup.
fn label_letter(c: u8) -> bool {
    matches!(
        c.to_ascii_lowercase(),
        b'c' | b'n' | b'r' | b't' | b'o' | b'a' | b'b' | b'i' | b'd' | b'e' | b'g' | 0xc3
    )
}

/// « Article 3 », « ART. 3 » at the start of a line (after blanks): the
/// end of a bank block.
fn is_article(line: &str) -> bool {
    // Blanks skipped as bytes (a `char` pattern decodes each character).
    let b = line.as_bytes();
    let t = &b[b.iter().take_while(|&&c| c == b' ' || c == b'\t').count()..];
    // ORing 0x20 lowers an ASCII capital, and gives a lower-case letter
    // from that letter in either case only: exact for the letters, the
    // dot compared as it is.
    let letters = |n: usize, w: &[u8]| {
        t.get(..n)
            .is_some_and(|x| x.iter().zip(w).all(|(&c, &l)| c | 0x20 == l))
    };
    let word = if letters(7, b"article") {
        7
    } else if letters(3, b"art") && t.get(3) == Some(&b'.') {
        4
    } else {
        return false;
    };
    let rest = &t[word..];
    let blanks = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    blanks > 0 && rest.get(blanks).is_some_and(u8::is_ascii_digit)
}

/// Could `line` be the first part of a label broken across lines, as
/// `Reader::broken_label` reads one? Its only cell would be at most twenty
/// letters, spaces and « ° », and what is not the cell only blanks,
/// pipes, dashes and colons (separators and dropped cells): a line of
/// prose fails at its first word. The cell must also start like a label
/// (or be shorter than the start of one: the label goes on below).
fn may_start_broken_label(line: &str) -> bool {
    // Most lines start with a letter no label starts with.
    match line.as_bytes().first() {
        None => return false,
        Some(&c) if c.is_ascii_alphanumeric() && !label_letter(c) => return false,
        _ => {}
    }
    // A line that starts with a letter (most) has nothing to skip.
    let cell = if line.as_bytes()[0].is_ascii_alphabetic() {
        line
    } else {
        // ASCII blanks and separators byte by byte, then any other space.
        let ascii = line
            .bytes()
            .take_while(|c| c.is_ascii_whitespace() || matches!(c, b'|' | b'-' | b':'))
            .count();
        line[ascii..]
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '-' | ':'))
    };
    // The cell's first word agrees with a head as far as both go: read
    // along the head, up to the word's end.
    let word = cell.as_bytes();
    let starts_like_a_label = label_heads(word).iter().any(|(h, _)| {
        for (&x, &y) in word.iter().zip(h.iter()) {
            if x.is_ascii_whitespace() || matches!(x, b'|' | b'-' | b':') {
                return true;
            }
            if x.to_ascii_lowercase() != y {
                return false;
            }
        }
        true
    });
    if !starts_like_a_label {
        return false;
    }
    let mut letters = 0;
    for c in line.chars() {
        if c.is_alphabetic() || c == '°' {
            letters += 1;
            if letters > 20 {
                return false;
            }
        } else if !(c.is_whitespace() || matches!(c, '|' | '-' | ':')) {
            return false;
        }
    }
    letters > 0
}

/// Does `rest` (what follows a label) start with the end of a table cell?
fn cell_ends(rest: &str) -> bool {
    rest.trim_start_matches([' ', ':']).starts_with(['|', '\t']) || rest.starts_with("  ")
}

/// Splits `range` of `s` into table cells (pipes, tabs, runs of spaces),
/// dropping empty cells and Markdown rule cells (`---`).
fn split_cells(s: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let part = &s[range.clone()];
    let mut push = |a: usize, b: usize| {
        let t = &part[a..b];
        let tt = t.trim();
        if tt.is_empty() || tt.chars().all(|c| matches!(c, '-' | ':' | ' ')) {
            return;
        }
        let lead = t.len() - t.trim_start().len();
        out.push(range.start + a + lead..range.start + a + lead + tt.len());
    };
    // The separators `\t+|[ ]{2,}|\|` would find: the next tab or pipe
    // and the next two spaces, each found by `memchr` and kept until
    // passed (a byte loop cost 13 instructions a byte on a long line).
    let b = part.as_bytes();
    let end_of = |k: Option<usize>, from: usize| k.map_or(b.len(), |k| from + k);
    let mut pos = 0;
    let mut i = 0;
    let mut tab_pipe = end_of(memchr::memchr2(b'\t', b'|', b), 0);
    let mut spaces = end_of(DOUBLE_SPACE.find(b), 0);
    loop {
        if tab_pipe < i {
            tab_pipe = end_of(memchr::memchr2(b'\t', b'|', &b[i..]), i);
        }
        if spaces < i {
            spaces = end_of(DOUBLE_SPACE.find(&b[i..]), i);
        }
        i = tab_pipe.min(spaces);
        if i >= b.len() {
            break;
        }
        let end = match b[i] {
            b'|' => i + 1,
            c => i + b[i..].iter().take_while(|&&x| x == c).count(),
        };
        push(pos, i);
        pos = end;
        i = end;
    }
    push(pos, part.len());
}

fn word_ranges(s: &str, c: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let t = &s[c.clone()];
    let mut start = None;
    for (i, ch) in t.char_indices() {
        if ch.is_whitespace() {
            if let Some(a) = start.take() {
                out.push(c.start + a..c.start + i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(a) = start {
        out.push(c.start + a..c.end);
    }
    out
}

/// The label at the start of `s`: its kind, whether it is specific to bank
/// blocks, and its length. The label must end at a word boundary.
fn label_at(s: &str) -> Option<(Kind, bool, usize)> {
    let all = s;
    let s = s.trim_start_matches(['-', '•', '*', ' ', '\t']);
    let skipped = all.len() - s.len();
    let candidates = label_head(s.as_bytes())?;
    // No pattern matches where `LABEL_START` cannot (« Code opération »
    // in a table, « Dans le cadre »).
    if !may_start_label(s.as_bytes()) {
        return None;
    }
    for (re, kind, strong) in candidates.iter().filter_map(|&i| LABELS.get(i)) {
        if let Some(m) = re.find(s) {
            let next = s[m.end()..].chars().next();
            if next.is_some_and(|c| c.is_alphanumeric() || c == '\'') {
                continue;
            }
            return Some((*kind, *strong, skipped + m.end()));
        }
    }
    None
}

/// Is `t` a code or a number rather than words: digits, one code of
/// letters and digits, or groups of a few letters and digits (an IBAN)?
fn looks_typed(t: &str) -> bool {
    // The words walked without collecting them: this runs on every
    // free-text value.
    let digits = |w: &str| w.bytes().filter(u8::is_ascii_digit).count();
    let mut words = t.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let n = 1 + words.count();
    t.split_whitespace()
        .all(|w| w.bytes().all(|c| c.is_ascii_digit()))
        || (n == 1
            && first.len() >= 8
            && first.bytes().all(|c| c.is_ascii_alphanumeric())
            && digits(first) >= 4)
        || (n >= 3
            && t.split_whitespace().all(|w| {
                w.len() <= 5 && w.bytes().all(|c| c.is_ascii_alphanumeric()) && digits(w) > 0
            }))
}

/// [`looks_typed`] as it was written, on the collected words.
#[cfg(test)]
fn looks_typed_by_words(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let digits = |w: &str| w.bytes().filter(u8::is_ascii_digit).count();
    !words.is_empty()
        && (words.iter().all(|w| w.bytes().all(|c| c.is_ascii_digit()))
            || (words.len() == 1
                && words[0].len() >= 8
                && words[0].bytes().all(|c| c.is_ascii_alphanumeric())
                && digits(words[0]) >= 4)
            || (words.len() >= 3
                && words.iter().all(|w| {
                    w.len() <= 5 && w.bytes().all(|c| c.is_ascii_alphanumeric()) && digits(w) > 0
                })))
}

fn is_bic_shape(v: &str) -> bool {
    (v.len() == 8 || v.len() == 11)
        && v.chars().all(|c| c.is_ascii_alphanumeric())
        && v[..6].chars().all(|c| c.is_ascii_alphabetic())
        && (v.chars().all(|c| !c.is_ascii_lowercase())
            || v.chars().all(|c| !c.is_ascii_uppercase()))
}

/// Reads the value of a label of `kind` at the start of `s[r]`: the fields
/// it holds and how many bytes it uses.
fn parse_value(kind: Kind, s: &str, r: Range<usize>, from: usize) -> Option<(Vec<Value>, usize)> {
    let v = &s[r.clone()];
    let mk = |kind: Kind, text: String, a: usize, b: usize| Value {
        kind,
        text,
        range: r.start + a..r.start + b,
        from,
        iban_check: None,
    };
    match kind {
        Kind::Bank | Kind::Branch => {
            let m = FIVE.find(v)?;
            Some((
                vec![mk(kind, m.as_str().replace(' ', ""), 0, m.end())],
                m.end(),
            ))
        }
        Kind::Key => {
            let m = KEY.find(v)?;
            Some((vec![mk(kind, m.as_str().to_owned(), 0, m.end())], m.end()))
        }
        Kind::Account | Kind::Rib => {
            if let Some(c) = WHOLE_RIB.captures(v) {
                let mut out = Vec::new();
                for (i, k) in [
                    (1, Kind::Bank),
                    (2, Kind::Branch),
                    (3, Kind::Account),
                    (4, Kind::Key),
                ] {
                    if let Some(m) = c.get(i) {
                        out.push(mk(k, m.as_str().to_uppercase(), m.start(), m.end()));
                    }
                }
                let end = c.get(0).map_or(0, |m| m.end());
                return Some((out, end));
            }
            if kind == Kind::Rib {
                return None;
            }
            let c = ACCOUNT.captures(v)?;
            let acc = c.get(1)?;
            if acc.as_str().bytes().filter(u8::is_ascii_digit).count() < 5 {
                return None;
            }
            let mut out = vec![mk(
                Kind::Account,
                acc.as_str().to_uppercase(),
                acc.start(),
                acc.end(),
            )];
            if let Some(k) = c.get(2) {
                out.push(mk(Kind::Key, k.as_str().to_owned(), k.start(), k.end()));
            }
            let end = c.get(0).map_or(0, |m| m.end());
            Some((out, end))
        }
        Kind::BankAny | Kind::BranchAny => {
            if let Some(m) = FIVE.find(v) {
                if v[m.end()..].trim().is_empty() {
                    let k = if kind == Kind::BankAny {
                        Kind::Bank
                    } else {
                        Kind::Branch
                    };
                    return Some((
                        vec![mk(k, m.as_str().replace(' ', ""), 0, m.end())],
                        m.end(),
                    ));
                }
            }
            let k = if kind == Kind::BankAny {
                Kind::BankName
            } else {
                Kind::BranchName
            };
            parse_value(k, s, r, from)
        }
        Kind::Holder | Kind::BankName | Kind::BranchName => {
            let t = v.trim();
            if t.is_empty()
                || looks_typed(t)
                || t.chars().count() > 150
                || !t.chars().any(char::is_alphabetic)
            {
                return None;
            }
            let lead = v.len() - v.trim_start().len();
            Some((vec![mk(kind, collapse(t), lead, lead + t.len())], v.len()))
        }
        Kind::Bic => {
            let m = BIC_VALUE.find(v)?;
            Some((
                vec![mk(kind, m.as_str().to_uppercase(), 0, m.end())],
                m.end(),
            ))
        }
        Kind::Iban => None,
    }
}

/// An IBAN read from the text.
#[derive(Debug)]
struct IbanRead {
    iban: String,
    start: usize,
    end: usize,
    check: Result<(), String>,
}

impl IbanRead {
    fn value(self, from: usize) -> Value {
        Value {
            kind: Kind::Iban,
            text: self.iban,
            range: self.start..self.end,
            from,
            iban_check: Some(self.check),
        }
    }
}

/// Reads an IBAN at `from` (after its label, when `labelled`): skips a
/// colon and blanks (up to two line breaks), then groups of letters and
/// digits separated by a space or a line break. The IBAN ends where the
/// groups read so far make a valid IBAN, or failing that an IBAN of the
/// right length and structure for its country (per `iban_validate`) whose
/// check digits fail. Without a label, only a valid IBAN is read.
fn read_iban(s: &str, from: usize, labelled: bool) -> Option<IbanRead> {
    let b = s.as_bytes();
    let mut i = from;
    if labelled {
        let mut breaks = 0;
        while i < b.len() {
            match b[i] {
                b' ' | b'\t' | b':' => i += 1,
                b'\n' if breaks < 2 => {
                    breaks += 1;
                    i += 1;
                }
                _ => break,
            }
        }
    }
    // Groups and where they end (nine in an IBAN printed by fours).
    // On the stack: a labelled mention without its IBAN is read (and
    // given up) on every « IBAN » of a text. A group holds a character at
    // least and they hold 34 in all: 34 groups at most.
    let mut buf = [(0usize, 0usize); 34];
    let mut len = 0;
    let mut total = 0;
    loop {
        let g0 = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == g0 {
            break;
        }
        let g = &s[g0..i];
        if len == 0 {
            // « FR76… » or « FR 76… ».
            if !g.as_bytes()[..2.min(g.len())]
                .iter()
                .all(u8::is_ascii_alphabetic)
                || g.len() < 2
            {
                return None;
            }
        } else if g.bytes().all(|c| c.is_ascii_alphabetic()) && g.len() > 4 {
            // A word after the IBAN.
            break;
        }
        if total + g.len() > 34 || len == buf.len() {
            break;
        }
        total += g.len();
        buf[len] = (g0, i);
        len += 1;
        // One separator: spaces or a line break (and the blank line a
        // converter adds); never a run of spaces that separates columns.
        let sep0 = i;
        let mut spaces = 0;
        let mut breaks = 0;
        while i < b.len() {
            match b[i] {
                b' ' | b'\t' => spaces += 1,
                b'\n' => breaks += 1,
                _ => break,
            }
            i += 1;
        }
        // « FR76-1627-… »: a hyphen between two groups.
        if breaks == 0
            && spaces == 0
            && i + 1 < b.len()
            && b[i] == b'-'
            && b[i + 1].is_ascii_alphanumeric()
        {
            i += 1;
            continue;
        }
        // Justified text may double a space inside the IBAN.
        let ok = (breaks == 0 && spaces <= 2) || (1..=2).contains(&breaks);
        if !ok || i >= b.len() || !b[i].is_ascii_alphanumeric() || sep0 == i {
            break;
        }
    }
    let groups = &buf[..len];
    // Fewer than 14 characters: too short for every reading below.
    if groups.is_empty() || total < 14 {
        return None;
    }
    // The groups in upper case, one after the other, and where each ends:
    // the first n groups are a prefix (no string per attempt).
    let mut upper = String::with_capacity(34);
    let mut ends = Vec::with_capacity(groups.len());
    for &(a, z) in groups {
        // A group is ASCII letters and digits: raised byte by byte.
        let from = upper.len();
        upper.push_str(&s[a..z]);
        upper[from..].make_ascii_uppercase();
        ends.push(upper.len());
    }
    let compact = |n: usize| -> &str { &upper[..n.checked_sub(1).map_or(0, |k| ends[k])] };
    let first = compact(groups.len().min(2));
    if first.len() < 4
        || !first[..2].bytes().all(|c| c.is_ascii_alphabetic())
        || !first[2..4].bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let found = |n: usize, check: Result<(), String>| IbanRead {
        iban: compact(n).to_owned(),
        start: groups[0].0,
        end: groups[n - 1].1,
        check,
    };
    // The mod-97 remainder of the BBAN read so far (`None` past a byte
    // that is no digit nor capital): a prefix whose rotated remainder is
    // not 1 fails `iban_validate`'s checksum, and is not parsed.
    let mut bban = Some(0u32);
    let mut read = 4;
    for n in 1..=groups.len() {
        let c = compact(n);
        if c.len() < 15 {
            continue;
        }
        for &ch in &c.as_bytes()[read..] {
            bban = bban.and_then(|acc| mod97_step(acc, ch));
        }
        read = c.len();
        let rotated = c.as_bytes()[..4]
            .iter()
            .try_fold(bban, |acc, &ch| acc.map(|a| mod97_step(a, ch)));
        let may_be_valid = !matches!(rotated, Some(Some(r)) if r != 1);
        if may_be_valid && c.parse::<iban::Iban>().is_ok() {
            return Some(found(n, Ok(())));
        }
    }
    if !labelled {
        return None;
    }
    for n in 1..=groups.len() {
        let c = compact(n);
        if c.len() >= 15 && structure_ok(c) {
            return Some(found(
                n,
                Err(format!(
                    "the check digits {} are wrong (the mod-97 check fails)",
                    &c[2..4]
                )),
            ));
        }
    }
    // Neither valid nor of the right structure: report what the label's
    // line holds (the next line may be something else).
    let on_line = groups
        .iter()
        .take_while(|&&(a, _)| !s[groups[0].0..a].contains('\n'))
        .count();
    let n = if compact(on_line).len() >= 15 {
        on_line
    } else {
        groups.len()
    };
    let c = compact(n);
    if c.len() < 14 {
        return None;
    }
    let why = match c.parse::<iban::Iban>() {
        Err(iban::ParseIbanError::UnknownCountry(_)) => {
            format!("{} is not a country that uses the iban", &c[..2])
        }
        Err(iban::ParseIbanError::InvalidBban(_)) => format!(
            "it does not have the length and structure of a {} iban",
            &c[..2]
        ),
        Err(iban::ParseIbanError::InvalidBaseIban { source }) => match source {
            iban::ParseBaseIbanError::InvalidChecksum => {
                "the check digits are wrong (the mod-97 check fails)".to_owned()
            }
            iban::ParseBaseIbanError::InvalidFormat => format!(
                "it does not have the length and structure of a {} iban",
                &c[..2]
            ),
        },
        Ok(_) => return Some(found(n, Ok(()))),
    };
    Some(found(n, Err(why)))
}

/// One character more in a mod-97 remainder, as `iban_validate` computes
/// it: a digit, or a capital letter for 10 to 35.
fn mod97_step(acc: u32, ch: u8) -> Option<u32> {
    match ch {
        b'0'..=b'9' => Some((acc * 10 + u32::from(ch - b'0')) % 97),
        b'A'..=b'Z' => Some((acc * 100 + u32::from(ch - b'A' + 10)) % 97),
        _ => None,
    }
}

/// Would `iban` be valid with the right check digits? Tells an IBAN whose
/// check digits fail from one of the wrong length or structure, with the
/// crate's own rules for each country.
fn structure_ok(iban: &str) -> bool {
    if iban.len() < 5 || !iban.is_ascii() {
        return false;
    }
    let (country, bban) = (&iban[..2], &iban[4..]);
    let mut rem: u32 = 0;
    for c in bban.chars().chain(country.chars()).chain("00".chars()) {
        let Some(d) = c.to_digit(36) else {
            return false;
        };
        rem = if d >= 10 {
            (rem * 100 + d) % 97
        } else {
            (rem * 10 + d) % 97
        };
    }
    let check = 98 - rem;
    format!("{country}{check:02}{bban}")
        .parse::<iban::Iban>()
        .is_ok()
}

/// Turns a draft into an account, validated.
fn finish(
    text: &Text<'_>,
    base: usize,
    d: Draft,
    diags: &mut Vec<Diagnostic>,
) -> Option<BankAccount> {
    // A lone weak field is no account, nor is a lone code.
    if !d
        .values
        .iter()
        .any(|v| matches!(v.kind, Kind::Iban | Kind::Account | Kind::Bic))
    {
        return None;
    }
    let start = d.values.iter().map(|v| v.from.min(v.range.start)).min()?;
    let end = d.values.iter().map(|v| v.range.end).max()?;
    let mut acc = BankAccount {
        span: text.span(base + start, base + end),
        ..BankAccount::default()
    };
    let mut iban_check = None;
    for v in &d.values {
        let slot = match v.kind {
            Kind::Iban => {
                iban_check = v.iban_check.clone();
                &mut acc.iban
            }
            Kind::Bic => &mut acc.bic,
            Kind::Bank => &mut acc.bank_code,
            Kind::Branch => &mut acc.branch_code,
            Kind::Account => &mut acc.account_number,
            Kind::Key => &mut acc.rib_key,
            Kind::Holder => &mut acc.holder,
            Kind::BankName => &mut acc.bank_name,
            Kind::BranchName => &mut acc.branch_name,
            Kind::Rib | Kind::BankAny | Kind::BranchAny => continue,
        };
        slot.get_or_insert_with(|| v.text.clone());
        if matches!(v.kind, Kind::Iban | Kind::Account | Kind::Key) {
            acc.number_spans
                .push(text.span(base + v.range.start, base + v.range.end));
        }
    }
    if let (Some(iban), Some(check)) = (&acc.iban, iban_check) {
        acc.iban_valid = Some(check.is_ok());
        if let Err(why) = check {
            diags.push(Diagnostic::warning(
                "bank.iban_invalid",
                format!("iban {iban} is not valid: {why}"),
                Some(acc.span),
            ));
        }
    }
    validate(&mut acc, diags);
    Some(acc)
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

/// What is wrong with `bic`, if anything: 8 or 11 characters, four letters
/// for the bank, two for the country, then letters or digits.
pub fn bic_problem(bic: &str) -> Option<&'static str> {
    let n = bic.len();
    if !bic.is_ascii() || (n != 8 && n != 11) {
        return Some("a bic has 8 or 11 characters");
    }
    if !bic[..4].chars().all(|c| c.is_ascii_alphabetic()) {
        return Some("a bic starts with four letters for the bank");
    }
    if !bic[4..6].chars().all(|c| c.is_ascii_alphabetic()) {
        return Some("a bic's fifth and sixth characters are the letters of its country");
    }
    if !bic[6..].chars().all(|c| c.is_ascii_alphanumeric()) {
        return Some("a bic ends with letters or digits");
    }
    None
}

/// Countries whose banks may hold accounts with an IBAN of `country`:
/// French overseas territories use French IBANs, Monaco French BICs.
fn bic_country_fits(iban_country: &str, bic_country: &str) -> bool {
    const FRENCH: &[&str] = &[
        "FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF", "TF",
    ];
    iban_country == bic_country
        || (FRENCH.contains(&iban_country) && FRENCH.contains(&bic_country))
        || (iban_country == "MC" && bic_country == "FR")
}

fn validate(acc: &mut BankAccount, diags: &mut Vec<Diagnostic>) {
    // The RIB inside a French (or Monegasque) IBAN must be the RIB printed
    // beside it; when none is printed, the IBAN's gives the fields.
    if let Some(iban) = acc
        .iban
        .as_deref()
        .filter(|i| (i.starts_with("FR") || i.starts_with("MC")) && i.len() == 27 && i.is_ascii())
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
                    Some(e) => format!(
                        "rib key {k} does not match bank {b}, branch {g}, account {c} (the key of that rib is {e:02})"
                    ),
                    None => format!("rib {b} {g} {c} {k} is not a well-formed french rib"),
                },
                Some(acc.span),
            ));
        }
    }
    if let Some(bic) = acc.bic.clone() {
        let mut problem = bic_problem(&bic).map(str::to_owned);
        if problem.is_none() {
            if let Some(iban) = acc.iban.as_deref().filter(|i| i.is_ascii() && i.len() >= 2) {
                let country = &iban[..2];
                let bic_country = &bic[4..6];
                if !bic_country_fits(country, bic_country) {
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

/// Builds this module's patterns now rather than at their first use (see
/// [`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&IBAN_LABEL);
    LazyLock::force(&BIC_LABEL_AT);
    LazyLock::force(&BARE_IBAN_AT);
    LazyLock::force(&LABELS);
    LazyLock::force(&LABEL_START);
    LazyLock::force(&FIVE);
    LazyLock::force(&KEY);
    LazyLock::force(&WHOLE_RIB);
    LazyLock::force(&ACCOUNT);
    LazyLock::force(&BIC_VALUE);
    LazyLock::force(&DOUBLE_SPACE);
    LazyLock::force(&QUICK);
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

    // Invented accounts, check digits computed by fixtures/tools/make_ibans.py.
    const FR: &str = "FR76 1742 9003 1804 5128 7396 080";
    const FR_COMPACT: &str = "FR7617429003180451287396080";

    #[test]
    fn rib_keys() {
        assert_eq!(rib_key("16275", "00600", "08000252630"), Some(75));
        // Letters in the account count as the standard says (A -> 1).
        assert_eq!(rib_key("14790", "02215", "0078A452213"), Some(12));
        assert_eq!(rib_key("1479", "02215", "0078A452213"), None);
    }

    #[test]
    fn labelled_lines() {
        let (a, d) = accounts(
            "Agence : Caisse X\n\nNuméro de compte : 16275 00600 08000252630\n\nClé RIB : 75\n\nIBAN : FR76 1627 5006 0008 0002 5263 075\n\nBIC : CEPAPFRPP627\n\nOuvert au nom : ASSOCIATION DES AMIS\n\nDans les écritures de la banque : CAISSE\n\nIl est fait mention du relevé.\n",
        );
        assert_eq!(a.len(), 1);
        let a = &a[0];
        assert_eq!(a.iban.as_deref(), Some("FR7616275006000800025263075"));
        assert_eq!(a.iban_valid, Some(true));
        assert_eq!(a.bank_code.as_deref(), Some("16275"));
        assert_eq!(a.account_number.as_deref(), Some("08000252630"));
        assert_eq!(a.rib_key_valid, Some(true));
        assert_eq!(a.bic_valid, Some(false));
        assert_eq!(a.holder.as_deref(), Some("ASSOCIATION DES AMIS"));
        assert_eq!(a.bank_name.as_deref(), Some("CAISSE"));
        assert_eq!(a.branch_name.as_deref(), Some("Caisse X"));
        assert!(d.iter().any(|d| d.code == "bank.bic_invalid"));
        // The span covers the whole block, from « Agence » to the bank name.
        assert_eq!(a.span.start, 0);
        assert!(a.span.end > 200);
        assert_eq!(a.number_spans.len(), 3);
    }

    #[test]
    fn one_changed_digit_is_invalid() {
        let (a, d) = accounts("IBAN : FR76 1742 9003 1804 5128 7396 081\n");
        assert_eq!(a[0].iban.as_deref(), Some("FR7617429003180451287396081"));
        assert_eq!(a[0].iban_valid, Some(false));
        let diag = d.iter().find(|d| d.code == "bank.iban_invalid").unwrap();
        assert!(diag.message.contains("check digits"), "{}", diag.message);
    }

    #[test]
    fn wrong_length_is_invalid_with_its_reason() {
        let (a, d) = accounts("IBAN : FR76 1742 9003 1804 5128 7396 08\nBIC : BQSOFRPP803\n");
        assert_eq!(a[0].iban_valid, Some(false));
        assert_eq!(a[0].iban.as_deref(), Some("FR761742900318045128739608"));
        assert!(d.iter().any(|d| d.message.contains("length and structure")));
    }

    #[test]
    fn iban_forms() {
        for text in [
            format!("IBAN : {FR}\n"),
            format!("IBAN {FR_COMPACT}\n"),
            format!("I.B.A.N. : {}\n", FR.to_lowercase()),
            "IBAN : FR 76 1742 9003 1804 5128 7396 080\n".to_owned(),
            "IBAN : FR76 1742 9003 1804\n5128 7396 080 suite\n".to_owned(),
            "IBAN :\n\nFR76 1742 9003 1804 5128 7396 080\n".to_owned(),
            "Coordonnées : FR76 1742 9003 1804 5128 7396 080\n".to_owned(),
        ] {
            let (a, _) = accounts(&text);
            assert_eq!(a.len(), 1, "{text}");
            assert_eq!(a[0].iban.as_deref(), Some(FR_COMPACT), "{text}");
            assert_eq!(a[0].iban_valid, Some(true), "{text}");
            assert_eq!(a[0].account_number.as_deref(), Some("04512873960"));
        }
    }

    #[test]
    fn other_countries() {
        // Check digits computed for these invented accounts.
        let (a, _) = accounts("IBAN BE61 7320 4582 9117 - BIC BQLGBEBB\n");
        assert_eq!(a[0].iban.as_deref(), Some("BE61732045829117"));
        assert_eq!(a[0].iban_valid, Some(true));
        assert_eq!(a[0].bic_valid, Some(true));
        assert_eq!(a[0].bank_code, None);
        // A BIC of another country than the IBAN's is reported.
        let (a, d) = accounts("IBAN BE61 7320 4582 9117\nBIC : BQLGFRPP\n");
        assert_eq!(a[0].bic_valid, Some(false));
        assert!(d.iter().any(|d| d.message.contains("country")));
    }

    #[test]
    fn noise_is_not_an_iban() {
        // Not labelled and not valid: a reference that looks like an IBAN.
        let (a, _) = accounts("Dossier FR76 1742 9003 1804 5128 7396 081 reçu.\n");
        assert!(a.is_empty());
        // « IBAN » in prose, with no number after it.
        let (a, _) = accounts("Le RIB ou l'IBAN de l'association est joint.\n");
        assert!(a.is_empty());
    }

    #[test]
    fn labels_then_values() {
        let (a, _) = accounts(
            "Code banque\n\nCode guichet\n\nN°compte\n\nClé\n\nDomiciliation\n\n17429\n\n00318\n\n04512873960\n\n80\n\nBanque Coopérative\nde la Somme\n\nIBAN : FR76 1742 9003 1804 5128 7396 080\n\nBIC : BQSOFRPP803\n",
        );
        assert_eq!(a.len(), 1);
        let a = &a[0];
        assert_eq!(a.bank_code.as_deref(), Some("17429"));
        assert_eq!(a.branch_code.as_deref(), Some("00318"));
        assert_eq!(a.account_number.as_deref(), Some("04512873960"));
        assert_eq!(a.rib_key.as_deref(), Some("80"));
        assert_eq!(a.rib_key_valid, Some(true));
        assert_eq!(
            a.branch_name.as_deref(),
            Some("Banque Coopérative de la Somme")
        );
    }

    #[test]
    fn broken_labels_and_glued_key() {
        let (a, _) = accounts(
            "Code\nétablissemen\nt\n\n17 429\n\nCode\nguichet\n\n00318\n\nN° du Compte : 04512873960 80\n\nDomiciliatio\nn\n\nBanque Coopérative\n",
        );
        assert_eq!(a.len(), 1);
        let a = &a[0];
        assert_eq!(a.bank_code.as_deref(), Some("17429"));
        assert_eq!(a.rib_key.as_deref(), Some("80"));
        assert_eq!(a.rib_key_valid, Some(true));
        assert_eq!(a.iban, None);
        assert_eq!(a.branch_name.as_deref(), Some("Banque Coopérative"));
    }

    #[test]
    fn tables() {
        let pipes = "| Code banque | Code guichet | N° de compte | Clé RIB |\n|---|---|---|---|\n| 17429 | 00318 | 04512873960 | 80 |\n";
        let layout = "  Code banque     Code guichet    N° de compte     Clé RIB\n  17429           00318           04512873960      80\n";
        let single = "Code banque Code guichet N° de compte Clé RIB\n17429 00318 04512873960 80\n";
        for t in [pipes, layout, single] {
            let (a, _) = accounts(t);
            assert_eq!(a.len(), 1, "{t}");
            assert_eq!(a[0].account_number.as_deref(), Some("04512873960"), "{t}");
            assert_eq!(a[0].rib_key_valid, Some(true), "{t}");
        }
        // Two rows: two accounts.
        let (a, _) = accounts(
            "Code banque    Code guichet    N° de compte    Clé RIB\n17429          00318           04512873960     80\n16275          00600           08000252630     75\n",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].account_number.as_deref(), Some("08000252630"));
    }

    #[test]
    fn pre_sepa_rib_with_bad_key() {
        let (a, d) =
            accounts("RIB : 17429 00318 04512873960 81\nTitulaire du compte : CLUB DES SPORTS\n");
        assert_eq!(a[0].rib_key_valid, Some(false));
        assert_eq!(a[0].iban_valid, None);
        assert_eq!(a[0].holder.as_deref(), Some("CLUB DES SPORTS"));
        assert!(d.iter().any(|d| d.code == "bank.rib_key_invalid"));
    }

    #[test]
    fn rib_beside_iban_must_match() {
        let (_, d) = accounts(
            "Code banque : 17429\nCode guichet : 00318\nNuméro de compte : 04512873961\nIBAN : FR76 1742 9003 1804 5128 7396 080\n",
        );
        assert!(d.iter().any(|d| d.code == "bank.rib_mismatch"));
    }

    #[test]
    fn several_accounts_keep_their_fields() {
        let (a, _) = accounts(
            "Titulaire : PREMIER CLUB\nIBAN : FR76 1742 9003 1804 5128 7396 080\nBIC : BQSOFRPP803\n\nTitulaire : SECOND CLUB\nIBAN : FR76 1627 5006 0008 0002 5263 075\nBIC : CEPAFRPP627\n",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].holder.as_deref(), Some("PREMIER CLUB"));
        assert_eq!(a[0].bic.as_deref(), Some("BQSOFRPP803"));
        assert_eq!(a[1].holder.as_deref(), Some("SECOND CLUB"));
        assert_eq!(a[1].bic.as_deref(), Some("CEPAFRPP627"));
        let (a, _) = accounts(
            "IBAN : FR76 1742 9003 1804 5128 7396 080\nBénéficiaire : PREMIER CLUB\n\nIBAN : FR76 1627 5006 0008 0002 5263 075\nBénéficiaire : SECOND CLUB\n",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].holder.as_deref(), Some("PREMIER CLUB"));
        assert_eq!(a[1].holder.as_deref(), Some("SECOND CLUB"));
    }

    #[test]
    fn blank_line_layout_keeps_trailing_fields_with_their_account() {
        // Every field on its own line between blank lines, the holder after
        // the IBAN: the holders follow the order of the first block.
        let (a, _) = accounts(
            "IBAN : FR76 1742 9003 1804 5128 7396 080\n\nBIC : BQSOFRPP803\n\nTitulaire : PREMIER CLUB\n\nIBAN : FR76 1627 5006 0008 0002 5263 075\n\nBIC : CEPAFRPP627\n\nTitulaire : SECOND CLUB\n\nLe versement est unique.\n",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].holder.as_deref(), Some("PREMIER CLUB"));
        assert_eq!(a[1].holder.as_deref(), Some("SECOND CLUB"));
    }

    #[test]
    fn a_heading_with_a_colon_announces_the_next_account() {
        let (a, _) = accounts(
            "Club A :\nIBAN : FR76 1742 9003 1804 5128 7396 080\nClub B :\nDomiciliation : Banque du Val\nRIB : 16275 00600 08000252630 75\n",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].branch_name, None);
        assert_eq!(a[1].branch_name.as_deref(), Some("Banque du Val"));
        assert_eq!(a[1].rib_key_valid, Some(true));
    }

    #[test]
    fn table_rows_with_holders() {
        let (a, _) = accounts(
            "Bénéficiaire          Code banque   Code guichet   N° de compte   Clé\nCLUB DES SPORTS        17429         00318          04512873960    80\nAMICALE DU PORT        16275         00600          08000252630    75\n",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].holder.as_deref(), Some("CLUB DES SPORTS"));
        assert_eq!(a[1].holder.as_deref(), Some("AMICALE DU PORT"));
        assert!(a.iter().all(|a| a.rib_key_valid == Some(true)));
    }

    #[test]
    fn more_label_and_separator_forms() {
        for t in [
            "IBAN n° : FR76-1742-9003-1804-5128-7396-080\n",
            "IBAN : FR76  1742  9003  1804  5128  7396  080\n",
        ] {
            let (a, _) = accounts(t);
            assert_eq!(a[0].iban.as_deref(), Some(FR_COMPACT), "{t}");
        }
        let (a, _) = accounts(
            "Nom du titulaire : CLUB DES SPORTS\nDomiciliation bancaire : Banque du Val\nCompte bancaire n° 16275 00600 08000252630 75\n",
        );
        assert_eq!(a[0].holder.as_deref(), Some("CLUB DES SPORTS"));
        assert_eq!(a[0].branch_name.as_deref(), Some("Banque du Val"));
        assert_eq!(a[0].rib_key_valid, Some(true));
    }

    #[test]
    fn table_with_iban_and_bic_columns() {
        let (a, d) = accounts(
            "| Titulaire | IBAN | BIC |\n|---|---|---|\n| CLUB DES SPORTS | FR76 1742 9003 1804 5128 7396 080 | BQSOFRPP803 |\n| AMICALE DU PORT | FR76 1627 5006 0008 0002 5263 076 | CEPAFRPP627 |\n",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].holder.as_deref(), Some("CLUB DES SPORTS"));
        assert_eq!(a[0].bic.as_deref(), Some("BQSOFRPP803"));
        assert_eq!(a[1].holder.as_deref(), Some("AMICALE DU PORT"));
        // Under an IBAN column header, an invalid IBAN is still reported.
        assert_eq!(a[1].iban.as_deref(), Some("FR7616275006000800025263076"));
        assert_eq!(a[1].iban_valid, Some(false));
        assert!(d.iter().any(|d| d.code == "bank.iban_invalid"));
        assert_eq!(a[1].bic.as_deref(), Some("CEPAFRPP627"));
    }

    #[test]
    fn iban_shapes_are_every_capital_pair_before_two_digits() {
        let naive = |b: &[u8]| -> Vec<usize> {
            (0..b.len().saturating_sub(3))
                .filter(|&p| {
                    b[p].is_ascii_uppercase()
                        && b[p + 1].is_ascii_uppercase()
                        && b[p + 2].is_ascii_digit()
                        && b[p + 3].is_ascii_digit()
                })
                .collect()
        };
        // Digits sparse or dense, at every place of the blocks and words.
        let alphabet: &[u8] = b"FR76aZ09 /:\n\x80\xff";
        let mut next = crate::text::xorshift(0x5eed_1bad);
        for round in 0..3000 {
            let len = (next() % 300) as usize;
            let dense = round % 3 == 0;
            let b: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if dense || r % 7 == 0 {
                        alphabet[(r >> 8) as usize % alphabet.len()]
                    } else {
                        b'x'
                    }
                })
                .collect();
            let mut got = Vec::new();
            iban_shapes(&b, &mut got);
            assert_eq!(got, naive(&b), "{b:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn looks_typed_is_its_definition(t in "([0-9]{1,3}|[A-Z0-9]{1,9}|[a-z]{1,4}|é|FR76|\\u{a0}| |\t|\n){0,6}") {
            proptest::prop_assert_eq!(looks_typed(&t), looks_typed_by_words(&t));
        }
    }

    /// The reader with and without its gate.
    fn same_with_and_without_gate(s: &str) {
        let gated = format!("{:?}", Reader::new(s).run(true));
        let full = format!("{:?}", Reader::new(s).run(false));
        assert_eq!(gated, full, "{s:?}");
    }

    #[test]
    fn the_gate_changes_nothing() {
        for t in [
            "Agence : Caisse X\n\nNuméro de compte : 16275 00600 08000252630\n\nClé RIB : 75\n\nIBAN : FR76 1627 5006 0008 0002 5263 075\n\nBIC : CEPAPFRPP627\n\nOuvert au nom : ASSOCIATION DES AMIS\n\nDans les écritures de la banque : CAISSE\n\nIl est fait mention du relevé.\n",
            "Code\nétablissemen\nt\n\n17 429\n\nCode\nguichet\n\n00318\n\nN° du Compte : 04512873960 80\n\nDomiciliatio\nn\n\nBanque Coopérative\n",
            "Le texte.\nCode banque    Code guichet    N° de compte    Clé RIB\n17429          00318           04512873960     80\nLa suite.\n",
            "Prose de la convention.\nI. B. A. N. : FR76 1742 9003 1804\n5128 7396 080 suite\nDossier FR7617429003180451287396080 reçu\n",
            "Club A :\nIBAN : FR76 1742 9003 1804 5128 7396 080\nClub B :\nDomiciliation : Banque du Val\nRIB : 16275 00600 08000252630 75\n",
            "  - •\u{a0}Titulaire : CLUB\n\tcode swift\tBQSOFRPP803\n| RIB | x |\n",
        ] {
            same_with_and_without_gate(t);
        }
    }

    /// [`scan`]: the lines `split('\n')` gives, and the places of the
    /// separate passes with the starts of the lines that may start a broken
    /// label.
    fn scan_is_the_passes(s: &str) {
        let (lines, hits) = scan(s);
        let mut want_lines = Vec::new();
        let mut a = 0;
        for piece in s.split('\n') {
            want_lines.push(a..a + piece.len());
            a += piece.len() + 1;
        }
        assert_eq!(lines, want_lines, "{s:?}");
        let mut want = gate_by_passes(s, &lines);
        want.extend(
            lines
                .iter()
                .filter(|r| may_start_broken_label(&s[(*r).clone()]))
                .map(|r| r.start),
        );
        want.sort();
        want.dedup();
        assert!(hits.is_sorted(), "{s:?}");
        let mut got = hits.clone();
        got.dedup();
        assert_eq!(got, want, "{s:?}");
    }

    #[test]
    fn scan_finds_what_the_passes_found() {
        for t in [
            "",
            " ",
            "  ",
            "\n",
            "b",
            "  Code banque",
            "IBAN : FR76 1742 9003 1804 5128 7396 080\nBIC : BQSOFRPP803\n",
            "x\tCode guichet  |  Clé RIB\n\t\tIBAN\n",
            "Texte   suivi  de   Banque\t\n  \n| RIB | x |",
            "AB12CD34 FR7617429003180451287396080 swift SWIFT bic BIC i.b.a.n",
        ] {
            scan_is_the_passes(t);
        }
        // Generated: every byte class the scan stops at, at every place
        // of its sixteen-byte blocks, among letters and accents.
        let words: &[&str] = &[
            "IBAN",
            "I.B.A.N",
            "BIC",
            "SWIFT",
            "swift",
            "b",
            "B",
            "w",
            "W",
            "FR76",
            "1742",
            "AB",
            "7",
            "Code banque",
            "guichet",
            "Clé",
            "RIB",
            "Titulaire",
            "Domiciliatio",
            "n",
            "Agence",
            "Article 2",
            "prose",
            "é",
            "•",
            "-",
            "\u{a0}",
            " ",
            "  ",
            "   ",
            "\t",
            "|",
            "\n",
            "\n\n",
            ":",
            "x",
            "Établissement",
            "N° de compte",
            "le",
            "de",
            "Dans les écritures",
            "Dans le",
            "Au nom",
            "Au titre",
            "Nombre",
            "Nom du",
            "Code opération",
            "- Le",
            "- ",
        ];
        let mut next = crate::text::xorshift(0x5ca1_ab1e);
        for _ in 0..4000 {
            let t = crate::text::pieces(&mut next, words, 40);
            scan_is_the_passes(&t);
        }
    }

    fn bic_labels_are_the_regex_matches_in(t: &str) {
        let got: Vec<_> = bic_labels(t).collect();
        let want: Vec<_> = BIC_LABEL.find_iter(t).map(|m| m.range()).collect();
        assert_eq!(got, want, "{t:?}");
    }

    #[test]
    fn bic_labels_are_the_regex_matches() {
        for t in [
            "",
            "BIC",
            "Code BIC : BQSOFRPP803 code\t SWIFT/bic (x) ſwift xſwift",
            "codeBIC barcode BIC aBIC BICx BIC_ SWIFT / BIC(  a)",
            "é BIC é ſWIFT code  \tſwift (0123456789012345678901234567890123456789012)",
        ] {
            bic_labels_are_the_regex_matches_in(t);
        }
        let mut rnd = crate::text::xorshift(0x5851_f42d_4c95_7f2d);
        let parts = [
            "BIC", "bic", "SWIFT", "ſwift", "Swift", "code", "CODE", " ", "\t", "/", "(x)", "(",
            ")", "a", "_", "é", "\n", "ic", "w", "ift", "0", "ſ", "B", "s",
        ];
        for _ in 0..4000 {
            let t = crate::text::pieces(&mut rnd, &parts, 16);
            bic_labels_are_the_regex_matches_in(&t);
        }
    }

    fn bare_ibans_are_the_regex_matches_in(t: &str) {
        let mut starts = Vec::new();
        iban_shapes(t.as_bytes(), &mut starts);
        let got: Vec<_> = bare_ibans(t, starts).collect();
        assert_eq!(got, bare_ibans(t, 0..t.len()).collect::<Vec<_>>(), "{t:?}");
        let want: Vec<_> = BARE_IBAN.find_iter(t).map(|m| m.range()).collect();
        assert_eq!(got, want, "{t:?}");
    }

    #[test]
    fn bare_ibans_are_the_regex_matches() {
        for t in [
            "",
            "FR7630006000011234567890189",
            "xFR76 3000 6000 0112 3456 7890 189 FR76 3000 6000 0112",
            "_FR7630006000011234567890189 éFR7630006000011234567890189",
            "FR76 3000 6000 0112 3456 7890 189A FR76 30006000011234567890189AB",
            "GB29NWBK60161331926819GB29NWBK60161331926819 DE89 3704 0044 0532 0130 00",
            "IBAN : FR76 IBAN : FR76 FR76 3000 6000 FR7612345678901 FR76 1234 567",
        ] {
            bare_ibans_are_the_regex_matches_in(t);
        }
        let mut rnd = crate::text::xorshift(0x9e37_79b9_7f4a_7c15);
        let parts = [
            "FR", "76", "GB29", "3000", "6000", " ", "  ", "A", "B1", "0", "é", "_", "x", "\n",
            "189",
        ];
        for _ in 0..3000 {
            let t = crate::text::pieces(&mut rnd, &parts, 24);
            bare_ibans_are_the_regex_matches_in(&t);
        }
    }

    #[test]
    fn cells_split_by_the_regex_on_generated_lines() {
        let mut rnd = crate::text::xorshift(0x2545_f491_4f6c_dd1d);
        let parts = ["a", " ", "  ", "\t", "|", "-", ":", "é", "\t\t", "   "];
        for _ in 0..3000 {
            let t = crate::text::pieces(&mut rnd, &parts, 30);
            cells_split_as_the_regex_did_on(&t);
        }
    }

    fn cells_split_as_the_regex_did_on(t: &str) {
        static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\t+|[ ]{2,}|\|").unwrap());
        let mut got = Vec::new();
        split_cells(t, 0..t.len(), &mut got);
        let mut want = Vec::new();
        let mut pos = 0;
        let mut push = |a: usize, b: usize| {
            let c = &t[a..b];
            let tt = c.trim();
            if tt.is_empty() || tt.chars().all(|c| matches!(c, '-' | ':' | ' ')) {
                return;
            }
            let lead = c.len() - c.trim_start().len();
            want.push(a + lead..a + lead + tt.len());
        };
        for m in RE.find_iter(t) {
            push(pos, m.start());
            pos = m.end();
        }
        push(pos, t.len());
        assert_eq!(got, want, "{t:?}");
    }

    #[test]
    fn cells_split_as_the_regex_did() {
        for t in [
            "",
            "a",
            "a  b",
            " a \t\t b|c||d  ",
            "|",
            "-- : |  x\t",
            "é  è\t|ü",
        ] {
            cells_split_as_the_regex_did_on(t);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, .. Default::default() })]
        #[test]
        fn the_gate_changes_nothing_on_fragments(s in "(IBAN|I\\. B\\.A N|BIC|code swift|Code|banque|guichet|établissement|Etab|N° de compte|Numéro|compte n°|Clé|clé RIB|RIB|R\\.I\\.B\\.|Titulaire|Ouvert au nom de|au nom de|Bénéficiaire|Intitulé|Dans les écritures de la banque|Domiciliation|Agence|Article 2|FR76|1742|9003|16275|00600|08000252630|75|BQSOFRPP803|BQLGBEBB|prose|Le club|Il est fait mention de la convention signée |é|€|:|\\||-|•|\n|\n\n|\t|  | |\u{a0}|[A-Z0-9]{1,6})*") {
            same_with_and_without_gate(&s);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, .. Default::default() })]
        #[test]
        fn never_panics_and_spans_stay_inside(s in "(IBAN|BIC|Code|banque|guichet|N° de compte|Clé|RIB|FR76|1742|9003|é|€|:|\\||\n|\t|  | |[A-Z0-9]{1,6})*") {
            let (accs, _) = accounts(&s);
            for a in accs {
                proptest::prop_assert!(a.span.start <= a.span.end && a.span.end <= s.len());
                for sp in a.number_spans {
                    proptest::prop_assert!(sp.end <= s.len() && s.is_char_boundary(sp.start));
                }
            }
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "IBAN",
            "IBAN :",
            "BIC",
            "é IBAN é",
            "Clé\n",
            "Code\nguichet",
            "IBAN : FR",
            "N° de compte : ééé",
        ] {
            let _ = accounts(t);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, .. Default::default() })]
        #[test]
        fn label_head_is_the_heads(s in "(c|C|o|O|d|m|p|l|L|e|é|É|n|N|°|º|u|r|R|\\.|i|I|b|B|t|T|v|a|A|g|G|s|\u{0}|x| ){0,6}") {
            proptest::prop_assert_eq!(label_head(s.as_bytes()), label_head_by_heads(s.as_bytes()));
        }
    }

    #[test]
    fn iban_labels_are_the_regex_matches() {
        for line in [
            "IBAN : FR76 IBAN : FR76 ",
            "I.B.A.N. (compte courant) n° FR76",
            "i b a n(x)nº",
            "Code IBAN\t: FR",
            "xIBAN IBANx IBAN_ _IBAN",
            "IBAN (une parenthèse qui ne se ferme pas avant quarante et un caractères) no.",
            "IBAN (\n) N°",
            "IBAN.  No. I. B. A. N.",
        ] {
            let want: Vec<_> = IBAN_LABEL.find_iter(line).map(|m| m.range()).collect();
            let got: Vec<_> = iban_labels(line).collect();
            assert_eq!(got, want, "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn iban_labels_agree_with_the_regex(
            line in "(IBAN|iban|I\\.B\\.A\\.N\\.|I B A N|I\\. B|[IiBbAaNnOo]|\\.| |\t|\\(|\\)|°|º|n°|N°|no\\.|x|é|_|1|\n|İ|ı|K|[a-z]{1,12}|:){0,14}"
        ) {
            let want: Vec<_> = IBAN_LABEL.find_iter(&line).map(|m| m.range()).collect();
            let got: Vec<_> = iban_labels(&line).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn is_article_by_its_definition() {
        let by_definition = |line: &str| {
            let t = line.trim_start_matches([' ', '\t']).as_bytes();
            let word = if t.len() >= 7 && t[..7].eq_ignore_ascii_case(b"article") {
                7
            } else if t.len() >= 4 && t[..4].eq_ignore_ascii_case(b"art.") {
                4
            } else {
                return false;
            };
            let rest = &t[word..];
            let blanks = rest
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            blanks > 0 && rest.get(blanks).is_some_and(u8::is_ascii_digit)
        };
        for line in [
            "Article 1",
            " \tARTICLE\t2",
            "art. 3",
            "Art.3",
            "Art 3",
            "ArticlE 4",
            "Articl 5",
            "Art\u{e}. 6",
            "Art\u{0e} 7",
            "article",
            "",
            "Ärticle 1",
            "ARTICLES 1",
        ] {
            assert_eq!(is_article(line), by_definition(line), "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn is_article_agrees_with_its_definition(line in "[ \t]{0,2}(Article|ARTICLE|art\\.|ART|aRt\\.|[aA\x01\x0e][rR\x12][tT\x14][.\x0e]|[a-z]{1,3})[ \t]{0,2}[0-9a]?") {
            let t = line.trim_start_matches([' ', '\t']).as_bytes();
            let word = if t.len() >= 7 && t[..7].eq_ignore_ascii_case(b"article") {
                Some(7)
            } else if t.len() >= 4 && t[..4].eq_ignore_ascii_case(b"art.") {
                Some(4)
            } else {
                None
            };
            let want = word.is_some_and(|w| {
                let rest = &t[w..];
                let blanks = rest.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
                blanks > 0 && rest.get(blanks).is_some_and(u8::is_ascii_digit)
            });
            proptest::prop_assert_eq!(is_article(&line), want);
        }
    }

    /// [`label_start`] against the regex alone.
    fn label_start_is_the_regex(t: &str) {
        assert_eq!(label_start(t), LABEL_START.is_match(t), "{t:?}");
        // Nor does any pattern of `label_at`.
        if !may_start_label(t.as_bytes()) {
            assert!(LABELS.iter().all(|(re, ..)| !re.is_match(t)), "{t:?}");
        }
    }

    #[test]
    fn label_start_on_prose_and_labels() {
        for t in [
            "Dans les écritures de la banque",
            "DANS LES ÉCRITURES DE L'établissement",
            "danſ\tleſ  ecritures de la banque",
            "Dans le cadre",
            "Dans les conditions",
            "Dans  les\tÉcritures de la Banque",
            "Au nom de X",
            "au\tnom de",
            "Au titre",
            "Nom du titulaire",
            "nom de la banque",
            "Nombre de",
            "Code banque",
            "CODE  Guichet",
            "code de la banque",
            "Code établissement",
            "code Etab.",
            "Code opération",
            "Code",
            "Dans",
            "Au",
        ] {
            label_start_is_the_regex(t);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, .. Default::default() })]
        #[test]
        fn label_start_agrees_with_the_regex(
            s in "(Dans|DANS|danſ|dan|Au|au|AU|Nom|nom|Code|CODE|cod|les|leſ|LES|le|l|es|écritures|Écritures|ecritures|de la|de|du|banque|Banque|guichet|établissement|Etab\\.|titulaire|x|é|ſ|\u{0}| |  |\t|\n){0,8}"
        ) {
            label_start_is_the_regex(&s);
        }
    }

    #[test]
    fn label_head_on_every_head() {
        for t in [
            "cod", "Comp", "cle", "CLÉ", "clé", "n°", "nº", "No", "num", "rel", "r.", "RIB", "tit",
            "ouv", "au", "Age", "ben", "bé", "BÉ", "ban", "int", "dan", "dom", "etab", "établ",
            "Établ", "gui", "", "c", "co", "cl", "é", "Éta", "ÉTAB", "\u{0}", "co\u{0}",
        ] {
            assert_eq!(
                label_head(t.as_bytes()),
                label_head_by_heads(t.as_bytes()),
                "{t:?}"
            );
        }
    }
}
