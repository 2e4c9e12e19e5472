//! Open-data exports: the SCDL (Socle commun des données locales) CSV
//! schemas that French portals validate, « Délibérations » 2.1.5 and
//! « Subventions » 2.1.1.
//!
//! CSV is written with the `csv` crate: RFC 4180 quoting, UTF-8, comma,
//! ISO dates, decimals with a dot. A value the text cannot give is left
//! empty (and reported once as a warning), never made up.

use std::io::{self, BufRead, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::batch::{self, ErrorRecord, Summary};
use crate::model::{Deliberation, Document, Level};

/// Columns of SCDL « Délibérations » 2.1.5, in order.
pub const DELIBERATIONS_COLUMNS: [&str; 17] = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
];

/// Columns of SCDL « Subventions » 2.1.1, in order.
pub const SUBVENTIONS_COLUMNS: [&str; 16] = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
];

/// Which CSV schema to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// SCDL « Délibérations » 2.1.5: one row per deliberation.
    ScdlDeliberations,
    /// SCDL « Subventions » 2.1.1: one row per grant awarded.
    ScdlSubventions,
}

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[Format::ScdlDeliberations, Format::ScdlSubventions]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(match self {
            Format::ScdlDeliberations => clap::builder::PossibleValue::new("scdl-deliberations")
                .help("SCDL Délibérations 2.1.5, one row per deliberation"),
            Format::ScdlSubventions => clap::builder::PossibleValue::new("scdl-subventions")
                .help("SCDL Subventions 2.1.1, one row per grant"),
        })
    }
}

/// A SIRET whose check digit is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Siret(String);

/// Why a SIRET is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SiretError {
    /// Not 14 digits.
    #[error("expected 14 digits, found {0:?}")]
    Format(String),
    /// The Luhn check fails.
    #[error("{0} fails the Luhn check (a mistyped digit?)")]
    Checksum(String),
}

impl Siret {
    /// Checks a SIRET (spaces allowed): 14 digits passing the Luhn check,
    /// or, for La Poste's establishments (SIREN 356 000 000), whose digits
    /// sum to a multiple of 5.
    pub fn parse(s: &str) -> Result<Siret, SiretError> {
        let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SiretError::Format(s.to_owned()));
        }
        let la_poste = digits.starts_with("356000000")
            && digits.bytes().map(|b| u32::from(b - b'0')).sum::<u32>() % 5 == 0;
        if luhn(&digits) || la_poste {
            Ok(Siret(digits))
        } else {
            Err(SiretError::Checksum(digits))
        }
    }

    /// The 14 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Luhn check over ASCII digits.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d = d * 2;
                if d > 9 { d - 9 } else { d }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// Values the text cannot give, from the command line.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// SIRET of the collectivité.
    pub siret: Option<Siret>,
    /// Official name of the collectivité (default: the name printed).
    pub coll_nom: Option<String>,
    /// DELIB_MATIERE_CODE (ACTES nomenclature, `7.5`).
    pub matiere_code: Option<String>,
    /// DELIB_MATIERE_NOM.
    pub matiere_nom: Option<String>,
}

/// What an export did besides writing rows.
#[derive(Debug, Default)]
pub struct Report {
    /// Counts of the inputs read.
    pub summary: Summary,
    /// Rows written.
    pub rows: u64,
    /// Each kind of missing value, once.
    pub warnings: Vec<String>,
    /// Inputs that could not be read.
    pub failures: Vec<ErrorRecord>,
}

impl Report {
    fn warn(&mut self, w: String) {
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }
}

/// Writes CSV rows for documents, one at a time.
pub struct Exporter<W: Write> {
    csv: csv::Writer<W>,
    format: Format,
    settings: Settings,
    report: Report,
}

impl<W: Write> Exporter<W> {
    /// Starts an export: writes the header row.
    pub fn new(out: W, format: Format, settings: Settings) -> io::Result<Self> {
        let mut csv = csv::WriterBuilder::new().from_writer(out);
        let header: &[&str] = match format {
            Format::ScdlDeliberations => &DELIBERATIONS_COLUMNS,
            Format::ScdlSubventions => &SUBVENTIONS_COLUMNS,
        };
        csv.write_record(header).map_err(csv_io)?;
        let mut report = Report::default();
        if settings.siret.is_none() {
            report.warn("COLL_SIRET/idAttribuant left empty: give it with --siret".to_owned());
        }
        if format == Format::ScdlDeliberations && settings.matiere_code.is_none() {
            report.warn(
                "DELIB_MATIERE_CODE left empty: give it with --matiere (ACTES nomenclature)"
                    .to_owned(),
            );
        }
        if format == Format::ScdlDeliberations && settings.matiere_nom.is_none() {
            report.warn("DELIB_MATIERE_NOM left empty: give it with --matiere-nom".to_owned());
        }
        Ok(Exporter {
            csv,
            format,
            settings,
            report,
        })
    }

    /// Writes the rows of one document.
    pub fn document(&mut self, doc: &Document) -> io::Result<()> {
        let name = doc.source.name.as_deref().unwrap_or("<input>");
        for d in &doc.deliberations {
            match self.format {
                Format::ScdlDeliberations => {
                    let row = deliberation_row(d, &self.settings, name, &mut self.report);
                    self.csv.write_record(&row).map_err(csv_io)?;
                    self.report.rows += 1;
                }
                Format::ScdlSubventions => {
                    for row in subvention_rows(d, &self.settings, name, &mut self.report) {
                        self.csv.write_record(&row).map_err(csv_io)?;
                        self.report.rows += 1;
                    }
                }
            }
        }
        Ok(())
    }

    /// Flushes the CSV and returns the report.
    pub fn finish(mut self) -> io::Result<Report> {
        self.csv.flush()?;
        Ok(self.report)
    }
}

fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        k => io::Error::other(format!("{k:?}")),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn coll_nom(d: &Deliberation, s: &Settings) -> String {
    s.coll_nom
        .clone()
        .or_else(|| d.authority.as_ref().map(|a| a.name.clone()))
        .unwrap_or_default()
}

/// One SCDL « Délibérations » row.
pub fn deliberation_row(
    d: &Deliberation,
    s: &Settings,
    source: &str,
    report: &mut Report,
) -> Vec<String> {
    // Several votes (amendments, separate items) cannot be told apart from
    // the final one with certainty: leave the columns empty.
    let vote = match d.votes.as_slice() {
        [v] => Some(v),
        [] => None,
        _ => {
            report.warn(format!(
                "{source}: VOTE_* left empty for a deliberation with several votes"
            ));
            None
        }
    };
    let (pour, contre, abst) =
        vote.map_or((None, None, None), |v| (v.for_, v.against, v.abstention));
    // The schema's validator checks VOTE_REEL = POUR + CONTRE + ABSTENTION:
    // only a complete count gives it.
    let reel = match (pour, contre, abst) {
        (Some(p), Some(c), Some(a)) => Some(p + c + a),
        _ => None,
    };
    for (col, missing) in [
        ("COLL_NOM", d.authority.is_none() && s.coll_nom.is_none()),
        ("DELIB_ID", d.number.is_none()),
        ("DELIB_DATE", d.meeting.date.is_none()),
        ("DELIB_OBJET", d.title.is_none()),
    ] {
        if missing {
            report.warn(format!("{source}: {col} (required) not found in the text"));
        }
    }
    vec![
        coll_nom(d, s),
        opt(s.siret.as_ref().map(Siret::as_str)),
        opt(d.number.as_deref()),
        opt(d.meeting.date),
        opt(s.matiere_code.as_deref()),
        opt(s.matiere_nom.as_deref()),
        opt(d.title.as_deref()),
        String::new(),
        String::new(),
        String::new(),
        opt(d.dates.transmitted),
        opt(d.attendance.members_in_office),
        opt(reel),
        opt(pour),
        opt(contre),
        opt(abst),
        String::new(),
    ]
}

/// « 70 % … à la signature … le solde »: payment in instalments, when an
/// article speaks of payment ([`PAYMENT`]) and of its parts.
static INSTALMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:premier\s+versement|acompte|(?-u:\b)solde(?-u:\b)|[0-9]+\s*%)")
        .expect("valid regex")
});

/// « versé », « versement »: the article is about paying the grant.
static PAYMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bvers(?:é|e|ée|ement)s?\b").expect("valid regex"));

/// One SCDL « Subventions » row per grant of the deliberation.
pub fn subvention_rows(
    d: &Deliberation,
    s: &Settings,
    source: &str,
    report: &mut Report,
) -> Vec<Vec<String>> {
    if d.grants.is_empty() {
        return Vec::new();
    }
    report.warn(
        "dateConvention, notificationUE and pourcentageSubvention left empty: the deliberation does not state them".to_owned(),
    );
    let texts = d
        .articles
        .iter()
        .chain(d.annexes.iter().flat_map(|a| &a.articles))
        .map(|a| a.text.as_str());
    let staged = texts
        .clone()
        .any(|t| PAYMENT.is_match(t) && INSTALMENTS.is_match(t));
    if d.number.is_none() {
        report.warn(format!("{source}: referenceDecision not found in the text"));
    }
    d.grants
        .iter()
        .map(|g| {
            let montant = g.total.unwrap_or(g.amount);
            let period = g
                .period
                .map(|p| format!("{}-01-01_{}-12-31", p.start, p.end))
                .unwrap_or_default();
            vec![
                coll_nom(d, s),
                opt(s.siret.as_ref().map(Siret::as_str)),
                String::new(),
                opt(d.number.as_deref()),
                g.beneficiary.clone(),
                String::new(),
                String::new(),
                opt(d.title.as_deref()),
                montant.to_string(),
                "aide en numéraire".to_owned(),
                if staged {
                    "Échelonné".to_owned()
                } else {
                    String::new()
                },
                period,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]
        })
        .collect()
}

/// Exports `paths` (texts, PDFs, folders, `.jsonl` output of `delib parse`,
/// `-` for JSON lines on standard input) to `out`, parsing in parallel and
/// writing rows in input order.
pub fn run(
    paths: &[PathBuf],
    filter: &batch::Filter,
    opts: &batch::Options,
    format: Format,
    settings: &Settings,
    out: &mut dyn Write,
) -> io::Result<Report> {
    let mut ex = Exporter::new(out, format, settings.clone())?;
    let mut summary = Summary::default();
    let mut failures = Vec::new();
    let mut texts = Vec::new();
    let flush_texts = |texts: &mut Vec<PathBuf>,
                       ex: &mut Exporter<&mut dyn Write>,
                       summary: &mut Summary,
                       failures: &mut Vec<ErrorRecord>|
     -> io::Result<()> {
        if texts.is_empty() {
            return Ok(());
        }
        let inputs = batch::Walk::new(texts, filter.clone());
        texts.clear();
        let mut err = None;
        batch::ordered(
            opts.threads(),
            opts.window(),
            inputs,
            |i| batch::parse_input(i, opts),
            |input, r| {
                summary.files += 1;
                match r.map_err(|m| batch::RecordError {
                    kind: batch::ErrorKind::Panic,
                    message: m,
                }) {
                    Ok(Ok(doc)) => {
                        count(summary, &doc);
                        if let Err(e) = ex.document(&doc) {
                            err = Some(e);
                            return ControlFlow::Break(());
                        }
                    }
                    Ok(Err(e)) | Err(e) => {
                        summary.failures += 1;
                        failures.push(ErrorRecord {
                            source: input.source,
                            error: e,
                        });
                    }
                }
                ControlFlow::Continue(())
            },
        );
        err.map_or(Ok(()), Err)
    };
    for p in paths {
        let is_jsonl = p.as_os_str() == "-"
            || p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("json"));
        if !is_jsonl {
            texts.push(p.clone());
            continue;
        }
        flush_texts(&mut texts, &mut ex, &mut summary, &mut failures)?;
        if p.as_os_str() == "-" {
            let stdin = io::stdin();
            read_documents(
                &mut stdin.lock(),
                "<stdin>",
                &mut ex,
                &mut summary,
                &mut failures,
            )?;
        } else {
            match std::fs::File::open(p) {
                Ok(f) => read_documents(
                    &mut io::BufReader::new(f),
                    &p.display().to_string(),
                    &mut ex,
                    &mut summary,
                    &mut failures,
                )?,
                Err(e) => {
                    summary.files += 1;
                    summary.failures += 1;
                    failures.push(ErrorRecord {
                        source: p.display().to_string(),
                        error: batch::RecordError {
                            kind: batch::ErrorKind::Unreadable,
                            message: format!("cannot read: {e}"),
                        },
                    });
                }
            }
        }
    }
    flush_texts(&mut texts, &mut ex, &mut summary, &mut failures)?;
    let mut report = ex.finish()?;
    report.summary = summary;
    report.failures = failures;
    Ok(report)
}

fn count(summary: &mut Summary, doc: &Document) {
    summary.deliberations += doc.deliberations.len() as u64;
    summary.warnings += doc
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Warning)
        .count() as u64;
}

/// Reads documents written by `delib parse --jsonl` (or a single pretty
/// document): error records are counted as failures.
fn read_documents(
    input: &mut dyn BufRead,
    source: &str,
    ex: &mut Exporter<&mut dyn Write>,
    summary: &mut Summary,
    failures: &mut Vec<ErrorRecord>,
) -> io::Result<()> {
    let stream = serde_json::Deserializer::from_reader(input).into_iter::<serde_json::Value>();
    for (k, v) in stream.enumerate() {
        summary.files += 1;
        let fail = |message: String| ErrorRecord {
            source: format!("{source}: record {}", k + 1),
            error: batch::RecordError {
                kind: batch::ErrorKind::InvalidRecord,
                message,
            },
        };
        let v = match v {
            Ok(v) => v,
            Err(e) => {
                summary.failures += 1;
                failures.push(fail(format!("not JSON: {e}")));
                // The rest of the stream cannot be resynchronised.
                break;
            }
        };
        if let Ok(rec) = serde_json::from_value::<ErrorRecord>(v.clone()) {
            summary.failures += 1;
            failures.push(rec);
            continue;
        }
        match serde_json::from_value::<Document>(v) {
            Ok(doc) => {
                count(summary, &doc);
                ex.document(&doc)?;
            }
            Err(e) => {
                summary.failures += 1;
                failures.push(fail(format!("not a delib document: {e}")));
            }
        }
    }
    Ok(())
}

/// Whether `path` names JSON lines rather than a text to parse.
pub fn is_json_input(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siret_luhn_and_la_poste() {
        // A SIRET built to pass Luhn: 73282932000074 is a classic example.
        assert!(Siret::parse("732 829 320 00074").is_ok());
        assert!(matches!(
            Siret::parse("73282932000075"),
            Err(SiretError::Checksum(_))
        ));
        assert!(matches!(Siret::parse("1234"), Err(SiretError::Format(_))));
        // La Poste's establishments: digit sum a multiple of 5, not Luhn.
        assert!(!luhn("35600000000010"));
        assert!(Siret::parse("35600000000010").is_ok());
        // Its head office follows Luhn.
        assert!(Siret::parse("35600000000048").is_ok());
        // The exception is La Poste's alone.
        assert!(Siret::parse("35700000000010").is_err());
    }

    #[test]
    fn vote_columns_need_one_complete_vote() {
        let doc = crate::parse(
            "DEPARTEMENT DU NORD\nDELIBERATION DE LA COMMISSION PERMANENTE\nREUNION DU 4 MARS 2024\nAIDE AU CLUB\n(N°2024-57)\nDECIDE :\nArticle 1 : D'approuver.\nPour : 20 voix Contre : 3 voix Abstention : 1 voix\n",
        );
        let d = &doc.deliberations[0];
        let mut report = Report::default();
        let row = deliberation_row(d, &Settings::default(), "t", &mut report);
        let col =
            |c: &str| row[DELIBERATIONS_COLUMNS.iter().position(|x| *x == c).unwrap()].clone();
        assert_eq!(col("DELIB_ID"), "2024-57");
        assert_eq!(col("DELIB_DATE"), "2024-03-04");
        assert_eq!(col("VOTE_REEL"), "24");
        let mut two = d.clone();
        two.votes.push(two.votes[0].clone());
        let row = deliberation_row(&two, &Settings::default(), "t", &mut report);
        assert!(row[12..16].iter().all(String::is_empty), "{row:?}");
        assert!(report.warnings.iter().any(|w| w.contains("several votes")));
        let mut partial = d.clone();
        partial.votes[0].abstention = None;
        let row = deliberation_row(&partial, &Settings::default(), "t", &mut report);
        assert_eq!(row[12], "");
        assert_eq!(row[13], "20");
    }

    #[test]
    fn instalments_need_a_payment_clause() {
        let text = |t: &str| {
            crate::parse(&format!(
                "DEPARTEMENT DU NORD\n(N°2024-9)\nDECIDE :\nArticle 1 : D'attribuer à l'association Les Amis du Bocage une subvention de 3 000 €.\nArticle 2 : {t}\n"
            ))
        };
        let conditions = |doc: &Document| {
            let mut report = Report::default();
            let rows = subvention_rows(
                &doc.deliberations[0],
                &Settings::default(),
                "t",
                &mut report,
            );
            assert_eq!(rows.len(), 1);
            rows[0][10].clone()
        };
        let staged = text(
            "La subvention sera versée pour 70 % à la signature et le solde sur justificatifs.",
        );
        assert_eq!(conditions(&staged), "Échelonné");
        let other = text("Le solde de l'opération est reporté.");
        assert_eq!(conditions(&other), "");
    }

    #[test]
    fn header_rows() {
        let mut out = Vec::new();
        Exporter::new(&mut out, Format::ScdlDeliberations, Settings::default())
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "COLL_NOM,COLL_SIRET,DELIB_ID,DELIB_DATE,DELIB_MATIERE_CODE,DELIB_MATIERE_NOM,DELIB_OBJET,BUDGET_ANNEE,BUDGET_NOM,PREF_ID,PREF_DATE,VOTE_EFFECTIF,VOTE_REEL,VOTE_POUR,VOTE_CONTRE,VOTE_ABSTENTION,DELIB_URL\n"
        );
    }
}
