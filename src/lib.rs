//! Turns French departmental deliberations — délibérations of a Conseil
//! départemental or of its Commission permanente, as text extracted from
//! PDFs — into typed data: header, attendance, visas, articles, votes,
//! budget lines, bank details and annexes, each value with the span of
//! input it came from.
//!
//! ```
//! let text = "\
//! DEPARTEMENT DE LA SOMME
//! DELIBERATION DE LA COMMISSION PERMANENTE
//! REUNION DU 4 MARS 2024
//! Étaient présents : M. Jean DUPOND, Mme Claire MARTIN.
//! Excusé(s) : M. Paul DURAND.
//! AIDE AUX CLUBS SPORTIFS
//! (N°2024-57)
//! Vu le Code général des collectivités territoriales ;
//! DECIDE :
//! Article 1 : D'attribuer une subvention de 1 500 € au club.
//! Pour : 2 voix Contre : 0 voix Abstention : 0 voix
//! ";
//! let doc = deliberation::parse(text);
//! let d = &doc.deliberations[0];
//! assert_eq!(d.number.as_deref(), Some("2024-57"));
//! assert_eq!(d.meeting.date.map(|d| d.to_string()).as_deref(), Some("2024-03-04"));
//! assert_eq!(d.attendance.present.len(), 2);
//! assert_eq!(d.articles[0].amounts[0].value.to_string(), "1500.00");
//! assert_eq!(d.votes[0].for_, Some(2));
//! println!("{}", serde_json::to_string_pretty(&doc).unwrap());
//! ```
//!
//! Data flows one way: bytes → `decode` → `normalize` (clean text and a map
//! back to the input) → `segment` (deliberations, their parts and annexes)
//! → one extractor per part (`header`, `attendance`, `articles`, `vote`,
//! `budget`, `bank`, `grants`) → `check` (cross-field diagnostics) →
//! [`Document`]. Those stages are internal; the public surface is
//! [`parse`], [`parse_bytes`], [`Parser`], the [`model`] types, the
//! French-text primitives [`money`], [`date`] and [`numbers`], and the tools
//! built on them: [`batch`] (archives), [`json`] (a document written as it
//! is read, see [`Parser::parse_each`]), [`export`] (SCDL CSV), [`redact`]
//! (publication) and [`pdf`].
//!
//! A value the parser cannot read reliably is `null`, with a
//! [`Diagnostic`] when there is something to say: a wrong value is worse
//! than a missing one.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod articles;
mod attendance;
mod bank;
pub mod batch;
mod budget;
mod check;
pub mod date;
mod decode;
mod departements;
mod error;
pub mod export;
mod grants;
mod header;
pub mod json;
pub mod model;
pub mod money;
mod normalize;
pub mod numbers;
mod offsets;
pub mod pdf;
mod person;
pub mod redact;
mod segment;
mod text;
mod vote;

use std::ops::ControlFlow;

use sha2::{Digest, Sha256};

pub use error::{DecodeError, Error};
pub use model::*;
pub use money::Money;

use crate::segment::{DelibParts, Segments};
use crate::text::Text;

/// Each module's patterns, most costly first.
const WARM_UPS: [fn(); 9] = [
    attendance::warm_up,
    vote::warm_up,
    header::warm_up,
    grants::warm_up,
    budget::warm_up,
    segment::warm_up,
    bank::warm_up,
    articles::warm_up,
    person::warm_up,
];

/// Builds the parser's patterns now rather than on their first use.
///
/// They are built once per process, on first use, and their building
/// (about 50 ms) is most of the time of a first small parse. A server can
/// call this at start; threads that call [`warm_up_part`] with different
/// parts share the work, which `delib` does on every core it may use.
///
/// ```
/// let other = std::thread::spawn(|| deliberation::warm_up_part(1, 2));
/// deliberation::warm_up_part(0, 2);
/// other.join().unwrap();
/// // Every pattern is built: the first parse does not wait for them.
/// let doc = deliberation::parse("Étaient présents : M. Jean DUPOND\n");
/// assert_eq!(doc.deliberations[0].attendance.present.len(), 1);
/// ```
pub fn warm_up() {
    warm_up_part(0, 1);
}

/// Builds the patterns from the `part`-th of `parts` equal shares on,
/// and then the rest: threads given different parts build different
/// patterns first, and each ends with every pattern built (a pattern
/// another thread is building is waited for, not built twice).
pub fn warm_up_part(part: usize, parts: usize) {
    let n = WARM_UPS.len();
    let start = n * part.min(parts) / parts.max(1);
    for k in 0..n {
        WARM_UPS[(start + k) % n]();
    }
}

/// Parses text. Never fails and never panics: what cannot be read is `null`
/// or empty, with diagnostics.
pub fn parse(text: &str) -> Document {
    Parser::new().parse_str(text)
}

/// Parses bytes, decoding UTF-8 (with or without BOM), UTF-16 with BOM or
/// Windows-1252. Fails only on input that is not text (a PDF, binary data).
pub fn parse_bytes(bytes: &[u8]) -> Result<Document, Error> {
    Parser::new().parse_bytes(bytes)
}

/// Parsing options.
///
/// ```
/// let doc = deliberation::Parser::new()
///     .source_name("cp-2024-57.txt")
///     .parse_bytes(b"Etaient pr\xe9sents : Jean DUPOND")
///     .unwrap();
/// assert_eq!(doc.source.encoding, "windows-1252");
/// assert_eq!(doc.source.name.as_deref(), Some("cp-2024-57.txt"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Parser {
    name: Option<String>,
    max_bytes: Option<u64>,
    max_items: Option<usize>,
    redaction: redact::Redaction,
}

/// The most items [`Parser`] keeps in one list of a deliberation, unless
/// told otherwise with [`Parser::max_items`]: far more than any council
/// has members or any deliberation articles.
pub const DEFAULT_MAX_ITEMS: usize = 10_000;

impl Parser {
    /// Default options.
    pub fn new() -> Self {
        Parser::default()
    }

    /// The name recorded in `source.name` (usually the file name).
    pub fn source_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Refuses inputs larger than `limit` bytes with [`Error::TooLarge`].
    pub fn max_bytes(mut self, limit: u64) -> Self {
        self.max_bytes = Some(limit);
        self
    }

    /// Keeps at most `n` items in each list of a deliberation: the persons
    /// of one attendance list (and its proxies), the articles of one part.
    /// A longer list is cut after its first `n` items, with a
    /// `limits.list_cut` warning. The default is [`DEFAULT_MAX_ITEMS`].
    ///
    /// Real deliberations come nowhere near the default. The limit is there
    /// for inputs that are not what they seem (a converter's garbage, a
    /// hostile file), whose typed items would take many times the memory
    /// of their text: 13 bytes of « Article 1 : » make an [`Article`] of
    /// over a hundred.
    ///
    /// ```
    /// use deliberation::Parser;
    /// let names: Vec<String> = (0..50).map(|i| format!("M. Luc NOM{}", "X".repeat(i % 7 + 1))).collect();
    /// let text = format!("Étaient présents : {}.\n", names.join(", "));
    /// let doc = Parser::new().max_items(20).parse_str(&text);
    /// assert_eq!(doc.deliberations[0].attendance.present.len(), 20);
    /// assert!(doc.diagnostics.iter().any(|d| d.code == "limits.list_cut"));
    /// ```
    pub fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        self
    }

    /// Masks what `what` says in the output, for publication (see
    /// [`redact`]); may be called more than once.
    ///
    /// ```
    /// use deliberation::{Parser, redact::Redact};
    /// let doc = Parser::new()
    ///     .redact(Redact::Bank)
    ///     .parse_str("IBAN : FR76 1742 9003 1804 5128 7396 080\n");
    /// let acc = &doc.deliberations[0].bank_accounts[0];
    /// assert_eq!(acc.iban.as_deref(), Some("FR**17429**************6080"));
    /// assert_eq!(acc.iban_valid, Some(true));
    /// ```
    pub fn redact(mut self, what: redact::Redact) -> Self {
        self.redaction = self.redaction.with(what);
        self
    }

    /// Parses text (already decoded).
    pub fn parse_str(&self, text: &str) -> Document {
        let decoded = decode::Decoded {
            text: std::borrow::Cow::Borrowed(text),
            encoding: decode::Encoding::Utf8,
            map: offsets::OffsetMap::identity(),
        };
        let prepared = self.prepare(text.as_bytes(), decoded);
        self.finish(prepared)
    }

    /// Decodes and parses bytes.
    pub fn parse_bytes(&self, bytes: &[u8]) -> Result<Document, Error> {
        self.check_size(bytes.len())?;
        let decoded = decode::decode(bytes)?;
        let prepared = self.prepare(bytes, decoded);
        Ok(self.finish(prepared))
    }

    /// Decodes and parses bytes given away: they are freed as soon as the
    /// clean text is made, so that a large input is not held twice while
    /// its document is built (what `delib` does with every file it reads).
    ///
    /// ```
    /// let bytes = b"Etaient pr\xe9sents : Jean DUPOND".to_vec();
    /// let doc = deliberation::Parser::new().parse_vec(bytes).unwrap();
    /// assert_eq!(doc.source.encoding, "windows-1252");
    /// ```
    pub fn parse_vec(&self, bytes: Vec<u8>) -> Result<Document, Error> {
        let prepared = self.prepare_vec(bytes)?;
        Ok(self.finish(prepared))
    }

    /// Decodes and prepares bytes given away, freeing them once the clean
    /// text is made.
    fn prepare_vec(&self, bytes: Vec<u8>) -> Result<Prepared, Error> {
        self.check_size(bytes.len())?;
        let prepared = {
            let decoded = decode::decode(&bytes)?;
            self.prepare(&bytes, decoded)
        };
        drop(bytes);
        Ok(prepared)
    }

    fn check_size(&self, len: usize) -> Result<(), Error> {
        match self.max_bytes {
            Some(limit) if len as u64 > limit => Err(Error::TooLarge {
                size: len as u64,
                limit,
            }),
            _ => Ok(()),
        }
    }

    /// Everything the extractors need that does not borrow the input: the
    /// decoded text (maybe a copy of the input) is dropped here.
    fn prepare(&self, original: &[u8], decoded: decode::Decoded<'_>) -> Prepared {
        let source = Source {
            name: self.name.clone(),
            bytes: original.len() as u64,
            sha256: hex(&Sha256::digest(original)),
            encoding: decoded.encoding.name().to_owned(),
        };
        let normalized = normalize::normalize(&decoded.text);
        let line_starts = text::line_starts(&decoded.text);
        Prepared {
            source,
            normalized,
            decode_map: decoded.map,
            line_starts,
        }
    }

    /// As [`Parser::parse_vec`], handing each deliberation to `each` as
    /// soon as it is read instead of keeping them all: memory holds the
    /// text and one deliberation at a time, however many the input has (a
    /// recueil of thousands). `each` also gets the document's [`Source`],
    /// known before any deliberation is read; it returns
    /// [`ControlFlow::Break`] to stop the parse (a writer that failed).
    ///
    /// Returns the rest of the document: its source and diagnostics, with
    /// `deliberations` empty. What `each` receives is what
    /// [`Parser::parse_vec`] would have put in `deliberations`, in the same
    /// order. With [`Parser::redact`], the whole document is read before the
    /// first deliberation is handed over, since a number or a name is
    /// masked in every deliberation once it is found in one.
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// let text = b"DELIBERATION N\xb0 2024-1\nDECIDE :\nArticle 1 : ok\nDELIBERATION N\xb0 2024-2\nDECIDE :\nArticle 1 : ok\n";
    /// let mut numbers = Vec::new();
    /// let rest = deliberation::Parser::new()
    ///     .parse_each(text.to_vec(), |source, d| {
    ///         assert_eq!(source.encoding, "windows-1252");
    ///         numbers.extend(d.number);
    ///         ControlFlow::Continue(())
    ///     })
    ///     .unwrap();
    /// assert_eq!(numbers, ["2024-1", "2024-2"]);
    /// assert!(rest.deliberations.is_empty());
    /// ```
    pub fn parse_each<F>(&self, bytes: Vec<u8>, mut each: F) -> Result<Document, Error>
    where
        F: FnMut(&Source, Deliberation) -> ControlFlow<()>,
    {
        let prepared = self.prepare_vec(bytes)?;
        if !self.redaction.is_empty() {
            let mut doc = self.finish(prepared);
            for d in std::mem::take(&mut doc.deliberations) {
                if each(&doc.source, d).is_break() {
                    break;
                }
            }
            return Ok(doc);
        }
        Ok(self.run(prepared, &mut Each(each)))
    }

    fn finish(&self, prepared: Prepared) -> Document {
        self.run(
            prepared,
            &mut Collect {
                deliberations: Vec::new(),
                redaction: self.redaction,
            },
        )
    }

    /// Reads the deliberations of `prepared` in order, handing each to
    /// `out`; returns the document without them.
    fn run(&self, prepared: Prepared, out: &mut dyn Emit) -> Document {
        let Prepared {
            source,
            normalized,
            decode_map,
            line_starts,
        } = prepared;
        let text =
            Text::with_line_starts(&normalized.text, &normalized.map, line_starts, &decode_map);
        let mut diagnostics = Vec::new();
        if !normalized.text.trim().is_empty() {
            let segments = segment::deliberations(&normalized.text);
            out.expect(segments.len());
            let mut named = Named::Unknown;
            let mut previous: Option<Inherited> = None;
            for i in 0..segments.len() {
                let parts = segments.parts(i);
                let max = self.max_items.unwrap_or(DEFAULT_MAX_ITEMS);
                let mut d = extract(&text, &parts, max, &mut diagnostics);
                if parts.releve_item {
                    if let Some(p) = &previous {
                        p.give(&mut d);
                    }
                }
                check::deliberation(&d, &mut diagnostics);
                // Only the next item of a relevé needs this one's header.
                previous = segments.releve_item(i + 1).then(|| Inherited::of(&d));
                named.fill(&mut d, &text, &segments, i + 1);
                if out.emit(&source, d).is_break() {
                    break;
                }
            }
        }
        diagnostics.shrink_to_fit();
        let mut doc = Document {
            schema_version: SCHEMA_VERSION.to_owned(),
            source,
            deliberations: Vec::new(),
            diagnostics,
        };
        out.end(&text, &mut doc);
        doc
    }
}

/// Where [`Parser::run`] hands the deliberations it reads, in input order.
trait Emit {
    /// `n` deliberations are coming.
    fn expect(&mut self, _n: usize) {}
    /// One more; [`ControlFlow::Break`] stops the parse.
    fn emit(&mut self, source: &Source, d: Deliberation) -> ControlFlow<()>;

    /// The parse is over: `doc` holds all but the deliberations.
    fn end(&mut self, _text: &Text<'_>, _doc: &mut Document) {}
}

/// Keeps every deliberation, for a whole [`Document`].
struct Collect {
    deliberations: Vec<Deliberation>,
    redaction: redact::Redaction,
}

impl Emit for Collect {
    fn expect(&mut self, n: usize) {
        // Exactly as many as there are: a recueil's deliberations are
        // large, and a doubling vector would hold up to twice their room.
        self.deliberations.reserve_exact(n);
    }

    fn emit(&mut self, _source: &Source, d: Deliberation) -> ControlFlow<()> {
        self.deliberations.push(d);
        ControlFlow::Continue(())
    }

    fn end(&mut self, text: &Text<'_>, doc: &mut Document) {
        doc.deliberations = std::mem::take(&mut self.deliberations);
        if self.redaction.is_empty() {
            return;
        }
        let names: Vec<String> = if self.redaction.persons {
            redact::non_members(text, doc)
                .into_iter()
                .map(|(_, n)| n)
                .collect()
        } else {
            Vec::new()
        };
        redact::document(doc, self.redaction, &names);
    }
}

/// The callback of [`Parser::parse_each`].
struct Each<F>(F);

impl<F: FnMut(&Source, Deliberation) -> ControlFlow<()>> Emit for Each<F> {
    fn emit(&mut self, source: &Source, d: Deliberation) -> ControlFlow<()> {
        (self.0)(source, d)
    }
}

/// A recueil is published by one authority, often named only on its cover:
/// deliberations that do not name it take the first one named.
enum Named {
    /// No deliberation read so far names it, and none after was looked at.
    Unknown,
    /// The first authority named (`None`: none is).
    Known(Option<Authority>),
}

impl Named {
    /// Gives `d` the recueil's authority when it names none, looking ahead
    /// through the deliberations still to read (`rest`) only when no
    /// earlier one named it, and only once: deliberations are handed over
    /// as they are read, so the first one named may come later. `next` is
    /// the index of the next deliberation in `segments`.
    fn fill(
        &mut self,
        d: &mut Deliberation,
        text: &Text<'_>,
        segments: &Segments<'_>,
        next: usize,
    ) {
        if let Named::Unknown = self {
            if d.authority.is_some() {
                *self = Named::Known(d.authority.clone());
                return;
            }
            // Every deliberation so far names none, so an item of a relevé
            // (which takes its predecessor's) names none either.
            // A deliberation whose whole text cannot name one is passed
            // over without reading its parts.
            let ahead = (next..segments.len())
                .filter(|&j| !segments.releve_item(j))
                .filter(|&j| {
                    let range = text.s.get(segments.range(j)).unwrap_or_default();
                    departements::may_name(range)
                })
                .find_map(|j| {
                    let p = segments.parts(j);
                    let head = text.s.get(p.head.clone()).unwrap_or_default();
                    let main = text.s.get(p.main()).unwrap_or_default();
                    header::authority(head, main)
                });
            *self = Named::Known(ahead);
        }
        if let Named::Known(named) = self {
            if d.authority.is_none() {
                d.authority.clone_from(named);
            }
        }
    }
}

/// What an item of a relevé des décisions takes from the item before it.
struct Inherited {
    authority: Option<Authority>,
    body: Option<Body>,
    date: Option<jiff::civil::Date>,
    place: Option<String>,
}

impl Inherited {
    fn of(d: &Deliberation) -> Self {
        Inherited {
            authority: d.authority.clone(),
            body: d.body,
            date: d.meeting.date,
            place: d.meeting.place.clone(),
        }
    }

    /// An item of a relevé des décisions or of minutes was decided at the
    /// meeting named above the first item, by the same authority: what the
    /// item's own text says of them (a date in its title) is not its header.
    fn give(&self, d: &mut Deliberation) {
        d.authority.clone_from(&self.authority);
        d.body = self.body;
        d.meeting.date = self.date;
        d.meeting.place.clone_from(&self.place);
    }
}

/// A decoded and normalized input, ready for extraction.
struct Prepared {
    source: Source,
    normalized: normalize::Normalized,
    decode_map: offsets::OffsetMap,
    line_starts: text::LineStarts,
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Runs every extractor on the parts of one deliberation, keeping at most
/// `max` items a list.
fn extract(
    text: &Text<'_>,
    parts: &DelibParts,
    max: usize,
    diags: &mut Vec<Diagnostic>,
) -> Deliberation {
    let main = parts.main();
    let header = header::extract(
        text,
        parts.head.clone(),
        main.clone(),
        parts.decision.clone(),
    );
    let attendance = attendance::extract(text, parts.head.clone(), max, diags);
    // Minutes print votes anywhere (the secretary's election, the previous
    // minutes): the vote extractor reads the whole deliberation and leaves
    // out visas and considérants itself.
    let (votes, acknowledged) = vote::extract(text, main.clone());
    let mut visas = articles::visas(text, parts.preamble.clone());
    if visas.is_empty() {
        visas = articles::visas(text, parts.head.clone());
    }
    let budget = budget::extract(text, parts.decision.clone(), diags);
    let mut d = Deliberation {
        authority: header.authority,
        body: header.body,
        number: header.number,
        title: header.title,
        meeting: Meeting {
            date: header.meeting_date,
            place: header.place,
            president: header.president,
            president_before_election: header.president_before_election,
            secretary: header.secretary,
        },
        dates: header.dates,
        attendance,
        visas,
        articles: articles::extract_around(
            text,
            parts.decision.clone(),
            &budget.tables,
            max,
            diags,
        ),
        votes,
        acknowledged,
        grants: Vec::new(),
        budget_lines: budget.lines,
        budget_totals: budget.totals,
        bank_accounts: bank::extract(text, main.clone(), diags),
        annexes: Vec::new(),
        span: text.span(parts.range.start, parts.range.end),
    };
    for a in &parts.annexes {
        let budget = budget::extract(text, a.range.clone(), diags);
        d.annexes.push(Annex {
            kind: a.kind,
            title: Some(text::collapse(&text.s[a.title.clone()]))
                .map(|t| t.trim_start_matches(['.', ' ']).to_owned())
                .filter(|t| !t.is_empty()),
            articles: articles::extract_around(text, a.range.clone(), &budget.tables, max, diags),
            budget_lines: budget.lines,
            budget_totals: budget.totals,
            bank_accounts: bank::extract(text, a.range.clone(), diags),
            span: text.span(a.range.start, a.range.end),
        });
    }
    let decision = text.s.get(parts.decision.clone()).map(|s| {
        let span = text.span(parts.decision.start, parts.decision.end);
        (s, span)
    });
    d.grants = grants::extract(&d.articles, d.title.as_deref(), decision);
    resolve_names(&mut d);
    compact(&mut d);
    d
}

/// Gives back the room vectors grew into while the extractors pushed: a
/// recueil's document lives as long as the text it is read from, and the
/// slack of its thousands of lists would be most of the difference between
/// three and four times the input's size.
fn compact(d: &mut Deliberation) {
    let a = &mut d.attendance;
    for list in [
        &mut a.present,
        &mut a.excused,
        &mut a.absent,
        &mut a.non_voting_present,
        &mut a.non_voting_excused,
    ] {
        list.shrink_to_fit();
    }
    a.proxies.shrink_to_fit();
    d.visas.shrink_to_fit();
    d.votes.shrink_to_fit();
    d.grants.shrink_to_fit();
    // An article's own text, amounts and dates come without slack from
    // `articles::extract_around`, their only maker: only the lists shrink.
    d.articles.shrink_to_fit();
    d.budget_lines.shrink_to_fit();
    d.budget_totals.shrink_to_fit();
    d.bank_accounts.shrink_to_fit();
    for annex in &mut d.annexes {
        annex.articles.shrink_to_fit();
        annex.budget_lines.shrink_to_fit();
        annex.budget_totals.shrink_to_fit();
        annex.bank_accounts.shrink_to_fit();
    }
    d.annexes.shrink_to_fit();
}

/// Names printed in capitals in the header take the case of the same person
/// in the roll call.
fn resolve_names(d: &mut Deliberation) {
    let att = &d.attendance;
    let known: Vec<&Person> = att
        .present
        .iter()
        .chain(&att.excused)
        .chain(&att.absent)
        .chain(&att.non_voting_present)
        .chain(&att.non_voting_excused)
        .collect();
    let mut fixes = Vec::new();
    for p in [
        &d.meeting.president,
        &d.meeting.secretary,
        &d.meeting.president_before_election,
    ]
    .into_iter()
    .flatten()
    {
        let mut q = p.clone();
        person::resolve(&mut q, &known);
        fixes.push(q);
    }
    let mut fixes = fixes.into_iter();
    for slot in [
        &mut d.meeting.president,
        &mut d.meeting.secretary,
        &mut d.meeting.president_before_election,
    ] {
        if slot.is_some() {
            *slot = fixes.next();
        }
    }
}

/// The README's examples, run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
