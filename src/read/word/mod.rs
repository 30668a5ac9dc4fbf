//! Word-processor formats: .docx, .odt, legacy .doc, .rtf. Each reader walks
//! its source in reading order and feeds a [`flow::Flow`], which builds the
//! `Body` parts (paragraphs and tables with provenance); the HTML reader
//! shares it.

pub mod doc;
pub mod docx;
mod edge_table;
pub mod flow;
pub mod numbering;
pub mod odt;
mod package;
pub mod rtf;
