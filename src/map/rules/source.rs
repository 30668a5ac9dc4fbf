//! Where the rule files come from: a folder an analyst edits, or the copy
//! built into the binary (so `run` works from any folder).

use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/builtin_schemas.rs"));

/// The origin of the rule and vocabulary files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaSource {
    /// A folder holding `forces.toml`, `vocab/` and `rules/`.
    Dir(PathBuf),
    /// The files built into the binary from the project's `schemas/`.
    BuiltIn,
}

impl SchemaSource {
    /// The folder named on the command line; else `./schemas` when it holds
    /// a `forces.toml` (an analyst editing rules in a checkout); else the
    /// built-in copy.
    pub fn resolve(explicit: Option<&Path>) -> SchemaSource {
        match explicit {
            Some(dir) => SchemaSource::Dir(dir.to_path_buf()),
            None if Path::new("schemas/forces.toml").is_file() => {
                SchemaSource::Dir(PathBuf::from("schemas"))
            }
            None => SchemaSource::BuiltIn,
        }
    }

    /// Read one file (path relative to the schemas folder).
    pub fn read(&self, rel: &str) -> std::io::Result<String> {
        match self {
            SchemaSource::Dir(dir) => std::fs::read_to_string(dir.join(rel)),
            SchemaSource::BuiltIn => BUILTIN_SCHEMAS
                .iter()
                .find(|(name, _)| *name == rel)
                .map(|(_, text)| text.to_string())
                .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "not built in")),
        }
    }

    /// Stems of the `.toml` files in `rules/`, sorted.
    pub fn rule_stems(&self) -> std::io::Result<Vec<String>> {
        let mut stems: Vec<String> = match self {
            SchemaSource::Dir(dir) => std::fs::read_dir(dir.join("rules"))?
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("toml"))
                .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_string))
                .collect(),
            SchemaSource::BuiltIn => BUILTIN_SCHEMAS
                .iter()
                .filter_map(|(name, _)| name.strip_prefix("rules/")?.strip_suffix(".toml"))
                .map(str::to_string)
                .collect(),
        };
        stems.sort();
        Ok(stems)
    }

    /// The folder, for files read beside the rules (census tables); the
    /// built-in copy has none on disk.
    pub fn dir(&self) -> Option<&Path> {
        match self {
            SchemaSource::Dir(d) => Some(d),
            SchemaSource::BuiltIn => None,
        }
    }
}

impl std::fmt::Display for SchemaSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SchemaSource::Dir(d) => write!(f, "{}", d.display()),
            SchemaSource::BuiltIn => f.write_str("built-in rules"),
        }
    }
}
