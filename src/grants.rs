//! Grants awarded by a decision: « D'attribuer à X une participation
//! financière de N € », « D'accorder une subvention de N € à X ».
//!
//! Read from the decision's articles only (an annexed convention restates
//! the amount; counting it again would double the grant). A period is
//! given only when the text states it: « pour la période 2023-2025 », « au
//! titre de l'année 2023 », or « sur 3 ans » / « pour la durée de la
//! convention » together with a printed range of that many years.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Article, Grant, Span, YearRange};
use crate::money::{Money, find_amounts};

/// « D'attribuer », « De verser », or the body's own « attribue ».
const VERB: &str = r"(?:(?:d['’]\s*|de\s+)(?:attribuer|accorder|allouer|octroyer|verser)|(?-u:\b)(?:attribue|accorde|octroie))";
const KIND: &str = r"(?:participation|subvention|aide|dotation|contribution|allocation)";

/// « D'attribuer à X, une participation … de N € »: beneficiary first.
static BENEFICIARY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){VERB}\s+(?:à|au|aux)\s+(?P<who>[^;:]{{3,250}}?)\s*,?\s+(?:une|un)\s+(?P<kind>{KIND}[^;:0-9€]{{0,80}}?)\s+(?:d['’]un\s+montant\s+)?(?:de|d['’]un\s+montant\s+de|à\s+hauteur\s+de)\s+[0-9]"
    ))
    .expect("valid regex")
});

/// « D'attribuer une subvention de N € à X »: amount first.
static AMOUNT_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i){VERB}\s+(?:une|un)\s+(?P<kind>{KIND}[^;:0-9€]{{0,80}}?)\s+(?:d['’]un\s+montant\s+)?(?:de|d['’]un\s+montant\s+de|à\s+hauteur\s+de)\s+[0-9]"
    ))
    .expect("valid regex")
});

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
/// and bullets separate the items of a list of awards.
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
    CLAUSE_BREAK.split(text).filter(|c| c.len() > 10)
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
    let (who, kind, amount_at) = if let Some(c) = BENEFICIARY_FIRST.captures(t) {
        let m = c.get(0)?;
        let w = &c["who"];
        let end = WHO_CLAUSE.find(w).map_or(w.len(), |m| m.start());
        (Some(w[..end].to_owned()), c["kind"].to_owned(), m.end() - 1)
    } else if let Some(c) = AMOUNT_FIRST.captures(t) {
        let m = c.get(0)?;
        (None, c["kind"].to_owned(), m.end() - 1)
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
    if let Some(r) = range(clause) {
        return Some(r);
    }
    if let Some(c) = ONE_YEAR.captures(clause) {
        let y: i16 = c["y"].parse().ok()?;
        return Some(YearRange { start: y, end: y });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn article(n: &str, text: &str) -> Article {
        Article {
            number: n.to_owned(),
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
}
