//! Colours in the rewrite: every colour operator becomes `cs`/`sc` in a
//! device space pdf-extract understands, so fills keep their colour and
//! pattern or separation colours cannot make it panic.

use super::{num, nums, op, reals, Rewriter, Scope};
use pdf_extract::content::Operation;
use pdf_extract::Object;

/// Colour space of a fill or stroke, as far as colours are concerned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// Pattern, separation, indexed...: no colour recorded.
    Other,
}

impl Space {
    fn components(self) -> usize {
        match self {
            Space::Gray => 1,
            Space::Rgb => 3,
            Space::Cmyk => 4,
            Space::Other => 0,
        }
    }

    fn name(self) -> &'static [u8] {
        match self {
            Space::Gray => b"DeviceGray",
            Space::Rgb => b"DeviceRGB",
            Space::Cmyk => b"DeviceCMYK",
            Space::Other => b"Pattern",
        }
    }
}

impl<'a> Rewriter<'a> {
    pub(super) fn device_colour(&mut self, o: &Operation, fill: bool) {
        let space = match o.operands.len() {
            1 => Space::Gray,
            3 => Space::Rgb,
            4 => Space::Cmyk,
            _ => return,
        };
        let Some(v) = nums(o, space.components()) else {
            return;
        };
        self.use_space(space, fill);
        self.emit(op(if fill { "sc" } else { "SC" }, reals(&v)));
    }

    fn use_space(&mut self, space: Space, fill: bool) {
        if fill {
            self.state.fill = space;
        } else {
            self.state.stroke = space;
        }
        self.emit(op(
            if fill { "cs" } else { "CS" },
            vec![Object::Name(space.name().to_vec())],
        ));
    }

    pub(super) fn set_space(&mut self, o: &Operation, scope: Scope<'a>, fill: bool) {
        let Some(Object::Name(n)) = o.operands.first() else {
            return;
        };
        let space = match n.as_slice() {
            b"DeviceGray" | b"G" => Space::Gray,
            b"DeviceRGB" | b"RGB" => Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
            b"Pattern" => Space::Other,
            _ => self
                .resource(scope, b"ColorSpace", n)
                .map_or(Space::Other, |(_, cs)| self.classify_space(cs)),
        };
        self.use_space(space, fill);
    }

    /// What a colour space resource amounts to for recording colours.
    fn classify_space(&self, cs: &'a Object) -> Space {
        let (family, arg) = match cs {
            Object::Name(n) => (n.as_slice(), None),
            Object::Array(a) => match a.first() {
                Some(Object::Name(n)) => (n.as_slice(), a.get(1)),
                _ => return Space::Other,
            },
            _ => return Space::Other,
        };
        match family {
            b"DeviceGray" | b"CalGray" => Space::Gray,
            b"DeviceRGB" | b"CalRGB" => Space::Rgb,
            b"DeviceCMYK" => Space::Cmyk,
            b"ICCBased" => {
                let n = arg
                    .and_then(|o| self.deref(o))
                    .and_then(|o| o.as_stream().ok())
                    .and_then(|s| s.dict.get(b"N").ok())
                    .and_then(|o| o.as_i64().ok());
                match n {
                    Some(1) => Space::Gray,
                    Some(3) => Space::Rgb,
                    Some(4) => Space::Cmyk,
                    _ => Space::Other,
                }
            }
            _ => Space::Other,
        }
    }

    pub(super) fn set_colour(&mut self, o: &Operation, fill: bool) {
        let space = if fill {
            self.state.fill
        } else {
            self.state.stroke
        };
        let operator = if fill { "sc" } else { "SC" };
        if space == Space::Other {
            self.emit(op(operator, vec![]));
            return;
        }
        let v: Vec<f32> = o.operands.iter().filter_map(num).collect();
        if v.len() >= space.components() {
            self.emit(op(operator, reals(&v[..space.components()])));
        }
    }
}
