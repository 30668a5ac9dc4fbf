//! The per-file document JSON (`documents/`): its names, and how a big
//! one is stored (gzip, `<name>.json.gz`: a sheet's cells repeat their
//! provenance, so its JSON shrinks ten-fold or more) and read back.

use sha2::Digest;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Longest readable stem of a `documents/` name, in bytes: with the hash
/// and `.json` the name stays under the 255 bytes file systems allow.
const MAX_STEM_BYTES: usize = 200;

/// File name under `documents/` for a logical path: a readable stem (path
/// separators become `__`, characters Windows forbids `_`, cut to
/// [`MAX_STEM_BYTES`]) then a short hash of the whole logical path, so two
/// paths never share a name (`a/b.pdf` and `a__b.pdf` both flatten to
/// `a__b.pdf`) and a file keeps its name from run to run.
pub fn document_file_name(logical: &str) -> String {
    let flat: String = logical
        .replace('/', "__")
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let mut cut = flat.len().min(MAX_STEM_BYTES);
    while !flat.is_char_boundary(cut) {
        cut -= 1;
    }
    let hash = sha2::Sha256::digest(logical.as_bytes());
    format!("{}.{}.json", &flat[..cut], &hex::encode(hash)[..10])
}

/// Documents bigger than this are stored gzipped: the output folder stays
/// within a few times the input's size, while small ones stay plain JSON
/// to read at a glance.
pub const COMPRESS_ABOVE_BYTES: u64 = 256 << 10;

/// What a gzipped document's name ends with after the `.json`.
const GZIP_SUFFIX: &str = ".gz";

/// The document file of logical `path` in `dir`, plain or gzipped.
pub fn document_path(dir: &Path, path: &str) -> Option<PathBuf> {
    let plain = dir.join(document_file_name(path));
    if plain.is_file() {
        return Some(plain);
    }
    let gzipped = dir.join(document_file_name(path) + GZIP_SUFFIX);
    gzipped.is_file().then_some(gzipped)
}

/// A reader of a document file's JSON, gunzipping a gzipped one.
pub fn open_document(file: &Path) -> std::io::Result<Box<dyn std::io::Read>> {
    let reader = std::io::BufReader::new(std::fs::File::open(file)?);
    Ok(match file.to_string_lossy().ends_with(GZIP_SUFFIX) {
        true => Box::new(flate2::read::GzDecoder::new(reader)),
        false => Box::new(reader),
    })
}

/// The document of the file at logical `path`, as stored in `dir`, if it
/// is there and readable.
pub fn read_document(dir: &Path, path: &str) -> Option<crate::doc::Document> {
    let reader = open_document(&document_path(dir, path)?).ok()?;
    serde_json::from_reader(std::io::BufReader::new(reader)).ok()
}

/// Put the document file `from` (plain or gzipped) into `dir` as the
/// document of logical `path`: a hard link where the file system allows
/// (documents are never changed in place), else a copy; a big plain one
/// is gzipped.
pub fn place_document(dir: &Path, path: &str, from: &Path) -> std::io::Result<()> {
    let name = document_file_name(path);
    let gzipped = from.to_string_lossy().ends_with(GZIP_SUFFIX);
    if !gzipped && std::fs::metadata(from)?.len() > COMPRESS_ABOVE_BYTES {
        let to = dir.join(name + GZIP_SUFFIX);
        // The fastest level: most of the gain at a tenth of the time.
        let mut gz = flate2::write::GzEncoder::new(
            std::io::BufWriter::new(std::fs::File::create(&to)?),
            flate2::Compression::fast(),
        );
        std::io::copy(&mut std::fs::File::open(from)?, &mut gz)?;
        gz.finish()?.flush()?;
        return Ok(());
    }
    let to = match gzipped {
        true => dir.join(name + GZIP_SUFFIX),
        false => dir.join(name),
    };
    if std::fs::hard_link(from, &to).is_err() {
        std::fs::copy(from, &to)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names_of_flattening_paths_do_not_collide() {
        let nested = document_file_name("a/b.pdf");
        let flat = document_file_name("a__b.pdf");
        assert_ne!(nested, flat);
        assert!(nested.starts_with("a__b.pdf.") && nested.ends_with(".json"));
        // Stable: the same path gives the same name in every run.
        assert_eq!(document_file_name("a/b.pdf"), nested);
        let long = "x".repeat(400) + "/é.pdf";
        assert!(document_file_name(&long).len() < 255);
    }

    #[test]
    fn big_documents_are_stored_gzipped_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = crate::doc::Document {
            model_version: crate::doc::DOCUMENT_MODEL_VERSION,
            source: crate::doc::Source {
                path: "annex.csv".into(),
                sha256: "00".into(),
                format: crate::doc::Format::Csv,
                bytes: 1,
                message: None,
            },
            parts: Vec::new(),
            warnings: Vec::new(),
            children: Vec::new(),
        };
        let small = dir.path().join("small.json");
        std::fs::write(&small, serde_json::to_vec(&doc).unwrap()).unwrap();
        let out = dir.path().join("documents");
        std::fs::create_dir(&out).unwrap();
        place_document(&out, "small.csv", &small).unwrap();
        assert!(out.join(document_file_name("small.csv")).is_file());
        // A document past the limit (its JSON padded with warnings).
        doc.warnings = vec!["a sheet skipped: too wide".to_string(); 20_000];
        let big = dir.path().join("big.json");
        std::fs::write(&big, serde_json::to_vec(&doc).unwrap()).unwrap();
        place_document(&out, "big.csv", &big).unwrap();
        let stored = document_path(&out, "big.csv").unwrap();
        assert!(stored.to_string_lossy().ends_with(".json.gz"));
        assert!(std::fs::metadata(&stored).unwrap().len() < 20_000);
        assert_eq!(read_document(&out, "big.csv").unwrap(), doc);
        // A gzipped document placed again (merge) stays gzipped.
        let again = dir.path().join("again");
        std::fs::create_dir(&again).unwrap();
        place_document(&again, "big.csv", &stored).unwrap();
        assert_eq!(read_document(&again, "big.csv").unwrap(), doc);
    }
}
