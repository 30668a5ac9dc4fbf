//! Loading a PDF with lopdf (pdf-extract's re-export): decryption with the
//! empty user password, and every failure mapped to a [`ReadError`].

use crate::read::ReadError;
use pdf_extract::encryption::DecryptionError;
use pdf_extract::{Document, Error as PdfError};

/// Parse `bytes` into a document ready for extraction. A file protected by
/// an owner password only (empty user password) opens normally; one that
/// needs a real user password gives [`ReadError::Password`].
pub fn load(bytes: &[u8]) -> Result<Document, ReadError> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(ReadError::Corrupt("no %PDF header".into()));
    }
    let mut doc = Document::load_mem(bytes).map_err(|e| map_error(&e))?;
    // lopdf tries the empty password while loading; a document that is still
    // encrypted afterwards needs a password we do not have.
    if doc.is_encrypted() {
        doc.decrypt("").map_err(|e| match map_error(&e) {
            ReadError::Corrupt(_) => ReadError::Password,
            other => other,
        })?;
    }
    if doc.get_pages().is_empty() {
        return Err(ReadError::Corrupt("no pages found".into()));
    }
    Ok(doc)
}

/// One short reason for a lopdf failure.
fn map_error(e: &PdfError) -> ReadError {
    match e {
        PdfError::InvalidPassword | PdfError::Decryption(DecryptionError::IncorrectPassword) => {
            ReadError::Password
        }
        PdfError::Decryption(d) => ReadError::Corrupt(format!("cannot decrypt: {d}")),
        PdfError::Parse(p) => ReadError::Corrupt(format!("cannot parse: {p}")),
        PdfError::Xref(x) => ReadError::Corrupt(format!("broken cross-reference table: {x}")),
        PdfError::IO(io) => ReadError::Corrupt(io.to_string()),
        other => ReadError::Corrupt(other.to_string()),
    }
}
