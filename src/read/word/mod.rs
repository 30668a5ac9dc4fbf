//! Word-processor formats: .docx, .odt, legacy .doc, .rtf. Each reader walks
//! its source in reading order and feeds a [`flow::Flow`], which builds the
//! `Body` parts (paragraphs and tables with provenance); the HTML reader
//! shares it. Every reader gives the same bodies: `document`, then, where
//! the file has them, `header`, `footer`, `footnotes` (endnotes included)
//! and, for .doc, `text boxes`. Automatic list numbers are rendered in
//! front of their paragraphs ([`numbering`]); nested tables flow into
//! their cell as text and also follow their outer table as tables.

pub mod doc;
pub mod docx;
mod edge_table;
mod fields;
pub mod flow;
pub mod numbering;
pub mod odt;
mod package;
pub mod rtf;
