//! Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, and
//! Windows-1252 for the legacy files that office suites still write.
//!
//! Binary input (a PDF given by mistake, an image, random bytes) is an
//! error, not text full of replacement characters.

use std::borrow::Cow;

use crate::error::DecodeError;
use crate::offsets::OffsetMap;

/// The encoding an input was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a BOM, if any, is skipped).
    Utf8,
    /// UTF-16, little-endian, with BOM.
    Utf16Le,
    /// UTF-16, big-endian, with BOM.
    Utf16Be,
    /// Windows-1252 (a superset of ISO-8859-1 for printable text).
    Windows1252,
}

impl Encoding {
    /// The name written in `source.encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// Decoded text with the way back to the original bytes.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// The encoding it came from.
    pub encoding: Encoding,
    /// Maps byte offsets of `text` to byte offsets of the input.
    pub map: OffsetMap,
}

/// Decodes `bytes`, choosing the encoding by BOM, then UTF-8 validity, then
/// Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if bytes.starts_with(b"%PDF") {
        return Err(DecodeError::Pdf);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = from_utf8(rest).map_err(|e| DecodeError::InvalidUtf8 {
            offset: 3 + e.valid_up_to(),
        })?;
        check_text(text)?;
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: Encoding::Utf8,
            map: OffsetMap::shifted(3),
        });
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return decode_utf16(bytes);
    }
    match from_utf8(bytes) {
        Ok(text) => {
            check_text(text)?;
            Ok(Decoded {
                text: Cow::Borrowed(text),
                encoding: Encoding::Utf8,
                map: OffsetMap::identity(),
            })
        }
        Err(e) => {
            // Bytes that are neither UTF-8 nor plausible Windows-1252 text.
            if looks_binary(bytes, true) {
                return Err(DecodeError::Binary {
                    offset: e.valid_up_to(),
                });
            }
            decode_single_byte(bytes)
        }
    }
}

/// `std::str::from_utf8`, validated by `simdutf8` (several times faster on
/// text, with SIMD chosen at run time); the error, with its offset, comes
/// from std, asked only when the bytes are not UTF-8.
fn from_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

/// Control characters other than whitespace are rare in text and common in
/// binary files; NUL never occurs in text.
fn looks_binary(bytes: &[u8], single_byte: bool) -> bool {
    // Most text has no control character but line breaks, tabs and form
    // feeds (pdftotext's page breaks), and then neither NUL nor anything
    // to count: one cheap pass settles it.
    if !single_byte && !may_have_controls(bytes) {
        return false;
    }
    if memchr::memchr(0, bytes).is_some() {
        return true;
    }
    // Branch-free, so that it vectorizes: this looks at every input byte.
    // Counted in bytes over chunks of 255 bytes (no count overflows), which
    // keeps sixteen counters in a vector register.
    let controls: usize = bytes
        .chunks(255)
        .map(|chunk| {
            chunk.iter().fold(0u8, |n, &b| {
                let allowed = (b == b'\n') | (b == b'\r') | (b == b'\t') | (b == 0x0c);
                n.wrapping_add(u8::from((b < 0x20) & !allowed))
            }) as usize
        })
        .sum();
    // Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D undefined; in UTF-8
    // they are ordinary continuation bytes, so they count only for bytes
    // that are not UTF-8.
    let undefined = if single_byte {
        bytes
            .iter()
            .filter(|&&b| matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d))
            .count()
    } else {
        0
    };
    controls + undefined > bytes.len() / 200 + 1
}

/// Whether `bytes` holds a control character other than a line break, a
/// tab, a carriage return or a form feed (NUL included): `false` rules out
/// what [`looks_binary`] counts. Sixty-four bytes at a time, without
/// branches inside, so that the compiler vectorizes it.
fn may_have_controls(bytes: &[u8]) -> bool {
    // Below 0x20, all but 0x09, 0x0A, 0x0C and 0x0D.
    let control = |b: u8| (b < 0x09) | (b == 0x0b) | (b.wrapping_sub(0x0e) < 0x12);
    // Most chunks have no byte below 0x20 but line breaks: told by a test
    // that costs half as much, and the exact one is left to the others
    // (tabs, carriage returns, form feeds).
    let rare = |b: u8| (b < 0x20) & (b != b'\n');
    let mut chunks = bytes.chunks_exact(64);
    chunks.by_ref().any(|c| {
        c.iter().fold(false, |a, &b| a | rare(b)) && c.iter().fold(false, |a, &b| a | control(b))
    }) || chunks.remainder().iter().any(|&b| control(b))
}

fn check_text(text: &str) -> Result<(), DecodeError> {
    if looks_binary(text.as_bytes(), false) {
        let offset = text
            .bytes()
            .position(|b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
            .unwrap_or(0);
        return Err(DecodeError::Binary { offset });
    }
    Ok(())
}

fn decode_single_byte(bytes: &[u8]) -> Result<Decoded<'static>, DecodeError> {
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    let text = text.into_owned();
    // One input byte per character: anchor at each character that takes more
    // than one byte in UTF-8.
    let mut map = OffsetMap::builder();
    let mut src = 0usize;
    for (i, c) in text.char_indices() {
        if !c.is_ascii() {
            map.replaced(i, src, i + c.len_utf8(), src + 1);
        }
        src += 1;
    }
    let len = text.len();
    Ok(Decoded {
        text: Cow::Owned(text),
        encoding: Encoding::Windows1252,
        map: map.finish(len, src),
    })
}

fn decode_utf16(bytes: &[u8]) -> Result<Decoded<'static>, DecodeError> {
    let le = bytes.starts_with(b"\xFF\xFE");
    let body = &bytes[2..];
    if body.len() % 2 != 0 {
        return Err(DecodeError::TruncatedUtf16);
    }
    let units = body.chunks_exact(2).map(|p| {
        if le {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    let mut map = OffsetMap::builder();
    let mut src = 2usize;
    for r in char::decode_utf16(units) {
        let c = r.map_err(|_| DecodeError::InvalidUtf16 { offset: src })?;
        let units = c.len_utf16() * 2;
        if c.is_ascii() {
            map.wide(text.len(), src, 1);
        } else {
            map.replaced(text.len(), src, text.len() + c.len_utf8(), src + units);
        }
        text.push(c);
        src += units;
    }
    check_text(&text)?;
    let len = text.len();
    Ok(Decoded {
        text: Cow::Owned(text),
        encoding: if le {
            Encoding::Utf16Le
        } else {
            Encoding::Utf16Be
        },
        map: map.finish(len, src),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("Réunion".as_bytes()).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.text, "Réunion");
        let d = decode(b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!(d.text, "abc");
        assert_eq!(d.map.to_source(1), 4);
    }

    #[test]
    fn windows_1252() {
        let d = decode(b"R\xe9union du 20 mars \x80").unwrap();
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!(d.text, "Réunion du 20 mars €");
        // « u » after « é » is byte 2 in the input, byte 3 in the text.
        assert_eq!(d.map.to_source(3), 2);
        assert_eq!(d.map.to_source(d.text.len()), 20);
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Vu le ».".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, Encoding::Utf16Le);
        assert_eq!(d.text, "Vu le ».");
        assert_eq!(d.map.to_source(3), 2 + 6);
    }

    #[test]
    fn utf8_full_of_four_byte_characters_is_text() {
        let s = "Musique 𝄞𝄞𝄞𝄞 et emoji 😀😀😀😀😀 à l'ordre du jour\n".repeat(20);
        let d = decode(s.as_bytes()).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    /// What `looks_binary` was before its quick check.
    fn looks_binary_counted(bytes: &[u8], single_byte: bool) -> bool {
        if bytes.contains(&0) {
            return true;
        }
        let controls = bytes
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
            .count();
        let undefined = if single_byte {
            bytes
                .iter()
                .filter(|&&b| matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d))
                .count()
        } else {
            0
        };
        controls + undefined > bytes.len() / 200 + 1
    }

    #[test]
    fn the_quick_check_keeps_the_count() {
        let mut next = crate::text::xorshift(7);
        for _ in 0..2000 {
            let len = (next() % 700) as usize;
            // Mostly letters, line breaks and form feeds; sometimes a few
            // other control characters, NULs or Windows-1252 holes.
            let rare = next() % 4;
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next() % 64 {
                    0 if rare > 0 => (next() % 0x20) as u8,
                    1 if rare > 1 => [b'\t', b'\r', 0x81][(next() % 3) as usize],
                    2..=5 => b'\n',
                    6 => 0x0c,
                    _ => b'a',
                })
                .collect();
            for single_byte in [false, true] {
                assert_eq!(
                    looks_binary(&bytes, single_byte),
                    looks_binary_counted(&bytes, single_byte),
                    "{bytes:?}"
                );
            }
        }
    }

    #[test]
    fn binary_and_pdf_are_refused() {
        assert!(matches!(decode(b"%PDF-1.7\n..."), Err(DecodeError::Pdf)));
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert!(matches!(decode(&noise), Err(DecodeError::Binary { .. })));
    }
}
