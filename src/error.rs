//! Errors. Text never fails to parse (what cannot be read becomes `null`
//! plus a diagnostic); only bytes that are not text are refused.

/// Why bytes could not be decoded as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input is a PDF file.
    #[error(
        "expected text, found a PDF file: extract its text first (for example `pdftotext -layout file.pdf file.txt`)"
    )]
    Pdf,
    /// The input holds binary data (NUL bytes, control characters).
    #[error("expected text, found binary data near byte {offset}")]
    Binary {
        /// Byte offset of the first suspicious byte.
        offset: usize,
    },
    /// A UTF-8 byte order mark is followed by invalid UTF-8.
    #[error("expected UTF-8 after the byte order mark, found an invalid sequence at byte {offset}")]
    InvalidUtf8 {
        /// Byte offset of the invalid sequence.
        offset: usize,
    },
    /// UTF-16 input with an odd number of bytes.
    #[error(
        "expected UTF-16 after the byte order mark, found an odd number of bytes (truncated file?)"
    )]
    TruncatedUtf16,
    /// UTF-16 input with an unpaired surrogate.
    #[error(
        "expected UTF-16 after the byte order mark, found an unpaired surrogate at byte {offset}"
    )]
    InvalidUtf16 {
        /// Byte offset of the surrogate.
        offset: usize,
    },
}

/// Why an input could not be parsed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not text in a supported encoding.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The input is larger than the configured limit.
    #[error("input of {size} bytes is larger than the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input.
        size: u64,
        /// The limit set with [`crate::Parser::max_bytes`].
        limit: u64,
    },
}
