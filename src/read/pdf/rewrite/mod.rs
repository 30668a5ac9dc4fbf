//! Rewriting a page's content operations into what pdf-extract 0.12.1
//! handles correctly, before it interprets them.
//!
//! pdf-extract silently drops text drawn with `'` and `"`, ignores
//! `rg`/`g`/`k` colours, never paints `f*`/`B`/`b`/`s` paths, runs Form
//! XObjects with an identity CTM (misplacing their text), decodes image
//! XObjects as if they were content, and panics on malformed operands. So:
//! - `'` becomes `T* Tj`, and `aw ac str "` becomes `aw Tw ac Tc T* Tj`;
//! - Form XObjects are inlined (`q [Matrix cm] ... Q`) with their resource
//!   names made unique, so they run with the real CTM and graphics state;
//! - colours become `cs`/`sc` in a device space pdf-extract understands;
//! - `s`, `f*`, `B`, `B*`, `b`, `b*` become the `h`/`f`/`S` it paints;
//! - images (XObject or inline) are not decoded: a scan-sized one is
//!   counted and replaced by a marked unit square, so the capture learns
//!   how much of the page it covers; `gs`, `sh`, marked content and other
//!   operators pdf-extract ignores are removed;
//! - operators with malformed operands are removed rather than panic;
//! - marker paths (see `glyphs.rs`) tell the capture the font, the line
//!   width and where images are.

mod chunks;
mod colour;
mod fonts;
mod xobject;

pub use fonts::drop_unread_font_programs;

use super::content::ContentChunks;
use super::glyphs::{FONT_MARKER, IMAGE_MARKER, LINE_WIDTH_MARKER};
use chunks::ChunkedOutput;
use colour::Space;
use pdf_extract::content::Operation;
use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// Most operations one page may expand to (forms inlined).
pub const MAX_OPERATIONS: usize = 3_000_000;
/// Deepest nesting of saved graphics states (`q`) kept. A content stream
/// of a million nested `q` would otherwise cost a copy of the state per
/// level here and in pdf-extract (5 s and 1.7 GB for a 4.5 KB file);
/// MuPDF likewise stops saving states past a fixed depth.
pub const MAX_STATE_DEPTH: usize = 1_024;
/// Deepest nesting of Form XObjects followed.
const MAX_FORM_DEPTH: usize = 12;
/// Images smaller than this many pixels (rules, logos, spacers) do not make
/// a page a scan.
const MIN_SCAN_PIXELS: i64 = 40_000;
/// Paths longer than this are not replayed to stroke them after a fill.
const MAX_REPLAYED_PATH: usize = 100_000;

/// The part of the graphics state the rewrite must follow.
#[derive(Debug, Clone, Copy)]
struct State {
    /// Index into `font_names`, or None when no usable font is set.
    font: Option<usize>,
    line_width: f32,
    fill: Space,
    stroke: Space,
}

/// Where names in the operations being rewritten are looked up.
#[derive(Clone, Copy)]
struct Scope<'a> {
    resources: Option<&'a Dictionary>,
    /// Prefix given to this scope's font names in the page's new resources.
    prefix: usize,
}

/// The result of rewriting one page.
pub struct Rewritten {
    /// The new content, in chunks pdf-extract reads one after another
    /// (see `chunks.rs`).
    pub chunks: Vec<Vec<u8>>,
    /// Font resources the new operations use, by their new names.
    pub fonts: Dictionary,
    /// Font names (BaseFont, subset tag removed) by marker index.
    pub font_names: Vec<String>,
    /// Images big enough to be a scan.
    pub images: usize,
    pub warnings: Vec<String>,
}

struct Rewriter<'a> {
    doc: &'a Document,
    out: ChunkedOutput,
    fonts: Dictionary,
    font_names: Vec<String>,
    font_index: HashMap<Vec<u8>, usize>,
    form_prefix: HashMap<ObjectId, usize>,
    form_cache: HashMap<ObjectId, std::rc::Rc<xobject::FormContent>>,
    next_prefix: usize,
    images: usize,
    warnings: Vec<String>,
    state: State,
    stack: Vec<State>,
    emitted_font: Option<usize>,
    emitted_width: Option<f32>,
    path: Vec<Operation>,
    current_point: Option<(f32, f32)>,
    subpath_start: Option<(f32, f32)>,
    forms_open: Vec<ObjectId>,
    truncated: bool,
    /// `q` past [`MAX_STATE_DEPTH`] not kept, whose `Q` is to be dropped.
    dropped_saves: usize,
}

/// Rewrite `content` (a page's) whose names resolve in `resources`.
pub fn rewrite(
    doc: &Document,
    content: &mut ContentChunks,
    resources: Option<&Dictionary>,
) -> Rewritten {
    let mut r = Rewriter {
        doc,
        out: ChunkedOutput::new(),
        fonts: Dictionary::new(),
        font_names: Vec::new(),
        font_index: HashMap::new(),
        form_prefix: HashMap::new(),
        form_cache: HashMap::new(),
        next_prefix: 1,
        images: 0,
        warnings: Vec::new(),
        state: State {
            font: None,
            line_width: 1.0,
            fill: Space::Gray,
            stroke: Space::Gray,
        },
        stack: Vec::new(),
        emitted_font: None,
        emitted_width: None,
        path: Vec::new(),
        current_point: None,
        subpath_start: None,
        forms_open: Vec::new(),
        truncated: false,
        dropped_saves: 0,
    };
    r.run_chunks(
        content,
        Scope {
            resources,
            prefix: 0,
        },
        0,
    );
    if r.truncated {
        r.warn(format!("content cut off after {MAX_OPERATIONS} operations"));
    }
    Rewritten {
        chunks: r.out.finish(),
        fonts: r.fonts,
        font_names: r.font_names,
        images: r.images,
        warnings: r.warnings,
    }
}

fn num(o: &Object) -> Option<f32> {
    match *o {
        Object::Integer(i) => Some(i as f32),
        Object::Real(f) if f.is_finite() => Some(f),
        _ => None,
    }
}

/// All operands, when they are exactly `n` numbers.
fn nums(op: &Operation, n: usize) -> Option<Vec<f32>> {
    if op.operands.len() != n {
        return None;
    }
    op.operands.iter().map(num).collect()
}

fn op(operator: &str, operands: Vec<Object>) -> Operation {
    Operation::new(operator, operands)
}

fn reals(v: &[f32]) -> Vec<Object> {
    v.iter().map(|&x| Object::Real(x)).collect()
}

/// The name a font dictionary gives itself, without a subset tag.
fn font_name(doc: &Document, font: &Dictionary, fallback: &[u8]) -> String {
    let base = font
        .get(b"BaseFont")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_name().ok())
        .unwrap_or(fallback);
    let name = String::from_utf8_lossy(base).into_owned();
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) => {
            rest.to_string()
        }
        _ => name,
    }
}

impl<'a> Rewriter<'a> {
    fn warn(&mut self, w: String) {
        if !self.warnings.contains(&w) && self.warnings.len() < 20 {
            self.warnings.push(w);
        }
    }

    fn emit(&mut self, o: Operation) {
        if self.out.len() >= MAX_OPERATIONS {
            self.truncated = true;
            return;
        }
        self.out.push(o);
    }

    fn deref(&self, o: &'a Object) -> Option<&'a Object> {
        self.doc.dereference(o).ok().map(|(_, o)| o)
    }

    /// `resources[category][name]`, dereferenced, with its object id.
    fn resource(
        &self,
        scope: Scope<'a>,
        category: &[u8],
        name: &[u8],
    ) -> Option<(Option<ObjectId>, &'a Object)> {
        let dict = self
            .deref(scope.resources?.get(category).ok()?)?
            .as_dict()
            .ok()?;
        let raw = dict.get(name).ok()?;
        self.doc.dereference(raw).ok()
    }

    /// Run content decoded a chunk at a time, never held whole.
    fn run_chunks(&mut self, content: &mut ContentChunks, scope: Scope<'a>, depth: usize) {
        let base = self.stack.len();
        while !self.truncated {
            let Some(ops) = content.next() else { break };
            self.run(&ops, scope, depth, base);
        }
    }

    /// Run `ops`; a `Q` never pops states saved before `base`.
    fn run(&mut self, ops: &[Operation], scope: Scope<'a>, depth: usize, base: usize) {
        for o in ops {
            if self.truncated {
                return;
            }
            self.operation(o, scope, depth, base);
        }
    }

    fn operation(&mut self, o: &Operation, scope: Scope<'a>, depth: usize, base: usize) {
        let name = o.operator.as_str();
        match name {
            "q" if self.stack.len() >= MAX_STATE_DEPTH => {
                if self.dropped_saves == 0 {
                    self.warn(format!(
                        "graphics states nested deeper than {MAX_STATE_DEPTH}; deeper q/Q ignored"
                    ));
                }
                self.dropped_saves += 1;
            }
            "q" => {
                self.stack.push(self.state);
                self.emit(op("q", vec![]));
            }
            "Q" if self.dropped_saves > 0 => self.dropped_saves -= 1,
            // A Q without its q in this scope would pop the caller's state.
            "Q" if self.stack.len() > base => {
                if let Some(s) = self.stack.pop() {
                    self.state = s;
                }
                self.emit(op("Q", vec![]));
            }
            "cm" | "Tm" => self.numeric(o, 6),
            "Td" | "TD" => self.numeric(o, 2),
            "Tc" | "Tw" | "Tz" | "TL" | "Ts" => self.numeric(o, 1),
            "BT" | "ET" | "T*" => self.emit(op(name, vec![])),
            "w" => {
                if let Some(v) = nums(o, 1) {
                    self.state.line_width = v[0].max(0.0);
                }
            }
            "Tf" => self.set_font(o, scope),
            "Tj" => {
                if let [s @ Object::String(..)] = o.operands.as_slice() {
                    self.show(op("Tj", vec![s.clone()]));
                }
            }
            "TJ" => {
                if let [a @ Object::Array(_)] = o.operands.as_slice() {
                    self.show(op("TJ", vec![a.clone()]));
                }
            }
            "'" => {
                if let [s @ Object::String(..)] = o.operands.as_slice() {
                    self.emit(op("T*", vec![]));
                    self.show(op("Tj", vec![s.clone()]));
                }
            }
            "\"" => {
                if let [aw, ac, s @ Object::String(..)] = o.operands.as_slice() {
                    if let (Some(aw), Some(ac)) = (num(aw), num(ac)) {
                        self.emit(op("Tw", vec![Object::Real(aw)]));
                        self.emit(op("Tc", vec![Object::Real(ac)]));
                        self.emit(op("T*", vec![]));
                        self.show(op("Tj", vec![s.clone()]));
                    }
                }
            }
            "m" | "l" | "c" | "v" | "y" | "re" | "h" => self.path_op(o),
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n" => self.paint(name),
            "g" | "rg" | "k" => self.device_colour(o, true),
            "G" | "RG" | "K" => self.device_colour(o, false),
            "cs" | "CS" => self.set_space(o, scope, name == "cs"),
            "sc" | "scn" | "SC" | "SCN" => self.set_colour(o, name.starts_with('s')),
            "Do" => self.xobject(o, scope, depth),
            "BI" => {
                let big = match o.operands.first() {
                    Some(Object::Stream(s)) => {
                        let dim = |a: &[u8], b: &[u8]| {
                            s.dict
                                .get(a)
                                .or_else(|_| s.dict.get(b))
                                .ok()
                                .and_then(|o| o.as_i64().ok())
                                .unwrap_or(0)
                        };
                        dim(b"W", b"Width").saturating_mul(dim(b"H", b"Height")) >= MIN_SCAN_PIXELS
                    }
                    _ => false,
                };
                if big {
                    self.image();
                }
            }
            // Everything else pdf-extract ignores or mishandles (gs applies
            // only soft masks and panics on odd ones): left out.
            _ => {}
        }
    }

    fn numeric(&mut self, o: &Operation, n: usize) {
        if let Some(v) = nums(o, n) {
            self.emit(op(&o.operator, reals(&v)));
        }
    }

    fn set_font(&mut self, o: &Operation, scope: Scope<'a>) {
        let (Some(Object::Name(res_name)), Some(size)) =
            (o.operands.first(), o.operands.get(1).and_then(num))
        else {
            return;
        };
        let Some((id, font)) = self.resource(scope, b"Font", res_name) else {
            self.state.font = None;
            self.warn(format!(
                "font /{} missing: its text is lost",
                String::from_utf8_lossy(res_name)
            ));
            return;
        };
        let Ok(dict) = font.as_dict() else {
            self.state.font = None;
            return;
        };
        let mut new_name = res_name.clone();
        if scope.prefix > 0 {
            new_name = format!("x{}_", scope.prefix).into_bytes();
            new_name.extend_from_slice(res_name);
        }
        let index = match self.font_index.get(&new_name) {
            Some(&i) => i,
            None => {
                let i = self.font_names.len();
                self.font_names.push(font_name(self.doc, dict, res_name));
                self.font_index.insert(new_name.clone(), i);
                self.fonts
                    .set(new_name.clone(), fonts::font_entry(self.doc, id, dict));
                i
            }
        };
        self.state.font = Some(index);
        self.emit(op("Tf", vec![Object::Name(new_name), Object::Real(size)]));
    }

    /// A text-showing operation, preceded by a font marker when the font
    /// differs from the last one the capture was told.
    fn show(&mut self, o: Operation) {
        let Some(font) = self.state.font else {
            self.warn("text shown without a font is lost".into());
            return;
        };
        if self.emitted_font != Some(font) {
            self.marker(FONT_MARKER, Object::Integer(font as i64));
            self.emitted_font = Some(font);
        }
        self.emit(o);
    }

    /// An image big enough to be a scan is drawn here: count it, and let
    /// the capture measure where it lands (images fill the unit square of
    /// the current CTM).
    fn image(&mut self) {
        self.images += 1;
        self.marker(IMAGE_MARKER, Object::Integer(0));
        self.emit(op("re", reals(&[0.0, 0.0, 1.0, 1.0])));
        self.emit(op("f", vec![]));
    }

    fn marker(&mut self, x: i64, y: Object) {
        if !self.path.is_empty() {
            // A path left open before text is invalid; discard it.
            self.emit(op("n", vec![]));
            self.path.clear();
        }
        self.emit(op("m", vec![Object::Integer(x), y]));
        self.emit(op("S", vec![]));
    }

    fn path_op(&mut self, o: &Operation) {
        let n = match o.operator.as_str() {
            "m" | "l" => 2,
            "c" => 6,
            "v" | "y" | "re" => 4,
            _ => 0,
        };
        let Some(v) = nums(o, n) else { return };
        if self.path.is_empty() && self.emitted_width != Some(self.state.line_width) {
            self.marker(LINE_WIDTH_MARKER, Object::Real(self.state.line_width));
            self.emitted_width = Some(self.state.line_width);
        }
        let new = match o.operator.as_str() {
            "m" => {
                self.subpath_start = Some((v[0], v[1]));
                self.current_point = self.subpath_start;
                op("m", reals(&v))
            }
            "l" => {
                self.current_point = Some((v[0], v[1]));
                op("l", reals(&v))
            }
            "c" => {
                self.current_point = Some((v[4], v[5]));
                op("c", reals(&v))
            }
            // pdf-extract panics on `v` after `re` or `h`: spell it as `c`.
            "v" => {
                let Some((x, y)) = self.current_point else {
                    return;
                };
                self.current_point = Some((v[2], v[3]));
                op("c", reals(&[x, y, v[0], v[1], v[2], v[3]]))
            }
            "y" => {
                self.current_point = Some((v[2], v[3]));
                op("y", reals(&v))
            }
            "re" => {
                self.subpath_start = Some((v[0], v[1]));
                self.current_point = self.subpath_start;
                op("re", reals(&v))
            }
            _ => {
                self.current_point = self.subpath_start;
                op("h", vec![])
            }
        };
        if self.path.len() < MAX_REPLAYED_PATH {
            self.path.push(new.clone());
        }
        self.emit(new);
    }

    fn paint(&mut self, name: &str) {
        let close = matches!(name, "s" | "b" | "b*");
        if close {
            self.emit(op("h", vec![]));
            self.path.push(op("h", vec![]));
        }
        match name {
            "S" | "s" => self.emit(op("S", vec![])),
            "f" | "F" | "f*" => self.emit(op("f", vec![])),
            "B" | "B*" | "b" | "b*" => {
                self.emit(op("f", vec![]));
                if self.path.len() < MAX_REPLAYED_PATH {
                    let replay = std::mem::take(&mut self.path);
                    for o in replay {
                        self.emit(o);
                    }
                    self.emit(op("S", vec![]));
                }
            }
            _ => self.emit(op("n", vec![])),
        }
        self.path.clear();
        self.current_point = None;
        self.subpath_start = None;
    }
}
