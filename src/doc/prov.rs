//! Provenance: a pointer from any extracted value back to where it stands in
//! its source file.

use serde::{Deserialize, Serialize};

/// Where a value came from. `file` is always set; the rest where known.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Prov {
    /// Source path relative to the batch root (see `Source::path`).
    pub file: String,
    /// 1-based page number (PDF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Sheet name (spreadsheets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Body or message the value is in (`document`, `message 2`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// 1-based table index within the page, sheet or body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<u32>,
    /// 0-based row and column within the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
    /// Spreadsheet cell reference (`B7`) for sheet cells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// Bounding box on the page `[x0, top, x1, bottom]` in points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    /// 0-based paragraph index within the part, for text values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
}

impl Prov {
    /// Provenance pointing at a whole file.
    pub fn file(path: &str) -> Self {
        Prov {
            file: path.to_string(),
            ..Default::default()
        }
    }

    /// A short human pointer: `kent/reply.pdf p2 t1 r3c2`.
    pub fn short(&self) -> String {
        let mut s = self.file.clone();
        if let Some(p) = self.page {
            s.push_str(&format!(" p{p}"));
        }
        if let Some(sh) = &self.sheet {
            s.push_str(&format!(" [{sh}]"));
        }
        if let Some(part) = &self.part {
            s.push_str(&format!(" ({part})"));
        }
        if let Some(t) = self.table {
            s.push_str(&format!(" t{t}"));
        }
        if let Some(c) = &self.cell {
            s.push_str(&format!(" {c}"));
        } else if let (Some(r), Some(c)) = (self.row, self.col) {
            s.push_str(&format!(" r{}c{}", r + 1, c + 1));
        }
        if let Some(p) = self.paragraph {
            s.push_str(&format!(" para{}", p + 1));
        }
        s
    }
}

/// Spreadsheet column letters for a 0-based column index (0 → `A`).
pub fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A1 reference for 0-based row and column.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 1), "B7");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
    }
}
