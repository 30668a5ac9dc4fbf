//! Turning painted paths into ruling segments and rectangles, with the CTM
//! applied and the y axis flipped to the page's top-left origin.
//!
//! What becomes what (the table finder relies on it):
//! - a stroked straight line that is horizontal or vertical: a `Segment`;
//! - a stroked rectangle: a `Rect` (stroked) *and* its four sides as
//!   segments, since boxes drawn that way are usually cell borders;
//! - a filled rectangle thinner than [`THIN_RULE`] in one direction: a
//!   `Segment` along its length (Word and LibreOffice draw table borders so);
//! - any other filled rectangle (also a closed four-corner polygon): a
//!   filled `Rect` with its colour.
//!
//! Curves and slanted lines are not rulings and are left out.

use super::frame::PageFrame;
use crate::doc::{Rect, Segment};
use pdf_extract::{Path, PathOp, Transform};

/// Most segments plus rectangles kept for one page.
pub const MAX_PATH_ITEMS: usize = 500_000;
/// A filled rectangle thinner than this (points) is a rule, not a box.
pub const THIN_RULE: f64 = 2.0;
/// Two coordinates closer than this (points) count as equal when deciding
/// whether a line is horizontal or vertical.
const AXIS_TOLERANCE: f64 = 0.5;

/// Collects the rulings and rectangles of one page.
#[derive(Debug, Default)]
pub struct PathSink {
    frame: PageFrame,
    pub segments: Vec<Segment>,
    pub rects: Vec<Rect>,
    /// Items not kept because the page passed [`MAX_PATH_ITEMS`].
    pub dropped: u64,
}

type Point = (f64, f64);

impl PathSink {
    pub fn new(frame: PageFrame) -> Self {
        PathSink {
            frame,
            ..Default::default()
        }
    }

    fn point(&self, m: &Transform, x: f64, y: f64) -> Point {
        self.frame.point(m, x, y)
    }

    fn full(&mut self) -> bool {
        if self.segments.len() + self.rects.len() >= MAX_PATH_ITEMS {
            self.dropped += 1;
            true
        } else {
            false
        }
    }

    fn push_segment(&mut self, a: Point, b: Point, width: f64) {
        if self.full()
            || !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite())
        {
            return;
        }
        let horizontal = (a.1 - b.1).abs() <= AXIS_TOLERANCE;
        let vertical = (a.0 - b.0).abs() <= AXIS_TOLERANCE;
        if !(horizontal || vertical) || (horizontal && vertical) {
            return;
        }
        self.segments.push(Segment {
            x0: a.0.min(b.0) as f32,
            y0: a.1.min(b.1) as f32,
            x1: a.0.max(b.0) as f32,
            y1: a.1.max(b.1) as f32,
            width: width as f32,
        });
    }

    /// A stroked path.
    pub fn stroke(&mut self, ctm: &Transform, path: &Path, width: f64, _color: Option<[f32; 3]>) {
        let mut start: Option<Point> = None;
        let mut current: Option<Point> = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    let p = self.point(ctm, x, y);
                    start = Some(p);
                    current = Some(p);
                }
                PathOp::LineTo(x, y) => {
                    let p = self.point(ctm, x, y);
                    if let Some(c) = current {
                        self.push_segment(c, p, width);
                    }
                    current = Some(p);
                }
                PathOp::CurveTo(_, _, _, _, x, y) => current = Some(self.point(ctm, x, y)),
                PathOp::Rect(x, y, w, h) => {
                    if let Some(corners) = self.rect_corners(ctm, x, y, w, h) {
                        for i in 0..4 {
                            self.push_segment(corners[i], corners[(i + 1) % 4], width);
                        }
                        self.push_rect(&corners, false, true, None);
                    }
                    let p = self.point(ctm, x, y);
                    start = Some(p);
                    current = Some(p);
                }
                PathOp::Close => {
                    if let (Some(c), Some(s)) = (current, start) {
                        self.push_segment(c, s, width);
                    }
                    current = start;
                }
            }
        }
    }

    /// A filled path.
    pub fn fill(&mut self, ctm: &Transform, path: &Path, color: Option<[f32; 3]>) {
        let mut polygon: Vec<Point> = Vec::new();
        let mut curved = false;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    self.fill_polygon(&polygon, curved, color);
                    polygon.clear();
                    curved = false;
                    polygon.push(self.point(ctm, x, y));
                }
                PathOp::LineTo(x, y) => polygon.push(self.point(ctm, x, y)),
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    curved = true;
                    polygon.push(self.point(ctm, x, y));
                }
                PathOp::Rect(x, y, w, h) => {
                    if let Some(corners) = self.rect_corners(ctm, x, y, w, h) {
                        self.fill_box(&corners, color);
                    }
                }
                PathOp::Close => {}
            }
            if polygon.len() > 16 {
                // Not a rectangle; stop collecting its points.
                curved = true;
                polygon.truncate(1);
            }
        }
        self.fill_polygon(&polygon, curved, color);
    }

    /// A filled subpath that is an axis-aligned rectangle (four corners,
    /// perhaps with the first repeated) is filled like `re`.
    fn fill_polygon(&mut self, polygon: &[Point], curved: bool, color: Option<[f32; 3]>) {
        if curved {
            return;
        }
        let mut pts = polygon.to_vec();
        if pts.len() == 5 && close(pts[0], pts[4]) {
            pts.pop();
        }
        if pts.len() != 4 {
            return;
        }
        let axis_aligned = (0..4).all(|i| {
            let (a, b) = (pts[i], pts[(i + 1) % 4]);
            (a.0 - b.0).abs() <= AXIS_TOLERANCE || (a.1 - b.1).abs() <= AXIS_TOLERANCE
        });
        if axis_aligned {
            let corners = [pts[0], pts[1], pts[2], pts[3]];
            self.fill_box(&corners, color);
        }
    }

    /// Corners of `re` in page space, when the CTM keeps it axis-aligned.
    fn rect_corners(&self, ctm: &Transform, x: f64, y: f64, w: f64, h: f64) -> Option<[Point; 4]> {
        let c = [
            self.point(ctm, x, y),
            self.point(ctm, x + w, y),
            self.point(ctm, x + w, y + h),
            self.point(ctm, x, y + h),
        ];
        let aligned = (0..4).all(|i| {
            let (a, b) = (c[i], c[(i + 1) % 4]);
            (a.0 - b.0).abs() <= AXIS_TOLERANCE || (a.1 - b.1).abs() <= AXIS_TOLERANCE
        });
        let finite = c.iter().all(|p| p.0.is_finite() && p.1.is_finite());
        (aligned && finite).then_some(c)
    }

    /// A filled axis-aligned box: a rule when thin, else a rectangle.
    fn fill_box(&mut self, corners: &[Point; 4], color: Option<[f32; 3]>) {
        let (x0, top, x1, bottom) = bounds(corners);
        let (w, h) = (x1 - x0, bottom - top);
        if w < THIN_RULE && h < THIN_RULE {
            // A dot (often the corner where two borders meet).
            return;
        }
        if h < THIN_RULE {
            let y = (top + bottom) / 2.0;
            self.push_segment((x0, y), (x1, y), h);
        } else if w < THIN_RULE {
            let x = (x0 + x1) / 2.0;
            self.push_segment((x, top), (x, bottom), w);
        } else {
            self.push_rect(corners, true, false, color);
        }
    }

    fn push_rect(
        &mut self,
        corners: &[Point; 4],
        filled: bool,
        stroked: bool,
        fill: Option<[f32; 3]>,
    ) {
        if self.full() {
            return;
        }
        let (x0, top, x1, bottom) = bounds(corners);
        self.rects.push(Rect {
            x0: x0 as f32,
            top: top as f32,
            x1: x1 as f32,
            bottom: bottom as f32,
            filled,
            stroked,
            fill: if filled { fill } else { None },
        });
    }
}

fn close(a: Point, b: Point) -> bool {
    (a.0 - b.0).abs() <= AXIS_TOLERANCE && (a.1 - b.1).abs() <= AXIS_TOLERANCE
}

fn bounds(c: &[Point; 4]) -> (f64, f64, f64, f64) {
    let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in c {
        b.0 = b.0.min(p.0);
        b.1 = b.1.min(p.1);
        b.2 = b.2.max(p.0);
        b.3 = b.3.max(p.1);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sink() -> PathSink {
        // A 100-point-high page: y flips to 100 - y.
        let media = pdf_extract::MediaBox {
            llx: 0.0,
            lly: 0.0,
            urx: 100.0,
            ury: 100.0,
        };
        PathSink::new(PageFrame::new(&media, 0))
    }

    #[test]
    fn thin_filled_rect_is_a_rule() {
        let mut s = sink();
        let path = Path {
            ops: vec![PathOp::Rect(10.0, 50.0, 80.0, 0.5)],
        };
        s.fill(&Transform::identity(), &path, Some([0.0, 0.0, 0.0]));
        assert!(s.rects.is_empty());
        assert_eq!(s.segments.len(), 1);
        let seg = &s.segments[0];
        assert_eq!((seg.x0, seg.x1), (10.0, 90.0));
        assert!((seg.y0 - 49.75).abs() < 1e-4 && seg.y0 == seg.y1);
    }

    #[test]
    fn stroked_rect_gives_box_and_sides_with_ctm() {
        let mut s = sink();
        let path = Path {
            ops: vec![PathOp::Rect(0.0, 0.0, 10.0, 5.0)],
        };
        let ctm = Transform::row_major(2.0, 0.0, 0.0, 2.0, 10.0, 10.0);
        s.stroke(&ctm, &path, 1.0, None);
        assert_eq!(s.segments.len(), 4);
        assert_eq!(s.rects.len(), 1);
        let r = &s.rects[0];
        assert_eq!((r.x0, r.top, r.x1, r.bottom), (10.0, 80.0, 30.0, 90.0));
        assert!(r.stroked && !r.filled);
    }

    #[test]
    fn filled_polygon_box_keeps_colour_and_curves_are_skipped() {
        let mut s = sink();
        let path = Path {
            ops: vec![
                PathOp::MoveTo(0.0, 0.0),
                PathOp::LineTo(20.0, 0.0),
                PathOp::LineTo(20.0, 10.0),
                PathOp::LineTo(0.0, 10.0),
                PathOp::Close,
                PathOp::MoveTo(50.0, 50.0),
                PathOp::CurveTo(60.0, 60.0, 70.0, 60.0, 80.0, 50.0),
            ],
        };
        s.fill(&Transform::identity(), &path, Some([1.0, 0.0, 0.0]));
        assert_eq!(s.rects.len(), 1);
        assert_eq!(s.rects[0].fill, Some([1.0, 0.0, 0.0]));
        let diagonal = Path {
            ops: vec![PathOp::MoveTo(0.0, 0.0), PathOp::LineTo(30.0, 30.0)],
        };
        s.stroke(&Transform::identity(), &diagonal, 1.0, None);
        assert!(s.segments.is_empty());
    }
}
