//! Reading one file into a document, with every failure (including a panic
//! inside a reader) turned into the file's status and message.

use super::discover::skip_reason;
use super::fanout::Admit;
use crate::doc::{Document, Format, Part, Source, DOCUMENT_MODEL_VERSION};
use crate::files::FileRow;
use crate::read::{self, ChildFile, Limits, ReadError, Status};
use sha2::{Digest, Sha256};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

/// The result of reading one file.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub row: FileRow,
    pub document: Option<Document>,
    /// The whole document's JSON on disk, when `document` is held without
    /// its page layout (read by a worker, or from the cache).
    pub document_file: Option<std::path::PathBuf>,
    /// Files found inside this one, still to be read.
    pub children: Vec<ChildFile>,
}

/// Lower-case hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A `skipped` row for a junk file.
pub fn skipped_row(logical: &str, bytes: u64, reason: &str) -> FileRow {
    FileRow {
        path: logical.to_string(),
        sha256: String::new(),
        format: String::new(),
        bytes,
        parts: 0,
        status: Status::Skipped,
        message: format!("skipped: {reason}"),
        milliseconds: 0,
        force: String::new(),
    }
}

/// An `error` row for a file that could not be read at all.
pub fn error_row(path: &str, bytes: u64, sha256: String, message: String) -> FileRow {
    FileRow {
        path: path.to_string(),
        sha256,
        format: String::new(),
        bytes,
        parts: 0,
        status: Status::Error,
        message,
        milliseconds: 0,
        force: String::new(),
    }
}

/// The `error` row of a file its container did not hand out (over a size
/// limit: see [`ChildFile::refused`]).
/// Its size is unknown (only that it is over the limit, which the message
/// says): 0.
pub fn refused_row(path: &str, message: String) -> FileRow {
    error_row(path, 0, String::new(), message)
}

/// The `error` row of a file nested deeper in containers than `max_depth`.
pub fn too_deep_row(path: &str, bytes: &[u8], max_depth: u32) -> FileRow {
    error_row(
        path,
        bytes.len() as u64,
        sha256_hex(bytes),
        format!("error: container nesting deeper than {max_depth}"),
    )
}

/// Read one file's bytes. Never panics: a reader panic becomes an `error`
/// row naming the panic.
pub fn read_one(bytes: &[u8], logical: &str, depth: u32, limits: Limits) -> FileOutcome {
    let mut parts = Vec::new();
    let mut outcome = read_one_streaming(bytes, logical, depth, limits, &mut |p| parts.push(p));
    if let Some(doc) = &mut outcome.document {
        doc.parts = parts;
    }
    outcome
}

/// [`read_one`], handing each part of the document to `emit` as soon as it
/// is read, so a long document is never held whole: the outcome's document
/// has no parts. When the outcome has no document, the parts emitted (if
/// any) are to be discarded.
pub fn read_one_streaming(
    bytes: &[u8],
    logical: &str,
    depth: u32,
    limits: Limits,
    emit: &mut dyn FnMut(Part),
) -> FileOutcome {
    let started = Instant::now();
    let sha256 = sha256_hex(bytes);
    let mut scan = ScanTally::default();
    let mut parts = 0usize;
    let mut counted = |part: Part| {
        parts += 1;
        scan.add(&part);
        emit(part);
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        read::read_bytes_streaming(bytes, logical, depth, limits, &mut counted)
    }));
    let (format, result) = match result {
        Ok((format, result)) => (format, result.map_err(|e| (e.status(), e.message()))),
        Err(payload) => (
            read::sniff::detect(bytes, logical),
            Err((
                Status::Error,
                format!("error: reader panicked: {}", panic_message(&payload)),
            )),
        ),
    };
    let (format, result) = match (format, result) {
        (Format::Unknown, Err((Status::Unsupported, _))) => {
            let ext = read::sniff::extension(logical);
            let what = if ext.is_empty() {
                "unknown binary format".to_string()
            } else {
                format!("unknown binary format (.{ext})")
            };
            (
                format,
                Err((Status::Unsupported, ReadError::Unsupported(what).message())),
            )
        }
        other => other,
    };
    let millis = started.elapsed().as_millis() as u64;
    let mut row = FileRow {
        path: logical.to_string(),
        sha256: sha256.clone(),
        format: format.name().to_string(),
        bytes: bytes.len() as u64,
        parts: 0,
        status: Status::Ok,
        message: String::new(),
        milliseconds: millis,
        force: String::new(),
    };
    match result {
        Ok(extracted) => {
            row.parts = parts;
            row.message = extracted.warnings.join("; ");
            let children_names = extracted
                .children
                .iter()
                .map(|c| format!("{logical}/{}", c.name))
                .collect();
            let document = Document {
                model_version: DOCUMENT_MODEL_VERSION,
                source: Source {
                    path: logical.to_string(),
                    sha256,
                    format,
                    bytes: bytes.len() as u64,
                    message: None,
                },
                parts: Vec::new(),
                warnings: extracted.warnings,
                children: children_names,
            };
            if scan.all_scanned() {
                row.status = Status::Unreadable;
                row.message = ReadError::NoTextLayer.message();
            }
            FileOutcome {
                row,
                document: Some(document),
                document_file: None,
                children: extracted.children,
            }
        }
        Err((status, message)) => {
            row.status = status;
            row.message = message;
            FileOutcome {
                row,
                document: None,
                document_file: None,
                children: Vec::new(),
            }
        }
    }
}

/// What the pages of a document say of it being a scan. A PDF whose every
/// page is image-only (or blank, with at least one image-only page) is
/// unreadable, though its document is kept (page sizes, count) for the log.
#[derive(Debug, Default)]
struct ScanTally {
    pages: usize,
    blank_or_image: usize,
    image_only: usize,
}

impl ScanTally {
    fn add(&mut self, part: &Part) {
        if let Part::Page(p) = part {
            self.pages += 1;
            self.blank_or_image += usize::from(p.image_only || p.words.is_empty());
            self.image_only += usize::from(p.image_only);
        }
    }

    fn all_scanned(&self) -> bool {
        self.pages > 0 && self.blank_or_image == self.pages && self.image_only > 0
    }
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// What [`read_tree_streaming`] reports as it reads a file and the files
/// inside it, depth-first, children after their parent.
pub trait TreeVisitor {
    /// A file (logical `path`) is about to be read.
    fn start(&mut self, path: &str);
    /// The next part of the file being read.
    fn part(&mut self, part: Part);
    /// A file is done: its outcome, whose document has no parts (they were
    /// given to [`TreeVisitor::part`]). Skipped and too-deep files come
    /// here without a `start`.
    fn done(&mut self, outcome: FileOutcome);
}

/// Read a file and everything inside it in this process (for `inspect` and
/// tests), depth-first, children after their parent. Junk children are
/// listed as skipped.
pub fn read_tree_in_process(bytes: &[u8], logical: &str, limits: Limits) -> Vec<FileOutcome> {
    #[derive(Default)]
    struct Collect {
        parts: Vec<Part>,
        out: Vec<FileOutcome>,
    }
    impl TreeVisitor for Collect {
        fn start(&mut self, _path: &str) {
            self.parts.clear();
        }
        fn part(&mut self, part: Part) {
            self.parts.push(part);
        }
        fn done(&mut self, mut outcome: FileOutcome) {
            if let Some(doc) = &mut outcome.document {
                doc.parts = std::mem::take(&mut self.parts);
            }
            self.out.push(outcome);
        }
    }
    let mut collect = Collect::default();
    read_tree_streaming(bytes, logical, limits, &mut collect);
    collect.out
}

/// [`read_tree_in_process`], handing each document's parts on as they are
/// read, so a long document is never held whole.
pub fn read_tree_streaming(
    bytes: &[u8],
    logical: &str,
    limits: Limits,
    visitor: &mut dyn TreeVisitor,
) {
    let mut stack = vec![(bytes.to_vec(), logical.to_string(), 0u32, None)];
    let mut fan = super::fanout::FanOut::new(limits.max_container_files);
    let mut over = Vec::new();
    while let Some((bytes, path, depth, message)) = stack.pop() {
        visitor.start(&path);
        let mut outcome =
            read_one_streaming(&bytes, &path, depth, limits, &mut |part| visitor.part(part));
        if let Some(doc) = &mut outcome.document {
            doc.source.message = message;
        }
        let children = std::mem::take(&mut outcome.children);
        visitor.done(outcome);
        for child in children.into_iter().rev() {
            let child_path = format!("{path}/{}", child.name);
            if let Some(why) = &child.refused {
                visitor.done(FileOutcome {
                    row: refused_row(&child_path, why.message()),
                    document: None,
                    document_file: None,
                    children: Vec::new(),
                });
                continue;
            }
            if let Some(reason) = skip_reason(&child_path) {
                visitor.done(skipped_row_outcome(
                    &child_path,
                    child.bytes.len() as u64,
                    reason,
                ));
                continue;
            }
            match fan.admit(logical, &child_path) {
                Admit::Read => {}
                Admit::Over => continue,
                Admit::FirstOver => {
                    let bytes = child.bytes.len() as u64;
                    over.push(bare_outcome(error_row(
                        &child_path,
                        bytes,
                        sha256_hex(&child.bytes),
                        String::new(),
                    )));
                    continue;
                }
            }
            if depth + 1 > limits.max_depth {
                visitor.done(FileOutcome {
                    row: too_deep_row(&child_path, &child.bytes, limits.max_depth),
                    document: None,
                    document_file: None,
                    children: Vec::new(),
                });
                continue;
            }
            stack.push((
                child.bytes,
                child_path,
                depth + 1,
                child.message.or(message),
            ));
        }
    }
    // The first file over the fan-out limit is told how many were left.
    fan.finish(&mut over);
    over.into_iter().for_each(|o| visitor.done(o));
}

fn bare_outcome(row: FileRow) -> FileOutcome {
    FileOutcome {
        row,
        document: None,
        document_file: None,
        children: Vec::new(),
    }
}

fn skipped_row_outcome(logical: &str, bytes: u64, reason: &str) -> FileOutcome {
    FileOutcome {
        row: skipped_row(logical, bytes, reason),
        document: None,
        document_file: None,
        children: Vec::new(),
    }
}
