//! Budget imputation tables: a header row naming the columns (« Code
//! Opération | Imputation Budgétaire | Libellé Opération | AE € | Dépense
//! € »), then one line per operation.
//!
//! Cells are separated by tabs, by `|` (Markdown), or by runs of two spaces
//! or more (`pdftotext -layout`), never by a single space, since
//! « 375 000,00 » holds spaces. Imputations are decoded per the M52/M57
//! nomenclatures where the code leaves no doubt, and left `null` otherwise.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{AmountKind, BudgetAmount, BudgetLine, Diagnostic};
use crate::money::{Money, parse_cell};
use crate::text::{Text, collapse};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Operation,
    Imputation,
    Label,
    Chapter,
    Nature,
    Function,
    Amount(AmountKind),
    Ignored,
}

fn column_kind(header: &str) -> Column {
    let h = crate::departements::fold(header);
    let has = |w: &str| h.split(' ').any(|x| x == w);
    if h.contains("IMPUTATION") {
        Column::Imputation
    } else if h.contains("OPERATION") && (h.contains("CODE") || h.contains("N ")) {
        Column::Operation
    } else if h.contains("LIBELLE") || h.contains("INTITULE") || h.contains("OBJET") {
        Column::Label
    } else if h.starts_with("CHAPITRE") {
        Column::Chapter
    } else if h.starts_with("NATURE") || h.starts_with("COMPTE") {
        Column::Nature
    } else if h.starts_with("FONCTION") {
        Column::Function
    } else if h.contains("DISPONIBLE") {
        Column::Amount(AmountKind::Available)
    } else if h.contains("PROPOSITION") || h.contains("PROPOSE") {
        Column::Amount(AmountKind::Proposed)
    } else if h.contains("SOLDE") || h.contains("RESTE") {
        Column::Amount(AmountKind::Remaining)
    } else if h.contains("DEPENSE") || h.contains("MONTANT") || h.contains("SUBVENTION") {
        Column::Amount(AmountKind::Expense)
    } else if has("AP") || h.contains("AUTORISATION DE PROGRAMME") {
        Column::Amount(AmountKind::ProgramAuthorization)
    } else if has("AE") || h.contains("AUTORISATION D ENGAGEMENT") {
        Column::Amount(AmountKind::CommitmentAuthorization)
    } else if has("CP") || h.contains("CREDITS DE PAIEMENT") {
        Column::Amount(AmountKind::PaymentCredit)
    } else if h.contains("CREDITS") || h.contains("ENGAGE") || h.contains("VOTE") {
        Column::Amount(AmountKind::Other)
    } else {
        Column::Ignored
    }
}

static LAYOUT_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ ]{2,}|\t").expect("valid regex"));

/// Splits a row into cells: tabs, pipes, or two spaces or more.
fn cells(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if line.trim_start().starts_with('|') {
        let mut pos = 0;
        for part in line.split('|') {
            let a = pos;
            pos += part.len() + 1;
            out.push((a, a + part.len()));
        }
        // Drop the empty cells before the first and after the last pipe.
        if out
            .first()
            .is_some_and(|&(a, b)| line[a..b].trim().is_empty())
        {
            out.remove(0);
        }
        if out
            .last()
            .is_some_and(|&(a, b)| line[a..b].trim().is_empty())
        {
            out.pop();
        }
        return out;
    }
    let mut pos = 0;
    for m in LAYOUT_SPLIT.find_iter(line) {
        if m.start() > pos || m.start() == 0 {
            out.push((pos, m.start()));
        }
        pos = m.end();
    }
    out.push((pos, line.len()));
    out.retain(|&(a, b)| a < b || line.contains('\t'));
    out
}

/// Budget lines of every table in `range`.
pub fn extract(
    text: &Text<'_>,
    range: Range<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<BudgetLine> {
    let s = &text.s[range.clone()];
    let base = range.start;
    let mut out = Vec::new();
    let mut header: Option<Vec<(Column, String)>> = None;
    let mut offset = 0;
    for line in s.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let row = line.trim_end_matches('\n');
        let cs = cells(row);
        let texts: Vec<&str> = cs.iter().map(|&(a, b)| row[a..b].trim()).collect();
        if cs.len() < 3 || row.trim_start().starts_with("|-") || row.trim_start().starts_with("| -")
        {
            if row.trim().is_empty() || row.trim_start().starts_with("|-") || row.contains("---") {
                continue;
            }
            header = None;
            continue;
        }
        let kinds: Vec<Column> = texts.iter().map(|t| column_kind(t)).collect();
        let amount_cols = kinds
            .iter()
            .filter(|k| matches!(k, Column::Amount(_)))
            .count();
        let id_cols = kinds
            .iter()
            .filter(|k| {
                matches!(
                    k,
                    Column::Imputation | Column::Operation | Column::Nature | Column::Chapter
                )
            })
            .count();
        if amount_cols >= 1 && id_cols >= 1 && texts.iter().all(|t| parse_cell(t).is_none()) {
            header = Some(
                kinds
                    .into_iter()
                    .zip(texts.iter().map(|t| collapse(t)))
                    .collect(),
            );
            continue;
        }
        let Some(h) = &header else { continue };
        if texts
            .first()
            .is_some_and(|t| t.to_lowercase().starts_with("total"))
        {
            continue;
        }
        if cs.len() > h.len() {
            diags.push(Diagnostic::warning(
                "budget.extra_cells",
                format!(
                    "a table row has {} cells under a header of {}",
                    cs.len(),
                    h.len()
                ),
                Some(text.span(base + line_start, base + line_start + row.len())),
            ));
        }
        let mut bl = BudgetLine {
            operation_code: None,
            imputation: None,
            nature: None,
            chapter: None,
            function: None,
            label: None,
            amounts: Vec::new(),
            span: text.span(base + line_start, base + line_start + row.len()),
        };
        for (k, cell) in texts.iter().enumerate() {
            let Some((kind, column)) = h.get(k) else {
                break;
            };
            let cell = cell.trim();
            let val = |c: &str| {
                if c.is_empty() {
                    None
                } else {
                    Some(c.to_owned())
                }
            };
            match kind {
                Column::Operation => bl.operation_code = val(cell),
                Column::Imputation => bl.imputation = val(cell),
                Column::Label => bl.label = val(cell),
                Column::Chapter => bl.chapter = val(cell),
                Column::Nature => bl.nature = val(cell),
                Column::Function => bl.function = val(cell),
                Column::Amount(kind) => {
                    if let Some(d) = parse_cell(cell) {
                        bl.amounts.push(BudgetAmount {
                            column: column.clone(),
                            kind: *kind,
                            value: Money::new(d),
                        });
                    }
                }
                Column::Ignored => {}
            }
        }
        if let Some(imp) = bl.imputation.clone() {
            let d = decode_imputation(&imp);
            bl.nature = bl.nature.or(d.nature);
            bl.chapter = bl.chapter.or(d.chapter);
            bl.function = bl.function.or(d.function);
        }
        if bl.amounts.is_empty() && bl.imputation.is_none() && bl.nature.is_none() {
            continue;
        }
        out.push(bl);
    }
    out
}

/// Parts decoded from an imputation code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imputation {
    /// Nature (compte par nature).
    pub nature: Option<String>,
    /// Chapter.
    pub chapter: Option<String>,
    /// Function.
    pub function: Option<String>,
}

static NATURE_FUNCTIONAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{3,6})/(9[0-3])([0-9]{1,3})$").expect("valid regex"));
static CHAPTER_NATURE_FUNCTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{2,3})[ ]?/{1,2}[ ]?([0-9]{3,6})[ ]?/{1,2}[ ]?([0-9]{1,4})$")
        .expect("valid regex")
});

/// Decodes `6568/93428` (nature 6568 on functional article 93-428:
/// chapter 934, function 428) and `65//6574//58` (chapter, nature,
/// function). Anything else is left undecoded.
pub fn decode_imputation(raw: &str) -> Imputation {
    let t: String = raw.split_whitespace().collect::<Vec<_>>().join("");
    if let Some(c) = NATURE_FUNCTIONAL.captures(&t) {
        let func = &c[3];
        return Imputation {
            nature: Some(c[1].to_owned()),
            chapter: Some(format!("{}{}", &c[2], &func[..1])),
            function: Some(func.to_owned()),
        };
    }
    if let Some(c) = CHAPTER_NATURE_FUNCTION.captures(&t) {
        return Imputation {
            chapter: Some(c[1].to_owned()),
            nature: Some(c[2].to_owned()),
            function: Some(c[3].to_owned()),
        };
    }
    Imputation::default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offsets::OffsetMap;

    fn lines(s: &str) -> Vec<BudgetLine> {
        let m = OffsetMap::identity();
        let t = Text::new(s, &m, s, &m);
        extract(&t, 0..s.len(), &mut Vec::new())
    }

    #[test]
    fn tab_table() {
        let l = lines(
            "Code Opération\tImputation Budgétaire\tLibellé Opération\tAE €\tDépense €\nC01-1\t6568/93428\tPartenariats\t375 000,00\t60 000,00\n",
        );
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].imputation.as_deref(), Some("6568/93428"));
        assert_eq!(l[0].chapter.as_deref(), Some("934"));
        assert_eq!(l[0].function.as_deref(), Some("428"));
        assert_eq!(l[0].amounts.len(), 2);
        assert_eq!(l[0].amounts[0].kind, AmountKind::CommitmentAuthorization);
        assert_eq!(l[0].amounts[1].value.to_string(), "60000.00");
    }

    #[test]
    fn pipe_and_layout_tables() {
        let md = lines(
            "| Imputation | Libellé | Montant |\n|---|---|---|\n| 6574/93311 | Aide | 1 200,00 |\n| Total | | 1 200,00 |\n",
        );
        assert_eq!(md.len(), 1);
        assert_eq!(md[0].amounts[0].value.to_string(), "1200.00");
        let lay = lines(
            "Imputation      Libellé            Montant\n6574/93311      Aide aux clubs     1 200,00\n",
        );
        assert_eq!(lay.len(), 1);
        assert_eq!(lay[0].label.as_deref(), Some("Aide aux clubs"));
    }

    #[test]
    fn imputations() {
        assert_eq!(
            decode_imputation("65//6574//58").chapter.as_deref(),
            Some("65")
        );
        assert_eq!(
            decode_imputation("204142/91738").chapter.as_deref(),
            Some("917")
        );
        assert_eq!(decode_imputation("933-6574"), Imputation::default());
    }
}
