//! The header of a deliberation: authority, body, number, title, meeting
//! (date, place, president, secretary) and the administrative dates.
//!
//! Dates are picked by their cue: the meeting date follows « réunion »,
//! « séance », « s'est réuni(e) »; a receipt stamp (« Retour Préfecture :
//! 26/09/2020 »), a print time or « rendues exécutoires le » is never the
//! meeting date.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use crate::date;
use crate::model::{Authority, AuthorityKind, Body, Dates, Person};
use crate::person;
use crate::text::{Text, collapse};

/// Header fields read from a deliberation.
#[derive(Debug, Default)]
pub struct Header {
    /// The département.
    pub authority: Option<Authority>,
    /// The body.
    pub body: Option<Body>,
    /// The number as printed.
    pub number: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The meeting date.
    pub meeting_date: Option<Date>,
    /// The meeting place.
    pub place: Option<String>,
    /// The president.
    pub president: Option<Person>,
    /// The doyen d'âge who presided until the election.
    pub president_before_election: Option<Person>,
    /// The secretary.
    pub secretary: Option<Person>,
    /// Administrative dates.
    pub dates: Dates,
}

static MEETING_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:r[ée]union|s[ée]ance|r[ée]uni(?:e|s|es)?|session|compte[ \t-]+rendu|tenue)(?-u:\b)",
    )
    .expect("valid regex")
});

/// Words of stamps and other dates that are not the meeting's.
const STAMP_WORDS: &str = r"envoi|envoy|publi[ée]|publication|affich|retour|(?-u:\b)re[çc]u(?:e|es|s)?(?-u:\b)|transmis|transmission|ex[ée]cutoire|imprim|sign[ée]|certifi|accus|convoqu|convocation|pr[ée]fecture";

static NOT_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:{STAMP_WORDS}|le[ \t]+:?$)")).expect("valid regex")
});

static STAMP_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)(?:{STAMP_WORDS})")).expect("valid regex"));

static TRANSMITTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[ \t*>-]*(?:envoi[ \t]+au[ \t]+contr[ôo]le[ \t]+de[ \t]+l[ée]galit[ée]|transmis(?:e|sion)?[ \t]+(?:en|à|a|au)[ \t]+(?:la[ \t]+)?pr[ée]fecture|re[çc]u(?:e)?[ \t]+(?:en|à|a|par)[ \t]+(?:la[ \t]+)?pr[ée]fecture|retour[ \t]+pr[ée]fecture|accus[ée][ \t]+de[ \t]+r[ée]ception[^\n]{0,40}?pr[ée]fecture|date[ \t]+de[ \t]+r[ée]ception[ \t]+en[ \t]+pr[ée]fecture)[^\n0-9]{0,30}")
        .expect("valid regex")
});

static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[ \t*>-]*(?:publication(?:[ \t]+[ée]lectronique)?|publi[ée]e?|affich[ée]e?|mise?[ \t]+en[ \t]+ligne|date[ \t]+d'affichage)[^\n0-9]{0,30}").expect("valid regex")
});

static SIGNED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(?:Fait[ \t]+(?:à|a)[ \t]+)?([A-ZÉÈ][A-Za-zÀ-ÿ' -]{1,40}),[ \t]+le[ \t]+",
    )
    .expect("valid regex")
});

/// Numbers in the header: « (N°2023-121) », « DELIBERATION N° 3.1 -
/// DE/2016/191 », « Délibération n CP_14_814 », « Délibération 1/2018 »,
/// « N° 21/152 CP », « Arrêté n°2016-C-039 ». A number cited in a sentence
/// (« la délibération N° 033/18 et suivantes ») is not the act's own: the
/// cue must start a line, be in capitals, or follow a title word.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)(?:^[ \t(]*(?:D[ée]lib[ée]ration|DELIBERATION|D[EÉ]LIB[EÉ]RATION|Arr[êe]t[ée]|ARR[ÊE]T[ÉE])?[ \t]*(?:N|n)[°o]?[ \t]*[.:]?[ \t]*|(?:D[EÉ]LIB[EÉ]RATION|ARR[ÊE]T[ÉE])[ \t]+(?:N|n)[°o]?[ \t]*[.:]?[ \t]*|(?:^|[.:][ \t]+|[A-Z]{3,}[ \t]+|[0-9]{4}[ \t]+)(?:D[ée]lib[ée]ration|Arr[êe]t[ée])[ \t]+(?:n[°o]?[ \t]*)?|\(N[°o][ \t]*)([0-9A-Z][0-9A-Za-z_/.\-]*[0-9A-Za-z](?:[ \t]+-[ \t]+[A-Z]{1,4}/[0-9A-Z/_.\-]+)?(?:[ \t]+CP(?-u:\b))?)",
    )
    .expect("valid regex")
});

static PRESIDENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:sous[ \t\n]+la[ \t\n]+pr[ée]sidence[ \t\n]+de|PR[EÉ]SIDENCE[ \t]+DE|Pr[ée]sident(?:e)?[ \t]+de[ \t]+s[ée]ance[ \t]*:)[ \t\n]+").expect("valid regex")
});

static SECRETARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)secr[ée]taire(?:[ \t]+de[ \t]+s[ée]ance)?[ \t]*:[ \t]*").expect("valid regex")
});

/// « s'est réuni(e) à l'Hôtel du Département, … », « réunie Salle du Conseil
/// départemental, sous … », « réuni en visio-conférence le … ». The place
/// starts with a capital or an article and stops at a comma or at the date.
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"r[ée]uni(?:e|s|es)?[ \t\n]+(?:(?:à|a|au|en|dans)[ \t\n]+)?((?:l'|la[ \t]+|le[ \t]+|les[ \t]+)?(?:[A-ZÉÈ][^,\n]{1,80}?|visio-?conf[ée]rence))(?:,|[ \t]+le[ \t]|[ \t]+les[ \t]|[ \t]+sous[ \t]|[ \t]+en[ \t]+(?:sa[ \t]+)?s[ée]ance|[ \t]+à[ \t]+[0-9]|\.|\n)",
    )
    .expect("valid regex")
});

/// The authority a deliberation names: in its head, or else anywhere in its
/// main text (`main` holds `head`).
pub fn authority(head: &str, main: &str) -> Option<Authority> {
    let (code, name) =
        crate::departements::find(head).or_else(|| crate::departements::find(main))?;
    Some(Authority {
        kind: AuthorityKind::Departement,
        name: name.to_owned(),
        code: Some(code.to_owned()),
    })
}

/// Reads the header of a deliberation from its head (everything before the
/// visas) and its main text (for the signature date).
pub fn extract(
    text: &Text<'_>,
    head: Range<usize>,
    main: Range<usize>,
    decision: Range<usize>,
) -> Header {
    let h = &text.s[head.clone()];
    let m = &text.s[main.clone()];
    let mut out = Header {
        authority: authority(h, m),
        ..Header::default()
    };
    out.body = body(h);
    out.number = number(h);
    out.meeting_date = meeting_date(h);
    // Stamps are printed above the title or at the very end.
    let tail = &m[ceil_char(m, m.len().saturating_sub(3000))..];
    let (transmitted, published) = stamp_dates(h, (true, true));
    let (t2, p2) = stamp_dates(tail, (transmitted.is_none(), published.is_none()));
    out.dates.transmitted = transmitted.or(t2);
    out.dates.published = published.or(p2);
    out.dates.signed = signed(&text.s[decision]);
    out.place = PLACE.captures(h).map(|c| collapse(&c[1]));
    let (pres, doyen) = presidents(text, head.clone());
    out.president = pres;
    out.president_before_election = doyen;
    out.secretary = SECRETARY.find(h).and_then(|mm| {
        let from = head.start + mm.end();
        let end = name_end(text.s, from, head.end);
        person::parse(text, from, end)
    });
    out.title = title(h);
    out
}

/// The cue phrases of each body, folded, by rank: the first rank with a
/// phrase in the head names the body.
const BODY_KEYS: [(&str, Body); 13] = [
    ("COMMISSION PERMANENTE", Body::CommissionPermanente),
    ("CONSEIL DEPARTEMENTAL", Body::ConseilDepartemental),
    ("CONSEIL GENERAL", Body::ConseilDepartemental),
    ("ASSEMBLEE DEPARTEMENTALE", Body::ConseilDepartemental),
    ("CONSEIL MUNICIPAL", Body::Other),
    ("COMMUNAUTAIRE", Body::Other),
    ("COMITE SYNDICAL", Body::Other),
    ("CONSEIL REGIONAL", Body::Other),
    // « bureau » alone names many things (« bureaux de vote »).
    ("DELIBERATION DU BUREAU", Body::Bureau),
    ("REUNION DU BUREAU", Body::Bureau),
    ("SEANCE DU BUREAU", Body::Bureau),
    ("LE BUREAU DU CONSEIL", Body::Bureau),
    ("BUREAU DEPARTEMENTAL", Body::Bureau),
];

fn body(h: &str) -> Option<Body> {
    let h = &h[..floor_char(h, h.len().min(8192))];
    // The first rank is the usual one, and printed at the top: the head is
    // folded a few lines at a time until its phrase shows. A piece ends
    // after a line break, where the fold of the whole head would have a
    // space to write before the next word, as `fold_into` has on a
    // non-empty fold: the pieces' folds make the head's.
    let mut f = String::with_capacity(h.len());
    let mut rest = h;
    while !rest.is_empty() {
        let cut = rest
            .as_bytes()
            .get(BODY_PIECE..)
            .and_then(|t| memchr::memchr(b'\n', t))
            .map_or(rest.len(), |i| BODY_PIECE + i + 1);
        // The phrase may straddle the pieces: the new piece's fold is
        // searched from the phrase's length before it.
        let from = f.len().saturating_sub(BODY_FIRST.len());
        crate::departements::fold_into(&mut f, &rest[..cut]);
        rest = &rest[cut..];
        if FIRST_FINDER.find(&f.as_bytes()[from..]).is_some() {
            return Some(Body::CommissionPermanente);
        }
    }
    body_of_fold(&f)
}

/// The phrase of the first rank of [`BODY_KEYS`], which [`body`] looks
/// for as it folds.
const BODY_FIRST: &str = BODY_KEYS[0].0;

static FIRST_FINDER: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(BODY_FIRST));

/// How far a piece of the head [`body`] folds at a time runs before it is
/// cut at a line break.
const BODY_PIECE: usize = 64;

/// The body the folded head `f` names.
fn body_of_fold(f: &str) -> Option<Body> {
    // A vectorized search per phrase is cheaper than one automaton pass
    // over every byte.
    [
        Body::CommissionPermanente,
        Body::ConseilDepartemental,
        Body::Other,
        Body::Bureau,
    ]
    .into_iter()
    .find(|&b| BODY_KEYS.iter().any(|(k, kb)| *kb == b && f.contains(k)))
}

// « 028/18 : » alone on its line above the title (municipal registers).
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*([0-9]{2,4}/[0-9]{2})[ \t]*:[ \t]*$").expect("valid regex")
});

/// The [`ITEM`] number of the head `h`, read on the lines that start with a
/// digit (the only ones it can match).
fn item(h: &str) -> Option<String> {
    lines(h)
        .map(|(_, l)| l)
        .filter(|l| {
            l.trim_ascii_start()
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_digit)
        })
        .find_map(|l| ITEM.captures(l).map(|c| c[1].to_owned()))
}

fn number(h: &str) -> Option<String> {
    let mut best: Option<String> = None;
    for c in number_lines(h).flat_map(|l| NUMBER.captures_iter(l)) {
        let raw = c[1].trim().to_owned();
        // « 3.1 - DE/2016/191 »: the rank in the commission, then the number.
        let raw = match raw.split_once(" - ") {
            Some((_, n)) if n.contains('/') => n.trim().to_owned(),
            _ => raw,
        };
        let has_digit = raw.chars().any(|c| c.is_ascii_digit());
        let structured = raw.contains(['/', '-', '_']);
        if !has_digit || raw.len() < 3 {
            continue;
        }
        // Years and page numbers alone are not numbers of deliberations.
        if raw.chars().all(|c| c.is_ascii_digit()) && raw.len() <= 4 && best.is_none() {
            continue;
        }
        if structured {
            return Some(raw);
        }
        best.get_or_insert(raw);
    }
    best.or_else(|| item(h))
}

/// A word that `NUMBER` holds wherever its match starts other than at a
/// line start: a title word (« DELIB », « Délib », « ARR », « Arr ») or
/// « (N ». Found by its few bytes (a roll call of megabytes is searched
/// for them), then read in full by [`number_word_at`].
static NUMBER_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"LIB|lib|ARR|Arr|\(N").expect("valid regex"));

/// Is the [`NUMBER_WORD`] at `k` of `b` one that a match of `NUMBER` may
/// hold? « lib » only in « Délib » or « Delib » (not « délibérative »),
/// and the words in capitals (`D[EÉ]LIB[EÉ]RATION`, `ARR[ÊE]T[ÉE]`) only
/// followed by blanks and « N » or « n », as `NUMBER` reads them: a head
/// holds « délibérative » in its roll call and « DELIBERATION DE LA
/// COMMISSION » above its title, which its capture engine would read.
fn number_word_at(b: &[u8], k: usize) -> bool {
    let at = |i: usize, w: &[u8]| b.get(i..).is_some_and(|t| t.starts_with(w));
    // The end of « E » or « É » (`e2`: « Ê ») at `i`.
    let e = |i: usize, e2: &[u8]| {
        if at(i, b"E") {
            Some(i + 1)
        } else if at(i, "É".as_bytes()) || at(i, e2) {
            Some(i + 2)
        } else {
            None
        }
    };
    // Blanks then « N » or « n » from `i`.
    let n_after = |i: usize| {
        let j = i + crate::text::blanks_at(b, i);
        matches!(b.get(j), Some(b'N' | b'n'))
    };
    match b.get(k..k + 3) {
        Some(b"lib") => {
            (k >= 2 && &b[k - 2..k] == b"De") || (k >= 3 && b[k - 3..k] == *"Dé".as_bytes())
        }
        Some(b"LIB") => {
            let before =
                (k >= 2 && &b[k - 2..k] == b"DE") || (k >= 3 && b[k - 3..k] == *"DÉ".as_bytes());
            before && e(k + 3, "É".as_bytes()).is_some_and(|i| at(i, b"RATION") && n_after(i + 6))
        }
        Some(b"ARR") => e(k + 3, "Ê".as_bytes())
            .filter(|&i| at(i, b"T"))
            .and_then(|i| e(i + 1, "É".as_bytes()))
            .is_some_and(n_after),
        _ => true,
    }
}

/// The lines of `h` where `NUMBER` may match. Its matches hold no line
/// break and its `^` and `\b` read a line's ends as they read the breaks
/// around it, so run on these lines it finds what it finds on `h`; but its
/// automaton, which has no literal to look for, does not run over every
/// byte of a head (a roll call of megabytes on one line). A match holds a
/// [`NUMBER_WORD`] that [`number_word_at`] keeps or starts its line with
/// blanks or « ( » then « N » or « n ».
fn number_lines(h: &str) -> impl Iterator<Item = &str> {
    // The first word from `from` that [`number_word_at`] keeps.
    let next_word = move |mut from: usize| {
        while let Some(m) = NUMBER_WORD.find_at(h, from) {
            if number_word_at(h.as_bytes(), m.start()) {
                return Some(m.start());
            }
            from = m.start() + 1;
        }
        None
    };
    let mut hit = next_word(0);
    lines(h).filter_map(move |(start, l)| {
        let end = start + l.len();
        if hit.is_some_and(|k| k < start) {
            hit = next_word(start);
        }
        let candidate = hit.is_some_and(|k| k < end)
            || l.bytes()
                .find(|&b| !matches!(b, b' ' | b'\t' | b'('))
                .is_some_and(|b| b == b'N' || b == b'n');
        candidate.then_some(l)
    })
}

/// The meeting date: « L'an deux mille dix-sept, le 13 novembre », a date
/// after a meeting cue, else the first date of the head that no other cue
/// claims.
fn meeting_date(h: &str) -> Option<Date> {
    if let Some(d) = written_year_date(h) {
        return Some(d);
    }
    // A cue is not the meeting's when a stamp word precedes it on its line
    // (`NOT_MEETING` on the line before the cue). Cues come in order, so the
    // line start and the line's first stamp word are found once per line
    // rather than once per cue: a long line full of cues (text without line
    // breaks) would otherwise be rescanned from its start for each.
    let bytes = h.as_bytes();
    let mut line_start = 0;
    let mut seen = 0;
    let mut stamp: Option<Option<(usize, usize)>> = None;
    for cue in MEETING_CUE.find_iter(h) {
        if let Some(k) = memchr::memrchr(b'\n', &bytes[seen..cue.start()]) {
            line_start = seen + k + 1;
            stamp = None;
        }
        seen = cue.start();
        let first = *stamp.get_or_insert_with(|| {
            let end =
                memchr::memchr(b'\n', &bytes[line_start..]).map_or(h.len(), |k| line_start + k);
            STAMP_WORD
                .find(&h[line_start..end])
                .map(|m| (line_start + m.start(), line_start + m.end()))
        });
        let before = &h[line_start..cue.start()];
        let blocked = match first {
            Some((_, e)) if e <= cue.start() => true,
            // The line's first stamp word runs into the cue: rare, ask the
            // whole pattern.
            Some((st, _)) if st < cue.start() => NOT_MEETING.is_match(before),
            _ => false,
        };
        if blocked || ends_with_le(before) {
            continue;
        }
        let window_end = (cue.end() + 160).min(h.len());
        let window_end = floor_char(h, window_end);
        if let Some(d) = first_date(&h[cue.end()..window_end], true) {
            return Some(d);
        }
    }
    // Fall back to the first unclaimed date of the head.
    let mut pos = 0;
    for line in h.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        if NOT_MEETING.is_match(line) {
            continue;
        }
        let _ = start;
        if let Some(d) = first_date(line, false) {
            return Some(d);
        }
    }
    None
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `s` ends with « le » and spaces, and maybe a colon (the end of a stamp
/// such as « Reçu le : »): the `le[ \t]+:?$` of `NOT_MEETING`.
fn ends_with_le(s: &str) -> bool {
    let t = s.strip_suffix(':').unwrap_or(s);
    let u = t.trim_end_matches([' ', '\t']);
    u.len() < t.len() && u.len() >= 2 && u.as_bytes()[u.len() - 2..].eq_ignore_ascii_case(b"le")
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first date in `s` (a session's first day when `session`).
fn first_date(s: &str, session: bool) -> Option<Date> {
    let bytes = s.as_bytes();
    for i in 0..bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            continue;
        }
        let sub = &s[i..];
        let r = if session {
            date::session_first_day(sub)
        } else if date::may_start_date(bytes, i) {
            date::date(sub)
        } else {
            // The parser's first bytes cannot be there: not worth its call
            // (a head full of « FR76 » would try each).
            continue;
        };
        if let Ok((_, d)) = r {
            // Stop at another cue between (« Retour Préfecture : … »).
            if NOT_MEETING.is_match(&s[..i]) && session {
                return None;
            }
            return Some(d);
        }
    }
    None
}

/// « L'an deux mille dix-sept, le 13 novembre » / « L'an deux mille vingt,
/// le dix neuf novembre »: the formula of municipal and departmental minutes.
fn written_year_date(h: &str) -> Option<Date> {
    static LAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)l'an[ \t\n]+((?:mil|deux)[a-zé \t\n-]{3,60}?)[ \t\n]*,?[ \t\n]+le[ \t\n]+([a-zéû0-9 \t\n-]{3,40})")
            .expect("valid regex")
    });
    let c = LAN.captures(h)?;
    let year = i64::from(crate::numbers::parse_count(c[1].trim())?);
    // The day runs to the month: « 13 novembre », « dix neuf novembre ».
    let words: Vec<&str> = c[2].split_whitespace().collect();
    let k = words
        .iter()
        .position(|w| date::month(w).is_ok_and(|(rest, _)| rest.is_empty()))?;
    let day_words = words[..k].join(" ");
    let day_words = day_words.trim_end_matches("er");
    let day: i64 = match day_words.parse() {
        Ok(d) => d,
        Err(_) => i64::from(crate::numbers::parse_count(day_words)?),
    };
    let (_, month) = date::month(words[k]).ok()?;
    Date::new(i16::try_from(year).ok()?, month, i8::try_from(day).ok()?).ok()
}

/// The dates after the first cues of transmission (`TRANSMITTED`: « Envoi
/// au contrôle de légalité le : ») and of publication (`PUBLISHED`) in `s`,
/// each looked for only when `want` says so. Both patterns match at a line
/// start, after blanks and `*>-`, with a word whose first letters (none of
/// them « s » or « k », the only ASCII letters that other characters fold
/// to) [`stamp_cues`] tests: they run on those lines only, in one pass, not
/// over every byte of a head that may be a long roll call.
fn stamp_dates(s: &str, want: (bool, bool)) -> (Option<Date>, Option<Date>) {
    let (mut transmitted, mut published) = (None, None);
    for (a, line) in lines(s) {
        let need = (
            want.0 && transmitted.is_none(),
            want.1 && published.is_none(),
        );
        if need == (false, false) {
            break;
        }
        let cues = stamp_cues(line);
        if need.0 && cues.0 {
            transmitted = date_after(&TRANSMITTED, s, a, line);
        }
        if need.1 && cues.1 {
            published = date_after(&PUBLISHED, s, a, line);
        }
    }
    (transmitted, published)
}

/// Can `TRANSMITTED`, `PUBLISHED` match on `line`? The first letters of
/// their words after `^[ \t*>-]*`, ASCII-case-insensitively: « envoi »,
/// « tran(smis) », « re(çu) », « ret(our) », « accu(sé) », « date »;
/// « publ(ié) », « affi(ché) », « mi(se) », « date ».
fn stamp_cues(line: &str) -> (bool, bool) {
    let b = line.as_bytes();
    let k = b
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t' | b'*' | b'>' | b'-'))
        .unwrap_or(b.len());
    let w = &b[k..];
    let starts = |p: &[u8]| w.get(..p.len()).is_some_and(|x| x.eq_ignore_ascii_case(p));
    let date = starts(b"date");
    let transmitted = date
        || starts(b"envoi")
        || starts(b"tran")
        || starts(b"accu")
        // « reçu », « REÇU » (ç and Ç start with 0xC3), « recu », « retour ».
        || (starts(b"re") && matches!(w.get(2), Some(b'c' | b'C' | b't' | b'T' | 0xC3)));
    let published = date || starts(b"publ") || starts(b"affi") || starts(b"mi");
    (transmitted, published)
}

/// The date after `re`'s match on `line` (at offset `a` of `s`): the date
/// may be on the next lines.
fn date_after(re: &Regex, s: &str, a: usize, line: &str) -> Option<Date> {
    let m = re.find(line)?;
    let rest = &s[a + m.end()..];
    let rest = rest.trim_start_matches([' ', '\t', ':', 'l', 'e']);
    date::date(rest).ok().map(|(_, d)| d)
}

/// « ARRAS, le 20 mars 2023 », « Fait à Lille, le … ».
fn signed(s: &str) -> Option<Date> {
    // `SIGNED` matches within one line (no class of it takes a `\n`, its
    // `^` is a line start) and needs « , le » there (a comma, blanks, « le »
    // and a blank, case and all): it runs only on the lines that hold one,
    // in order, instead of its automaton over every byte of the decision.
    let b = s.as_bytes();
    // The end of the last line read: a line is read once.
    let mut done = 0;
    for k in memchr::memchr_iter(b',', b) {
        if k < done {
            continue;
        }
        let rest = &b[k + 1..];
        let blanks = rest
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        if blanks == 0
            || !rest[blanks..].starts_with(b"le")
            || !matches!(rest.get(blanks + 2), Some(b' ' | b'\t'))
        {
            continue;
        }
        let std::ops::Range { start: a, end: e } = crate::text::line_around(b, done, k);
        done = e;
        // Only where the match ends is read: `find` gives it without the
        // capture groups' slower engine.
        for m in SIGNED.find_iter(&s[a..e]) {
            if let Ok((_, d)) = date::date(&s[a + m.end()..]) {
                return Some(d);
            }
        }
    }
    None
}

/// Where a name that starts at `from` ends: a comma, a full stop at the end
/// of a sentence, a new line, a role after a dash (« X - Maire »). A
/// surname that a converter put alone on the next line (« Monsieur Bernard
/// \n\nDEROSIER ») is kept with its first name.
fn name_end(s: &str, from: usize, limit: usize) -> usize {
    let rest = &s[from..limit];
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        if c == ',' || c == '\n' || c == ';' || c == '(' {
            end = i;
            break;
        }
        if rest[i..].starts_with(" - ") {
            end = i;
            break;
        }
        if c == '.' {
            // « M. » keeps its dot; a dot after a word of two letters or more
            // ends the name.
            let word = rest[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .count();
            if word >= 2 {
                end = i;
                break;
            }
        }
    }
    // Words in lower case after a surname in capitals are another column's
    // text (« Madame Lise MORIN montant total »), not the name.
    let mut seen_caps = false;
    let mut pos: usize = 0;
    for w in rest[..end].split(' ') {
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if seen_caps
            && letters > 0
            && w.chars().next().is_some_and(char::is_lowercase)
            && !matches!(w, "de" | "du" | "des" | "d'" | "van" | "von" | "le" | "la")
        {
            end = pos.saturating_sub(1).max(1).min(end);
            break;
        }
        if letters >= 2 && w.chars().all(|c| !c.is_lowercase()) && !w.ends_with('.') {
            seen_caps = true;
        }
        pos += w.len() + 1;
    }
    let has_surname = rest[..end].split_whitespace().any(|w| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && w.chars().all(|c| !c.is_lowercase())
            && !w.ends_with('.')
    });
    if !has_surname && rest[end..].starts_with('\n') {
        let after = rest[end..].trim_start_matches('\n');
        let line = after.split('\n').next().unwrap_or("").trim();
        let capitals = !line.is_empty()
            && line.chars().count() <= 40
            && line.chars().any(char::is_alphabetic)
            && line
                .chars()
                .all(|c| c.is_uppercase() || c == ' ' || c == '-' || c == '\'');
        if capitals {
            let at = rest.len() - after.len() + after.find(line).unwrap_or(0) + line.len();
            return from + at;
        }
    }
    from + end
}

/// The president, and the doyen d'âge who presided before the election.
fn presidents(text: &Text<'_>, head: Range<usize>) -> (Option<Person>, Option<Person>) {
    let h = &text.s[head.clone()];
    let Some(m) = PRESIDENT.find(h) else {
        return (None, None);
    };
    let mut from = head.start + m.end();
    // « sous la présidence de : Madame X »
    while text.s[from..head.end].starts_with([':', ' ']) {
        from += 1;
    }
    let end = name_end(text.s, from, head.end);
    let first = person::parse(text, from, end);
    let after = &text.s[end..head.end];
    // « …, doyen d'âge, puis après l'élection du Président …, de Monsieur X ».
    let window = &after[..floor_char(after, after.len().min(200))];
    if window.contains("doyen") {
        if let Some(k) = window
            .find(", de ")
            .or_else(|| window.find(" de Monsieur").map(|k| k + 3))
            .or_else(|| window.find(" de Madame").map(|k| k + 3))
        {
            let at = text.offset_of(after) + k + 4;
            let at = at.min(head.end);
            let second = person::parse(text, at, name_end(text.s, at, head.end));
            if second.is_some() {
                return (second, first);
            }
        }
    }
    (first, None)
}

/// The title patterns. Each matches within one line, so [`title`] runs
/// them line by line (the tests run them on the whole head to compare).
static OBJET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^[ \t]*|[ \t])(?:Objet|OBJET)[ \t]*:[ \t]*([^\n]{5,300}?)(?:[ \t]+(?:Commission|Dossier|Rapporteur|Service|Direction)[ \t]*(?:suivi[^:\n]*)?:|[ \t]+(?:La|Le)[ \t]+(?:Commission|Conseil)[ \t]|$)")
        .expect("valid regex")
});
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*\(N[°o][^)\n]*\)[ \t]*$").expect("valid regex"));
static DELIB_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*D[EÉ]LIB[EÉ]RATION[ \t]+N[°o]?[ \t]*[^ \t\n]+(?:[ \t]+-[ \t]+[^ \t\n]+)?[ \t]+(.{8,})$").expect("valid regex")
});

/// The title: the line(s) before « (N°…) », or after « Objet : », or the rest
/// of a « DELIBERATION N° … » line.
fn title(h: &str) -> Option<String> {
    // Each pattern matches within one line (their `^` and `$` are line
    // ends, and no class of theirs takes a `\n`), so each runs only on the
    // lines that can hold it, in order: the first line that matches holds
    // the whole text's first match. On the whole head, `OBJET`'s bounded
    // `[^\n]{5,300}?` makes the capture engine cost some 70,000 instructions
    // per deliberation.
    let numbered = lines(h).find_map(|(a, line)| {
        let t = line.trim_start_matches([' ', '\t']);
        t.starts_with("(N")
            .then(|| NUMBERED.find(line))
            .flatten()
            .map(|m| a + m.start())
    });
    if let Some(at) = numbered {
        // The paragraph just before the number line.
        let before = h[..at].trim_end();
        let para_start = before.rfind("\n\n").map_or(0, |k| k + 2);
        let t = collapse(&before[para_start..]);
        if !t.is_empty() && t.len() < 400 {
            return Some(t);
        }
    }
    static OBJET_WORD: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("bjet"));
    static OBJET_CAPS: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("BJET"));
    // Lines holding « Objet » or « OBJET », in order: `OBJET` needs one.
    let mut hits: Vec<usize> = OBJET_WORD
        .find_iter(h.as_bytes())
        .chain(OBJET_CAPS.find_iter(h.as_bytes()))
        .filter(|&k| k > 0 && matches!(h.as_bytes()[k - 1], b'O'))
        .collect();
    hits.sort_unstable();
    let b = h.as_bytes();
    let mut tried = None;
    // The line of the current hit: its start, its end and the end of its
    // leading blanks, found once per line (a head that is one long line
    // full of « Objet » would otherwise be rescanned from each).
    let mut cur: Option<(usize, usize, usize)> = None;
    for k in hits {
        let (a, e, lead) = match cur {
            Some(c) if k <= c.1 => c,
            prev => {
                let lo = prev.map_or(0, |c| c.1);
                let std::ops::Range { start: a, end: e } = crate::text::line_around(b, lo, k);
                let lead = a + b[a..e]
                    .iter()
                    .take_while(|&&c| c == b' ' || c == b'\t')
                    .count();
                (a, e, lead)
            }
        };
        cur = Some((a, e, lead));
        if tried == Some(a) {
            continue;
        }
        let line = &h[a..e];
        let o = k - 1;
        let at = o - a;
        if !(o <= lead || matches!(b[o - 1], b' ' | b'\t')) {
            // Not where `OBJET` can start: a later « Objet » of the line may.
            continue;
        }
        tried = Some(a);
        // The first try of `OBJET` at this « Objet » (every blank after the
        // colon taken, the title ending at the first terminator); only when
        // it fails does the regex itself, with its backtracking, run.
        if let Some(t) = objet_title(&line[at + 5..]) {
            return Some(collapse(t));
        }
        if let Some(c) = OBJET.captures(line) {
            return Some(collapse(&c[1]));
        }
    }
    lines(h).find_map(|(_, line)| {
        let t = line.trim_start_matches([' ', '\t']);
        if !(t.starts_with("DELIB") || t.starts_with("DÉLIB")) {
            return None;
        }
        DELIB_LINE.captures(line).map(|c| collapse(&c[1]))
    })
}

/// What `OBJET` captures first after « Objet » (the line's rest is `rest`):
/// blanks, a colon and every blank after it, then 5 to 300 characters up to
/// the first place where a terminator (`TERMINATOR` or the line's end)
/// starts. `None` when that first try fails (the regex may still match by
/// backtracking).
fn objet_title(rest: &str) -> Option<&str> {
    static TERMINATOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[ \t]+(?:Commission|Dossier|Rapporteur|Service|Direction)[ \t]*(?:suivi[^:\n]*)?:|[ \t]+(?:La|Le)[ \t]+(?:Commission|Conseil)[ \t]")
            .expect("valid regex")
    });
    let q = rest
        .trim_start_matches([' ', '\t'])
        .strip_prefix(':')?
        .trim_start_matches([' ', '\t']);
    let mut chars = q
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(q.len()));
    let min = chars.nth(5)?;
    let end = TERMINATOR
        .find(&q[min..])
        .map_or(q.len(), |m| min + m.start());
    (q[..end].chars().count() <= 300).then(|| &q[..end])
}

/// The lines of `s`, each with its offset, without their `\n`.
fn lines(s: &str) -> impl Iterator<Item = (usize, &str)> {
    crate::text::lines_of(s).map(|(a, line)| (a, line.strip_suffix('\n').unwrap_or(line)))
}

/// Builds this module's patterns now rather than at their first use (see
/// [`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&MEETING_CUE);
    LazyLock::force(&NOT_MEETING);
    LazyLock::force(&STAMP_WORD);
    LazyLock::force(&TRANSMITTED);
    LazyLock::force(&PUBLISHED);
    LazyLock::force(&SIGNED);
    LazyLock::force(&NUMBER);
    LazyLock::force(&PRESIDENT);
    LazyLock::force(&SECRETARY);
    LazyLock::force(&PLACE);
    LazyLock::force(&ITEM);
    LazyLock::force(&NUMBER_WORD);
    LazyLock::force(&OBJET);
    LazyLock::force(&NUMBERED);
    LazyLock::force(&DELIB_LINE);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`body`] as it was: the whole head folded at once.
    fn body_whole_head(h: &str) -> Option<Body> {
        body_of_fold(&crate::departements::fold(
            &h[..floor_char(h, h.len().min(8192))],
        ))
    }

    #[test]
    fn body_by_pieces_is_body_of_the_whole_head() {
        let words = [
            "COMMISSION",
            "Commission",
            "PERMANENTE",
            "permanente",
            "CONSEIL",
            "Départemental",
            "GENERAL",
            "Général",
            "ASSEMBLEE",
            "Assemblée",
            "DEPARTEMENTALE",
            "BUREAU",
            "du",
            "Le",
            "COMITE",
            "Syndical",
            "Réunion",
            "SEANCE",
            "municipal",
            "communautaire",
            "Régional",
            "x",
            "é",
            "\u{301}",
            "-",
            "'",
            "\n",
            "\n\n",
            " ",
            "\t",
            "\u{a0}",
            "ß",
            "DÉLIBÉRATION",
        ];
        let mut next = crate::text::xorshift(0xb0d1);
        for round in 0..4000 {
            let n = (next() % 400) as usize;
            let mut h = String::new();
            while h.len() < n * 3 {
                let w = words[(next() % words.len() as u64) as usize];
                h.push_str(w);
                if round % 2 == 0 && next() % 3 == 0 {
                    h.push(' ');
                }
            }
            assert_eq!(body(&h), body_whole_head(&h), "{h:?}");
        }
        // A phrase across the cut, and past the 8192 bytes read.
        for pad in [BODY_PIECE - 12, BODY_PIECE - 3, BODY_PIECE, 8180, 8190] {
            for sep in ["\n", " \n ", "\n\n-"] {
                let h = format!(
                    "{}COMMISSION{sep}PERMANENTE\nCONSEIL GENERAL",
                    "a".repeat(pad)
                );
                assert_eq!(body(&h), body_whole_head(&h), "{pad} {sep:?}");
                let h = format!(
                    "{}\nCOMMIS\nSION PERMANENTE\nBUREAU DEPARTEMENTAL",
                    "a ".repeat(pad / 2)
                );
                assert_eq!(body(&h), body_whole_head(&h), "{pad}");
            }
        }
    }
    use crate::offsets::OffsetMap;
    use jiff::civil::date as d;

    fn header(s: &str) -> Header {
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        extract(&t, 0..s.len(), 0..s.len(), 0..s.len())
    }

    /// What `NUMBER` and `ITEM` find when run on the whole head.
    fn number_matches_whole(h: &str) -> (Vec<(usize, usize, String)>, Option<String>) {
        let all = NUMBER
            .captures_iter(h)
            .map(|c| (c[0].len(), c[1].len(), c[1].to_owned()))
            .collect();
        (all, ITEM.captures(h).map(|c| c[1].to_owned()))
    }

    /// The same, read from the gated lines.
    fn number_matches_lines(h: &str) -> (Vec<(usize, usize, String)>, Option<String>) {
        let all = number_lines(h)
            .flat_map(|l| NUMBER.captures_iter(l))
            .map(|c| (c[0].len(), c[1].len(), c[1].to_owned()))
            .collect();
        (all, item(h))
    }

    #[test]
    fn number_lines_find_what_the_whole_head_holds() {
        for h in [
            "DELIBERATION N° 3.1 - DE/2016/191 Modification",
            "x\n  (N°2023-121)\nN 12 CP\n",
            "Étaient présents : M. A, Mme B\nArrêté n°2016-C-039 du 18 mars 2016",
            "la délibération N° 033/18 et suivantes\n031/24 :\n",
            "SÉANCE DÉLIBÉRATION N° 12/4 - AB/2 CP\n\t( n. 77\n",
            "**DELIBERATION DE LA COMMISSION\nsans voix délibérative : M. A\n(N°2023-121)\n",
            "ARRÊTÉ\tn 12\nARRETE N°3\nARRÊTE n 4\nDÉLIBÉRATION\nN° 5\nDelib 6\n",
            "",
            "\n\n",
        ] {
            assert_eq!(number_matches_lines(h), number_matches_whole(h), "{h:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn number_lines_agree_with_the_whole_head(
            h in "((DELIBERATION|DÉLIBÉRATION|DÉLIBERATION|DELIBÉRATION|Délibération|Deliberation|délibérative|ARRÊTÉ|ARRETE|ARRÊTE|ARRET|Arrêté|Arrete|LIB|lib|ARR|Arr|ABC|2016|: |\\. |\\(N°|\\(|\\*\\*|N|n|n°|no|°|[ \t]|\n|[0-9]{1,4}|/|-|_|CP|[A-Z]{1,3}|[a-zé]{1,3}|É|Ê|:|\\.) ?){0,24}"
        ) {
            proptest::prop_assert_eq!(number_matches_lines(&h), number_matches_whole(&h));
        }
    }

    #[test]
    fn seed_like_header() {
        let h = header(
            "Envoi au contrôle de légalité le : 19 avril 2023\n\nPublication électronique le : 19 avril 2023\n\nDEPARTEMENT DU PAS-DE-CALAIS\n\nDELIBERATION DE LA COMMISSION PERMANENTE\nDU CONSEIL DEPARTEMENTAL\n\nREUNION DU 20 MARS 2023\n\nPRESIDENCE DE MONSIEUR JEAN DUPOND\n\nSecrétaire : Mme Marie MARTIN\n\nTITRE DE LA\nDELIBERATION\n\n(N°2023-121)\n\nARRAS, le 20 mars 2023\n",
        );
        assert_eq!(h.authority.unwrap().code.as_deref(), Some("62"));
        assert_eq!(h.body, Some(Body::CommissionPermanente));
        assert_eq!(h.number.as_deref(), Some("2023-121"));
        assert_eq!(h.meeting_date, Some(d(2023, 3, 20)));
        assert_eq!(h.dates.transmitted, Some(d(2023, 4, 19)));
        assert_eq!(h.dates.published, Some(d(2023, 4, 19)));
        assert_eq!(h.dates.signed, Some(d(2023, 3, 20)));
        assert_eq!(h.title.as_deref(), Some("TITRE DE LA DELIBERATION"));
        assert_eq!(h.president.unwrap().last_name.as_deref(), Some("DUPOND"));
        assert_eq!(h.secretary.unwrap().first_name.as_deref(), Some("Marie"));
    }

    #[test]
    fn numbers() {
        assert_eq!(
            number("DELIBERATION N° 3.1 - DE/2016/191 Modification"),
            Some("DE/2016/191".into())
        );
        assert_eq!(
            number("DELIBERATION N DE/2016/191 Modification"),
            Some("DE/2016/191".into())
        );
        assert_eq!(number("N° 21/152 CP\n"), Some("21/152 CP".into()));
        assert_eq!(number("(N°2023-121)"), Some("2023-121".into()));
        assert_eq!(
            number("Le compte rendu est signé.\n\n031/24 :\n\nTITRE\n"),
            Some("031/24".into())
        );
        assert_eq!(number("Délibération 1/2018\n"), Some("1/2018".into()));
        assert_eq!(
            number("Arrêté n°2016-C-039 du 18 mars 2016"),
            Some("2016-C-039".into())
        );
        assert_eq!(
            number("COMMISSION PERMANENTE Délibération n CP_14_814 Objet"),
            Some("CP_14_814".into())
        );
        assert_eq!(
            number("arrivé pour le vote de la délibération N° 033/18 et suivantes"),
            None
        );
    }

    #[test]
    fn stamps_are_not_meetings() {
        let h = header(
            "Retour Préfecture : 26/09/2020\nCOMMISSION PERMANENTE\nRéunion du 21 septembre 2020\n",
        );
        assert_eq!(h.meeting_date, Some(d(2020, 9, 21)));
        assert_eq!(h.dates.transmitted, Some(d(2020, 9, 26)));
        let h = header("CONSEIL DEPARTEMENTAL Réunion des 15 et 16 mars 2021");
        assert_eq!(h.meeting_date, Some(d(2021, 3, 15)));
    }

    #[test]
    fn dates_written_in_words() {
        let h = header(
            "L'an deux mille dix-sept, le 13 novembre, à 20 H 30, le Conseil Municipal s'est réuni.\nProcès-verbal de la séance du 22 octobre 2017",
        );
        assert_eq!(h.meeting_date, Some(d(2017, 11, 13)));
        let h = header(
            "Séance du 19 novembre 2020\nL'an deux mille vingt, le dix neuf novembre à dix-huit heures",
        );
        assert_eq!(h.meeting_date, Some(d(2020, 11, 19)));
        let h = header(
            "Séance publique\ndu jeudi 28 octobre 2021\nLa convocation a été faite le 22 octobre 2021",
        );
        assert_eq!(h.meeting_date, Some(d(2021, 10, 28)));
    }

    #[test]
    fn places_and_names_split_over_lines() {
        let h = header(
            "La Commission s'est réunie Salle du Conseil départemental, sous la présidence de : Madame Lise MORIN.\n",
        );
        assert_eq!(h.place.as_deref(), Some("Salle du Conseil départemental"));
        assert_eq!(h.president.unwrap().text, "Madame Lise MORIN");
        let h = header(
            "le Conseil s'est réuni au nombre prescrit par la loi, sous la présidence de Monsieur Paul\n\nDURAND\n\n, Président.\n",
        );
        assert_eq!(h.place, None);
        assert_eq!(h.president.unwrap().last_name.as_deref(), Some("DURAND"));
        let h = header(
            "s'est réuni en visio-conférence les 15 et 16 mars 2021 sous la présidence de Monsieur Jean BRUN - Maire\n",
        );
        assert_eq!(h.place.as_deref(), Some("visio-conférence"));
        assert_eq!(h.president.unwrap().text, "Monsieur Jean BRUN");
        let h = header("sous la présidence de : Madame Lise MORIN montant total des aides\n");
        assert_eq!(h.president.unwrap().text, "Madame Lise MORIN");
        let h = header(
            "Réunion du 24 novembre 2014 Délibération n CP_14_814 Objet : Aide aux entreprises 2014 Commission : Actions économiques\n",
        );
        assert_eq!(h.title.as_deref(), Some("Aide aux entreprises 2014"));
    }

    #[test]
    fn stamps_in_running_text_are_not_dates_of_the_act() {
        let h = header(
            "Séance du 19 novembre 2020\nle règlement a été affiché en date du 12 novembre 2020\n",
        );
        assert_eq!(h.dates.published, None);
    }

    #[test]
    fn doyen_then_president() {
        let h = header(
            "s'est réuni le 31 mars 2011 sous la présidence de Monsieur Jean AINE, doyen d'âge, puis après l'élection du Président, de Monsieur Paul NEUF.\n",
        );
        assert_eq!(h.president.unwrap().last_name.as_deref(), Some("NEUF"));
        assert_eq!(
            h.president_before_election.unwrap().last_name.as_deref(),
            Some("AINE")
        );
    }

    /// `title` as it was before its patterns ran line by line: each on the
    /// whole head.
    fn title_whole_head(h: &str) -> Option<String> {
        if let Some(m) = NUMBERED.find(h) {
            let before = h[..m.start()].trim_end();
            let para_start = before.rfind("\n\n").map_or(0, |k| k + 2);
            let t = collapse(&before[para_start..]);
            if !t.is_empty() && t.len() < 400 {
                return Some(t);
            }
        }
        if let Some(c) = OBJET.captures(h) {
            return Some(collapse(&c[1]));
        }
        if let Some(c) = DELIB_LINE.captures(h) {
            return Some(collapse(&c[1]));
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn title_line_by_line_is_title_on_the_whole_head(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Objet", "OBJET", "bjet", " : ", ":", " ", "\t", "\n", "\n\n", "(N°", "(No", "(N",
                    ")", "2023-121", "DELIBERATION", "DÉLIBÉRATION", " N° ", "CP_14", " - ", "DE/2016",
                    "Aide aux entreprises", " Commission", " Service :", " La Commission ", " Le Conseil ",
                    "é", "x", "suivi", "Dossier", "Rapporteur", "   ", "ab", " Direction suivi x:",
                    "une phrase de cent caractères une phrase de cent caractères une phrase de cent caractères xx",
                ]),
                0..40,
            )
        ) {
            let h = parts.concat();
            proptest::prop_assert_eq!(title(&h), title_whole_head(&h));
        }
    }

    #[test]
    fn body_takes_the_first_rank_even_inside_another_phrase() {
        assert_eq!(
            body("Le Bureau du Conseil départemental"),
            Some(Body::ConseilDepartemental)
        );
        assert_eq!(
            body("SÉANCE DU BUREAU\nCommission permanente"),
            Some(Body::CommissionPermanente)
        );
        assert_eq!(body("bureaux de vote"), None);
    }

    proptest::proptest! {
        #[test]
        fn objet_lines_give_the_regex_title(
            lines in proptest::collection::vec(
                "[ \t]{0,2}(x |Objet|OBJET)[ \t]{0,2}:?[ \t]{0,7}(abcdefghij|abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij|é|b| La Commission | Le Conseil |Service :| Dossier suivi x:| Direction :|[ \t]|Objet :){0,40}",
                1..4,
            )
        ) {
            let h = lines.join("\n");
            proptest::prop_assert_eq!(title(&h), title_whole_head(&h));
        }
    }

    proptest::proptest! {
        #[test]
        fn long_objet_lines_give_the_regex_title(
            line in "[ \t]{0,2}Objet[ \t]{0,2}:[ \t]{0,3}(abcdefghij|é|[ \t]){0,45}( Service :)?[a-z ]{0,5}"
        ) {
            proptest::prop_assert_eq!(title(&line), title_whole_head(&line));
        }
    }

    #[test]
    fn objet_titles_at_their_bounds() {
        // Over 300 characters to the line's end: no title.
        let line = format!("Objet : {}", "abcdefghij".repeat(35));
        assert_eq!(title(&line), None);
        assert_eq!(title_whole_head(&line), None);
        // Fewer than 5 characters after the blanks: the regex backtracks
        // into the blanks.
        for line in [
            "Objet :   ab",
            "Objet :      Service : x",
            "Objet : abcd\nObjet : efghi",
        ] {
            assert_eq!(title(line), title_whole_head(line), "{line:?}");
        }
    }

    /// `dated_after` as it was: the regex over the whole text.
    fn dated_after_whole(re: &Regex, s: &str) -> Option<Date> {
        for m in re.find_iter(s) {
            let rest = s[m.end()..].trim_start_matches([' ', '\t', ':', 'l', 'e']);
            if let Ok((_, d)) = date::date(rest) {
                return Some(d);
            }
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn stamps_line_by_line_are_stamps_on_the_whole_text(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Envoi au contrôle de légalité le : ", "ENVOI AU CONTROLE DE LEGALITE", "Transmis à la préfecture le ",
                    "Reçu en préfecture le ", "RETOUR PREFECTURE : ", "Accusé de réception préfecture ",
                    "Date de réception en préfecture : ", "Publication électronique le : ", "Publié le ",
                    "Affiché le ", "Mise en ligne le ", "date d'affichage : ", "12 mars 2023", "19/04/2023",
                    "\n", "\n", " ", "* ", "> ", "- ", "\t", "x", "le ", ": ", "31 février 2023",
                    "TRANſMIS A LA PREFECTURE ", "REÇU A LA PRÉFECTURE ", "recue par la prefecture ",
                    "retour préfecture ", "ACCUSÉ DE RÉCEPTION EN PRÉFECTURE ", "miſe en ligne ",
                    "MIS EN LIGNE ", "PUBLIEE ", "affichée ", "DATE D'AFFICHAGE ", "Transmission en préfecture ",
                    "accusé de réception reçu en préfecture ",
                ]),
                0..24,
            )
        ) {
            let s = parts.concat();
            let want = (dated_after_whole(&TRANSMITTED, &s), dated_after_whole(&PUBLISHED, &s));
            proptest::prop_assert_eq!(stamp_dates(&s, (true, true)), want);
            proptest::prop_assert_eq!(stamp_dates(&s, (true, false)), (want.0, None));
            proptest::prop_assert_eq!(stamp_dates(&s, (false, true)), (None, want.1));
        }
    }

    /// `signed` as it was: the regex over the whole text.
    fn signed_whole(s: &str) -> Option<Date> {
        for m in SIGNED.find_iter(s) {
            if let Ok((_, d)) = date::date(&s[m.end()..]) {
                return Some(d);
            }
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn signatures_on_their_lines_are_signatures_on_the_whole_text(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "ARRAS", "Fait à Lille", "Fait a Douai", "Saint-Omer", "L'Île", "ÉTAPLES",
                    "arras", ",", ", ", ",\t", " le ", "le", "le\t", "Le ", " ", "  ", "\n", "\n",
                    "\t", "20 mars 2023", "19/04/2023", "1er avril 2024", "31 février 2023", "x",
                    "é", "-", "'", "Fait", "à", ",,", ", le\n",
                ]),
                0..24,
            )
        ) {
            let s = parts.concat();
            proptest::prop_assert_eq!(signed(&s), signed_whole(&s));
        }
    }

    /// `first_date` without the byte test before the date parser.
    fn first_date_ungated(s: &str) -> Option<Date> {
        let bytes = s.as_bytes();
        for i in 0..bytes.len() {
            if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
                continue;
            }
            if let Ok((_, d)) = date::date(&s[i..]) {
                return Some(d);
            }
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn first_date_is_the_same_with_the_byte_test(
            s in "(FR76|IBAN : |x|é| |  |\\n|[0-9]{1,5}|er|°|/|-|janvier|MARS|au|du|,|[0-9]{1,3}(er|°)? ?(janvier|Février|MARS|août|déc\\.|sept\\.|Novembre|x) [0-9]{2,5}|[0-9]{1,3}[/.-][0-9]{1,2}[/.-][0-9]{2,5}|[0-9]{4}-[0-9]{2}-[0-9]{2})*"
        ) {
            proptest::prop_assert_eq!(first_date(&s, false), first_date_ungated(&s));
        }
    }
}
