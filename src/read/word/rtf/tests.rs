//! Unit tests of the RTF interpreter on small hand-written documents (the
//! LibreOffice-made fixture is covered by the integration tests).

use super::*;
use crate::doc::{Block, Body, Format};
use crate::read::Limits;

fn read(rtf: &[u8]) -> Result<Vec<Body>, ReadError> {
    let ex = RtfReader.read(&Input {
        bytes: rtf,
        path: "reply.rtf",
        format: Format::Rtf,
        depth: 0,
        limits: Limits::default(),
    })?;
    Ok(ex
        .parts
        .into_iter()
        .filter_map(|p| match p {
            Part::Body(b) => Some(b),
            _ => None,
        })
        .collect())
}

fn paragraphs(b: &Body) -> Vec<(String, Option<u8>)> {
    b.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some((p.text.clone(), p.heading)),
            Block::Table(_) => None,
        })
        .collect()
}

#[test]
fn code_pages_unicode_destinations_and_styles() {
    let rtf = br"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}{\colortbl;\red0;}
{\stylesheet{\s0 Normal;}{\s1\sbasedon0 heading 1;}{\*\cs10 Default;}}
{\info{\title Secret title}}{\*\generator Word;}
{\header\pard Ref FOI/123/20\par}
\pard\s1 Reply\par
\pard Cost \'a3450\tab total\line next {\field{\*\fldinst PAGE}{\fldrslt 4}}\par
\pard\uc1 dash \u8211\'96 and \u-10179?\u-8704? end{\*\unknown hidden}\par
\pard Note{\super\chftn{\*\footnote\pard foot text}} here\par
}trailing";
    let bodies = read(rtf).unwrap();
    assert_eq!(
        paragraphs(&bodies[0]),
        [
            ("Reply".to_string(), Some(1)),
            ("Cost £450\ttotal\nnext 4".to_string(), None),
            ("dash – and \u{1F600} end".to_string(), None),
            ("Note here".to_string(), None),
        ]
    );
    assert_eq!(bodies[1].name, "header");
    assert_eq!(
        paragraphs(&bodies[1]),
        [("Ref FOI/123/20".to_string(), None)]
    );
    assert_eq!(bodies[2].name, "footnotes");
    assert_eq!(paragraphs(&bodies[2]), [("foot text".to_string(), None)]);
}

#[test]
fn tables_with_edges_and_merges() {
    // Row 1: a cell two grid columns wide (as LibreOffice writes a merge)
    // and a vertical merge start; row 2: its continuation.
    let rtf = br"{\rtf1\ansi
\pard Before\par
\trowd\trhdr\clvmgf\cellx1000\cellx3000\cellx4000\pard\intbl Period\cell Single\cell All\cell\row
\trowd\clvmrg\cellx1000\cellx2000\cellx3000\cellx4000\pard\intbl\cell 113\cell 398\cell 511\cell\row
\pard After\par}";
    let bodies = read(rtf).unwrap();
    let doc = &bodies[0];
    assert_eq!(
        paragraphs(doc),
        [("Before".to_string(), None), ("After".to_string(), None)]
    );
    let Block::Table(t) = &doc.blocks[1] else {
        panic!("table between the paragraphs")
    };
    assert_eq!(
        t.rows_text(),
        [
            ["Period", "Single", "Single", "All"],
            ["Period", "113", "398", "511"]
        ]
    );
    assert_eq!(t.cell(0, 1).unwrap().col_span, 2);
    assert_eq!(t.cell(0, 0).unwrap().row_span, 2);
    assert_eq!(t.header_rows, 1);
}

#[test]
fn hostile_input_is_bounded() {
    let mut deep = b"{\\rtf1 ".to_vec();
    deep.extend(std::iter::repeat_n(b'{', 200_000));
    deep.extend(b"x");
    assert!(read(&deep).is_ok());
    assert!(read(b"{\\rtf1 \\bin999999999 ab}").is_ok());
    assert!(matches!(read(b"not rtf"), Err(ReadError::Corrupt(_))));
}

#[test]
fn nested_tables_list_numbers_and_text_boxes() {
    let rtf = br"{\rtf1\ansi
\trowd\cellx2000\cellx6000\pard\intbl Kent\cell
\pard\intbl\itap2 IC1\nestcell 412\nestcell{\*\nesttableprops\trowd\cellx1000\cellx2000\nestrow}{\nonesttables\par}
\pard\intbl\itap2 IC3\nestcell 61\nestcell{\*\nesttableprops\trowd\cellx1000\cellx2000\nestrow}{\nonesttables\par}
\pard\intbl\cell\row
\pard{\listtext\pard\plain 1.\tab}Does the force hold data? Yes.\par
\pard{\listtext\pard\plain \u8226\'95\tab}A bullet\par
\pard Letter {\shp{\*\shpinst{\sp{\sn shapeType}{\sv 202}}{\shptxt Boxed ref\par}}{\shprslt fallback}}\par}";
    let bodies = read(rtf).unwrap();
    let doc = &bodies[0];
    let tables: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect();
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[0].rows_text(), [["Kent", "IC1\t412\nIC3\t61"]]);
    assert_eq!(tables[1].rows_text(), [["IC1", "412"], ["IC3", "61"]]);
    assert_eq!(
        paragraphs(doc),
        [
            ("1. Does the force hold data? Yes.".to_string(), None),
            ("A bullet".to_string(), None),
            ("Letter Boxed ref".to_string(), None),
        ]
    );
}
