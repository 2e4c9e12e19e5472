//! Roll calls: who was present, excused, absent, represented, or attending
//! without a vote.
//!
//! A roll call is a sequence of headed lists (« Étaient présents : … »,
//! « Excusé(s) : … », « Absent(e)(s) représenté(e)(s) : … »). Each list
//! runs to the next heading; it also stops at a blank line (unless the
//! converter put every word on its own line) and at the first entry that is
//! not a name, so that the prose after a roll call never becomes a person.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Attendance, Civility, Diagnostic, Person, Proxy};
use crate::person;
use crate::text::Text;

/// Which list a heading opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Present,
    Excused,
    Absent,
    Proxies,
    NonVotingPresent,
    NonVotingExcused,
}

const ROLES: [Role; 6] = [
    Role::NonVotingExcused,
    Role::NonVotingPresent,
    Role::Proxies,
    Role::Excused,
    Role::Absent,
    Role::Present,
];

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    let e = r"(?:\(e\)|e)?(?:\(s\)|s)?"; // « (e)(s) », « es », « s »
    let pats = [
        // non-voting excused
        format!(r"Excus[ée]{e}[ \t]+sans[ \t]+voix[ \t]+d[ée]lib[ée]rative[ \t]*:"),
        // non-voting present
        format!(
            r"(?:Assistai(?:en)?t|Assistant|Pr[ée]sent{e})[ \t]+(?:[ée]galement[ \t]+)?sans[ \t]+voix[ \t]+d[ée]lib[ée]rative[ \t]*:"
        ),
        // proxies
        format!(
            r"(?:Absent{e}[ \t]+repr[ée]sent[ée]{e}[ \t]*:|Membres[ \t]+ayant[ \t]+donn[ée][ \t]+pouvoirs?[ \t]*:|Pouvoirs?[ \t]*:|Procurations?[ \t]*:|[ÉE]tai(?:\(en\)|en)?t[ \t]+absent{e}[ \t]+et[ \t]+(?:a|ont)[ \t]*(?:\((?:a|ont)\)[ \t]*)?donn[ée][ \t]+(?:procuration|pouvoir)[ \t]*:?)"
        ),
        // excused
        format!(
            r"(?:(?:[0-9]+[ \t]+)?Absent{e}[ \t]+)?[Ee]xcus[ée]{e}(?:[ \t]+dont[ \t]+[0-9]+[ \t]+repr[ée]sent[ée]{e})?[ \t]*:"
        ),
        // absent
        format!(r"(?:[ÉE]taient[ \t]+|Membres[ \t]+)?[Aa]bsent{e}[ \t]*:"),
        // present
        format!(
            r"(?:(?:[ÉE]taient|[ÉE]tait|[ÉE]TAIENT)[ \t]+(?:pr[ée]sent{e}|PR[ÉE]SENTS)(?:[ \t]+au[ \t]+moment[ \t]+de[ \t]+l'appel[ \t]+nominatif)?[ \t]*:?|(?:Membres[ \t]+)?[Pp]r[ée]sent{e}[ \t]*:|Ont[ \t]+compl[ée]t[ée][ \t]+le[ \t]+quorum[^:\n]{{0,60}}:)"
        ),
    ];
    let joined: Vec<String> = pats.iter().map(|p| format!("({p})")).collect();
    Regex::new(&joined.join("|")).expect("valid regex")
});

static MEMBERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)membres[ \t]+en[ \t]+exercice[ \t]*:?[ \t]*([0-9]{1,3})\b")
        .expect("valid regex")
});

/// Proxy wordings inside an entry: giver, then this, then holder.
static PROXY_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[ \t\n]*\(?(?:qui[ \t]+)?(?:a[ \t]+donn[ée]|donne|ayant[ \t]+donn[ée])?[ \t\n]*(?:pouvoir|procuration|d[ée]l[ée]gation[ \t]+de[ \t]+vote)[ \t\n]+(?:[àa]|au?x?)[ \t\n]+|[ \t\n]+repr[ée]sent[ée]e?[ \t\n]+par[ \t\n]+",
    )
    .expect("valid regex")
});

/// Arrival and departure notes and other decorations after a name.
static DECORATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[ \t\n]*(?:\([^()]*\)?|\barriv[ée]e?[ \t]+(?:à|a)[ \t].*|\bjusqu'.*|\bà[ \t]+partir[ \t].*|[*†]+|\[[0-9]+\])[ \t\n]*$")
        .expect("valid regex")
});

/// Extracts the roll call found in `range` of `text`.
pub fn extract(text: &Text<'_>, range: Range<usize>, diags: &mut Vec<Diagnostic>) -> Attendance {
    let s = &text.s[range.clone()];
    let base = range.start;
    let mut att = Attendance {
        members_in_office: MEMBERS.captures(s).and_then(|c| c[1].parse().ok()),
        ..Attendance::default()
    };
    let headings: Vec<(Role, usize, usize)> = HEADING
        .captures_iter(s)
        .filter_map(|c| {
            let k = (1..=ROLES.len()).find(|&k| c.get(k).is_some())?;
            let m = c.get(0)?;
            Some((ROLES[k - 1], m.start(), m.end()))
        })
        .collect();
    for (i, &(role, _, end)) in headings.iter().enumerate() {
        let stop = headings.get(i + 1).map_or(s.len(), |h| h.1);
        let list = read_list(text, base + end, base + stop, role == Role::Proxies);
        let target = match role {
            Role::Present => &mut att.present,
            Role::Excused => &mut att.excused,
            Role::Absent => &mut att.absent,
            Role::NonVotingPresent => &mut att.non_voting_present,
            Role::NonVotingExcused => &mut att.non_voting_excused,
            Role::Proxies => {
                att.proxies.extend(list.proxies);
                continue;
            }
        };
        target.extend(list.persons);
        att.proxies.extend(list.proxies);
    }
    let _ = diags;
    att
}

#[derive(Default)]
struct List {
    persons: Vec<Person>,
    proxies: Vec<Proxy>,
}

/// Reads the entries of one list in `text.s[start..stop]`.
fn read_list(text: &Text<'_>, start: usize, stop: usize, proxy_list: bool) -> List {
    let region = &text.s[start..stop];
    let mut out = List::default();
    let trimmed = region.trim();
    if trimmed.is_empty()
        || trimmed.eq_ignore_ascii_case("néant")
        || trimmed.eq_ignore_ascii_case("neant")
    {
        return out;
    }
    let word_per_line = word_per_line(region);
    // Without word-per-line damage, a blank line ends the list.
    let end = if word_per_line {
        stop
    } else {
        let lead = region.len() - region.trim_start().len();
        region[lead..]
            .find("\n\n")
            .map_or(stop, |k| start + lead + k)
    };
    let body = &text.s[start..end];
    let newline_separates = !word_per_line
        && !body.contains([',', ';'])
        && body.trim().lines().filter(|l| !l.trim().is_empty()).count() > 1;
    let mut inherited: Option<Civility> = None;
    for (a, b) in split_entries(body, newline_separates) {
        let (a, b) = (start + a, start + b);
        let entry = &text.s[a..b];
        if entry.trim().is_empty() {
            continue;
        }
        // A civility in the entry resets the inherited plural civility.
        let lead = entry.len() - entry.trim_start().len();
        let civ = person::civility(entry.trim_start());
        let own = match civ {
            Some((c, plural, _)) => {
                inherited = if plural { Some(c) } else { None };
                Some(c)
            }
            None => inherited,
        };
        if let Some(m) = PROXY_VERB.find(entry) {
            let giver = strip_decorations(entry, lead, m.start());
            let holder_end = strip_decorations(entry, m.end(), entry.len());
            let from = person::parse_with(text, a + giver.0, a + giver.1, own);
            let to = person::parse(text, a + m.end(), a + holder_end.1);
            match (from, to) {
                (Some(from), Some(to))
                    if person::looks_like_name(&from.text) && person::looks_like_name(&to.text) =>
                {
                    if !proxy_list {
                        out.persons.push(from.clone());
                    }
                    out.proxies.push(Proxy {
                        from,
                        to,
                        limit: None,
                    });
                    continue;
                }
                _ => break,
            }
        }
        if proxy_list {
            // « X à Y » under a « Pouvoirs » heading.
            if let Some(k) = entry.find(" à ") {
                let from = person::parse_with(text, a, a + k, own);
                let to = person::parse(text, a + k + 3, b);
                if let (Some(from), Some(to)) = (from, to) {
                    if person::looks_like_name(&from.text) && person::looks_like_name(&to.text) {
                        out.proxies.push(Proxy {
                            from,
                            to,
                            limit: None,
                        });
                        continue;
                    }
                }
            }
            // A plain name in a proxy list: no holder to record.
            continue;
        }
        let (s0, s1) = strip_decorations(entry, 0, entry.len());
        let name = &entry[s0..s1];
        if !person::looks_like_name(name) {
            break;
        }
        if let Some(p) = person::parse_with(text, a + s0, a + s1, own) {
            out.persons.push(p);
        }
    }
    out
}

/// Whether most lines of the list hold a single word (a converter that put
/// first names, surnames and commas on lines of their own).
fn word_per_line(region: &str) -> bool {
    let lines: Vec<&str> = region
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(40)
        .collect();
    if lines.len() < 6 {
        return false;
    }
    let short = lines
        .iter()
        .filter(|l| l.split_whitespace().count() <= 2)
        .count();
    short * 10 >= lines.len() * 7
}

/// Entry boundaries in a list: commas, semicolons, « et », « - » between
/// spaces, full stops before the next name, and new lines when nothing else
/// separates. Parentheses are never split.
fn split_entries(body: &str, newline_separates: bool) -> Vec<(usize, usize)> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let mut sep_len = 0;
        match b {
            b'(' => depth += 1,
            b')' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            b',' | b';' => sep_len = 1,
            b'\n' if newline_separates => sep_len = 1,
            b' ' if body[i..].starts_with(" et ") => sep_len = 4,
            b' ' if body[i..].starts_with(" - ") => sep_len = 3,
            b'.' => {
                // « CHEVALIER. M. PLANQUE »: a full stop after a word of two
                // letters or more, before a capital.
                let word_len = body[..i]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .count();
                let next_cap = body[i + 1..]
                    .trim_start()
                    .starts_with(|c: char| c.is_uppercase());
                let before_civ = body[i + 1..].starts_with(' ')
                    && person::civility(body[i + 1..].trim_start()).is_some();
                let word: String = body[..i]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let is_civ = matches!(word.as_str(), "M" | "MM" | "Mme" | "Mmes" | "Mlle" | "Mr");
                if word_len >= 2 && next_cap && (before_civ || word_len >= 3) && !is_civ {
                    sep_len = 1;
                }
            }
            _ => {}
        }
        if sep_len > 0 {
            out.push((start, i));
            start = i + sep_len;
            i += sep_len;
            continue;
        }
        i += 1;
    }
    out.push((start, bytes.len()));
    out
}

/// Removes arrival notes, parenthesised tags and footnote marks from the
/// end of `entry[a..b]`; returns the kept range.
fn strip_decorations(entry: &str, a: usize, b: usize) -> (usize, usize) {
    if a >= b {
        return (b, b);
    }
    let mut end = b;
    loop {
        let s = &entry[a..end];
        match DECORATION.find(s) {
            Some(m) if m.start() > 0 => end = a + m.start(),
            _ => break,
        }
    }
    let s = &entry[a..end];
    if s.trim().is_empty() {
        return (a, a);
    }
    let lead = s.len() - s.trim_start().len();
    (a + lead, a + s.trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offsets::OffsetMap;

    fn att(s: &str) -> Attendance {
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        extract(&t, 0..s.len(), &mut Vec::new())
    }

    fn names(ps: &[Person]) -> Vec<String> {
        ps.iter()
            .map(|p| {
                format!(
                    "{} {}",
                    p.first_name.clone().unwrap_or_default(),
                    p.last_name.clone().unwrap_or_default()
                )
                .trim()
                .to_owned()
            })
            .collect()
    }

    #[test]
    fn seed_like_lists() {
        let a = att(
            "Étaient présents : M. Jean DUPOND, Mme Marie-Anne LEBRUN-MARTIN.\n\nExcusé(s) : M. Paul DURAND.\n\nAssistant également sans voix délibérative : Mme Léa ROUX\n\nExcusé(s) sans voix délibérative : M. Yves NOEL\n\nTITRE DE LA DELIBERATION\n",
        );
        assert_eq!(
            names(&a.present),
            ["Jean DUPOND", "Marie-Anne LEBRUN-MARTIN"]
        );
        assert_eq!(names(&a.excused), ["Paul DURAND"]);
        assert_eq!(names(&a.non_voting_present), ["Léa ROUX"]);
        assert_eq!(names(&a.non_voting_excused), ["Yves NOEL"]);
    }

    #[test]
    fn proxies_and_members() {
        let a = att(
            "Nombre de membres en exercice : 12 Etaient présents : Luc BRUN, Eva PETIT Absent(e)(s) représenté(e)(s) : Hugo BLANC donne pouvoir à Luc BRUN, Ines NOIR donne pouvoir à Eva PETIT\n\nAbsent(e)(s) excusé(e)(s) : Tom GRIS\n\nAbsent(e)(s) :\n\nMonsieur le Président ouvre la séance.",
        );
        assert_eq!(a.members_in_office, Some(12));
        assert_eq!(names(&a.present), ["Luc BRUN", "Eva PETIT"]);
        assert_eq!(a.proxies.len(), 2);
        assert_eq!(a.proxies[1].to.last_name.as_deref(), Some("PETIT"));
        assert_eq!(names(&a.excused), ["Tom GRIS"]);
        assert!(a.absent.is_empty());
    }

    #[test]
    fn excused_with_proxy_and_neant() {
        let a = att(
            "Présents : Anne VERT\nExcusés : Paul ROSE (pouvoir à Anne VERT), Lou BLEU\nAbsents : NEANT\n",
        );
        assert_eq!(names(&a.excused), ["Paul ROSE", "Lou BLEU"]);
        assert_eq!(a.proxies.len(), 1);
        assert!(a.absent.is_empty());
    }

    #[test]
    fn prose_after_a_list_is_not_a_person() {
        let a = att(
            "Présents : Anne VERT, Paul ROSE, Monsieur le Président ouvre la séance à 14 heures",
        );
        assert_eq!(names(&a.present), ["Anne VERT", "Paul ROSE"]);
    }
}
