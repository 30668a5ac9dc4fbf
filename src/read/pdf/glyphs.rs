//! Capturing what a page draws: pdf-extract's [`OutputDev`] implemented to
//! record every glyph (text, box, size, font, direction) and every stroked or
//! filled path, in page coordinates (points, top-left origin, y down).
//!
//! pdf-extract does not pass the font or the line width to an `OutputDev`;
//! the content rewrite (`rewrite.rs`) therefore inserts *marker paths*, a
//! one-point path stroked at an impossible x, that carry the current font
//! index or line width. They are consumed here and never reach the page.

use super::frame::PageFrame;
use super::paths::PathSink;
use super::text_repair::repair_glyph_text;
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

/// x of a marker path whose y is the index of the font now in use.
pub const FONT_MARKER: i64 = -31337;
/// x of a marker path whose y is the line width now in use (user space).
pub const LINE_WIDTH_MARKER: i64 = -31338;

/// x of a marker path saying that the next filled unit square is where an
/// image is drawn.
pub const IMAGE_MARKER: i64 = -31339;

/// Most glyphs kept for one page; more is pathological content.
pub const MAX_GLYPHS_PER_PAGE: usize = 2_000_000;

/// Fraction of the font size below the baseline that a glyph box reaches
/// (pdfminer uses the font's descent, about this for common fonts).
const DESCENT: f64 = 0.2;

/// One glyph as drawn. Page coordinates: points, origin top-left, y down.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub x0: f32,
    pub top: f32,
    pub x1: f32,
    pub bottom: f32,
    /// Effective font size in points (text matrix and CTM applied).
    pub size: f32,
    /// Index into the page's font names.
    pub font: usize,
    /// Writing direction on the page: 0 left-to-right, 1 top-to-bottom,
    /// 2 right-to-left (upside down), 3 bottom-to-top.
    pub dir: u8,
    /// Start and end along the writing direction, and the baseline
    /// position across it, in a frame where this text reads normally.
    pub rx0: f32,
    pub rx1: f32,
    pub rbase: f32,
}

impl Glyph {
    pub fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// The `OutputDev` that records one page.
pub struct Capture {
    frame: PageFrame,
    pub glyphs: Vec<Glyph>,
    pub paths: PathSink,
    font: usize,
    line_width: f64,
    /// Glyphs not kept because the page passed [`MAX_GLYPHS_PER_PAGE`].
    pub glyphs_dropped: u64,
    /// Page area covered by images big enough to be scans (square points,
    /// overlaps counted twice).
    pub image_area: f64,
    image_next: bool,
}

impl Capture {
    pub fn new(frame: PageFrame) -> Self {
        Capture {
            frame,
            glyphs: Vec::new(),
            paths: PathSink::new(frame),
            font: 0,
            line_width: 1.0,
            glyphs_dropped: 0,
            image_area: 0.0,
            image_next: false,
        }
    }

    /// Marker paths set the font or line width; true when `path` was one.
    fn take_marker(&mut self, path: &Path) -> bool {
        if let [PathOp::MoveTo(x, y)] = path.ops.as_slice() {
            if *x == FONT_MARKER as f64 {
                self.font = if *y >= 0.0 { *y as usize } else { 0 };
                return true;
            }
            if *x == LINE_WIDTH_MARKER as f64 {
                self.line_width = y.max(0.0);
                return true;
            }
            if *x == IMAGE_MARKER as f64 {
                self.image_next = true;
                return true;
            }
        }
        false
    }
}

/// Writing direction of an advance vector (page orientation).
fn direction(ax: f64, ay: f64) -> u8 {
    if ax.abs() >= ay.abs() {
        if ax >= 0.0 {
            0
        } else {
            2
        }
    } else if ay > 0.0 {
        1
    } else {
        3
    }
}

/// Coordinates of page point `(x, y)` in the reading frame of `dir`:
/// along the text, and across it (growing from one line to the next).
pub fn reading_frame(dir: u8, x: f64, y: f64) -> (f64, f64) {
    match dir {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    }
}

impl Capture {
    /// Add the page area an image drawn under `ctm` covers (its unit
    /// square, clipped to the page).
    fn add_image(&mut self, ctm: &Transform) {
        let (w, h) = self.frame.size();
        let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
            .map(|(x, y)| self.frame.point(ctm, x, y));
        let clip = |v: f64, max: f64| {
            if v.is_finite() {
                v.clamp(0.0, max)
            } else {
                0.0
            }
        };
        let xs = corners.map(|p| clip(p.0, w));
        let ys = corners.map(|p| clip(p.1, h));
        let span = |v: [f64; 4]| {
            v.iter().cloned().fold(f64::MIN, f64::max) - v.iter().cloned().fold(f64::MAX, f64::min)
        };
        self.image_area += span(xs) * span(ys);
    }
}

impl OutputDev for Capture {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        if self.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
            self.glyphs_dropped += 1;
            return Ok(());
        }
        let text = repair_glyph_text(char);
        if text.is_empty() {
            return Ok(());
        }
        // Glyphs without a width in the font still occupy room on the page.
        let width = if width > 0.0 && width.is_finite() {
            width
        } else {
            0.5
        };
        let (ox, oy) = self.frame.point(trm, 0.0, 0.0);
        let (ax, ay) = self.frame.vector(trm, width * font_size, 0.0);
        let (ux, uy) = self.frame.vector(trm, 0.0, font_size);
        let size = (ux * ux + uy * uy).sqrt();
        if !(ox.is_finite()
            && oy.is_finite()
            && ax.is_finite()
            && ay.is_finite()
            && size.is_finite())
            || size <= 0.0
        {
            return Ok(());
        }
        let dir = if ax.abs() + ay.abs() > 1e-9 {
            direction(ax, ay)
        } else {
            // No advance: the writing direction is the up vector turned
            // a quarter clockwise.
            direction(-uy, ux)
        };
        let corners = [
            (ox - DESCENT * ux, oy - DESCENT * uy),
            (ox + ax - DESCENT * ux, oy + ay - DESCENT * uy),
            (ox + (1.0 - DESCENT) * ux, oy + (1.0 - DESCENT) * uy),
            (
                ox + ax + (1.0 - DESCENT) * ux,
                oy + ay + (1.0 - DESCENT) * uy,
            ),
        ];
        let (mut x0, mut top, mut x1, mut bottom) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in corners {
            x0 = x0.min(x);
            x1 = x1.max(x);
            top = top.min(y);
            bottom = bottom.max(y);
        }
        let (r0, rbase) = reading_frame(dir, ox, oy);
        let (r1, _) = reading_frame(dir, ox + ax, oy + ay);
        self.glyphs.push(Glyph {
            text,
            x0: x0 as f32,
            top: top as f32,
            x1: x1 as f32,
            bottom: bottom as f32,
            size: size as f32,
            font: self.font,
            dir,
            rx0: r0.min(r1) as f32,
            rx1: r0.max(r1) as f32,
            rbase: rbase as f32,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        if !self.take_marker(path) {
            let scale = (ctm.m11 * ctm.m22 - ctm.m12 * ctm.m21).abs().sqrt();
            let width = self.line_width * scale;
            self.paths.stroke(ctm, path, width, rgb(colorspace, color));
        }
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        if std::mem::take(&mut self.image_next) {
            self.add_image(ctm);
        } else {
            self.paths.fill(ctm, path, rgb(colorspace, color));
        }
        Ok(())
    }
}

/// A paint colour as RGB 0..1, when the colour space says how.
fn rgb(colorspace: &ColorSpace, color: &[f64]) -> Option<[f32; 3]> {
    let c = |v: f64| v.clamp(0.0, 1.0) as f32;
    let by_count = |color: &[f64]| match *color {
        [g] => Some([c(g), c(g), c(g)]),
        [r, g, b] => Some([c(r), c(g), c(b)]),
        [cy, m, y, k] => Some([
            c((1.0 - cy) * (1.0 - k)),
            c((1.0 - m) * (1.0 - k)),
            c((1.0 - y) * (1.0 - k)),
        ]),
        _ => None,
    };
    match colorspace {
        ColorSpace::DeviceGray
        | ColorSpace::DeviceRGB
        | ColorSpace::DeviceCMYK
        | ColorSpace::ICCBased(_)
        | ColorSpace::CalGray(_)
        | ColorSpace::CalRGB(_) => by_count(color),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_frame_turns_with_the_text() {
        assert_eq!(reading_frame(0, 3.0, 4.0), (3.0, 4.0));
        // Text running down the page: later lines lie further left.
        assert_eq!(reading_frame(1, 3.0, 4.0), (4.0, -3.0));
        assert_eq!(direction(0.0, 5.0), 1);
        assert_eq!(direction(0.0, -5.0), 3);
        assert_eq!(direction(-5.0, 1.0), 2);
    }

    #[test]
    fn colours_by_component_count() {
        assert_eq!(rgb(&ColorSpace::DeviceGray, &[0.5]), Some([0.5, 0.5, 0.5]));
        assert_eq!(
            rgb(&ColorSpace::DeviceCMYK, &[0.0, 0.0, 0.0, 1.0]),
            Some([0.0, 0.0, 0.0])
        );
        assert_eq!(rgb(&ColorSpace::Pattern, &[]), None);
    }
}
