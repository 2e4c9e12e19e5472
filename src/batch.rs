//! Converting many inputs at once: walking folders, parsing in parallel on
//! a bounded window, and streaming the results in input order.
//!
//! A bad input never stops the others: it becomes an [`ErrorRecord`] in the
//! stream. Memory is bounded by the window of inputs in flight, not by the
//! number of inputs, so an archive of any size can be converted.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, BufRead, Write};
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::json::JsonWriter;
use crate::model::{Document, Level};
use crate::{DecodeError, Error, Parser, pdf};

/// Inputs larger than this are refused unless told otherwise (64 MiB).
pub const DEFAULT_MAX_BYTES: u64 = 64 << 20;

/// What went wrong with one input, as written in the stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordError {
    /// A stable category.
    pub kind: ErrorKind,
    /// What went wrong, for a person.
    pub message: String,
}

/// Category of a [`RecordError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file could not be read.
    Unreadable,
    /// The input is larger than the limit.
    TooLarge,
    /// The bytes are not text in a supported encoding.
    NotText,
    /// A PDF could not be converted (pdftotext missing or failing).
    Pdf,
    /// A PDF without a text layer (a scan).
    ScannedPdf,
    /// The parser panicked on this input (a bug: please report it).
    Panic,
    /// A line of `--input jsonl` is not a `{"id":…,"text":…}` record.
    InvalidRecord,
    /// The result could not be written.
    Output,
}

impl RecordError {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        RecordError {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<Error> for RecordError {
    fn from(e: Error) -> Self {
        let kind = match &e {
            Error::TooLarge { .. } => ErrorKind::TooLarge,
            Error::Decode(DecodeError::Pdf) => ErrorKind::Pdf,
            _ => ErrorKind::NotText,
        };
        RecordError::new(kind, e.to_string())
    }
}

impl From<pdf::PdfError> for RecordError {
    fn from(e: pdf::PdfError) -> Self {
        let kind = match e {
            pdf::PdfError::NoText => ErrorKind::ScannedPdf,
            _ => ErrorKind::Pdf,
        };
        RecordError::new(kind, e.to_string())
    }
}

/// The line written for an input that failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// The input, as named in the stream.
    pub source: String,
    /// What went wrong.
    pub error: RecordError,
}

/// A hook run on every parsed document before it is written (redaction…).
pub type Postprocess = Arc<dyn Fn(&mut Document) + Send + Sync>;

/// Options of a conversion.
#[derive(Clone)]
pub struct Options {
    /// Inputs larger than this are refused.
    pub max_bytes: u64,
    /// The most items kept in one list of a deliberation
    /// ([`Parser::max_items`]).
    pub max_items: usize,
    /// Worker threads (`0`: one per core).
    pub jobs: usize,
    /// Stop at the first failure.
    pub fail_fast: bool,
    /// Run on each document before it is written.
    pub postprocess: Option<Postprocess>,
    /// Mask bank numbers (and names of non-members) in the output.
    pub redact: Option<crate::redact::Redact>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: DEFAULT_MAX_BYTES,
            max_items: crate::DEFAULT_MAX_ITEMS,
            jobs: 0,
            fail_fast: false,
            postprocess: None,
            redact: None,
        }
    }
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("max_bytes", &self.max_bytes)
            .field("max_items", &self.max_items)
            .field("jobs", &self.jobs)
            .field("fail_fast", &self.fail_fast)
            .field("postprocess", &self.postprocess.is_some())
            .finish()
    }
}

impl Options {
    /// Worker threads to use.
    pub fn threads(&self) -> usize {
        if self.jobs > 0 {
            self.jobs
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
    }

    /// Results in flight: enough to keep every worker busy while a slow
    /// file holds the head of the queue, few enough to bound memory.
    pub fn window(&self) -> usize {
        (self.threads() * 8).max(16)
    }
}

/// Parses `bytes` (text or PDF) into a document named `name`.
///
/// `path` is only used to recognise a PDF by its extension. A panic of the
/// parser is caught and reported as [`ErrorKind::Panic`].
pub fn parse_bytes(
    bytes: &[u8],
    name: Option<&str>,
    path: Option<&Path>,
    opts: &Options,
) -> Result<Document, RecordError> {
    parse_cow(Cow::Borrowed(bytes), name, path, opts)
}

/// As [`parse_bytes`], with bytes given away: they are freed as soon as
/// their clean text is made (see [`Parser::parse_vec`]).
pub fn parse_vec(
    bytes: Vec<u8>,
    name: Option<&str>,
    path: Option<&Path>,
    opts: &Options,
) -> Result<Document, RecordError> {
    parse_cow(Cow::Owned(bytes), name, path, opts)
}

fn parse_cow(
    bytes: Cow<'_, [u8]>,
    name: Option<&str>,
    path: Option<&Path>,
    opts: &Options,
) -> Result<Document, RecordError> {
    guarded(|| {
        let bytes = text_of(bytes, path, opts)?;
        let parser = parser(name, opts);
        let mut doc = match bytes {
            Cow::Borrowed(b) => parser.parse_bytes(b)?,
            Cow::Owned(v) => parser.parse_vec(v)?,
        };
        if let Some(p) = &opts.postprocess {
            p(&mut doc);
        }
        Ok(doc)
    })
}

/// The input's text: refused when too large, converted when a PDF.
fn text_of<'a>(
    bytes: Cow<'a, [u8]>,
    path: Option<&Path>,
    opts: &Options,
) -> Result<Cow<'a, [u8]>, RecordError> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(RecordError::from(Error::TooLarge {
            size: bytes.len() as u64,
            limit: opts.max_bytes,
        }));
    }
    if pdf::is_pdf(path, &bytes) {
        Ok(Cow::Owned(pdf::to_text(&bytes)?))
    } else {
        Ok(bytes)
    }
}

/// The parser `opts` describe, naming its documents `name`.
fn parser(name: Option<&str>, opts: &Options) -> Parser {
    let mut parser = Parser::new()
        .max_bytes(opts.max_bytes)
        .max_items(opts.max_items);
    if let Some(r) = opts.redact {
        parser = parser.redact(r);
    }
    if let Some(n) = name {
        parser = parser.source_name(n);
    }
    parser
}

/// Why [`write_vec`] or [`write_file`] stopped.
#[derive(Debug)]
pub enum WriteError {
    /// The input could not be read or parsed. Part of its document may
    /// have been written when the parser panicked half way.
    Input(RecordError),
    /// The output could not be written.
    Output(io::Error),
}

/// What [`write_vec`] or [`write_file`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    /// Deliberations written.
    pub deliberations: u64,
    /// Warnings among the document's diagnostics.
    pub warnings: u64,
}

/// As [`parse_vec`], writing the document's JSON to `out` as it is read
/// (see [`crate::json`]): memory holds one deliberation at a time, not a
/// whole recueil. The bytes are those of `serde_json::to_writer` (or
/// `to_writer_pretty`) on the document [`parse_vec`] returns, without a
/// final newline.
pub fn write_vec(
    bytes: Vec<u8>,
    name: Option<&str>,
    path: Option<&Path>,
    opts: &Options,
    out: &mut dyn Write,
    pretty: bool,
) -> Result<Written, WriteError> {
    let written = guarded(|| {
        let bytes = text_of(Cow::Owned(bytes), path, opts)?.into_owned();
        let parser = parser(name, opts);
        let mut w = JsonWriter::new(&mut *out, pretty);
        let rest = match &opts.postprocess {
            // The hook wants the whole document.
            Some(p) => {
                let mut doc = parser.parse_vec(bytes)?;
                p(&mut doc);
                for d in std::mem::take(&mut doc.deliberations) {
                    if w.deliberation(&doc.source, &d).is_break() {
                        break;
                    }
                }
                doc
            }
            None => parser.parse_each(bytes, |source, d| w.deliberation(source, &d))?,
        };
        let deliberations = w.written() as u64;
        Ok(w.finish(&rest).map(|_| Written {
            deliberations,
            warnings: warnings(&rest),
        }))
    });
    match written {
        Ok(Ok(w)) => Ok(w),
        Ok(Err(e)) => Err(WriteError::Output(e)),
        Err(e) => Err(WriteError::Input(e)),
    }
}

/// As [`parse_file`], writing the document to `out` as [`write_vec`] does.
pub fn write_file(
    path: &Path,
    name: &str,
    opts: &Options,
    out: &mut dyn Write,
    pretty: bool,
) -> Result<Written, WriteError> {
    let bytes = read_file(path, opts).map_err(WriteError::Input)?;
    write_vec(bytes, Some(name), Some(path), opts, out, pretty)
}

fn warnings(doc: &Document) -> u64 {
    doc.diagnostics
        .iter()
        .filter(|d| d.level == Level::Warning)
        .count() as u64
}

/// Reads and parses one file; the document is named `name`.
pub fn parse_file(path: &Path, name: &str, opts: &Options) -> Result<Document, RecordError> {
    let bytes = read_file(path, opts)?;
    parse_vec(bytes, Some(name), Some(path), opts)
}

fn read_file(path: &Path, opts: &Options) -> Result<Vec<u8>, RecordError> {
    // Refuse by size before reading: a huge file must not fill memory.
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_file() && meta.len() > opts.max_bytes {
            return Err(RecordError::from(Error::TooLarge {
                size: meta.len(),
                limit: opts.max_bytes,
            }));
        }
    }
    std::fs::read(path)
        .map_err(|e| RecordError::new(ErrorKind::Unreadable, format!("cannot read: {e}")))
}

/// Runs `f`, turning a panic into an [`ErrorKind::Panic`] error.
pub fn guarded<T>(f: impl FnOnce() -> Result<T, RecordError>) -> Result<T, RecordError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => Err(RecordError::new(
            ErrorKind::Panic,
            format!(
                "internal error (please report it): {}",
                panic_message(&payload)
            ),
        )),
    }
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "the parser panicked".to_owned()
    }
}

/// One input file found on the command line or in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where to read it.
    pub path: PathBuf,
    /// Its name in the stream: the path as reached from the argument.
    pub source: String,
    /// Its path below the folder given (its file name for a file given
    /// directly): where its result goes under `--output-dir`.
    pub relative: PathBuf,
    /// Why it cannot be read, when the walk already knows (a folder that
    /// cannot be listed).
    pub error: Option<String>,
}

/// Reads and parses one input found by [`walk`].
pub fn parse_input(input: &Input, opts: &Options) -> Result<Document, RecordError> {
    if let Some(e) = &input.error {
        return Err(RecordError::new(ErrorKind::Unreadable, e.clone()));
    }
    parse_file(&input.path, &input.source, opts)
}

/// Which files of a folder are inputs.
#[derive(Debug, Clone)]
pub struct Filter {
    globs: Option<GlobSet>,
}

impl Default for Filter {
    /// `*.txt` and `*.md`.
    fn default() -> Self {
        Filter { globs: None }
    }
}

impl Filter {
    /// Files whose path below the folder matches one of `patterns`
    /// (`*.pdf`, `2023/**/*.txt`; `*` also crosses `/`). No pattern: the
    /// default, `*.txt` and `*.md`.
    pub fn new(patterns: &[String]) -> Result<Self, globset::Error> {
        if patterns.is_empty() {
            return Ok(Filter::default());
        }
        let mut b = GlobSetBuilder::new();
        for p in patterns {
            b.add(Glob::new(p)?);
        }
        Ok(Filter {
            globs: Some(b.build()?),
        })
    }

    /// Whether a file at `relative` below a folder is an input.
    pub fn accepts(&self, relative: &Path) -> bool {
        match &self.globs {
            Some(g) => g.is_match(relative),
            None => relative
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md")),
        }
    }
}

/// Lists the inputs named by `paths`: files as given, folders walked
/// recursively in name order (so the output order is reproducible),
/// keeping the files `filter` accepts. See [`Walk`].
pub fn walk(paths: &[PathBuf], filter: &Filter) -> Vec<Input> {
    Walk::new(paths, filter.clone()).collect()
}

/// The inputs named by some paths, found lazily: only the listing of the
/// folders being walked is in memory, however large the archive.
///
/// Symbolic links to folders are not followed (no cycles). A link to
/// nothing is kept, to be reported when read, and a folder that cannot be
/// listed is an input whose [`Input::error`] says so.
pub struct Walk {
    filter: Filter,
    roots: std::collections::VecDeque<PathBuf>,
    /// For each folder being walked: its root and its remaining entries.
    stack: Vec<(PathBuf, std::vec::IntoIter<std::fs::DirEntry>)>,
}

impl Walk {
    /// Starts a walk over `paths`.
    pub fn new(paths: &[PathBuf], filter: Filter) -> Self {
        Walk {
            filter,
            roots: paths.iter().cloned().collect(),
            stack: Vec::new(),
        }
    }

    /// Descends into `dir`, or returns it as an unreadable input.
    fn enter(&mut self, root: &Path, dir: PathBuf) -> Option<Input> {
        match std::fs::read_dir(&dir) {
            Ok(rd) => {
                let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).collect();
                entries.sort_by_key(|e| e.file_name());
                self.stack.push((root.to_path_buf(), entries.into_iter()));
                None
            }
            Err(err) => Some(Input {
                source: dir.display().to_string(),
                relative: dir.strip_prefix(root).unwrap_or(&dir).to_path_buf(),
                path: dir,
                error: Some(format!("cannot list folder: {err}")),
            }),
        }
    }
}

impl Iterator for Walk {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            let Some((root, entries)) = self.stack.last_mut() else {
                let root = self.roots.pop_front()?;
                if std::fs::metadata(&root).is_ok_and(|m| m.is_dir()) {
                    if let Some(bad) = self.enter(&root.clone(), root) {
                        return Some(bad);
                    }
                    continue;
                }
                // A file given by name is an input whatever the filter: if
                // it is missing, its error record says so.
                return Some(Input {
                    source: root.display().to_string(),
                    relative: root.file_name().map(PathBuf::from).unwrap_or_default(),
                    path: root,
                    error: None,
                });
            };
            let Some(e) = entries.next() else {
                self.stack.pop();
                continue;
            };
            let root = root.clone();
            let path = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                if let Some(bad) = self.enter(&root, path) {
                    return Some(bad);
                }
                continue;
            }
            if ft.is_symlink() && std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                continue;
            }
            let relative = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
            if self.filter.accepts(&relative) {
                return Some(Input {
                    source: path.display().to_string(),
                    path,
                    relative,
                    error: None,
                });
            }
        }
    }
}

/// Maps `work` over `items` on `jobs` threads and hands the results to
/// `sink` in input order, with at most `window` results in flight.
///
/// Items are pulled from the iterator only as the window allows, so
/// neither the inputs nor the results are ever all in memory. A panic in
/// `work` is caught and given to `sink` as `Err(message)`. When `sink`
/// returns `Break`, no new item is started, those in flight are finished
/// and dropped, and `ordered` returns `true`.
pub fn ordered<T, R, I, F, S>(jobs: usize, window: usize, items: I, work: F, mut sink: S) -> bool
where
    I: IntoIterator<Item = T>,
    T: Send,
    R: Send,
    F: Fn(&T) -> R + Sync,
    S: FnMut(T, Result<R, String>) -> ControlFlow<()>,
{
    let window = window.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .thread_name(|i| format!("delib-{i}"))
        .build();
    let work = &work;
    let sink = &mut sink;
    match pool {
        // The body runs on this thread, which is not a worker: blocking on
        // the channel never starves the pool, even with one thread.
        Ok(pool) => pool.in_place_scope(|scope| drive(scope, window, items, work, sink)),
        Err(_) => rayon::in_place_scope(|scope| drive(scope, window, items, work, sink)),
    }
}

fn drive<'scope, T, R, I, F, S>(
    scope: &rayon::Scope<'scope>,
    window: usize,
    items: I,
    work: &'scope F,
    sink: &mut S,
) -> bool
where
    I: IntoIterator<Item = T>,
    T: Send + 'scope,
    R: Send + 'scope,
    F: Fn(&T) -> R + Sync,
    S: FnMut(T, Result<R, String>) -> ControlFlow<()>,
{
    let (tx, rx) = std::sync::mpsc::channel::<(usize, T, Result<R, String>)>();
    let mut items = items.into_iter();
    let mut pending: BTreeMap<usize, (T, Result<R, String>)> = BTreeMap::new();
    let (mut next, mut issued) = (0usize, 0usize);
    let (mut stopped, mut exhausted) = (false, false);
    loop {
        while !stopped && !exhausted && issued - next < window {
            match items.next() {
                Some(item) => {
                    let tx = tx.clone();
                    let i = issued;
                    scope.spawn(move |_| {
                        let r = catch_unwind(AssertUnwindSafe(|| work(&item)))
                            .map_err(|p| panic_message(&p));
                        let _ = tx.send((i, item, r));
                    });
                    issued += 1;
                }
                None => exhausted = true,
            }
        }
        if next == issued {
            break;
        }
        // Every spawned task sends exactly once (panics are caught), so
        // this cannot wait forever.
        let Ok((i, item, r)) = rx.recv() else { break };
        pending.insert(i, (item, r));
        while let Some((item, r)) = pending.remove(&next) {
            next += 1;
            if !stopped && sink(item, r).is_break() {
                stopped = true;
            }
        }
    }
    stopped
}

/// Counts of a conversion, for the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Inputs handled (parsed or failed).
    pub files: u64,
    /// Deliberations found in them.
    pub deliberations: u64,
    /// Warnings (diagnostics) in them.
    pub warnings: u64,
    /// Inputs that failed.
    pub failures: u64,
    /// Bytes of input read.
    pub bytes: u64,
    /// Whether it stopped early (`--fail-fast`, closed output).
    pub stopped: bool,
}

impl Summary {
    /// The exit status: 0 all parsed, 1 nothing readable, 3 some failed.
    pub fn exit_code(&self) -> u8 {
        if self.failures == 0 && self.files > 0 && !self.stopped {
            0
        } else if self.failures >= self.files {
            1
        } else {
            3
        }
    }

    /// The one-line summary: `2000 files, 1950 deliberations, 12 warnings,
    /// 50 failed, 3.2 s`.
    pub fn line(&self, elapsed: Duration) -> String {
        format!(
            "{} file{}, {} deliberation{}, {} warning{}, {} failed{}, {:.1} s",
            self.files,
            plural(self.files),
            self.deliberations,
            plural(self.deliberations),
            self.warnings,
            plural(self.warnings),
            self.failures,
            if self.stopped { " (stopped early)" } else { "" },
            elapsed.as_secs_f64()
        )
    }

    fn add(&mut self, done: &Done) {
        self.files += 1;
        self.bytes += done.bytes;
        self.deliberations += done.deliberations;
        self.warnings += done.warnings;
        if done.error.is_some() {
            self.failures += 1;
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Where results go.
pub enum Output<'a> {
    /// One JSON line per input, in input order.
    Jsonl(&'a mut dyn Write),
    /// One pretty JSON file per input under this folder, mirroring the
    /// inputs' tree (`a/b.txt` → `DIR/a/b.json`).
    Dir(PathBuf),
}

/// What a worker reports about one input.
#[derive(Debug)]
struct Done {
    line: Option<String>,
    bytes: u64,
    deliberations: u64,
    warnings: u64,
    error: Option<ErrorRecord>,
}

impl Done {
    /// Counts a finished input, writes its line (when it has one and there
    /// is a stream), reports progress; says whether to go on.
    fn report(
        &self,
        summary: &mut Summary,
        out: Option<&mut dyn Write>,
        progress: &mut dyn Progress,
        fail_fast: bool,
        write_error: &mut Option<io::Error>,
    ) -> ControlFlow<()> {
        summary.add(self);
        if let (Some(w), Some(line)) = (out, &self.line) {
            if let Err(e) = writeln!(w, "{line}") {
                *write_error = Some(e);
                return ControlFlow::Break(());
            }
        }
        progress.done(summary, self.bytes);
        if let Some(rec) = &self.error {
            progress.failed(rec);
            if fail_fast {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }

    fn of(source: &str, r: Result<Document, RecordError>, bytes: u64) -> (Done, Option<Document>) {
        match r {
            Ok(doc) => {
                let warnings = doc
                    .diagnostics
                    .iter()
                    .filter(|d| d.level == Level::Warning)
                    .count() as u64;
                let done = Done {
                    line: None,
                    bytes,
                    deliberations: doc.deliberations.len() as u64,
                    warnings,
                    error: None,
                };
                (done, Some(doc))
            }
            Err(error) => (Done::failed(source, error, bytes), None),
        }
    }

    fn failed(source: &str, error: RecordError, bytes: u64) -> Done {
        Done {
            line: None,
            bytes,
            deliberations: 0,
            warnings: 0,
            error: Some(ErrorRecord {
                source: source.to_owned(),
                error,
            }),
        }
    }
}

/// Told about each input as its result is written, in input order.
pub trait Progress {
    /// An input is done; `summary` counts it.
    fn done(&mut self, _summary: &Summary, _bytes: u64) {}
    /// An input failed (its record is also in the stream under
    /// [`Output::Jsonl`]).
    fn failed(&mut self, _record: &ErrorRecord) {}
}

/// A [`Progress`] that says nothing.
impl Progress for () {}

/// Converts `inputs` to `output`, in parallel, writing results in input
/// order. Fails only when the output itself cannot be written.
pub fn convert(
    inputs: impl IntoIterator<Item = Input>,
    opts: &Options,
    output: Output<'_>,
    progress: &mut dyn Progress,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    let mut write_error: Option<io::Error> = None;
    let (jsonl, dir) = match output {
        Output::Jsonl(w) => (Some(w), None),
        Output::Dir(d) => (None, Some(d)),
    };
    // Two inputs must not write the same file (`a.txt` and `a.md`): the
    // second is reported instead of overwriting the first.
    let mut targets = HashSet::new();
    let items = inputs.into_iter().map(|input| {
        let target = dir
            .as_ref()
            .map(|d| d.join(&input.relative).with_extension("json"));
        let clash = target.as_ref().is_some_and(|t| !targets.insert(t.clone()));
        (input, target, clash)
    });
    let work = |(input, target, clash): &(Input, Option<PathBuf>, bool)| -> Done {
        let bytes = std::fs::metadata(&input.path).map_or(0, |m| m.len());
        if *clash {
            let msg = format!(
                "another input already writes {}",
                target
                    .as_ref()
                    .map(|t| t.display().to_string())
                    .unwrap_or_default()
            );
            return Done::failed(
                &input.source,
                RecordError::new(ErrorKind::Output, msg),
                bytes,
            );
        }
        let result = match &input.error {
            Some(e) => Err(WriteError::Input(RecordError::new(
                ErrorKind::Unreadable,
                e.clone(),
            ))),
            None => match target {
                Some(target) => write_json_file(target, input, opts).map(|w| (w, None)),
                None => {
                    let mut line = Vec::new();
                    write_file(&input.path, &input.source, opts, &mut line, false)
                        .map(|w| (w, Some(line)))
                }
            },
        };
        match result {
            Ok((w, line)) => Done {
                // serde_json writes UTF-8: no copy is made.
                line: line.map(|l| {
                    String::from_utf8(l)
                        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
                }),
                bytes,
                deliberations: w.deliberations,
                warnings: w.warnings,
                error: None,
            },
            Err(e) => {
                let e = match e {
                    WriteError::Input(e) => e,
                    WriteError::Output(e) => {
                        let to = target.as_ref().map(|t| t.display().to_string());
                        let msg = format!("cannot write {}: {e}", to.unwrap_or_default());
                        RecordError::new(ErrorKind::Output, msg)
                    }
                };
                let mut done = Done::failed(&input.source, e, bytes);
                if target.is_none() {
                    done.line = done.error.as_ref().map(to_line);
                }
                done
            }
        }
    };
    let mut jsonl = jsonl;
    let stopped = ordered(
        opts.threads(),
        opts.window(),
        items,
        work,
        |(input, _, _), r| {
            let done = r.unwrap_or_else(|msg| {
                let e = RecordError::new(
                    ErrorKind::Panic,
                    format!("internal error (please report it): {msg}"),
                );
                let mut d = Done::failed(&input.source, e, 0);
                d.line = d.error.as_ref().map(to_line);
                d
            });
            done.report(
                &mut summary,
                jsonl.as_mut().map(|w| &mut **w as &mut dyn Write),
                progress,
                opts.fail_fast,
                &mut write_error,
            )
        },
    );
    summary.stopped = stopped;
    if let Some(w) = jsonl {
        if let Err(e) = w.flush() {
            write_error.get_or_insert(e);
        }
    }
    match write_error {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

/// Writes the document of `input` to `target`, through a `.part` file
/// renamed once complete: a reader of the folder never sees half a
/// document, and a failed input leaves no file.
fn write_json_file(target: &Path, input: &Input, opts: &Options) -> Result<Written, WriteError> {
    let part = target.with_extension("json.part");
    let r = (|| {
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(WriteError::Output)?;
        }
        let file = std::fs::File::create(&part).map_err(WriteError::Output)?;
        let mut out = io::BufWriter::new(file);
        let w = write_file(&input.path, &input.source, opts, &mut out, true)?;
        out.write_all(b"\n")
            .and_then(|()| out.flush())
            .map_err(WriteError::Output)?;
        // Closed before it is renamed (which some systems require).
        drop(out);
        std::fs::rename(&part, target).map_err(WriteError::Output)?;
        Ok(w)
    })();
    if r.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    r
}

fn to_line<T: Serialize>(value: &T) -> String {
    // Serializing our own types to a string cannot fail.
    serde_json::to_string(value).unwrap_or_else(|e| {
        format!(
            r#"{{"error":{{"kind":"output","message":{}}}}}"#,
            quote(&e.to_string())
        )
    })
}

fn quote(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// One line of the `--input jsonl` protocol.
#[derive(Debug, Deserialize)]
struct Request {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    name: Option<String>,
}

/// A result line of the protocol: the document (or the error) with the
/// request's `id` first.
#[derive(Serialize)]
struct Reply<'a, T: Serialize> {
    id: &'a serde_json::Value,
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a RecordError,
}

/// Answers the `--input jsonl` protocol: reads `{"id":…,"text":…}` records
/// one per line from `input` and writes one line per record to `output`,
/// in the same order, with the same `id`: the document, or `{"id":…,
/// "error":{"kind":…,"message":…}}`. This is what Spark's `rdd.pipe`,
/// Beam or Hadoop streaming expect of a map step.
///
/// An optional `"name"` fills `source.name`. A line longer than
/// `max_bytes` is answered with an error without being held in memory.
pub fn serve_jsonl(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    opts: &Options,
    progress: &mut dyn Progress,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    let mut read_error: Option<io::Error> = None;
    let mut write_error: Option<io::Error> = None;
    let limit = opts.max_bytes;
    let mut number = 0;
    let lines = std::iter::from_fn(|| match read_line(input, limit) {
        Ok(l) => l.map(|mut l| {
            number += 1;
            l.number = number;
            l
        }),
        Err(e) => {
            read_error = Some(e);
            None
        }
    });
    let work = |line: &Line| -> Done {
        let bytes = line.len;
        let (id, r) = answer(line, opts);
        let (mut done, doc) = Done::of("<stdin>", r, bytes);
        done.line = Some(match (&doc, &done.error) {
            (Some(doc), _) => to_line(&Reply { id: &id, body: doc }),
            (None, Some(rec)) => to_line(&Reply {
                id: &id,
                body: &ErrorBody { error: &rec.error },
            }),
            (None, None) => unreachable!("a result is a document or an error"),
        });
        if let Some(rec) = done.error.as_mut() {
            rec.source = match &id {
                serde_json::Value::Null => format!("line {}", line.number),
                v => format!("id {v}"),
            };
        }
        done
    };
    let stopped = ordered(opts.threads(), opts.window(), lines, work, |line, r| {
        let done = r.unwrap_or_else(|msg| {
            let e = RecordError::new(ErrorKind::Panic, format!("internal error: {msg}"));
            let mut d = Done::failed(&format!("line {}", line.number), e, line.len);
            d.line = d.error.as_ref().map(|rec| {
                to_line(&Reply {
                    id: &serde_json::Value::Null,
                    body: &ErrorBody { error: &rec.error },
                })
            });
            d
        });
        done.report(
            &mut summary,
            Some(&mut *output),
            progress,
            opts.fail_fast,
            &mut write_error,
        )
    });
    summary.stopped = stopped;
    if let Err(e) = output.flush() {
        write_error.get_or_insert(e);
    }
    match write_error.or(read_error) {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

/// A line of the protocol, or the fact that it was too long.
struct Line {
    number: u64,
    len: u64,
    bytes: Option<Vec<u8>>,
}

fn read_line(input: &mut dyn BufRead, limit: u64) -> io::Result<Option<Line>> {
    let mut buf = Vec::new();
    let n =
        <&mut dyn BufRead as io::Read>::take(&mut *input, limit + 1).read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    let mut len = n as u64;
    let complete = buf.last() == Some(&b'\n');
    if !complete && n as u64 > limit {
        // Skip the rest of the line without keeping it.
        loop {
            let chunk = input.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            match memchr::memchr(b'\n', chunk) {
                Some(k) => {
                    len += k as u64 + 1;
                    input.consume(k + 1);
                    break;
                }
                None => {
                    let l = chunk.len();
                    len += l as u64;
                    input.consume(l);
                }
            }
        }
        return Ok(Some(Line {
            number: 0,
            len,
            bytes: None,
        }));
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    Ok(Some(Line {
        number: 0,
        len,
        bytes: Some(buf),
    }))
}

fn answer(line: &Line, opts: &Options) -> (serde_json::Value, Result<Document, RecordError>) {
    let Some(bytes) = &line.bytes else {
        let e = Error::TooLarge {
            size: line.len,
            limit: opts.max_bytes,
        };
        return (serde_json::Value::Null, Err(e.into()));
    };
    match serde_json::from_slice::<Request>(bytes) {
        Ok(req) => {
            let r = guarded(|| {
                let mut parser = Parser::new().max_items(opts.max_items);
                if let Some(r) = opts.redact {
                    parser = parser.redact(r);
                }
                if let Some(n) = &req.name {
                    parser = parser.source_name(n.clone());
                }
                let mut doc = parser.parse_str(&req.text);
                if let Some(p) = &opts.postprocess {
                    p(&mut doc);
                }
                Ok(doc)
            });
            (req.id, r)
        }
        Err(e) => {
            // Keep the id when the record has one, so the caller can join.
            let id = serde_json::from_slice::<serde_json::Value>(bytes)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(serde_json::Value::Null);
            let msg = format!(r#"expected a record {{"id": …, "text": "…"}}: {e}"#);
            (id, Err(RecordError::new(ErrorKind::InvalidRecord, msg)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_keeps_input_order_and_catches_panics() {
        let mut seen = Vec::new();
        let stopped = ordered(
            3,
            4,
            0..200u32,
            |&i| {
                if i == 17 {
                    panic!("boom");
                }
                // Later items finish first, to exercise the reorder buffer.
                std::thread::sleep(Duration::from_micros(u64::from(200 - i)));
                i * 2
            },
            |i, r| {
                seen.push((i, r));
                ControlFlow::Continue(())
            },
        );
        assert!(!stopped);
        assert_eq!(seen.len(), 200);
        for (k, (i, r)) in seen.iter().enumerate() {
            assert_eq!(*i as usize, k);
            if *i == 17 {
                assert_eq!(r.as_ref().unwrap_err(), "boom");
            } else {
                assert_eq!(*r.as_ref().unwrap(), i * 2);
            }
        }
    }

    #[test]
    fn ordered_stops_when_told_and_pulls_items_lazily() {
        let pulled = std::sync::atomic::AtomicUsize::new(0);
        let items = (0..1_000_000u32).inspect(|_| {
            pulled.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        let mut n = 0;
        let stopped = ordered(
            2,
            8,
            items,
            |&i| i,
            |_, _| {
                n += 1;
                if n == 5 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert!(stopped);
        assert_eq!(n, 5);
        assert!(pulled.load(std::sync::atomic::Ordering::Relaxed) < 20);
    }

    #[test]
    fn guarded_turns_a_panic_into_an_error() {
        let r: Result<(), _> = guarded(|| panic!("bad index {}", 3));
        let e = r.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Panic);
        assert!(e.message.contains("bad index 3"), "{}", e.message);
    }

    #[test]
    fn default_filter_takes_text_and_markdown() {
        let f = Filter::default();
        assert!(f.accepts(Path::new("a/b.txt")));
        assert!(f.accepts(Path::new("b.MD")));
        assert!(!f.accepts(Path::new("b.pdf")));
        let f = Filter::new(&["*.pdf".to_owned()]).unwrap();
        assert!(f.accepts(Path::new("2023/b.pdf")));
        assert!(!f.accepts(Path::new("b.txt")));
    }

    #[test]
    fn exit_codes() {
        let s = |files, failures| Summary {
            files,
            failures,
            ..Summary::default()
        };
        assert_eq!(s(3, 0).exit_code(), 0);
        assert_eq!(s(3, 1).exit_code(), 3);
        assert_eq!(s(3, 3).exit_code(), 1);
        assert_eq!(s(0, 0).exit_code(), 1);
    }

    #[test]
    fn protocol_answers_each_line_with_its_id() {
        let input = concat!(
            r#"{"id":"a","text":"DEPARTEMENT DU NORD\nDECIDE :\nArticle 1 : D'approuver.\n"}"#,
            "\n",
            "not json\n",
            r#"{"id":7,"txt":"x"}"#,
            "\n",
            r#"{"id":"d","text":""}"#,
            "\n"
        );
        let mut out = Vec::new();
        let s = serve_jsonl(
            &mut input.as_bytes(),
            &mut out,
            &Options::default(),
            &mut (),
        )
        .unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["id"], "a");
        assert_eq!(lines[0]["schema_version"], "1");
        assert_eq!(lines[1]["id"], serde_json::Value::Null);
        assert_eq!(lines[1]["error"]["kind"], "invalid_record");
        assert_eq!(lines[2]["id"], 7);
        assert_eq!(lines[2]["error"]["kind"], "invalid_record");
        assert_eq!(lines[3]["id"], "d");
        assert_eq!(s.files, 4);
        assert_eq!(s.failures, 2);
    }

    #[test]
    fn protocol_refuses_an_overlong_line_and_goes_on() {
        let input = format!(
            "{{\"id\":1,\"text\":\"{}\"}}\n{{\"id\":2,\"text\":\"ok\"}}\n",
            "x".repeat(5000)
        );
        let opts = Options {
            max_bytes: 100,
            ..Options::default()
        };
        let mut out = Vec::new();
        serve_jsonl(&mut input.as_bytes(), &mut out, &opts, &mut ()).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].contains("too_large"), "{}", lines[0]);
        assert!(lines[1].starts_with(r#"{"id":2,"#), "{}", lines[1]);
    }
}
