//! Embeds the default rule files (`schemas/forces.toml`, `schemas/vocab/`,
//! `schemas/rules/`) in the binary, so `foi-extract run` works from any
//! folder; `--schemas DIR` (or a `schemas/` folder where it runs) replaces
//! them with files an analyst edits.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    println!("cargo:rerun-if-changed=schemas");
    let mut files = vec!["forces.toml".to_string()];
    for sub in ["vocab", "rules"] {
        println!("cargo:rerun-if-changed=schemas/{sub}");
        let mut names: Vec<String> = std::fs::read_dir(root.join(sub))
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".toml"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        files.extend(names.into_iter().map(|n| format!("{sub}/{n}")));
    }
    let mut out = String::from("/// Built-in rule files: (path under schemas/, contents).\n");
    out.push_str("pub const BUILTIN_SCHEMAS: &[(&str, &str)] = &[\n");
    for rel in &files {
        let abs = root.join(rel);
        println!("cargo:rerun-if-changed={}", abs.display());
        let _ = writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("builtin_schemas.rs");
    std::fs::write(dest, out).expect("write builtin_schemas.rs");
}
