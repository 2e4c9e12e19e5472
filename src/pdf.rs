//! PDF inputs, converted with poppler's `pdftotext -layout`: the tool most
//! of our inputs already come from, so its output is what the extractors
//! are tuned for. Only PDFs with a text layer are accepted; OCR is out of
//! scope.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// Below this many letters and digits, a PDF is taken for a scan: a text
/// layer of a real deliberation holds thousands, a scan at most a stamp.
const MIN_ALNUM: usize = 32;

/// Why a PDF could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// `pdftotext` is not on the `PATH`.
    #[error(
        "cannot convert a PDF: pdftotext is not installed (install poppler-utils: `apt-get install poppler-utils`, `dnf install poppler-utils` or `brew install poppler`), or extract the text first"
    )]
    NotInstalled,
    /// `pdftotext` ran and failed.
    #[error("pdftotext could not read this PDF: {0}")]
    Failed(String),
    /// The PDF has no text layer.
    #[error(
        "the PDF has no text layer (a scanned document?): run OCR on it first (for example with ocrmypdf), delib does not do OCR"
    )]
    NoText,
}

/// Whether an input is a PDF, by its bytes (`%PDF`) or by its extension.
pub fn is_pdf(path: Option<&Path>, bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF")
        || path
            .and_then(|p| p.extension())
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Whether `pdftotext` can be run.
pub fn pdftotext_available() -> bool {
    Command::new("pdftotext")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// A conversion taking longer is stopped: an unattended run must not hang
/// on one damaged PDF.
const TIMEOUT: Duration = Duration::from_secs(300);

/// Converts PDF bytes to UTF-8 text with `pdftotext -layout`.
pub fn to_text(bytes: &[u8]) -> Result<Vec<u8>, PdfError> {
    to_text_within(bytes, TIMEOUT)
}

fn to_text_within(bytes: &[u8], timeout: Duration) -> Result<Vec<u8>, PdfError> {
    let mut child = match Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(PdfError::NotInstalled),
        Err(e) => return Err(PdfError::Failed(format!("cannot run pdftotext: {e}"))),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let child = Mutex::new(child);
    let timed_out = AtomicBool::new(false);
    // Feed, drain both outputs and watch the clock at once: a large PDF
    // would fill the pipes and deadlock, a damaged one could loop.
    let (text, err) = std::thread::scope(|s| {
        let (done, watch) = mpsc::channel::<()>();
        let (child, timed_out) = (&child, &timed_out);
        s.spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = watch.recv_timeout(timeout) {
                timed_out.store(true, Ordering::Relaxed);
                if let Ok(mut c) = child.lock() {
                    let _ = c.kill();
                }
            }
        });
        // A write error means pdftotext stopped reading early; its exit
        // status says whether that was a failure.
        s.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let err = s.spawn(move || {
            let mut err = Vec::new();
            let _ = stderr.read_to_end(&mut err);
            err
        });
        let mut text = Vec::new();
        let read = stdout.read_to_end(&mut text);
        drop(done);
        (read.map(|_| text), err.join().unwrap_or_default())
    });
    let status = child
        .into_inner()
        .map_err(|_| PdfError::Failed("pdftotext could not be waited for".to_owned()))?
        .wait()
        .map_err(|e| PdfError::Failed(format!("cannot wait for pdftotext: {e}")))?;
    if timed_out.load(Ordering::Relaxed) {
        return Err(PdfError::Failed(format!(
            "stopped after {} s without finishing",
            timeout.as_secs()
        )));
    }
    let text = text.map_err(|e| PdfError::Failed(format!("cannot read its output: {e}")))?;
    if !status.success() {
        let err = String::from_utf8_lossy(&err);
        // The last line is the one that made it give up.
        let why = err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let why = if why.is_empty() {
            format!("it exited with {status}")
        } else {
            why.trim().to_owned()
        };
        return Err(PdfError::Failed(why));
    }
    let alnum = String::from_utf8_lossy(&text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .take(MIN_ALNUM)
        .count();
    if alnum < MIN_ALNUM {
        return Err(PdfError::NoText);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_pdfs_by_bytes_or_extension() {
        assert!(is_pdf(None, b"%PDF-1.7\n"));
        assert!(is_pdf(Some(Path::new("a/CP.PDF")), b""));
        assert!(!is_pdf(Some(Path::new("a/cp.txt")), b"DEPARTEMENT"));
    }

    #[test]
    fn a_conversion_that_takes_too_long_is_stopped() {
        if !pdftotext_available() {
            return;
        }
        // pdftotext reads all of its input before it answers: 32 MiB take
        // far longer to pipe than a zero timeout.
        let mut pdf = b"%PDF-1.4\n".to_vec();
        pdf.resize(32 << 20, b' ');
        let e = to_text_within(&pdf, Duration::ZERO).unwrap_err();
        assert!(e.to_string().contains("stopped after 0 s"), "{e}");
    }

    #[test]
    fn a_broken_pdf_is_an_error_that_names_pdftotext() {
        let e = to_text(b"%PDF-1.7\n1 0 obj").unwrap_err();
        assert!(e.to_string().contains("pdftotext"), "{e}");
    }
}
