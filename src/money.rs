//! Amounts of money as French documents print them: `375 000,00`,
//! `60.000,00`, `20 000 €`, `1,5 M€`, `2 millions d'euros`.
//!
//! Amounts are exact decimals ([`rust_decimal::Decimal`]), never floats, and
//! serialize as a string with a dot and two decimals (`"375000.00"`).

use std::fmt;
use std::str::FromStr;

use nom::IResult;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact amount of money, printed with two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    /// Wraps a decimal.
    pub fn new(value: Decimal) -> Self {
        Money(value)
    }

    /// The decimal value.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl From<Decimal> for Money {
    fn from(value: Decimal) -> Self {
        Money(value)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.0;
        // Amounts are printed to the cent; anything finer is kept, not rounded.
        if d.scale() < 2 {
            d.rescale(2);
        }
        write!(f, "{d}")
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Decimal::from_str(&s)
            .map(Money)
            .map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^-?[0-9]+\\.[0-9]{2,}$",
            "description": "An exact decimal amount with a dot and at least two decimals, e.g. \"375000.00\"."
        })
    }
}

/// Is `c` a space that French typography puts between thousands?
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Parses a French number: `375 000,00`, `60.000,00`, `6 442 800`, `1,5`,
/// `-12,30`, `20000.50`. Returns the exact decimal.
///
/// Read on bytes, without allocating (tables call it on every cell): an
/// optional « - » or « − », blanks (`space0`), the digits; after at most
/// three of them, groups of three digits behind one kind of separator
/// (tried in turn: the spaces, then « . »), taken only when no digit
/// follows them (« 1 000 » must not swallow the year of « 1 000 2023 »)
/// and, for « . », no dot (« 1.500.5 »); then « , » or « . » and decimals,
/// at most four. The digits go to `Decimal::from_str` as one string, as
/// the `nom` parser this replaces gave them (it is kept in the tests).
pub fn number(input: &str) -> IResult<&str, Decimal> {
    let b = input.as_bytes();
    let fail = || {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Digit,
        )))
    };
    let digits = |k: usize| crate::text::digits_at(b, k);
    let mut i = 0;
    let neg = if b.first() == Some(&b'-') {
        i = 1;
        true
    } else if input.starts_with('\u{2212}') {
        i = 3;
        true
    } else {
        false
    };
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let head = i..i + digits(i);
    if head.is_empty() {
        return fail();
    }
    // The groups: their separator's length, and where they end.
    let mut groups = (0, head.end);
    if head.len() <= 3 {
        for sep in [" ", "\u{a0}", "\u{202f}", "\u{2009}", "."] {
            let sep = sep.as_bytes();
            let mut k = head.end;
            while b.get(k..).is_some_and(|r| r.starts_with(sep))
                && b.get(k + sep.len()..k + sep.len() + 3)
                    .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            {
                k += sep.len() + 3;
            }
            if k == head.end
                || b.get(k).is_some_and(u8::is_ascii_digit)
                || (sep == b"." && b.get(k) == Some(&b'.'))
            {
                continue;
            }
            groups = (sep.len(), k);
            break;
        }
    }
    i = groups.1;
    let frac = match b.get(i) {
        Some(b',' | b'.') if digits(i + 1) > 0 => i + 1..i + 1 + digits(i + 1),
        _ => i..i,
    };
    if frac.len() > 4 {
        return fail();
    }
    if !frac.is_empty() {
        i = frac.end;
    }
    // The number as `Decimal::from_str` reads it, on the stack when short.
    let mut buf = [0u8; 48];
    let mut n = 0;
    let mut long = Vec::new();
    let mut push = |part: &[u8]| {
        if long.is_empty() && n + part.len() <= buf.len() {
            buf[n..n + part.len()].copy_from_slice(part);
            n += part.len();
        } else {
            if long.is_empty() {
                long.extend_from_slice(&buf[..n]);
            }
            long.extend_from_slice(part);
        }
    };
    if neg {
        push(b"-");
    }
    push(&b[head.clone()]);
    let mut k = head.end;
    while k < groups.1 {
        push(&b[k + groups.0..k + groups.0 + 3]);
        k += groups.0 + 3;
    }
    if !frac.is_empty() {
        push(b".");
        push(&b[frac]);
    }
    let text = if long.is_empty() {
        &buf[..n]
    } else {
        &long[..]
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return fail();
    };
    match Decimal::from_str(text) {
        Ok(d) => Ok((&input[i..], d)),
        Err(_) => fail(),
    }
}

/// A multiplier word after a number: `M€`, `millions`, `k€`, `milliards`.
/// Read as `space0` then the first of its tags, as `alt` of `tag_no_case`
/// and `tag` does: no character outside ASCII lowers to these letters
/// (the Kelvin sign lowers to « k », which none holds), so « any case » is
/// ASCII's.
fn multiplier(input: &str) -> IResult<&str, Decimal> {
    let rest = input.trim_start_matches([' ', '\t']);
    let found = [
        ("milliards", true, 1_000_000_000u64),
        ("milliard", true, 1_000_000_000),
        ("millions", true, 1_000_000),
        ("million", true, 1_000_000),
        ("M€", false, 1_000_000),
        ("k€", false, 1_000),
        ("K€", false, 1_000),
    ]
    .into_iter()
    .find(|&(w, ci, _)| starts(rest, w, ci));
    match found {
        Some((w, _, m)) => Ok((&rest[w.len()..], Decimal::from(m))),
        None => Err(nom::Err::Error(nom::error::Error::new(
            rest,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// Does `s` start with `w`, in any ASCII case if `ci`?
fn starts(s: &str, w: &str, ci: bool) -> bool {
    let (s, w) = (s.as_bytes(), w.as_bytes());
    s.get(..w.len()).is_some_and(|p| {
        if ci {
            p.eq_ignore_ascii_case(w)
        } else {
            p == w
        }
    })
}

/// A currency marker after a number: `€`, `euros`, `EUR`, `d'euros`. Read
/// as [`multiplier`] is.
fn currency(input: &str) -> IResult<&str, &str> {
    let rest = input.trim_start_matches([' ', '\t']);
    let found = [
        ("€", false),
        ("euros", true),
        ("euro", true),
        ("EUR", false),
        ("d'euros", true),
        ("de euros", true),
    ]
    .into_iter()
    .find(|&(w, ci)| starts(rest, w, ci));
    match found {
        Some((w, _)) => Ok((&rest[w.len()..], &rest[..w.len()])),
        None => Err(nom::Err::Error(nom::error::Error::new(
            rest,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// Parses an amount of money stated in text, with its currency: `20 000 €`,
/// `60.000,00 euros`, `1,5 M€`, `2 millions d'euros`, `20 000 € TTC`.
/// A bare number without a currency is not an amount.
pub fn amount(input: &str) -> IResult<&str, Decimal> {
    let (rest, n) = number(input)?;
    if let Ok((after, m)) = multiplier(rest) {
        // « 2 millions d'euros », « 1,5 M€ » (the € is part of the multiplier).
        let after = match currency(after) {
            Ok((a, _)) => a,
            Err(_)
                if after.len() < rest.len() && rest.trim_start().starts_with(['M', 'k', 'K']) =>
            {
                after
            }
            Err(e) => return Err(e),
        };
        return Ok((after, n * m));
    }
    let (rest, _) = currency(rest)?;
    Ok((rest, n))
}

/// Parses a table cell holding an amount: `375 000,00`, `375.000,00 €`,
/// `-1 200`. Returns `None` for an empty cell, `-`, or anything that is not
/// wholly an amount.
pub fn parse_cell(cell: &str) -> Option<Decimal> {
    parse_cell_with(cell, number)
}

/// [`parse_cell`] with `number` as the reader of the amount (the tests
/// give it the `nom` reader the hand one replaced).
fn parse_cell_with(cell: &str, number: impl Fn(&str) -> IResult<&str, Decimal>) -> Option<Decimal> {
    let t = cell.trim_matches(|c: char| c.is_whitespace() || c == '€');
    if t.is_empty() || t == "-" || t == "–" {
        return None;
    }
    match number(t) {
        Ok((rest, d))
            if rest
                .trim_matches(|c: char| c.is_whitespace() || c == '€')
                .is_empty() =>
        {
            Some(d)
        }
        _ => None,
    }
}

/// Formats an amount the French way (`1 234 567,89`), the inverse of
/// [`number`]; used by tests and by exports that want French output.
pub fn format_french(d: Decimal) -> String {
    let mut d = d;
    if d.scale() < 2 {
        d.rescale(2);
    }
    let s = d.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// The first place from `from` on that holds an ASCII digit. Prose has a
/// digit every few hundred bytes: it marks the digits of 16 bytes at a
/// time in a mask the compiler builds with vector instructions (as
/// `text::collapse` looks for spaces).
pub(crate) fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    let rest = b.get(from..)?;
    let mut at = from;
    for c in rest.chunks_exact(16) {
        let mut m = [0u8; 16];
        for (m, &c) in m.iter_mut().zip(c) {
            *m = u8::from(c.wrapping_sub(b'0') < 10).wrapping_neg();
        }
        let m = u128::from_le_bytes(m);
        if m != 0 {
            return Some(at + (m.trailing_zeros() / 8) as usize);
        }
        at += 16;
    }
    // The last 15 bytes at most, a word at a time.
    crate::text::find_byte(b, at, crate::text::digit_lanes, |c| c.is_ascii_digit())
}

/// Can the number at `i` be an amount? What follows its digits, group and
/// decimal separators and blanks must start a currency or a multiplier
/// (« € », « euros », « EUR », « d'euros », « de euros », « M€ », « k€ »,
/// « millions »…): a byte test before the parsers, which compare letters as
/// Unicode lower case does (no other character lowers to these letters).
fn may_be_amount(b: &[u8], i: usize) -> bool {
    let mut k = i;
    loop {
        match b.get(k..) {
            Some([c, ..]) if c.is_ascii_digit() || matches!(c, b' ' | b'\t' | b',' | b'.') => {
                k += 1
            }
            Some([0xc2, 0xa0, ..]) => k += 2,
            Some([0xe2, 0x80, 0xaf | 0x89, ..]) => k += 3,
            _ => break,
        }
    }
    match b.get(k..) {
        Some([c, ..]) if matches!(c.to_ascii_lowercase(), b'e' | b'd' | b'm' | b'k') => true,
        Some([0xe2, 0x82, 0xac, ..]) => true,
        _ => false,
    }
}

/// Scans `text` for every amount with a currency; returns byte ranges with
/// their values. Numbers glued to letters (`art6574`) are not amounts.
pub fn find_amounts(text: &str) -> Vec<(usize, usize, Decimal)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    // Only a digit starts a number: jump to the next one.
    while let Some(next) = next_digit(bytes, i) {
        i = next;
        let starts_number = i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b','
                || bytes[i - 1] == b'.');
        if starts_number {
            let (start, sub) = if i > 0 && bytes[i - 1] == b'-' && (i < 2 || bytes[i - 2] == b' ') {
                (i - 1, &text[i - 1..])
            } else {
                (i, &text[i..])
            };
            if may_be_amount(bytes, i) {
                if let Ok((rest, d)) = amount(sub) {
                    let end = text.len() - rest.len();
                    out.push((start, end, d));
                    i = end;
                    continue;
                }
            }
            // Skip the rest of this number.
            while i < bytes.len() && (bytes[i].is_ascii_digit() || is_group_space(bytes[i] as char))
            {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_in_french_forms() {
        assert_eq!(number("375 000,00").unwrap().1, dec("375000.00"));
        assert_eq!(number("375.000,00").unwrap().1, dec("375000.00"));
        assert_eq!(number("6 442 800").unwrap().1, dec("6442800"));
        assert_eq!(number("60\u{a0}000,00").unwrap().1, dec("60000.00"));
        assert_eq!(number("1\u{202f}500").unwrap().1, dec("1500"));
        assert_eq!(number("-12,30").unwrap().1, dec("-12.30"));
        assert_eq!(number("20.000 euros").unwrap().1, dec("20000"));
    }

    #[test]
    fn amounts_need_a_currency() {
        assert_eq!(amount("20 000 €").unwrap().1, dec("20000"));
        assert_eq!(amount("60.000,00 euros").unwrap().1, dec("60000.00"));
        assert_eq!(amount("1,5 M€").unwrap().1, dec("1500000"));
        assert_eq!(amount("2 millions d'euros").unwrap().1, dec("2000000"));
        assert_eq!(amount("20 000 € TTC").unwrap().1, dec("20000"));
        assert!(amount("2023").is_err());
    }

    #[test]
    fn cells() {
        assert_eq!(parse_cell(" 375 000,00 "), Some(dec("375000.00")));
        assert_eq!(parse_cell("-"), None);
        assert_eq!(parse_cell(""), None);
        assert_eq!(parse_cell("C02-585F01"), None);
        assert_eq!(parse_cell("60 000,00 €"), Some(dec("60000.00")));
    }

    #[test]
    fn finds_amounts_in_a_sentence() {
        let t = "d'un montant de 20 000 €, pour toute la durée, soit 60 000 € sur 3 ans";
        let found: Vec<_> = find_amounts(t).into_iter().map(|x| x.2).collect();
        assert_eq!(found, vec![dec("20000"), dec("60000")]);
    }

    #[test]
    fn money_prints_two_decimals() {
        assert_eq!(Money::new(dec("60000")).to_string(), "60000.00");
        assert_eq!(Money::new(dec("1.5")).to_string(), "1.50");
        assert_eq!(
            serde_json::to_string(&Money::new(dec("12"))).unwrap(),
            "\"12.00\""
        );
    }

    /// `find_amounts` without its byte gate.
    fn find_amounts_ungated(text: &str) -> Vec<(usize, usize, Decimal)> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let starts_number = b.is_ascii_digit()
                && (i == 0
                    || !(bytes[i - 1].is_ascii_alphanumeric()
                        || bytes[i - 1] == b','
                        || bytes[i - 1] == b'.'));
            if starts_number {
                let (start, sub) =
                    if i > 0 && bytes[i - 1] == b'-' && (i < 2 || bytes[i - 2] == b' ') {
                        (i - 1, &text[i - 1..])
                    } else {
                        (i, &text[i..])
                    };
                if let Ok((rest, d)) = amount(sub) {
                    let end = text.len() - rest.len();
                    out.push((start, end, d));
                    i = end;
                    continue;
                }
                while i < bytes.len()
                    && (bytes[i].is_ascii_digit() || is_group_space(bytes[i] as char))
                {
                    i += 1;
                }
                continue;
            }
            i += 1;
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, .. ProptestConfig::default() })]
        #[test]
        fn the_gate_changes_nothing(s in "(1|20|375|000|00|5|,|\\.| |  |\t|\u{a0}|\u{202f}|\u{2009}|-|−|€|euros|Euro|EUR|eur|d'euros|de euros|M€|k€|K€|millions|milliard|MILLIONS|TTC|x|é|art|[0-9]{1,4})*") {
            prop_assert_eq!(find_amounts(&s), find_amounts_ungated(&s));
        }
    }

    use nom::{
        Parser,
        branch::alt,
        character::complete::{char, digit1, one_of, space0},
        combinator::{opt, recognize},
        multi::many1,
        sequence::preceded,
    };

    // The `nom` parser [`number`] replaces, the reference of its tests.
    /// Digits grouped by three after a separator: `000` in `375 000` or `60.000`.
    fn group<'a>(
        sep: char,
    ) -> impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>> {
        preceded(
            char(sep),
            recognize((
                one_of("0123456789"),
                one_of("0123456789"),
                one_of("0123456789"),
            )),
        )
    }

    /// The integer part of a number, with its thousands groups, as digits only.
    fn integer_part(input: &str) -> IResult<&str, String> {
        let (rest, head) = digit1(input)?;
        let mut digits = head.to_owned();
        if head.len() > 3 {
            return Ok((rest, digits));
        }
        // Try each separator in turn; a number uses one kind of separator.
        for sep in [' ', '\u{a0}', '\u{202f}', '\u{2009}', '.'] {
            let parsed: IResult<&str, Vec<&str>> = many1(group(sep)).parse(rest);
            if let Ok((after, groups)) = parsed {
                // « 1 000 » must not swallow the year of « 1 000 2023 »: a group must
                // end the number (not be followed by another digit).
                if after.starts_with(|c: char| c.is_ascii_digit()) {
                    continue;
                }
                // « 60.000 » with a dot is a thousands group only when a comma
                // decimal part or nothing follows, never a dot decimal (« 1.500.5 »).
                if sep == '.' && after.starts_with('.') {
                    continue;
                }
                for g in groups {
                    digits.push_str(g);
                }
                return Ok((after, digits));
            }
        }
        Ok((rest, digits))
    }

    /// Parses a French number: `375 000,00`, `60.000,00`, `6 442 800`, `1,5`,
    /// `-12,30`, `20000.50`. Returns the exact decimal.
    fn number_nom(input: &str) -> IResult<&str, Decimal> {
        let (rest, neg) = opt(alt((char('-'), char('−')))).parse(input)?;
        let (rest, _) = space0(rest)?;
        let (rest, int) = integer_part(rest)?;
        let (rest, frac) = opt(preceded(one_of(",."), digit1)).parse(rest)?;
        let mut s = String::with_capacity(int.len() + 4);
        if neg.is_some() {
            s.push('-');
        }
        s.push_str(&int);
        if let Some(f) = frac {
            // A dot followed by exactly three digits is a thousands group that
            // `integer_part` did not take (« 20.000 euros »).
            if f.len() > 4 {
                return Err(nom::Err::Error(nom::error::Error::new(
                    input,
                    nom::error::ErrorKind::Digit,
                )));
            }
            s.push('.');
            s.push_str(f);
        }
        let d = Decimal::from_str(&s).map_err(|_| {
            nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Digit))
        })?;
        Ok((rest, d))
    }

    /// [`multiplier`] and [`currency`] as `nom` combinators, for the tests.
    fn multiplier_nom(input: &str) -> IResult<&str, Decimal> {
        use nom::bytes::complete::{tag, tag_no_case};
        let (rest, _) = space0(input)?;
        alt((
            tag_no_case("milliards").map(|_| Decimal::from(1_000_000_000u64)),
            tag_no_case("milliard").map(|_| Decimal::from(1_000_000_000u64)),
            tag_no_case("millions").map(|_| Decimal::from(1_000_000u64)),
            tag_no_case("million").map(|_| Decimal::from(1_000_000u64)),
            tag("M€").map(|_| Decimal::from(1_000_000u64)),
            tag("k€").map(|_| Decimal::from(1_000u64)),
            tag("K€").map(|_| Decimal::from(1_000u64)),
        ))
        .parse(rest)
    }

    fn currency_nom(input: &str) -> IResult<&str, &str> {
        use nom::bytes::complete::{tag, tag_no_case};
        let (rest, _) = space0(input)?;
        alt((
            tag("€"),
            tag_no_case("euros"),
            tag_no_case("euro"),
            tag("EUR"),
            tag_no_case("d'euros"),
            tag_no_case("de euros"),
        ))
        .parse(rest)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, .. ProptestConfig::default() })]
        #[test]
        fn multiplier_and_currency_read_as_nom_does(s in "( |\t|\n|€|M€|k€|K€|m€|MILLIARDS|Milliard|millions|MILLION|mill|EUROS|Euro|eur|EUR|Eur|d'euros|D'EUROS|de euros|DE EUROS|d’euros|x|é|K|\u{212a}|s|,)*") {
            prop_assert_eq!(multiplier(&s).ok(), multiplier_nom(&s).ok());
            prop_assert_eq!(currency(&s).ok(), currency_nom(&s).ok());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, .. ProptestConfig::default() })]
        #[test]
        fn number_reads_as_nom_does(s in "(-|−| |\t|\u{a0}|\u{202f}|\u{2009}|\\.|,|0|1|5|12|000|375|1000|20000|12345|x|é|€|[0-9]{1,30})*") {
            prop_assert_eq!(number(&s).ok(), number_nom(&s).ok());
            prop_assert_eq!(parse_cell(&s), parse_cell_nom(&s));
        }

        #[test]
        fn shaped_numbers_read_as_nom_does(s in "(-|−)?[ \t]?[0-9]{1,4}(( |\u{a0}|\u{202f}|\u{2009}|\\.)[0-9]{2,4}){0,3}([,.][0-9]{0,6})?(\\.[0-9]|[0-9]| |x|,)?( €)?") {
            prop_assert_eq!(number(&s).ok(), number_nom(&s).ok());
            prop_assert_eq!(parse_cell(&s), parse_cell_nom(&s));
        }
    }

    fn parse_cell_nom(cell: &str) -> Option<Decimal> {
        parse_cell_with(cell, number_nom)
    }

    proptest! {
        #[test]
        fn next_digit_is_the_first_digit(
            b in proptest::collection::vec(proptest::sample::select(b"09/:a 0\xc2\xa0\x80\xb9\xff".to_vec()), 0..100),
            from in 0usize..110,
        ) {
            let want = b.get(from..).and_then(|r| r.iter().position(u8::is_ascii_digit)).map(|p| from + p);
            prop_assert_eq!(next_digit(&b, from), want);
        }
    }

    proptest! {
        #[test]
        fn french_format_round_trips(cents in -10_000_000_000i64..10_000_000_000i64) {
            let d = Decimal::new(cents, 2);
            let s = format_french(d);
            let (rest, back) = number(&s).unwrap();
            prop_assert!(rest.is_empty(), "left {:?} of {:?}", rest, s);
            prop_assert_eq!(back, d);
        }
    }
}
