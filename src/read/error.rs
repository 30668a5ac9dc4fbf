//! Why a file could not be read, as a type; each variant maps to one status
//! and a one-line message a volunteer can act on.

use thiserror::Error;

/// A reader's failure. The `Display` text is the one-line reason.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadError {
    #[error("needs a password")]
    Password,
    #[error("corrupt or truncated: {0}")]
    Corrupt(String),
    #[error("no text layer (scanned image)")]
    NoTextLayer,
    #[error("image file ({0})")]
    Image(String),
    #[error("empty file (0 bytes)")]
    Empty,
    #[error("{0}")]
    Unsupported(String),
    #[error("{what} limit exceeded: {found} > {max}")]
    LimitExceeded { what: String, found: u64, max: u64 },
    #[error("i/o error: {0}")]
    Io(String),
    #[error("permission denied")]
    PermissionDenied,
}

/// The status column of `files.csv`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Unreadable,
    Unsupported,
    Error,
    Skipped,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Unreadable => "unreadable",
            Status::Unsupported => "unsupported",
            Status::Error => "error",
            Status::Skipped => "skipped",
        }
    }
}

impl ReadError {
    /// The status this error gives the file.
    pub fn status(&self) -> Status {
        match self {
            ReadError::Password
            | ReadError::Corrupt(_)
            | ReadError::NoTextLayer
            | ReadError::Image(_)
            | ReadError::Empty
            | ReadError::PermissionDenied => Status::Unreadable,
            ReadError::Unsupported(_) => Status::Unsupported,
            ReadError::LimitExceeded { .. } | ReadError::Io(_) => Status::Error,
        }
    }

    /// The message column: `unreadable: needs a password`,
    /// `unsupported: pptx`...
    pub fn message(&self) -> String {
        format!("{}: {}", self.status().name(), self)
    }

    /// Shorthand for a corrupt-file error from any displayable cause.
    pub fn corrupt(cause: impl std::fmt::Display) -> Self {
        ReadError::Corrupt(cause.to_string())
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::InvalidData => {
                ReadError::Corrupt(e.to_string())
            }
            _ => ReadError::Io(e.to_string()),
        }
    }
}
