//! The reference deliberation of `../shared/seed` parsed end to end.

mod common;

use deliberation::{AnnexKind, Document};

fn seed() -> Option<(Vec<u8>, Document)> {
    let dir = common::shared()?.join("seed");
    let path = common::txt_files(&dir).into_iter().next()?;
    let bytes = std::fs::read(path).ok()?;
    let doc = deliberation::parse_bytes(&bytes).expect("the seed is text");
    Some((bytes, doc))
}

#[test]
fn header_fields_are_exact() {
    let Some((_, doc)) = seed() else { return };
    assert_eq!(doc.deliberations.len(), 1);
    let d = &doc.deliberations[0];
    assert_eq!(d.number.as_deref(), Some("2023-121"));
    assert_eq!(d.meeting.date.unwrap().to_string(), "2023-03-20");
    let a = d.authority.as_ref().unwrap();
    assert_eq!(
        (a.name.as_str(), a.code.as_deref()),
        ("Pas-de-Calais", Some("62"))
    );
    assert_eq!(d.body, Some(deliberation::Body::CommissionPermanente));
    assert_eq!(
        d.title.as_deref(),
        Some(
            "CONVENTION PLURIANNUELLE D'OBJECTIFS ET DE MOYENS AVEC LA FÉDÉRATION DES ACTEURS DE LA SOLIDARITÉ"
        )
    );
    let p = d.meeting.president.as_ref().unwrap();
    assert_eq!(
        (p.first_name.as_deref(), p.last_name.as_deref()),
        (Some("Jean-Claude"), Some("LEROY"))
    );
    let s = d.meeting.secretary.as_ref().unwrap();
    assert_eq!(
        (s.first_name.as_deref(), s.last_name.as_deref()),
        (Some("Marie-Line"), Some("PLOUVIEZ"))
    );
    assert_eq!(d.dates.transmitted.unwrap().to_string(), "2023-04-19");
    assert_eq!(d.dates.published.unwrap().to_string(), "2023-04-19");
    assert_eq!(d.dates.signed.unwrap().to_string(), "2023-03-20");
}

#[test]
fn bank_details_are_validated_not_corrected() {
    let Some((_, doc)) = seed() else { return };
    let d = &doc.deliberations[0];
    let conv = d
        .annexes
        .iter()
        .find(|a| a.kind == AnnexKind::Convention)
        .unwrap();
    let acc = &conv.bank_accounts[0];
    assert_eq!(acc.iban.as_deref(), Some("FR7616275006000800025263075"));
    assert_eq!(acc.iban_valid, Some(true));
    assert_eq!(acc.rib_key_valid, Some(true));
    assert_eq!(acc.bic.as_deref(), Some("CEPAPFRPP627"));
    assert_eq!(acc.bic_valid, Some(false));
    assert!(
        doc.diagnostics
            .iter()
            .any(|x| x.code == "bank.bic_invalid" && x.message.contains("8 or 11"))
    );
}

#[test]
fn articles_votes_and_budget() {
    let Some((_, doc)) = seed() else { return };
    let d = &doc.deliberations[0];
    let nums: Vec<&str> = d.articles.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(nums, ["1", "2", "3"]);
    let amounts: Vec<String> = d.articles[0]
        .amounts
        .iter()
        .map(|a| a.value.to_string())
        .collect();
    assert_eq!(amounts, ["20000.00", "60000.00"]);
    let conv = d
        .annexes
        .iter()
        .find(|a| a.kind == AnnexKind::Convention)
        .unwrap();
    let nums: Vec<&str> = conv.articles.iter().map(|a| a.number.as_str()).collect();
    assert_eq!(nums, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    let art8 = &conv.articles[7];
    assert!(
        art8.dates
            .iter()
            .any(|t| t.start.to_string() == "2023-01-01"
                && t.end.map(|e| e.to_string()).as_deref() == Some("2025-12-31"))
    );
    assert_eq!(d.votes.len(), 1);
    let v = &d.votes[0];
    assert_eq!(
        (v.for_, v.against, v.abstention, v.unanimous),
        (Some(42), Some(0), Some(0), false)
    );
    assert_eq!(d.budget_lines.len(), 1);
    let rapport = d
        .annexes
        .iter()
        .find(|a| a.kind == AnnexKind::Rapport)
        .unwrap();
    assert_eq!(rapport.budget_lines.len(), 1);
    assert!(
        !doc.diagnostics
            .iter()
            .any(|x| x.code.starts_with("budget."))
    );
    assert!(!doc.diagnostics.iter().any(|x| x.code.starts_with("vote.")));
}

#[test]
fn every_person_span_points_at_that_person() {
    let Some((bytes, doc)) = seed() else { return };
    let d = &doc.deliberations[0];
    let a = &d.attendance;
    let persons = a
        .present
        .iter()
        .chain(&a.excused)
        .chain(&a.non_voting_present)
        .chain(&a.non_voting_excused)
        .chain(d.meeting.president.iter())
        .chain(d.meeting.secretary.iter());
    let mut n = 0;
    for p in persons {
        let at = String::from_utf8_lossy(&bytes[p.span.start..p.span.end]).to_uppercase();
        let last = p.last_name.as_deref().unwrap().to_uppercase();
        assert!(
            at.contains(&last),
            "{:?} at {:?} reads {at:?}",
            p.last_name,
            p.span
        );
        n += 1;
    }
    assert_eq!(n, 39 + 3 + 2 + 3 + 2);
    for v in &d.votes {
        assert!(String::from_utf8_lossy(&bytes[v.span.start..v.span.end]).starts_with("Pour : 42"));
    }
}

#[test]
fn article_budget_bank_and_amount_spans_point_at_their_text() {
    let Some((bytes, doc)) = seed() else { return };
    let at = |s: deliberation::Span| String::from_utf8_lossy(&bytes[s.start..s.end]).into_owned();
    let d = &doc.deliberations[0];
    let mut articles = d.articles.iter().collect::<Vec<_>>();
    for a in &d.annexes {
        articles.extend(a.articles.iter());
        for b in &a.bank_accounts {
            assert!(at(b.span).contains("FR76 1627"), "{}", at(b.span));
        }
    }
    for a in articles {
        assert!(at(a.span).starts_with("Article"), "{}", at(a.span));
        for m in &a.amounts {
            assert!(
                at(m.span).contains('€') || at(m.span).contains("euros"),
                "{}",
                at(m.span)
            );
        }
        for t in &a.dates {
            assert!(
                at(t.span)
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c == 'd'),
                "{}",
                at(t.span)
            );
        }
    }
    let lines = d
        .budget_lines
        .iter()
        .chain(d.annexes.iter().flat_map(|a| a.budget_lines.iter()));
    for l in lines {
        assert!(at(l.span).contains(l.imputation.as_deref().unwrap()));
    }
}
