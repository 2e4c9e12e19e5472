//! `delib`: French departmental deliberations to JSON.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser as ClapParser, Subcommand, ValueEnum};

/// Turns French departmental deliberations (text extracted from PDFs) into JSON.
///
/// Exit status: 0 when the input was parsed (warnings included), 1 when it
/// could not be read or decoded, 2 on a usage error.
#[derive(Debug, ClapParser)]
#[command(name = "delib", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  delib parse fixtures/f01-cp-seedlike.txt --pretty\n  pdftotext -layout cp.pdf - | delib parse\n  delib schema > deliberation.schema.json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse a deliberation and print its JSON document.
    ///
    /// Reads FILE, or standard input when FILE is absent or `-`. The encoding
    /// (UTF-8, UTF-16 with BOM, Windows-1252) is detected and recorded in
    /// `source.encoding`.
    #[command(after_help = "Example:\n  delib parse cp-2023-121.txt --pretty")]
    Parse {
        /// The text file to parse (`-` or nothing: standard input).
        file: Option<PathBuf>,
        /// Indent the JSON output.
        #[arg(long)]
        pretty: bool,
        /// Mask bank account numbers (`bank`), and also the names of
        /// non-members (`persons`), for publication.
        #[arg(long, value_enum, value_name = "WHAT")]
        redact: Option<RedactArg>,
    },
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

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Parse {
            file,
            pretty,
            redact,
        } => parse(file, pretty, redact),
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

fn parse(file: Option<PathBuf>, pretty: bool, redact: Option<RedactArg>) -> ExitCode {
    let from_stdin = file.as_ref().is_none_or(|f| f.as_os_str() == "-");
    let label = if from_stdin {
        "<stdin>".to_owned()
    } else {
        file.as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_default()
    };
    let bytes = if from_stdin {
        let mut b = Vec::new();
        io::stdin().read_to_end(&mut b).map(|_| b)
    } else {
        std::fs::read(file.as_ref().expect("a file"))
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("delib: {label}: cannot read: {e}");
            return ExitCode::from(1);
        }
    };
    let mut parser = deliberation::Parser::new();
    if let Some(r) = redact {
        parser = parser.redact(r.lib());
    }
    if !from_stdin {
        let name = file
            .as_ref()
            .and_then(|f| f.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(label.clone());
        parser = parser.source_name(name);
    }
    match parser.parse_bytes(&bytes) {
        Ok(doc) => print_json(&doc, pretty),
        Err(e) => {
            eprintln!("delib: {label}: {e}");
            ExitCode::from(1)
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
