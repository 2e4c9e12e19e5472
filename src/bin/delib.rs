//! `delib`: French departmental deliberations to JSON.

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser as ClapParser, Subcommand, ValueEnum};
use deliberation::batch::{self, ErrorRecord, Summary};

/// Turns French departmental deliberations (text extracted from PDFs) into JSON.
#[derive(Debug, ClapParser)]
#[command(name = "delib", version, about, long_about = None)]
#[command(after_help = "Exit status:
  0  every input was parsed (warnings included)
  1  nothing could be read (the input, or every input, failed)
  2  usage error
  3  some inputs failed (each has an error record in the output)
  (`parse --input jsonl` answers errors in-band and exits 0)

Examples:
  delib parse fixtures/f01-cp-seedlike.txt --pretty
  pdftotext -layout cp.pdf - | delib parse
  delib parse archive/ --jsonl > deliberations.jsonl
  delib parse archive/ --output-dir json/ --jobs 4
  delib parse --input jsonl < records.jsonl
  delib export --format scdl-deliberations --siret 22620001600015 archive/
  delib schema > deliberation.schema.json")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse deliberations and print their JSON documents.
    ///
    /// With one FILE (or standard input when there is none, or `-`), prints
    /// its document. With several paths or a folder, converts them all in
    /// parallel: one JSON line per input in input order (`--jsonl`, implied),
    /// or one `.json` file per input under `--output-dir`. Folders are walked
    /// recursively for `*.txt` and `*.md` (see `--glob`). A `.pdf` is converted
    /// with poppler's `pdftotext -layout` when it is installed. An input that
    /// fails becomes `{"source": …, "error": {"kind": …, "message": …}}`.
    ///
    /// The encoding (UTF-8, UTF-16 with BOM, Windows-1252) is detected and
    /// recorded in `source.encoding`.
    #[command(
        after_help = "Exit status: 0 all parsed, 1 nothing readable, 2 usage, 3 some failed.

Examples:
  delib parse cp-2023-121.txt --pretty
  delib parse archive/ --jsonl > out.jsonl
  delib parse archive/ --glob '*.pdf' --output-dir json/
  spark: rdd.pipe(\"delib parse --input jsonl\")  (records {\"id\": …, \"text\": …})"
    )]
    Parse(ParseArgs),
    /// Write parsed deliberations as SCDL open-data CSV.
    ///
    /// Reads the same inputs as `parse` (text, PDF, folders), or the JSON
    /// lines of `delib parse --jsonl` given as a `.jsonl` file or on standard
    /// input (`-`). Values the text cannot give (SIRET, matière) come from
    /// options or are left empty, with a warning on stderr.
    #[command(after_help = "Examples:
  delib export --format scdl-deliberations --siret 22620001600015 archive/ > deliberations.csv
  delib parse archive/ --jsonl | delib export --format scdl-subventions - > subventions.csv")]
    Export(ExportArgs),
    /// Print the input text with every IBAN, account number and RIB key
    /// masked, for publication.
    ///
    /// Each masked character becomes `*` (as many as it has bytes), so every
    /// offset of the input holds; every other byte is left as it is. An IBAN
    /// keeps its country code, bank code and last four characters.
    /// `--redact persons` also masks the names of persons who are not
    /// members of the council: names printed after a civility (M., Mme,
    /// Monsieur, Madame…) that no attendance list, president, secretary or
    /// vote of the document names.
    #[command(after_help = "Example:\n  delib redact cp-2023-121.txt -o cp-2023-121.public.txt")]
    Redact {
        /// The text file to redact (`-` or nothing: standard input).
        file: Option<PathBuf>,
        /// Write to OUT instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// What to mask: `bank` (the default) or `persons` (bank numbers
        /// and the names of non-members).
        #[arg(long, value_enum, value_name = "WHAT", default_value = "bank")]
        redact: RedactArg,
    },
    /// Print the JSON Schema of the output of `delib parse`.
    #[command(after_help = "Example:\n  delib schema > deliberation.schema.json")]
    Schema,
}

/// Options of `delib parse`.
#[derive(Debug, clap::Args)]
struct ParseArgs {
    /// Files or folders to parse (`-` or nothing: standard input).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Indent the JSON output (single input only).
    #[arg(long, conflicts_with_all = ["jsonl", "output_dir"])]
    pretty: bool,
    /// Write one document per line (implied with several inputs or a folder).
    #[arg(long)]
    jsonl: bool,
    /// Write one `.json` per input under DIR, mirroring the inputs' tree.
    #[arg(long, value_name = "DIR", conflicts_with = "jsonl")]
    output_dir: Option<PathBuf>,
    /// Which files of a folder to read (repeatable; default `*.txt`, `*.md`).
    #[arg(long = "glob", value_name = "PATTERN")]
    globs: Vec<String>,
    /// What standard input holds: `text` (one document) or `jsonl`
    /// (records `{"id": …, "text": …}`, one result line per record).
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    input: InputFormat,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Stop at the first input that fails.
    #[arg(long)]
    fail_fast: bool,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = batch::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Keep at most this many items in one list of a deliberation (the
    /// names of an attendance list, the articles of a part); a longer list
    /// is cut, with a `limits.list_cut` warning.
    #[arg(long, value_name = "N", default_value_t = deliberation::DEFAULT_MAX_ITEMS)]
    max_items: usize,
    /// No progress bar and no summary line.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Mask bank account numbers (`bank`), and also the names of
    /// non-members (`persons`), for publication.
    #[arg(long, value_enum, value_name = "WHAT")]
    redact: Option<RedactArg>,
}

/// What `delib parse` reads on standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputFormat {
    /// One text document.
    Text,
    /// JSON lines `{"id": …, "text": …}` (Spark, Beam, Hadoop streaming).
    Jsonl,
}

/// Options of `delib export`.
#[derive(Debug, clap::Args)]
struct ExportArgs {
    /// Files or folders to parse, or `.jsonl` output of `delib parse` (`-`:
    /// JSON lines on standard input).
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// The CSV schema to write.
    #[arg(long, value_enum)]
    format: deliberation::export::Format,
    /// SIRET of the collectivité (14 digits, checked with the Luhn rule).
    #[arg(long)]
    siret: Option<String>,
    /// Name of the collectivité (COLL_NOM; default: the name printed).
    #[arg(long, value_name = "NAME")]
    coll_nom: Option<String>,
    /// Matière code of the ACTES nomenclature (DELIB_MATIERE_CODE, `7.5`).
    #[arg(long, value_name = "CODE")]
    matiere: Option<String>,
    /// Matière name (DELIB_MATIERE_NOM, `Subventions`).
    #[arg(long, value_name = "NAME")]
    matiere_nom: Option<String>,
    /// Which files of a folder to read (repeatable; default `*.txt`, `*.md`).
    #[arg(long = "glob", value_name = "PATTERN")]
    globs: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = batch::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// No warnings on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

fn main() -> ExitCode {
    // A parser bug on one input is caught and reported in its error record;
    // one line on stderr says where, for the bug report, not a backtrace
    // per file of an archive.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("delib: internal error{at} (please report it)");
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Parse(args) => parse(args),
        Command::Export(args) => export(args),
        Command::Redact {
            file,
            output,
            redact,
        } => redact_file(file, output, redact),
        Command::Schema => {
            let schema = schemars::schema_for!(deliberation::Document);
            print_json(&schema, true)
        }
    }
}

/// The parser's patterns take about 50 ms to build, once per process, on
/// first use: the other threads `--jobs` allows build their shares
/// meanwhile, so that the first documents do not wait for them all in
/// turn (which would also keep a batch from scaling with its jobs).
fn warm_up(opts: &batch::Options) {
    let threads = opts.threads().min(4);
    for part in 1..threads {
        std::thread::spawn(move || deliberation::warm_up_part(part, threads));
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("delib: {msg}");
    ExitCode::from(2)
}

fn parse(args: ParseArgs) -> ExitCode {
    let opts = batch::Options {
        max_bytes: args.max_bytes,
        max_items: args.max_items,
        jobs: args.jobs.unwrap_or(0),
        fail_fast: args.fail_fast,
        postprocess: None,
        redact: args.redact.map(RedactArg::lib),
    };
    if args.input == InputFormat::Jsonl {
        if !args.paths.is_empty() || args.output_dir.is_some() || args.pretty {
            return usage("--input jsonl reads standard input and writes standard output only");
        }
        warm_up(&opts);
        return serve_jsonl(&opts, args.quiet);
    }
    let single = !args.jsonl
        && args.output_dir.is_none()
        && match args.paths.as_slice() {
            [] => true,
            [p] => !p.is_dir(),
            _ => false,
        };
    if single {
        // One document reads the patterns it needs as it goes: building
        // them all on another core would save it a millisecond or two for
        // ten of CPU, which `parallel delib parse ::: *.txt` would pay.
        return parse_one(args.paths.first(), args.pretty, &opts);
    }
    if args.paths.is_empty() {
        return usage("--jsonl and --output-dir need files or folders to read");
    }
    if args.pretty {
        return usage("--pretty prints one document: give a single file");
    }
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return usage("`-` (standard input) cannot be mixed with other inputs");
    }
    let filter = match batch::Filter::new(&args.globs) {
        Ok(f) => f,
        Err(e) => return usage(&format!("--glob: {e}")),
    };
    warm_up(&opts);
    let start = Instant::now();
    // Only a progress bar needs totals: a first, lazy pass counts them.
    let totals = (!args.quiet && io::stderr().is_terminal()).then(|| {
        batch::Walk::new(&args.paths, filter.clone()).fold((0u64, 0u64), |(n, b), i| {
            (n + 1, b + std::fs::metadata(&i.path).map_or(0, |m| m.len()))
        })
    });
    let to_dir = args.output_dir.is_some();
    let mut progress = Reporter::new(totals.is_some(), totals, to_dir);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let output = match args.output_dir {
        Some(d) => batch::Output::Dir(d),
        None => batch::Output::Jsonl(&mut out),
    };
    let inputs = batch::Walk::new(&args.paths, filter);
    let r = batch::convert(inputs, &opts, output, &mut progress);
    if r.as_ref().is_ok_and(|s| s.files == 0) {
        progress.clear();
        eprintln!(
            "delib: no input files found (folders are searched for *.txt and *.md; see --glob)"
        );
        return ExitCode::from(1);
    }
    finish(r, progress, args.quiet, start, false)
}

/// Ends a batch: clears the progress bar, prints the summary line and
/// chooses the exit status.
fn finish(
    r: io::Result<Summary>,
    progress: Reporter,
    quiet: bool,
    start: Instant,
    in_band: bool,
) -> ExitCode {
    progress.clear();
    match r {
        Ok(summary) => {
            if !quiet {
                eprintln!("delib: {}", summary.line(start.elapsed()));
            }
            ExitCode::from(if in_band { 0 } else { summary.exit_code() })
        }
        // `delib parse dir | head`: a closed pipe ends the run quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("delib: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

fn serve_jsonl(opts: &batch::Options, quiet: bool) -> ExitCode {
    let start = Instant::now();
    let stdin = io::stdin();
    let mut input = io::BufReader::with_capacity(1 << 16, stdin.lock());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut progress = Reporter::new(false, None, false);
    let r = batch::serve_jsonl(&mut input, &mut out, opts, &mut progress);
    // Errors are answered in-band, one line per record: a map step that
    // exits non-zero fails the whole Spark or Hadoop task.
    // Protocol consumers read stderr as a log: keep the summary.
    finish(r, progress, quiet, start, true)
}

/// What `--redact` masks.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum RedactArg {
    /// IBANs, account numbers and RIB keys.
    Bank,
    /// Bank numbers and the names of non-members.
    Persons,
}

impl RedactArg {
    fn lib(self) -> deliberation::redact::Redact {
        match self {
            RedactArg::Bank => deliberation::redact::Redact::Bank,
            RedactArg::Persons => deliberation::redact::Redact::Persons,
        }
    }
}

/// `delib redact`: the input with its bank numbers (and names) masked.
fn redact_file(file: Option<PathBuf>, output: Option<PathBuf>, what: RedactArg) -> ExitCode {
    let from_stdin = file.as_ref().is_none_or(|f| f.as_os_str() == "-");
    let label = match (&file, from_stdin) {
        (Some(f), false) => f.display().to_string(),
        _ => "<stdin>".to_owned(),
    };
    let bytes = match &file {
        Some(f) if !from_stdin => std::fs::read(f),
        _ => {
            let mut b = Vec::new();
            io::stdin().read_to_end(&mut b).map(|_| b)
        }
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("delib: {label}: cannot read: {e}");
            return ExitCode::from(1);
        }
    };
    let what = deliberation::redact::Redaction::default().with(what.lib());
    let out = match deliberation::redact::input(&bytes, what) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("delib: {label}: {e}");
            return ExitCode::from(1);
        }
    };
    let written = match &output {
        Some(path) => std::fs::write(path, &out),
        None => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(&out).and_then(|_| stdout.flush())
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("delib: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

fn parse_one(file: Option<&PathBuf>, pretty: bool, opts: &batch::Options) -> ExitCode {
    let from_stdin = file.is_none_or(|f| f.as_os_str() == "-");
    let label = match file {
        Some(f) if !from_stdin => f.display().to_string(),
        _ => "<stdin>".to_owned(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    // The document is written as it is read: a recueil of thousands of
    // deliberations is never held whole.
    let result = match file {
        Some(f) if !from_stdin => {
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| label.clone());
            batch::write_file(f, &name, opts, &mut out, pretty)
        }
        _ => {
            let mut b = Vec::new();
            match io::stdin().read_to_end(&mut b) {
                Ok(_) => batch::write_vec(b, None, None, opts, &mut out, pretty),
                Err(e) => {
                    eprintln!("delib: {label}: cannot read: {e}");
                    return ExitCode::from(1);
                }
            }
        }
    };
    let result = result.and_then(|_| {
        writeln!(out)
            .and_then(|()| out.flush())
            .map_err(batch::WriteError::Output)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`delib parse x | head`) is not an error worth a message.
        Err(batch::WriteError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(batch::WriteError::Output(e)) => {
            eprintln!("delib: cannot write output: {e}");
            ExitCode::from(1)
        }
        Err(batch::WriteError::Input(e)) => {
            // Whatever was written of a document that failed half way is
            // not valid JSON; say where it ends.
            let _ = out.flush();
            eprintln!("delib: {label}: {e}");
            ExitCode::from(1)
        }
    }
}

fn export(args: ExportArgs) -> ExitCode {
    use deliberation::export;
    let siret = match args.siret.as_deref().map(export::Siret::parse).transpose() {
        Ok(s) => s,
        Err(e) => return usage(&format!("--siret: {e}")),
    };
    let opts = batch::Options {
        max_bytes: args.max_bytes,
        max_items: deliberation::DEFAULT_MAX_ITEMS,
        jobs: args.jobs.unwrap_or(0),
        fail_fast: false,
        postprocess: None,
        redact: None,
    };
    warm_up(&opts);
    let filter = match batch::Filter::new(&args.globs) {
        Ok(f) => f,
        Err(e) => return usage(&format!("--glob: {e}")),
    };
    let settings = export::Settings {
        siret,
        coll_nom: args.coll_nom,
        matiere_code: args.matiere,
        matiere_nom: args.matiere_nom,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let r = export::run(
        &args.paths,
        &filter,
        &opts,
        args.format,
        &settings,
        &mut out,
    );
    match r {
        Ok(report) => {
            if !args.quiet {
                for w in &report.warnings {
                    eprintln!("delib: warning: {w}");
                }
                for e in &report.failures {
                    eprintln!("delib: {}: {}", e.source, e.error);
                }
            }
            ExitCode::from(report.summary.exit_code())
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("delib: {e}");
            ExitCode::from(1)
        }
    }
}

/// Progress bar (on a terminal) and failure messages on stderr.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    files: u64,
    to_dir: bool,
}

impl Reporter {
    /// `totals`: number of files and bytes, when known.
    fn new(show: bool, totals: Option<(u64, u64)>, to_dir: bool) -> Self {
        let bar = match totals {
            Some((files, bytes)) if show && io::stderr().is_terminal() => {
                let bar = indicatif::ProgressBar::with_draw_target(
                    Some(bytes),
                    indicatif::ProgressDrawTarget::stderr(),
                );
                let style = indicatif::ProgressStyle::with_template(
                    "{bar:25} {msg} files  {binary_bytes_per_sec}  ETA {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
                bar.set_style(style);
                bar.set_message(format!("0/{files}"));
                Some(bar)
            }
            _ => None,
        };
        let files = totals.map_or(0, |t| t.0);
        Reporter { bar, files, to_dir }
    }

    fn clear(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl batch::Progress for Reporter {
    fn done(&mut self, summary: &Summary, bytes: u64) {
        if let Some(b) = &self.bar {
            b.inc(bytes);
            b.set_message(format!("{}/{}", summary.files, self.files));
        }
    }

    fn failed(&mut self, record: &ErrorRecord) {
        // In a JSON stream the record says it; in a folder of files only
        // stderr can.
        if self.to_dir {
            let line = format!("delib: {}: {}", record.source, record.error);
            match &self.bar {
                Some(b) => b.println(line),
                None => eprintln!("{line}"),
            }
        }
    }
}

fn print_json<T: serde::Serialize>(value: &T, pretty: bool) -> ExitCode {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let r = if pretty {
        serde_json::to_writer_pretty(&mut out, value)
    } else {
        serde_json::to_writer(&mut out, value)
    };
    let r = r
        .map_err(io::Error::from)
        .and_then(|_| writeln!(out))
        .and_then(|_| out.flush());
    match r {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`delib parse x | head`) is not an error worth a message.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("delib: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}
