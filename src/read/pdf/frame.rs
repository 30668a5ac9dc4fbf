//! From PDF user space (origin bottom-left, y up) to the page as displayed:
//! origin top-left, y down, the page's /Rotate applied, as pdfplumber and
//! poppler report positions. A landscape table on a page stored portrait
//! with `/Rotate 90` thus comes out upright, ready for table finding.

use pdf_extract::{MediaBox, Transform};

/// The mapping for one page.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageFrame {
    llx: f64,
    ury: f64,
    /// Unrotated width and height.
    width: f64,
    height: f64,
    /// Clockwise display rotation: 0, 90, 180 or 270.
    rotation: i32,
}

impl PageFrame {
    pub fn new(media: &MediaBox, rotation: i32) -> Self {
        PageFrame {
            llx: media.llx,
            ury: media.ury,
            width: media.urx - media.llx,
            height: media.ury - media.lly,
            rotation,
        }
    }

    /// Width and height of the page as displayed.
    pub fn size(&self) -> (f64, f64) {
        if self.rotation % 180 == 90 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }

    /// A point given in user space, through `m`, on the displayed page.
    pub fn point(&self, m: &Transform, x: f64, y: f64) -> (f64, f64) {
        let px = x * m.m11 + y * m.m21 + m.m31;
        let py = x * m.m12 + y * m.m22 + m.m32;
        // Top-left origin, y down, before rotation.
        let (ux, uy) = (px - self.llx, self.ury - py);
        match self.rotation {
            90 => (self.height - uy, ux),
            180 => (self.width - ux, self.height - uy),
            270 => (uy, self.width - ux),
            _ => (ux, uy),
        }
    }

    /// A vector given in user space, through the linear part of `m`, on
    /// the displayed page.
    pub fn vector(&self, m: &Transform, x: f64, y: f64) -> (f64, f64) {
        let vx = x * m.m11 + y * m.m21;
        let vy = -(x * m.m12 + y * m.m22);
        match self.rotation {
            90 => (-vy, vx),
            180 => (-vx, -vy),
            270 => (vy, -vx),
            _ => (vx, vy),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A4: MediaBox = MediaBox {
        llx: 0.0,
        lly: 0.0,
        urx: 595.0,
        ury: 842.0,
    };

    #[test]
    fn corners_follow_the_rotation() {
        let id = Transform::identity();
        let f0 = PageFrame::new(&A4, 0);
        assert_eq!(f0.point(&id, 0.0, 842.0), (0.0, 0.0));
        let f90 = PageFrame::new(&A4, 90);
        assert_eq!(f90.size(), (842.0, 595.0));
        // Displayed clockwise: the bottom-left corner comes to the top-left.
        assert_eq!(f90.point(&id, 0.0, 0.0), (0.0, 0.0));
        assert_eq!(f90.point(&id, 0.0, 842.0), (842.0, 0.0));
        // Text running up the stored page runs left to right when shown.
        assert_eq!(f90.vector(&id, 0.0, 1.0), (1.0, 0.0));
        let f270 = PageFrame::new(&A4, 270);
        assert_eq!(f270.point(&id, 595.0, 842.0), (0.0, 0.0));
        assert_eq!(f270.vector(&id, 0.0, -1.0), (1.0, 0.0));
        let f180 = PageFrame::new(&A4, 180);
        assert_eq!(f180.point(&id, 595.0, 0.0), (0.0, 0.0));
    }

    #[test]
    fn offset_media_box() {
        let mb = MediaBox {
            llx: 100.0,
            lly: 50.0,
            urx: 200.0,
            ury: 250.0,
        };
        let f = PageFrame::new(&mb, 0);
        assert_eq!(f.point(&Transform::identity(), 100.0, 250.0), (0.0, 0.0));
        assert_eq!(f.size(), (100.0, 200.0));
    }
}
