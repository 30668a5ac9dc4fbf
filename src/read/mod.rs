//! Readers: one module per format family, each turning bytes into the one
//! document model behind the [`Reader`] trait.
//!
//! `read_bytes` is the single entry point: it detects the format by content
//! (see [`sniff`]), picks the reader and returns either the parts of the
//! document (plus any files it contains, read later as documents of their
//! own) or a [`ReadError`] saying in one line why the file cannot be read.

pub(crate) mod annex;
pub mod archive;
pub mod csv;
pub mod decode;
pub mod email;
mod error;
pub mod html;
pub mod pdf;
pub mod sheet;
pub mod sniff;
pub mod text;
pub mod tnef;
pub mod wdtk;
pub mod word;

pub use error::{ReadError, Status};

use crate::doc::{Format, Part};

/// Default of [`Limits::max_container_files`]: far more than any real
/// reply (a WhatDoTheyKnow download of a long thread holds dozens).
pub const DEFAULT_MAX_CONTAINER_FILES: usize = 5_000;

/// Bounds that keep a hostile file from blowing memory or time inside a
/// reader (the worker process adds hard limits around these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of containers (zip in email in zip...).
    pub max_depth: u32,
    /// Most entries one archive may hold.
    pub max_entries: usize,
    /// Most bytes all entries of one archive may expand to.
    pub max_expanded_bytes: u64,
    /// Most bytes a single child file may have.
    pub max_child_bytes: u64,
    /// Most cells read from one sheet.
    pub max_sheet_cells: u64,
    /// Most files one file on disk may yield, counting everything nested
    /// inside it (see `batch::fanout`).
    pub max_container_files: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 4,
            max_entries: 10_000,
            max_expanded_bytes: 1 << 30,
            max_child_bytes: 256 << 20,
            max_sheet_cells: 5_000_000,
            max_container_files: DEFAULT_MAX_CONTAINER_FILES,
        }
    }
}

/// What a reader is given.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub bytes: &'a [u8],
    /// Logical path of the file (see `doc::Source::path`), used for
    /// provenance.
    pub path: &'a str,
    pub format: Format,
    /// Container nesting depth of this file (0 for a file on disk).
    pub depth: u32,
    pub limits: Limits,
}

impl Input<'_> {
    /// File name part of the logical path.
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(self.path)
    }
}

/// A file found inside another (zip entry, email attachment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildFile {
    /// Name within the container; the child's logical path is
    /// `<parent path>/<name>`.
    pub name: String,
    pub bytes: Vec<u8>,
    /// 1-based message this attachment belongs to, where known.
    pub message: Option<u32>,
    /// Why the file was not taken out of its container (it is over a size
    /// limit): it gets an `error` row of its own, `bytes` is empty, and
    /// its siblings are read as usual.
    pub refused: Option<ReadError>,
}

/// What a reader returns on success.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub parts: Vec<Part>,
    pub children: Vec<ChildFile>,
    pub warnings: Vec<String>,
}

impl Extracted {
    pub fn with_parts(parts: Vec<Part>) -> Self {
        Extracted {
            parts,
            ..Default::default()
        }
    }
}

/// A format reader. Implementations are unit structs; `reader_for` picks one.
pub trait Reader {
    /// Read the input into document parts and child files.
    fn read(&self, input: &Input) -> Result<Extracted, ReadError>;

    /// Read the input, handing each part to `emit` in reading order as soon
    /// as it is complete; the returned [`Extracted`] has no parts. A reader
    /// of long documents (PDF) overrides this so a document is never held
    /// whole; the others read whole and hand their parts on. On an error the
    /// parts already emitted are to be discarded.
    fn read_parts(
        &self,
        input: &Input,
        emit: &mut dyn FnMut(Part),
    ) -> Result<Extracted, ReadError> {
        let mut extracted = self.read(input)?;
        std::mem::take(&mut extracted.parts)
            .into_iter()
            .for_each(emit);
        Ok(extracted)
    }
}

/// The reader for a detected format, or the error that says why there is none.
pub fn reader_for(format: Format) -> Result<&'static dyn Reader, ReadError> {
    Ok(match format {
        Format::Pdf => &pdf::PdfReader,
        Format::Xlsx | Format::Xlsm | Format::Xls | Format::Xlsb | Format::Ods => {
            &sheet::SheetReader
        }
        Format::Csv | Format::Tsv => &csv::CsvReader,
        Format::Docx => &word::docx::DocxReader,
        Format::Odt => &word::odt::OdtReader,
        Format::Doc => &word::doc::DocReader,
        Format::Rtf => &word::rtf::RtfReader,
        Format::Html => &html::HtmlReader,
        Format::Text => &text::TextReader,
        Format::Eml => &email::EmlReader,
        Format::Msg => &email::MsgReader,
        Format::Tnef => &tnef::TnefReader,
        Format::Zip => &archive::ZipReader,
        Format::Wdtk => &wdtk::WdtkReader,
        Format::Empty => return Err(ReadError::Empty),
        f if f.is_image() => return Err(ReadError::Image(f.name().to_string())),
        f => return Err(ReadError::Unsupported(f.name().to_string())),
    })
}

/// Detect the format of `bytes` (named `path`) and read it.
pub fn read_bytes(
    bytes: &[u8],
    path: &str,
    depth: u32,
    limits: Limits,
) -> (Format, Result<Extracted, ReadError>) {
    let mut parts = Vec::new();
    let (format, result) = read_bytes_streaming(bytes, path, depth, limits, &mut |p| parts.push(p));
    let result = result.map(|mut extracted| {
        extracted.parts = parts;
        extracted
    });
    (format, result)
}

/// [`read_bytes`], handing each part to `emit` as soon as it is complete
/// (see [`Reader::read_parts`]); the returned [`Extracted`] has no parts.
pub fn read_bytes_streaming(
    bytes: &[u8],
    path: &str,
    depth: u32,
    limits: Limits,
    emit: &mut dyn FnMut(Part),
) -> (Format, Result<Extracted, ReadError>) {
    let format = sniff::detect(bytes, path);
    let input = Input {
        bytes,
        path,
        format,
        depth,
        limits,
    };
    let result = reader_for(format).and_then(|r| r.read_parts(&input, emit));
    (format, result)
}
