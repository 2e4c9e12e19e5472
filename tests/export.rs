//! `delib export`: SCDL « Délibérations » 2.1.5 and « Subventions » 2.1.1.

mod common;

use common::delib;

/// Rows as maps from column to value.
fn table(csv_text: &str) -> (Vec<String>, Vec<Vec<(String, String)>>) {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

fn get<'a>(row: &'a [(String, String)], col: &str) -> &'a str {
    &row.iter().find(|(c, _)| c == col).unwrap().1
}

/// The schemas' field lists, as published for these versions.
const SCDL_DELIBERATIONS_2_1_5: &str = "COLL_NOM,COLL_SIRET,DELIB_ID,DELIB_DATE,DELIB_MATIERE_CODE,DELIB_MATIERE_NOM,DELIB_OBJET,BUDGET_ANNEE,BUDGET_NOM,PREF_ID,PREF_DATE,VOTE_EFFECTIF,VOTE_REEL,VOTE_POUR,VOTE_CONTRE,VOTE_ABSTENTION,DELIB_URL";
const SCDL_SUBVENTIONS_2_1_1: &str = "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide";

#[test]
fn header_rows_match_the_schemas() {
    let f = common::fixtures().join("f01-cp-seedlike.txt");
    for (format, header) in [
        ("scdl-deliberations", SCDL_DELIBERATIONS_2_1_5),
        ("scdl-subventions", SCDL_SUBVENTIONS_2_1_1),
    ] {
        let (code, out, err) = delib(
            &["export", "--format", format, f.to_str().unwrap(), "-q"],
            b"",
        );
        assert_eq!(code, 0, "{err}");
        assert_eq!(out.lines().next(), Some(header), "{format}");
    }
}

#[test]
fn fixture_rows_are_filled_from_the_text_and_options() {
    let f = common::fixtures().join("f01-cp-seedlike.txt");
    let (code, out, err) = delib(
        &[
            "export",
            "--format",
            "scdl-deliberations",
            "--siret",
            "356 000 000 00010",
            "--matiere",
            "7.5",
            "--matiere-nom",
            "Subventions",
            f.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("COLL_SIRET"), "{err}");
    let (_, rows) = table(&out);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(get(r, "COLL_SIRET"), "35600000000010");
    assert_eq!(get(r, "DELIB_ID"), "2024-214");
    assert_eq!(get(r, "DELIB_DATE"), "2024-05-13");
    assert_eq!(get(r, "DELIB_MATIERE_CODE"), "7.5");
    assert_eq!(get(r, "DELIB_MATIERE_NOM"), "Subventions");
    assert_eq!(get(r, "PREF_DATE"), "2024-05-22");
    let n = |c| get(r, c).parse::<u32>().unwrap();
    assert_eq!(
        n("VOTE_REEL"),
        n("VOTE_POUR") + n("VOTE_CONTRE") + n("VOTE_ABSTENTION")
    );
    // Without options, the columns are empty and a warning says so.
    let (code, out, err) = delib(
        &[
            "export",
            "--format",
            "scdl-deliberations",
            f.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 0);
    assert!(
        err.contains("--siret") && err.contains("--matiere"),
        "{err}"
    );
    let (_, rows) = table(&out);
    assert_eq!(get(&rows[0], "COLL_SIRET"), "");
}

#[test]
fn grants_are_in_the_json_schema() {
    let (code, out, _) = delib(&["schema"], b"");
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["$defs"]["Deliberation"]["properties"]["grants"].is_object());
    let grant = &v["$defs"]["Grant"]["properties"];
    for k in [
        "beneficiary",
        "amount",
        "yearly",
        "total",
        "period",
        "article",
        "span",
    ] {
        assert!(grant.get(k).is_some(), "{k}");
    }
}

#[test]
fn a_bad_siret_is_a_usage_error() {
    let f = common::fixtures().join("f01-cp-seedlike.txt");
    for siret in ["73282932000075", "1234"] {
        let (code, _, err) = delib(
            &[
                "export",
                "--format",
                "scdl-deliberations",
                "--siret",
                siret,
                f.to_str().unwrap(),
            ],
            b"",
        );
        assert_eq!(code, 2, "{siret}");
        assert!(err.contains("--siret"), "{err}");
    }
}

#[test]
fn export_reads_the_jsonl_of_parse() {
    let dir = common::fixtures();
    let (_, jsonl, _) = delib(&["parse", dir.to_str().unwrap(), "--jsonl", "-q"], b"");
    let (code, from_stdin, err) = delib(
        &["export", "--format", "scdl-deliberations", "-", "-q"],
        jsonl.as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    let (code, direct, _) = delib(
        &[
            "export",
            "--format",
            "scdl-deliberations",
            dir.to_str().unwrap(),
            "-q",
        ],
        b"",
    );
    assert_eq!(code, 0);
    // The same rows, whichever way the documents came.
    assert_eq!(from_stdin, direct);
    assert!(direct.lines().count() > 10);
}

#[test]
fn the_seed_exports_one_deliberation_and_one_grant() {
    let Some(shared) = common::shared() else {
        return;
    };
    let seed = shared
        .join("seed")
        .join("pas-de-calais-cp-2023-03-20-n2023-121.txt");
    let (code, out, err) = delib(
        &[
            "export",
            "--format",
            "scdl-deliberations",
            seed.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    let (header, rows) = table(&out);
    assert_eq!(header.join(","), SCDL_DELIBERATIONS_2_1_5);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(get(r, "COLL_NOM"), "Pas-de-Calais");
    assert_eq!(get(r, "DELIB_ID"), "2023-121");
    assert_eq!(get(r, "DELIB_DATE"), "2023-03-20");
    assert_eq!(get(r, "VOTE_POUR"), "42");
    assert_eq!(get(r, "VOTE_CONTRE"), "0");
    assert_eq!(get(r, "VOTE_ABSTENTION"), "0");
    assert_eq!(get(r, "VOTE_REEL"), "42");
    assert_eq!(get(r, "PREF_DATE"), "2023-04-19");

    let (code, out, err) = delib(
        &[
            "export",
            "--format",
            "scdl-subventions",
            seed.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    let (header, rows) = table(&out);
    assert_eq!(header.join(","), SCDL_SUBVENTIONS_2_1_1);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        get(r, "nomBeneficiaire"),
        "Fédération des Acteurs de la Solidarité des Hauts-de-France"
    );
    assert_eq!(get(r, "referenceDecision"), "2023-121");
    assert_eq!(get(r, "montant"), "60000.00");
    assert_eq!(get(r, "datesPeriodeVersement"), "2023-01-01_2025-12-31");
    assert_eq!(get(r, "conditionsVersement"), "Échelonné");
    assert_eq!(get(r, "nature"), "aide en numéraire");

    // The document itself carries the grant, yearly amount and total.
    let (_, json, _) = delib(&["parse", seed.to_str().unwrap()], b"");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let g = &v["deliberations"][0]["grants"][0];
    assert_eq!(g["amount"], "20000.00");
    assert_eq!(g["yearly"], true);
    assert_eq!(g["total"], "60000.00");
    assert_eq!(g["period"]["start"], 2023);
    assert_eq!(g["period"]["end"], 2025);
    assert_eq!(g["article"], "1");
}
