//! The French départements and their INSEE codes.

use std::sync::LazyLock;

/// `(code, name)` for every département, with the article its name takes
/// after « de » (« du Nord », « de la Somme », « de l'Oise », « des Landes »).
pub const DEPARTEMENTS: &[(&str, &str)] = &[
    ("01", "Ain"),
    ("02", "Aisne"),
    ("03", "Allier"),
    ("04", "Alpes-de-Haute-Provence"),
    ("05", "Hautes-Alpes"),
    ("06", "Alpes-Maritimes"),
    ("07", "Ardèche"),
    ("08", "Ardennes"),
    ("09", "Ariège"),
    ("10", "Aube"),
    ("11", "Aude"),
    ("12", "Aveyron"),
    ("13", "Bouches-du-Rhône"),
    ("14", "Calvados"),
    ("15", "Cantal"),
    ("16", "Charente"),
    ("17", "Charente-Maritime"),
    ("18", "Cher"),
    ("19", "Corrèze"),
    ("2A", "Corse-du-Sud"),
    ("2B", "Haute-Corse"),
    ("21", "Côte-d'Or"),
    ("22", "Côtes-d'Armor"),
    ("23", "Creuse"),
    ("24", "Dordogne"),
    ("25", "Doubs"),
    ("26", "Drôme"),
    ("27", "Eure"),
    ("28", "Eure-et-Loir"),
    ("29", "Finistère"),
    ("30", "Gard"),
    ("31", "Haute-Garonne"),
    ("32", "Gers"),
    ("33", "Gironde"),
    ("34", "Hérault"),
    ("35", "Ille-et-Vilaine"),
    ("36", "Indre"),
    ("37", "Indre-et-Loire"),
    ("38", "Isère"),
    ("39", "Jura"),
    ("40", "Landes"),
    ("41", "Loir-et-Cher"),
    ("42", "Loire"),
    ("43", "Haute-Loire"),
    ("44", "Loire-Atlantique"),
    ("45", "Loiret"),
    ("46", "Lot"),
    ("47", "Lot-et-Garonne"),
    ("48", "Lozère"),
    ("49", "Maine-et-Loire"),
    ("50", "Manche"),
    ("51", "Marne"),
    ("52", "Haute-Marne"),
    ("53", "Mayenne"),
    ("54", "Meurthe-et-Moselle"),
    ("55", "Meuse"),
    ("56", "Morbihan"),
    ("57", "Moselle"),
    ("58", "Nièvre"),
    ("59", "Nord"),
    ("60", "Oise"),
    ("61", "Orne"),
    ("62", "Pas-de-Calais"),
    ("63", "Puy-de-Dôme"),
    ("64", "Pyrénées-Atlantiques"),
    ("65", "Hautes-Pyrénées"),
    ("66", "Pyrénées-Orientales"),
    ("67", "Bas-Rhin"),
    ("68", "Haut-Rhin"),
    ("69", "Rhône"),
    ("70", "Haute-Saône"),
    ("71", "Saône-et-Loire"),
    ("72", "Sarthe"),
    ("73", "Savoie"),
    ("74", "Haute-Savoie"),
    ("75", "Paris"),
    ("76", "Seine-Maritime"),
    ("77", "Seine-et-Marne"),
    ("78", "Yvelines"),
    ("79", "Deux-Sèvres"),
    ("80", "Somme"),
    ("81", "Tarn"),
    ("82", "Tarn-et-Garonne"),
    ("83", "Var"),
    ("84", "Vaucluse"),
    ("85", "Vendée"),
    ("86", "Vienne"),
    ("87", "Haute-Vienne"),
    ("88", "Vosges"),
    ("89", "Yonne"),
    ("90", "Territoire de Belfort"),
    ("91", "Essonne"),
    ("92", "Hauts-de-Seine"),
    ("93", "Seine-Saint-Denis"),
    ("94", "Val-de-Marne"),
    ("95", "Val-d'Oise"),
    ("971", "Guadeloupe"),
    ("972", "Martinique"),
    ("973", "Guyane"),
    ("974", "La Réunion"),
    ("976", "Mayotte"),
];

/// Folds a name for comparison: upper case, no accents, hyphens and
/// apostrophes as spaces, runs of whitespace as one space, trimmed.
///
/// Equivalent to NFD, dropping combining marks, mapping and collapsing, but
/// done character by character: ASCII (most of the text) takes a table-free
/// path and allocates nothing, which makes it about ten times faster than
/// the `nfd()` iterator on French text.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(&mut out, s);
    out
}

/// Appends the fold of `s` to `out`, a space between when both have words:
/// what `fold` makes of `out`'s text, a space and `s`, for `out` folded
/// already (a person's key is their first names' fold then their surname's).
pub fn fold_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    // A space is written only before the next word, so that runs collapse
    // and the result is trimmed.
    let mut space = !out.is_empty();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if WORD[usize::from(b)] {
            // ASCII, most of the text: a run of words with one plain space
            // between them folds to itself in capitals, written at once.
            let start = i;
            i += 1;
            loop {
                while bytes.get(i).is_some_and(|&n| WORD[usize::from(n)]) {
                    i += 1;
                }
                if bytes.get(i) == Some(&b' ')
                    && bytes.get(i + 1).is_some_and(|&n| WORD[usize::from(n)])
                {
                    i += 2;
                    continue;
                }
                break;
            }
            if space {
                out.push(' ');
                space = false;
            }
            let at = out.len();
            out.push_str(&s[start..i]);
            out[at..].make_ascii_uppercase();
            continue;
        }
        if b < 0x80 {
            // A separator.
            i += 1;
            space = !out.is_empty();
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
        i += c.len_utf8();
        // The accented letters of French (Latin-1) fold to one ASCII letter.
        if let Some(base) = latin1_base(c) {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(base as char);
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if unicode_normalization::char::is_combining_mark(d) {
                return;
            }
            if matches!(d, '-' | '\'' | '\u{2019}' | '_') || d.is_whitespace() {
                space = !out.is_empty();
                return;
            }
            for u in d.to_uppercase() {
                if u.is_whitespace() {
                    space = !out.is_empty();
                } else {
                    if space {
                        out.push(' ');
                        space = false;
                    }
                    out.push(u);
                }
            }
        });
    }
}

/// ASCII bytes that are not separators: each folds to its capital.
static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = !matches!(
            b as u8,
            b'-' | b'\'' | b'_' | b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c
        );
        b += 1;
    }
    t
};

/// The upper-case base letter of a Latin-1 letter with a diacritic (`é` →
/// `E`), whose canonical decomposition is that letter and one mark.
pub(crate) fn latin1_base(c: char) -> Option<u8> {
    Some(match c {
        'À'..='Å' | 'à'..='å' => b'A',
        'Ç' | 'ç' => b'C',
        'È'..='Ë' | 'è'..='ë' => b'E',
        'Ì'..='Ï' | 'ì'..='ï' => b'I',
        'Ñ' | 'ñ' => b'N',
        'Ò'..='Ö' | 'ò'..='ö' => b'O',
        'Ù'..='Ü' | 'ù'..='ü' => b'U',
        'Ý' | 'ý' | 'ÿ' => b'Y',
        _ => return None,
    })
}

/// The names of [`DEPARTEMENTS`], folded once.
static FOLDED: LazyLock<Vec<String>> =
    LazyLock::new(|| DEPARTEMENTS.iter().map(|(_, n)| fold(n)).collect());

/// « partement » and « conseil » stay ASCII in every spelling of the cues
/// (DÉPARTEMENT, Département, CONSEIL GÉNÉRAL).
static HINT: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new(r"(?i-u)partement|conseil").expect("valid regex"));

/// Whether [`find`] may find a département in `text` or in any stretch of
/// it: `false` rules them all out with one scan.
pub fn may_name(text: &str) -> bool {
    HINT.is_match(text.as_bytes())
}

/// Finds a département named after « département », « conseil
/// départemental » or « conseil général » in `text`; returns its code and
/// name.
///
/// Only the stretches around the cue words are folded: a head without a
/// département would otherwise fold the whole deliberation, and folding is
/// the costly part (the cue words are found by a byte search first).
pub fn find(text: &str) -> Option<(&'static str, &'static str)> {
    // From the hint, room enough for the cue, the article and the longest
    // name, with some spaces; and back to the « D(É) » of « DÉPARTEMENT ».
    const AFTER: usize = 128;
    const BEFORE: usize = 4;
    let mut segment: Option<(usize, usize)> = None;
    for m in HINT.find_iter(text.as_bytes()) {
        let a = floor_char(text, m.start().saturating_sub(BEFORE));
        let b = floor_char(text, (m.start() + AFTER).min(text.len()));
        match segment {
            Some((s, e)) if a <= e => segment = Some((s, e.max(b))),
            Some((s, e)) => {
                // Segments come in order: the first with a département has
                // the earliest one.
                if let Some(found) = find_folded(&fold(&text[s..e])) {
                    return Some(found);
                }
                segment = Some((a, b));
            }
            None => segment = Some((a, b)),
        }
    }
    let (s, e) = segment?;
    find_folded(&fold(&text[s..e]))
}

/// The folded cues a département's name follows.
static CUES: LazyLock<[memchr::memmem::Finder<'static>; 3]> = LazyLock::new(|| {
    ["DEPARTEMENT", "CONSEIL DEPARTEMENTAL", "CONSEIL GENERAL"].map(memchr::memmem::Finder::new)
});

/// [`find`] on folded text.
fn find_folded(folded: &str) -> Option<(&'static str, &'static str)> {
    let mut best: Option<(usize, &'static str, &'static str)> = None;
    for cue in CUES.iter() {
        // Occurrences that do not overlap, as successive `find`s from the
        // end of the previous one would give them.
        for m in cue.find_iter(folded.as_bytes()) {
            let at = m + cue.needle().len();
            let rest = folded[at..].trim_start();
            let rest = ["DU ", "DE LA ", "DE L ", "DES ", "DE ", "D "]
                .iter()
                .find_map(|a| rest.strip_prefix(a));
            let Some(rest) = rest else { continue };
            // Longest name first: « HAUTE SAONE » before « SAONE ET LOIRE ».
            let first = rest.as_bytes().first();
            for (&(code, name), f) in DEPARTEMENTS.iter().zip(FOLDED.iter()) {
                // The first byte before the comparison: it rules out most.
                if f.as_bytes().first() == first
                    && rest.starts_with(f.as_str())
                    && rest[f.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
                    && best
                        .is_none_or(|(pos, _, n)| at < pos || (at == pos && name.len() > n.len()))
                {
                    best = Some((at, code, name));
                }
            }
        }
    }
    best.map(|(_, c, n)| (c, n))
}

/// The largest char boundary of `s` at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
    /// Folding (used to compare names) is NFD without marks, upper case,
    /// collapsed: the fast version agrees with the plain one.
    #[test]
    fn fold_agrees_with_its_definition(s in "[a-zA-Zé' _\\-\u{300}-\u{36f}\u{a0}\u{2019}\\PC]{0,60}") {
        use unicode_normalization::UnicodeNormalization;
        let mut plain = String::new();
        for c in s.nfd() {
            if unicode_normalization::char::is_combining_mark(c) {
                continue;
            }
            match c {
                '-' | '\'' | '\u{2019}' | '_' => plain.push(' '),
                c => plain.extend(c.to_uppercase()),
            }
        }
        let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(fold(&s), plain);
    }
    }

    #[test]
    fn finds_departements() {
        assert_eq!(
            find("DEPARTEMENT DU PAS-DE-CALAIS"),
            Some(("62", "Pas-de-Calais"))
        );
        assert_eq!(
            find("CONSEIL DEPARTEMENTAL DE L'OISE"),
            Some(("60", "Oise"))
        );
        assert_eq!(find("Conseil général de la Somme"), Some(("80", "Somme")));
        assert_eq!(
            find("Département des Hauts-de-Seine"),
            Some(("92", "Hauts-de-Seine"))
        );
        assert_eq!(find("Département du Nord"), Some(("59", "Nord")));
        assert_eq!(
            find("Département de la Haute-Saône"),
            Some(("70", "Haute-Saône"))
        );
        assert_eq!(find("le département"), None);
        assert_eq!(
            find("Vu l'avis du Conseil\n   Départemental\u{a0}de la\nCôte-d'Or ;"),
            Some(("21", "Côte-d'Or"))
        );
        assert_eq!(
            find("département de l’Oise, puis département du Nord"),
            Some(("60", "Oise"))
        );
        // The earliest wins, also far apart and after false cues.
        let far = format!(
            "conseil municipal {} département de la Somme {} département du Nord",
            "x ".repeat(500),
            "y ".repeat(500)
        );
        assert_eq!(find(&far), Some(("80", "Somme")));
        assert_eq!(find(&"conseil ".repeat(1000)), None);
    }

    /// The reference: NFD, marks dropped, mapped, collapsed.
    fn fold_slow(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut out = String::new();
        for c in s.nfd() {
            if unicode_normalization::char::is_combining_mark(c) {
                continue;
            }
            match c {
                '-' | '\'' | '\u{2019}' | '_' => out.push(' '),
                c => out.extend(c.to_uppercase()),
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest! {
    /// Folding after text folded already is folding both, a space between.
    #[test]
    fn fold_into_appends(a in "[a-zA-Z' \\-é]{0,12}", s in "[a-zA-Zé' _\\-\n\t\u{300}\u{a0}\u{2019}\\PC]{0,60}") {
        let mut out = fold(&a);
        fold_into(&mut out, &s);
        prop_assert_eq!(out, fold_slow(&format!("{a} {s}")));
    }
    }

    proptest! {
    /// Long runs of plain words (read sixteen bytes at a time) fold as
    /// the definition says, whatever ends them.
    #[test]
    fn fold_of_long_plain_runs(pieces in proptest::collection::vec(proptest::sample::select(vec![
        "Commission permanente du conseil ", "abcdefghijklmnop", "DE LA SOMME", " ", "  ", "-",
        "'", "_", "\n", "\t", "é", "É", "x", "12 000", ".", ",", "\u{1}", "\u{7f}", "\u{a0}",
        "\u{2019}", "Ω", "a b c d e f g h i",
    ]), 0..30)) {
        let s: String = pieces.concat();
        prop_assert_eq!(fold(&s), fold_slow(&s));
        let mut out = String::from("X");
        fold_into(&mut out, &s);
        prop_assert_eq!(out, fold_slow(&format!("X {s}")));
    }
    }

    #[test]
    fn fold_is_nfd_without_marks_upper_collapsed() {
        for s in [
            "",
            "  Côte-d'Or  ",
            "Département\u{a0}de l\u{2019}Oise",
            "Ce\u{301}re\u{301}da straße œuvre ǅ \u{2000}x\u{b}y",
            "Hauts_de-Seine\n\t ÉCOLE Ꭰ 한국 \u{1e9b}\u{323}",
            "--'_",
            "Ça Ÿ ÀÉÎÕÜ àéîõüý Ø Æ ß × Ñ\u{85}ÿ",
        ] {
            assert_eq!(fold(s), fold_slow(s), "{s:?}");
        }
    }
}
