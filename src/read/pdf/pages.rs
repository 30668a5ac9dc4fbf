//! The page list, walked from the catalog here rather than by lopdf: each
//! node of the page tree is entered once, so a tree whose `/Kids` lead back
//! to an ancestor (a loop) still gives each of its pages once, as poppler
//! reads it, instead of the same page again and again or none at all.

use pdf_extract::{Document, Object, ObjectId};
use std::collections::HashSet;

/// Most pages listed: far more than any real reply, and a bound on a tree
/// built to be huge.
const MAX_PAGES: usize = 100_000;

/// The document's pages in reading order, each once.
pub(crate) fn page_ids(doc: &Document) -> Vec<ObjectId> {
    let Some(root) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok())
    else {
        return Vec::new();
    };
    let mut pages = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) || pages.len() >= MAX_PAGES {
            continue;
        }
        let Ok(node) = doc.get_dictionary(id) else {
            continue;
        };
        let kids = node
            .get(b"Kids")
            .ok()
            .and_then(|k| doc.dereference(k).ok())
            .and_then(|(_, k)| k.as_array().ok());
        let is_page = node
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|t| t == b"Page");
        match kids {
            Some(kids) if !is_page => {
                // Pushed in reverse so the first kid is read first.
                stack.extend(kids.iter().rev().filter_map(|k| k.as_reference().ok()));
            }
            _ => pages.push(id),
        }
    }
    pages
}
