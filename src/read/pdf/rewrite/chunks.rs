//! The rewritten content as encoded chunks that pdf-extract reads one at a
//! time. pdf-extract decodes a whole content stream into `Operation`s
//! before it interprets any (about 100 bytes of memory per content byte),
//! so a long page is handed to it in chunks of at most about
//! [`CHUNK_OPERATIONS`] operations.
//!
//! Each chunk starts where pdf-extract's state can be rebuilt exactly: no
//! path under construction, every saved state saved outside a text object,
//! and either outside a text object (its text matrices are then the
//! identity) or inside one where no text has been shown since the text
//! line matrix was last set (the text matrix is then the line matrix, made
//! by a `Tm` and the moves after it). A chunk after the first opens with a
//! prologue that rebuilds the state the previous chunks left: for each
//! saved graphics state and then the current one, the `cm`s applied at that
//! level in order and the last text-state and colour operators, in the
//! order they were given, then `q` for each saved level; inside a text
//! object, `BT` and the text moves since it began. Replaying the operators
//! pdf-extract read (never a computed matrix) gives it the same numbers to
//! the last bit.

use pdf_extract::content::{Content, Operation};

/// Operations after which a chunk ends at the next point it can.
pub const CHUNK_OPERATIONS: usize = 20_000;
/// Operations encoded together.
const ENCODE_BATCH: usize = 1024;
/// Most `cm`s one level of saved states may replay; past it the level
/// cannot be rebuilt and no chunk ends until it is restored.
const MAX_REPLAYED_CM: usize = 64;
/// Most text moves (`Tm` and the `Td`s after it) replayed; past it no chunk
/// ends until the next `Tm` or the end of the text object.
const MAX_REPLAYED_MOVES: usize = 64;

/// Operators whose last value at a level is all a prologue needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    Font,
    CharSpacing,
    WordSpacing,
    Scaling,
    Leading,
    Rise,
    FillSpace,
    FillColour,
    StrokeSpace,
    StrokeColour,
}

impl Setting {
    fn of(operator: &str) -> Option<Setting> {
        Some(match operator {
            "Tf" => Setting::Font,
            "Tc" => Setting::CharSpacing,
            "Tw" => Setting::WordSpacing,
            "Tz" => Setting::Scaling,
            "TL" | "TD" => Setting::Leading,
            "Ts" => Setting::Rise,
            "cs" => Setting::FillSpace,
            "sc" => Setting::FillColour,
            "CS" => Setting::StrokeSpace,
            "SC" => Setting::StrokeColour,
            _ => return None,
        })
    }
}

/// What one level of graphics states changed since its `q`.
#[derive(Debug, Default)]
struct Level {
    cms: Vec<Operation>,
    /// The last operator of each setting, in the order given.
    settings: Vec<(Setting, Operation)>,
    /// Saved inside a text object (so with a text matrix not known here),
    /// or given too many `cm`s: not rebuilt.
    unrebuildable: bool,
}

impl Level {
    fn record(&mut self, setting: Setting, o: &Operation) {
        self.settings.retain(|(s, _)| *s != setting);
        let o = match (o.operator.as_str(), o.operands.as_slice()) {
            // TD sets the leading to minus its ty.
            ("TD", [_, ty]) => {
                let ty = match *ty {
                    pdf_extract::Object::Real(f) => f,
                    pdf_extract::Object::Integer(i) => i as f32,
                    _ => return,
                };
                Operation::new("TL", vec![pdf_extract::Object::Real(-ty)])
            }
            _ => o.clone(),
        };
        self.settings.push((setting, o));
    }
}

/// Rewritten operations, encoded into chunks as they are emitted.
#[derive(Debug)]
pub struct ChunkedOutput {
    chunks: Vec<Vec<u8>>,
    current: Vec<u8>,
    pending: Vec<Operation>,
    in_chunk: usize,
    total: usize,
    levels: Vec<Level>,
    in_text: bool,
    /// Since the text object began: the last `Tm` and the moves after it,
    /// each as a `Td`; None when they are too many to replay.
    text_moves: Option<Vec<Operation>>,
    /// The text matrix is no longer the line matrix: text was shown, or a
    /// state restored, since the last move.
    text_shown: bool,
    path_open: bool,
    chunk_operations: usize,
}

impl ChunkedOutput {
    pub fn new() -> Self {
        ChunkedOutput {
            chunks: Vec::new(),
            current: Vec::new(),
            pending: Vec::new(),
            in_chunk: 0,
            total: 0,
            levels: vec![Level::default()],
            in_text: false,
            text_moves: None,
            text_shown: false,
            path_open: false,
            chunk_operations: CHUNK_OPERATIONS,
        }
    }

    #[cfg(test)]
    pub fn with_chunk_operations(mut self, n: usize) -> Self {
        self.chunk_operations = n;
        self
    }

    /// Operations emitted so far.
    pub fn len(&self) -> usize {
        self.total
    }

    pub fn push(&mut self, o: Operation) {
        self.track(&o);
        self.pending.push(o);
        self.total += 1;
        self.in_chunk += 1;
        if self.pending.len() >= ENCODE_BATCH {
            self.encode_pending();
        }
        if self.in_chunk >= self.chunk_operations && self.can_break() {
            self.encode_pending();
            let prologue = self.prologue();
            self.chunks
                .push(std::mem::replace(&mut self.current, prologue));
            self.in_chunk = 0;
        }
    }

    /// The encoded chunks, in order.
    pub fn finish(mut self) -> Vec<Vec<u8>> {
        self.encode_pending();
        // A chunk of nothing but a prologue draws nothing.
        if self.in_chunk > 0 || self.chunks.is_empty() {
            self.chunks.push(self.current);
        }
        self.chunks
    }

    /// Follow the state pdf-extract will be in after `o`.
    fn track(&mut self, o: &Operation) {
        let name = o.operator.as_str();
        if let Some(setting) = Setting::of(name) {
            self.level().record(setting, o);
        }
        match name {
            "q" => {
                let unrebuildable = self.in_text;
                self.levels.push(Level {
                    unrebuildable,
                    ..Level::default()
                });
            }
            // pdf-extract ignores a Q with nothing saved. Inside a text
            // object Q brings back a text matrix saved earlier.
            "Q" if self.levels.len() > 1 => {
                self.levels.pop();
                self.text_shown = true;
            }
            "BT" => {
                self.in_text = true;
                self.text_moves = Some(Vec::new());
                self.text_shown = false;
            }
            "ET" => {
                self.in_text = false;
                self.text_moves = None;
            }
            "Tm" => {
                self.text_moves = Some(vec![o.clone()]);
                self.text_shown = false;
            }
            "Td" | "TD" => self.text_move(o.operands.clone()),
            // T* moves down by the leading of the moment; as a Td it does
            // not depend on the leading the prologue sets.
            "T*" => {
                let leading = self.leading();
                self.text_move(vec![pdf_extract::Object::Real(0.0), leading]);
            }
            "Tj" | "TJ" => self.text_shown = true,
            "m" | "l" | "c" | "v" | "y" | "re" | "h" => self.path_open = true,
            "S" | "f" | "F" | "n" => self.path_open = false,
            "cm" => {
                let level = self.level();
                if level.cms.len() < MAX_REPLAYED_CM {
                    level.cms.push(o.clone());
                } else {
                    level.unrebuildable = true;
                }
            }
            _ => {}
        }
    }

    fn text_move(&mut self, operands: Vec<pdf_extract::Object>) {
        self.text_shown = false;
        if let Some(moves) = &mut self.text_moves {
            match moves.len() < MAX_REPLAYED_MOVES {
                true => moves.push(Operation::new("Td", operands)),
                false => self.text_moves = None,
            }
        }
    }

    /// Minus the leading now in force, as the `ty` of the move `T*` makes.
    fn leading(&self) -> pdf_extract::Object {
        let set = self.levels.iter().rev().find_map(|l| {
            l.settings
                .iter()
                .find(|(s, _)| *s == Setting::Leading)
                .and_then(|(_, o)| o.operands.first())
        });
        match set {
            Some(&pdf_extract::Object::Real(f)) => pdf_extract::Object::Real(-f),
            Some(&pdf_extract::Object::Integer(i)) => pdf_extract::Object::Real(-(i as f32)),
            _ => pdf_extract::Object::Real(-0.0),
        }
    }

    fn level(&mut self) -> &mut Level {
        let last = self.levels.len() - 1;
        &mut self.levels[last]
    }

    fn can_break(&self) -> bool {
        (!self.in_text || (self.text_moves.is_some() && !self.text_shown))
            && !self.path_open
            && self.levels.iter().all(|l| !l.unrebuildable)
    }

    /// The operations that rebuild the current state from a fresh one.
    fn prologue(&self) -> Vec<u8> {
        let mut ops = Vec::new();
        for (i, level) in self.levels.iter().enumerate() {
            if i > 0 {
                ops.push(Operation::new("q", vec![]));
            }
            ops.extend(level.cms.iter().cloned());
            ops.extend(level.settings.iter().map(|(_, o)| o.clone()));
        }
        if let (true, Some(moves)) = (self.in_text, &self.text_moves) {
            ops.push(Operation::new("BT", vec![]));
            ops.extend(moves.iter().cloned());
        }
        encode(&ops)
    }

    fn encode_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        if !self.current.is_empty() {
            self.current.push(b'\n');
        }
        self.current.extend(encode(&self.pending));
        self.pending.clear();
    }
}

fn encode(ops: &[Operation]) -> Vec<u8> {
    // Encoding writes to a Vec and cannot fail for the objects made here.
    Content { operations: ops }.encode().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::Object;

    fn op(name: &str, operands: &[f32]) -> Operation {
        Operation::new(name, operands.iter().map(|&x| Object::Real(x)).collect())
    }

    fn text(chunk: &[u8]) -> String {
        String::from_utf8_lossy(chunk).into_owned()
    }

    #[test]
    fn a_chunk_starts_with_the_state_the_last_one_left() {
        let mut out = ChunkedOutput::new().with_chunk_operations(3);
        out.push(op("cm", &[2.0, 0.0, 0.0, 2.0, 0.0, 0.0]));
        out.push(Operation::new(
            "Tf",
            vec![Object::Name(b"F1".to_vec()), Object::Real(9.0)],
        ));
        out.push(op("q", &[]));
        out.push(op("cm", &[1.0, 0.0, 0.0, 1.0, 5.0, 5.0]));
        out.push(op("sc", &[0.5]));
        out.push(op("cs", &[]));
        out.push(op("BT", &[]));
        out.push(op("TD", &[0.0, -12.0]));
        out.push(op("ET", &[]));
        out.push(op("S", &[]));
        let chunks: Vec<String> = out.finish().iter().map(|c| text(c)).collect();
        assert_eq!(chunks.len(), 4, "{chunks:?}");
        assert_eq!(chunks[0], "2 0 0 2 0 0 cm\n/F1 9 Tf\nq");
        let rebuilt = "2 0 0 2 0 0 cm\n/F1 9 Tf\nq\n1 0 0 1 5 5 cm\n0.5 sc\ncs";
        assert_eq!(chunks[2], format!("{rebuilt}\nBT\n0 -12 TD\nET"));
        // TD set the leading; the text matrices need nothing after ET.
        assert_eq!(chunks[3], format!("{rebuilt}\n12 TL\nS"));
    }

    #[test]
    fn no_chunk_ends_after_text_is_shown_or_inside_a_path() {
        let mut out = ChunkedOutput::new().with_chunk_operations(1);
        for name in ["BT", "Tj", "Tj", "ET", "m", "l", "S", "BT", "Tj"] {
            out.push(op(name, &[]));
        }
        let chunks: Vec<String> = out.finish().iter().map(|c| text(c)).collect();
        assert_eq!(chunks, ["BT", "BT\nTj\nTj\nET", "m\nl\nS", "BT", "BT\nTj"]);
    }

    #[test]
    fn a_chunk_inside_text_replays_the_text_moves() {
        let mut out = ChunkedOutput::new().with_chunk_operations(4);
        out.push(op("TL", &[14.0]));
        out.push(op("BT", &[]));
        out.push(op("Tm", &[1.0, 0.0, 0.0, 1.0, 72.0, 700.0]));
        out.push(op("Tj", &[]));
        // No break after the Tj (the text matrix moved on): the T* puts it
        // back on the line matrix, now moved by the leading.
        out.push(op("T*", &[]));
        out.push(op("TL", &[20.0]));
        out.push(op("Tj", &[]));
        let chunks: Vec<String> = out.finish().iter().map(|c| text(c)).collect();
        assert_eq!(chunks[0], "14 TL\nBT\n1 0 0 1 72 700 Tm\nTj\nT*");
        assert_eq!(
            chunks[1],
            "14 TL\nBT\n1 0 0 1 72 700 Tm\n0 -14 Td\n20 TL\nTj"
        );
    }
}
