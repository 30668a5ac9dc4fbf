//! PDF table finding (being written): lattice tables from ruling lines,
//! stream tables from aligned words, tables continued across pages.

use crate::doc::Page;
use serde::{Deserialize, Serialize};

/// Every tolerance of table finding, named and defaulted in one place.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TableSettings {}

/// Find tables on `pages` and put them into each page's `blocks` in reading
/// order, replacing the paragraphs whose text they hold. `file` is the
/// logical path used for provenance.
pub fn find_tables(pages: &mut [Page], settings: &TableSettings, file: &str) {
    let _ = (pages, settings, file);
}
