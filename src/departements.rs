//! The French départements and their INSEE codes.

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
/// apostrophes as spaces.
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            '-' | '\'' | '\u{2019}' | '_' => out.push(' '),
            c => out.extend(c.to_uppercase()),
        }
    }
    let mut collapsed = String::with_capacity(out.len());
    for w in out.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(w);
    }
    collapsed
}

/// Finds a département named after « département », « conseil
/// départemental » or « conseil général » in `text`; returns its code and
/// name.
pub fn find(text: &str) -> Option<(&'static str, &'static str)> {
    let folded = fold(text);
    let mut best: Option<(usize, &'static str, &'static str)> = None;
    for cue in ["DEPARTEMENT", "CONSEIL DEPARTEMENTAL", "CONSEIL GENERAL"] {
        let mut from = 0;
        while let Some(k) = folded[from..].find(cue) {
            let at = from + k + cue.len();
            from = at;
            let rest = folded[at..].trim_start();
            let rest = ["DU ", "DE LA ", "DE L ", "DES ", "DE ", "D "]
                .iter()
                .find_map(|a| rest.strip_prefix(a));
            let Some(rest) = rest else { continue };
            // Longest name first: « HAUTE SAONE » before « SAONE ET LOIRE ».
            for &(code, name) in DEPARTEMENTS {
                let f = fold(name);
                if rest.starts_with(&f)
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

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
