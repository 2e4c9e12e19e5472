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
        r"(?m)^[ \t>*]*(?:(?:D[EÉ]CIDE|D[EÉ]LIB[EÈ]RE|ARR[EÊ]TE|ADOPTE)[ \t]*:?[ \t]*$|Apr[eè]s en avoir d[ée]lib[ée]r[ée]|D[ée]cide[ \t]*:)",
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

/// Splits the text into deliberations.
pub fn deliberations(s: &str) -> Vec<DelibParts> {
    let mut starts: Vec<usize> = Vec::new();
    for m in DELIB_START.find_iter(s) {
        // A running footer (« Délibération n° CP/1 du 12 mars 2024  Page 1/1 »)
        // repeats the number of the deliberation it ends.
        let line_end = s[m.start()..].find('\n').map_or(s.len(), |k| m.start() + k);
        if FOOTER.is_match(&s[m.start()..line_end]) {
            continue;
        }
        starts.push(m.start());
    }
    // A start counts only if the previous deliberation has something of its
    // own (a decision or an attendance block), so that a title printed twice
    // does not split one deliberation. Both patterns match within one line
    // and starts are line starts, so the lines that hold a decision or an
    // article are found once for the whole text: testing each stretch
    // between starts would rescan a growing stretch (quadratic on a text of
    // many titles and no decision).
    let own: Vec<usize> = if starts.len() > 1 {
        let mut v: Vec<usize> = DECISION
            .find_iter(s)
            .chain(ARTICLE_LINE.find_iter(s))
            .map(|m| m.start())
            .collect();
        v.sort_unstable();
        v
    } else {
        Vec::new()
    };
    let has_own = |from: usize, to: usize| {
        let k = own.partition_point(|&p| p < from);
        own.get(k).is_some_and(|&p| p < to)
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
        0 | 1 => kept = vec![0],
        // A recueil: the text before the first deliberation is the recueil's
        // cover and sommaire, not the first deliberation's header.
        _ => kept[0] = pull_back(s, kept[0]),
    }
    let mut out = Vec::with_capacity(kept.len());
    for (k, &start) in kept.iter().enumerate() {
        let end = kept.get(k + 1).copied().unwrap_or(s.len());
        out.push(parts(s, start..end));
    }
    out
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
fn parts(s: &str, range: Range<usize>) -> DelibParts {
    let text = &s[range.clone()];
    let base = range.start;
    let decision_at = DECISION.find(text).map(|m| m.start());
    let first_article = ARTICLE_LINE.find(text).map(|m| m.start());
    let decision_start = match (decision_at, first_article) {
        (Some(d), Some(a)) => Some(d.min(a)),
        (d, a) => d.or(a),
    };
    let preamble_at = PREAMBLE
        .find(&text[..decision_start.unwrap_or(text.len())])
        .map(|m| m.start());
    let head_end = preamble_at.or(decision_start).unwrap_or(text.len());
    let preamble_end = decision_start.unwrap_or(head_end);

    // Annexes start after the decision's own articles.
    let mut annexes = Vec::new();
    if let Some(d) = decision_start {
        let mut marks: Vec<(usize, AnnexKind)> = Vec::new();
        for c in ANNEX_START.captures_iter(&text[d..]) {
            let m = c.get(0).map_or(0, |m| m.start()) + d;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_deliberation_with_annexes() {
        let s = "DEPARTEMENT DE LA SOMME\nDELIBERATION DE LA COMMISSION PERMANENTE\nÉtaient présents : M. A B\nVu le code ;\nDECIDE :\nArticle 1 : x\nAdopté\n\nCONVENTION\nObjet : y\nArticle 1 : z\nRAPPORT N°5\ntexte\n";
        let d = deliberations(s);
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
        let d = deliberations(s);
        assert_eq!(d.len(), 2);
        assert!(s[d[1].range.clone()].starts_with("DELIBERATION N° CP/2"));
        assert!(s[d[0].range.clone()].starts_with("DELIBERATION N° CP/1"));
    }

    #[test]
    fn footers_do_not_start_deliberations() {
        let s = "Délibération n° CP/1\nPrésents : A\nDECIDE\nArticle 1 : x\nDélibération n° CP/1 du 1 mars 2024   Page 1/1\n\nDélibération n° CP/2\nArticle 1 : y\n";
        let d = deliberations(s);
        assert_eq!(d.len(), 2);
        assert!(s[d[1].range.clone()].starts_with("Délibération n° CP/2"));
    }

    #[test]
    fn a_fragment_is_one_deliberation() {
        let s = "Etaient présents : Jean DUPONT, Marie MARTIN\n";
        let d = deliberations(s);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].head, 0..s.len());
        assert!(d[0].decision.is_empty());
    }
}
