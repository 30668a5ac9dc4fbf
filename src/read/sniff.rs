//! Format detection by content: magic bytes, then what a container holds,
//! then (for plain text only) the shape of the text. The extension is only a
//! tie-breaker, never the decider: a `.pdf` that is really a PNG is a PNG.

use crate::doc::Format;
use std::io::Cursor;

/// Magic of OLE2 compound files (.doc, .xls, .msg, encrypted OOXML).
pub const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Magic of TNEF (`winmail.dat`) streams, little-endian 0x223E9F78.
pub const TNEF_MAGIC: &[u8] = b"\x78\x9F\x3E\x22";

/// Detect the format of a file from its bytes; `path` breaks ties only.
pub fn detect(bytes: &[u8], path: &str) -> Format {
    if bytes.is_empty() {
        return Format::Empty;
    }
    let ext = extension(path);
    let head = &bytes[..bytes.len().min(1024)];
    // Containers whose magic is at offset 0 come before the PDF search:
    // a stored PDF inside a zip, TNEF or OLE file can show `%PDF-` in the
    // first kilobyte.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_format(bytes, &ext);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return ole_format(bytes, &ext);
    }
    if bytes.starts_with(TNEF_MAGIC) {
        return Format::Tnef;
    }
    if find(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if let Some(f) = image_format(bytes) {
        return f;
    }
    if bytes.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    // A block of NULs (a damaged or padded stretch of a text export) is
    // looked past: what decides is the text around it.
    if looks_binary(&without_nul_blocks(bytes, head.len())) {
        return Format::Unknown;
    }
    text_format(bytes, path, &ext)
}

/// Lower-case extension of the last path segment, without the dot.
pub fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    // `reply.pdf#2`, the second of two entries so named, is a `.pdf`.
    let name = super::archive::names::without_copy_number(name);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// True when the bytes are an OLE container holding an encrypted OOXML
/// package (a password-protected .docx/.xlsx).
pub fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    bytes.starts_with(OLE_MAGIC) && ole_streams(bytes).iter().any(|s| s == "EncryptedPackage")
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn image_format(b: &[u8]) -> Option<Format> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if b.starts_with(b"\xFF\xD8\xFF") {
        Some(Format::Jpeg)
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some(Format::Gif)
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        Some(Format::Tiff)
    } else if b.len() > 26 && b.starts_with(b"BM") && b[6..10] == [0, 0, 0, 0] {
        Some(Format::Bmp)
    } else {
        None
    }
}

fn zip_format(bytes: &[u8], ext: &str) -> Format {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // A cut or damaged zip: what its whole entries hold decides, as for
        // a sound one (the reader recovers them the same way).
        let max_entries = super::Limits::default().max_entries;
        if let Ok((fixed, Some(_))) = super::archive::recover::readable(bytes, max_entries) {
            match zip_format(&fixed, ext) {
                Format::Zip => {}
                known => return known,
            }
        }
        // Nothing recoverable, or not the part that tells: trust a
        // matching extension so the right reader reports what is missing,
        // else call it a zip.
        return match ext {
            "docx" | "docm" => Format::Docx,
            "xlsx" => Format::Xlsx,
            "xlsm" => Format::Xlsm,
            "xlsb" => Format::Xlsb,
            "odt" => Format::Odt,
            "ods" => Format::Ods,
            _ => Format::Zip,
        };
    };
    if let Ok(mut f) = archive.by_name("mimetype") {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut (&mut f).take(200), &mut s);
        if s.contains("opendocument.text") {
            return Format::Odt;
        }
        if s.contains("opendocument.spreadsheet") {
            return Format::Ods;
        }
    }
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("word/document.xml") {
        return Format::Docx;
    }
    if has("xl/workbook.bin") {
        return Format::Xlsb;
    }
    if has("xl/workbook.xml") {
        return if has("xl/vbaProject.bin") || ext == "xlsm" {
            Format::Xlsm
        } else {
            Format::Xlsx
        };
    }
    Format::Zip
}

use std::io::Read as _;

fn ole_streams(bytes: &[u8]) -> Vec<String> {
    let Ok(file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Vec::new();
    };
    file.walk()
        .filter(|e| e.is_stream())
        .map(|e| e.name().to_string())
        .collect()
}

fn ole_format(bytes: &[u8], ext: &str) -> Format {
    let streams = ole_streams(bytes);
    let has = |n: &str| streams.iter().any(|s| s.eq_ignore_ascii_case(n));
    if has("WordDocument") {
        Format::Doc
    } else if has("Workbook") || has("Book") {
        Format::Xls
    } else if streams.iter().any(|s| s.starts_with("__substg1.0_")) {
        Format::Msg
    } else if has("EncryptedPackage") {
        // Password-protected OOXML: the extension says which reader reports it.
        match ext {
            "docx" | "docm" | "doc" => Format::Docx,
            "xlsm" => Format::Xlsm,
            "xlsb" => Format::Xlsb,
            _ => Format::Xlsx,
        }
    } else {
        match ext {
            "doc" => Format::Doc,
            "xls" => Format::Xls,
            "msg" => Format::Msg,
            _ => Format::Unknown,
        }
    }
}

/// Shortest run of NUL bytes taken as a damaged block rather than binary
/// structure (binary formats have NULs scattered among other controls).
const NUL_BLOCK: usize = 64;

/// Up to `limit` bytes from the start of `bytes`, runs of [`NUL_BLOCK`] or
/// more NULs left out.
fn without_nul_blocks(bytes: &[u8], limit: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(limit);
    let mut rest = bytes;
    while out.len() < limit && !rest.is_empty() {
        let run = rest.iter().take_while(|&&b| b == 0).count();
        if run >= NUL_BLOCK {
            rest = &rest[run..];
            continue;
        }
        let take = run.max(1);
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
    }
    out.truncate(limit);
    out
}

fn looks_binary(head: &[u8]) -> bool {
    // UTF-16 text has NULs but starts with a BOM.
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return false;
    }
    // ...and without a BOM, every other byte is NUL.
    if super::decode::utf16_without_bom(head).is_some() {
        return false;
    }
    let controls = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x09) || (0x0E..0x1B).contains(&b))
        .count();
    controls * 20 > head.len().max(1)
}

fn text_format(bytes: &[u8], path: &str, ext: &str) -> Format {
    let sample = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]);
    let trimmed = sample.trim_start_matches('\u{feff}').trim_start();
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || (lower.starts_with("<?xml") && lower.contains("<html"))
        || (lower.starts_with('<') && (lower.contains("<body") || lower.contains("<table")))
    {
        return Format::Html;
    }
    if looks_like_email(trimmed) {
        return Format::Eml;
    }
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name == "correspondence.txt" || super::wdtk::looks_like_thread(&sample) {
        return Format::Wdtk;
    }
    match ext {
        "csv" => return Format::Csv,
        "tsv" | "tab" => return Format::Tsv,
        "htm" | "html" => return Format::Html,
        "eml" => return Format::Eml,
        _ => {}
    }
    if ext != "txt" && looks_delimited(&sample) {
        return if sample.contains('\t') {
            Format::Tsv
        } else {
            Format::Csv
        };
    }
    Format::Text
}

/// An RFC 5322 header block: the first lines are `Name: value` headers and
/// include at least two of the usual email headers.
fn looks_like_email(text: &str) -> bool {
    let mut known = 0;
    for line in text.lines().take(60) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || name.contains(' ') {
            return false;
        }
        let n = name.to_ascii_lowercase();
        if matches!(
            n.as_str(),
            "from"
                | "to"
                | "subject"
                | "date"
                | "received"
                | "mime-version"
                | "message-id"
                | "content-type"
                | "return-path"
        ) {
            known += 1;
        }
    }
    known >= 2
}

/// Several lines with the same non-zero count of commas, semicolons or tabs.
fn looks_delimited(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    if lines.len() < 2 {
        return false;
    }
    [',', ';', '\t'].iter().any(|&d| {
        let first = lines[0].matches(d).count();
        first > 0 && lines.iter().all(|l| l.matches(d).count() == first)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_named_pdf_is_an_image() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(detect(png, "kent/reply.pdf"), Format::Png);
    }

    #[test]
    fn text_shapes() {
        assert_eq!(detect(b"a,b,c\n1,2,3\n", "x.dat"), Format::Csv);
        assert_eq!(detect(b"a\tb\n1\t2\n", "x.tsv"), Format::Tsv);
        assert_eq!(detect(b"<html><body>hi</body></html>", "x"), Format::Html);
        assert_eq!(
            detect(b"From: a@b.c\nTo: d@e.f\nSubject: x\n\nbody", "mail"),
            Format::Eml
        );
        assert_eq!(
            detect(b"Dear requester,\nThanks.", "note.txt"),
            Format::Text
        );
        assert_eq!(detect(b"", "x.pdf"), Format::Empty);
        assert_eq!(detect(b"{\\rtf1\\ansi hi}", "x.doc"), Format::Rtf);
    }

    #[test]
    fn containers_holding_a_pdf_are_containers() {
        let mut tnef = TNEF_MAGIC.to_vec();
        tnef.extend(b"\x01\x00\x02\x0F\x80\x06\x00\x09\x00\x00\x00%PDF-1.4\n");
        assert_eq!(detect(&tnef, "winmail.dat"), Format::Tnef);
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(b"%PDF-1.4 stored entry");
        assert_eq!(detect(&zip, "x.zip"), Format::Zip);
    }

    #[test]
    fn extensions() {
        assert_eq!(extension("a/b/Reply.PDF"), "pdf");
        assert_eq!(extension("a/.hidden"), "");
        assert_eq!(extension("noext"), "");
    }
}
