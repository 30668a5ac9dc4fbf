//! Word-processor formats: .docx, .odt, legacy .doc, .rtf.

pub mod doc;
pub mod docx;
pub mod odt;
pub mod rtf;
