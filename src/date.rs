//! Dates as French documents print them: `20 mars 2023`, `1er janvier 2023`,
//! `le vendredi 24 mai 2019`, `01/07/2021`, `les 15 et 16 mars 2021`, and
//! periods (`du 1er janvier 2023 au 31 décembre 2025`).
//!
//! An impossible date (`31 février 2023`) is not a date: the parsers fail on
//! it, and callers that care report it.

use jiff::civil::Date;
use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, tag_no_case, take_while_m_n},
    character::complete::{char, digit1, multispace0, multispace1, space0, space1},
    combinator::{map_res, opt, verify},
    sequence::{preceded, terminated},
};

const MONTHS: [(&str, i8); 17] = [
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("sept.", 9),
    ("déc.", 12),
];

/// A French month name, any case: `mars`, `MARS`, `Décembre`, `DECEMBRE`.
pub fn month(input: &str) -> IResult<&str, i8> {
    let word_len = input
        .char_indices()
        .find(|(_, c)| !(c.is_alphabetic() || *c == '.'))
        .map_or(input.len(), |(i, _)| i);
    let word = &input[..word_len];
    // An ASCII word is lowered without a new string (most words are not
    // months, most months are ASCII).
    let found = if word.is_ascii() {
        MONTHS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(word))
    } else {
        let lower = word.to_lowercase();
        MONTHS.iter().find(|(name, _)| lower == *name)
    };
    if let Some(&(_, m)) = found {
        return Ok((&input[word_len..], m));
    }
    Err(nom::Err::Error(nom::error::Error::new(
        input,
        nom::error::ErrorKind::Tag,
    )))
}

fn day_number(input: &str) -> IResult<&str, i8> {
    let (rest, d) = map_res(
        take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
        str::parse::<i8>,
    )
    .parse(input)?;
    // « 1er », « 1^{er} » (normalised to « 1er »), « 1ER ».
    let (rest, _) = opt(alt((tag_no_case("er"), tag("°")))).parse(rest)?;
    Ok((rest, d))
}

fn year(input: &str) -> IResult<&str, i16> {
    map_res(verify(digit1, |s: &str| s.len() == 4), str::parse::<i16>).parse(input)
}

fn weekday(input: &str) -> IResult<&str, ()> {
    let (rest, _) = alt((
        tag_no_case("lundi"),
        tag_no_case("mardi"),
        tag_no_case("mercredi"),
        tag_no_case("jeudi"),
        tag_no_case("vendredi"),
        tag_no_case("samedi"),
        tag_no_case("dimanche"),
    ))
    .parse(input)?;
    let (rest, _) = multispace1(rest)?;
    Ok((rest, ()))
}

fn make(y: i16, m: i8, d: i8) -> Result<Date, jiff::Error> {
    Date::new(y, m, d)
}

/// The date `y-m-d` with the rest of the input, or a parse error at
/// `input` when that day does not exist (« 31 février »).
fn checked<'a>(input: &'a str, rest: &'a str, y: i16, m: i8, d: i8) -> IResult<&'a str, Date> {
    match make(y, m, d) {
        Ok(date) => Ok((rest, date)),
        Err(_) => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        ))),
    }
}

/// `20 mars 2023`, `1er janvier 2023`, `vendredi 24 mai 2019`, `20mars 2023`.
pub fn long_date(input: &str) -> IResult<&str, Date> {
    let (rest, _) = opt(weekday).parse(input)?;
    let (rest, d) = day_number(rest)?;
    let (rest, _) = multispace0(rest)?;
    let (rest, m) = month(rest)?;
    let (rest, _) = multispace1(rest)?;
    let (rest, y) = year(rest)?;
    checked(input, rest, y, m, d)
}

/// `01/07/2021`, `1/7/2021`, `01.07.2021`, `01-07-2021`.
pub fn numeric_date(input: &str) -> IResult<&str, Date> {
    let two = || {
        map_res(
            take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
            str::parse::<i8>,
        )
    };
    let (rest, d) = two().parse(input)?;
    let (rest, sep) = alt((char('/'), char('.'), char('-'))).parse(rest)?;
    let (rest, m) = two().parse(rest)?;
    let (rest, _) = char(sep).parse(rest)?;
    let (rest, y) = year(rest)?;
    checked(input, rest, y, m, d)
}

/// Any single date: long or numeric.
pub fn date(input: &str) -> IResult<&str, Date> {
    alt((long_date, numeric_date)).parse(input)
}

/// The first day of a session printed as `15 et 16 mars 2021` or
/// `15, 16 et 17 mars 2021` (or a single `20 mars 2023`).
pub fn session_first_day(input: &str) -> IResult<&str, Date> {
    if let Ok(r) = date(input) {
        return Ok(r);
    }
    let (rest, first) = day_number(input)?;
    let mut rest = rest;
    // Further days: « , 16 », « et 16 ».
    loop {
        let step: IResult<&str, i8> = preceded(
            alt((
                preceded(space0, tag(",")).map(|_| ()),
                preceded(space1, tag_no_case("et")).map(|_| ()),
                preceded(space0, tag("-")).map(|_| ()),
            )),
            preceded(space0, day_number),
        )
        .parse(rest);
        match step {
            Ok((r, _)) => rest = r,
            Err(_) => break,
        }
    }
    let (rest, _) = multispace1(rest)?;
    let (rest, m) = month(rest)?;
    let (rest, _) = multispace1(rest)?;
    let (rest, y) = year(rest)?;
    checked(input, rest, y, m, first)
}

/// A period: `du 1er janvier 2023 au 31 décembre 2025`, or years `2023-2025`
/// (from 1 January of the first to 31 December of the last).
pub fn period(input: &str) -> IResult<&str, (Date, Date)> {
    let dates = (
        preceded(terminated(tag_no_case("du"), multispace1), date),
        preceded(
            (
                multispace1,
                alt((tag_no_case("au"), tag_no_case("jusqu'au"))),
                multispace1,
            ),
            date,
        ),
    );
    let years = verify(
        (year, preceded(alt((tag("-"), tag("/"), tag(" - "))), year)),
        |(a, b): &(i16, i16)| b > a && b - a <= 20,
    )
    .map_res(|(a, b)| Ok::<_, jiff::Error>((make(a, 1, 1)?, make(b, 12, 31)?)));
    alt((dates, years)).parse(input)
}

/// What [`find_dates`] found at a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A single date.
    Date(Date),
    /// A period, first and last day.
    Period(Date, Date),
    /// Something shaped like a date that does not exist (`31 février 2023`).
    Impossible,
}

/// Finds every date and period in `text`, with their byte ranges;
/// impossible dates come back as [`Found::Impossible`] so that the caller
/// can report them.
///
/// Only digits are looked for: every date starts with one, and a period
/// written « du [lundi] 1er … » has its first digit right after « du », its
/// blanks and its weekday, so each digit looks back for the « du » that may
/// start a period there ([`du_before`]). The grammar is read by hand
/// ([`Reader`]), as the parsers above read it (a test compares them).
pub fn find_dates(text: &str) -> Vec<(usize, usize, Found)> {
    let mut out = Vec::new();
    let r = Reader {
        s: text,
        b: text.as_bytes(),
    };
    let b = r.b;
    // Where the last find ended: nothing before it is read again.
    let mut floor = 0;
    let mut i = 0;
    while let Some(d0) = crate::money::next_digit(b, i) {
        if let Some(s) = du_before(b, d0).filter(|&s| s >= floor) {
            if may_start_date(b, s) {
                if let Some((end, x, y)) = r.period(s) {
                    out.push((s, end, Found::Period(x, y)));
                    (floor, i) = (end, end);
                    continue;
                }
            }
        }
        let at_word_start = d0 == 0 || !b[d0 - 1].is_ascii_alphanumeric();
        if at_word_start && may_start_date(b, d0) {
            // No weekday starts with a digit: the long date's shape is read
            // once, for the date and the impossible date alike; a numeric
            // date cannot have that shape (its day is followed by « / »,
            // « . » or « - », a long date's is not).
            let found = match r.period(d0) {
                Some((end, x, y)) => Some((end, Found::Period(x, y))),
                None => match r.long(d0, false) {
                    Some((end, y, m, d)) => {
                        Some((end, make(y, m, d).map_or(Found::Impossible, Found::Date)))
                    }
                    None => r.numeric(d0).map(|(end, d)| (end, Found::Date(d))),
                },
            };
            if let Some((end, f)) = found {
                out.push((d0, end, f));
                (floor, i) = (end, end);
                continue;
            }
        }
        // The digits after this one start no word.
        i = d0 + crate::text::digits_at(b, d0);
    }
    out
}

/// Where « du » starts when what precedes the digit at `d0` is « du »,
/// blanks, and optionally a weekday and blanks (any case), « du » starting
/// a word: the only place a period « du … » whose first digit is `d0` can
/// start.
fn du_before(b: &[u8], d0: usize) -> Option<usize> {
    let blanks_back = |mut k: usize| {
        while k > 0 && matches!(b[k - 1], b' ' | b'\t' | b'\r' | b'\n') {
            k -= 1;
        }
        k
    };
    let ends_with = |k: usize, w: &[u8]| k >= w.len() && b[k - w.len()..k].eq_ignore_ascii_case(w);
    let q = blanks_back(d0);
    // « du » and every weekday end in « u », « i » or « e »: most digits
    // have another letter, or none, before their blanks.
    if q == d0 || q == 0 || !matches!(b[q - 1] | 0x20, b'u' | b'i' | b'e') {
        return None;
    }
    let q = match WEEKDAYS.iter().find(|w| ends_with(q, w.as_bytes())) {
        Some(w) => {
            let k = q - w.len();
            let q = blanks_back(k);
            if q == k {
                return None;
            }
            q
        }
        None => q,
    };
    if !ends_with(q, b"du") {
        return None;
    }
    let s = q - 2;
    (s == 0 || !b[s - 1].is_ascii_alphanumeric()).then_some(s)
}

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// The date grammar of [`period`], [`date`] and [`long_date`] read by hand
/// on bytes, for [`find_dates`]: each reader takes a position and gives
/// where what it read ends. Tags compare ASCII letters in any case, as
/// the parsers do (no other character lowers to their letters).
struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
}

impl Reader<'_> {
    fn at(&self, k: usize) -> u8 {
        self.b.get(k).copied().unwrap_or(0)
    }

    /// After the blanks (`multispace0`) at `k`.
    fn blanks(&self, mut k: usize) -> usize {
        while matches!(self.at(k), b' ' | b'\t' | b'\r' | b'\n') {
            k += 1;
        }
        k
    }

    /// After one blank or more (`multispace1`).
    fn blanks1(&self, k: usize) -> Option<usize> {
        let e = self.blanks(k);
        (e > k).then_some(e)
    }

    fn tag_ci(&self, k: usize, w: &[u8]) -> Option<usize> {
        self.b
            .get(k..k + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
            .then_some(k + w.len())
    }

    fn digits(&self, k: usize) -> usize {
        crate::text::digits_at(self.b, k)
    }

    /// One or two digits (`take_while_m_n(1, 2, …)`) and their value.
    fn two(&self, k: usize) -> Option<(usize, i8)> {
        let n = self.digits(k).min(2);
        if n == 0 {
            return None;
        }
        let v = self.b[k..k + n]
            .iter()
            .fold(0i8, |v, c| v * 10 + (c - b'0') as i8);
        Some((k + n, v))
    }

    /// [`day_number`].
    fn day(&self, k: usize) -> Option<(usize, i8)> {
        let (e, d) = self.two(k)?;
        let e = self
            .tag_ci(e, b"er")
            .or_else(|| self.b[e..].starts_with("°".as_bytes()).then_some(e + 2))
            .unwrap_or(e);
        Some((e, d))
    }

    /// [`year`]: a run of exactly four digits.
    fn year(&self, k: usize) -> Option<(usize, i16)> {
        if self.digits(k) != 4 {
            return None;
        }
        let v = self.b[k..k + 4]
            .iter()
            .fold(0i16, |v, c| v * 10 + i16::from(c - b'0'));
        Some((k + 4, v))
    }

    /// [`weekday`], its blanks included.
    fn weekday(&self, k: usize) -> Option<usize> {
        if !matches!(self.at(k) | 0x20, b'l' | b'm' | b'j' | b'v' | b's' | b'd') {
            return None;
        }
        let e = WEEKDAYS.iter().find_map(|w| self.tag_ci(k, w.as_bytes()))?;
        self.blanks1(e)
    }

    /// [`month`]; no month starts with another letter than these (nor
    /// lowers to them from outside ASCII).
    fn month(&self, k: usize) -> Option<(usize, i8)> {
        if !matches!(
            self.at(k).to_ascii_lowercase(),
            b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
        ) {
            return None;
        }
        // An ASCII word (most) is compared here; [`month`] reads the others.
        let n = self.b[k..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic() || **c == b'.')
            .count();
        if self.at(k + n) < 0x80 {
            let word = &self.b[k..k + n];
            let &(_, m) = MONTHS
                .iter()
                .find(|(name, _)| name.as_bytes().eq_ignore_ascii_case(word))?;
            return Some((k + n, m));
        }
        let (rest, m) = month(&self.s[k..]).ok()?;
        Some((self.s.len() - rest.len(), m))
    }

    /// The shape of [`long_date`] (its weekday if `weekday`): where it
    /// ends, year, month and day, the day not checked.
    fn long(&self, k: usize, weekday: bool) -> Option<(usize, i16, i8, i8)> {
        let k = if weekday {
            self.weekday(k).unwrap_or(k)
        } else {
            k
        };
        let (e, d) = self.day(k)?;
        let (e, m) = self.month(self.blanks(e))?;
        let (e, y) = self.year(self.blanks1(e)?)?;
        Some((e, y, m, d))
    }

    /// [`numeric_date`].
    fn numeric(&self, k: usize) -> Option<(usize, Date)> {
        let (e, d) = self.two(k)?;
        let sep = self.at(e);
        if !matches!(sep, b'/' | b'.' | b'-') {
            return None;
        }
        let (e, m) = self.two(e + 1)?;
        if self.at(e) != sep {
            return None;
        }
        let (e, y) = self.year(e + 1)?;
        Some((e, make(y, m, d).ok()?))
    }

    /// [`date`].
    fn date(&self, k: usize) -> Option<(usize, Date)> {
        if let Some((e, y, m, d)) = self.long(k, true) {
            if let Ok(date) = make(y, m, d) {
                return Some((e, date));
            }
        }
        self.numeric(k)
    }

    /// [`period`].
    fn period(&self, k: usize) -> Option<(usize, Date, Date)> {
        let dates = || {
            let e = self.blanks1(self.tag_ci(k, b"du")?)?;
            let (e, a) = self.date(e)?;
            let e = self.blanks1(e)?;
            let e = self
                .tag_ci(e, b"au")
                .or_else(|| self.tag_ci(e, b"jusqu'au"))?;
            let (e, b) = self.date(self.blanks1(e)?)?;
            Some((e, a, b))
        };
        if let Some(found) = dates() {
            return Some(found);
        }
        let (e, a) = self.year(k)?;
        let e = match self.at(e) {
            b'-' | b'/' => e + 1,
            _ if self.b[e..].starts_with(b" - ") => e + 3,
            _ => return None,
        };
        let (e, b) = self.year(e)?;
        if !(b > a && b - a <= 20) {
            return None;
        }
        Some((e, make(a, 1, 1).ok()?, make(b, 12, 31).ok()?))
    }
}

/// Can a date, a period or an impossible date start at `i` (a digit or a
/// « d » at the start of a word)? A byte test of what the parsers need
/// first, so that they run only where they may succeed: « du » then
/// blanks then a digit or a weekday; or one or two digits then « / », « . »
/// or « - » (numeric date), or then « er » or « ° », blanks and a month's
/// first letter (long date); or a year then « - », « / » or « - »
/// (years). The parsers compare letters case-insensitively as Unicode
/// lower case does, which maps no other character to these ASCII letters.
pub(crate) fn may_start_date(b: &[u8], i: usize) -> bool {
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    let blanks = |mut k: usize| {
        while matches!(at(k), b' ' | b'\t' | b'\r' | b'\n') {
            k += 1;
        }
        k
    };
    if !at(i).is_ascii_digit() {
        // « du 1er janvier … », « du lundi 2 … ».
        if !at(i + 1).eq_ignore_ascii_case(&b'u') {
            return false;
        }
        let k = blanks(i + 2);
        return k > i + 2
            && (at(k).is_ascii_digit()
                || matches!(
                    at(k).to_ascii_lowercase(),
                    b'l' | b'm' | b'j' | b'v' | b's' | b'd'
                ));
    }
    let digits = crate::text::digits_at(b, i);
    // Years: exactly four digits, then a separator.
    if digits == 4 && matches!(at(i + 4), b'-' | b'/' | b' ') {
        return true;
    }
    let mut k = i + digits.min(2);
    if matches!(at(k), b'/' | b'.' | b'-') {
        return true;
    }
    // « er » or « ° » (two bytes each).
    if (at(k).eq_ignore_ascii_case(&b'e') && at(k + 1).eq_ignore_ascii_case(&b'r'))
        || (at(k) == 0xc2 && at(k + 1) == 0xb0)
    {
        k += 2;
    }
    let k = blanks(k);
    matches!(
        at(k).to_ascii_lowercase(),
        b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
    )
}

/// Length of `31 février 2023` when it has the shape of a date whose day
/// does not exist in that month (the reference of [`find_dates`]'s
/// reading, in the tests).
#[cfg(test)]
fn impossible_long_date(input: &str) -> Option<usize> {
    let r: IResult<&str, (i8, i8, i16)> = (
        terminated(day_number, multispace0),
        terminated(month, multispace1),
        year,
    )
        .parse(input);
    match r {
        Ok((rest, (d, m, y))) if make(y, m, d).is_err() => Some(input.len() - rest.len()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn long_dates() {
        assert_eq!(long_date("20 mars 2023").unwrap().1, d(2023, 3, 20));
        assert_eq!(long_date("1er janvier 2023").unwrap().1, d(2023, 1, 1));
        assert_eq!(long_date("20 MARS 2023").unwrap().1, d(2023, 3, 20));
        assert_eq!(long_date("vendredi 24 mai 2019").unwrap().1, d(2019, 5, 24));
        assert_eq!(long_date("16mai 2013").unwrap().1, d(2013, 5, 16));
        assert_eq!(long_date("31 DECEMBRE 2025").unwrap().1, d(2025, 12, 31));
        assert!(long_date("31 février 2023").is_err());
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(numeric_date("01/07/2021").unwrap().1, d(2021, 7, 1));
        assert_eq!(numeric_date("6.3.2023").unwrap().1, d(2023, 3, 6));
        assert!(numeric_date("32/01/2021").is_err());
        assert!(numeric_date("01/07-2021").is_err());
    }

    #[test]
    fn sessions_and_periods() {
        assert_eq!(
            session_first_day("15 et 16 mars 2021").unwrap().1,
            d(2021, 3, 15)
        );
        assert_eq!(
            session_first_day("15, 16 et 17 mars 2021").unwrap().1,
            d(2021, 3, 15)
        );
        assert_eq!(
            period("du 1er janvier 2023 au 31 décembre 2025").unwrap().1,
            (d(2023, 1, 1), d(2025, 12, 31))
        );
        assert_eq!(
            period("2023-2025").unwrap().1,
            (d(2023, 1, 1), d(2025, 12, 31))
        );
        assert!(period("2025-2023").is_err());
    }

    /// `find_dates` without its byte gate: every parser at every place.
    fn find_dates_ungated(text: &str) -> Vec<(usize, usize, Found)> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let at_word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            if at_word_start && (bytes[i].is_ascii_digit() || bytes[i] == b'd' || bytes[i] == b'D')
            {
                let sub = &text[i..];
                if let Ok((rest, (a, b))) = period(sub) {
                    let end = text.len() - rest.len();
                    out.push((i, end, Found::Period(a, b)));
                    i = end;
                    continue;
                }
                if bytes[i].is_ascii_digit() {
                    if let Ok((rest, d)) = date(sub) {
                        let end = text.len() - rest.len();
                        out.push((i, end, Found::Date(d)));
                        i = end;
                        continue;
                    }
                    if let Some(end) = impossible_long_date(sub) {
                        out.push((i, i + end, Found::Impossible));
                        i += end;
                        continue;
                    }
                }
            }
            i += 1;
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, .. Default::default() })]
        #[test]
        fn the_gate_changes_nothing(s in "((du |DU |Du |au |jusqu'au |le |d)?((lundi|Mardi|VENDREDI|dimanche|jeudi) )?[0-9]{1,3}(er|ER|°)?( |  |\\n|\\t)?(janvier|Février|fevrier|MARS|avril|mai|juin|juillet|août|AOUT|septembre|sept\\.|octobre|Novembre|décembre|DECEMBRE|déc\\.|x)( |\\n|\\r\\n)?[0-9]{3,5}|(du|Du) ((lundi|VENDREDI|samedi) )?[0-9]{1,2} (mars|octobre) 2024 (au|jusqu'au) ((vendredi|Dimanche) )?[0-9]{1,2}(/0?3/| juin )2025|[0-9]{1,3}[/.\\-][0-9]{1,2}[/.\\-][0-9]{2,5}|[0-9]{3,5}( - |-|/| )[0-9]{4}|x|é|,| |\\n)*") {
            proptest::prop_assert_eq!(find_dates(&s), find_dates_ungated(&s));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, .. Default::default() })]
        /// The digit-led scan and the hand reader against the parsers at
        /// every place: « du » glued or not to its word, weekdays in any
        /// case and of any spacing, dates and years side by side.
        #[test]
        fn the_reader_is_the_parsers(s in "(du|Du|dU|DU|xdu|édu|d|u| |  |\n|\t|\r|lundi|LUNDI|Mardi|mercredi|jeudis|vendredi|samedi|dimanche|di|au|AU|jusqu'au|JUSQU'AU|jusqu’au|1|2|9|31|0|00|29|2023|2024|2040|0000|er|ER|°|janvier|février|FÉVRIER|fevrier|mars|août|aout|sept\\.|déc\\.|décembre|Décembre|mai|x|é|/|\\.|-| - |,|;)*") {
            proptest::prop_assert_eq!(find_dates(&s), find_dates_ungated(&s));
        }
    }

    #[test]
    fn finds_dates_and_flags_impossible_ones() {
        let t = "la période du 1er janvier 2023 au 31 décembre 2025, puis le 31 février 2024.";
        let found = find_dates(t);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].2, Found::Period(d(2023, 1, 1), d(2025, 12, 31)));
        assert_eq!(found[1].2, Found::Impossible);
        // Blanks from the very start before a digit: nothing to look back at.
        for t in [" 1er mars 2023", "\n\t2023-2024", "  du", "1", " 9 "] {
            assert_eq!(find_dates(t), find_dates_ungated(t), "{t:?}");
        }
    }
}
