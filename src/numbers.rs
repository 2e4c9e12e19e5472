//! Counts as French documents print them: in figures (« 42 ») or in words
//! (« quarante-deux », « soixante et onze », « quatre-vingt-dix-sept »,
//! « deux cent trois »), with the Belgian and Swiss tens (« septante »,
//! « huitante », « nonante ») and « néant » for none.
//!
//! The parsers read a prefix of their input and leave the rest, like every
//! `nom` parser; they fail on input that does not start with a count.

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, tag_no_case, take_while_m_n, take_while1},
    character::complete::space1,
    combinator::{map_res, not, opt, peek},
    sequence::terminated,
};

/// What a number word does to the running value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// Adds its value (« deux », « trente », « dix »).
    Add(u32),
    /// « vingt(s) »: multiplies a preceding « quatre », else adds 20.
    Vingt,
    /// « cent(s) »: multiplies what precedes (or 1) by 100.
    Cent,
    /// « mille »: multiplies what precedes (or 1) by 1000.
    Mille,
}

fn lookup(w: &str) -> Option<Word> {
    use Word::*;
    let v = match w {
        "zéro" | "zero" => Add(0),
        "un" | "une" => Add(1),
        "deux" => Add(2),
        "trois" => Add(3),
        "quatre" => Add(4),
        "cinq" => Add(5),
        "six" => Add(6),
        "sept" => Add(7),
        "huit" => Add(8),
        "neuf" => Add(9),
        "dix" => Add(10),
        "onze" => Add(11),
        "douze" => Add(12),
        "treize" => Add(13),
        "quatorze" => Add(14),
        "quinze" => Add(15),
        "seize" => Add(16),
        "vingt" | "vingts" => Vingt,
        "trente" => Add(30),
        "quarante" => Add(40),
        "cinquante" => Add(50),
        "soixante" => Add(60),
        "septante" => Add(70),
        "huitante" | "octante" => Add(80),
        "nonante" => Add(90),
        "cent" | "cents" => Cent,
        "mille" | "mil" => Mille,
        _ => return None,
    };
    Some(v)
}

/// One number word, any case, not followed by another letter.
fn number_word(input: &str) -> IResult<&str, Word> {
    let (rest, w) = take_while1(|c: char| c.is_alphabetic())(input)?;
    match lookup(&w.to_lowercase()) {
        Some(v) => Ok((rest, v)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// A separator between number words: a hyphen or spaces, with an optional
/// « et » (« vingt et un », « soixante-et-onze »).
fn separator(input: &str) -> IResult<&str, ()> {
    let (rest, _) = alt((tag("-"), space1)).parse(input)?;
    let (rest, _) = opt(terminated(tag_no_case("et"), alt((tag("-"), space1)))).parse(rest)?;
    Ok((rest, ()))
}

/// A count written in words: « quarante-deux », « soixante et onze »,
/// « quatre-vingts », « deux cent trois ».
pub fn in_words(input: &str) -> IResult<&str, u32> {
    let (mut rest, first) = number_word(input)?;
    let mut words = vec![first];
    while let Ok((r, w)) = (separator, number_word).map(|(_, w)| w).parse(rest) {
        words.push(w);
        rest = r;
    }
    let (mut total, mut current) = (0u32, 0u32);
    let mut prev: Option<Word> = None;
    for w in words {
        match w {
            Word::Add(v) => current += v,
            Word::Vingt => {
                if prev == Some(Word::Add(4)) && current % 100 == 4 {
                    current = current - 4 + 80;
                } else {
                    current += 20;
                }
            }
            Word::Cent => current = current.max(1) * 100,
            Word::Mille => {
                total += current.max(1) * 1000;
                current = 0;
            }
        }
        prev = Some(w);
    }
    Ok((rest, total + current))
}

/// A count in figures (one to four digits, not followed by another digit).
pub fn in_figures(input: &str) -> IResult<&str, u32> {
    terminated(
        map_res(
            take_while_m_n(1, 4, |c: char| c.is_ascii_digit()),
            str::parse::<u32>,
        ),
        peek(not(take_while_m_n(1, 1, |c: char| c.is_ascii_digit()))),
    )
    .parse(input)
}

/// « néant » (none) as a count: 0.
fn none_word(input: &str) -> IResult<&str, u32> {
    let (rest, _) = alt((tag_no_case("néant"), tag_no_case("neant"))).parse(input)?;
    let (rest, _) = peek(not(take_while_m_n(1, 1, |c: char| c.is_alphabetic()))).parse(rest)?;
    Ok((rest, 0))
}

/// A count in figures, in words or « néant ».
pub fn count(input: &str) -> IResult<&str, u32> {
    alt((in_figures, none_word, in_words)).parse(input)
}

/// The whole of `s` read as a count (surrounding spaces allowed), or `None`.
pub fn parse_count(s: &str) -> Option<u32> {
    match count(s.trim()) {
        Ok(("", n)) => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        for (s, n) in [
            ("deux mille dix-sept", 2017),
            ("mil neuf cent quatre-vingt-dix", 1990),
            ("dix neuf", 19),
            ("zéro", 0),
            ("une", 1),
            ("seize", 16),
            ("dix-sept", 17),
            ("vingt et un", 21),
            ("vingt-et-un", 21),
            ("quarante-deux", 42),
            ("soixante et onze", 71),
            ("soixante-dix-neuf", 79),
            ("quatre-vingts", 80),
            ("quatre-vingt-dix-sept", 97),
            ("QUATRE-VINGT-UN", 81),
            ("septante-trois", 73),
            ("cent", 100),
            ("deux cent trois", 203),
            ("deux cents", 200),
            ("mille deux", 1002),
        ] {
            assert_eq!(parse_count(s), Some(n), "{s}");
        }
    }

    #[test]
    fn prefixes_and_failures() {
        assert_eq!(count("quarante-deux voix"), Ok((" voix", 42)));
        assert_eq!(count("12 voix"), Ok((" voix", 12)));
        assert_eq!(count("néant."), Ok((".", 0)));
        assert!(count("voix").is_err());
        assert!(count("neanmoins").is_err());
        assert_eq!(parse_count("deuxième"), None);
        assert_eq!(parse_count("12345"), None);
        assert_eq!(parse_count("trois pommes"), None);
        // A word that merely starts like a number is not one.
        assert!(count("centre").is_err());
    }
}
