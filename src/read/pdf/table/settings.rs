//! Every tolerance of PDF table finding, named, defaulted and documented in
//! one type. A per-force TOML rule file can override any of them (missing
//! keys keep their defaults); [`TableSettings::validate`] rejects values that
//! would make the finder misbehave (negative, zero where a size is needed).

use serde::{Deserialize, Serialize};

/// Tolerances of table finding. Lengths are PDF points; values ending in
/// `_em` are multiples of the font size of the text concerned; `_ratio`
/// values are fractions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableSettings {
    /// Turn table finding off altogether (pages keep their paragraphs).
    pub enabled: bool,

    // --- ruling lines (lattice) ---
    /// A segment counts as horizontal (vertical) when its ends differ by at
    /// most this much in y (x); steeper segments are not rules.
    pub axis_tolerance: f32,
    /// A filled rectangle at most this thick is a rule, not a box.
    pub rule_max_thickness: f32,
    /// Parallel rules closer than this are one rule (double borders, rules
    /// drawn twice, cell borders of neighbouring cells).
    pub snap_tolerance: f32,
    /// Collinear rules with a gap at most this wide are joined (dashed rules,
    /// borders drawn cell by cell).
    pub join_tolerance: f32,
    /// Rules shorter than this (after joining) are ignored.
    pub edge_min_length: f32,
    /// How far a rule may stop short of another and still meet it.
    pub intersection_tolerance: f32,
    /// A cell border separates two grid cells when it covers at least this
    /// fraction of their shared side.
    pub border_cover_ratio: f32,
    /// Use the sides of filled rectangles (cell backgrounds) as rules.
    pub use_fill_edges: bool,
    /// Split a ruled row into several rows when it holds several text lines
    /// that run across at least this many of its cells in parallel (rows
    /// drawn without horizontal rules between them).
    pub split_row_min_parallel_cells: u32,
    /// Split a cell spanning ruled columns with no rule between them in its
    /// row (a band's fill drawn across the figures of a row) when its words
    /// stand in two or more of the columns, `column_gap_em` apart and none
    /// over a column edge.
    pub split_unruled_spans: bool,
    /// A row drawn without inner verticals, its only text in the first
    /// column, is a row-group heading spanning the table when at least this
    /// fraction of the table's rows have inner verticals.
    pub group_heading_ruled_rows_ratio: f32,

    // --- tables striped by shading only ---
    /// Join shaded rows drawn without rules (Word "Light Shading", zebra
    /// HTML tables) and the unshaded rows between them into one table.
    pub join_stripes: bool,
    /// A ruled grid is a shaded band when fills without an outline paint at
    /// least this fraction of it.
    pub stripe_fill_cover_ratio: f32,
    /// Bands with the same columns are rows of one table when the unshaded
    /// gap between them is at most this many times a band row's height; a
    /// full-width rule at most this far beyond the first (last) band closes
    /// the header (last row).
    pub stripe_max_gap_ratio: f32,
    /// Text lines next to the bands that are closer than this fraction of
    /// their height are one row (a wrapped cell), further apart two rows.
    pub stripe_line_gap_ratio: f32,
    /// Two words of one line on either side of a column edge no further
    /// apart than this (em of the smaller font) are one run of text, a
    /// word space apart: a sentence flowing over the edge, not two cells
    /// (whose texts stand their cells' padding apart). Such a line between
    /// or next to the bands is no row of the table.
    pub stripe_word_gap_em: f32,

    // --- aligned words (stream) ---
    /// Find tables from aligned words where there are no rules.
    pub stream: bool,
    /// Words on one line further apart than this (in em of their font) are
    /// in different cells.
    pub column_gap_em: f32,
    /// Lines further apart than this (em, gap between them) end a table.
    pub max_row_gap_em: f32,
    /// A table found from aligned words needs at least this many lines that
    /// have two or more cells.
    pub min_stream_rows: u32,
    /// ... and at least this many columns.
    pub min_stream_cols: u32,
    /// A column gap may be crossed by at most this fraction of the table's
    /// lines (headers spanning columns) and still separate columns.
    pub column_bridge_ratio: f32,
    /// Candidate tables whose cells hold on average more words than this are
    /// prose in columns, not tables.
    pub max_mean_words_per_cell: f32,
    /// A single-cell line wider than this fraction of the table so far is
    /// prose and ends the table.
    pub prose_line_ratio: f32,
    /// Leading lines of a table from aligned words without a figure (at
    /// most this many) are its header: column ranges come from the lines
    /// below, so a header set left over figures set right joins their
    /// column instead of making one of its own.
    pub stream_header_max_lines: u32,
    /// A column's chunks line up on an edge when at least
    /// `column_align_ratio` of them are within this many points of the
    /// edge's median. The gap before a column of figures lined up on the
    /// right belongs to it (its header is set left in that gap); the gap
    /// before text lined up on the left belongs to the column before.
    pub column_align_tolerance: f32,
    /// See `column_align_tolerance`.
    pub column_align_ratio: f32,
    /// A line with text only under text (no figure) joins the row above,
    /// as the rest of its wrapped cells, when it is set closer under the
    /// line above than the table's usual gap between rows (the median gap
    /// above lines holding a figure) by at least this many em. A row with
    /// empty figures ("Kent" and blanks) is set a full row apart and stays.
    pub wrap_gap_em: f32,
    /// Horizontal-only rules (Word "simple" table styles) bracket a table
    /// when they are at least this long and start and end within
    /// `snap_tolerance * 4` of each other.
    pub ruled_region_min_width: f32,
    /// Rules drawn under every row are two tables where the gap between two
    /// of them is more than this many times the usual gap.
    pub ruled_region_split_gap_ratio: f32,
    /// Rules stand under every row when no gap between them is more than
    /// this many times another; the header row then may stand over the
    /// first rule.
    pub ruled_row_pitch_ratio: f32,
    /// A lattice table and a rules-only table directly under it with the
    /// same columns are one table when at most this far apart.
    pub stacked_join_max_gap: f32,

    // --- charts ---
    /// A chart's value axis has at least this many tick labels...
    pub chart_axis_min_ticks: u32,
    /// ... at least this far apart (em); a ruled box or aligned words
    /// holding such an axis is a chart, not a table.
    pub chart_axis_min_spacing_em: f32,

    // --- text lines and cells ---
    /// Two words are on one text line when their vertical overlap is at least
    /// this fraction of the shorter one's height.
    pub line_overlap_ratio: f32,

    // --- footnote markers ---
    /// A word whose font is at most this fraction of its cell's main font size
    /// is a footnote marker (when it is short and not the whole cell).
    pub note_size_ratio: f32,
    /// A word raised by at least this many em above its line's baseline is a
    /// footnote marker.
    pub note_raise_em: f32,
    /// Longest footnote marker, in characters.
    pub note_max_chars: u32,

    // --- tables continued over pages ---
    /// Join a table with the first table of the next page when they have the
    /// same number of columns whose edges differ by at most this much.
    pub continuation_col_tolerance: f32,
    /// At most this many text lines (running footer, page number, running
    /// header) may stand between a table and the page break, and between
    /// the next page's top and its continuation.
    pub continuation_margin_lines: u32,
    /// Join tables over pages at all.
    pub join_pages: bool,
}

impl Default for TableSettings {
    fn default() -> Self {
        TableSettings {
            enabled: true,
            axis_tolerance: 1.0,
            rule_max_thickness: 2.5,
            snap_tolerance: 3.0,
            join_tolerance: 3.0,
            edge_min_length: 3.0,
            intersection_tolerance: 3.0,
            border_cover_ratio: 0.5,
            use_fill_edges: true,
            split_row_min_parallel_cells: 2,
            split_unruled_spans: true,
            group_heading_ruled_rows_ratio: 0.5,
            join_stripes: true,
            stripe_fill_cover_ratio: 0.9,
            stripe_max_gap_ratio: 3.0,
            stripe_line_gap_ratio: 0.5,
            stripe_word_gap_em: 0.45,
            stream: true,
            column_gap_em: 0.9,
            max_row_gap_em: 2.5,
            min_stream_rows: 3,
            min_stream_cols: 2,
            column_bridge_ratio: 0.1,
            max_mean_words_per_cell: 5.0,
            prose_line_ratio: 0.7,
            ruled_region_min_width: 100.0,
            ruled_region_split_gap_ratio: 2.2,
            ruled_row_pitch_ratio: 1.3,
            stacked_join_max_gap: 6.0,
            stream_header_max_lines: 3,
            column_align_tolerance: 2.0,
            column_align_ratio: 0.8,
            wrap_gap_em: 0.3,
            chart_axis_min_ticks: 4,
            chart_axis_min_spacing_em: 1.8,
            line_overlap_ratio: 0.5,
            note_size_ratio: 0.85,
            note_raise_em: 0.2,
            note_max_chars: 3,
            continuation_col_tolerance: 6.0,
            continuation_margin_lines: 3,
            join_pages: true,
        }
    }
}

/// A setting with a value the finder cannot work with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("table setting {name} = {value}: {why}")]
pub struct InvalidSetting {
    pub name: &'static str,
    pub value: f64,
    pub why: &'static str,
}

impl TableSettings {
    /// Parse settings from TOML (a `[tables]` table of a rule file, say) and
    /// validate them.
    pub fn from_toml(text: &str) -> Result<TableSettings, String> {
        let s: TableSettings = toml::from_str(text).map_err(|e| e.to_string())?;
        s.validate().map_err(|e| e.to_string())?;
        Ok(s)
    }

    /// Reject negative or meaningless values: the first one found.
    pub fn validate(&self) -> Result<(), InvalidSetting> {
        match self.invalid().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every value the finder cannot work with (a rule file's check reports
    /// them all at once).
    pub fn invalid(&self) -> Vec<InvalidSetting> {
        let mut out = Vec::new();
        let non_negative: [(&'static str, f32); 27] = [
            ("stacked_join_max_gap", self.stacked_join_max_gap),
            ("ruled_row_pitch_ratio", self.ruled_row_pitch_ratio),
            (
                "ruled_region_split_gap_ratio",
                self.ruled_region_split_gap_ratio,
            ),
            (
                "group_heading_ruled_rows_ratio",
                self.group_heading_ruled_rows_ratio,
            ),
            ("column_align_tolerance", self.column_align_tolerance),
            ("column_align_ratio", self.column_align_ratio),
            ("wrap_gap_em", self.wrap_gap_em),
            ("stripe_fill_cover_ratio", self.stripe_fill_cover_ratio),
            ("stripe_max_gap_ratio", self.stripe_max_gap_ratio),
            ("stripe_line_gap_ratio", self.stripe_line_gap_ratio),
            ("stripe_word_gap_em", self.stripe_word_gap_em),
            ("prose_line_ratio", self.prose_line_ratio),
            ("chart_axis_min_spacing_em", self.chart_axis_min_spacing_em),
            ("axis_tolerance", self.axis_tolerance),
            ("rule_max_thickness", self.rule_max_thickness),
            ("snap_tolerance", self.snap_tolerance),
            ("join_tolerance", self.join_tolerance),
            ("edge_min_length", self.edge_min_length),
            ("intersection_tolerance", self.intersection_tolerance),
            ("max_row_gap_em", self.max_row_gap_em),
            ("column_bridge_ratio", self.column_bridge_ratio),
            ("max_mean_words_per_cell", self.max_mean_words_per_cell),
            ("ruled_region_min_width", self.ruled_region_min_width),
            ("note_raise_em", self.note_raise_em),
            (
                "continuation_col_tolerance",
                self.continuation_col_tolerance,
            ),
            ("line_overlap_ratio", self.line_overlap_ratio),
            ("note_size_ratio", self.note_size_ratio),
        ];
        for (name, value) in non_negative {
            if !value.is_finite() || value < 0.0 {
                out.push(InvalidSetting {
                    name,
                    value: value as f64,
                    why: "must be a finite number, zero or more",
                });
            }
        }
        if !self.column_gap_em.is_finite() || self.column_gap_em <= 0.0 {
            out.push(InvalidSetting {
                name: "column_gap_em",
                value: self.column_gap_em as f64,
                why: "must be a finite number more than zero",
            });
        }
        for (name, value) in [
            ("border_cover_ratio", self.border_cover_ratio),
            ("column_bridge_ratio", self.column_bridge_ratio),
            ("line_overlap_ratio", self.line_overlap_ratio),
            ("column_align_ratio", self.column_align_ratio),
            ("stripe_fill_cover_ratio", self.stripe_fill_cover_ratio),
        ] {
            if value > 1.0 {
                out.push(InvalidSetting {
                    name,
                    value: value as f64,
                    why: "is a fraction, at most 1",
                });
            }
        }
        if self.border_cover_ratio.is_nan() || self.border_cover_ratio <= 0.0 {
            out.push(InvalidSetting {
                name: "border_cover_ratio",
                value: self.border_cover_ratio as f64,
                why: "must be more than zero",
            });
        }
        if self.chart_axis_min_ticks < 3 {
            out.push(InvalidSetting {
                name: "chart_axis_min_ticks",
                value: self.chart_axis_min_ticks as f64,
                why: "an axis needs at least 3 tick labels",
            });
        }
        if self.min_stream_cols < 2 {
            out.push(InvalidSetting {
                name: "min_stream_cols",
                value: self.min_stream_cols as f64,
                why: "a table has at least 2 columns",
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_overrides_one_value_and_keeps_the_rest() {
        let s = TableSettings::from_toml("column_gap_em = 1.5\njoin_pages = false\n").unwrap();
        assert_eq!(s.column_gap_em, 1.5);
        assert!(!s.join_pages);
        assert_eq!(s.snap_tolerance, TableSettings::default().snap_tolerance);
    }

    #[test]
    fn negative_and_unknown_values_are_rejected() {
        let e = TableSettings::from_toml("snap_tolerance = -1.0").unwrap_err();
        assert!(e.contains("snap_tolerance"), "{e}");
        assert!(TableSettings::from_toml("border_cover_ratio = 1.5").is_err());
        assert!(TableSettings::from_toml("column_gap_em = 0.0").is_err());
        assert!(TableSettings::from_toml("snap_tolerence = 1.0").is_err());
        assert!(TableSettings::from_toml("min_stream_rows = -1").is_err());
        assert!(TableSettings::from_toml("chart_axis_min_ticks = 1").is_err());
        assert!(TableSettings::from_toml("column_align_ratio = 1.5").is_err());
        assert!(TableSettings::from_toml("wrap_gap_em = -0.3").is_err());
        assert!(TableSettings::from_toml("stripe_word_gap_em = -0.1").is_err());
        assert!(TableSettings::from_toml("stripe_word_gap_em = 0.6").is_ok());
        assert!(TableSettings::from_toml("stream_header_max_lines = 0").is_ok());
        assert!(TableSettings::default().validate().is_ok());
    }

    #[test]
    fn every_invalid_value_is_listed() {
        let s = TableSettings {
            snap_tolerance: -1.0,
            column_gap_em: f32::INFINITY,
            line_overlap_ratio: 2.0,
            ..Default::default()
        };
        let names: Vec<&str> = s.invalid().iter().map(|e| e.name).collect();
        assert_eq!(
            names,
            vec!["snap_tolerance", "column_gap_em", "line_overlap_ratio"]
        );
        assert_eq!(s.validate().unwrap_err().name, "snap_tolerance");
    }
}
