//! Cross-field checks on an extracted deliberation. They read the typed
//! values only (never the text) and report what does not add up.

use std::collections::HashMap;

use crate::model::{Deliberation, Diagnostic, Outcome};
use crate::person::key;

/// Appends the diagnostics of `d` to `out`.
pub fn deliberation(d: &Deliberation, out: &mut Vec<Diagnostic>) {
    votes(d, out);
    attendance(d, out);
    budget(d, out);
}

fn votes(d: &Deliberation, out: &mut Vec<Diagnostic>) {
    let att = &d.attendance;
    // Without « membres en exercice », the voting members listed (present,
    // represented, excused or absent) bound the votes: an excused member may
    // have given a proxy the roll call does not print.
    let listed = att.present.len() + att.proxies.len() + att.excused.len() + att.absent.len();
    let members = att.members_in_office.map(|m| m as usize);
    for v in &d.votes {
        let cast = v.for_.unwrap_or(0) + v.against.unwrap_or(0) + v.abstention.unwrap_or(0);
        let limit = members.or(if att.present.is_empty() {
            None
        } else {
            Some(listed)
        });
        if let Some(limit) = limit {
            if cast as usize > limit {
                out.push(Diagnostic::warning(
                    "vote.exceeds_members",
                    format!(
                        "{cast} votes counted for {limit} members present, represented or in office"
                    ),
                    Some(v.span),
                ));
            }
        }
        if v.unanimous && v.against.is_some_and(|a| a > 0) {
            out.push(Diagnostic::warning(
                "vote.unanimous_with_against",
                "the vote is said unanimous but counts votes against",
                Some(v.span),
            ));
        }
        if let (Some(f), Some(a), Some(o)) = (v.for_, v.against, v.outcome) {
            if (o == Outcome::Adopted && a > f) || (o == Outcome::Rejected && f > a) {
                out.push(Diagnostic::warning(
                    "vote.outcome_contradicts_counts",
                    format!("{f} for and {a} against, yet the outcome is {o:?}").to_lowercase(),
                    Some(v.span),
                ));
            }
        }
    }
}

fn attendance(d: &Deliberation, out: &mut Vec<Diagnostic>) {
    let att = &d.attendance;
    let present: HashMap<String, usize> = att.present.iter().map(|p| (key(p), 0)).collect();
    for p in &att.excused {
        if present.contains_key(&key(p)) {
            out.push(Diagnostic::warning(
                "attendance.present_and_excused",
                format!("{} is listed both present and excused", p.text),
                Some(p.span),
            ));
        }
    }
    let mut holders: HashMap<String, usize> = HashMap::new();
    for pr in &att.proxies {
        *holders.entry(key(&pr.to)).or_default() += 1;
        if !att.present.is_empty() && !att.present.iter().any(|p| may_be_same(p, &pr.to)) {
            out.push(Diagnostic::warning(
                "attendance.holder_not_present",
                format!("{} holds a proxy but is not listed present", pr.to.text),
                Some(pr.to.span),
            ));
        }
    }
    for pr in &att.proxies {
        if holders.get(&key(&pr.to)).is_some_and(|&n| n > 1) {
            out.push(Diagnostic::warning(
                "attendance.two_proxies",
                format!("{} holds more than one proxy", pr.to.text),
                Some(pr.to.span),
            ));
            holders.remove(&key(&pr.to));
        }
    }
    for (role, list) in [
        ("present", &att.present),
        ("excused", &att.excused),
        ("absent", &att.absent),
    ] {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for p in list {
            // « Mme FONTAINE » and « M. FONTAINE » are two members.
            let civ = match p.civility {
                Some(crate::model::Civility::Madame) => "F",
                Some(crate::model::Civility::Monsieur) => "M",
                None => "",
            };
            let n = seen.entry(format!("{civ}{}", key(p))).or_default();
            *n += 1;
            if *n == 2 {
                out.push(Diagnostic::warning(
                    "attendance.duplicate",
                    format!("{} is listed twice as {role}", p.text),
                    Some(p.span),
                ));
            }
        }
    }
    let mut givers: HashMap<String, usize> = HashMap::new();
    for pr in &att.proxies {
        let n = givers.entry(key(&pr.from)).or_default();
        *n += 1;
        if *n == 2 {
            out.push(Diagnostic::warning(
                "attendance.duplicate",
                format!("{} gives two proxies", pr.from.text),
                Some(pr.from.span),
            ));
        }
    }
    if let Some(m) = att.members_in_office {
        let n = att.present.len() + att.proxies.len();
        if n > m as usize {
            out.push(Diagnostic::warning(
                "attendance.exceeds_members",
                format!("{n} members present or represented for {m} in office"),
                Some(d.span),
            ));
        }
    }
}

/// Whether two printings may name the same member: same surname, and first
/// names equal, missing on one side, or an initial of the other
/// (« Monsieur DENISE » and « Daniel DENISE », « GARENEAUX V. » and
/// « GARENEAUX V », « J. Pierre » and « Jean-Pierre »).
fn may_be_same(a: &crate::model::Person, b: &crate::model::Person) -> bool {
    use crate::departements::fold;
    let last = |p: &crate::model::Person| p.last_name.as_deref().map(fold);
    if last(a).is_none() || last(a) != last(b) {
        return false;
    }
    let parts = |p: &crate::model::Person| -> Vec<String> {
        p.first_name
            .as_deref()
            .map(fold)
            .unwrap_or_default()
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (x, y) = (parts(a), parts(b));
    if x.is_empty() || y.is_empty() {
        return true;
    }
    x.len() == y.len()
        && x.iter().zip(&y).all(|(p, q)| {
            p == q
                || (p.chars().count() == 1 && q.starts_with(p.as_str()))
                || (q.chars().count() == 1 && p.starts_with(q.as_str()))
        })
}

fn budget(d: &Deliberation, out: &mut Vec<Diagnostic>) {
    use crate::model::AmountKind::{Available, Proposed, Remaining};
    let lines = d
        .budget_lines
        .iter()
        .chain(d.annexes.iter().flat_map(|a| a.budget_lines.iter()));
    for l in lines {
        let get = |k| {
            l.amounts
                .iter()
                .find(|a| a.kind == k)
                .map(|a| a.value.value())
        };
        if let (Some(av), Some(pr), Some(so)) = (get(Available), get(Proposed), get(Remaining)) {
            if av - pr != so {
                out.push(Diagnostic::warning(
                    "budget.remaining_mismatch",
                    format!("available {av} minus proposed {pr} is not the remaining {so}"),
                    Some(l.span),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Person, Proxy};

    fn p(first: &str, last: &str) -> Person {
        Person {
            civility: None,
            first_name: Some(first.to_owned()),
            last_name: Some(last.to_owned()),
            text: format!("{first} {last}"),
            span: Default::default(),
        }
    }

    fn codes(att: Attendance) -> Vec<String> {
        let d = Deliberation {
            attendance: att,
            ..Deliberation::default()
        };
        let mut out = Vec::new();
        deliberation(&d, &mut out);
        out.into_iter().map(|d| d.code).collect()
    }

    #[test]
    fn attendance_checks() {
        let proxy = |a: Person, b: Person| Proxy {
            from: a,
            to: b,
            limit: None,
        };
        let c = codes(Attendance {
            members_in_office: Some(3),
            present: vec![p("Anne", "ROCHE"), p("Luc", "MORIN"), p("Anne", "ROCHE")],
            excused: vec![p("Luc", "MORIN"), p("Eva", "PETIT"), p("Max", "FOSSE")],
            proxies: vec![
                proxy(p("Eva", "PETIT"), p("Anne", "ROCHE")),
                proxy(p("Max", "FOSSE"), p("Anne", "ROCHE")),
                proxy(p("Ida", "NOIR"), p("Paul", "VIDAL")),
            ],
            ..Attendance::default()
        });
        for code in [
            "attendance.present_and_excused",
            "attendance.holder_not_present",
            "attendance.two_proxies",
            "attendance.duplicate",
            "attendance.exceeds_members",
        ] {
            assert!(c.iter().any(|c| c == code), "{code} missing in {c:?}");
        }
        let c = codes(Attendance {
            members_in_office: Some(5),
            present: vec![p("Anne", "ROCHE"), p("Luc", "MORIN")],
            proxies: vec![proxy(p("Eva", "PETIT"), p("Anne", "ROCHE"))],
            ..Attendance::default()
        });
        assert!(c.is_empty(), "{c:?}");
        // A holder printed by surname or initials is the present member.
        let c = codes(Attendance {
            present: vec![p("Daniel", "DENISE"), p("Jean-Pierre", "MAILLIOTTE")],
            proxies: vec![
                proxy(p("Eva", "PETIT"), p("", "DENISE")),
                proxy(p("Max", "FOSSE"), p("J. Pierre", "MAILLIOTTE")),
            ],
            ..Attendance::default()
        });
        assert!(c.is_empty(), "{c:?}");
    }
}
