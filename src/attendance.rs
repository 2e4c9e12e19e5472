//! Roll calls: who was present, excused, absent, represented, or attending
//! without a vote.
//!
//! A roll call is a sequence of headed lists (« Étaient présents : … »,
//! « Excusé(s) : … », « Absent(e)(s) représenté(e)(s) : … »). Each list
//! runs to the next heading; it also stops at a blank line (unless the
//! converter put every word on its own line, or the next paragraph goes on
//! with the same kind of entries) and at the first entry that is not a
//! name, so that the prose after a roll call never becomes a person.
//!
//! Entries are split on every separator printed in real roll calls (commas,
//! semicolons, slashes, « & », « et », dashes, full stops, a closing
//! parenthesis or a civility before the next name) and read by evidence:
//! an entry that could be two names glued together, or a list whose
//! columns were interleaved by the converter, is left out with a
//! diagnostic rather than guessed.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

mod columns;

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

impl Role {
    /// The list's name, for diagnostics.
    fn noun(self) -> &'static str {
        match self {
            Role::Present => "présents",
            Role::Excused => "excusés",
            Role::Absent => "absents",
            Role::Proxies => "pouvoirs",
            Role::NonVotingPresent => "présents sans voix délibérative",
            Role::NonVotingExcused => "excusés sans voix délibérative",
        }
    }
}

const ROLES: [Role; 6] = [
    Role::NonVotingExcused,
    Role::NonVotingPresent,
    Role::Proxies,
    Role::Excused,
    Role::Absent,
    Role::Present,
];

/// The six heading patterns, in the order of [`ROLES`].
fn heading_patterns() -> [String; 6] {
    // « (e)(s) », « es », « s », « (s/es) », « (E)(S) »
    let e = r"(?:\((?:e|s|es|s/es|e/s|E|S|ES)\)|e|s|es|E|S|ES){0,3}";
    let sp = r"[ \t']+";
    [
        // non-voting excused
        format!(r"(?i:Excus[ée]{e}{sp}sans{sp}voix{sp}d[ée]lib[ée]rative)[ \t]*:"),
        // non-voting present
        format!(
            r"(?i:(?:Assistai(?:en)?t|Assistant|Pr[ée]sent{e}){sp}(?:[ée]galement{sp})?sans{sp}voix{sp}d[ée]lib[ée]rative)[ \t]*:"
        ),
        // proxies
        format!(
            r"(?i:(?:Absent{e}|Membres|Conseillers){sp}(?:excus[ée]{e}{sp})?ayant{sp}donn[ée]{e}{sp}(?:pouvoir|procuration|d[ée]l[ée]gation)s?(?:{sp}de{sp}vote)?|Absent{e}{sp}repr[ée]sent[ée]{e}|[ÉE]tai(?:\(en\)|en)?t{sp}absent{e}{sp}et{sp}(?:a|ont)[ \t]*(?:\((?:a|ont)\)[ \t]*)?donn[ée]{sp}(?:procuration|pouvoir)s?)[ \t]*:?|(?i:Excus[ée]{e}{sp}ayant{sp}donn[ée]{e}{sp}(?:pouvoir|procuration)s?|Repr[ée]sent[ée]{e})[ \t]*:|(?:^|\n|[.;:]?[ \t]+)[ \t]*(?:Pouvoir(?:s|\(s\))?|POUVOIRS?|Procuration(?:s|\(s\))?|PROCURATIONS?|D[ée]l[ée]gations?[ \t]+de[ \t]+vote)[ \t]*:"
        ),
        // excused
        format!(
            r"(?i:(?:[0-9]+{sp})?(?:(?:[ÉE]taient|[ÉE]tait|Membres|Conseillers){sp})?(?:Absent{e}{sp}(?:et{sp})?)?Excus[ée]{e}(?:{sp}dont{sp}[0-9]+{sp}repr[ée]sent[ée]{e})?|S'[ÉE]TAIENT{sp}FAIT{sp}EXCUSER)[ \t]*:"
        ),
        // absent
        format!(
            r"(?i:(?:(?:[ÉE]taient|[ÉE]tai(?:\(en\)|en)?t|Membres|Conseillers){sp})?(?:Absent{e}(?:{sp}non{sp}(?:excus[ée]{e}|repr[ée]sent[ée]{e}))?|Non{sp}excus[ée]{e}))[ \t]*:|(?m:^[ \t]*Absent{e}[ \t]*$)"
        ),
        // present
        format!(
            r"(?i:(?:[ÉE]taient|[ÉE]tait|Sont)[ \t]+pr[ée]sent{e}(?:[ \t]+au[ \t]+moment[ \t]+de[ \t]+l'appel[ \t]+nominatif)?)[ \t]*:?|(?i:(?:[0-9]+{sp})?(?:Membres{sp}|Conseillers{sp})?Pr[ée]sent{e})[ \t]*:|Ont[ \t]+compl[ée]t[ée][ \t]+le[ \t]+quorum[^:\n]{{0,60}}:"
        ),
    ]
}

/// The six patterns as groups of one regex: which group matched is the
/// role; only the tests ask this regex for its groups.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    let joined: Vec<String> = heading_patterns()
        .iter()
        .map(|p| format!("({p})"))
        .collect();
    Regex::new(&joined.join("|")).expect("valid regex")
});

/// The six patterns, each anchored after one character: run on the text
/// from the character before a match of [`HEADING`], the first that
/// matches is the group that `HEADING.captures` would give (its groups are
/// alternatives in this order, and leftmost-first takes the first one that
/// matches where the match starts), with the same look-behind (« ^ »,
/// « (?m:^) ») and the same end of text, without the bounded backtracker
/// that captures need (some 20 000 instructions a heading: the regex is
/// big).
static HEADING_ROLES: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    regex::RegexSet::new(
        heading_patterns()
            .iter()
            .map(|p| format!(r"\A(?s:.)(?:{p})")),
    )
    .expect("valid regex")
});

/// [`HEADING_ROLES`] for a match at the start of the text.
static HEADING_ROLES_AT_START: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    regex::RegexSet::new(heading_patterns().iter().map(|p| format!(r"\A(?:{p})")))
        .expect("valid regex")
});

static MEMBERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:membres|conseillers(?:[ \t]+(?:municipaux|départementaux|communautaires))?)[ \t\n]+en[ \t\n]+exercice[ \t]*:?[ \t\n]*([0-9]{1,3})(?-u:\b)",
    )
    .expect("valid regex")
});

/// Proxy wordings inside an entry: giver, then this, then holder.
static PROXY_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[ \t\n]*(?:(?-u:\b)(?:qui[ \t\n]+)?(?:a[ \t\n]+donn[ée]|donne|ayant[ \t\n]+donn[ée]|avait[ \t\n]+donn[ée])[ \t\n]+)?(?-u:\b)(?:pouvoir|procuration|d[ée]l[ée]gation[ \t\n]+de[ \t\n]+vote)(?:[ \t\n]+donn[ée]e?)?[ \t\n]+(?:[àa]|au)[ \t\n]+|[ \t\n]+repr[ée]sent[ée]e?[ \t\n]+par[ \t\n]+",
    )
    .expect("valid regex")
});

/// « A, B et C qui avaient respectivement donné procuration à D, E et F ».
static RESPECTIVELY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[ \t\n]*,?[ \t\n]*qui[ \t\n]+(?:avaient|ont|avait|a)[ \t\n]+respectivement[ \t\n]+donn[ée]+[ \t\n]+(?:procuration|pouvoirs?|d[ée]l[ée]gation[ \t\n]+de[ \t\n]+vote)[ \t\n]+(?:[àa]|aux?)[ \t\n]+",
    )
    .expect("valid regex")
});

/// A proxy given only for part of the session.
static LIMIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:jusqu|[àa][ \t]+partir|pour[ \t]|du[ \t]+rapport|avant[ \t]|apr[èe]s[ \t]|d[èe]s[ \t])")
        .expect("valid regex")
});

/// Arrival and departure notes and other decorations after a name.
static DECORATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[ \t\n]*(?:\([^()]*\)?|(?-u:\b)arriv[ée]e?s?[ \t\n]+(?:à|a)[ \t\n].*|(?-u:\b)jusqu'.*|à[ \t\n]+partir[ \t\n].*|[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[[0-9]+\])[ \t\n]*$")
        .expect("valid regex")
});

/// A heading word left at the end of a list cut by the end of the text
/// (« Isabelle DUPONT Absent(e)(s) »).
static TRAILING_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[ \t\n]+(?:absent|excus|pr[ée]sent|pouvoir|procuration)\S*(?:[ \t\n].*)?$")
        .expect("valid regex")
});

/// A dash between names (« ROCHE - PETIT », « PETIT -\nMOREL »).
static DASH_SEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[ \t]-+[ \t\n]|[^ \t\n-]-+[ \t]|[ \t]-+[A-Z]").expect("valid regex")
});

/// Extracts the roll call found in `range` of `text`, keeping at most
/// `max` persons (and as many proxies) in each list.
pub fn extract(
    text: &Text<'_>,
    range: Range<usize>,
    max: usize,
    diags: &mut Vec<Diagnostic>,
) -> Attendance {
    let s = &text.s[range.clone()];
    let base = range.start;
    let mut att = Attendance {
        members_in_office: MEMBERS.captures(s).and_then(|c| c[1].parse().ok()),
        ..Attendance::default()
    };
    let mut quiet = Vec::new();
    let headings: Vec<(Role, usize, usize)> = heading_captures(s, &mut quiet)
        .into_iter()
        .map(|(k, a, b)| {
            // Keep the separator before « Pouvoirs : » out of the heading.
            let m = &s[a..b];
            let lead = m.len() - m.trim_start_matches(['\n', '.', ';', ':', ' ', '\t']).len();
            (ROLES[k], a + lead, b)
        })
        .collect();
    let mut headings = headings;
    for q in &mut quiet {
        *q = base + q.start..base + q.end;
    }
    if !headings.iter().any(|h| h.0 == Role::Present) {
        if let Some(at) =
            headless_list(s).filter(|&at| !headings.iter().any(|h| h.1 <= at && at < h.2))
        {
            headings.push((Role::Present, at, at));
            headings.sort_by_key(|h| h.1);
        }
    }
    let mut lists: Vec<(Role, List)> = Vec::new();
    let mut covered: Vec<Range<usize>> = Vec::new();
    // A converter that put every word on its own line did so for the whole
    // roll call, short lists included.
    let wpl = headings.first().is_some_and(|h| {
        let from = h.2;
        let mut to = (from + 4000).min(s.len());
        while !s.is_char_boundary(to) {
            to -= 1;
        }
        word_per_line(&s[from..to])
    });
    for (i, &(role, _, end)) in headings.iter().enumerate() {
        let stop = headings.get(i + 1).map_or(s.len(), |h| h.1).max(end);
        let list = read_list(text, base + end, base + stop, role, wpl, &quiet, max);
        if let Some(at) = list.cut {
            diags.push(Diagnostic::warning(
                "limits.list_cut",
                format!(
                    "the list of {} holds more than {max} entries; only the first {max} are kept",
                    role.noun()
                ),
                Some(text.span(at, list.end.max(at))),
            ));
        }
        covered.push(base + headings[i].1..list.end.max(base + end));
        lists.push((role, list));
    }
    // A list that ends on a first name alone, glued to the next heading on
    // the same line (« Anne ROCHE, Luc Absent(e)(s) représenté(e)(s) : »):
    // the two lists were printed side by side.
    for i in 1..lists.len() {
        let tail = s.get(headings[i - 1].2..headings[i].1).unwrap_or("");
        let last = tail.rsplit(',').next().unwrap_or("");
        if lists[i].0 == Role::Proxies
            && tail.contains(',')
            && !last.contains('\n')
            && last.split_whitespace().count() == 1
            && last.trim().chars().count() > 1
            && is_mixed(last.trim())
        {
            lists[i].1.interleaved = true;
        }
    }
    // Two columns interleaved by the converter: the second list holds
    // pieces of the first. Neither can be trusted as read.
    for i in 0..lists.len() {
        if lists[i].1.interleaved {
            lists[i].1 = List::default();
            if i > 0 {
                lists[i - 1].1 = List::default();
                // Rebuild the two columns when the text allows one reading.
                let stop = headings
                    .get(i + 1)
                    .map_or(s.len(), |h| h.1)
                    .max(headings[i].2);
                if lists[i - 1].0 == Role::Present && headings[i - 1].2 <= headings[i].1 {
                    let lead =
                        columns::words(text.s, base + headings[i - 1].2, base + headings[i].1);
                    let rest = columns::words(text.s, base + headings[i].2, base + stop);
                    if let Some(r) = columns::rebuild(text.s, &lead, &rest) {
                        let left = &mut lists[i - 1].1;
                        left.persons = r
                            .left
                            .iter()
                            .filter_map(|n| person::from_words(text, n))
                            .filter(clean)
                            .collect();
                        lists[i].1.proxies = r
                            .right
                            .iter()
                            .filter_map(|(a, b)| {
                                Some(Proxy {
                                    from: person::from_words(text, a).filter(clean)?,
                                    to: person::from_words(text, b).filter(clean)?,
                                    limit: None,
                                })
                            })
                            .collect();
                        diags.push(Diagnostic::warning(
                            "attendance.columns_rebuilt",
                            "two attendance lists interleaved by the converter were rebuilt column by column",
                            Some(text.span(base + headings[i].1, base + headings[i].2)),
                        ));
                        continue;
                    }
                }
            }
            diags.push(Diagnostic::warning(
                "attendance.interleaved_columns",
                "two attendance lists are interleaved (columns merged by the converter); they are left out",
                Some(text.span(base + headings[i].1, base + headings[i].2)),
            ));
        }
    }
    // Present from the start: late arrivals may also be in an absents table.
    // Only a table needs them: the keys are folded strings, not built
    // otherwise.
    let present: Vec<String> = if lists.iter().any(|(_, l)| l.table) {
        lists
            .iter()
            .filter(|(r, l)| *r == Role::Present && !l.table)
            .flat_map(|(_, l)| {
                l.persons
                    .iter()
                    .map(person::key)
                    .filter(|k| !l.late.contains(k))
            })
            .collect()
    } else {
        Vec::new()
    };
    for (role, mut list) in lists {
        if list.table {
            if present.is_empty() {
                // Nothing to tell absents from holders.
                continue;
            }
            // A set: a table and a list can both be long.
            let present: std::collections::HashSet<&str> =
                present.iter().map(String::as_str).collect();
            list.persons
                .retain(|p| !present.contains(person::key(p).as_str()));
        }
        for d in list.dropped {
            diags.push(Diagnostic::warning(
                "attendance.unreadable_entry",
                format!(
                    "« {} » could be several names glued together; left out",
                    d.0
                ),
                Some(d.1),
            ));
        }
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
        // Moved rather than copied when it is the role's first list: a long
        // roll call would otherwise be held twice at its peak.
        if target.is_empty() {
            *target = list.persons;
        } else {
            target.extend(list.persons);
        }
        att.proxies.extend(list.proxies);
    }
    loose_proxies(text, base, s, &covered, &mut att.proxies);
    late_arrivals(text, base, s, &mut att.present);
    layout_table(text, base, s, &mut att);
    if att.proxies.is_empty() {
        spoken_proxies(text, base, s, &mut att.proxies);
    }
    att
}

/// What `HEADING.captures_iter(s)` gives, as the index in [`ROLES`] of the
/// group that matched and the match's range, with the big regex run only
/// on the lines that hold one of its words.
///
/// A heading never spans lines: its only possible line break is its first
/// character (« \nPouvoirs : »), and every alternative holds one of the cue
/// words (« excus », « sent », « pouvoir », « procuration », « gation »,
/// « rative », « quorum »). So no match starts before the line break that
/// precedes a line with a cue, and each line is searched on its own
/// (`(?m:$)` holds at its end either way; nothing else looks past it). For
/// the same reason, the rest of a line after a match is searched again only
/// when it holds a cue: a roll call printed on one line is long.
///
/// The long stretches found without any cue (the rest of a roll call
/// printed on one line, after its heading) are pushed on `quiet`, with
/// offsets of the text that `s` starts: the entries of a list there hold
/// no cue either.
fn heading_captures(s: &str, quiet: &mut Vec<Range<usize>>) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0; // where the iteration goes on: the end of the last match
    let mut ls = 0; // start of the current line
    while ls <= s.len() {
        let le = memchr::memchr(b'\n', &s.as_bytes()[ls..]).map_or(s.len(), |k| ls + k);
        if le >= pos && cues_until::<HEADING_CUES>(&s[ls..le]) & HEADING_CUES != 0 {
            let mut from = pos.max(ls.saturating_sub(1));
            let hay = &s[..le];
            while from <= le {
                if from > ls {
                    // Without a heading cue, every byte was read: these are
                    // all the cues of the stretch.
                    let c = cues_until::<HEADING_CUES>(&s[from..le]);
                    if c & HEADING_CUES == 0 {
                        if c == 0 && le - from >= QUIET {
                            quiet.push(from..le);
                        }
                        break;
                    }
                }
                let Some(m) = HEADING.find_at(hay, from) else {
                    break;
                };
                // Never empty: every alternative holds letters.
                pos = m.end().max(m.start() + 1);
                from = pos;
                if let Some(k) = heading_role(hay, m.start()) {
                    out.push((k, m.start(), m.end()));
                }
            }
        }
        ls = le + 1;
    }
    out
}

/// Which group of [`HEADING`] matches at `at` in `hay`: see
/// [`HEADING_ROLES`].
fn heading_role(hay: &str, at: usize) -> Option<usize> {
    let set = if at == 0 {
        HEADING_ROLES_AT_START.matches(hay)
    } else {
        // The character before the match: its start is at most 4 bytes back.
        let ctx = (at.saturating_sub(4)..at)
            .rev()
            .find(|&k| hay.is_char_boundary(k))?;
        HEADING_ROLES.matches(&hay[ctx..])
    };
    set.iter().next()
}

/// « Madame A et Monsieur B, arrivés après l'appel nominal, ont complété
/// le quorum. »: the names before the verb are present.
static COMPLETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:,[ \t\n]*arriv[ée]e?s?[ \t\n]+apr[èe]s[ \t\n]+l'appel(?:[ \t\n]+nominal)?[ \t\n]*,)?[ \t\n]+(?:a|ont)[ \t\n]+compl[ée]t[ée][ \t\n]+le[ \t\n]+quorum[ \t]*[.,]")
        .expect("valid regex")
});

fn late_arrivals(text: &Text<'_>, base: usize, s: &str, out: &mut Vec<Person>) {
    for m in COMPLETED.find_iter(s) {
        // The sentence starts at the line start or after a full stop.
        let before = &s[..m.start()];
        let start = before.rfind(['\n', '.']).map_or(0, |k| k + 1);
        let sentence = &s[start..m.start()];
        let mut persons = Vec::new();
        let mut ok = !sentence.trim().is_empty();
        for (a, b, _) in split_entries(sentence, false) {
            let (a, b) = clean_range(text.s, base + start + a, base + start + b);
            if a >= b || !person::looks_like_name(&text.s[a..b]) {
                ok = false;
                break;
            }
            match person::parse(text, a, b) {
                Some(p) if clean(&p) => persons.push(p),
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            // The keys of the list, made once: a roll call can be long.
            let mut known: std::collections::HashSet<String> =
                out.iter().map(person::key).collect();
            for p in persons {
                if known.insert(person::key(&p)) {
                    out.push(p);
                }
            }
        }
    }
}

static PRESIDENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)sous[ \t\n]+la[ \t\n]+pr[ée]sidence[ \t\n]+de[ \t\n]*:?[ \t\n]*")
        .expect("valid regex")
});

/// A list of members with no heading, right after the president (« sous
/// la présidence de M. X, Président, MM. A, B, Mmes C, D. »): it must start
/// with a plural civility. Returns where the list starts.
fn headless_list(s: &str) -> Option<usize> {
    let m = PRESIDENCY.find(s)?;
    let rest = &s[m.end()..];
    let name = person::name_prefix(rest);
    if name == 0 {
        return None;
    }
    let after = &rest[name..];
    let after_t = after.trim_start_matches([' ', '\t']);
    let after_t = after_t.strip_prefix(',')?;
    // The president's title, up to the next comma or full stop.
    let k = after_t.find([',', '.', '\n'])?;
    if k > 80 {
        return None;
    }
    let list = &after_t[k + 1..];
    let lead = list.len() - list.trim_start().len();
    let t = list.trim_start();
    let plural = matches!(person::civility(t), Some((_, true, _))) || t.starts_with("Mesdames");
    plural.then(|| s.len() - list.len() + lead)
}

/// Proxy sentences printed on their own lines outside any headed list
/// (« - Monsieur A procuration à Madame B »): a whole line must read as
/// giver, proxy wording, holder.
fn loose_proxies(
    text: &Text<'_>,
    base: usize,
    s: &str,
    covered: &[Range<usize>],
    out: &mut Vec<Proxy>,
) {
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        let a = pos;
        pos += line.len();
        let abs = base + a;
        if covered.iter().any(|r| r.contains(&abs)) {
            continue;
        }
        let Some(m) = PROXY_VERB.find(line) else {
            continue;
        };
        let lead = line.len() - line.trim_start_matches([' ', '\t', '-', '•', '*']).len();
        if m.start() <= lead {
            continue;
        }
        let giver = line[lead..m.start()].trim();
        let rest = line[m.end()..].trim_end();
        let rest_core = rest.trim_end_matches(['.', ';', ' ']);
        if !person::looks_like_name(giver)
            || person::name_prefix(rest_core) != rest_core.len()
            || !person::looks_like_name(rest_core)
        {
            continue;
        }
        let from = person::parse(text, abs + lead, abs + m.start()).filter(clean);
        let to = person::parse(text, abs + m.end(), abs + m.end() + rest_core.len()).filter(clean);
        if let (Some(from), Some(to)) = (from, to) {
            out.push(Proxy {
                from,
                to,
                limit: None,
            });
        }
    }
}

#[derive(Default)]
struct List {
    /// The most persons, and the most proxies, the list keeps.
    max: usize,
    /// Where the list went past `max`: the entries from there are left out.
    cut: Option<usize>,
    persons: Vec<Person>,
    proxies: Vec<Proxy>,
    /// Entries left out, with their text and span.
    dropped: Vec<(String, crate::model::Span)>,
    /// Evidence that two columns were merged into this list.
    interleaved: bool,
    /// Where the list ends in the normalized text.
    end: usize,
    /// A flattened table: its persons are candidates, to be checked
    /// against the présents.
    table: bool,
    /// Keys of the persons who arrived after the roll call.
    late: Vec<String>,
}

/// What ends a piece of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// A comma, semicolon, slash, « & », « et », full stop, parenthesis,
    /// civility or new line.
    Plain,
    /// A dash between spaces (« DUPONT - DURAND »): also what is left when
    /// a hyphenated name is broken at a line end.
    Dash,
    /// A colon: the piece before it is a label (a commune).
    Colon,
    /// The end of the list.
    End,
}

/// Reads the entries of one list in `text.s[start..stop]`.
/// `quiet` holds sorted stretches of `text.s` without any cue (see
/// [`heading_captures`]).
fn read_list(
    text: &Text<'_>,
    start: usize,
    stop: usize,
    role: Role,
    wpl: bool,
    quiet: &[Range<usize>],
    max: usize,
) -> List {
    let mut out = List {
        max,
        end: start,
        ..List::default()
    };
    let mut start = start;
    let region = &text.s[start..stop];
    let trimmed = region.trim();
    if trimmed.is_empty() || is_nothing(trimmed) {
        out.end = stop;
        return out;
    }
    if matches!(role, Role::Absent | Role::Excused) && TABLE_HEADER.is_match(trimmed) {
        return read_table(text, start, stop, max);
    }
    // A heading without its colon, then a page footer (address, phone
    // numbers) printed between it and the colon: the list starts after it.
    if !text.s[..start].trim_end().ends_with(':') {
        let line_end = region.find('\n').unwrap_or(region.len()).min(400);
        if let Some(k) = region.get(..line_end).and_then(|l| l.find(" :")) {
            let junk = &region[..k];
            if junk.contains(|c: char| c.is_ascii_digit() || c == '@') {
                start += k + 2;
            }
        }
    }
    let region = &text.s[start..stop];
    let wpl = wpl || word_per_line(region);
    let end = if wpl {
        stop
    } else {
        start + paragraph_end(region, role)
    };
    out.end = end;
    let mut body_start = start;
    // « Mesdames et Messieurs » before the names.
    {
        let b = &text.s[start..end];
        let t = b.trim_start();
        for lead in [
            "Mesdames et Messieurs",
            "Mesdames, Messieurs",
            "Mesdames et MM.",
        ] {
            if t.starts_with(lead) {
                body_start = start + (b.len() - t.len()) + lead.len();
            }
        }
    }
    let body = &text.s[body_start..end];
    if is_nothing(body.trim()) {
        return out;
    }
    if let Some(list) = flattened_proxies(text, body_start, end) {
        out.proxies = list;
        return out;
    }
    // « A, B et C qui avaient respectivement donné procuration à D, E et F. »
    let mut from = body_start;
    if let Some(m) = may_hold_respectively(body)
        .then(|| RESPECTIVELY.find(body))
        .flatten()
    {
        let givers = body_start..body_start + m.start();
        let rest = &body[m.end()..];
        let sentence = sentence_end(rest);
        let holders = body_start + m.end()..body_start + m.end() + sentence;
        let g = names_of(text, givers);
        let h = names_of(text, holders.clone());
        match (g, h) {
            (Some(g), Some(h)) if g.len() == h.len() && !g.is_empty() => {
                for (from, to) in g.into_iter().zip(h) {
                    out.proxies.push(Proxy {
                        from,
                        to,
                        limit: None,
                    });
                }
            }
            _ => out.dropped.push((
                crate::text::collapse(&text.s[body_start..holders.end]),
                text.span(body_start, holders.end),
            )),
        }
        from = holders.end;
    }
    let body = &text.s[from..end];
    let newline_separates = !wpl
        && !body.contains([',', ';', '/', '&'])
        && !DASH_SEP.is_match(body)
        && body.trim().lines().filter(|l| !l.trim().is_empty()).count() > 1;
    let mut inherited: Option<Civility> = None;
    // Split, cleaned and read as far as the reading goes: the list may run
    // to the end of a text without line breaks, and stops at its first
    // entry that is not a name.
    let mut entries = Entries {
        s: text.s,
        from,
        split: Splitter::new(body, newline_separates),
        items: Vec::new(),
        quiet,
    };
    // Entries that hold a first name and a surname, to tell a broken
    // hyphenated surname (« Philippe ROUVIER - COROUGE ») from a list of
    // surnames (« MM. AUBRY - AUGER »).
    // Only a dash between entries asks: worked out then, once.
    let mut mostly_full: Option<bool> = None;
    // Lists of « Prénom Nom » in title case: two words an entry.
    // Only a name that reads as two pairs asks: worked out then, once.
    let mut mostly_two: Option<bool> = None;
    let mut i = 0;
    while let Some(Entry {
        a,
        b: first_b,
        sep,
        cues: first_cues,
        strip: first_strip,
    }) = entries.get(i)
    {
        if out.full(a) {
            break;
        }
        let mut b = first_b;
        i += 1;
        // A broken hyphenated surname: join the lone capitals that follow.
        while sep == Sep::Dash
            && let Some(next_b) = entries
                .get(i)
                .filter(|e| starts_with_lone_capitals(&text.s[e.a..e.b]))
                .map(|e| e.b)
            && ends_with_capitals(&text.s[a..b])
            && *mostly_full.get_or_insert_with(|| entries.mostly_full())
        {
            b = next_b;
            i += 1;
        }
        if a >= b {
            continue;
        }
        let entry = &text.s[a..b];
        if sep == Sep::Colon {
            if is_label(entry) {
                continue;
            }
            break;
        }
        // A civility in the entry resets the inherited plural civility.
        let entry_civ = person::civility(entry);
        let own = match entry_civ {
            Some((c, plural, rest)) => {
                inherited = if plural { Some(c) } else { None };
                // `civility` trims the start of the rest: nothing but white
                // space is nothing.
                if rest.is_empty() {
                    continue;
                }
                Some(c)
            }
            None => inherited,
        };
        let own_cues = if b == first_b {
            first_cues
        } else {
            cues(entry)
        };
        if own_cues & PROXY_CUES != 0 && PROXY_VERB.is_match(entry) {
            match read_proxies(text, a, b, own, role, &mut out) {
                Flow::Next => continue,
                Flow::Stop => break,
            }
        }
        if role == Role::Proxies {
            // « X à Y » or « X pour Y » under a « Pouvoirs » heading.
            if let Some((k, len)) = [" à ", " pour ", "\nà ", " à\n"]
                .iter()
                .find_map(|sep| entry.find(sep).map(|k| (k, sep.len())))
            {
                let to_end = person::name_prefix(&entry[k + len..]);
                let giver = &entry[..k];
                let holder = &entry[k + len..k + len + to_end];
                if person::looks_like_name(giver) && person::looks_like_name(holder) {
                    // Clean as every other proxy read: a heading word glued
                    // to the holder (« à AbsentsMme … ») names nobody.
                    if let (Some(from), Some(to)) = (
                        person::parse_with(text, a, a + k, own),
                        person::parse(text, a + k + len, a + k + len + to_end),
                    ) && clean(&from)
                        && clean(&to)
                    {
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
            if person::looks_like_name(strip(entry)) {
                continue;
            }
            break;
        }
        let (s0, s1) = if b == first_b {
            first_strip
        } else {
            strip_decorations(entry, 0, entry.len())
        };
        let name = &entry[s0..s1];
        // Most entries are plain names: read once, for all the tests below.
        // The civility of the entry is the name's when they are the same text.
        let civ = if (s0, s1) == (0, entry.len()) {
            entry_civ
        } else {
            person::civility(name)
        };
        if let Some(p) = plain_person(text, a + s0, a + s1, own, civ) {
            out.persons.push(p);
            if contains_ci(&entry[s1..], "arriv") {
                out.late.extend(out.persons.last().map(person::key));
            }
            continue;
        }
        if !person::looks_like_name(name) {
            // The last name of a list followed, on the next line, by prose
            // or a page number.
            let k = person::name_prefix(name);
            let rest = &name[k..];
            let at_line_end = rest.trim_start_matches([' ', '\t']).starts_with('\n');
            if k > 0 && at_line_end && person::looks_like_name(&name[..k]) {
                push_person(text, a + s0, a + s0 + k, own, &mut out);
            }
            break;
        }
        // `second_pair` first: it is cheap and mostly `None`.
        if let Some(k) = second_pair(name) {
            if *mostly_two.get_or_insert_with(|| entries.mostly_two()) {
                // « Isabelle Berthel Franck Beyson » in a list of two-word
                // names: two entries whose separator was lost.
                push_person(text, a + s0, a + s0 + k.0, own, &mut out);
                push_person(text, a + s0 + k.1, a + s1, own, &mut out);
                continue;
            }
        }
        match glued(name) {
            Glued::No => {}
            Glued::Two(x, y) => {
                push_person(text, a + s0, a + s0 + x, own, &mut out);
                push_person(text, a + s0 + y, a + s1, own, &mut out);
                continue;
            }
            Glued::Unreadable => {
                out.dropped
                    .push((crate::text::collapse(name), text.span(a + s0, a + s1)));
                continue;
            }
        }
        let before = out.persons.len();
        push_person(text, a + s0, a + s1, own, &mut out);
        if out.persons.len() > before && contains_ci(&entry[s1..], "arriv") {
            out.late.extend(out.persons.last().map(person::key));
        }
    }
    out
}

/// The entries of a list: split, cleaned, and read for their cues and
/// decorations one after the other, as far as [`read_list`] asks.
struct Entries<'a> {
    s: &'a str,
    /// Where the split body starts in `s`.
    from: usize,
    split: Splitter<'a>,
    /// The entries split so far, cleaned (`clean_range`), with their
    /// [`cues`] and the range of each that `strip_decorations_cued` keeps.
    items: Vec<Entry>,
    /// Sorted stretches of `s` without any cue, the first of which may
    /// still hold entries to come: the cues of an entry inside one are
    /// none, without reading it again.
    quiet: &'a [Range<usize>],
}

/// An entry of [`Entries`].
#[derive(Clone, Copy)]
struct Entry {
    a: usize,
    b: usize,
    sep: Sep,
    cues: u16,
    strip: (usize, usize),
}

impl Entries<'_> {
    /// Entry `i`, when the list has one.
    fn get(&mut self, i: usize) -> Option<Entry> {
        while self.items.len() <= i && !self.split.done {
            // In batches that double: each pass runs its loop over many
            // entries of a long roll call (twice as fast as one entry at a
            // time through all of them), and a list that stops early was
            // read at most twice as far as it goes.
            let start = self.items.len();
            let want = start.max(16);
            for (a, b, sep) in self.split.by_ref().take(want) {
                let (a, b) = clean_range(self.s, self.from + a, self.from + b);
                self.items.push(Entry {
                    a,
                    b,
                    sep,
                    cues: 0,
                    strip: (0, 0),
                });
            }
            for e in &mut self.items[start..] {
                let entry = &self.s[e.a..e.b];
                while self.quiet.first().is_some_and(|q| q.end < e.b) {
                    self.quiet = &self.quiet[1..];
                }
                let inside = self.quiet.first().is_some_and(|q| q.start <= e.a);
                e.cues = if inside { 0 } else { cues(entry) };
                e.strip = strip_decorations_cued(entry, 0, e.b - e.a, Some(e.cues));
            }
        }
        self.items.get(i).copied()
    }

    /// All the entries.
    fn all(&mut self) -> &[Entry] {
        while self.get(self.items.len()).is_some() {}
        &self.items
    }

    /// Whether two entries in three hold a first name and a surname.
    fn mostly_full(&mut self) -> bool {
        let s = self.s;
        let all = self.all();
        let full = all
            .iter()
            .filter(|e| person::name_word_count(person::strip_civility(&s[e.a..e.b]).1) >= 2)
            .count();
        full * 3 >= all.len() * 2
    }

    /// Whether the list has six entries or more, three in four of them two
    /// words once stripped of their decorations.
    fn mostly_two(&mut self) -> bool {
        let s = self.s;
        let all = self.all();
        let two_words = all
            .iter()
            .filter(|e| person::split_ws(&s[e.a + e.strip.0..e.a + e.strip.1]).count() == 2)
            .count();
        all.len() >= 6 && two_words * 4 >= all.len() * 3
    }
}

enum Flow {
    Next,
    Stop,
}

/// Reads the proxies of one entry: « X donne pouvoir à Y », « X (pouvoir à
/// Y) », and runs of such sentences printed without separators.
fn read_proxies(
    text: &Text<'_>,
    a: usize,
    b: usize,
    own: Option<Civility>,
    role: Role,
    out: &mut List,
) -> Flow {
    let entry = &text.s[a..b];
    let Some(m) = PROXY_VERB.find(entry) else {
        return Flow::Next;
    };
    let open = entry[..m.start()].rfind('(');
    let in_parens = open.is_some_and(|o| !entry[o..m.start()].contains(')'));
    if in_parens {
        let o = open.unwrap_or(0);
        let inside_before = &entry[o + 1..m.start()];
        if inside_before.to_lowercase().contains("pas de") || inside_before.contains("sans") {
            return Flow::Next;
        }
        let close = entry[m.end()..]
            .find(')')
            .map_or(entry.len(), |k| m.end() + k);
        let (g0, g1) = strip_decorations(entry, 0, o);
        let giver = &entry[g0..g1];
        let hold = &entry[m.end()..close];
        let to_len = person::name_prefix(hold);
        if !person::looks_like_name(giver) || to_len == 0 {
            return Flow::Stop;
        }
        let limit = inside_before
            .trim()
            .trim_end_matches(['-', ',', ' '])
            .trim()
            .to_owned();
        let limit = (LIMIT.is_match(&limit)).then_some(limit);
        let (Some(from), Some(to)) = (
            person::parse_with(text, a + g0, a + g1, own),
            person::parse(text, a + m.end(), a + m.end() + to_len),
        ) else {
            return Flow::Stop;
        };
        if !clean(&from) || !clean(&to) {
            return Flow::Stop;
        }
        // A member of a présents list who gave a proxy left at some point;
        // without a word of arrival or departure, the proxy says absent.
        let moved = {
            let low = inside_before.to_lowercase();
            [
                "quitt", "départ", "depart", "parti", "arriv", "jusqu", "partir", "sorti",
            ]
            .iter()
            .any(|w| low.contains(w))
        };
        if role != Role::Proxies && (role != Role::Present || moved) {
            out.persons.push(from.clone());
        }
        out.proxies.push(Proxy { from, to, limit });
        return Flow::Next;
    }
    // Sentence form, possibly several run together.
    let verbs: Vec<(usize, usize)> = PROXY_VERB
        .find_iter(entry)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut giver_start = 0;
    for (k, &(v0, v1)) in verbs.iter().enumerate() {
        let (g0, g1) = strip_decorations(entry, giver_start, v0);
        let giver = entry[g0..g1].trim_start_matches(['-', '•', ' ']);
        let g0 = g1 - giver.len();
        if giver.trim().is_empty() {
            // « donne pouvoir à Y » with no giver: a column was cut away.
            out.interleaved = true;
            return Flow::Stop;
        }
        let seg_end = verbs.get(k + 1).map_or(entry.len(), |n| n.0);
        let seg = &entry[v1..seg_end];
        let (hold_end, next_start) = if k + 1 < verbs.len() {
            // Holder then next giver: the boundary is where a new name
            // starts after the holder's surname in capitals.
            match run_boundary(seg) {
                Some(x) => (x, x),
                None => return Flow::Stop,
            }
        } else {
            (person::name_prefix(seg), seg.len())
        };
        let holder = &seg[..hold_end];
        if !person::looks_like_name(giver) || !person::looks_like_name(holder) {
            return Flow::Stop;
        }
        let rest = seg[hold_end..].trim().trim_end_matches(['.', ';']).trim();
        let limit = (k + 1 == verbs.len() && LIMIT.is_match(rest)).then(|| rest.to_owned());
        let (Some(from), Some(to)) = (
            person::parse_with(text, a + g0, a + g1, if k == 0 { own } else { None }),
            person::parse(text, a + v1, a + v1 + hold_end),
        ) else {
            return Flow::Stop;
        };
        if !clean(&from) || !clean(&to) {
            return Flow::Stop;
        }
        out.proxies.push(Proxy {
            from,
            to,
            limit: limit.clone(),
        });
        if k + 1 == verbs.len() && !rest.is_empty() && limit.is_none() {
            // Prose after the last holder: the list ends here.
            return Flow::Stop;
        }
        giver_start = v1 + next_start;
    }
    Flow::Next
}

/// In « Pierre DURAND Annie DELOBEL », where the second name starts: the
/// first mixed-case word or civility after a word in capitals.
fn run_boundary(seg: &str) -> Option<usize> {
    let mut seen_upper = false;
    for w in person::split_ws(seg) {
        // `w` is a slice of `seg`: its offset is where `find` would put it.
        let at = person::offset_in(seg, w);
        let upper = is_caps(w);
        if seen_upper
            && (person::civility(w).is_some() || (!upper && w.starts_with(char::is_uppercase)))
        {
            return Some(at);
        }
        if upper {
            seen_upper = true;
        }
    }
    None
}

/// The person that the reading of an entry's name `text.s[a..b]` pushes
/// when the name is a [`person::PlainName`] that reads as one person: it
/// looks like a name, is not two pairs nor two names glued, and is clean.
/// `None` leaves the decision to the full reading.
fn plain_person(
    text: &Text<'_>,
    a: usize,
    b: usize,
    own: Option<Civility>,
    civ: Option<(Civility, bool, &str)>,
) -> Option<Person> {
    let name = &text.s[a..b];
    let plain = person::plain_name_given(name, civ)?;
    if !plain.looks_like_name() {
        return None;
    }
    // With a civility, `second_pair` is `None`.
    if plain.civ.is_none() && second_pair(name).is_some() {
        return None;
    }
    if !matches!(
        glued_words(name, plain.rest, plain.word_classes()),
        Glued::No
    ) {
        return None;
    }
    // `clean` holds: no digit in a plain name, and its first and last names
    // are its words joined by spaces, whose runs of letters are those of
    // the words, which `looks_like_name` found free of heading words (a
    // first name that gets its hyphens back is left to `clean`).
    plain.person(text, a, b, own)
}

impl List {
    /// Whether the list holds `max` persons or proxies: it is then cut
    /// before the entry at `at`, and reads no further. An entry of two
    /// glued names may take the list one past `max`; it ends at `max`.
    fn full(&mut self, at: usize) -> bool {
        if self.persons.len().max(self.proxies.len()) < self.max {
            return false;
        }
        self.persons.truncate(self.max);
        self.proxies.truncate(self.max);
        self.cut = Some(at);
        true
    }
}

/// Pushes the person of `text.s[a..b]` when it is a clean name.
fn push_person(text: &Text<'_>, a: usize, b: usize, own: Option<Civility>, out: &mut List) {
    if let Some(p) = person::parse_with(text, a, b, own) {
        if clean(&p) {
            out.persons.push(p);
        }
    }
}

/// The last guard before a person is emitted: no digit, no heading word.
fn clean(p: &Person) -> bool {
    let words = [p.first_name.as_deref(), p.last_name.as_deref()];
    let mut any = false;
    for w in words.into_iter().flatten() {
        any = true;
        if w.is_ascii() {
            // Bytes: a digit, or a run of letters that is a heading word
            // (ASCII letters are the only letters here).
            if w.bytes().any(|b| b.is_ascii_digit())
                || w.as_bytes()
                    .split(|b| !b.is_ascii_alphabetic())
                    .any(person::is_heading_piece)
            {
                return false;
            }
            continue;
        }
        if w.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        if w.split(|c: char| !c.is_alphabetic())
            .any(person::is_heading_word)
        {
            return false;
        }
    }
    any
}

/// Column headers of an attendance table flattened one cell per line.
static TABLE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:ni[ \t]+pouvoir|ni[ \t]+suppl[ée]ant|suppl[ée]ant|pouvoir[ \t]+donn[ée]|procuration[ \t]+donn[ée])")
        .expect("valid regex")
});

/// A table of absents (« Absents | Ni pouvoir ni suppléant | Suppléant |
/// Pouvoir donné à »), flattened one cell per line: its cells mix absents,
/// substitutes and proxy holders, and which column a cell came from is
/// lost. Every name is kept as a candidate; the caller removes those who
/// are listed present (the holders and substitutes).
fn read_table(text: &Text<'_>, start: usize, stop: usize, max: usize) -> List {
    let mut out = List {
        max,
        end: stop,
        table: true,
        ..List::default()
    };
    let region = &text.s[start..stop];
    let mut pos = 0;
    for line in region.split_inclusive('\n') {
        let a = start + pos;
        pos += line.len();
        let l = line.trim();
        if l.is_empty() || l == "X" || l.starts_with('(') || TABLE_HEADER.is_match(l) {
            continue;
        }
        if !person::looks_like_name(l) {
            out.end = a;
            break;
        }
        if out.full(a) {
            break;
        }
        let lead = line.len() - line.trim_start().len();
        push_person(text, a + lead, a + lead + l.len(), None, &mut out);
    }
    out
}

/// A proxy table flattened column by column: the givers one per line, then
/// as many lines « qui a donné pouvoir à », then the holders; paired by
/// position when the three runs have the same length.
fn flattened_proxies(text: &Text<'_>, start: usize, end: usize) -> Option<Vec<Proxy>> {
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut pos = start;
    for line in text.s[start..end].split_inclusive('\n') {
        let (a, b) = crate::text::trim_range(text.s, pos, pos + line.len());
        pos += line.len();
        if a < b {
            lines.push((a, b));
        }
    }
    let is_verb = |&(a, b): &(usize, usize)| {
        let l = text.s[a..b]
            .trim_start_matches(['(', ' '])
            .trim_end_matches([')', ':', ' ']);
        // A whole match holds at most 41 bytes besides its spaces (« qui
        // ayant donné délégation de vote donnée au »): a longer line, a list
        // of names, is not copied nor searched.
        if l.bytes()
            .filter(|b| !matches!(b, b' ' | b'\t' | b'\n'))
            .nth(64)
            .is_some()
        {
            return false;
        }
        // Nor is a line without the words the regex needs (the spaces put
        // around it add none).
        if cues(l) & PROXY_CUES == 0 {
            return false;
        }
        PROXY_VERB
            .find(&format!(" {l} "))
            .is_some_and(|m| m.start() == 0 && m.end() == l.len() + 2)
    };
    let v0 = lines.iter().position(is_verb)?;
    let k = lines[v0..].iter().take_while(|l| is_verb(l)).count();
    if k < 2 || v0 < k || lines.len() < v0 + 2 * k {
        return None;
    }
    let givers = &lines[v0 - k..v0];
    let holders = &lines[v0 + k..v0 + 2 * k];
    let mut out = Vec::new();
    for (&(ga, gb), &(ha, hb)) in givers.iter().zip(holders) {
        if !person::looks_like_name(&text.s[ga..gb]) || !person::looks_like_name(&text.s[ha..hb]) {
            return None;
        }
        let from = person::parse(text, ga, gb).filter(clean)?;
        let to = person::parse(text, ha, hb).filter(clean)?;
        out.push(Proxy {
            from,
            to,
            limit: None,
        });
    }
    Some(out)
}

/// « J'ai des pouvoirs de A à B, de C à D » in the minutes of a session.
static SPOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:j'ai|nous[ \t\n]+avons|il[ \t\n]+y[ \t\n]+a)[ \t\n]+(?:re[çc]u[ \t\n]+)?(?:des|les|[0-9]+|deux|trois|quatre|cinq|six)?[ \t\n]*(?:pouvoirs|procurations)[ \t\n]*:?[ \t\n]*de[ \t\n]+")
        .expect("valid regex")
});

/// « de A à B, de C à D »: the spoken list of proxies.
fn spoken_proxies(text: &Text<'_>, base: usize, s: &str, out: &mut Vec<Proxy>) {
    for m in SPOKEN.find_iter(s) {
        let rest = &s[m.end()..];
        let end = sentence_end(rest);
        let mut found = Vec::new();
        let mut ok = true;
        let body = &rest[..end];
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut from = 0;
        let mut k = 0;
        while k < body.len() {
            let tail = &body[k..];
            let hit = [", de ", " et de ", "; de ", ",\nde "]
                .iter()
                .filter_map(|sep| tail.find(sep).map(|i| (i, sep.len())))
                .min();
            match hit {
                Some((i, len)) => {
                    pieces.push((from, k + i));
                    from = k + i + len;
                    k = from;
                }
                None => break,
            }
        }
        pieces.push((from, body.len()));
        for (a, b) in pieces {
            let piece = &body[a..b];
            let Some(t) = piece.find(" à ") else {
                ok = false;
                break;
            };
            let giver = piece[..t].trim();
            let hold = &piece[t + 3..];
            let h = person::name_prefix(hold);
            if !person::looks_like_name(giver)
                || h == 0
                || !hold[h..].trim().trim_end_matches(['.', ',']).is_empty()
            {
                ok = false;
                break;
            }
            let g0 = base + m.end() + a + (piece.len() - piece.trim_start().len());
            let from_p = person::parse(text, g0, base + m.end() + a + t);
            let to_p = person::parse(
                text,
                base + m.end() + a + t + 3,
                base + m.end() + a + t + 3 + h,
            );
            match (from_p.filter(clean), to_p.filter(clean)) {
                (Some(f), Some(to)) => found.push(Proxy {
                    from: f,
                    to,
                    limit: None,
                }),
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            out.extend(found);
        }
    }
}

/// The header line of an absents table laid out in columns by
/// `pdftotext -layout` (« Absents   Suppléant   Pouvoir donné à… »).
static LAYOUT_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*Absent(?:\(e\))?s?[ \t]{2,}.*(?:Pouvoir|Procuration)[ \t]+donn")
        .expect("valid regex")
});

/// The cells of a line laid out in columns: text runs separated by two
/// spaces or more, with the character column of their middle.
fn cells(line: &str) -> Vec<(f32, usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte, char column)
    let mut spaces = 0;
    let mut last_end = (0, 0);
    for (col, (b, c)) in line.char_indices().enumerate() {
        if c == ' ' || c == '\t' {
            spaces += 1;
            if spaces >= 2 {
                if let Some((sb, sc)) = start.take() {
                    out.push(((sc + last_end.1) as f32 / 2.0, sb, last_end.0));
                }
            }
            continue;
        }
        spaces = 0;
        if start.is_none() {
            start = Some((b, col));
        }
        last_end = (b + c.len_utf8(), col + 1);
    }
    if let Some((sb, sc)) = start {
        out.push(((sc + last_end.1) as f32 / 2.0, sb, last_end.0));
    }
    out
}

/// An absents table laid out in columns: each row names an absent member
/// in the first column and, in the « Pouvoir donné à » column, the holder
/// of their proxy. Cells are given to the header they are centred under.
fn layout_table(text: &Text<'_>, base: usize, s: &str, att: &mut Attendance) {
    let Some(m) = LAYOUT_HEADER.find(s) else {
        return;
    };
    let line_start = s[..m.start()].rfind('\n').map_or(0, |k| k + 1);
    let line_end = s[m.start()..].find('\n').map_or(s.len(), |k| m.start() + k);
    let header = cells(&s[line_start..line_end]);
    let named = |(_, a, b): &(f32, usize, usize)| s[line_start + a..line_start + b].to_lowercase();
    let col = |pred: &dyn Fn(&str) -> bool| header.iter().find(|h| pred(&named(h))).map(|h| h.0);
    let (Some(absent_col), Some(proxy_col)) = (
        col(&|h: &str| h.starts_with("absent")),
        col(&|h: &str| h.starts_with("pouvoir") || h.starts_with("procuration")),
    ) else {
        return;
    };
    let centres: Vec<f32> = header.iter().map(|h| h.0).collect();
    let nearest = |x: f32| {
        centres
            .iter()
            .copied()
            .min_by(|a, b| (a - x).abs().total_cmp(&(b - x).abs()))
            .unwrap_or(x)
    };
    let mut absent = Vec::new();
    let mut proxies = Vec::new();
    let mut pos = line_end;
    for line in s[line_end..].split_inclusive('\n') {
        let l0 = pos;
        pos += line.len();
        let l = line.trim_end();
        if l.trim().is_empty() {
            continue;
        }
        let cs = cells(l);
        let mut row_absent: Option<Person> = None;
        let mut row_holder: Option<Person> = None;
        let mut stop = false;
        for &(x, a, b) in &cs {
            let cell = &l[a..b];
            if cell == "X" || cell == "-" || cell.starts_with('(') || TABLE_HEADER.is_match(cell) {
                continue;
            }
            if !person::looks_like_name(cell) {
                stop = true;
                break;
            }
            let c = nearest(x);
            let p = person::parse(text, base + l0 + a, base + l0 + b).filter(clean);
            if c == absent_col {
                row_absent = p;
            } else if c == proxy_col {
                row_holder = p;
            }
        }
        if stop {
            break;
        }
        if let Some(a) = row_absent {
            if let Some(to) = row_holder {
                proxies.push(Proxy {
                    from: a.clone(),
                    to,
                    limit: None,
                });
            }
            absent.push(a);
        }
    }
    // Names read from the flattened form of the same table are replaced.
    // The keys of the rebuilt names, made once.
    let rebuilt: std::collections::HashSet<String> = absent.iter().map(person::key).collect();
    att.absent.retain(|p| !rebuilt.contains(&person::key(p)));
    att.absent.extend(absent);
    att.proxies.extend(proxies);
}

/// Reads a stretch of names for a « respectivement » pairing.
fn names_of(text: &Text<'_>, r: Range<usize>) -> Option<Vec<Person>> {
    let s = &text.s[r.clone()];
    let mut out = Vec::new();
    for (a, b, _) in split_entries(s, false) {
        let (a, b) = clean_range(text.s, r.start + a, r.start + b);
        if a >= b {
            continue;
        }
        let e = &text.s[a..b];
        if !person::looks_like_name(e) {
            return None;
        }
        let p = person::parse(text, a, b)?;
        if !clean(&p) {
            return None;
        }
        out.push(p);
    }
    Some(out)
}

/// The end of the sentence that starts `s`: a full stop before a capital,
/// a blank line, or the end.
fn sentence_end(s: &str) -> usize {
    let mut best = s.len();
    if let Some(k) = find_blank_line(s) {
        best = best.min(k);
    }
    for (k, _) in s.match_indices('.') {
        let after = &s[k + 1..];
        let prev_word = s[..k]
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .count();
        if prev_word >= 2 && (after.trim().is_empty() || after.starts_with([' ', '\n'])) {
            best = best.min(k);
            break;
        }
    }
    best
}

/// `s.find("\n\n")`, with a vectorised search: lists can be long.
fn find_blank_line(s: &str) -> Option<usize> {
    static FINDER: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"\n\n"));
    FINDER.find(s.as_bytes())
}

/// « NEANT », « Néant », « - ».
fn is_nothing(s: &str) -> bool {
    let t = s.trim().trim_end_matches('.').trim();
    t.eq_ignore_ascii_case("néant")
        || t.eq_ignore_ascii_case("neant")
        || t == "NÉANT"
        || t == "-"
        || t.eq_ignore_ascii_case("aucun")
        || t.eq_ignore_ascii_case("aucune")
}

/// Where a list ends: a blank line, unless the next paragraph goes on with
/// the list (a trailing separator, a leading one, or more proxy sentences
/// under a proxy heading).
fn paragraph_end(region: &str, role: Role) -> usize {
    let lead = region.len() - region.trim_start().len();
    let mut pos = lead;
    loop {
        let Some(k) = find_blank_line(&region[pos..]) else {
            return region.len();
        };
        let here = pos + k;
        let before = region[lead..here].trim_end();
        let next = region[here..].trim_start();
        let next_line = next.lines().next().unwrap_or("");
        let go_on = before.ends_with([',', '-', ';'])
            || next.starts_with([',', ';'])
            || (role == Role::Proxies
                && PROXY_VERB.is_match(next_line)
                && next_line.starts_with(|c: char| c.is_uppercase()));
        if !go_on || next.is_empty() {
            return here;
        }
        pos = here + 2;
    }
}

/// Trims spaces, dashes, bullets and a leading « et » from a piece.
fn clean_range(s: &str, a: usize, b: usize) -> (usize, usize) {
    let piece = &s[a..b];
    let lead = |c: char| c.is_whitespace() || matches!(c, '-' | '•' | '*' | '·' | '.' | ':' | ',');
    // Most pieces start with a letter, or with ASCII bytes to trim before
    // one (« , M. »): trimmed on bytes, without a character to decode.
    let k = piece
        .bytes()
        .position(|x| {
            !matches!(
                x,
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'-' | b'*' | b'.' | b':' | b','
            )
        })
        .unwrap_or(piece.len());
    let t = if piece.as_bytes().get(k).is_none_or(|&x| x < 0x80) {
        &piece[k..]
    } else {
        piece[k..].trim_start_matches(lead)
    };
    let t = t
        .strip_prefix("Et ")
        .or_else(|| t.strip_prefix("et "))
        .unwrap_or(t);
    let t = crate::person::trim_start(t);
    let a2 = a + (piece.len() - t.len());
    // Most pieces end with an ASCII letter: nothing to trim.
    let t = if t.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric) {
        t
    } else {
        t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '•' | ':' | ','))
    };
    (a2, (a2 + t.len()).max(a2))
}

/// A label before a colon in a list grouped by commune (« Cartigny : »).
fn is_label(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() {
        return true;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() > 5 || s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let low = s.to_lowercase();
    ![
        "secrétaire",
        "séance",
        "président",
        "maire",
        "vote",
        "ordre",
        "objet",
        "date",
        "nombre",
    ]
    .iter()
    .any(|w| low.contains(w))
        && !words.iter().any(|w| person::is_heading_word(w))
        && person::civility(s).is_none()
}

/// One word in capitals, then nothing, a parenthesis or a proxy wording
/// (« COROUGE », « COROUGE donne procuration à … »).
fn starts_with_lone_capitals(s: &str) -> bool {
    let t = s.trim_start();
    let end = t.find(char::is_whitespace).unwrap_or(t.len());
    let rest = &t[end..];
    is_caps(&t[..end])
        && (rest.trim().is_empty()
            || rest.trim_start().starts_with('(')
            || PROXY_VERB.find(rest).is_some_and(|m| m.start() == 0))
}

fn ends_with_capitals(s: &str) -> bool {
    s.split_whitespace().last().is_some_and(is_caps)
}

fn is_caps(w: &str) -> bool {
    // At least two letters, all capitals.
    person::is_upper_word(w)
}

fn is_mixed(w: &str) -> bool {
    // A capital first, then a lower-case letter somewhere.
    person::is_mixed_word(w)
}

/// The entry without civility and decorations, for a quick name test.
fn strip(entry: &str) -> &str {
    let (s0, s1) = strip_decorations(entry, 0, entry.len());
    &entry[s0..s1]
}

/// In a four-word name in title case with no civility or particle, where
/// the first pair ends and the second starts.
fn second_pair(name: &str) -> Option<(usize, usize)> {
    if person::civility(name).is_some() {
        return None;
    }
    // Exactly four words, all mixed case: counted without collecting them.
    let (mut n, mut end1, mut start2) = (0, 0, 0);
    for w in person::split_ws(name) {
        if n == 4 || !is_mixed(w) || is_caps(w) {
            return None;
        }
        let at = person::offset_in(name, w);
        if n == 1 {
            end1 = at + w.len();
        } else if n == 2 {
            start2 = at;
        }
        n += 1;
    }
    (n == 4).then_some((end1, start2))
}

/// Whether a name reads as two names glued (« Bernard DURAND Valérie
/// FABRE »): first names and surnames alternate more than once. Four case
/// runs are two names in the same order, split where the third run starts
/// (returned as the end of the first name and the start of the second);
/// three or more than four cannot be told apart.
enum Glued {
    No,
    Two(usize, usize),
    Unreadable,
}

fn glued(name: &str) -> Glued {
    let (_, rest) = person::strip_civility(name);
    let words = person::split_ws(rest).map(|w| {
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        (w, is_caps(w), letters, is_mixed(w))
    });
    glued_words(name, rest, words)
}

/// [`glued`] given the words of `name` after its civility (`rest`, its
/// end), each with its [`is_caps`].
fn glued_words<'a>(
    name: &str,
    rest: &str,
    words: impl Iterator<Item = (&'a str, bool, usize, bool)>,
) -> Glued {
    let base = name.len() - rest.len();
    let mut runs = 0;
    let mut last: Option<bool> = None;
    let mut prev_end = base;
    let mut cut = None;
    for (w, caps, letters, mixed) in words {
        let at = person::offset_in(name, w);
        let pos = at + w.len();
        let class = if w.starts_with('-') {
            None // the rest of a hyphenated surname
        } else if caps || (letters == 1 && last == Some(true) && !w.ends_with('.')) {
            Some(true)
        } else if mixed || letters == 1 {
            Some(false)
        } else {
            None // particles, scrambled case: no evidence
        };
        if let Some(c) = class {
            if last != Some(c) {
                runs += 1;
                last = Some(c);
                if runs == 3 {
                    cut = Some((prev_end, at));
                }
            }
        }
        prev_end = pos;
    }
    match (runs, cut) {
        (4, Some((a, b))) => Glued::Two(a, b),
        (r, _) if r >= 3 => Glued::Unreadable,
        _ => Glued::No,
    }
}

/// Whether most lines of the list hold a single word (a converter that put
/// first names, surnames and commas on lines of their own).
fn word_per_line(region: &str) -> bool {
    // Counted as they go, and at most three words a line: a long line (a
    // whole list) is not counted out. Lines found with a vectorised search
    // (`str::lines` looks for line breaks byte by byte); the '\r' that
    // `lines` drops is trimmed as white space.
    let (mut lines, mut short) = (0, 0);
    let ends = memchr::memchr_iter(b'\n', region.as_bytes()).chain([region.len()]);
    let mut start = 0;
    for end in ends {
        let l = region[start..end].trim();
        start = end + 1;
        if l.is_empty() {
            continue;
        }
        lines += 1;
        if person::split_ws(l).nth(2).is_none() {
            short += 1;
        } else if lines - short == 13 {
            // Thirteen longer lines out of at most forty leave at most 27
            // short ones, fewer than 7/3 of 13: the answer is no already.
            return false;
        }
        if lines == 40 {
            break;
        }
    }
    lines >= 6 && short * 10 >= lines * 7
}

/// The ASCII bytes that end [`word_before`]'s word: white space and the
/// punctuation of lists.
const WORD_BOUND: [bool; 256] = crate::text::byte_set(b" \t\n\r\x0b\x0c,;()/:");

/// The word that ends just before byte `i` of `s` (skipping spaces), back
/// to a space or a punctuation mark.
fn word_before(s: &str, i: usize) -> &str {
    // Most words (« M. » before a first name, a surname before a dash) are
    // ASCII and end at `i`: found on bytes. Other text is read by
    // characters.
    let b = &s.as_bytes()[..i];
    if b.last()
        .is_some_and(|&x| x < 0x80 && !x.is_ascii_whitespace() && x != 0x0b)
    {
        let mut k = b.len();
        while k > 0 {
            match b[k - 1] {
                x if WORD_BOUND[usize::from(x)] => return &s[k..i],
                0x80..=0xff => return word_before_chars(s, i),
                _ => k -= 1,
            }
        }
        return &s[..i];
    }
    word_before_chars(s, i)
}

/// [`word_before`], by characters.
fn word_before_chars(s: &str, i: usize) -> &str {
    let t = s[..i].trim_end();
    let start = t
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '/' | ':'))
        .map_or(0, |(k, c)| k + c.len_utf8());
    &t[start..]
}

/// The word that starts after byte `i` of `s` (skipping spaces).
fn word_after(s: &str, i: usize) -> &str {
    let t = s[i..].trim_start();
    let end = t.find(char::is_whitespace).unwrap_or(t.len());
    &t[..end]
}

/// Entry boundaries in a list: commas, semicolons, slashes, « & », « et »,
/// dashes between names, full stops before the next name, a closing
/// parenthesis or a civility before the next name, colons after a label,
/// and new lines when nothing else separates. Parentheses are never split.
fn split_entries(body: &str, newline_separates: bool) -> Vec<(usize, usize, Sep)> {
    Splitter::new(body, newline_separates).collect()
}

/// [`split_entries`] one entry at a time: a list stops at its first entry
/// that is not a name, and a text without line breaks makes the rest of a
/// deliberation's head the body of its last list.
struct Splitter<'a> {
    body: &'a str,
    newline_separates: bool,
    depth: i32,
    start: usize,
    i: usize,
    done: bool,
}

impl<'a> Splitter<'a> {
    fn new(body: &'a str, newline_separates: bool) -> Self {
        Splitter {
            body,
            newline_separates,
            depth: 0,
            start: 0,
            i: 0,
            done: false,
        }
    }
}

impl Iterator for Splitter<'_> {
    type Item = (usize, usize, Sep);

    fn next(&mut self) -> Option<(usize, usize, Sep)> {
        if self.done {
            return None;
        }
        let body = self.body;
        let newline_separates = self.newline_separates;
        let bytes = body.as_bytes();
        let (mut depth, mut start, mut i) = (self.depth, self.start, self.i);
        // Where the next call goes on.
        macro_rules! emit {
            ($item:expr) => {{
                self.depth = depth;
                self.start = start;
                self.i = i;
                return Some($item);
            }};
        }
        let ws = |b: u8| matches!(b, b' ' | b'\t' | b'\n');
        // The bytes that the tests below look at; the others (letters, digits,
        // the bytes of other characters: most of a list) separate nothing.
        const ACTIVE: [bool; 256] = crate::text::byte_set(b"(),;/&:.- \t\n");
        while i < bytes.len() {
            // Straight to the next byte that matters.
            match bytes[i..].iter().position(|&x| ACTIVE[usize::from(x)]) {
                Some(k) => i += k,
                None => break,
            }
            let b = bytes[i];
            // White space, a third of the bytes that stop the scan, only matters
            // before « et » or a civility (« M… »), or as a separating new line.
            if matches!(b, b' ' | b'\t' | b'\n')
                && !(b == b'\n' && newline_separates)
                && !matches!(bytes.get(i + 1), Some(b'e' | b'M'))
            {
                i += 1;
                continue;
            }
            let mut sep: Option<(usize, Sep)> = None;
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth = (depth - 1).max(0);
                    if depth == 0 {
                        // « X (pouvoir à Y) Z (…) »: a name after the parenthesis.
                        let after = body[i + 1..].trim_start_matches([' ', '\t', '\n']);
                        let gap = body.len() - i - 1 - after.len();
                        if gap > 0 && after.starts_with(|c: char| c.is_uppercase()) {
                            let item = (start, i + 1, Sep::Plain);
                            start = i + 1;
                            i += 1;
                            emit!(item);
                        }
                    }
                }
                _ if depth > 0 => {}
                b',' | b';' | b'/' | b'&' => sep = Some((1, Sep::Plain)),
                b':' => sep = Some((1, Sep::Colon)),
                b'\n' if newline_separates => sep = Some((1, Sep::Plain)),
                b' ' | b'\t' | b'\n'
                    if bytes.get(i + 1..i + 3) == Some(b"et")
                        && matches!(bytes.get(i + 3), Some(b' ' | b'\n'))
                        && !body[..i].trim_end().ends_with(['M', 'm', 's']) =>
                {
                    // « Mesdames et Messieurs » is handled before; « A et B ».
                    sep = Some((3, Sep::Plain));
                }
                b'-' => {
                    let ws_before = i > 0 && ws(bytes[i - 1]);
                    let mut j = i;
                    while j < bytes.len() && bytes[j] == b'-' {
                        j += 1;
                    }
                    let ws_after = j < bytes.len() && ws(bytes[j]) || j == bytes.len();
                    let run = j - i;
                    // The words around, only when the case at hand asks.
                    let prev = || word_before(body, i);
                    let next = || word_after(body, j);
                    let next_is_name = || {
                        let next = next();
                        person::civility(next).is_some() || is_mixed(next)
                    };
                    let is_sep = if ws_before && ws_after {
                        true
                    } else if ws_before {
                        // « -Madame X » separates, « STANIEC -WAVRANT » is one name.
                        run > 1 || next_is_name() || !(is_caps(prev()) && is_caps(next()))
                    } else if ws_after {
                        // « DEMEESTER- Monsieur », « UPPHOFF- Philippe » separate;
                        // « BULTE- MARCHYLLIE », « Jean- René » are one name.
                        run > 1 || (is_caps(prev()) && next_is_name()) || body[..i].ends_with(')')
                    } else {
                        run > 1
                    };
                    if is_sep {
                        let sep_kind = if run == 1 && ws_before && ws_after {
                            Sep::Dash
                        } else {
                            Sep::Plain
                        };
                        let item = (start, i, sep_kind);
                        start = j;
                        i = j;
                        emit!(item);
                    }
                    i = j;
                    continue;
                }
                // « , M. »: the word before the full stop is one ASCII letter
                // (as `word_before` reads it), not after a word that may be in
                // capitals: neither case below can hold.
                b'.' if i >= 1
                    && bytes[i - 1].is_ascii_alphabetic()
                    && (i == 1 || WORD_BOUND[usize::from(bytes[i - 2])])
                    && !may_end_caps(bytes, i - 1) => {}
                b'.' => {
                    // Both cases below need a space and a capital after the full
                    // stop: the words around are read only then, and each test
                    // only when the one before it leaves the answer open.
                    let after = &body[i + 1..];
                    let spaced = after.starts_with([' ', '\n', '\t']);
                    let (word, letters, closing) = if spaced {
                        let word = word_before(body, i + 1);
                        let letters = word
                            .trim_end_matches('.')
                            .chars()
                            .filter(|c| c.is_alphabetic())
                            .count();
                        (word, letters, body[..i].ends_with(')'))
                    } else {
                        ("", 0, false)
                    };
                    let word_start = i + 1 - word.len();
                    // The first case needs an initial after a word that may be in
                    // capitals, the second a longer word or a parenthesis.
                    let open = (letters == 1 && may_end_caps(bytes, word_start))
                        || letters >= 2
                        || closing;
                    let next = if spaced && open {
                        word_after(body, i + 1)
                    } else {
                        ""
                    };
                    if spaced && open && next.starts_with(|c: char| c.is_uppercase()) {
                        let prev = word.trim_end_matches('.');
                        let next_civ = || {
                            person::civility(next).is_some()
                                || person::civility(after.trim_start()).is_some()
                        };
                        // `is_caps` ignores full stops, as `may_end_caps` does.
                        let initial_after_surname =
                            letters == 1 && may_end_caps(bytes, word_start) && {
                                let before = word_before(body, word_start);
                                is_caps(before) && (is_caps(next) || next_civ())
                            };
                        if initial_after_surname {
                            // « DUVAL A. DUVAL B »: the full stop belongs to the initial.
                            let item = (start, i + 1, Sep::Plain);
                            start = i + 1;
                            i += 1;
                            emit!(item);
                        }
                        if ((letters >= 2 && (letters >= 3 || next_civ())) || closing)
                            && !(civility_with_dot(prev) && !prev.chars().all(char::is_uppercase)
                                || matches!(prev, "M" | "MM" | "Mr" | "Dr"))
                        {
                            sep = Some((1, Sep::Plain));
                        }
                    }
                }
                _ => {}
            }
            // A civility after a surname in capitals starts a new name
            // (« M. Paul DURAND M. Jean PETIT »).
            // Every civility starts with « M ».
            if sep.is_none()
                && depth == 0
                && ws(b)
                && i + 1 < bytes.len()
                && bytes[i + 1] == b'M'
                && may_end_caps(bytes, i)
            {
                let next = &body[i + 1..];
                if let Some((_, _, rest)) = person::civility(next) {
                    let prev = word_before(body, i);
                    if is_caps(prev.trim_end_matches('.'))
                        && !rest.is_empty()
                        && next.len() > rest.len()
                    {
                        sep = Some((1, Sep::Plain));
                    }
                }
            }
            if let Some((len, kind)) = sep {
                let item = (start, i, kind);
                start = i + len;
                i += len;
                if matches!(b, b',' | b';') {
                    i += quiet_civility(&bytes[i..]);
                }
                emit!(item);
            }
            i += 1;
        }
        self.done = true;
        Some((start, bytes.len(), Sep::End))
    }
}

/// How many bytes after a comma or semicolon (at depth 0) the
/// [`Splitter`] would step through without splitting when they are the
/// civility of a roll call's next entry, « , M. Jean » or « , Mme Claire »:
/// the space before « M » follows the separator, so no word in capitals
/// ends there, and the full stop of « M. » ends a lone letter after it (the
/// case the scan settles without reading the words around). A space after
/// the civility is passed too unless « e » or « M » follows it. Most
/// entries of a long roll call then stop the scan only at the space between
/// the names and at their comma.
fn quiet_civility(rest: &[u8]) -> usize {
    let n = if rest.starts_with(b" M. ") {
        4
    } else if rest.starts_with(b" Mme ") {
        5
    } else {
        return 0;
    };
    if matches!(rest.get(n), Some(b'e' | b'M')) {
        n - 1
    } else {
        n
    }
}

/// Whether `s` may hold what `RESPECTIVELY` looks for: its word
/// « respectivement » ends in « ctivement », whose letters a
/// case-insensitive regex matches to their ASCII cases only (unlike « s »
/// and « k »). Found from its « v », a rare letter.
fn may_hold_respectively(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2_iter(b'v', b'V', b).any(|i| {
        i >= 3
            && b.get(i - 3..i + 6)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"ctivement"))
    })
}

/// Whether `word_before(s, i)` may be a word in capitals once its full
/// stops are trimmed: not when the text before `i`, without its ASCII
/// white space, ends with a lower-case ASCII letter or a mark that
/// `word_before` stops at (the word is then empty). Other ends are left to
/// the full test.
fn may_end_caps(bytes: &[u8], i: usize) -> bool {
    let Some(&last) = bytes[..i]
        .iter()
        .rev()
        .find(|&&x| !matches!(x, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
    else {
        return false;
    };
    !(last.is_ascii_lowercase() || matches!(last, b',' | b';' | b'(' | b')' | b'/' | b':'))
}

/// Removes arrival notes, parenthesised tags, footnote marks and a heading
/// word left at the end of the text from `entry[a..b]`; returns the kept
/// range.
fn strip_decorations(entry: &str, a: usize, b: usize) -> (usize, usize) {
    strip_decorations_cued(entry, a, b, None)
}

/// [`strip_decorations`], given the [`cues`] of the whole `entry` when they
/// are known: those of any piece of it are among them.
fn strip_decorations_cued(entry: &str, a: usize, b: usize, known: Option<u16>) -> (usize, usize) {
    if a >= b {
        return (b, b);
    }
    // Most entries: no cue of a decoration, a printable ASCII character
    // first (no white space to trim) and an ASCII letter or digit last
    // (nothing to trim, no full stop nor footnote mark): kept whole.
    let bytes = &entry.as_bytes()[a..b];
    if known.is_some_and(|c| c & DECORATION_CUES == 0)
        && bytes.first().is_some_and(|x| (0x21..0x80).contains(x))
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
    {
        return (a, b);
    }
    let mut end = b;
    loop {
        let mut s = entry[a..end].trim_end_matches([' ', '\t', '\n', ',', ';']);
        if s.ends_with('.') && !ends_with_initial(s) {
            s = s.trim_end_matches(['.', ' ', '\t', '\n', ',', ';']);
        }
        end = a + s.len();
        if !may_be_decorated(s, known) {
            break;
        }
        match DECORATION.find(s).or_else(|| TRAILING_HEADING.find(s)) {
            Some(m) if m.start() > 0 => end = a + m.start(),
            _ => break,
        }
    }
    let s = &entry[a..end];
    if s.trim().is_empty() {
        return (a, a);
    }
    let lead = s.len() - s.trim_start().len();
    let mut s = s.trim_end().trim_end_matches([',', ';', ' ', ')']);
    if !ends_with_initial(s) {
        s = s.trim_end_matches(['.', ' ']);
    }
    (a + lead, a + s.len())
}

/// Cues of [`cues`]: words (ignoring ASCII case) and characters that the
/// entry regexes need.
const CUE_ARRIV: u16 = 1;
const CUE_JUSQU: u16 = 1 << 1;
const CUE_PARTIR: u16 = 1 << 2;
const CUE_SENT: u16 = 1 << 3;
const CUE_EXCUS: u16 = 1 << 4;
const CUE_POUVOIR: u16 = 1 << 5;
const CUE_PROCUR: u16 = 1 << 6;
const CUE_GATION: u16 = 1 << 7;
const CUE_BRACKET: u16 = 1 << 8;
/// A long s or a Kelvin sign: the only letters that a case-insensitive
/// regex matches to ASCII ones. An entry holding one is sent to the regexes.
const CUE_ODD: u16 = 1 << 9;
const CUE_RATIVE: u16 = 1 << 10;
const CUE_QUORUM: u16 = 1 << 11;

/// What `HEADING` needs.
const HEADING_CUES: u16 = CUE_EXCUS
    | CUE_SENT
    | CUE_POUVOIR
    | CUE_PROCUR
    | CUE_GATION
    | CUE_RATIVE
    | CUE_QUORUM
    | CUE_ODD;

/// What `DECORATION` or `TRAILING_HEADING` need: an entry with none of
/// these (nor a footnote mark at its end) skips both regexes.
const DECORATION_CUES: u16 = CUE_ARRIV
    | CUE_JUSQU
    | CUE_PARTIR
    | CUE_SENT
    | CUE_EXCUS
    | CUE_POUVOIR
    | CUE_PROCUR
    | CUE_BRACKET
    | CUE_ODD;

/// What `PROXY_VERB` needs (« pouvoir », « procuration », « délégation »,
/// « représenté »).
const PROXY_CUES: u16 = CUE_POUVOIR | CUE_PROCUR | CUE_GATION | CUE_SENT | CUE_ODD;

/// A stretch without cues this long or longer is remembered (see
/// [`heading_captures`]): shorter ones are not worth looking up.
const QUIET: usize = 2048;

/// The cues of `s`, in one pass.
fn cues(s: &str) -> u16 {
    cues_until::<0>(s)
}

/// [`cues`], returning as soon as one of `STOP` is found (a long line that
/// only needs to hold one).
///
/// Each word is looked for from one of its rarer letters (its anchor): the
/// scan stops only at the anchors (some 12 % of the bytes of French text,
/// against half of them for the last letters of the words) followed by a
/// byte that the word may have there ([`ANCHOR_PAIRS`]: some 3 % of a roll
/// call), where the bytes around are compared with the word, ignoring
/// ASCII case.
fn cues_until<const STOP: u16>(s: &str) -> u16 {
    let b = s.as_bytes();
    // Whether `w` is at `at` (which may be before the start: then not).
    let at = |at: Option<usize>, w: &[u8]| {
        at.and_then(|k| b.get(k..k + w.len()))
            .is_some_and(|x| x.eq_ignore_ascii_case(w))
    };
    let mut out = 0u16;
    let mut i = 0;
    let mut anchors = Anchors::new(b);
    loop {
        // Straight to the next anchor that the byte after it does not turn
        // down (see `ANCHOR_PAIRS`); the last byte has none after it.
        match anchors.next_from(i) {
            Some(k) => i = k,
            None => match b.len().checked_sub(1) {
                Some(last) if last >= i && anchor_pair(b[last], 0) => i = last,
                _ => break,
            },
        }
        let before = out;
        // The byte after the anchor first: most anchors of a roll call
        // (the « n » and « N » of names) are turned down on it alone.
        let next = || b.get(i + 1).map_or(0, |x| x | 0x20);
        match b[i] {
            b'n' | b'N' if next() == b't' && at(i.checked_sub(2), b"sent") => out |= CUE_SENT,
            b'g' | b'G' if next() == b'a' && at(Some(i), b"gation") => out |= CUE_GATION,
            b'x' | b'X' if next() == b'c' && at(i.checked_sub(1), b"excus") => out |= CUE_EXCUS,
            b'v' | b'V' => {
                if at(i.checked_sub(3), b"pouvoir") {
                    out |= CUE_POUVOIR;
                }
                if at(i.checked_sub(4), b"rative") {
                    out |= CUE_RATIVE;
                }
                if at(i.checked_sub(4), b"arriv") {
                    out |= CUE_ARRIV;
                }
            }
            b'p' | b'P' if matches!(next(), b'r' | b'a') => {
                if at(Some(i), b"procurat") {
                    out |= CUE_PROCUR;
                }
                if at(Some(i), b"partir") {
                    out |= CUE_PARTIR;
                }
            }
            b'q' | b'Q' if next() == b'u' => {
                if at(Some(i), b"quorum") {
                    out |= CUE_QUORUM;
                }
                if at(i.checked_sub(3), b"jusqu'") {
                    out |= CUE_JUSQU;
                }
            }
            b'(' | b'[' => out |= CUE_BRACKET,
            // ſ is C5 BF, the Kelvin sign E2 84 AA.
            0xC5 if b.get(i + 1) == Some(&0xBF) => out |= CUE_ODD,
            0xE2 if b.get(i + 1..i + 3) == Some(&[0x84, 0xAA]) => out |= CUE_ODD,
            _ => {}
        }
        if STOP != 0 && out != before && out & STOP != 0 {
            return out;
        }
        i += 1;
    }
    out
}

/// The pairs of bytes (an anchor of [`cues_until`], then the byte after
/// it, 0 at the end of the text) where a cue may be found: the tests there
/// on the byte after the anchor, made beforehand. Most anchors of a roll
/// call (the « n » and « N » of names) are turned down on their pair, in
/// the scan, which then runs on without a branch it mispredicts.
static ANCHOR_PAIRS: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut x = 0;
    while x < 256 {
        let mut y = 0;
        while y < 256 {
            let next = (y as u8) | 0x20;
            let hit = match x as u8 {
                b'n' | b'N' => next == b't',
                b'g' | b'G' => next == b'a',
                b'x' | b'X' => next == b'c',
                b'v' | b'V' | b'(' | b'[' => true,
                b'p' | b'P' => next == b'r' || next == b'a',
                b'q' | b'Q' => next == b'u',
                0xC5 => y == 0xBF,
                0xE2 => y == 0x84,
                _ => false,
            };
            if hit {
                let k = (x << 8) | y;
                t[k >> 6] |= 1 << (k & 63);
            }
            y += 1;
        }
        x += 1;
    }
    t
};

/// Whether [`ANCHOR_PAIRS`] holds the pair `x`, `y`.
#[inline(always)]
fn anchor_pair(x: u8, y: u8) -> bool {
    let k = (usize::from(x) << 8) | usize::from(y);
    ANCHOR_PAIRS[k >> 6] >> (k & 63) & 1 != 0
}

/// The positions `i` whose pair `b[i]`, `b[i + 1]` is an [`anchor_pair`],
/// in order (as `windows(2).position` finds them from each). The pairs of
/// eight positions are looked up together, without a branch between
/// them: a roll call printed on one line is read here from end to end, and
/// a test and a branch a byte cost twice as much. The hits of the last
/// block are kept, so that a text dense in anchors (a run of « ( ») has
/// each looked up once, not once per hit before it.
struct Anchors<'a> {
    b: &'a [u8],
    /// Where the kept block starts ([`NO_ANCHOR_BLOCK`] at first).
    base: usize,
    /// Its hits, bit `k` for `base + k`.
    bits: u32,
}

/// A block start no index is in eight positions of (offsets from it wrap
/// to 8 on).
const NO_ANCHOR_BLOCK: usize = usize::MAX - 7;

impl<'a> Anchors<'a> {
    fn new(b: &'a [u8]) -> Self {
        Anchors {
            b,
            base: NO_ANCHOR_BLOCK,
            bits: 0,
        }
    }

    /// The first anchor at or after `from` (never before the last answer).
    fn next_from(&mut self, mut from: usize) -> Option<usize> {
        let b = self.b;
        let off = from.wrapping_sub(self.base);
        if off < 8 {
            let m = self.bits & (u32::MAX << off);
            if m != 0 {
                return Some(self.base + m.trailing_zeros() as usize);
            }
            from = self.base + 8;
        }
        let mut i = from;
        while let Some(w) = b.get(i..i + 9) {
            let hits = (0..8).fold(0u32, |m, k| m | u32::from(anchor_pair(w[k], w[k + 1])) << k);
            if hits != 0 {
                self.base = i;
                self.bits = hits;
                return Some(i + hits.trailing_zeros() as usize);
            }
            i += 8;
        }
        b.get(i..)?
            .windows(2)
            .position(|w| anchor_pair(w[0], w[1]))
            .map(|k| i + k)
    }
}

/// Whether `s` could hold what `DECORATION` or `TRAILING_HEADING` look
/// for: most entries are bare names and skip both regexes.
fn may_be_decorated(s: &str, known: Option<u16>) -> bool {
    const FOOTNOTES: [char; 13] = [
        '*', '†', '‡', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰',
    ];
    known.unwrap_or_else(|| cues(s)) & DECORATION_CUES != 0
        || s.trim_end_matches([' ', '\t', '\n']).ends_with(FOOTNOTES)
}

/// Whether `h` contains `needle` (ASCII, lower case) ignoring ASCII case.
fn contains_ci(h: &str, needle: &str) -> bool {
    let (h, n) = (h.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    if h.len() < n.len() {
        return false;
    }
    (0..=h.len() - n.len()).any(|i| {
        h[i].to_ascii_lowercase() == first && h[i + 1..i + n.len()].eq_ignore_ascii_case(rest)
    })
}

/// `person::civility(prev + ".")` is some, without building the string in
/// the usual case (a short word).
fn civility_with_dot(prev: &str) -> bool {
    // Every civility starts with « M ».
    if !prev.starts_with('M') {
        return false;
    }
    let mut buf = [0u8; 16];
    if prev.len() < buf.len() {
        buf[..prev.len()].copy_from_slice(prev.as_bytes());
        buf[prev.len()] = b'.';
        if let Ok(s) = std::str::from_utf8(&buf[..=prev.len()]) {
            return person::civility(s).is_some();
        }
    }
    person::civility(&format!("{prev}.")).is_some()
}

/// « DUVAL A. »: a full stop after a one-letter capital is the initial's.
fn ends_with_initial(s: &str) -> bool {
    let Some(t) = s.strip_suffix('.') else {
        return false;
    };
    let mut rev = t.chars().rev();
    matches!((rev.next(), rev.next()), (Some(c), Some(' ' | '\n' | '\t')) if c.is_uppercase())
}

/// Builds this module's patterns now rather than at their first use (see
/// [`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&HEADING);
    LazyLock::force(&HEADING_ROLES);
    LazyLock::force(&HEADING_ROLES_AT_START);
    LazyLock::force(&MEMBERS);
    LazyLock::force(&PROXY_VERB);
    LazyLock::force(&RESPECTIVELY);
    LazyLock::force(&LIMIT);
    LazyLock::force(&DECORATION);
    LazyLock::force(&TRAILING_HEADING);
    LazyLock::force(&DASH_SEP);
    LazyLock::force(&COMPLETED);
    LazyLock::force(&PRESIDENCY);
    LazyLock::force(&TABLE_HEADER);
    LazyLock::force(&SPOKEN);
    LazyLock::force(&LAYOUT_HEADER);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_gates_never_hide_a_match() {
        let samples = [
            "M. Jean DUPONT (arrivée à 10h)",
            "Mme Claire ROUX arrivée à 11 h",
            "M. Paul PETIT juſqu'au rapport 3",
            "M. Paul PETIT JUSQU'AU rapport 3",
            "Mme X À partir du rapport 5",
            "M. Y*",
            "M. Y ¹",
            "M. Y [2]",
            "Isabelle DUPONT Absent(e)(s)",
            "Isabelle DUPONT EXCUSÉE",
            "Isabelle DUPONT préſente",
            "Isabelle DUPONT procuration",
            "M. A donne pouvoir à M. B",
            "M. A représenté par M. B",
            "M. A REPRÉSENTÉ PAR M. B",
            "M. A délégation de vote à M. B",
            "M. A \u{212A}",
            "Mme Éloïse NOËL",
            "M. Jean-Claude LEROY",
        ];
        for s in samples {
            if !may_be_decorated(s, None) {
                assert!(DECORATION.find(s).is_none(), "{s}");
                assert!(TRAILING_HEADING.find(s).is_none(), "{s}");
            }
            if cues(s) & PROXY_CUES == 0 {
                assert!(PROXY_VERB.find(s).is_none(), "{s}");
            }
        }
    }

    #[test]
    fn headings_line_by_line_are_the_regex_matches() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect();
        texts.push("Pouvoirs : A\nPouvoirs : B\n.Pouvoirs: C\nAbsents\nAbsent\n".to_owned());
        texts.push("x\nÉtaient présents : M. A\nExcusé(s) : B ; Pouvoir(s) : C à D".to_owned());
        for t in &texts {
            let want: Vec<(usize, usize, Option<usize>)> = HEADING
                .captures_iter(t)
                .map(|c| {
                    let m = c.get(0).expect("match");
                    (
                        m.start(),
                        m.end(),
                        (1..=ROLES.len()).find(|&k| c.get(k).is_some()),
                    )
                })
                .collect();
            let got: Vec<(usize, usize, Option<usize>)> = heading_captures(t, &mut Vec::new())
                .into_iter()
                .map(|(k, a, b)| (a, b, Some(k + 1)))
                .collect();
            assert_eq!(got, want);
        }
    }
    use crate::offsets::OffsetMap;

    fn att_diags(s: &str) -> (Attendance, Vec<Diagnostic>) {
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        let mut d = Vec::new();
        let a = extract(&t, 0..s.len(), crate::DEFAULT_MAX_ITEMS, &mut d);
        (a, d)
    }

    fn att(s: &str) -> Attendance {
        att_diags(s).0
    }

    fn name(p: &Person) -> String {
        format!(
            "{} {}",
            p.first_name.clone().unwrap_or_default(),
            p.last_name.clone().unwrap_or_default()
        )
        .trim()
        .to_owned()
    }

    fn names(ps: &[Person]) -> Vec<String> {
        ps.iter().map(name).collect()
    }

    fn pairs(a: &Attendance) -> Vec<(String, String)> {
        a.proxies
            .iter()
            .map(|p| (name(&p.from), name(&p.to)))
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_owned(), b.to_owned())
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
        assert_eq!(
            pairs(&a),
            [
                pair("Hugo BLANC", "Luc BRUN"),
                pair("Ines NOIR", "Eva PETIT")
            ]
        );
        assert_eq!(names(&a.excused), ["Tom GRIS"]);
        assert!(a.absent.is_empty());
    }

    #[test]
    fn excused_with_proxy_and_neant() {
        let a = att(
            "Présents : Anne VERT\nExcusés : Paul ROSE (pouvoir à Anne VERT), Lou BLEU\nAbsents : NEANT\n",
        );
        assert_eq!(names(&a.excused), ["Paul ROSE", "Lou BLEU"]);
        assert_eq!(pairs(&a), [pair("Paul ROSE", "Anne VERT")]);
        assert!(a.absent.is_empty());
    }

    #[test]
    fn prose_after_a_list_is_not_a_person() {
        let a = att(
            "Présents : Anne VERT, Paul ROSE, Monsieur le Président ouvre la séance à 14 heures",
        );
        assert_eq!(names(&a.present), ["Anne VERT", "Paul ROSE"]);
    }

    #[test]
    fn word_per_line_with_blank_lines() {
        let a = att(
            "Nombre de membres en exercice : 9\n\nEtaient présents : Anne\n\nVERT\n\n, Jean-Luc\n\nROSE\n\n, Marie-Claire\n\nBLANC\n\n-\n\nNOIR\n\n, Luc\n\nVAN DER BEKE\n\nAbsent(e)(s) représenté(e)(s) : Paul\n\nGRIS\n\ndonne pouvoir\n\nà Anne\n\nVERT\n\n(2)\n\nMonsieur le Président ouvre la séance.",
        );
        assert_eq!(
            names(&a.present),
            [
                "Anne VERT",
                "Jean-Luc ROSE",
                "Marie-Claire BLANC-NOIR",
                "Luc VAN DER BEKE"
            ]
        );
        assert_eq!(pairs(&a), [pair("Paul GRIS", "Anne VERT")]);
    }

    #[test]
    fn surname_first_and_parenthesised_proxies() {
        let a = att(
            "Membres présents : MM. ROCHE Jean, LAMBERT Anne-Sophie,\nDUVAL\nPierre.\nMembres ayant donné pouvoir: MM. FAURE Luc (pouvoir à ROCHE\nJean), BRETON Ada (pouvoir à DUVAL J. Pierre)\nMORIN Eva (pouvoir à LAMBERT Anne-Sophie).\nMembres absents : MM.PETIT Yves.\nDésignation du secrétaire.",
        );
        assert_eq!(
            names(&a.present),
            ["Jean ROCHE", "Anne-Sophie LAMBERT", "Pierre DUVAL"]
        );
        assert_eq!(
            pairs(&a),
            [
                pair("Luc FAURE", "Jean ROCHE"),
                pair("Ada BRETON", "J. Pierre DUVAL"),
                pair("Eva MORIN", "Anne-Sophie LAMBERT")
            ]
        );
        assert_eq!(names(&a.absent), ["Yves PETIT"]);
        assert!(a.excused.is_empty());
    }

    #[test]
    fn plural_civilities_and_full_stops() {
        let a = att(
            "Présents : Mme ROSIER. M. PLANCHE. Mmes DUVAL A. DUVAL B(arrivée à 20h05) M. FAVRE. MM. AUBIN - AUGER - Mme BALIN. Excusés : Mmes CARON. DUVAL B (jusqu'à son arrivée). MM. LEROUX. Pouvoirs : Mme CARON à Mme ROSIER, M. LEROUX à M. AUBIN. Mme le Maire ouvre la séance.",
        );
        assert_eq!(
            names(&a.present),
            [
                "ROSIER", "PLANCHE", "A. DUVAL", "B DUVAL", "FAVRE", "AUBIN", "AUGER", "BALIN"
            ]
        );
        assert_eq!(a.present[2].civility, Some(Civility::Madame));
        assert_eq!(a.present[5].civility, Some(Civility::Monsieur));
        assert_eq!(names(&a.excused), ["CARON", "B DUVAL", "LEROUX"]);
        assert_eq!(
            pairs(&a),
            [pair("CARON", "ROSIER"), pair("LEROUX", "AUBIN")]
        );
    }

    #[test]
    fn dashes_between_names_and_loose_proxy_lines() {
        let a = att(
            "Étaient présents :\n\nMonsieur Jean-Marc AUBRY - Madame Lise CARON -Madame Anne DUMAS - Monsieur Paul ROUX- Madame Eve SIMON\n\nÉtaient absents :\n\nMonsieur Léo BRUN- Madame Ida VIDAL -- Monsieur Max COLIN\n\nLe nombre de présents est de 5.\n\n-Monsieur BRUN procuration à Monsieur ROUX\n\n-Madame VIDAL procuration à Madame CARON\n\n1) - Appel des membres",
        );
        assert_eq!(
            names(&a.present),
            [
                "Jean-Marc AUBRY",
                "Lise CARON",
                "Anne DUMAS",
                "Paul ROUX",
                "Eve SIMON"
            ]
        );
        assert_eq!(names(&a.absent), ["Léo BRUN", "Ida VIDAL", "Max COLIN"]);
        assert_eq!(pairs(&a), [pair("BRUN", "ROUX"), pair("VIDAL", "CARON")]);
    }

    #[test]
    fn broken_hyphenated_surname_between_dashes() {
        let a = att(
            "Présents : Denis ROCHE - Anne PETIT - Luc BLANC -\nJean-Yves MOREL\n\nAbsents excusés : Ida NOIR - Eva GRIS- Paul\nLEROUX - DUPRAT\n\nProcurations : Ida NOIR donne procuration à Denis ROCHE /\nEva GRIS donne procuration à Anne PETIT / Paul\nLEROUX - DUPRAT donne procuration à Luc BLANC\n",
        );
        assert_eq!(
            names(&a.present),
            ["Denis ROCHE", "Anne PETIT", "Luc BLANC", "Jean-Yves MOREL"]
        );
        assert_eq!(
            names(&a.excused),
            ["Ida NOIR", "Eva GRIS", "Paul LEROUX-DUPRAT"]
        );
        assert_eq!(a.proxies.len(), 3);
        assert_eq!(name(&a.proxies[2].from), "Paul LEROUX-DUPRAT");
    }

    #[test]
    fn communes_as_labels() {
        let a = att(
            "Etaient présents : Bois le Haut : Mme Anne ROCHE - Valmont : M. Jean-Marie DUPRAT - : M. Éric VIDAL - Fontaines : M. Paul LEGER, M. Jean Michel MOREL (arrivés à 20h00) - : M. Luc CAMUS (quitté la séance à 20h00 et donne pouvoir à M. Jean VIDAL) - Le : M. Max FOSSE- Saint Pré : Mme Lise MORIN.",
        );
        assert_eq!(
            names(&a.present),
            [
                "Anne ROCHE",
                "Jean-Marie DUPRAT",
                "Éric VIDAL",
                "Paul LEGER",
                "Jean Michel MOREL",
                "Luc CAMUS",
                "Max FOSSE",
                "Lise MORIN"
            ]
        );
        assert_eq!(pairs(&a), [pair("Luc CAMUS", "Jean VIDAL")]);
    }

    #[test]
    fn respectively_pairs_by_position() {
        let a = att(
            "PRESENTS : Tous les membres en exercice sauf :\n\nABSENTS EXCUSES : Anne ROCHE, Paul VIDAL et Lise MORIN qui avaient respectivement donné procuration à Jean DUPRAT, Éric LEGER et Max FOSSE. Et Luc CAMUS (M. CAMUS est arrivé pour la délibération N° 12).\n\nLe Maire ouvre la séance.",
        );
        assert!(a.present.is_empty());
        assert_eq!(
            pairs(&a),
            [
                pair("Anne ROCHE", "Jean DUPRAT"),
                pair("Paul VIDAL", "Éric LEGER"),
                pair("Lise MORIN", "Max FOSSE")
            ]
        );
        assert_eq!(names(&a.excused), ["Luc CAMUS"]);
    }

    #[test]
    fn proxy_sentences_run_together_and_time_limits() {
        let a = att(
            "Étaient excusés : Paul ROCHE ayant donné pouvoir à Anne-Marie VIDAL Luc MORIN ayant donné pouvoir à Jean DUPRAT --- oOo ---",
        );
        assert!(a.excused.is_empty());
        assert_eq!(
            pairs(&a),
            [
                pair("Paul ROCHE", "Anne-Marie VIDAL"),
                pair("Luc MORIN", "Jean DUPRAT")
            ]
        );
        let a = att(
            "Sont présents :\n\nMesdames et Messieurs Anne ROCHE, Luc MORIN, Eva PETIT.\n\nAbsents excusés ayant donné pouvoir :\n\nMonsieur Paul VIDAL a donné pouvoir à Madame Anne ROCHE.\n\nMadame Lise BRUN a donné pouvoir à Monsieur Luc MORIN jusqu'au rapport n° 14.\n\nMonsieur Max FOSSE a donné pouvoir à Madame Eva PETIT à partir du rapport n°15.\n\nAFFAIRES SOCIALES\n",
        );
        assert_eq!(names(&a.present), ["Anne ROCHE", "Luc MORIN", "Eva PETIT"]);
        assert_eq!(a.proxies.len(), 3);
        assert_eq!(a.proxies[0].limit, None);
        assert_eq!(
            a.proxies[1].limit.as_deref(),
            Some("jusqu'au rapport n° 14")
        );
        assert_eq!(
            a.proxies[2].limit.as_deref(),
            Some("à partir du rapport n°15")
        );
    }

    #[test]
    fn headcounts_honorifics_and_slashes() {
        let a = att(
            "12 Présents : Anne Roche, Luc Morin, Olivier de La Tour, Sylvie d'Estève.\n\n3 Absents excusés dont 2 représentés : Paul Vidal (pouvoir à Anne Roche), Eva Petit (pouvoir à Luc Morin) Max Fosse\n\nLe quorum est atteint.",
        );
        assert_eq!(a.present.len(), 4);
        assert_eq!(names(&a.excused), ["Paul Vidal", "Eva Petit", "Max Fosse"]);
        assert_eq!(a.proxies.len(), 2);
        let a = att(
            "Étaient présents : M. Jean ROCHE (DT A), Maître Henri BLANC¹, Docteur Luc MORIN, Dr Paul VIDAL, M. Pierre MOREL A L'HUISSIER Absents excusés : Pouvoirs : M. Max FOSSE ayant donné pouvoir à M. Jean ROCHE VU la loi du 2 mars 1982 ;",
        );
        assert_eq!(
            names(&a.present),
            [
                "Jean ROCHE",
                "Henri BLANC",
                "Luc MORIN",
                "Paul VIDAL",
                "Pierre MOREL A L'HUISSIER"
            ]
        );
        assert!(a.excused.is_empty());
        assert_eq!(pairs(&a), [pair("Max FOSSE", "Jean ROCHE")]);
        let a = att(
            "Présents : Jean, Yves, Marie &\nAnne (procuration à Yves)\nExcusés : Luc (pouvoir donné à Jean) / Eva (pouvoir donné à Marie).\nNon excusé : Max (pas de pouvoir donné).\n",
        );
        assert_eq!(names(&a.present), ["Jean", "Yves", "Marie"]);
        assert_eq!(names(&a.excused), ["Luc", "Eva"]);
        assert_eq!(names(&a.absent), ["Max"]);
        assert_eq!(
            pairs(&a),
            [
                pair("Anne", "Yves"),
                pair("Luc", "Jean"),
                pair("Eva", "Marie")
            ]
        );
    }

    #[test]
    fn late_arrivals_complete_the_quorum() {
        let a = att(
            "Etaient présents : Anne ROCHE, Luc MORIN\n\nLa séance est ouverte.\nMadame Eva PETIT et Monsieur Paul VIDAL, arrivés après l'appel nominal, ont complété le quorum.\n",
        );
        assert_eq!(
            names(&a.present),
            ["Anne ROCHE", "Luc MORIN", "Eva PETIT", "Paul VIDAL"]
        );
        let a = att("Le Président rappelle que les conseillers ont complété le quorum.");
        assert!(a.present.is_empty());
    }

    #[test]
    fn short_lists_in_a_word_per_line_roll_call() {
        let a = att(
            "Etaient présents : Anne\n\nROCHE\n\n, Luc\n\nMORIN\n\n, Eva\n\nPETIT\n\nAbsent(e)(s) excusé(e)(s) : Paul\n\nVIDAL\n\nAbsent(e)(s) : Max\n\nFOSSE\n\n2\n\nLa séance débute à 10 heures.\n",
        );
        assert_eq!(names(&a.present), ["Anne ROCHE", "Luc MORIN", "Eva PETIT"]);
        assert_eq!(names(&a.excused), ["Paul VIDAL"]);
        assert_eq!(names(&a.absent), ["Max FOSSE"]);
    }

    #[test]
    fn title_case_pairs_that_lost_their_dash() {
        let a = att(
            "Etaient présents :\nAnne Roche - Luc Morin - Eva Petit Paul Vidal - Max Fosse - Lise Brun - Ida Noir - Adina Lupu Bratescu - Léa Gris - Tom Blanc\n",
        );
        assert_eq!(
            names(&a.present),
            [
                "Anne Roche",
                "Luc Morin",
                "Eva Petit",
                "Paul Vidal",
                "Max Fosse",
                "Lise Brun",
                "Ida Noir",
                "Adina Lupu Bratescu",
                "Léa Gris",
                "Tom Blanc"
            ]
        );
    }

    #[test]
    fn flattened_absents_table() {
        let a = att(
            "Etaient présents :\nAnne Roche - Luc Morin - Eva Petit - Paul Vidal (arrivé en cours de séance)\n\nAbsents\n\nNi pouvoir\nNi suppléant\n\nMax Fosse\n\nX\n\nSuppléant\n\nPouvoir donné à…\n\nLise Brun\nAnne Roche\n\nIda Noir\n\nX\n\nPaul Vidal\nX\n(arrivé en cours de séance)\nSecrétaire de séance : Luc Morin\n",
        );
        assert_eq!(
            names(&a.absent),
            ["Max Fosse", "Lise Brun", "Ida Noir", "Paul Vidal"]
        );
        assert!(a.proxies.is_empty());
    }

    #[test]
    fn spoken_and_flattened_proxies() {
        let a = att(
            "Présents : M. Jean ROCHE, M. Luc MORIN, Mme Eva PETIT, M. Paul VIDAL.\nPouvoirs : MM. Guy DELTEL à Jean ROCHE, Bruno FAVRE à Luc MORIN.\n",
        );
        assert_eq!(
            pairs(&a),
            [
                pair("Guy DELTEL", "Jean ROCHE"),
                pair("Bruno FAVRE", "Luc MORIN")
            ]
        );
        assert_eq!(a.proxies[1].from.civility, Some(Civility::Monsieur));
        let a = att(
            "Présents : M. Jean ROCHE, Mme Eva PETIT, M. Paul VIDAL.\nLe Président : J'ai des pouvoirs de Mme Anne BRUN à M. Paul VIDAL, de M. Max FOSSE à Mme Eva PETIT.\n",
        );
        assert_eq!(
            pairs(&a),
            [
                pair("Anne BRUN", "Paul VIDAL"),
                pair("Max FOSSE", "Eva PETIT")
            ]
        );
        let a = att(
            "Présents : M. Jean ROCHE, Mme Eva PETIT.\n\nPouvoirs :\nMme Anne BRUN\nM. Max FOSSE\nqui a donné pouvoir à\nqui a donné pouvoir à\nM. Jean ROCHE\nMme Eva PETIT\n\nLe quorum est atteint.",
        );
        assert_eq!(
            pairs(&a),
            [
                pair("Anne BRUN", "Jean ROCHE"),
                pair("Max FOSSE", "Eva PETIT")
            ]
        );
    }

    #[test]
    fn more_heading_wordings() {
        let a = att(
            "Présent(e)s : Anne ROCHE, Luc MORIN\nÉtaient absents et excusés : Eva PETIT\nExcusés ayant donné pouvoir : Paul VIDAL a donné pouvoir à Anne ROCHE\nReprésentés : Ida NOIR représentée par Luc MORIN\nPouvoir(s) : Max FOSSE à Luc MORIN\n",
        );
        assert_eq!(names(&a.present), ["Anne ROCHE", "Luc MORIN"]);
        assert_eq!(names(&a.excused), ["Eva PETIT"]);
        assert_eq!(
            pairs(&a),
            [
                pair("Paul VIDAL", "Anne ROCHE"),
                pair("Ida NOIR", "Luc MORIN"),
                pair("Max FOSSE", "Luc MORIN")
            ]
        );
        // A proxy sentence is not a heading.
        let a = att(
            "Absents représentés : Paul VIDAL représenté par Anne ROCHE, Eva PETIT ayant donné pouvoir à Luc MORIN\n",
        );
        assert_eq!(a.proxies.len(), 2);
    }

    #[test]
    fn titulaires_and_suppleants() {
        let a = att(
            "Présents : Titulaires : Anne ROCHE, Luc MORIN ; Suppléants : Eva PETIT\n\nLa séance est ouverte.",
        );
        assert_eq!(names(&a.present), ["Anne ROCHE", "Luc MORIN", "Eva PETIT"]);
    }

    #[test]
    fn absents_table_laid_out_in_columns() {
        let a = att(
            "Etaient présents :\nAnne Roche - Luc Morin - Eva Petit\n\nEtaient absents :\n\nCf page suivante.\n\n                    Ni pouvoir\n      Absents                Suppléant        Pouvoir donné à…\n                   Ni suppléant\n\n    Paul Vidal            X\n\n     Ida Noir                               Luc Morin\n\n   Max Fosse                  Lise Brun\n   (arrivé en cours de séance)\n\nSecrétaire de séance : Eva Petit\n",
        );
        assert_eq!(names(&a.absent), ["Paul Vidal", "Ida Noir", "Max Fosse"]);
        assert_eq!(pairs(&a), [pair("Ida Noir", "Luc Morin")]);
    }

    #[test]
    fn person_variants() {
        let a = att(
            "Étaient présents : M. jean-François aLBeSPY, Mme MarieCécile MORIN, M. Jean-Paul LE VERN, Mme Françoise DEL PIERO, M. Marc D'HALLUIN, M. Luc de LA TOUR, BONNET Anne-Marie, Mme Lise DESCAMPS-\nPLOUVIER.\n\nLe Président ouvre la séance.",
        );
        assert_eq!(
            names(&a.present),
            [
                "jean-François aLBeSPY",
                "Marie-Cécile MORIN",
                "Jean-Paul LE VERN",
                "Françoise DEL PIERO",
                "Marc D'HALLUIN",
                "Luc de LA TOUR",
                "Anne-Marie BONNET",
                "Lise DESCAMPS-PLOUVIER"
            ]
        );
        assert_eq!(a.present[1].text, "Mme MarieCécile MORIN");
    }

    #[test]
    fn list_without_heading_after_the_president() {
        let a = att(
            "La commission s'est réunie sous la présidence de M. Jean ROCHE, Président, MM. Luc MORIN, Paul VIDAL, Mmes Eva PETIT, Ida NOIR.\n\nExcusés : M. Max FOSSE.\n",
        );
        assert_eq!(
            names(&a.present),
            ["Luc MORIN", "Paul VIDAL", "Eva PETIT", "Ida NOIR"]
        );
        assert_eq!(names(&a.excused), ["Max FOSSE"]);
        let a =
            att("Réunie sous la présidence de M. Jean ROCHE, Président. La séance est ouverte.");
        assert!(a.present.is_empty());
    }

    #[test]
    fn glued_names_are_left_out() {
        let (a, d) = att_diags(
            "Présents : Anne ROCHE, Luc MORIN Eva PETIT, Jean DUPRAT, Paul VIDAL Marie-Claire, DURAND Ida NOIR Lise\n\nLe quorum est atteint.",
        );
        assert_eq!(
            names(&a.present),
            [
                "Anne ROCHE",
                "Luc MORIN",
                "Eva PETIT",
                "Jean DUPRAT",
                "Ida DURAND",
                "Lise NOIR"
            ]
        );
        assert!(d.iter().any(|d| d.code == "attendance.unreadable_entry"));
    }

    #[test]
    fn interleaved_columns_are_rebuilt() {
        let (a, d) = att_diags(
            "Etaient présents : Anne ARNAUD, Luc Absent(e)(s) représenté(e)(s) : Eva BASTIEN donne pouvoir BAILLY, Marc CARON, à Anne ARNAUD, Paul DUMAS Lise DENIS, Ida donne pouvoir à Luc FABRE, ESTIVAL, Luc FABRE, Max",
        );
        assert_eq!(
            names(&a.present),
            [
                "Anne ARNAUD",
                "Luc BAILLY",
                "Marc CARON",
                "Lise DENIS",
                "Ida ESTIVAL",
                "Luc FABRE"
            ]
        );
        assert_eq!(
            pairs(&a),
            [
                pair("Eva BASTIEN", "Anne ARNAUD"),
                pair("Paul DUMAS", "Luc FABRE")
            ]
        );
        assert!(d.iter().any(|d| d.code == "attendance.columns_rebuilt"));
    }

    #[test]
    fn interleaved_columns_are_left_out() {
        let (a, d) = att_diags(
            "Nombre de membres en exercice : 40 Etaient présents : Anne ROCHE, Luc Absent(e)(s) représenté(e)(s) : Eva PETIT MORIN, Jean DUPRAT, donne pouvoir à Paul VIDAL, Max FOSSE donne pouvoir à Lise BRUN",
        );
        assert!(a.present.is_empty());
        assert!(a.proxies.is_empty());
        assert!(d.iter().any(|d| d.code == "attendance.interleaved_columns"));
    }

    #[test]
    fn scrambled_case_and_space_before_full_stop() {
        let a = att(
            "Etaient présents : louis ROCHE, Anne PETIT , Marie-Claude VIDAL-de- LAMBERT, Noëlle BRUN .\n\nEtai(en)t'absent(s) :\n\nEtai(en)t'absent(s) et a (ont) donné procuration : Madame Eva MORIN-DUPRAT à Monsieur Luc FAVRE.\n",
        );
        assert_eq!(
            names(&a.present),
            [
                "louis ROCHE",
                "Anne PETIT",
                "Marie-Claude VIDAL-de-LAMBERT",
                "Noëlle BRUN"
            ]
        );
        assert!(a.absent.is_empty());
        assert_eq!(pairs(&a), [pair("Eva MORIN-DUPRAT", "Luc FAVRE")]);
    }

    #[test]
    fn list_cut_by_a_heading_word_and_members_across_lines() {
        let a = att(
            "Nombre de membres \n\nen exercice :      11\n\nEtaient présents : Anne ROCHE, Luc MORIN-DUPRAT Absent(e)(s)",
        );
        assert_eq!(a.members_in_office, Some(11));
        assert_eq!(names(&a.present), ["Anne ROCHE", "Luc MORIN-DUPRAT"]);
        let a = att(
            "Nombre de conseillers en exercice : 13\n\nPrésents : MM. Anne ROCHE, Luc MORIN,\n\nAbsents représentés : Paul VIDAL représenté par Anne ROCHE\n",
        );
        assert_eq!(a.members_in_office, Some(13));
        assert_eq!(pairs(&a), [pair("Paul VIDAL", "Anne ROCHE")]);
    }
}

/// The entry readers as they were before their fast paths, to check that
/// the fast paths give the same answers on many generated lists.
#[cfg(test)]
mod differential {
    use super::*;
    use crate::offsets::OffsetMap;

    fn split_entries_ref(body: &str, newline_separates: bool) -> Vec<(usize, usize, Sep)> {
        let bytes = body.as_bytes();
        let mut out = Vec::new();
        let mut depth = 0i32;
        let mut start = 0;
        let mut i = 0;
        let ws = |b: u8| matches!(b, b' ' | b'\t' | b'\n');
        while i < bytes.len() {
            let b = bytes[i];
            // Letters, digits and the bytes of other characters separate nothing
            // and start no test below: most of a list.
            if b.is_ascii_alphanumeric() || b >= 0x80 {
                i += 1;
                continue;
            }
            let mut sep: Option<(usize, Sep)> = None;
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth = (depth - 1).max(0);
                    if depth == 0 {
                        // « X (pouvoir à Y) Z (…) »: a name after the parenthesis.
                        let after = body[i + 1..].trim_start_matches([' ', '\t', '\n']);
                        let gap = body.len() - i - 1 - after.len();
                        if gap > 0 && after.starts_with(|c: char| c.is_uppercase()) {
                            out.push((start, i + 1, Sep::Plain));
                            start = i + 1;
                            i += 1;
                            continue;
                        }
                    }
                }
                _ if depth > 0 => {}
                b',' | b';' | b'/' | b'&' => sep = Some((1, Sep::Plain)),
                b':' => sep = Some((1, Sep::Colon)),
                b'\n' if newline_separates => sep = Some((1, Sep::Plain)),
                b' ' | b'\t' | b'\n'
                    if (body[i + 1..].starts_with("et ") || body[i + 1..].starts_with("et\n"))
                        && !body[..i].trim_end().ends_with(['M', 'm', 's']) =>
                {
                    // « Mesdames et Messieurs » is handled before; « A et B ».
                    sep = Some((3, Sep::Plain));
                }
                b'-' => {
                    let ws_before = i > 0 && ws(bytes[i - 1]);
                    let mut j = i;
                    while j < bytes.len() && bytes[j] == b'-' {
                        j += 1;
                    }
                    let ws_after = j < bytes.len() && ws(bytes[j]) || j == bytes.len();
                    let run = j - i;
                    let prev = word_before(body, i);
                    let next = word_after(body, j);
                    let next_is_name = person::civility(next).is_some() || is_mixed(next);
                    let is_sep = if ws_before && ws_after {
                        true
                    } else if ws_before {
                        // « -Madame X » separates, « STANIEC -WAVRANT » is one name.
                        run > 1 || next_is_name || !(is_caps(prev) && is_caps(next))
                    } else if ws_after {
                        // « DEMEESTER- Monsieur », « UPPHOFF- Philippe » separate;
                        // « BULTE- MARCHYLLIE », « Jean- René » are one name.
                        run > 1 || (is_caps(prev) && next_is_name) || body[..i].ends_with(')')
                    } else {
                        run > 1
                    };
                    if is_sep {
                        let sep_kind = if run == 1 && ws_before && ws_after {
                            Sep::Dash
                        } else {
                            Sep::Plain
                        };
                        out.push((start, i, sep_kind));
                        start = j;
                        i = j;
                        continue;
                    }
                    i = j;
                    continue;
                }
                b'.' => {
                    let word = word_before(body, i + 1);
                    let word_start = i + 1 - word.len();
                    let prev = word.trim_end_matches('.');
                    let letters = prev.chars().filter(|c| c.is_alphabetic()).count();
                    let after = &body[i + 1..];
                    let next = word_after(body, i + 1);
                    let spaced = after.starts_with([' ', '\n', '\t']);
                    let next_cap = next.starts_with(|c: char| c.is_uppercase());
                    let next_civ = person::civility(next).is_some()
                        || person::civility(after.trim_start()).is_some();
                    let is_civ = civility_with_dot(prev) && !prev.chars().all(char::is_uppercase)
                        || matches!(prev, "M" | "MM" | "Mr" | "Dr");
                    let initial_after_surname = letters == 1 && {
                        let before = word_before(body, word_start);
                        is_caps(before) && (is_caps(next) || next_civ)
                    };
                    let closing = body[..i].ends_with(')');
                    if spaced && next_cap && initial_after_surname {
                        // « DUVAL A. DUVAL B »: the full stop belongs to the initial.
                        out.push((start, i + 1, Sep::Plain));
                        start = i + 1;
                        i += 1;
                        continue;
                    }
                    if spaced
                        && next_cap
                        && !is_civ
                        && ((letters >= 2 && (next_civ || letters >= 3)) || closing)
                    {
                        sep = Some((1, Sep::Plain));
                    }
                }
                _ => {}
            }
            // A civility after a surname in capitals starts a new name
            // (« M. Paul DURAND M. Jean PETIT »).
            // Every civility starts with « M ».
            if sep.is_none() && depth == 0 && ws(b) && i + 1 < bytes.len() && bytes[i + 1] == b'M' {
                let next = &body[i + 1..];
                if let Some((_, _, rest)) = person::civility(next) {
                    let prev = word_before(body, i);
                    if is_caps(prev.trim_end_matches('.'))
                        && !rest.is_empty()
                        && next.len() > rest.len()
                    {
                        sep = Some((1, Sep::Plain));
                    }
                }
            }
            if let Some((len, kind)) = sep {
                out.push((start, i, kind));
                start = i + len;
                i += len;
                continue;
            }
            i += 1;
        }
        out.push((start, bytes.len(), Sep::End));
        out
    }

    fn word_per_line_ref(region: &str) -> bool {
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
            .filter(|l| person::split_ws(l).count() <= 2)
            .count();
        short * 10 >= lines.len() * 7
    }

    /// The cues of a piece of a text are among the text's (what makes a
    /// stretch without cues hold entries without cues).
    #[test]
    fn cues_of_a_piece_are_among_the_text_s() {
        const PIECES: &[&str] = &[
            "sent", "SENT", "pré", "gation", "excus", "pouvoir", "rative", "arriv", "procurat",
            "partir", "quorum", "jusqu'", "(", "[", "ſ", "\u{212A}", "n", "N", "t", "x", "v", "p",
            "q", " ", ",", "é", "Mme ", "DUPONT",
        ];
        let mut next = crate::text::xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let s = crate::text::pieces(&mut next, PIECES, 12);
            let all = cues(&s);
            let bounds: Vec<usize> = (0..=s.len()).filter(|&k| s.is_char_boundary(k)).collect();
            let a = bounds[(next() % bounds.len() as u64) as usize];
            let b = bounds[(next() % bounds.len() as u64) as usize];
            let (a, b) = (a.min(b), a.max(b));
            assert_eq!(cues(&s[a..b]) & !all, 0, "{:?} in {s:?}", &s[a..b]);
        }
    }

    /// [`Anchors`] finds what a pair-by-pair search finds, from every start
    /// of generated texts of anchors, their neighbours and names, and from
    /// each answer on.
    #[test]
    fn anchors_are_the_pairwise_search() {
        const PIECES: &[&str] = &[
            "n",
            "N",
            "t",
            "g",
            "a",
            "x",
            "c",
            "v",
            "(",
            "[",
            "p",
            "r",
            "q",
            "u",
            "ſ",
            "\u{212A}",
            "Jean ",
            "DUPONT",
            ", ",
            "M. ",
            "Mme ",
            "é",
            "\n",
            "présents",
            "pouvoir",
        ];
        let mut next = crate::text::xorshift(0x5eed_a11c);
        for _ in 0..5_000 {
            let s = crate::text::pieces(&mut next, PIECES, 30);
            let b = s.as_bytes();
            // From every start, and from each answer on, as `cues_until`
            // asks.
            let want = |from: usize| {
                b.get(from..)
                    .and_then(|r| r.windows(2).position(|w| anchor_pair(w[0], w[1])))
                    .map(|k| from + k)
            };
            for from in 0..=b.len() {
                assert_eq!(
                    Anchors::new(b).next_from(from),
                    want(from),
                    "{s:?} from {from}"
                );
            }
            let mut anchors = Anchors::new(b);
            let mut from = 0;
            while let Some(k) = anchors.next_from(from) {
                assert_eq!(Some(k), want(from), "{s:?} from {from}");
                from = k + 1 + (next() % 3) as usize;
            }
            assert_eq!(want(from), None, "{s:?} from {from}");
        }
    }

    fn cues_ref(s: &str) -> u16 {
        const fn word(w: &[u8]) -> u64 {
            let mut v = 0u64;
            let mut i = 0;
            while i < w.len() {
                v = (v << 8) | w[i] as u64;
                i += 1;
            }
            v
        }
        const fn mask(n: u32) -> u64 {
            if n >= 8 {
                u64::MAX
            } else {
                (1u64 << (8 * n)) - 1
            }
        }
        let mut w = 0u64;
        let mut out = 0u16;
        for &b in s.as_bytes() {
            w = (w << 8) | u64::from(b.to_ascii_lowercase());
            match b.to_ascii_lowercase() {
                b't' => {
                    if w & mask(4) == word(b"sent") {
                        out |= CUE_SENT;
                    }
                    if w & mask(8) == word(b"procurat") {
                        out |= CUE_PROCUR;
                    }
                }
                b'v' if w & mask(5) == word(b"arriv") => out |= CUE_ARRIV,
                b'\'' if w & mask(6) == word(b"jusqu'") => out |= CUE_JUSQU,
                b'r' => {
                    if w & mask(6) == word(b"partir") {
                        out |= CUE_PARTIR;
                    }
                    if w & mask(7) == word(b"pouvoir") {
                        out |= CUE_POUVOIR;
                    }
                }
                b's' if w & mask(5) == word(b"excus") => out |= CUE_EXCUS,
                b'n' if w & mask(6) == word(b"gation") => out |= CUE_GATION,
                b'e' if w & mask(6) == word(b"rative") => out |= CUE_RATIVE,
                b'm' if w & mask(6) == word(b"quorum") => out |= CUE_QUORUM,
                b'(' | b'[' => out |= CUE_BRACKET,
                // ſ is C5 BF, the Kelvin sign E2 84 AA.
                0xBF if w & mask(2) == 0xC5BF => out |= CUE_ODD,
                0xAA if w & mask(3) == 0xE2_84AA => out |= CUE_ODD,
                _ => {}
            }
        }
        out
    }

    fn second_pair_ref(name: &str) -> Option<(usize, usize)> {
        if person::civility(name).is_some() {
            return None;
        }
        let mut spans = Vec::new();
        for w in name.split_whitespace() {
            let at = person::offset_in(name, w);
            spans.push((at, at + w.len(), w));
        }
        if spans.len() != 4 || !spans.iter().all(|&(_, _, w)| is_mixed(w) && !is_caps(w)) {
            return None;
        }
        Some((spans[1].1, spans[2].0))
    }

    fn glued_ref(name: &str) -> Glued {
        let (_, rest) = person::strip_civility(name);
        let base = name.len() - rest.len();
        let mut runs = 0;
        let mut last: Option<bool> = None;
        let mut prev_end = base;
        let mut cut = None;
        for w in name[base..].split_whitespace() {
            let at = person::offset_in(name, w);
            let pos = at + w.len();
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let class = if w.starts_with('-') {
                None // the rest of a hyphenated surname
            } else if is_caps(w) || (letters == 1 && last == Some(true) && !w.ends_with('.')) {
                Some(true)
            } else if is_mixed(w) || letters == 1 {
                Some(false)
            } else {
                None // particles, scrambled case: no evidence
            };
            if let Some(c) = class {
                if last != Some(c) {
                    runs += 1;
                    last = Some(c);
                    if runs == 3 {
                        cut = Some((prev_end, at));
                    }
                }
            }
            prev_end = pos;
        }
        match (runs, cut) {
            (4, Some((a, b))) => Glued::Two(a, b),
            (r, _) if r >= 3 => Glued::Unreadable,
            _ => Glued::No,
        }
    }

    const PIECES: &[&str] = &[
        "M. ",
        "Mme ",
        "MM. ",
        "Monsieur ",
        "M ",
        "Jean ",
        "JEAN ",
        "DUPONT",
        "Dupont",
        "de ",
        "la ",
        "Éloïse ",
        "NOËL",
        "Anne-Marie ",
        "A. ",
        "V.",
        "DUVAL ",
        ", ",
        ",",
        "; ",
        " - ",
        "- ",
        " -",
        "--",
        "-",
        " et ",
        "et\n",
        "\n",
        "\n\n",
        " ",
        "  ",
        ".",
        ". ",
        "(",
        ")",
        "(pouvoir à ",
        "donne pouvoir à ",
        "représenté par ",
        "arrivée à 10 h",
        "jusqu'au rapport",
        "Absent ",
        "présents",
        "excusés",
        ":",
        "Cartigny : ",
        "/",
        "&",
        "\t",
        "\u{a0}",
        "ſ",
        "\u{212A}",
        "qui avaient respectivement donné procuration à ",
        "RESPECTIVEMENT",
        "ctivement",
        "v",
        "V",
        "procuration",
        "gation",
        "rative",
        "quorum",
        "à partir de ",
        "PARTIR",
        "EXCUS",
        "Sent",
        "[1]",
        "*",
        "MARTIN",
        "Mlle ",
        "Mr. ",
        "Dr. ",
        "x",
        "é",
        "2",
        "Paul",
        "PETIT",
        "Isabelle Berthel Franck Beyson",
        "Bernard DURAND Valérie FABRE",
    ];

    fn samples(n: usize) -> Vec<String> {
        crate::person::differential::generated(PIECES, 12, n)
    }

    /// `clean_range` as it was, trimming by characters.
    fn clean_range_ref(s: &str, a: usize, b: usize) -> (usize, usize) {
        let piece = &s[a..b];
        let t = piece.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '•' | '*' | '·' | '.' | ':' | ',')
        });
        let t = t
            .strip_prefix("Et ")
            .or_else(|| t.strip_prefix("et "))
            .unwrap_or(t)
            .trim_start();
        let a2 = a + (piece.len() - t.len());
        let t =
            t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '•' | ':' | ','));
        (a2, (a2 + t.len()).max(a2))
    }

    #[test]
    fn word_before_on_bytes_is_by_characters() {
        const PARTS: &[&str] = &[
            " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{a0}", "\u{2009}", ",", ";", "(", ")", "/",
            ":", ".", "-", "M", "DUPONT", "é", "É", "x", "7",
        ];
        let mut next = crate::text::xorshift(0x51_7cc1_b727_220a);
        for _ in 0..20_000 {
            let s = crate::text::pieces(&mut next, PARTS, 8);
            for i in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
                assert_eq!(word_before(&s, i), word_before_chars(&s, i), "{s:?} {i}");
            }
        }
    }

    #[test]
    fn clean_range_trims_as_by_characters() {
        const PARTS: &[&str] = &[
            " ", "\t", "\n", "\u{a0}", "\u{2009}", "-", "•", "*", "·", ".", ":", ",", "Et ", "et ",
            "M. ", "Jean", "DUPONT", "é", "É", "x", "7", "(", ")",
        ];
        let mut next = crate::text::xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..50_000 {
            let s = crate::text::pieces(&mut next, PARTS, 10);
            assert_eq!(
                clean_range(&s, 0, s.len()),
                clean_range_ref(&s, 0, s.len()),
                "{s:?}"
            );
        }
        for s in samples(2_000) {
            assert_eq!(
                clean_range(&s, 0, s.len()),
                clean_range_ref(&s, 0, s.len()),
                "{s:?}"
            );
        }
    }

    #[test]
    fn splitter_passes_civilities_as_the_reference_reads_them() {
        // Around `quiet_civility`: separators, civilities and what may follow.
        const PARTS: &[&str] = &[
            ", M. ", ", Mme ", ",", ";", "&", ":", " ", "\n", "\t", "M", ".", "Mme", "e", "et ",
            "Marc", "Jean", "DUPONT", "-", "(", ")", "É",
        ];
        let mut next = crate::text::xorshift(0x3c6e_f372_fe94_f82b);
        for _ in 0..40_000 {
            let s = crate::text::pieces(&mut next, PARTS, 10);
            for nl in [false, true] {
                assert_eq!(split_entries(&s, nl), split_entries_ref(&s, nl), "{s:?}");
            }
        }
    }

    #[test]
    fn entry_readers_agree() {
        // Several samples end to end: a long line of a head.
        let mut long = String::new();
        for s in samples(40_000) {
            if long.len() > 300 {
                long.clear();
            }
            long.push_str(&s);
            assert_eq!(cues(&long), cues_ref(&long), "{long:?}");
            assert_eq!(
                cues_until::<HEADING_CUES>(&long) & HEADING_CUES != 0,
                cues_ref(&long) & HEADING_CUES != 0,
                "{long:?}"
            );
            let s = s.as_str();
            for nl in [false, true] {
                assert_eq!(split_entries(s, nl), split_entries_ref(s, nl), "{s:?}");
            }
            assert_eq!(cues(s), cues_ref(s), "{s:?}");
            assert_eq!(word_per_line(s), word_per_line_ref(s), "{s:?}");
            assert_eq!(
                strip_decorations_cued(s, 0, s.len(), Some(cues(s))),
                strip_decorations(s, 0, s.len()),
                "{s:?}"
            );
            let t = s.trim_matches([' ', '.', ',']);
            assert_eq!(
                strip_decorations_cued(t, 0, t.len(), Some(cues(t))),
                strip_decorations(t, 0, t.len()),
                "{t:?}"
            );
            let lines = s.replace([' ', ','], "\n").replace('x', "\r\n");
            assert_eq!(word_per_line(&lines), word_per_line_ref(&lines), "{s:?}");
            assert_eq!(
                cues_until::<HEADING_CUES>(s) & HEADING_CUES != 0,
                cues_ref(s) & HEADING_CUES != 0,
                "{s:?}"
            );
            assert_eq!(second_pair(s), second_pair_ref(s), "{s:?}");
            let key = |g: Glued| match g {
                Glued::No => None,
                Glued::Two(a, b) => Some(Some((a, b))),
                Glued::Unreadable => Some(None),
            };
            assert_eq!(key(glued(s)), key(glued_ref(s)), "{s:?}");
            assert!(
                may_hold_respectively(s) || RESPECTIVELY.find(s).is_none(),
                "{s:?}"
            );
            assert_eq!(find_blank_line(s), s.find("\n\n"), "{s:?}");
            for i in 0..=s.len() {
                if s.is_char_boundary(i) && !may_end_caps(s.as_bytes(), i) {
                    assert!(
                        !is_caps(word_before(s, i).trim_end_matches('.')),
                        "{s:?} {i}"
                    );
                }
            }
        }
    }

    #[test]
    fn word_per_line_stops_early_with_the_same_answer() {
        let (long, short) = ("Vu le code général\n", "DUPONT\n");
        for bits in 0u64..4096 {
            for n in [20, 45] {
                let t: String = (0..n)
                    .map(|k| {
                        if bits >> (k % 12) & 1 == 1 {
                            long
                        } else {
                            short
                        }
                    })
                    .collect();
                assert_eq!(word_per_line(&t), word_per_line_ref(&t), "{t:?}");
            }
        }
    }

    #[test]
    fn plain_persons_are_what_the_full_reading_pushes() {
        let m = OffsetMap::identity();
        let mut plain = 0;
        for s in samples(40_000) {
            let name = s.trim();
            let t = Text::new(name, &m, name, &m);
            let civ = person::civility(name);
            let Some(p) = plain_person(&t, 0, name.len(), Some(Civility::Madame), civ) else {
                continue;
            };
            plain += 1;
            assert!(person::looks_like_name(name), "{name:?}");
            assert!(second_pair(name).is_none(), "{name:?}");
            assert!(matches!(glued(name), Glued::No), "{name:?}");
            let full = person::parse_with(&t, 0, name.len(), Some(Civility::Madame));
            assert_eq!(full.as_ref(), Some(&p), "{name:?}");
            assert!(clean(&p), "{name:?}");
        }
        assert!(plain > 1_000, "{plain}");
    }
}
