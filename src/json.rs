//! A document's JSON written while it is parsed, one deliberation at a
//! time (see [`crate::Parser::parse_each`]): memory then holds one
//! deliberation rather than all of a recueil's.
//!
//! The bytes are those `serde_json` writes for the whole [`Document`]
//! (`to_writer` or `to_writer_pretty`), so a reader cannot tell the two
//! apart.
//!
//! ```
//! use std::ops::ControlFlow;
//! use deliberation::{json::JsonWriter, Parser};
//!
//! let text = b"DELIBERATION N\xb0 2024-1\nDECIDE :\nArticle 1 : ok\nDELIBERATION N\xb0 2024-2\nDECIDE :\nArticle 1 : ok\n";
//! let mut w = JsonWriter::new(Vec::new(), false);
//! let rest = Parser::new()
//!     .parse_each(text.to_vec(), |source, d| w.deliberation(source, &d))
//!     .unwrap();
//! let json = w.finish(&rest).unwrap();
//!
//! let whole = Parser::new().parse_bytes(text).unwrap();
//! assert_eq!(json, serde_json::to_vec(&whole).unwrap());
//! ```

use std::io::{self, Write};
use std::ops::ControlFlow;

use serde::Serialize;

use crate::model::{Deliberation, Document, SCHEMA_VERSION, Source};

/// Writes a [`Document`] as JSON, its deliberations one by one.
///
/// Feed it every deliberation with [`JsonWriter::deliberation`], then the
/// rest of the document with [`JsonWriter::finish`]. The first write error
/// is kept: later calls do nothing, and `finish` returns it.
#[derive(Debug)]
pub struct JsonWriter<W: Write> {
    out: W,
    pretty: bool,
    /// Deliberations written so far (the head is written with the first).
    written: usize,
    error: Option<io::Error>,
    /// JSON not yet written out (see [`Chunk`]).
    buf: Vec<u8>,
    /// A pretty chunk, indented before it is written.
    scratch: Vec<u8>,
}

impl<W: Write> JsonWriter<W> {
    /// A writer to `out`, indented as `serde_json::to_writer_pretty` does
    /// when `pretty`, on one line otherwise. Nothing is written before the
    /// first deliberation or [`JsonWriter::finish`].
    pub fn new(out: W, pretty: bool) -> Self {
        JsonWriter {
            out,
            pretty,
            written: 0,
            error: None,
            buf: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// How many deliberations were written.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Writes one deliberation of the document whose source is `source`;
    /// returns [`ControlFlow::Break`] once writing has failed, so that it
    /// can be handed to [`crate::Parser::parse_each`] as it is.
    pub fn deliberation(&mut self, source: &Source, d: &Deliberation) -> ControlFlow<()> {
        if self.error.is_none() {
            let r = if self.written == 0 {
                self.head(source)
            } else {
                self.out.write_all(if self.pretty { b",\n" } else { b"," })
            };
            if let Err(e) = r.and_then(|()| self.value(d, 2)) {
                self.error = Some(e);
            }
            self.written += 1;
        }
        match self.error {
            None => ControlFlow::Continue(()),
            Some(_) => ControlFlow::Break(()),
        }
    }

    /// Ends the document with what is left of it (its source and
    /// diagnostics; its `deliberations` are not read) and returns the
    /// output, or the first error met.
    pub fn finish(mut self, rest: &Document) -> io::Result<W> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if self.written == 0 {
            self.head(&rest.source)?;
            self.out.write_all(b"]")?;
        } else if self.pretty {
            self.out.write_all(b"\n  ]")?;
        } else {
            self.out.write_all(b"]")?;
        }
        self.key("diagnostics", true)?;
        self.value(&rest.diagnostics, 1)?;
        self.out
            .write_all(if self.pretty { b"\n}" } else { b"}" })?;
        Ok(self.out)
    }

    /// Everything before the first deliberation.
    fn head(&mut self, source: &Source) -> io::Result<()> {
        self.out.write_all(b"{")?;
        self.key("schema_version", false)?;
        self.value(&SCHEMA_VERSION, 1)?;
        self.key("source", true)?;
        self.value(source, 1)?;
        self.key("deliberations", true)?;
        self.out.write_all(b"[")
    }

    /// A key of the document's object, after a comma unless it is the first.
    fn key(&mut self, key: &str, comma: bool) -> io::Result<()> {
        if comma {
            self.out.write_all(b",")?;
        }
        if self.pretty {
            write!(self.out, "\n  \"{key}\": ")
        } else {
            write!(self.out, "\"{key}\":")
        }
    }

    /// `value` at nesting `depth`: pretty output indents every line but
    /// the first (JSON strings hold no raw newline, so every newline of
    /// serde_json's output is between tokens). A deliberation (depth 2)
    /// starts its own line.
    fn value<T: Serialize>(&mut self, value: &T, depth: usize) -> io::Result<()> {
        let indent: &'static [u8] = if self.pretty {
            &b"    "[..2 * depth]
        } else {
            b""
        };
        if self.pretty && depth == 2 {
            if self.written == 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(indent)?;
        }
        // serde_json writes token by token: a buffer of our own in front
        // takes them without a call through `W` (often a `dyn Write`) each,
        // and is written out every 64 KB rather than holding a whole
        // deliberation's JSON (a roll call of thousands of names is one
        // deliberation). It is kept from value to value: allocating it for
        // each would cost more than the writing on small documents.
        let mut chunk = Chunk {
            out: &mut self.out,
            indent,
            buf: &mut self.buf,
            scratch: &mut self.scratch,
        };
        let r = if self.pretty {
            serde_json::to_writer_pretty(&mut chunk, value)
        } else {
            serde_json::to_writer(&mut chunk, value)
        };
        let r = r.map_err(io::Error::from).and_then(|()| chunk.write_out());
        // Nothing of a value that failed is written after it.
        self.buf.clear();
        r
    }
}

/// Size at which [`Chunk`] writes its buffer out.
const CHUNK: usize = 1 << 16;

/// Buffers writes to `out`, with `indent` after every newline.
struct Chunk<'a, W: Write> {
    out: &'a mut W,
    indent: &'static [u8],
    buf: &'a mut Vec<u8>,
    /// The indented copy of `buf`, made before it is written at once.
    scratch: &'a mut Vec<u8>,
}

impl<W: Write> Chunk<'_, W> {
    fn write_out(&mut self) -> io::Result<()> {
        let r = if self.indent.is_empty() {
            self.out.write_all(self.buf)
        } else {
            self.scratch.clear();
            let mut from = 0;
            for nl in memchr::memchr_iter(b'\n', self.buf) {
                self.scratch.extend_from_slice(&self.buf[from..=nl]);
                self.scratch.extend_from_slice(self.indent);
                from = nl + 1;
            }
            self.scratch.extend_from_slice(&self.buf[from..]);
            self.out.write_all(self.scratch)
        };
        self.buf.clear();
        r
    }
}

impl<W: Write> Write for Chunk<'_, W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.write_out()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // `out` is flushed by its owner: this only passes chunks on.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Parser;

    fn streamed(text: &str, pretty: bool) -> Vec<u8> {
        let mut w = JsonWriter::new(Vec::new(), pretty);
        let rest = Parser::new()
            .parse_each(text.as_bytes().to_vec(), |s, d| w.deliberation(s, &d))
            .unwrap();
        w.finish(&rest).unwrap()
    }

    fn whole(text: &str, pretty: bool) -> Vec<u8> {
        let doc = Parser::new().parse_bytes(text.as_bytes()).unwrap();
        if pretty {
            serde_json::to_vec_pretty(&doc).unwrap()
        } else {
            serde_json::to_vec(&doc).unwrap()
        }
    }

    #[test]
    fn same_bytes_as_serde_json() {
        for text in [
            "",
            "   \n",
            "DELIBERATION N° 1\nDECIDE :\n",
            "DELIBERATION N° 1\nDECIDE :\nDELIBERATION N° 2\nDECIDE :\nArticle 1 : 12 €.\n",
            "Présents : M. Jean DUPOND\nIBAN : FR76 1234\nsans objet\n",
        ] {
            for pretty in [false, true] {
                let (a, b) = (streamed(text, pretty), whole(text, pretty));
                assert_eq!(
                    String::from_utf8_lossy(&a),
                    String::from_utf8_lossy(&b),
                    "{text:?} pretty={pretty}"
                );
            }
        }
    }

    /// A writer that fails after `n` bytes.
    #[derive(Debug)]
    struct Short(usize);

    impl Write for Short {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 < buf.len() {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_stops_the_parse_and_is_returned() {
        let text = "DELIBERATION N° 1\nDECIDE :\n".repeat(50);
        let mut w = JsonWriter::new(Short(2000), false);
        let mut seen = 0;
        let rest = Parser::new()
            .parse_each(text.into_bytes(), |s, d| {
                seen += 1;
                w.deliberation(s, &d)
            })
            .unwrap();
        assert!(seen < 50, "the parse went on after the error: {seen}");
        let e = w.finish(&rest).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    }
}
