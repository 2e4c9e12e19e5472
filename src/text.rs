//! The clean text every extractor reads, and the way from its offsets to
//! [`Span`]s in the original input.

use crate::model::Span;
use crate::offsets::OffsetMap;

/// Normalized text with the maps back to the original bytes.
#[derive(Debug)]
pub struct Text<'a> {
    /// The normalized text.
    pub s: &'a str,
    norm: &'a OffsetMap,
    decode: &'a OffsetMap,
    /// Byte offsets (in the decoded text) where each line starts.
    line_starts: Vec<usize>,
}

impl<'a> Text<'a> {
    /// Wraps normalized text `s`, made from `decoded` through `norm`, itself
    /// decoded from the input through `decode`.
    pub fn new(s: &'a str, norm: &'a OffsetMap, decoded: &str, decode: &'a OffsetMap) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', decoded.as_bytes()).map(|i| i + 1));
        Text {
            s,
            norm,
            decode,
            line_starts,
        }
    }

    /// The span in the original input of `self.s[start..end]`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let end = end.max(start);
        let ds = self.norm.to_source(start);
        let de = if end == start {
            ds
        } else {
            self.norm.to_source_end(end)
        };
        let line = self.line_starts.partition_point(|&l| l <= ds);
        Span {
            start: self.decode.to_source(ds),
            end: if de == ds {
                self.decode.to_source(ds)
            } else {
                self.decode.to_source_end(de)
            },
            line,
        }
    }

    /// The span of a sub-slice of `self.s`.
    pub fn span_of(&self, sub: &str) -> Span {
        let start = sub.as_ptr() as usize - self.s.as_ptr() as usize;
        self.span(start, start + sub.len())
    }

    /// Offset of a sub-slice of `self.s`.
    pub fn offset_of(&self, sub: &str) -> usize {
        sub.as_ptr() as usize - self.s.as_ptr() as usize
    }
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Trims whitespace and returns the trimmed range within `s` as offsets.
pub fn trim_range(s: &str, start: usize, end: usize) -> (usize, usize) {
    let sub = &s[start..end];
    let lead = sub.len() - sub.trim_start().len();
    let trail = sub.len() - sub.trim_end().len();
    if lead == sub.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}
