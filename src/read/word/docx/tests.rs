//! Unit tests of the .docx reader on small hand-written packages (the
//! LibreOffice-made fixture is covered by the integration tests).

use super::*;
use crate::doc::{Block, Body, Format};
use crate::read::Limits;
use std::io::Write;

fn package(files: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
    )
}

fn read(bytes: &[u8]) -> Result<Extracted, ReadError> {
    DocxReader.read(&Input {
        bytes,
        path: "kent/reply.docx",
        format: Format::Docx,
        depth: 0,
        limits: Limits::default(),
    })
}

fn body(ex: &Extracted, name: &str) -> Body {
    ex.parts
        .iter()
        .find_map(|p| match p {
            Part::Body(b) if b.name == name => Some(b.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no body {name}"))
}

fn texts(b: &Body) -> Vec<String> {
    b.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.clone()),
            Block::Table(_) => None,
        })
        .collect()
}

#[test]
fn revisions_fields_symbols_and_breaks() {
    let xml = document(
        r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Answer</w:t></w:r></w:p>
        <w:p><w:r><w:t xml:space="preserve">Total </w:t></w:r><w:del w:id="1"><w:r><w:delText>398</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>511</w:t></w:r></w:ins></w:p>
        <w:p><w:r><w:t>Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
        <w:p><w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:tab/><w:t>Kent &amp; Medway</w:t><w:br/><w:t>line two</w:t></w:r></w:p>
        <w:p><w:r><mc:AlternateContent><mc:Choice><w:t>shown</w:t></mc:Choice><mc:Fallback><w:t>fallback</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
    );
    let ex = read(&package(&[("word/document.xml", &xml)])).unwrap();
    let doc = body(&ex, "document");
    assert_eq!(
        texts(&doc),
        [
            "Answer",
            "Total 511",
            "Page 3",
            "•\tKent & Medway\nline two",
            "shown"
        ]
    );
    let Block::Paragraph(h) = &doc.blocks[0] else {
        panic!()
    };
    assert_eq!(h.heading, Some(2));
    assert_eq!(h.prov.part.as_deref(), Some("document"));
    let Block::Paragraph(p) = &doc.blocks[3] else {
        panic!()
    };
    assert_eq!(p.prov.paragraph, Some(3));
    assert_eq!(p.heading, None);
}

#[test]
fn spans_nested_tables_and_side_parts() {
    let cell = |t: &str, pr: &str| {
        format!("<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>")
    };
    let inner = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        cell("x", ""),
        cell("y", "")
    );
    let xml = document(&format!(
        "<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}<w:tc><w:p><w:r><w:t>n</w:t></w:r></w:p>{inner}</w:tc>{}</w:tr></w:tbl><w:p><w:r><w:t>after</w:t></w:r></w:p>",
        cell("Period", r#"<w:vMerge w:val="restart"/>"#),
        cell("Single", r#"<w:gridSpan w:val="2"/>"#),
        cell("", "<w:vMerge/>"),
        cell("113", ""),
        cell("398", ""),
        cell("2019", ""),
        cell("7", ""),
    ));
    let header =
        r#"<w:hdr xmlns:w="w"><w:p><w:r><w:t>Our reference: FOI/123/20</w:t></w:r></w:p></w:hdr>"#;
    let notes = r#"<w:footnotes xmlns:w="w"><w:footnote w:type="separator"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote><w:p><w:r><w:t>Note one.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
    let ex = read(&package(&[
        ("word/document.xml", &xml),
        ("word/header2.xml", header),
        ("word/header1.xml", header),
        ("word/footnotes.xml", notes),
    ]))
    .unwrap();
    let doc = body(&ex, "document");
    let Block::Table(t) = &doc.blocks[0] else {
        panic!("table first")
    };
    assert_eq!(
        t.rows_text(),
        [
            ["Period", "Single", "Single"],
            ["Period", "113", "398"],
            ["2019", "n\nx\ty", "7"]
        ]
    );
    assert_eq!(t.header_rows, 1);
    assert_eq!(t.cell(0, 0).unwrap().row_span, 2);
    assert!(t.cell(1, 0).unwrap().merged_from.is_some());
    assert_eq!(t.cell(0, 1).unwrap().col_span, 2);
    let Block::Table(inner) = &doc.blocks[1] else {
        panic!("inner table second")
    };
    assert_eq!(inner.rows_text(), [["x", "y"]]);
    assert_eq!(inner.cell(0, 1).unwrap().prov.table, Some(2));
    assert_eq!(texts(&doc), ["after"]);
    assert_eq!(texts(&body(&ex, "header")), ["Our reference: FOI/123/20"]);
    assert_eq!(texts(&body(&ex, "footnotes")), ["Note one."]);
}

#[test]
fn damaged_packages_are_corrupt() {
    assert!(matches!(
        read(b"PK\x03\x04 truncated"),
        Err(ReadError::Corrupt(_))
    ));
    let no_main = package(&[("word/styles.xml", "<w:styles/>")]);
    assert!(matches!(read(&no_main), Err(ReadError::Corrupt(_))));
    let bad_xml = package(&[("word/document.xml", "<w:document><w:body></w:p>")]);
    assert!(matches!(read(&bad_xml), Err(ReadError::Corrupt(_))));
}

#[test]
fn word_idioms_are_transparent() {
    // Markup Microsoft Word writes around runs: content controls, smart
    // tags, hyperlinks, bookmarks, proofing marks, simple fields, and a
    // text box inside a drawing.
    let xml = document(
        r#"<w:p w:rsidR="00AB12"><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="q1"/>
        <w:sdt><w:sdtPr><w:alias w:val="Ref"/><w:placeholder><w:docPart w:val="X"/></w:placeholder></w:sdtPr>
        <w:sdtContent><w:r><w:t>FOI/123/20</w:t></w:r></w:sdtContent></w:sdt>
        <w:smartTag w:uri="u" w:element="place"><w:r><w:t xml:space="preserve"> Kent</w:t></w:r></w:smartTag>
        <w:hyperlink r:id="rId5" xmlns:r="r"><w:r><w:t xml:space="preserve"> link</w:t></w:r></w:hyperlink>
        <w:fldSimple w:instr=" DATE \@ &quot;d MMMM yyyy&quot; "><w:r><w:t xml:space="preserve"> 14 July 2020</w:t></w:r></w:fldSimple>
        <w:bookmarkEnd w:id="0"/><w:r><w:lastRenderedPageBreak/><w:t>.</w:t></w:r></w:p>
        <w:p><w:r><w:t>Before box</w:t></w:r><w:r><w:drawing><wp:anchor xmlns:wp="wp"><wp:docPr descr="logo"/><a:graphic xmlns:a="a"><a:graphicData><wps:wsp xmlns:wps="wps"><wps:txbx><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"#,
    );
    let ex = read(&package(&[("word/document.xml", &xml)])).unwrap();
    assert_eq!(
        texts(&body(&ex, "document")),
        ["FOI/123/20 Kent link 14 July 2020.", "Before box\nBoxed"]
    );
}
