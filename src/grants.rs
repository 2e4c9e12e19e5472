//! Grants awarded by a decision: « D'attribuer à X une participation
//! financière de N € », « D'accorder une subvention de N € à X ».
//!
//! Read from the decision's articles only (an annexed convention restates
//! the amount; counting it again would double the grant). A period is
//! given only when the text states it: « pour la période 2023-2025 », « au
//! titre de l'année 2023 », or « sur 3 ans » / « pour la durée de la
//! convention » together with a printed range of that many years.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Article, Grant, Span, YearRange};
use crate::money::{Money, find_amounts};

/// « D'attribuer », « De verser », or the body's own « attribue ».
const VERB: &str = r"(?:(?:d['’]\s*|de\s+)(?:attribuer|accorder|allouer|octroyer|verser)|(?-u:\b)(?:attribue|accorde|octroie))";
const KIND: &str = r"(?:participation|subvention|aide|dotation|contribution|allocation)";

/// The beneficiary, then the kind of grant, in [`BENEFICIARY_FIRST`]:
/// `{}` takes the bounds of their repetitions.
const WHO_THEN_KIND: &str =
    r"\s+(?:à|au|aux)\s+(?P<who>[^;:]{WHO}?)\s*,?\s+(?:une|un)\s+(?P<kind>{KIND}[^;:0-9€]{TAIL}?)";
/// The kind of grant alone, in [`AMOUNT_FIRST`].
const KIND_ONLY: &str = r"\s+(?:une|un)\s+(?P<kind>{KIND}[^;:0-9€]{TAIL}?)";
/// What announces the amount, after the kind.
const AMOUNT_INTRO: &str =
    r"\s+(?:d['’]un\s+montant\s+)?(?:de|d['’]un\s+montant\s+de|à\s+hauteur\s+de)\s+[0-9]";
/// Longest beneficiary and longest words after the kind, in characters.
const WHO_MAX: usize = 250;
const TAIL_MAX: usize = 80;

/// A grant pattern: `body` with its repetitions bounded (`bounded`) or
/// not (the loose form of [`Pattern`]).
fn grant_pattern(body: &str, bounded: bool) -> Regex {
    let (who, tail) = if bounded {
        (format!("{{3,{WHO_MAX}}}"), format!("{{0,{TAIL_MAX}}}"))
    } else {
        ("{3,}".to_owned(), "*".to_owned())
    };
    let body = body
        .replace("{WHO}", &who)
        .replace("{TAIL}", &tail)
        .replace("{KIND}", KIND);
    Regex::new(&format!(r"(?i){VERB}{body}{AMOUNT_INTRO}")).expect("valid regex")
}

/// A pattern whose groups are read in two steps: [`Pattern::exact`]
/// defines the match (found with [`Pattern::loose`] first, see
/// [`Pattern::groups`]), then [`Pattern::loose`] reads the groups in the
/// match only. The exact pattern's bounded repetitions
/// (`{3,250}` of a Unicode class) make an NFA of thousands of states,
/// and the backtracker that reads groups clears a bit per state and byte
/// of the match on every call: most of what a grant cost. The loose
/// pattern, unbounded, is a few dozen states. On the match, it gives the
/// same groups whenever they respect the bounds: every path of the exact
/// pattern is one of the loose pattern, in the same order of preference,
/// so the loose pattern's preferred path, when it is one of the exact
/// pattern's, is the exact pattern's preferred path. When it is not (a
/// group over its bound), the exact pattern reads the groups.
struct Pattern {
    exact: LazyLock<Regex>,
    loose: LazyLock<Regex>,
    /// The loose pattern up to its first lazy repetition, anchored.
    head: &'static LazyLock<Regex>,
    /// Is the first lazy repetition the beneficiary's?
    who: bool,
}

/// The groups of a grant pattern's match, as offsets in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Groups {
    who: Option<Range<usize>>,
    kind: Range<usize>,
    /// The end of the match.
    end: usize,
}

impl Pattern {
    /// The groups of the first match in `t`.
    ///
    /// Found first with the loose pattern: the exact one's automaton, of
    /// thousands of states, misses the cache at nearly every byte, and its
    /// search cost more than the rest of a grant. The loose pattern
    /// matches wherever the exact one does, so without its match there is
    /// none; and when the groups of its match respect the bounds, its
    /// preferred path is one of the exact pattern's, at the same leftmost
    /// start (no exact match starts before a loose one), so the match and
    /// its groups are the exact pattern's (see [`Pattern`]). Otherwise the
    /// exact pattern finds its own match.
    fn groups(&self, t: &str) -> Option<Groups> {
        let m = self.loose.find(t)?;
        if let Some(g) = self.fitting_steps(m) {
            return Some(g);
        }
        let m = self.exact.find(t)?;
        if let Some(g) = self.fitting_steps(m) {
            return Some(g);
        }
        let (c, start, end) = self.captures_of(t, m)?;
        let kind = c.name("kind")?.range();
        Some(Groups {
            who: c.name("who").map(|w| start + w.start()..start + w.end()),
            kind: start + kind.start..start + kind.end,
            end,
        })
    }

    /// The groups of the match `m` read by [`Pattern::steps`], when they
    /// cover it and respect the exact pattern's bounds.
    fn fitting_steps(&self, m: regex::Match<'_>) -> Option<Groups> {
        let found = m.as_str();
        let at = |r: Range<usize>| m.start() + r.start..m.start() + r.end;
        let g = self.steps(found).filter(|g| g.end == found.len())?;
        who_and_tail_fit(found, g.who.clone(), g.kind.clone()).then(|| Groups {
            who: g.who.map(at),
            kind: at(g.kind),
            end: m.end(),
        })
    }

    /// The loose pattern's groups in `found` (a match of either pattern),
    /// read step by step with anchored searches instead of the
    /// backtracker, which costs some 250 instructions a byte here. Every
    /// choice but two is forced by the text: the verb, « à / au / aux »,
    /// « une / un » and the kind's word differ in their letters, and each
    /// run of spaces before them must be taken whole (what follows starts
    /// with a letter). The two left are the lazy repetitions, which take
    /// the first end after which the rest matches: they are looked for
    /// among the spaces that may end them. The beneficiary may also start
    /// with spaces when the text leaves no other way (« à  AB une … »): the
    /// backtracker then tries the shorter runs, and so does the caller,
    /// when no end is found here (`None`).
    fn steps(&self, found: &str) -> Option<Groups> {
        let head = self.head.find(found)?.end();
        let (who, kind_from) = if self.who {
            let who_end = lazy_end(
                found,
                head,
                3,
                |c| matches!(c, ';' | ':'),
                |rest| {
                    let after = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
                    after
                        .as_bytes()
                        .get(..2)
                        .is_some_and(|b| b.eq_ignore_ascii_case(b"un"))
                        && KIND_REST.is_match(rest)
                },
            )?;
            let kind_from = who_end + un_len(&found[who_end..])?;
            (Some(head..who_end), kind_from)
        } else {
            (None, head)
        };
        let word_end = kind_from + kind_word_len(&found[kind_from..])?;
        // The length of `INTRO`'s match where the kind ends, kept from the
        // search that found that end rather than asked again.
        let intro = std::cell::Cell::new(None);
        let kind_end = lazy_end(
            found,
            word_end,
            0,
            |c| matches!(c, ';' | ':' | '0'..='9' | '€'),
            // `INTRO` starts with spaces, then « d » or « à » in either
            // case: most spaces fail without the regex.
            |rest| {
                rest.trim_start().starts_with(['d', 'D', 'à', 'À'])
                    && INTRO.find(rest).map(|m| intro.set(Some(m.end()))).is_some()
            },
        )?;
        let end = kind_end + intro.get()?;
        Some(Groups {
            who,
            kind: kind_from..kind_end,
            end,
        })
    }

    /// The groups of the first match in `t`, read in the match (their
    /// offsets are from its start), and where the match starts and ends.
    #[cfg(test)]
    fn captures<'t>(&self, t: &'t str) -> Option<(regex::Captures<'t>, usize, usize)> {
        self.captures_of(t, self.exact.find(t)?)
    }

    /// [`Pattern::captures`] of the match `m`, already found in `t`.
    fn captures_of<'t>(
        &self,
        t: &'t str,
        m: regex::Match<'t>,
    ) -> Option<(regex::Captures<'t>, usize, usize)> {
        let found = &t[m.range()];
        if let Some(c) = self.loose.captures(found) {
            let whole = c
                .get(0)
                .is_some_and(|g| g.start() == 0 && g.end() == found.len());
            if whole && within_bounds(&c) {
                return Some((c, m.start(), m.end()));
            }
        }
        let c = self.exact.captures(found)?;
        Some((c, m.start(), m.end()))
    }
}

/// Where a lazy repetition of characters that `stop` refuses, starting at
/// `from` in `s`, ends: the first place after at least `min` characters
/// where what follows is a space and `rest` accepts it.
fn lazy_end(
    s: &str,
    from: usize,
    min: usize,
    stop: impl Fn(char) -> bool,
    rest: impl Fn(&str) -> bool,
) -> Option<usize> {
    for (n, (i, c)) in s.get(from..)?.char_indices().enumerate() {
        // What follows both repetitions starts with a space, or a comma
        // then a space.
        if n >= min && (c.is_whitespace() || c == ',') && rest(&s[from + i..]) {
            return Some(from + i);
        }
        if stop(c) {
            return None;
        }
    }
    None
}

/// The length of [`UN`]'s match at the start of `t`, read by hand: a run
/// of spaces (`\s` is Unicode's, as `char::is_whitespace`), or spaces, a
/// comma and spaces, then « une » or « un » in any case and spaces. Every
/// choice is forced (« u » is no space, a comma no « u »).
fn un_len(t: &str) -> Option<usize> {
    let spaces = |i: usize| {
        t.get(i..).map_or(0, |r| {
            r.char_indices()
                .find(|&(_, c)| !c.is_whitespace())
                .map_or(r.len(), |(k, _)| k)
        })
    };
    let a = spaces(0);
    let p = if t.as_bytes().get(a) == Some(&b',') {
        let n = spaces(a + 1);
        (n > 0).then_some(a + 1 + n)?
    } else {
        (a > 0).then_some(a)?
    };
    let word = |w: &[u8]| {
        t.as_bytes()
            .get(p..p + w.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(w))
    };
    let after = if word(b"une") && spaces(p + 3) > 0 {
        p + 3
    } else if word(b"un") && spaces(p + 2) > 0 {
        p + 2
    } else {
        return None;
    };
    Some(after + spaces(after))
}

/// The length of [`KIND_WORD`]'s match at the start of `t`, read by hand:
/// one of [`KIND`]'s words in any case, as `(?i)` reads them (of their
/// letters, only « s » has another form, « ſ », and only « subvention »
/// has one, first). No word starts another.
fn kind_word_len(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let (head, rest): (usize, &[u8]) = if b.starts_with("ſ".as_bytes()) {
        (2, b"ubvention")
    } else {
        let word: &[u8] = match b.first()?.to_ascii_lowercase() {
            b'p' => b"participation",
            b's' => b"subvention",
            b'a' if b.get(1)?.eq_ignore_ascii_case(&b'i') => b"aide",
            b'a' => b"allocation",
            b'd' => b"dotation",
            b'c' => b"contribution",
            _ => return None,
        };
        (1, &word[1..])
    };
    b.get(head..head + rest.len())
        .is_some_and(|x| x.eq_ignore_ascii_case(rest))
        .then_some(head + rest.len())
}

/// Do the groups read step by step respect the exact pattern's bounds?
fn who_and_tail_fit(found: &str, who: Option<Range<usize>>, kind: Range<usize>) -> bool {
    let who_ok = who.is_none_or(|w| found[w].chars().count() <= WHO_MAX);
    who_ok && kind_tail(&found[kind]).is_some_and(|t| t.chars().count() <= TAIL_MAX)
}

/// The parts of the grant patterns, anchored, for [`Pattern::steps`].
static BF_HEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^{VERB}\s+(?:à|au|aux)\s+")).expect("valid regex"));
static AF_HEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^{VERB}\s+(?:une|un)\s+")).expect("valid regex"));
/// Read by [`un_len`] and [`kind_word_len`] (the tests compare them).
#[cfg(test)]
static UN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*,?\s+(?:une|un)\s+").expect("valid regex"));
#[cfg(test)]
static KIND_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^{KIND}")).expect("valid regex"));
static INTRO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^{AMOUNT_INTRO}")).expect("valid regex"));
/// What follows the beneficiary, in the loose pattern.
static KIND_REST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*,?\s+(?:une|un)\s+{KIND}[^;:0-9€]*?{AMOUNT_INTRO}"
    ))
    .expect("valid regex")
});

/// Do the groups respect the exact pattern's bounds?
fn within_bounds(c: &regex::Captures<'_>) -> bool {
    let who_ok = c
        .name("who")
        .is_none_or(|w| w.as_str().chars().count() <= WHO_MAX);
    let tail_ok = c
        .name("kind")
        .is_some_and(|k| kind_tail(k.as_str()).is_some_and(|t| t.chars().count() <= TAIL_MAX));
    who_ok && tail_ok
}

/// What follows the word of [`KIND`] that starts `kind`.
fn kind_tail(kind: &str) -> Option<&str> {
    // (?i) equates « ſ » with « s »: only « subvention » has one.
    let b = kind.as_bytes();
    let word = match b.first()?.to_ascii_lowercase() {
        b'p' => "participation".len(),
        b's' => "subvention".len(),
        0xc5 => "ſubvention".len(),
        b'a' if b.get(1)?.eq_ignore_ascii_case(&b'i') => "aide".len(),
        b'a' => "allocation".len(),
        b'd' => "dotation".len(),
        b'c' => "contribution".len(),
        _ => return None,
    };
    kind.get(word..)
}

/// « D'attribuer à X, une participation … de N € »: beneficiary first.
static BENEFICIARY_FIRST: Pattern = Pattern {
    exact: LazyLock::new(|| grant_pattern(WHO_THEN_KIND, true)),
    loose: LazyLock::new(|| grant_pattern(WHO_THEN_KIND, false)),
    head: &BF_HEAD,
    who: true,
};

/// « D'attribuer une subvention de N € à X »: amount first.
static AMOUNT_FIRST: Pattern = Pattern {
    exact: LazyLock::new(|| grant_pattern(KIND_ONLY, true)),
    loose: LazyLock::new(|| grant_pattern(KIND_ONLY, false)),
    head: &AF_HEAD,
    who: false,
};

/// After the amount: « à X », « au X », « en faveur de X ».
static RECIPIENT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*,?\s*(?:à|aux|au|en\s+faveur\s+(?:de|du|des|d['’]))\s+(?P<who>(?:«[^»]*»|[^,;:.()«])+)",
    )
    .expect("valid regex")
});

/// Where a beneficiary named after the amount stops.
static WHO_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?:pour|au\s+titre|dans\s+le\s+cadre|afin|selon|sur|soit)\s")
        .expect("valid regex")
});

/// Where a beneficiary named before the amount stops: « à l'association X,
/// pour l'animation du réseau, une subvention … ».
static WHO_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),\s*(?:pour|au\s+titre|dans\s+le\s+cadre|afin|en\s+vue|selon)\s")
        .expect("valid regex")
});

/// « soit 60 000 € sur 3 ans »: the total.
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)soit\s+(?:un\s+(?:montant\s+)?total\s+de\s+)?[0-9]").expect("valid regex")
});

/// « sur 3 ans », « pour une durée de 3 ans ».
static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:sur|durée\s+de)\s+(?P<n>[1-9])\s+ans(?-u:\b)").expect("valid regex")
});

/// « 2023-2025 », « 2023 à 2025 ».
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?P<a>(?:19|20)[0-9]{2})\s*(?:-|–|/|à|au)\s*(?P<b>(?:19|20)[0-9]{2})(?-u:\b)",
    )
    .expect("valid regex")
});

/// « au titre de l'année 2023 », « pour l'exercice 2023 ».
static ONE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:au\s+titre\s+de|pour)\s+l['’]\s*(?:année|exercice)\s+(?P<y>(?:19|20)[0-9]{2})(?-u:\b)")
        .expect("valid regex")
});

/// « durée de la convention »: the period is the convention's.
static CONVENTION_TERM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)durée\s+de\s+la\s+convention").expect("valid regex"));

/// Splits a text into clauses that award at most one grant each: « ; »
/// and bullets separate the items of a list of awards. What
/// [`clauses`] cuts at, as a regex (for the tests that compare them).
#[cfg(test)]
static CLAUSE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r";|\s[-•–]\s").expect("valid regex"));

/// The grants of a decision, from its articles; `title` may state the
/// period (« convention 2023-2025 »). A decision printed without articles
/// is read whole from `decision` (its text and span), with no article
/// number.
pub fn extract(
    articles: &[Article],
    title: Option<&str>,
    decision: Option<(&str, Span)>,
) -> Vec<Grant> {
    let mut out = Vec::new();
    let context: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
    for a in articles {
        // A clause is a piece of the text longer than ten bytes: a text as
        // short has none (a heading alone, empty, is most of the articles
        // of some texts).
        if a.text.len() <= 10 {
            continue;
        }
        for clause in clauses(&a.text) {
            if let Some(g) = grant(clause, &context, title, Some(&a.number), a.span) {
                out.push(g);
            }
        }
    }
    if articles.is_empty() {
        if let Some((text, span)) = decision {
            let text = crate::text::collapse(text);
            for clause in clauses(&text) {
                if let Some(g) = grant(clause, &[text.as_str()], title, None, span) {
                    out.push(g);
                }
            }
        }
    }
    out
}

fn clauses(text: &str) -> impl Iterator<Item = &str> {
    clause_pieces(text).filter(|c| c.len() > 10)
}

/// The pieces of `text` between the matches of `;|\s[-•–]\s`, as the
/// regex's `split` gives them, found with `memchr` (the regex engine cost
/// more than every other step of a grant but one): a « ; », or a hyphen,
/// a bullet or an en dash between two whitespace characters. Matches do
/// not overlap: the space before a dash must not end the previous match.
fn clause_pieces(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut hits = memchr::memchr3_iter(b';', b'-', 0xe2, b);
    // Start of the next piece; `None` once the last piece is given.
    let mut last = Some(0);
    std::iter::from_fn(move || {
        let from = last?;
        for i in hits.by_ref() {
            if i < from {
                continue;
            }
            let (start, end) = if b[i] == b';' {
                (i, i + 1)
            } else {
                let dash = match b[i] {
                    b'-' => 1,
                    // « • » (U+2022) and « – » (U+2013).
                    _ if matches!(b.get(i + 1..i + 3), Some([0x80, 0xa2 | 0x93])) => 3,
                    _ => continue,
                };
                let Some(before) = text[from..i].chars().next_back() else {
                    continue;
                };
                let Some(after) = text.get(i + dash..).and_then(|r| r.chars().next()) else {
                    continue;
                };
                if !before.is_whitespace() || !after.is_whitespace() {
                    continue;
                }
                (i - before.len_utf8(), i + dash + after.len_utf8())
            };
            last = Some(end);
            return Some(&text[from..start]);
        }
        last = None;
        Some(&text[from..])
    })
}

/// The stems of [`VERB`]'s words, in any case: a clause without one
/// awards nothing, and this costs less than the patterns. (?i) equates no
/// non-ASCII character with their letters but « ſ » with « s ».
static VERB_STEM: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
    regex::bytes::Regex::new(r"(?i-u)attribu|accord|allou|octro|ver(?:s|\xC5\xBF)er")
        .expect("valid regex")
});

fn grant(
    t: &str,
    context: &[&str],
    title: Option<&str>,
    article: Option<&str>,
    span: Span,
) -> Option<Grant> {
    if !VERB_STEM.is_match(t.as_bytes()) {
        return None;
    }
    let (who, kind, amount_at) = if let Some(g) = BENEFICIARY_FIRST.groups(t) {
        let w = t.get(g.who?)?;
        let who_end = WHO_CLAUSE.find(w).map_or(w.len(), |m| m.start());
        (
            Some(w[..who_end].to_owned()),
            t.get(g.kind)?.to_owned(),
            g.end - 1,
        )
    } else if let Some(g) = AMOUNT_FIRST.groups(t) {
        (None, t.get(g.kind)?.to_owned(), g.end - 1)
    } else {
        return None;
    };
    let rest = t.get(amount_at..)?;
    let (s, e, value) = *find_amounts(rest).first()?;
    if s != 0 {
        return None;
    }
    let after = rest.get(e..).unwrap_or("");
    let who = match who {
        Some(w) => w,
        None => {
            let c = RECIPIENT_AFTER.captures(after)?;
            let w = &c["who"];
            let end = WHO_END.find(w).map_or(w.len(), |m| m.start());
            if end > 250 {
                return None;
            }
            w[..end].to_owned()
        }
    };
    let beneficiary = clean_beneficiary(&who)?;
    let yearly = kind.to_lowercase().contains("annuel");
    let clause = after;
    let total = TOTAL.find(clause).and_then(|m| {
        let from = m.end() - 1;
        let (s, _, v) = *find_amounts(clause.get(from..)?).first()?;
        (s == 0).then_some(Money::new(v))
    });
    let period = period(clause, context, title);
    Some(Grant {
        beneficiary,
        amount: Money::new(value),
        yearly,
        total,
        period,
        article: article.map(str::to_owned),
        span,
    })
}

/// The years a grant covers, only when stated.
fn period(clause: &str, context: &[&str], title: Option<&str>) -> Option<YearRange> {
    let range = |s: &str| -> Option<YearRange> {
        let c = RANGE.captures(s)?;
        let (a, b): (i16, i16) = (c["a"].parse().ok()?, c["b"].parse().ok()?);
        (a <= b && b - a < 10).then_some(YearRange { start: a, end: b })
    };
    // Both patterns hold a year: a clause without one (most) is not
    // searched.
    if may_hold_year(clause) {
        if let Some(r) = range(clause) {
            return Some(r);
        }
        if let Some(c) = ONE_YEAR.captures(clause) {
            let y: i16 = c["y"].parse().ok()?;
            return Some(YearRange { start: y, end: y });
        }
    }
    // « sur 3 ans » or « pour toute la durée de la convention »: the range
    // printed elsewhere in the decision, if there is exactly one and it
    // agrees with the number of years.
    let years: Option<i16> = YEARS.captures(clause).and_then(|c| c["n"].parse().ok());
    if years.is_none() && !CONVENTION_TERM.is_match(clause) {
        return None;
    }
    let mut found: Vec<YearRange> = Vec::new();
    for s in title.into_iter().chain(context.iter().copied()) {
        if !may_hold_year(s) {
            continue;
        }
        for c in RANGE.captures_iter(s) {
            let (Ok(a), Ok(b)) = (c["a"].parse::<i16>(), c["b"].parse::<i16>()) else {
                continue;
            };
            let r = YearRange { start: a, end: b };
            if a <= b && b - a < 10 && !found.contains(&r) {
                found.push(r);
            }
        }
    }
    match found.as_slice() {
        [r] if years.is_none_or(|n| r.end - r.start + 1 == n) => Some(*r),
        _ => None,
    }
}

/// Does `s` hold « 19 » or « 20 » then two digits, as every match of
/// [`RANGE`] and [`ONE_YEAR`] does? Digits are rare in prose: `memchr`
/// finds the few places to look at.
fn may_hold_year(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2_iter(b'1', b'2', b).any(|i| {
        matches!(
            b.get(i..i + 4),
            Some(&[c0, c1, c2, c3])
                if matches!((c0, c1), (b'1', b'9') | (b'2', b'0'))
                    && c2.is_ascii_digit()
                    && c3.is_ascii_digit()
        )
    })
}

/// « la Fédération des Acteurs de la Solidarité (FAS) des Hauts-de-France »
/// → « Fédération des Acteurs de la Solidarité des Hauts-de-France ».
fn clean_beneficiary(who: &str) -> Option<String> {
    let mut s = String::with_capacity(who.len());
    let mut depth = 0usize;
    for ch in who.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => s.push(ch),
            _ => {}
        }
    }
    let s = crate::text::collapse(&s);
    let s = s.trim_matches(|c: char| c == ',' || c.is_whitespace());
    let lower = s.to_lowercase();
    let mut s = s;
    for art in ["la ", "le ", "les ", "l'", "l’"] {
        if lower.starts_with(art) {
            s = s.get(art.len()..).unwrap_or(s);
            break;
        }
    }
    let s = s.trim();
    (s.chars().count() >= 2).then(|| s.to_owned())
}

/// Builds this module's patterns now rather than at their first use (see
/// [`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&BF_HEAD);
    LazyLock::force(&AF_HEAD);
    LazyLock::force(&INTRO);
    LazyLock::force(&KIND_REST);
    LazyLock::force(&RECIPIENT_AFTER);
    LazyLock::force(&WHO_END);
    LazyLock::force(&WHO_CLAUSE);
    LazyLock::force(&TOTAL);
    LazyLock::force(&YEARS);
    LazyLock::force(&RANGE);
    LazyLock::force(&ONE_YEAR);
    LazyLock::force(&CONVENTION_TERM);
    LazyLock::force(&VERB_STEM);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(n: &str, text: &str) -> Article {
        Article {
            number: n.into(),
            heading: None,
            text: text.to_owned(),
            amounts: Vec::new(),
            dates: Vec::new(),
            span: Span::default(),
        }
    }

    #[test]
    fn beneficiary_first_with_total_and_convention_term() {
        let arts = [
            article(
                "1",
                "D'attribuer à l'Union des Jardins Partagés (UJP) du Vermandois, une participation financière annuelle d'un montant de 12 500 €, pour toute la durée de la convention, soit 37 500 € sur 3 ans, selon les modalités du rapport.",
            ),
            article(
                "2",
                "D'autoriser le Président à signer la convention d'objectifs 2024-2026 avec l'Union.",
            ),
        ];
        let g = extract(&arts, None, None);
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!(g.beneficiary, "Union des Jardins Partagés du Vermandois");
        assert_eq!(g.amount.to_string(), "12500.00");
        assert!(g.yearly);
        assert_eq!(g.total.map(|m| m.to_string()).as_deref(), Some("37500.00"));
        assert_eq!(
            g.period,
            Some(YearRange {
                start: 2024,
                end: 2026
            })
        );
        assert_eq!(g.article.as_deref(), Some("1"));
    }

    #[test]
    fn a_purpose_clause_is_not_part_of_the_beneficiary() {
        let arts = [article(
            "1",
            "D'attribuer à l'association Les Vergers du Ternois, pour l'animation du réseau des communes, une subvention de 4 200 €.",
        )];
        let g = extract(&arts, None, None);
        assert_eq!(g[0].beneficiary, "association Les Vergers du Ternois");
        assert_eq!(g[0].amount.to_string(), "4200.00");
    }

    #[test]
    fn amount_first_and_one_year() {
        let arts = [article(
            "1",
            "D'accorder une subvention de 1 500 € au Club de Tennis de Corbie au titre de l'année 2024.",
        )];
        let g = extract(&arts, None, None);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].beneficiary, "Club de Tennis de Corbie");
        assert_eq!(g[0].amount.to_string(), "1500.00");
        assert!(!g[0].yearly);
        assert_eq!(g[0].total, None);
        assert_eq!(
            g[0].period,
            Some(YearRange {
                start: 2024,
                end: 2024
            })
        );
    }

    #[test]
    fn no_period_when_the_years_disagree_or_are_ambiguous() {
        let arts = [
            article(
                "1",
                "D'attribuer à la Ligue Rurale une aide de 9 000 € soit 18 000 € sur 2 ans.",
            ),
            article("2", "La convention 2023-2025 est approuvée."),
        ];
        let g = extract(&arts, None, None);
        assert_eq!(g[0].period, None);
        assert_eq!(
            g[0].total.map(|m| m.to_string()).as_deref(),
            Some("18000.00")
        );
    }

    #[test]
    fn a_decision_without_articles_and_a_list_of_awards() {
        let decision = "La Commission permanente, après en avoir délibéré :\n   -   attribue une subvention de 3 200 € à l’association « Coteaux du Lignon, Terres de Loire »,\n       pour le territoire du Lignon ;\n   -   attribue une subvention de 900 € au Comité des fêtes de Boën ;\n   -   dit que les crédits sont prévus au budget.";
        let g = extract(&[], None, Some((decision, Span::default())));
        assert_eq!(g.len(), 2, "{g:?}");
        assert_eq!(
            g[0].beneficiary,
            "association « Coteaux du Lignon, Terres de Loire »"
        );
        assert_eq!(g[0].amount.to_string(), "3200.00");
        assert_eq!(g[0].article, None);
        assert_eq!(g[1].beneficiary, "Comité des fêtes de Boën");
    }

    #[test]
    fn other_articles_are_not_grants() {
        let arts = [
            article("1", "D'approuver les termes de la convention jointe."),
            article("2", "D'autoriser le Président à signer ladite convention."),
        ];
        assert!(extract(&arts, None, None).is_empty());
    }

    /// The patterns as they were written before they were split in parts.
    #[test]
    fn the_exact_patterns_are_the_original_ones() {
        let bf = format!(
            r"(?i){VERB}\s+(?:à|au|aux)\s+(?P<who>[^;:]{{3,250}}?)\s*,?\s+(?:une|un)\s+(?P<kind>{KIND}[^;:0-9€]{{0,80}}?)\s+(?:d['’]un\s+montant\s+)?(?:de|d['’]un\s+montant\s+de|à\s+hauteur\s+de)\s+[0-9]"
        );
        let af = format!(
            r"(?i){VERB}\s+(?:une|un)\s+(?P<kind>{KIND}[^;:0-9€]{{0,80}}?)\s+(?:d['’]un\s+montant\s+)?(?:de|d['’]un\s+montant\s+de|à\s+hauteur\s+de)\s+[0-9]"
        );
        assert_eq!(BENEFICIARY_FIRST.exact.as_str(), bf);
        assert_eq!(AMOUNT_FIRST.exact.as_str(), af);
    }

    /// The two-step groups against the exact pattern's own.
    fn same_groups(t: &str) {
        for p in [&BENEFICIARY_FIRST, &AMOUNT_FIRST] {
            let want = p.exact.captures(t).map(|c| {
                let g = |n: &str| c.name(n).map(|m| (m.start(), m.end()));
                (g("who"), g("kind"), c.get(0).map(|m| m.end()))
            });
            let got = p.captures(t).map(|(c, start, end)| {
                let g = |n: &str| c.name(n).map(|m| (m.start() + start, m.end() + start));
                (g("who"), g("kind"), Some(end))
            });
            assert_eq!(got, want, "{t:?}");
            let steps = p.groups(t).map(|g| {
                let r = |r: Range<usize>| (r.start, r.end);
                (g.who.map(r), Some(r(g.kind)), Some(g.end))
            });
            assert_eq!(steps, want, "{t:?}");
        }
    }

    #[test]
    fn groups_read_in_two_steps_are_the_exact_ones() {
        let long = "x".repeat(260);
        let tail = "y".repeat(85);
        for t in [
            "D'attribuer à l'Union des Jardins, une participation financière annuelle d'un montant de 12 500 €".to_owned(),
            "Il est décidé d'attribuer au club une aide de 3 €, puis d'accorder une subvention de 5 € à X".to_owned(),
            format!("D'attribuer à {long} une subvention de 5 €"),
            format!("D'attribuer à A, une subvention {tail} de 5 €"),
            format!("D'attribuer à {long}, une aide de 3 €, à B une aide de 4 €"),
            format!("D'accorder une aide {tail} de 3 € et une aide de 4 €"),
            "de  verser aux  ſociétés A et B une ſubvention exceptionnelle à hauteur de 2 000 €".to_owned(),
            "octroie à la commune, une dotation d’un montant de 9".to_owned(),
            "xattribue à la commune une allocation de 9, attribue à C une contribution de 1".to_owned(),
            "attribue à  AB une aide de 5".to_owned(),
            "attribue à \u{a0}AB, une aide de 5".to_owned(),
            "D’attribuer aux  A, B et C, une subvention  d’un montant de  5".to_owned(),
            "attribue au X une aide 2024 de 5 et une aide de 6".to_owned(),
            "attribue à X; une aide de 5".to_owned(),
        ] {
            same_groups(&t);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1000, .. Default::default() })]
        #[test]
        fn clause_pieces_are_the_regex_split(s in "(;| |-|•|–|\u{2009}|\u{a0}|\n|a|é|’|€|x{1,3})*") {
            let want: Vec<&str> = CLAUSE_BREAK.split(&s).collect();
            let got: Vec<&str> = clause_pieces(&s).collect();
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn un_len_is_the_regex(s in "( |  |\t|\n|\u{a0}|\u{2009}|,|un|une|UNE|uN|unE|u|n|e|x|é|ſ){0,6}") {
            proptest::prop_assert_eq!(un_len(&s), UN.find(&s).map(|m| m.end()), "{:?}", s);
        }

        #[test]
        fn kind_word_len_is_the_regex(s in "(participation|PARTICIPATION|subvention|ſubvention|SUBVENTION|aide|Aide|dotation|contribution|allocation|allocatio|aid|ai|al|p|s|ſ|a|d|c|x|é| |K){0,3}") {
            proptest::prop_assert_eq!(kind_word_len(&s), KIND_WORD.find(&s).map(|m| m.end()), "{:?}", s);
        }

        #[test]
        fn no_year_no_range(s in "(19|20|2023|1999|201|-|–|/|à|au| |l'|l’|année|exercice|au titre de|pour|x|é|\n|0|9)*") {
            if !may_hold_year(&s) {
                proptest::prop_assert!(!RANGE.is_match(&s) && !ONE_YEAR.is_match(&s), "{:?}", s);
            }
        }

        #[test]
        fn two_step_groups_on_fragments(s in "(D'attribuer|de verser|attribue|accorde|à|au|aux|une|un|subvention|ſubvention|aide|allocation|participation|financière|d'un montant|de|à hauteur|, | |  |\n|;|:|€|5|12 500|x{1,40}|é)*") {
            same_groups(&s);
        }
    }
}
