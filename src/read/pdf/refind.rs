//! Finding a PDF's tables again with other settings (a force's
//! `[pdf_table]` rules): the tables the reader found go back to text, and
//! the finder runs again on the page as the reader left it. The batch does
//! this after files are assigned to forces and before mapping, so mapping
//! only ever sees documents.

use super::table::{find_tables, TableSettings};
use crate::doc::{Block, Document, Page, Paragraph, Part, Prov};

/// The document with its PDF tables found again with `settings`. A
/// document held without its page layout keeps the tables it has: there
/// is nothing to find them again in.
pub fn refind_tables(doc: &Document, settings: &TableSettings) -> Document {
    let mut d = doc.clone();
    let has_layout = d.parts.iter().any(|p| match p {
        Part::Page(p) => !p.words.is_empty(),
        _ => false,
    });
    if !has_layout {
        return d;
    }
    let mut pages: Vec<Page> = Vec::new();
    for part in &d.parts {
        if let Part::Page(p) = part {
            let mut p = p.clone();
            p.blocks = p.blocks.into_iter().flat_map(table_back_to_text).collect();
            pages.push(p);
        }
    }
    let pages = find_tables(pages, settings, &doc.source.path);
    let mut it = pages.into_iter();
    for part in d.parts.iter_mut() {
        if let Part::Page(p) = part {
            if let Some(np) = it.next() {
                *p = np;
            }
        }
    }
    d
}

/// A table as the text it was found in: one paragraph per row (its
/// distinct cell texts), boxed where the row's cells were.
fn table_back_to_text(block: Block) -> Vec<Block> {
    let Block::Table(t) = block else {
        return vec![block];
    };
    (0..t.n_rows)
        .filter_map(|r| {
            let texts = t.row_distinct(r);
            if texts.is_empty() {
                return None;
            }
            let bbox = (0..t.n_cols)
                .filter_map(|c| t.cell(r, c).and_then(|x| x.prov.bbox))
                .reduce(|a, b| {
                    [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ]
                });
            let prov = Prov {
                bbox,
                row: None,
                col: None,
                table: None,
                ..t.prov.clone()
            };
            Some(Block::Paragraph(Paragraph {
                text: texts.join(" "),
                heading: None,
                prov,
            }))
        })
        .collect()
}
