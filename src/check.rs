//! Cross-field checks on an extracted deliberation. They read the typed
//! values only (never the text) and report what does not add up.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

use rust_decimal::Decimal;

use crate::model::{Article, BudgetLine, Deliberation, Diagnostic, Outcome};
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
        let cast = cast as usize;
        let limit = members.or(if att.present.is_empty() {
            None
        } else {
            Some(listed)
        });
        if let Some(limit) = limit {
            if cast > limit {
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
        // « suffrages exprimés » are the votes for and against.
        if let (Some(c), Some(f), Some(a)) = (v.cast, v.for_, v.against) {
            if c != f + a {
                out.push(Diagnostic::warning(
                    "vote.cast_mismatch",
                    format!("{c} votes cast, but {f} for and {a} against"),
                    Some(v.span),
                ));
            }
        }
        if let (Some(n), Some(c)) = (v.voters, v.cast) {
            if c > n {
                out.push(Diagnostic::warning(
                    "vote.cast_exceeds_voters",
                    format!("{c} votes cast for {n} voters"),
                    Some(v.span),
                ));
            }
        }
        if let Some(n) = v.not_taking_part {
            let named = v.not_taking_part_persons.len();
            if named > 0 && named != n as usize {
                out.push(Diagnostic::warning(
                    "vote.not_taking_part_mismatch",
                    format!("{n} members said not to take part, {named} named"),
                    Some(v.span),
                ));
            }
        }
    }
}

fn attendance(d: &Deliberation, out: &mut Vec<Diagnostic>) {
    let att = &d.attendance;
    // Without excused members there is nothing to look up in the set, nor
    // keys to make: the duplicate check below only hashes them.
    let (present_keys, excused_keys) = if att.excused.is_empty() {
        (Keys::default(), Keys::default())
    } else {
        (Keys::of(&att.present), Keys::of(&att.excused))
    };
    let present: HashSet<&[u8]> = present_keys.iter().collect();
    for (p, k) in att.excused.iter().zip(excused_keys.iter()) {
        if present.contains(k) {
            out.push(Diagnostic::warning(
                "attendance.present_and_excused",
                format!("{} is listed both present and excused", p.text),
                Some(p.span),
            ));
        }
    }
    let mut holders: HashMap<String, usize> = HashMap::new();
    // Folded once, not once per proxy.
    let present_names: Vec<FoldedName> = if att.proxies.is_empty() {
        Vec::new()
    } else {
        att.present.iter().map(FoldedName::of).collect()
    };
    for pr in &att.proxies {
        *holders.entry(key(&pr.to)).or_default() += 1;
        let holder = FoldedName::of(&pr.to);
        if !att.present.is_empty() && !present_names.iter().any(|p| p.may_be_same(&holder)) {
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
    let state = QuickState::new();
    for (role, list, list_keys) in [
        ("present", &att.present, &present_keys),
        ("excused", &att.excused, &excused_keys),
        ("absent", &att.absent, &Keys::default()),
    ] {
        // Each person's key hashed as it is folded, without being written
        // (unless it was for the excused above): two keys are compared only
        // when their hashes are equal, which is mostly when they are the
        // same. A table of indices into the list: 8 bytes a slot, for a
        // roll call can be long.
        let hashes: Vec<u64> = if list_keys.ends.len() == list.len() {
            list_keys.iter().map(|k| state.hash_bytes(k)).collect()
        } else {
            list.iter().map(|p| state.hash_key(p)).collect()
        };
        let mut seen: hashbrown::HashTable<usize> = hashbrown::HashTable::with_capacity(list.len());
        for (i, (p, &h)) in list.iter().zip(&hashes).enumerate() {
            // « Mme FONTAINE » and « M. FONTAINE » are two members.
            let same = |&j: &usize| {
                let j = j & !TWICE;
                let q = &list[j];
                // The same names, as a repeated entry mostly has, have the
                // same key without folding them again.
                hashes[j] == h
                    && q.civility == p.civility
                    && ((q.first_name == p.first_name && q.last_name == p.last_name)
                        || crate::person::same_key(q, p))
            };
            match seen.entry(h, same, |&j| hashes[j & !TWICE]) {
                hashbrown::hash_table::Entry::Vacant(v) => {
                    v.insert(i);
                }
                hashbrown::hash_table::Entry::Occupied(mut o) => {
                    if *o.get() & TWICE == 0 {
                        *o.get_mut() |= TWICE;
                        out.push(Diagnostic::warning(
                            "attendance.duplicate",
                            format!("{} is listed twice as {role}", p.text),
                            Some(p.span),
                        ));
                    }
                }
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

/// A hasher for the short keys of a roll call, cheaper than the default
/// SipHash: a multiply-and-fold of each eight bytes, seeded at random for
/// each map (from the standard `RandomState`), so that a hostile text
/// cannot choose collisions without knowing the seed.
#[derive(Clone)]
struct QuickState {
    seed: u64,
    multiplier: u64,
}

impl QuickState {
    fn new() -> QuickState {
        let random = std::collections::hash_map::RandomState::new();
        QuickState {
            seed: random.hash_one(0x5eed_u64),
            // Odd, so that the multiplication loses no bits.
            multiplier: random.hash_one(0x3a1_u64) | 1,
        }
    }
}

impl QuickState {
    /// `Quick::write` of `person::key(p)`'s bytes, made as the key is
    /// folded when it can be, without writing it.
    fn hash_key(&self, p: &crate::model::Person) -> u64 {
        let mut q = self.build_hasher();
        if !crate::person::key_words(p, &mut q) {
            q = self.build_hasher();
            let mut k = Vec::new();
            crate::person::push_key_bytes(&mut k, p);
            std::hash::Hasher::write(&mut q, &k);
        }
        q.h
    }

    /// [`QuickState::hash_key`] of a person whose key is `k`.
    fn hash_bytes(&self, k: &[u8]) -> u64 {
        let mut q = self.build_hasher();
        std::hash::Hasher::write(&mut q, k);
        q.h
    }
}

impl crate::person::KeySink for Quick {
    fn word(&mut self, w: u64) {
        self.mix(w);
    }

    fn end(&mut self, w: u64, n: u32) {
        // As `write` ends.
        self.mix(w ^ (u64::from(n) << 59));
    }
}

impl std::hash::BuildHasher for QuickState {
    type Hasher = Quick;

    fn build_hasher(&self) -> Quick {
        Quick {
            h: self.seed,
            m: self.multiplier,
        }
    }
}

struct Quick {
    h: u64,
    m: u64,
}

impl Quick {
    fn mix(&mut self, x: u64) {
        let p = u128::from(self.h ^ x) * u128::from(self.m);
        // The high half folded into the low one: every input bit counts.
        self.h = (p as u64) ^ ((p >> 64) as u64);
    }
}

impl std::hash::Hasher for Quick {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        let tail = chunks.remainder();
        let mut w = [0u8; 8];
        w[..tail.len()].copy_from_slice(tail);
        // The length in the top byte tells « a » from « a\0 ».
        self.mix(u64::from_le_bytes(w) ^ ((tail.len() as u64) << 59));
    }

    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64);
    }

    fn write_isize(&mut self, i: isize) {
        self.mix(i as u64);
    }

    fn finish(&self) -> u64 {
        self.h
    }
}

/// Marks a person whose key was met twice already, in the top bit of
/// their index.
const TWICE: usize = 1 << (usize::BITS - 1);

/// The folded keys ([`key`]) of a list of persons, in one buffer, as
/// bytes: they are only hashed and compared.
#[derive(Default)]
struct Keys {
    buf: Vec<u8>,
    ends: Vec<usize>,
}

impl Keys {
    fn of(list: &[crate::model::Person]) -> Keys {
        // Room for keys as long as the names and a space (most are).
        let room = list
            .iter()
            .map(|p| {
                p.first_name.as_ref().map_or(0, |f| f.len() + 1)
                    + p.last_name.as_ref().map_or(0, |s| s.len())
            })
            .sum();
        let mut keys = Keys {
            buf: Vec::with_capacity(room),
            ends: Vec::with_capacity(list.len()),
        };
        for p in list {
            crate::person::push_key_bytes(&mut keys.buf, p);
            keys.ends.push(keys.buf.len());
        }
        keys
    }

    fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(a, &b)| self.buf.get(a..b).unwrap_or_default())
    }
}

/// A person's surname and first-name parts, folded for comparison.
struct FoldedName {
    last: Option<String>,
    first: Vec<String>,
}

impl FoldedName {
    fn of(p: &crate::model::Person) -> Self {
        use crate::departements::fold;
        FoldedName {
            last: p.last_name.as_deref().map(fold),
            first: p
                .first_name
                .as_deref()
                .map(fold)
                .unwrap_or_default()
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Whether two printings may name the same member: same surname, and
    /// first names equal, missing on one side, or an initial of the other
    /// (« Monsieur DENISE » and « Daniel DENISE », « GARENEAUX V. » and
    /// « GARENEAUX V », « J. Pierre » and « Jean-Pierre »).
    fn may_be_same(&self, other: &FoldedName) -> bool {
        if self.last.is_none() || self.last != other.last {
            return false;
        }
        let (x, y) = (&self.first, &other.first);
        if x.is_empty() || y.is_empty() {
            return true;
        }
        x.len() == y.len()
            && x.iter().zip(y).all(|(p, q)| {
                p == q
                    || (p.chars().count() == 1 && q.starts_with(p.as_str()))
                    || (q.chars().count() == 1 && p.starts_with(q.as_str()))
            })
    }
}

fn budget(d: &Deliberation, out: &mut Vec<Diagnostic>) {
    budget_part(&d.budget_lines, &d.budget_totals, &d.articles, out);
    for a in &d.annexes {
        budget_part(&a.budget_lines, &a.budget_totals, &a.articles, out);
    }
}

/// Checks the budget lines of one part (the decision or one annex): each
/// line's Disponible − Proposition = Solde, each printed total against the
/// lines above it, and each « soit N € » of the text against the lines.
fn budget_part(
    lines: &[BudgetLine],
    totals: &[BudgetLine],
    articles: &[Article],
    out: &mut Vec<Diagnostic>,
) {
    use crate::model::AmountKind::{Available, Proposed, Remaining};
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
    // A total sums the run of lines printed right above it (after the
    // previous total) whose amounts all sit in its columns.
    let mut from = 0;
    for t in totals {
        let in_columns = |l: &&BudgetLine| {
            l.amounts
                .iter()
                .all(|a| t.amounts.iter().any(|b| b.column == a.column))
        };
        let mut above: Vec<&BudgetLine> = lines
            .iter()
            .filter(|l| l.span.start >= from && l.span.start < t.span.start)
            .collect();
        if let Some(k) = above.iter().rposition(|l| !in_columns(l)) {
            above.drain(..=k);
        }
        from = t.span.end;
        if above.is_empty() {
            continue;
        }
        for ta in &t.amounts {
            let sum: Decimal = above
                .iter()
                .flat_map(|l| l.amounts.iter())
                .filter(|a| a.column == ta.column)
                .map(|a| a.value.value())
                .sum();
            if sum != ta.value.value() {
                out.push(Diagnostic::warning(
                    "budget.total_mismatch",
                    format!(
                        "the lines of column « {} » add up to {sum}, the printed total is {}",
                        ta.column, ta.value
                    ),
                    Some(t.span),
                ));
            }
        }
    }
    // « soit 60 000 € » in an article that holds a table: the amount should
    // be one of its lines'.
    if lines.is_empty() {
        return;
    }
    let carried = |v: Decimal| {
        lines
            .iter()
            .chain(totals)
            .flat_map(|l| l.amounts.iter())
            .any(|a| a.value.value() == v)
    };
    for art in articles {
        let holds_table = lines
            .iter()
            .any(|l| art.span.start <= l.span.start && l.span.start < art.span.end);
        if !holds_table {
            continue;
        }
        for am in &art.amounts {
            let Some(at) = art.text.find(am.text.as_str()) else {
                continue;
            };
            let before = art.text.get(..at).unwrap_or("").trim_end();
            let soit = before
                .rsplit(' ')
                .take(4)
                .any(|w| w.eq_ignore_ascii_case("soit"));
            if soit && !carried(am.value.value()) {
                out.push(Diagnostic::warning(
                    "budget.amount_not_in_table",
                    format!("the text states {} that no budget line carries", am.value),
                    Some(am.span),
                ));
            }
        }
    }
}

#[cfg(test)]
mod vote_tests {
    fn codes(text: &str) -> Vec<String> {
        crate::parse(text)
            .diagnostics
            .into_iter()
            .map(|d| d.code)
            .filter(|c| c.starts_with("vote."))
            .collect()
    }

    #[test]
    fn votes_above_the_members() {
        let c = codes(
            "Étaient présents : M. Jean DUPOND, Mme Claire MARTIN.\nDECIDE :\nArticle 1 : x\nPour : 5 voix Contre : 0 voix Abstention : 0 voix\n",
        );
        assert_eq!(c, ["vote.exceeds_members"]);
        let c = codes(
            "Étaient présents : M. Jean DUPOND, Mme Claire MARTIN.\nDECIDE :\nArticle 1 : x\nPour : 2 voix Contre : 0 voix Abstention : 0 voix\n",
        );
        assert!(c.is_empty());
    }

    #[test]
    fn unanimity_with_votes_against() {
        let c = codes("Pour : 10 voix Contre : 2 voix Abstention : 0 voix\nAdopté à l'unanimité\n");
        assert_eq!(c, ["vote.unanimous_with_against"]);
    }

    #[test]
    fn counts_against_the_outcome() {
        let c = codes("Pour : 3 voix Contre : 9 voix Abstention : 0 voix\n(Adopté)\n");
        assert_eq!(c, ["vote.outcome_contradicts_counts"]);
        let c = codes("Pour : 9 voix Contre : 3 voix Abstention : 0 voix\n(Adopté)\n");
        assert!(c.is_empty());
    }

    #[test]
    fn cast_and_voters() {
        let c =
            codes("Nombre de votants : 20 ; suffrages exprimés : 18 ; pour : 10 ; contre : 2\n");
        assert_eq!(c, ["vote.cast_mismatch"]);
        let c =
            codes("Nombre de votants : 10 ; suffrages exprimés : 12 ; pour : 10 ; contre : 2\n");
        assert_eq!(c, ["vote.cast_exceeds_voters"]);
    }

    #[test]
    fn members_not_taking_part() {
        let c = codes(
            "Pour : 10 voix Contre : 0 voix Abstention : 0 voix Ne prennent pas part au vote : 3\nNe prennent pas part au vote : M. Paul LEBRUN, Mme Anne MOREL\n",
        );
        assert_eq!(c, ["vote.not_taking_part_mismatch"]);
    }
}

#[cfg(test)]
mod attendance_tests {
    use super::*;
    use crate::model::{Attendance, Person, Proxy};

    fn p(first: &str, last: &str) -> Person {
        Person {
            civility: None,
            first_name: Some(first.into()),
            last_name: Some(last.into()),
            text: format!("{first} {last}").into(),
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

    #[test]
    fn duplicates_are_told_once_and_by_civility() {
        use crate::model::Civility;
        let with = |c: Civility, first: &str, last: &str| Person {
            civility: Some(c),
            ..p(first, last)
        };
        let dup = |present: Vec<Person>| {
            let d = Deliberation {
                attendance: Attendance {
                    present,
                    ..Attendance::default()
                },
                ..Deliberation::default()
            };
            let mut out = Vec::new();
            deliberation(&d, &mut out);
            out.into_iter()
                .filter(|d| d.code == "attendance.duplicate")
                .map(|d| d.message)
                .collect::<Vec<_>>()
        };
        // Three times the same member: one diagnostic, at the second.
        let c = dup(vec![
            with(Civility::Madame, "Anne", "ROCHE"),
            with(Civility::Madame, "Anne", "ROCHE"),
            with(Civility::Madame, "Anne", "ROCHE"),
        ]);
        assert_eq!(c, ["Anne ROCHE is listed twice as present"]);
        // « Mme » and « M. » of one name are two members.
        let c = dup(vec![
            with(Civility::Madame, "Dominique", "ROCHE"),
            with(Civility::Monsieur, "Dominique", "ROCHE"),
        ]);
        assert!(c.is_empty(), "{c:?}");
        // A long list: each repeated name told once, in the list's order.
        let mut long: Vec<Person> = (0..5000).map(|i| p("Luc", &format!("NOM{i}"))).collect();
        long.push(p("Luc", "NOM17"));
        long.push(p("Luc", "NOM4"));
        long.push(p("Luc", "NOM17"));
        assert_eq!(
            dup(long),
            [
                "Luc NOM17 is listed twice as present",
                "Luc NOM4 is listed twice as present"
            ]
        );
    }

    /// The key hash of `check` and `person::same_key` agree with the key
    /// strings: the hash is that of the key's bytes (`key_words` gives
    /// them) and `same_key` is the keys' equality.
    #[test]
    fn key_hash_and_equality_agree_with_keys() {
        use crate::person::{key, same_key};
        let parts = [
            "e", "E", "é", "É", "è", "ê", "ë", "jean", "JEAN", "Jean", "ab", "cdefghij", "-", "'",
            "’", " ", "  ", "_", "\t", "ç", "Ç", "æ", "Æ", "œ", "ß", "ø", "Ø", "ñ", "ÿ", "Ł", "ł",
            "ő", "ﬁ", "Ω", "ı", "İ", "ĳ", "\u{301}", "×", "÷", "1", ".", "Ð", "þ",
        ];
        let mut next = crate::text::xorshift(0x9e37_79b9_7f4a_7c15);
        let state = QuickState::new();
        let mut persons: Vec<Person> = Vec::new();
        for _ in 0..3000 {
            let first = crate::text::pieces(&mut next, &parts, 5);
            let last = crate::text::pieces(&mut next, &parts, 5);
            let mut q = p(&first, &last);
            match next() % 5 {
                0 => q.first_name = None,
                1 => q.last_name = None,
                _ => {}
            }
            persons.push(q);
        }
        let keys: Vec<String> = persons.iter().map(key).collect();
        let hashes: Vec<u64> = persons.iter().map(|q| state.hash_key(q)).collect();
        // The hash is that of the key written whole.
        for (k, &h) in keys.iter().zip(&hashes) {
            assert_eq!(state.hash_bytes(k.as_bytes()), h, "{k:?}");
        }
        let mut equal = 0;
        for i in 0..persons.len() {
            // Neighbours and a few far ones; equal keys are frequent.
            for j in (i..persons.len()).step_by(7).take(60) {
                let same = keys[i] == keys[j];
                equal += usize::from(same && i != j);
                assert_eq!(
                    same_key(&persons[i], &persons[j]),
                    same,
                    "{:?} {:?}",
                    keys[i],
                    keys[j]
                );
                if same {
                    assert_eq!(hashes[i], hashes[j]);
                } else {
                    assert_ne!(hashes[i], hashes[j], "{:?} {:?}", keys[i], keys[j]);
                }
            }
        }
        assert!(equal > 100, "{equal}");
    }
}
