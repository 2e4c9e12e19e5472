//! The typed output: what [`crate::parse`] returns and what `delib parse`
//! prints. Field names are those of the JSON contract (`CONTRACT.md`): they
//! are a promise to users, so rename nothing here without bumping
//! [`SCHEMA_VERSION`].

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::money::Money;

mod small_text;
pub use small_text::SmallText;

/// Version of the JSON contract this crate writes.
pub const SCHEMA_VERSION: &str = "1";

/// Everything read from one input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// Version of the output contract (`"1"`).
    pub schema_version: String,
    /// What was read: name, size, digest and the encoding it was decoded from.
    pub source: Source,
    /// Each deliberation found, in input order.
    pub deliberations: Vec<Deliberation>,
    /// Inconsistencies and unreadable blocks, reported rather than fixed.
    pub diagnostics: Vec<Diagnostic>,
}

/// Provenance of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// File name as given (`null` for text handed over in memory or on stdin).
    pub name: Option<String>,
    /// Size of the original input in bytes.
    pub bytes: u64,
    /// SHA-256 of the original input bytes, lower-case hex.
    pub sha256: String,
    /// Encoding the input was decoded from: `utf-8`, `utf-16le`, `utf-16be`
    /// or `windows-1252`.
    pub encoding: String,
}

/// One deliberation (or a fragment of one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Deliberation {
    /// The collectivité that deliberated.
    pub authority: Option<Authority>,
    /// The deliberating body.
    pub body: Option<Body>,
    /// The deliberation's number as printed, without `N°`.
    pub number: Option<String>,
    /// The object of the deliberation, on one line.
    pub title: Option<String>,
    /// When, where and under whom the meeting was held.
    pub meeting: Meeting,
    /// Dates of transmission to the préfecture, publication and signature.
    pub dates: Dates,
    /// Who was present, excused, absent or represented.
    pub attendance: Attendance,
    /// Each « Vu … » and « Considérant … » clause.
    pub visas: Vec<String>,
    /// The decision's articles (not the annexes').
    pub articles: Vec<Article>,
    /// Votes on this decision (usually one).
    pub votes: Vec<Vote>,
    /// `true` when the assembly took note (« Prend acte », « Dont acte »)
    /// without voting.
    pub acknowledged: bool,
    /// Budget imputation lines of the decision.
    pub budget_lines: Vec<BudgetLine>,
    /// Grants the decision awards (« D'attribuer à X une participation
    /// financière de N € »).
    #[serde(default)]
    pub grants: Vec<Grant>,
    /// « Total » rows of the decision's budget tables: kept apart so that
    /// they are never counted as lines (additive field).
    #[serde(default)]
    pub budget_totals: Vec<BudgetLine>,
    /// Bank details printed in the decision itself.
    pub bank_accounts: Vec<BankAccount>,
    /// Annexed documents: convention, rapport, fiche action…
    pub annexes: Vec<Annex>,
    /// Where the deliberation starts and ends in the input.
    pub span: Span,
}

/// A French local authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Authority {
    /// Kind of authority; `departement` for now.
    pub kind: AuthorityKind,
    /// Name as usually written (`Pas-de-Calais`).
    pub name: String,
    /// INSEE code of the département (`62`, `2A`), when known.
    pub code: Option<String>,
}

/// Kind of [`Authority`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthorityKind {
    /// A département (its Conseil départemental, formerly Conseil général).
    Departement,
}

/// The deliberating body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    /// Commission permanente.
    CommissionPermanente,
    /// Conseil départemental (Conseil général before 2015), in plenary session.
    ConseilDepartemental,
    /// Bureau.
    Bureau,
    /// Any other body (a conseil municipal, a syndicat…).
    Other,
}

/// The meeting the deliberation was taken in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Meeting {
    /// Date of the meeting (first day of a multi-day session).
    pub date: Option<Date>,
    /// Where it was held, when printed.
    pub place: Option<String>,
    /// Who presided.
    pub president: Option<Person>,
    /// Who presided first when a doyen d'âge chairs until the election of the
    /// president (installation sessions); `null` otherwise.
    pub president_before_election: Option<Person>,
    /// Secretary of the session.
    pub secretary: Option<Person>,
}

/// Administrative dates of the act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Dates {
    /// Sent to the contrôle de légalité (préfecture).
    pub transmitted: Option<Date>,
    /// Published (affichage or electronic publication).
    pub published: Option<Date>,
    /// Signed.
    pub signed: Option<Date>,
}

/// Who attended, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Attendance {
    /// « Nombre de membres en exercice ».
    pub members_in_office: Option<u32>,
    /// Present members (including those who arrived after the roll call).
    pub present: Vec<Person>,
    /// Members listed as excused.
    pub excused: Vec<Person>,
    /// Members listed as absent.
    pub absent: Vec<Person>,
    /// Present without a deliberative vote.
    pub non_voting_present: Vec<Person>,
    /// Excused, without a deliberative vote.
    pub non_voting_excused: Vec<Person>,
    /// Votes delegated from one member to another.
    pub proxies: Vec<Proxy>,
}

/// A person named in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Person {
    /// `M.` or `Mme` (normalised), when printed.
    pub civility: Option<Civility>,
    /// First name(s) as printed.
    pub first_name: Option<SmallText>,
    /// Surname as printed (case kept).
    pub last_name: Option<SmallText>,
    /// The cleaned source text of this person.
    pub text: SmallText,
    /// Where the person is named.
    pub span: Span,
}

/// A civility, normalised from its many spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Civility {
    /// Monsieur, M., Mr, MM.
    #[serde(rename = "M.")]
    Monsieur,
    /// Madame, Mme, Mlle, Mmes.
    #[serde(rename = "Mme")]
    Madame,
}

/// A proxy: `from` gave their vote to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Proxy {
    /// The absent member who gave the proxy.
    pub from: Person,
    /// The member who holds it.
    pub to: Person,
    /// A limit printed with the proxy (« jusqu'au rapport n° 14 »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

/// One vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Vote {
    /// Votes for, as printed.
    #[serde(rename = "for")]
    pub for_: Option<u32>,
    /// Votes against, as printed.
    pub against: Option<u32>,
    /// Abstentions, as printed.
    pub abstention: Option<u32>,
    /// Members not taking part, as printed.
    pub not_taking_part: Option<u32>,
    /// « Nombre de votants », as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voters: Option<u32>,
    /// « Suffrages exprimés », as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cast: Option<u32>,
    /// « à l'unanimité » (of the votes cast).
    pub unanimous: bool,
    /// Adopted or rejected, when said or printed.
    pub outcome: Option<Outcome>,
    /// Political groups named for each position.
    pub groups: VoteGroups,
    /// Members named as not taking part in the vote.
    pub not_taking_part_persons: Vec<Person>,
    /// The vote's own text.
    pub text: String,
    /// Where the vote is printed.
    pub span: Span,
}

/// Outcome of a [`Vote`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Adopté, approuvé, oui.
    Adopted,
    /// Rejeté.
    Rejected,
}

/// Political groups per position of a [`Vote`], as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub struct VoteGroups {
    /// Groups voting for.
    #[serde(rename = "for")]
    pub for_: Vec<String>,
    /// Groups voting against.
    pub against: Vec<String>,
    /// Groups abstaining.
    pub abstention: Vec<String>,
}

/// A numbered article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Article {
    /// `"1"` for « Article 1 », « Article 1er », « Article premier »;
    /// `"4.1"` for « Article 4.1 ».
    pub number: SmallText,
    /// The heading printed after the number (« L'objet de la convention »).
    pub heading: Option<String>,
    /// The article's text, whitespace collapsed.
    pub text: String,
    /// Amounts of money the article states.
    pub amounts: Vec<TextAmount>,
    /// Dates and periods the article states.
    pub dates: Vec<TextDate>,
    /// Where the article is printed.
    pub span: Span,
}

/// An amount of money found in running text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TextAmount {
    /// The exact amount.
    pub value: Money,
    /// ISO 4217 currency (`EUR`).
    pub currency: String,
    /// The amount as printed.
    pub text: String,
    /// The words around the amount (the clause it sits in, cut to a few
    /// words either side), whitespace collapsed (additive field).
    #[serde(default)]
    pub context: String,
    /// Where it is printed.
    pub span: Span,
}

/// A date or a period found in running text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TextDate {
    /// The date, or the first day of the period.
    pub start: Date,
    /// The last day of a period; `null` for a single date.
    pub end: Option<Date>,
    /// As printed.
    pub text: String,
    /// Where it is printed.
    pub span: Span,
}

/// A grant awarded by an article of the decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Grant {
    /// Who receives it, as printed (without its leading article or a
    /// parenthesised acronym).
    pub beneficiary: String,
    /// The amount awarded, as printed: per year when `yearly`.
    pub amount: Money,
    /// `true` for a yearly amount (« une participation annuelle de … »).
    pub yearly: bool,
    /// The total over the period, when printed (« soit 60 000 € sur 3 ans »).
    pub total: Option<Money>,
    /// The years it covers, when the decision states them.
    pub period: Option<YearRange>,
    /// Number of the article that awards it (`null` in a decision printed
    /// without articles).
    pub article: Option<String>,
    /// Where that article (or decision) is printed.
    pub span: Span,
}

/// A range of calendar years, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct YearRange {
    /// First year.
    pub start: i16,
    /// Last year.
    pub end: i16,
}

/// One line of a budget imputation table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BudgetLine {
    /// Code of the operation (`C02-585F01`).
    pub operation_code: Option<String>,
    /// The imputation as printed (`6568/93428`).
    pub imputation: Option<String>,
    /// Nature (compte par nature).
    pub nature: Option<String>,
    /// Chapter.
    pub chapter: Option<String>,
    /// Function (fonction / article fonctionnel).
    pub function: Option<String>,
    /// Section (investissement / fonctionnement) where the nature or the
    /// chapter says it without doubt; `null` otherwise (additive field).
    #[serde(default)]
    pub section: Option<BudgetSection>,
    /// Label of the operation.
    pub label: Option<String>,
    /// Amounts, in column order.
    pub amounts: Vec<BudgetAmount>,
    /// Where the line is printed.
    pub span: Span,
}

/// Section of the budget a [`BudgetLine`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BudgetSection {
    /// Section d'investissement (natures of classes 1 and 2, chapters 90x-92x).
    Investment,
    /// Section de fonctionnement (natures of classes 6 and 7, chapters 93x-94x).
    Operating,
}

/// One amount cell of a [`BudgetLine`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BudgetAmount {
    /// The column header as printed.
    pub column: String,
    /// What the column holds.
    pub kind: AmountKind,
    /// The exact amount.
    pub value: Money,
}

/// Kind of a budget column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmountKind {
    /// Autorisation de programme (AP).
    ProgramAuthorization,
    /// Autorisation d'engagement (AE).
    CommitmentAuthorization,
    /// Crédit de paiement (CP).
    PaymentCredit,
    /// Dépense, montant.
    Expense,
    /// Disponible.
    Available,
    /// Proposition.
    Proposed,
    /// Solde.
    Remaining,
    /// Anything else.
    Other,
}

/// Bank details of a beneficiary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub struct BankAccount {
    /// IBAN without spaces, upper case, as printed.
    pub iban: Option<String>,
    /// Whether the IBAN's structure and check digits are valid.
    pub iban_valid: Option<bool>,
    /// BIC as printed.
    pub bic: Option<String>,
    /// Whether the BIC is well formed (and matches the IBAN's country).
    pub bic_valid: Option<bool>,
    /// French bank code (5 digits).
    pub bank_code: Option<String>,
    /// French branch code (5 digits).
    pub branch_code: Option<String>,
    /// Account number (11 characters).
    pub account_number: Option<String>,
    /// RIB key (2 digits).
    pub rib_key: Option<String>,
    /// Whether the RIB key matches the bank, branch and account.
    pub rib_key_valid: Option<bool>,
    /// Account holder.
    pub holder: Option<String>,
    /// Bank.
    pub bank_name: Option<String>,
    /// Branch (domiciliation).
    pub branch_name: Option<String>,
    /// Where the account's numbers are printed: each IBAN, account number
    /// and RIB key of the block (what `delib redact` masks).
    #[serde(default)]
    pub number_spans: Vec<Span>,
    /// Where the block is printed.
    pub span: Span,
}

/// A document annexed to a deliberation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Annex {
    /// What kind of annex.
    pub kind: AnnexKind,
    /// Its title.
    pub title: Option<String>,
    /// Its own articles.
    pub articles: Vec<Article>,
    /// Its budget tables.
    pub budget_lines: Vec<BudgetLine>,
    /// « Total » rows of its budget tables (additive field).
    #[serde(default)]
    pub budget_totals: Vec<BudgetLine>,
    /// Bank details it prints.
    pub bank_accounts: Vec<BankAccount>,
    /// Where it is printed.
    pub span: Span,
}

/// Kind of [`Annex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnnexKind {
    /// A convention (agreement) with a beneficiary.
    Convention,
    /// The rapport of the président presenting the deliberation.
    Rapport,
    /// A fiche action.
    FicheAction,
    /// Any other annex.
    Other,
}

/// A place in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Span {
    /// Byte offset of the first byte, in the original input.
    pub start: usize,
    /// Byte offset just past the last byte, in the original input.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
}

/// Something the parser noticed and did not fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// How serious it is.
    pub level: Level,
    /// A stable, dotted code (`bank.bic_invalid`).
    pub code: String,
    /// What is wrong, in lower case.
    pub message: String,
    /// Where, when it can be placed.
    pub span: Option<Span>,
}

/// Level of a [`Diagnostic`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The value is doubtful or inconsistent.
    Warning,
    /// A block could not be read.
    Error,
}

impl Diagnostic {
    /// A warning with a code and a message.
    pub fn warning(code: &str, message: impl Into<String>, span: Option<Span>) -> Self {
        Diagnostic {
            level: Level::Warning,
            code: code.to_owned(),
            message: message.into(),
            span,
        }
    }
}
