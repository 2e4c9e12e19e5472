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
pub fn find_dates(text: &str) -> Vec<(usize, usize, Found)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    // Only digits and « d » can start a date or a period: jump to them.
    while let Some(next) = next_digit_or_d(bytes, i) {
        i = next;
        let at_word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if at_word_start && may_start_date(bytes, i) {
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

/// The first place from `from` on that holds a digit, « d » or « D »,
/// looked for eight bytes at a time.
fn next_digit_or_d(b: &[u8], from: usize) -> Option<usize> {
    use crate::text::{LANES_HI as HI, LANES_LO as LO};
    let lanes = |x: u64| {
        // « d » or « D »: the bytes that are zero in (x | 0x20) ^ 'd'.
        let v = (x | (LO * 0x20)) ^ (LO * u64::from(b'd'));
        let ds = !(((v & !HI) + !HI) | v | !HI);
        crate::text::digit_lanes(x) | ds
    };
    crate::text::find_byte(b, from, lanes, |c| {
        c.is_ascii_digit() || c == b'd' || c == b'D'
    })
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
    let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
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
/// does not exist in that month.
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

    #[test]
    fn finds_dates_and_flags_impossible_ones() {
        let t = "la période du 1er janvier 2023 au 31 décembre 2025, puis le 31 février 2024.";
        let found = find_dates(t);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].2, Found::Period(d(2023, 1, 1), d(2025, 12, 31)));
        assert_eq!(found[1].2, Found::Impossible);
    }
}
