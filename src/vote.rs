//! Votes: counted (« Pour : 42 voix … Contre : 0 voix »), sentences (« par
//! 40 voix pour, 2 voix contre et 3 abstentions ») and worded outcomes
//! (« Adopté à l'unanimité », « Oui, (à l'unanimité, le groupe X
//! s'abstenant) », « Rejeté »). « Prend acte » and « Dont acte » are not
//! votes: they mark the deliberation as acknowledged.
//!
//! Counts are reported as printed and never derived; a worded outcome
//! printed right after a counted vote (« (Adopté) ») belongs to that vote.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Outcome, Vote, VoteGroups};
use crate::text::{Text, collapse};

/// « Pour : 42 voix (groupes) Contre : 0 voix Abstention : 0 voix ».
static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bPour[ \t]*:[ \t]*([0-9]{1,3})(?:[ \t]*voix)?[ \t]*(\([^()]*\)?)?[ \t\n;,-]*(?:Contre[ \t]*:[ \t]*([0-9]{1,3})(?:[ \t]*voix)?[ \t]*(\([^()]*\)?)?[ \t\n;,-]*)?(?:Abstentions?[ \t]*:[ \t]*([0-9]{1,3})(?:[ \t]*voix)?[ \t]*(\([^()]*\)?)?[ \t\n;,-]*)?(?:Ne[ \t]+prenn?(?:en)?t?[ \t]+pas[ \t]+part[ \t]+au[ \t]+vote[ \t]*:[ \t]*([0-9]{1,3}))?",
    )
    .expect("valid regex")
});

/// « par 40 voix pour, 2 voix contre et 3 abstentions », « avec 76 voix
/// pour, 0 contre et 2 abstentions », « 14 pour / 0 contre / 0 abstention ».
static SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b([0-9]{1,3})[ \t]+(?:voix[ \t]+)?pour[ \t]*[,/;]?[ \t]*(?:et[ \t]+)?([0-9]{1,3})[ \t]+(?:voix[ \t]+)?contre(?:[ \t]*[,/;]?[ \t]*(?:et[ \t]+)?([0-9]{1,3})[ \t]+abstentions?)?",
    )
    .expect("valid regex")
});

/// Worded outcomes.
static WORDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(adopt[ée]e?s?|approuv[ée]e?s?|accept[ée]e?s?|rejet[ée]e?s?|oui)\b|(accepte|adopte|approuve))([ \t,]*\(?[ \t]*(?:(?:à|a)[ \t\n]+(?:l'|P)?unanimit[ée]|(?:à|a)[ \t\n]+la[ \t\n]+majorit[ée]))?",
    )
    .expect("valid regex")
});

static ACKNOWLEDGED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:prend|prennent|dont)[ \t]+acte\b").expect("valid regex")
});

/// The votes and the « prend acte » flag found in `range`.
pub fn extract(text: &Text<'_>, range: Range<usize>) -> (Vec<Vote>, bool) {
    let s = &text.s[range.clone()];
    let base = range.start;
    let mut votes: Vec<(usize, usize, Vote)> = Vec::new();
    for c in COUNTED.captures_iter(s) {
        let m = c.get(0).expect("match");
        let num = |k: usize| c.get(k).and_then(|g| g.as_str().parse::<u32>().ok());
        let groups = |k: usize| {
            c.get(k)
                .map(|g| split_groups(g.as_str()))
                .unwrap_or_default()
        };
        let end = m.start()
            + m.as_str()
                .trim_end_matches(|c: char| !(c.is_alphanumeric() || c == ')'))
                .len();
        let vote = Vote {
            for_: num(1),
            against: num(3),
            abstention: num(5),
            not_taking_part: num(7),
            unanimous: false,
            outcome: None,
            groups: VoteGroups {
                for_: groups(2),
                against: groups(4),
                abstention: groups(6),
            },
            not_taking_part_persons: Vec::new(),
            text: collapse(&s[m.start()..end]),
            span: text.span(base + m.start(), base + end),
        };
        votes.push((m.start(), end, vote));
    }
    for c in SENTENCE.captures_iter(s) {
        let m = c.get(0).expect("match");
        if votes.iter().any(|(a, b, _)| m.start() < *b && *a < m.end()) {
            continue;
        }
        let num = |k: usize| c.get(k).and_then(|g| g.as_str().parse::<u32>().ok());
        votes.push((
            m.start(),
            m.end(),
            Vote {
                for_: num(1),
                against: num(2),
                abstention: num(3),
                not_taking_part: None,
                unanimous: false,
                outcome: None,
                groups: VoteGroups::default(),
                not_taking_part_persons: Vec::new(),
                text: collapse(m.as_str()),
                span: text.span(base + m.start(), base + m.end()),
            },
        ));
    }
    votes.sort_by_key(|v| v.0);
    for c in WORDED.captures_iter(s) {
        let m = c.get(0).expect("match");
        let word = c
            .get(1)
            .or(c.get(2))
            .map_or("", |g| g.as_str())
            .to_lowercase();
        let qualifier = c.get(3).map_or("", |g| g.as_str()).to_lowercase();
        let unanimous = qualifier.contains("unanimit");
        let bare_oui = word == "oui" && qualifier.is_empty();
        let outcome = if word.starts_with("rejet") {
            Outcome::Rejected
        } else {
            Outcome::Adopted
        };
        // A bare verb in running text (« le budget adopté le … ») is not an
        // outcome; it must stand alone, in parentheses, or carry a qualifier.
        if qualifier.is_empty() && !stands_alone(s, m.start(), m.end()) {
            continue;
        }
        if bare_oui && !stands_alone(s, m.start(), m.end()) {
            continue;
        }
        // An outcome right after a counted vote is that vote's outcome.
        if let Some((_, end, v)) = votes.iter_mut().rev().find(|(a, _, _)| *a < m.start()) {
            // The worded outcome may sit inside the counted vote's own text.
            let gap = s.get(*end..m.start()).unwrap_or("");
            let counted = v.for_.is_some() || v.against.is_some();
            if counted && gap.len() < 40 && !gap.chars().any(char::is_alphabetic) {
                v.outcome = Some(outcome);
                v.unanimous |= unanimous;
                continue;
            }
        }
        if votes.iter().any(|(a, b, _)| m.start() < *b && *a < m.end()) {
            continue;
        }
        let end = vote_text_end(s, m.end());
        votes.push((
            m.start(),
            end,
            Vote {
                for_: None,
                against: None,
                abstention: None,
                not_taking_part: None,
                unanimous,
                outcome: Some(outcome),
                groups: VoteGroups::default(),
                not_taking_part_persons: Vec::new(),
                text: collapse(&s[m.start()..end]),
                span: text.span(base + m.start(), base + end),
            },
        ));
        votes.sort_by_key(|v| v.0);
    }
    let acknowledged = ACKNOWLEDGED.is_match(s);
    (votes.into_iter().map(|v| v.2).collect(), acknowledged)
}

/// Is the word at `a..b` an outcome on its own: alone on its line, in
/// parentheses, or followed by a full stop?
fn stands_alone(s: &str, a: usize, b: usize) -> bool {
    let before = s[..a].trim_end_matches([' ', '\t', '(']);
    let after = s[b..].trim_start_matches([' ', '\t', ')', '.', ',']);
    let line_start = before.is_empty() || before.ends_with('\n') || before.ends_with(['.', ':']);
    let line_end = after.is_empty() || after.starts_with('\n');
    let paren = s[..a].trim_end().ends_with('(') && s[b..].trim_start().starts_with(')');
    (line_start && line_end) || paren || (line_start && s[b..].starts_with('.'))
}

/// A worded vote's text runs to the closing parenthesis or the end of the
/// sentence.
fn vote_text_end(s: &str, from: usize) -> usize {
    let rest = &s[from..];
    let cut = rest
        .char_indices()
        .find(|&(_, c)| c == ')' || c == '\n' || c == '.')
        .map_or(rest.len(), |(i, c)| if c == ')' { i + 1 } else { i });
    from + cut.min(300)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offsets::OffsetMap;

    fn votes(s: &str) -> (Vec<Vote>, bool) {
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        extract(&t, 0..s.len())
    }

    #[test]
    fn counted_vote_with_groups_and_outcome() {
        let (v, ack) = votes(
            "Pour : 42 voix (Groupe A ; Groupe B) Contre : 0 voix Abstention : 0 voix\n--\n\n(Adopté)\n",
        );
        assert!(!ack);
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].for_, v[0].against, v[0].abstention),
            (Some(42), Some(0), Some(0))
        );
        assert_eq!(v[0].groups.for_, ["Groupe A", "Groupe B"]);
        assert_eq!(v[0].outcome, Some(Outcome::Adopted));
        assert!(!v[0].unanimous);
    }

    #[test]
    fn sentences() {
        let (v, _) = votes("adopté par 40 voix pour, 2 voix contre et 3 abstentions.");
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].for_, v[0].against, v[0].abstention),
            (Some(40), Some(2), Some(3))
        );
        let (v, _) = votes("14 pour / 0 contre / 0 abstention");
        assert_eq!(
            (v[0].for_, v[0].against, v[0].abstention),
            (Some(14), Some(0), Some(0))
        );
    }

    #[test]
    fn worded() {
        let (v, _) = votes("Adopté à l'unanimité.\nApprouvé à Punanimité.\n");
        assert_eq!(v.len(), 2);
        assert!(v.iter().all(|v| v.unanimous && v.for_.is_none()));
        let (v, ack) = votes("I-05 AVANTAGES EN NATURE Prend acte\n");
        assert!(v.is_empty());
        assert!(ack);
        let (v, _) = votes("le budget adopté le 3 mars");
        assert!(v.is_empty());
    }
}
