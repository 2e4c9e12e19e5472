//! Where each deliberation starts and ends, and the parts inside it.
//!
//! One input may hold one deliberation, a fragment of one, or many (a
//! *recueil des actes administratifs*). A deliberation starts at a line such
//! as « DELIBERATION N° … » or « EXTRAIT DU REGISTRE DES DELIBERATIONS »;
//! inside it, the decision starts at « DECIDE », « DÉLIBÈRE » or « Après en
//! avoir délibéré » (or at its first article), and annexes (convention,
//! rapport, fiche action) start at their own title lines after the decision.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::AnnexKind;
use crate::text::byte_set;

/// The parts of one deliberation, as byte ranges of the normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelibParts {
    /// The whole deliberation, annexes included.
    pub range: Range<usize>,
    /// Header, attendance and title: from the start to the first visa, the
    /// decision marker or the first article.
    pub head: Range<usize>,
    /// Visas and considérants (may be empty).
    pub preamble: Range<usize>,
    /// The decision: articles, vote, signature (may be empty for a
    /// procès-verbal or a fragment).
    pub decision: Range<usize>,
    /// Annexed documents, in order.
    pub annexes: Vec<AnnexPart>,
    /// An item of a *relevé des décisions* after its first: the header
    /// printed above the first item (meeting, authority) is its header too.
    pub releve_item: bool,
}

impl DelibParts {
    /// The deliberation without its annexes.
    pub fn main(&self) -> Range<usize> {
        self.range.start
            ..self
                .annexes
                .first()
                .map_or(self.range.end, |a| a.range.start)
    }
}

/// One annexed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexPart {
    /// What it is.
    pub kind: AnnexKind,
    /// Where it is.
    pub range: Range<usize>,
    /// Its title line(s).
    pub title: Range<usize>,
}

static DELIB_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t#>*]*(?:EXTRAIT DU (?:REGISTRE|PROC[EÈ]S)|D[EÉ]LIB[EÉ]RATION(?:[ \t]+N|[ \t]+DE[ \t]+L|[ \t]+DU[ \t]|[ \t]*$)|D[ée]lib[ée]ration[ \t]+n[°o])",
    )
    .expect("valid regex")
});

static FOOTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)page[ \t]+[0-9]").expect("valid regex"));

/// Lines that belong to the header printed above a deliberation's title line.
static HEADERISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[ \t]*(?:$|envoi|publi|affich|re[çc]u(?:e|es|s)?(?-u:\b)|retour|accus|transmis|d[ée]partement|conseil|commission|r[ée]union|s[ée]ance|extrait|n°|r[ée]publique|pr[ée]fecture)",
    )
    .expect("valid regex")
});

static DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t>*-]*(?:(?:D[EÉ]CIDE|D[EÉ]LIB[EÈ]RE|ARR[EÊ]TE|ADOPTE)[ \t]*:?[ \t]*(?:$|(?:ARTICLE|Article)[ \t])|Apr[eè]s en avoir d[ée]lib[ée]r[ée]|D[ée]cide[ \t]*:)",
    )
    .expect("valid regex")
});

static PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t>*-]*(?:Vu[ \t,]|VU[ \t,]|Consid[ée]rant|CONSID[EÉ]RANT)")
        .expect("valid regex")
});

/// An article heading at a line start (« Article 1 : », « ARTICLE 2 - »,
/// « Art. 4 », « Article premier »).
pub static ARTICLE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t>*]*(?:ARTICLE|Article|Art\.)[ \t]+(?:[0-9]+(?:\.[0-9]+)*(?:[ \t]*(?:er|ER|ème|e))?|premier|PREMIER|unique|UNIQUE|1er)(?-u:\b)",
    )
    .expect("valid regex")
});

static ANNEX_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t.>*]*(?:(CONVENTION)(?-u:\b)|(RAPPORT)[ \t]+(?:N[°o]|DU[ \t]+PR[EÉ]SIDENT|AU[ \t])|(FICHE[ \t]+ACTION)(?-u:\b)|(ANNEXE)(?-u:\b))",
    )
    .expect("valid regex")
});

/// A regex whose matches start at line starts, after blanks or markup
/// (`lead`), with one of the `heads`. These regexes have no literal to
/// look for ahead of their leading blanks, so the regex engine would run its
/// automaton over every byte of the text; a byte test rules out most lines
/// first, and the regex runs on the few lines left.
struct LineRule {
    re: &'static LazyLock<Regex>,
    lead: &'static [bool; 256],
    /// What the line must start with after `lead`: the literal starts of
    /// the regex's alternatives (most lines of prose fail on the second
    /// byte already).
    heads: &'static [&'static str],
    /// The first bytes of `heads`: most lines are ruled out by theirs.
    first: [bool; 256],
}

impl LineRule {
    const fn new(
        re: &'static LazyLock<Regex>,
        lead: &'static [bool; 256],
        heads: &'static [&'static str],
    ) -> Self {
        let mut first = [false; 256];
        let mut k = 0;
        while k < heads.len() {
            first[heads[k].as_bytes()[0] as usize] = true;
            k += 1;
        }
        LineRule {
            re,
            lead,
            heads,
            first,
        }
    }
}

static DELIB_START_LINE: LineRule = LineRule::new(
    &DELIB_START,
    &byte_set(b" \t#>*"),
    &["EXTRAIT DU ", "DELIB", "DÉLIB", "Delib", "Délib"],
);

static DECISION_LINE: LineRule = LineRule::new(
    &DECISION,
    &byte_set(b" \t>*-"),
    &[
        "DECIDE", "DÉCIDE", "DELIB", "DÉLIB", "ARRETE", "ARRÊTE", "ADOPTE", "Apr", "Decide",
        "Décide",
    ],
);

static ARTICLE_START_LINE: LineRule = LineRule::new(
    &ARTICLE_LINE,
    &byte_set(b" \t>*"),
    &["ARTICLE", "Article", "Art."],
);

static PREAMBLE_LINE: LineRule = LineRule::new(
    &PREAMBLE,
    &byte_set(b" \t>*-"),
    &["Vu", "VU", "Consid", "CONSID"],
);

static ANNEX_START_LINE: LineRule = LineRule::new(
    &ANNEX_START,
    &byte_set(b" \t.>*"),
    &["CONVENTION", "RAPPORT", "FICHE", "ANNEXE"],
);

/// A text, or a stretch of it, with the line breaks of the whole text
/// found once: each line rule walks them instead of searching for the end
/// of every line again.
#[derive(Clone, Copy)]
struct Lines<'s> {
    /// The stretch.
    s: &'s str,
    /// Offsets of every `\n` of the whole text.
    breaks: &'s [usize],
    /// Where the stretch starts in the whole text.
    base: usize,
}

impl<'s> Lines<'s> {
    fn new(s: &'s str, breaks: &'s [usize]) -> Self {
        Lines { s, breaks, base: 0 }
    }

    /// The stretch `r` of this one (offsets of this one).
    fn sub(self, r: Range<usize>) -> Self {
        Lines {
            s: &self.s[r.clone()],
            breaks: self.breaks,
            base: self.base + r.start,
        }
    }
}

/// Offsets of every `\n` of `s`.
fn breaks(s: &str) -> Vec<usize> {
    memchr::memchr_iter(b'\n', s.as_bytes()).collect()
}

impl LineRule {
    /// The lines of `t` from the first line start at or after `from` that
    /// may match, as ranges of `t.s` (without their line break).
    fn candidates<'s>(&self, t: Lines<'s>, from: usize) -> impl Iterator<Item = Range<usize>> + 's {
        let bytes = t.s.as_bytes();
        let from = from.min(bytes.len());
        // The breaks inside the stretch, as its offsets.
        let lo = t.breaks.partition_point(|&b| b < t.base);
        let hi = t.breaks.partition_point(|&b| b < t.base + bytes.len());
        let inner = &t.breaks[lo..hi];
        let base = t.base;
        let mut k = inner.partition_point(|&b| b - base < from);
        let mut at = if from == 0 || bytes[from - 1] == b'\n' {
            from
        } else {
            // The next line start: after the break at or after `from`.
            match inner.get(k) {
                Some(&b) => {
                    k += 1;
                    b - base + 1
                }
                None => bytes.len() + 1,
            }
        };
        let (lead_set, heads, first_set) = (self.lead, self.heads, self.first);
        std::iter::from_fn(move || {
            while at <= bytes.len() {
                let start = at;
                let end = inner.get(k).map_or(bytes.len(), |&b| b - base);
                k += 1;
                at = end + 1;
                // Most lines are settled by their first byte: neither blank
                // (nor other lead) nor the first byte of a head. An empty
                // line starts nothing.
                match bytes.get(start) {
                    Some(&b) if start < end => {
                        if !lead_set[usize::from(b)] && !first_set[usize::from(b)] {
                            continue;
                        }
                    }
                    _ => continue,
                }
                let lead = bytes[start..end]
                    .iter()
                    .position(|&b| !lead_set[usize::from(b)])
                    .map_or(end, |i| start + i);
                let rest = &bytes[lead..end];
                // The first byte alone rules out most lines (prose starts
                // with other letters); then the first two bytes before the
                // comparison: most lines left differ from every head there
                // (« Article » from « ARRETE », « Apr » and « ANNEXE »),
                // without a call to `memcmp`. Every head has two bytes at
                // least.
                let (first, second) = (rest.first(), rest.get(1));
                if !first.is_some_and(|&b| first_set[usize::from(b)]) {
                    continue;
                }
                if heads.iter().any(|h| {
                    let h = h.as_bytes();
                    h.first() == first && h.get(1) == second && rest.starts_with(h)
                }) {
                    return Some(start..end);
                }
            }
            None
        })
    }

    /// Every match, in order (as `find_iter` on the whole text: a match
    /// starts at a line start, so there is at most one per line).
    fn find_iter<'s>(&'s self, t: Lines<'s>) -> impl Iterator<Item = Range<usize>> + 's {
        self.find_iter_at(t, 0)
    }

    fn find_iter_at<'s>(
        &'s self,
        t: Lines<'s>,
        from: usize,
    ) -> impl Iterator<Item = Range<usize>> + 's {
        self.candidates(t, from).filter_map(move |line| {
            self.re
                .find(&t.s[line.clone()])
                .map(|m| line.start + m.start()..line.start + m.end())
        })
    }

    /// The first match.
    fn find(&self, t: Lines<'_>) -> Option<Range<usize>> {
        self.find_iter(t).next()
    }
}

/// « Relevé des décisions », « relevé des délibérations prises », at the
/// start of the haystack.
static RELEVE_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)relev[ée][ \t]+des[ \t]+(?:d[ée]cisions|d[ée]lib[ée]rations)")
        .expect("valid regex")
});

/// The first « relevé des décisions » in `s` (as an unanchored
/// [`RELEVE_AT`] would find it). Every match starts with « relev » in
/// some case: that ASCII literal is looked for (its SIMD search costs a
/// fraction of stopping at every « v », which French prints often), and
/// the anchored pattern tried only there (the case-insensitive pattern's
/// own search over the whole text costs more than all of that).
fn find_releve(s: &str) -> Option<Range<usize>> {
    RELEV.find_iter(s).find_map(|r| {
        let start = r.start();
        let m = RELEVE_AT.find(&s[start..])?;
        Some(start + m.start()..start + m.end())
    })
}

/// « relev » in any case: the literal that every [`RELEVE_AT`] starts with.
static RELEV: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i-u)relev").expect("valid regex"));

/// A numbered item of a relevé: « I-01 MISSION … » (anywhere on a line, as
/// interleaved columns splice it after the previous outcome) or « 101 -
/// MISSION … » at a line start.
static RELEVE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)(?:^|[ \t])([IVX]{1,4}-[0-9]{2})[ \t]+[A-ZÀ-Ý\x22«(]|^[ \t]*([0-9]{3})[ \t]+-[ \t]+[A-ZÀ-Ý\x22«(]",
    )
    .expect("valid regex")
});

/// An outcome printed in a relevé.
static OUTCOME_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:Oui|acte|informe|unanimit[ée]|majorit[ée]|adopt[ée]e?|rejet[ée]e?)\b")
        .expect("valid regex")
});

/// The items of a *relevé des décisions* (the agenda of a meeting with the
/// outcome of each item): where each item starts, and where the relevé
/// ends (at the first full deliberation after it, or at the end). Each item
/// is a deliberation of its own, so that each outcome lands on its item.
fn releve_items(t: Lines<'_>) -> Option<(Vec<usize>, usize)> {
    let s = t.s;
    let marker = find_releve(s)?;
    let mut items: Vec<usize> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut again: Option<usize> = None;
    for c in RELEVE_ITEM.captures_iter(&s[marker.end..]) {
        let Some(code) = c.get(1).or(c.get(2)) else {
            continue;
        };
        // The full texts printed after the relevé number their items again:
        // the relevé ends at the line where its first code comes back.
        if seen.contains(&code.as_str()) {
            let at = marker.end + code.start();
            again = Some(s[..at].rfind('\n').map_or(at, |i| i + 1));
            break;
        }
        seen.push(code.as_str());
        items.push(marker.end + code.start());
    }
    // An agenda without outcomes (a sommaire) is not a relevé.
    if items.len() < 2 || !OUTCOME_WORD.is_match(&s[items[0]..]) {
        return None;
    }
    let last = *items.last()?;
    let end = DELIB_START_LINE
        .find_iter_at(t, last)
        .next()
        .map_or(s.len(), |m| pull_back(s, m.start).max(last + 1));
    let end = again.map_or(end, |a| end.min(a.max(last + 1)));
    items.retain(|&i| i < end);
    Some((items, end))
}

/// « Procès-verbal », « compte rendu » near the start of a text.
static MINUTES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)proc[eè]s[- ]verbal|compte[- ]rendu").expect("valid regex"));

/// A numbered item of minutes at a line start: « 12. Convention … »,
/// « 3) Tarifs … ».
static MINUTES_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*([0-9]{1,3})[.)][ \t]+(?:-[ \t]+)?\p{Lu}").expect("valid regex")
});

/// The outcome of an item of minutes.
static MINUTES_OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)unanimit[ée]|majorit[ée]|voix[ \t]+pour|\b(?:adopt|approuv|rejet)[ée]e?s?\b|prend[ \t]+acte")
        .expect("valid regex")
});

/// The items of a procès-verbal whose items are numbered 1, 2, 3… at line
/// starts, most of them with an outcome: where each starts, and where the
/// last ends. An agenda printed at the top (numbered the same way, without
/// outcomes) is not taken for the items.
fn minutes_items(t: Lines<'_>) -> Option<(Vec<usize>, usize)> {
    let s = t.s;
    let mut head_end = s.len().min(3000);
    while !s.is_char_boundary(head_end) {
        head_end -= 1;
    }
    if !MINUTES.is_match(&s[..head_end]) {
        return None;
    }
    let mut chains: Vec<Vec<usize>> = Vec::new();
    for c in MINUTES_ITEM.captures_iter(s) {
        let Some(n) = c.get(1).and_then(|g| g.as_str().parse::<usize>().ok()) else {
            continue;
        };
        let at = c.get(1).map_or(0, |g| g.start());
        if n == 1 {
            chains.push(vec![at]);
        } else if let Some(chain) = chains.last_mut() {
            if chain.len() + 1 == n {
                chain.push(at);
            }
        }
    }
    let with_outcome = |chain: &[usize]| {
        chain
            .iter()
            .enumerate()
            .filter(|&(k, &a)| {
                let b = chain.get(k + 1).copied().unwrap_or(s.len());
                MINUTES_OUTCOME.is_match(&s[a..b])
            })
            .count()
    };
    let best = chains
        .into_iter()
        .filter(|c| c.len() >= 3)
        .max_by_key(|c| with_outcome(c))?;
    if with_outcome(&best) * 2 < best.len() {
        return None;
    }
    let last = *best.last()?;
    let end = DELIB_START_LINE
        .find_iter_at(t, last)
        .next()
        .map_or(s.len(), |m| pull_back(s, m.start).max(last + 1));
    Some((best, end))
}

/// The deliberations of a text: where each one lies, found in one pass.
/// The parts of each are read when asked for ([`Segments::parts`]), so that
/// a text of many small deliberations never holds all their parts at once.
pub struct Segments<'s> {
    s: &'s str,
    breaks: Vec<usize>,
    ranges: Vec<Range<usize>>,
    /// How many of the first deliberations are the items of a relevé des
    /// décisions (or of minutes).
    items: usize,
}

impl Segments<'_> {
    /// How many deliberations there are.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// An item of a relevé des décisions after its first: the header
    /// printed above the first item is its header too.
    pub fn releve_item(&self, i: usize) -> bool {
        i > 0 && i < self.items
    }

    /// Where deliberation `i` lies (`i < self.len()`).
    pub fn range(&self, i: usize) -> Range<usize> {
        self.ranges[i].clone()
    }

    /// The parts of deliberation `i` (`i < self.len()`).
    pub fn parts(&self, i: usize) -> DelibParts {
        let mut p = parts(Lines::new(self.s, &self.breaks), self.ranges[i].clone());
        p.releve_item = self.releve_item(i);
        p
    }

    /// The parts of every deliberation, in order.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = DelibParts> + '_ {
        (0..self.len()).map(|i| self.parts(i))
    }
}

/// Splits the text into deliberations.
pub fn deliberations(s: &str) -> Segments<'_> {
    let breaks = breaks(s);
    let all = Lines::new(s, &breaks);
    let mut ranges = Vec::new();
    let mut items = 0;
    let mut from = 0;
    let mut rest = true;
    if let Some((starts, end)) = releve_items(all).or_else(|| minutes_items(all)) {
        for (k, &st) in starts.iter().enumerate() {
            // The header above the first item (meeting, date) goes with it.
            let a = if k == 0 { 0 } else { st };
            let b = starts.get(k + 1).copied().unwrap_or(end);
            ranges.push(a..b);
        }
        items = starts.len();
        rest = !s[end..].trim().is_empty();
        from = end;
    }
    if rest {
        if ranges.is_empty() {
            ranges = split(all, from);
        } else {
            ranges.extend(split(all, from));
        }
    }
    Segments {
        s,
        breaks,
        ranges,
        items,
    }
}

/// Splits `s[from..]` into deliberations at their title lines.
fn split(t: Lines<'_>, from: usize) -> Vec<Range<usize>> {
    let s = t.s;
    let mut starts: Vec<usize> = Vec::new();
    for m in DELIB_START_LINE.find_iter(t) {
        // A running footer (« Délibération n° CP/1 du 12 mars 2024  Page 1/1 »)
        // repeats the number of the deliberation it ends.
        let line_end = s[m.start..].find('\n').map_or(s.len(), |k| m.start + k);
        if m.start < from || FOOTER.is_match(&s[m.start..line_end]) {
            continue;
        }
        starts.push(m.start);
    }
    // A start counts only if the previous deliberation has something of its
    // own (a decision or an attendance block), so that a title printed twice
    // does not split one deliberation. Both patterns match at line starts,
    // so the question is where the first of their matches from the previous
    // start lies. That match is kept: the next question, from the same
    // start or from one before it, has the same answer, and a later start
    // is looked from afresh. The lines looked at are thus each looked at
    // once (testing each stretch between starts would rescan a growing
    // stretch: quadratic on a text of many titles and no decision), and
    // the articles after a deliberation's first decision line are not.
    let mut decision = NextMatch::new(&DECISION_LINE);
    let mut article = NextMatch::new(&ARTICLE_START_LINE);
    let mut has_own = |from: usize, to: usize| {
        let first = match (decision.from(t, from), article.from(t, from)) {
            (Some(d), Some(a)) => Some(d.min(a)),
            (d, a) => d.or(a),
        };
        first.is_some_and(|p| p < to)
    };
    let mut kept: Vec<usize> = Vec::new();
    for &st in &starts {
        match kept.last() {
            None => kept.push(st),
            Some(&prev) => {
                if has_own(prev, st) {
                    kept.push(pull_back(s, st));
                }
            }
        }
    }
    match kept.len() {
        // One deliberation: the text before its title line (header, dates)
        // is its own.
        0 | 1 => kept = vec![from],
        // A recueil: the text before the first deliberation is the recueil's
        // cover and sommaire, not the first deliberation's header.
        _ => kept[0] = pull_back(s, kept[0]).max(from),
    }
    let mut out = Vec::with_capacity(kept.len());
    for (k, &start) in kept.iter().enumerate() {
        let end = kept.get(k + 1).copied().unwrap_or(s.len());
        out.push(start..end);
    }
    out
}

/// Where a line rule first matches from an offset on, for offsets that do
/// not go back: the last answer is kept, and holds for every offset from
/// the one it was asked for to the match it found (or on, when none was),
/// so that each rule reads each line once.
struct NextMatch {
    rule: &'static LineRule,
    /// The offset last asked for and the start of the first match from it.
    last: Option<(usize, Option<usize>)>,
}

impl NextMatch {
    fn new(rule: &'static LineRule) -> Self {
        NextMatch { rule, last: None }
    }

    /// The start of the first match of the rule in `t` at or after `from`.
    fn from(&mut self, t: Lines<'_>, from: usize) -> Option<usize> {
        match self.last {
            Some((at, first)) if at <= from && first.is_none_or(|f| from <= f) => first,
            _ => {
                let first = self.rule.find_iter_at(t, from).next().map(|m| m.start);
                self.last = Some((from, first));
                first
            }
        }
    }
}

/// Moves a start back over the header lines printed above the title line.
fn pull_back(s: &str, start: usize) -> usize {
    let mut at = start;
    for _ in 0..12 {
        if at == 0 {
            break;
        }
        let line_start = s[..at - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = &s[line_start..at - 1];
        if !HEADERISH.is_match(line) || DECISION.is_match(line) {
            break;
        }
        at = line_start;
    }
    // Do not start on blank lines.
    while at < start && s.as_bytes()[at] == b'\n' {
        at += 1;
    }
    at
}

/// The parts of one deliberation.
fn parts(t: Lines<'_>, range: Range<usize>) -> DelibParts {
    let text = &t.s[range.clone()];
    let tl = t.sub(range.clone());
    let base = range.start;
    // The decision starts at its marker or at the first article, whichever
    // comes first: the marker is looked for only above the first article
    // (both match at line starts), not through a text of articles.
    let first_article = ARTICLE_START_LINE.find(tl).map(|m| m.start);
    let decision_at = DECISION_LINE
        .find(tl.sub(0..first_article.unwrap_or(text.len())))
        .map(|m| m.start);
    let decision_start = match (decision_at, first_article) {
        (Some(d), Some(a)) => Some(d.min(a)),
        (d, a) => d.or(a),
    };
    let preamble_at = PREAMBLE_LINE
        .find(tl.sub(0..decision_start.unwrap_or(text.len())))
        .map(|m| m.start);
    let head_end = preamble_at.or(decision_start).unwrap_or(text.len());
    let preamble_end = decision_start.unwrap_or(head_end);

    // Annexes start after the decision's own articles.
    let mut annexes = Vec::new();
    if let Some(d) = decision_start {
        let mut marks: Vec<(usize, AnnexKind)> = Vec::new();
        let after = &text[d..];
        let found = ANNEX_START_LINE
            .candidates(tl.sub(d..text.len()), 0)
            .filter_map(|line| {
                ANNEX_START
                    .captures(&after[line.clone()])
                    .map(|c| (line.start, c))
            });
        for (line_start, c) in found {
            let m = c.get(0).map_or(0, |m| m.start()) + line_start + d;
            let kind = if c.get(1).is_some() {
                AnnexKind::Convention
            } else if c.get(2).is_some() {
                AnnexKind::Rapport
            } else if c.get(3).is_some() {
                AnnexKind::FicheAction
            } else {
                AnnexKind::Other
            };
            // « CONVENTION » inside running text of an article is not an annex:
            // the line must be short and mostly capitals.
            let line_end = text[m..].find('\n').map_or(text.len(), |k| m + k);
            let line = &text[m..line_end];
            if !looks_like_title(line) {
                continue;
            }
            // The object of a rapport, printed under its number, is not a new
            // annex (« RAPPORT N°56 … CONVENTION PLURIANNUELLE … »).
            if let Some(&(prev, AnnexKind::Rapport)) = marks.last() {
                if kind != AnnexKind::Rapport && m - prev < 600 {
                    continue;
                }
            }
            marks.push((m, kind));
        }
        for (k, &(m, kind)) in marks.iter().enumerate() {
            let end = marks.get(k + 1).map_or(text.len(), |x| x.0);
            let title = annex_title(text, m, end);
            annexes.push(AnnexPart {
                kind,
                range: base + m..base + end,
                title: base + title.start..base + title.end,
            });
        }
    }
    let main_end = annexes.first().map_or(range.end, |a| a.range.start);
    let decision = match decision_start {
        Some(d) => (base + d).min(main_end)..main_end,
        None => main_end..main_end,
    };
    DelibParts {
        range: range.clone(),
        head: base..(base + head_end).min(main_end),
        preamble: (base + head_end).min(main_end)..(base + preamble_end).min(main_end),
        decision,
        annexes,
        releve_item: false,
    }
}

fn looks_like_title(line: &str) -> bool {
    // Length first: on text without line breaks the « line » is the rest
    // of the document.
    if line.len() > 200 {
        return false;
    }
    let (mut letters, mut upper) = (0usize, 0usize);
    for c in line.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper += usize::from(c.is_uppercase());
    }
    letters > 0 && upper * 10 >= letters * 7
}

/// The title of an annex: its first line, or, when that line is only the
/// kind (« CONVENTION », « FICHE ACTION : »), the next non-blank line too.
fn annex_title(text: &str, start: usize, end: usize) -> Range<usize> {
    let line_end = |from: usize| text[from..end].find('\n').map_or(end, |k| from + k);
    let first_end = line_end(start);
    let first =
        text[start..first_end].trim_matches(|c: char| c.is_whitespace() || c == '.' || c == ':');
    let bare = matches!(
        first.trim_end_matches([' ', ':']).to_uppercase().as_str(),
        "CONVENTION" | "FICHE ACTION" | "ANNEXE" | "ANNEXES"
    );
    if !bare {
        return start..first_end;
    }
    // Take the next non-blank line.
    let mut at = first_end;
    while at < end && text.as_bytes()[at] == b'\n' {
        at += 1;
    }
    if at >= end {
        return start..first_end;
    }
    let next_end = line_end(at);
    start..next_end
}

/// Builds this module's patterns now rather than at their first use (see
/// [`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&DELIB_START);
    LazyLock::force(&FOOTER);
    LazyLock::force(&HEADERISH);
    LazyLock::force(&DECISION);
    LazyLock::force(&PREAMBLE);
    LazyLock::force(&ARTICLE_LINE);
    LazyLock::force(&ANNEX_START);
    LazyLock::force(&RELEVE_AT);
    LazyLock::force(&RELEVE_ITEM);
    LazyLock::force(&OUTCOME_WORD);
    LazyLock::force(&MINUTES);
    LazyLock::force(&MINUTES_ITEM);
    LazyLock::force(&MINUTES_OUTCOME);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<DelibParts> {
        deliberations(s).iter().collect()
    }

    #[test]
    fn line_rule_heads_have_two_bytes() {
        for rule in [
            &DELIB_START_LINE,
            &DECISION_LINE,
            &ARTICLE_START_LINE,
            &PREAMBLE_LINE,
            &ANNEX_START_LINE,
        ] {
            assert!(rule.heads.iter().all(|h| h.len() >= 2));
            assert!(!rule.lead[usize::from(b'\n')] && rule.lead[usize::from(b' ')]);
        }
    }

    proptest::proptest! {
        /// The line rules find exactly what their regexes find on the whole
        /// text, from any line start or from within a line.
        #[test]
        fn line_rules_find_what_their_regexes_find(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "DECIDE :", "DÉLIBÈRE", "ARRETE Article 1", "Après en avoir délibéré", "Décide :",
                "Article 1er : x", "ARTICLE 2 -", "Art. 3", "Article premier", "Vu le code",
                "VU,", "Considérant que", "CONVENTION", "RAPPORT N° 4", "FICHE ACTION",
                "ANNEXE 2", "DELIBERATION N° 12", "Délibération n° 3", "EXTRAIT DU REGISTRE",
                "DELIBERATION", " ", "\t", "> ", "* ", "- ", ". ", "# ", "\n", "\n", "\n",
                "texte", "é", "A", "D", "V", "Dans", "Des", "DÉCIDE", "ARRÊTE", "ADOPTE :", "Apr", "Ex",
                "Délai", "Consid", "Arti", "CONV", "Decide :",
            ]), 0..40),
            from_piece in 0usize..40,
            cut in 0usize..40,
        ) {
            let s: String = pieces.concat();
            let nl = breaks(&s);
            let rules = [
                &DELIB_START_LINE,
                &DECISION_LINE,
                &ARTICLE_START_LINE,
                &PREAMBLE_LINE,
                &ANNEX_START_LINE,
            ];
            let at = |n: usize| pieces.iter().take(n).map(|p| p.len()).sum::<usize>();
            let from = at(from_piece);
            // A stretch of the text, as `parts` reads a deliberation.
            let (a, b) = (at(cut.min(from_piece)), at(cut.max(from_piece)));
            for rule in rules {
                let want: Vec<_> = rule.re.find_iter(&s).map(|m| m.range()).collect();
                let got: Vec<_> = rule.find_iter(Lines::new(&s, &nl)).collect();
                proptest::prop_assert_eq!(&got, &want);
                let want_at: Vec<_> = rule.re.find_iter(&s[..]).filter(|m| m.start() >= from).map(|m| m.range()).collect();
                let got_at: Vec<_> = rule.find_iter_at(Lines::new(&s, &nl), from).collect();
                proptest::prop_assert_eq!(got_at, want_at);
                let want_sub: Vec<_> = rule.re.find_iter(&s[a..b]).map(|m| m.range()).collect();
                let got_sub: Vec<_> = rule.find_iter(Lines::new(&s, &nl).sub(a..b)).collect();
                proptest::prop_assert_eq!(got_sub, want_sub);
            }
        }
    }

    proptest::proptest! {
        /// The relevé marker is found where its pattern finds it.
        #[test]
        fn releve_is_found_where_its_pattern_finds_it(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "relevé", "RELEVE", "Relevé", "rElEvÉ", "relev", "rele", "v", "V", "élevé",
                " ", "\t", "  ", "des", "DES", "Des", "décisions", "DECISIONS",
                "délibérations", "DÉLIBÉRATIONS", "deliberations", "x", "\n", "é",
            ]), 0..30),
        ) {
            let s: String = pieces.concat();
            let releve = Regex::new(r"(?i)relev[ée][ \t]+des[ \t]+(?:d[ée]cisions|d[ée]lib[ée]rations)").unwrap();
            proptest::prop_assert_eq!(find_releve(&s), releve.find(&s).map(|m| m.range()));
        }
    }

    proptest::proptest! {
        /// `NextMatch` answers as a search over every match, whatever the
        /// order of the questions.
        #[test]
        fn next_match_is_the_first_match_from_there(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "DECIDE :", "Article 1er : x", "ARTICLE 2 -", "Vu le code", "texte", " ",
                "\n", "\n", "\n", "Décide :", "Art. 3", "D", "A",
            ]), 0..40),
            froms in proptest::collection::vec(0usize..400, 1..12),
        ) {
            let s: String = pieces.concat();
            let nl = breaks(&s);
            let t = Lines::new(&s, &nl);
            for rule in [&DECISION_LINE, &ARTICLE_START_LINE] {
                let all: Vec<usize> = rule.find_iter(t).map(|m| m.start).collect();
                let mut next = NextMatch::new(rule);
                let mut sorted = froms.clone();
                sorted.sort_unstable();
                for from in sorted.iter().chain(&froms) {
                    let from = (*from).min(s.len());
                    let want = all.iter().copied().find(|&p| p >= from);
                    proptest::prop_assert_eq!(next.from(t, from), want);
                }
            }
        }
    }

    #[test]
    fn one_deliberation_with_annexes() {
        let s = "DEPARTEMENT DE LA SOMME\nDELIBERATION DE LA COMMISSION PERMANENTE\nÉtaient présents : M. A B\nVu le code ;\nDECIDE :\nArticle 1 : x\nAdopté\n\nCONVENTION\nObjet : y\nArticle 1 : z\nRAPPORT N°5\ntexte\n";
        let d = all(s);
        assert_eq!(d.len(), 1);
        let p = &d[0];
        assert!(s[p.head.clone()].contains("présents"));
        assert!(s[p.preamble.clone()].starts_with("Vu le code"));
        assert!(s[p.decision.clone()].starts_with("DECIDE"));
        assert_eq!(p.annexes.len(), 2);
        assert_eq!(p.annexes[0].kind, AnnexKind::Convention);
        assert_eq!(&s[p.annexes[0].title.clone()], "CONVENTION\nObjet : y");
        assert_eq!(p.annexes[1].kind, AnnexKind::Rapport);
    }

    #[test]
    fn a_recueil_holds_several() {
        let s = "RECUEIL\n\nDELIBERATION N° CP/1\nPrésents : A\nDECIDE\nArticle 1 : x\n\nDELIBERATION N° CP/2\nArticle 1 : y\n";
        let d = all(s);
        assert_eq!(d.len(), 2);
        assert!(s[d[1].range.clone()].starts_with("DELIBERATION N° CP/2"));
        assert!(s[d[0].range.clone()].starts_with("DELIBERATION N° CP/1"));
    }

    #[test]
    fn footers_do_not_start_deliberations() {
        let s = "Délibération n° CP/1\nPrésents : A\nDECIDE\nArticle 1 : x\nDélibération n° CP/1 du 1 mars 2024   Page 1/1\n\nDélibération n° CP/2\nArticle 1 : y\n";
        let d = all(s);
        assert_eq!(d.len(), 2);
        assert!(s[d[1].range.clone()].starts_with("Délibération n° CP/2"));
    }

    #[test]
    fn each_item_of_a_releve_is_a_deliberation() {
        let s = "COMMISSION PERMANENTE\nREUNION DU 3 MARS 2025\nRELEVE DES DECISIONS PRISES\n\nI - FINANCES\n\nI-01 PROGRAMME 0601 - MOYENS Oui, (à l'unanimité) DES SERVICES I-02 CESSION DE Oui VEHICULES\n\nI-03 MARCHES ADAPTES - INFORMATION Prend acte\n\n101 - RAPPORT ANNUEL Oui (à la majorité)\n\nDELIBERATION N° I-01\nVu le code ;\nDECIDE :\nArticle 1 : x\n";
        let d = all(s);
        assert_eq!(d.len(), 5);
        // The header goes with the first item.
        assert!(s[d[0].range.clone()].starts_with("COMMISSION"));
        assert!(s[d[0].range.clone()].trim_end().ends_with("DES SERVICES"));
        assert!(s[d[1].range.clone()].starts_with("I-02 CESSION"));
        assert!(s[d[2].range.clone()].starts_with("I-03"));
        assert!(s[d[3].range.clone()].starts_with("101 - RAPPORT"));
        // The full text after the relevé is a deliberation of its own.
        assert!(s[d[4].range.clone()].starts_with("DELIBERATION N° I-01"));
        assert!(s[d[4].decision.clone()].starts_with("DECIDE"));
    }

    #[test]
    fn each_numbered_item_of_minutes_is_a_deliberation() {
        let s = "PROCES-VERBAL DE LA SEANCE DU 4 MAI 2024\nOrdre du jour :\n1. Budget\n2. Tarifs\n3. Voirie\n\nPrésents : A, B\n\n1. Budget supplémentaire\nLe conseil, après en avoir délibéré à l'unanimité, adopte le budget.\n2. Tarifs de la cantine\n1. les repas ;\n2. les goûters.\nAdopté par 10 voix pour et 2 voix contre.\n3. Voirie communale\nLe conseil prend acte du rapport.\n";
        let d = all(s);
        assert_eq!(d.len(), 3);
        assert!(s[d[0].range.clone()].starts_with("PROCES-VERBAL"));
        assert!(s[d[1].range.clone()].starts_with("2. Tarifs de la cantine"));
        assert!(s[d[1].range.clone()].contains("2. les goûters"));
        assert!(s[d[2].range.clone()].starts_with("3. Voirie communale"));
        assert!(d[2].releve_item && !d[0].releve_item);
        // Without outcomes, a numbered list is not a list of decisions.
        let s = "COMPTE RENDU\n1. Budget\n2. Tarifs\n3. Voirie\nLe maire lève la séance.\n";
        assert_eq!(all(s).len(), 1);
    }

    #[test]
    fn a_releve_ends_where_its_codes_come_back() {
        let s = "RELEVE DES DECISIONS\nI-01 MISSION 06 - MOYENS Oui\nI-02 MISSION 03 - ROUTES Oui\n\nTEXTE INTEGRAL\nI-01 MISSION 06 - MOYENS\nLa commission permanente adopte à l'unanimité.\n";
        let d = all(s);
        assert_eq!(d.len(), 3);
        assert!(!s[d[1].range.clone()].contains("adopte"));
        assert!(s[d[2].range.clone()].starts_with("I-01 MISSION 06 - MOYENS\nLa commission"));
    }

    #[test]
    fn an_agenda_without_outcomes_is_not_split() {
        let s = "RELEVE DES DECISIONS\nI-01 MISSION 06 - MOYENS\nI-02 MISSION 03 - ROUTES\n";
        assert_eq!(all(s).len(), 1);
    }

    #[test]
    fn decision_and_first_article_on_one_line() {
        let s = "Le préfet,\nVu le code ;\n- ARRÊTE Article 1\nLa somme est attribuée.\nArticle 2\nLe reste.\n";
        let d = all(s);
        assert!(s[d[0].decision.clone()].starts_with("- ARRÊTE Article 1"));
    }

    #[test]
    fn a_fragment_is_one_deliberation() {
        let s = "Etaient présents : Jean DUPONT, Marie MARTIN\n";
        let d = all(s);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].head, 0..s.len());
        assert!(d[0].decision.is_empty());
    }
}
