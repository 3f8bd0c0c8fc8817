//! Reading source files: bytes → validated UTF-8 text, with errors that name the file and byte.
//!
//! Owns the checks every source file passes before parsing (exists, not a directory, not
//! binary, UTF-8, not empty). Does not parse markup.

use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a source file cannot be read as text.
#[derive(Debug, Error)]
pub enum ReadError {
    /// The path does not exist or cannot be opened.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file has no content (or only whitespace).
    #[error("{path}: file is empty")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file holds a NUL byte: binary data, or UTF-16.
    #[error("{path}: binary file: NUL byte (at byte {offset}, line {line}){hint}")]
    Binary {
        /// The file.
        path: PathBuf,
        /// Offset of the first NUL byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// Extra advice (UTF-16 detected).
        hint: &'static str,
    },
    /// The file is not valid UTF-8.
    #[error("{path}: not valid UTF-8 (at byte {offset}, line {line}); convert the file to UTF-8")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
    },
}

/// A source file read into memory and validated.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given.
    pub path: PathBuf,
    /// The whole file as text (a UTF-8 byte order mark, if any, is kept: offsets are the file's).
    pub text: String,
}

/// Reads `path` and checks that it is non-empty UTF-8 text.
pub fn read_source(path: &Path) -> Result<Source, ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = decode(path, bytes)?;
    Ok(Source {
        path: path.to_path_buf(),
        text,
    })
}

/// Validates bytes that claim to be a text file named `path`.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, ReadError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        return Err(ReadError::Binary {
            path: path.to_path_buf(),
            offset,
            line: line_at(&bytes, offset),
            hint: if utf16 {
                "; it looks like UTF-16: convert it to UTF-8"
            } else {
                ""
            },
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = line_at(e.as_bytes(), offset);
        ReadError::NotUtf8 {
            path: path.to_path_buf(),
            offset,
            line,
        }
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ReadError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(text)
}

/// The 1-based line of byte `offset` of `bytes`.
fn line_at(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> String {
        decode(Path::new("x.txt"), bytes.to_vec())
            .expect_err("should fail")
            .to_string()
    }

    #[test]
    fn reports_invalid_utf8_offset_and_line() {
        assert_eq!(
            err(b"ab\ncd\xff"),
            "x.txt: not valid UTF-8 (at byte 5, line 2); convert the file to UTF-8"
        );
    }

    #[test]
    fn reports_binary_and_utf16() {
        assert_eq!(
            err(b"PK\x03\x04\n\x00\x00"),
            "x.txt: binary file: NUL byte (at byte 5, line 2)"
        );
        assert!(err(b"\xff\xfea\x00").contains("UTF-16"));
    }

    #[test]
    fn reports_empty() {
        assert_eq!(err(b""), "x.txt: file is empty");
        assert_eq!(err(b" \n\n\t"), "x.txt: file is empty");
    }

    #[test]
    fn accepts_text() {
        assert_eq!(
            decode(Path::new("x"), "平壤".as_bytes().to_vec()).ok(),
            Some("平壤".into())
        );
    }
}
