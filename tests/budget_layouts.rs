//! The f2x-budget fixtures print one invented table in every layout a PDF
//! extraction gives (tabs, Markdown, HTML, `pdftotext -layout`, a page
//! break, one cell per paragraph, one cell per line, one line): each must
//! give the same lines,
//! the same total, and no budget diagnostic; broken copies must be flagged.

mod common;

use deliberation::model::{BudgetLine, Document};

fn budget_fixtures() -> Vec<(String, String)> {
    let files: Vec<_> = common::txt_files(&common::fixtures())
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("-budget-"))
        })
        .collect();
    assert!(files.len() >= 8, "expected the eight f2x-budget fixtures");
    files
        .into_iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// What must not depend on the layout: code, decoded parts, label, amounts.
fn key(l: &BudgetLine) -> String {
    let amounts: Vec<String> = l
        .amounts
        .iter()
        .map(|a| format!("{}={:?}:{}", a.column, a.kind, a.value))
        .collect();
    format!(
        "{:?} {:?} {:?} {:?} {:?} {:?} {}",
        l.imputation,
        l.nature,
        l.chapter,
        l.function,
        l.section,
        l.label,
        amounts.join(",")
    )
}

fn budget_codes(doc: &Document) -> Vec<String> {
    doc.diagnostics
        .iter()
        .filter(|d| d.code.starts_with("budget."))
        .map(|d| d.code.clone())
        .collect()
}

#[test]
fn every_layout_gives_the_same_lines() {
    let mut reference: Option<(String, Vec<String>, Vec<String>)> = None;
    for (name, text) in budget_fixtures() {
        let doc = deliberation::parse(&text);
        assert_eq!(doc.deliberations.len(), 1, "{name}");
        let d = &doc.deliberations[0];
        let lines: Vec<String> = d.budget_lines.iter().map(key).collect();
        let totals: Vec<String> = d.budget_totals.iter().map(key).collect();
        assert_eq!(lines.len(), 2, "{name}: {lines:#?}");
        assert_eq!(totals.len(), 1, "{name}: {totals:#?}");
        assert_eq!(budget_codes(&doc), Vec::<String>::new(), "{name}");
        match &reference {
            None => reference = Some((name, lines, totals)),
            Some((rname, rl, rt)) => {
                assert_eq!(&lines, rl, "{name} differs from {rname}");
                assert_eq!(&totals, rt, "{name} differs from {rname}");
            }
        }
    }
    let (_, lines, _) = reference.unwrap();
    assert!(lines[0].contains("Some(\"6574/93311\")"), "{}", lines[0]);
    assert!(lines[0].contains("120000.00"), "{}", lines[0]);
}

#[test]
fn a_wrong_total_and_a_stray_amount_are_reported() {
    for (name, text) in budget_fixtures() {
        // A total that the lines do not add up to.
        let broken = text.replacen("65 250,00", "65 205,00", 2);
        let doc = deliberation::parse(&broken);
        let codes = budget_codes(&doc);
        assert!(
            codes.iter().any(|c| c == "budget.total_mismatch"),
            "{name}: {codes:?}"
        );
        // « soit N € » that no line nor total carries.
        let stray = text.replace("soit 65 250,00 €", "soit 66 000,00 €");
        let doc = deliberation::parse(&stray);
        let codes = budget_codes(&doc);
        assert!(
            codes.iter().any(|c| c == "budget.amount_not_in_table"),
            "{name}: {codes:?}"
        );
    }
}

#[test]
fn available_minus_proposed_is_the_remaining() {
    let table = |solde: &str| {
        format!(
            "DÉCIDE :\nArticle 1 : d'affecter les crédits suivants :\nCode Opération\tImputation\tLibellé\tAE €\tDisponible €\tProposition €\tSolde €\nP07-1\t6574/93311\tClubs\t90 000,00\t90 000,00\t24 000,00\t{solde}\nArticle 2 : fin.\n"
        )
    };
    let ok = deliberation::parse(&table("66 000,00"));
    let l = &ok.deliberations[0].budget_lines;
    assert_eq!(l.len(), 1);
    assert_eq!(l[0].amounts.len(), 4);
    assert_eq!(budget_codes(&ok), Vec::<String>::new());
    let bad = deliberation::parse(&table("60 000,00"));
    assert_eq!(budget_codes(&bad), ["budget.remaining_mismatch"]);
}

#[test]
fn a_total_sums_only_its_own_table() {
    let doc = deliberation::parse(
        "DÉCIDE :\nArticle 1 : d'affecter :\nImputation\tLibellé\tMontant €\n6574/93311\tClubs\t1 000,00\n\nArticle 2 : et :\nImputation\tLibellé\tAE €\tCP €\n6574/93312\tÉcoles\t500,00\t200,00\n6574/93313\tCollèges\t500,00\t100,00\nTotal\t\t1 000,00\t300,00\nArticle 3 : fin.\n",
    );
    let d = &doc.deliberations[0];
    assert_eq!(d.budget_lines.len(), 3);
    assert_eq!(d.budget_totals.len(), 1);
    assert_eq!(budget_codes(&doc), Vec::<String>::new());
}
