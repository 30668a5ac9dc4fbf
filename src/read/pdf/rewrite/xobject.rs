//! XObjects in the rewrite: images are never decoded (scan-sized ones are
//! counted and marked), Form XObjects are inlined with their matrix and
//! their own resource names, each decoded once however often it is drawn
//! (a long one is kept as bytes and decoded a chunk at a time, as a page).

use super::{num, op, reals, Rewriter, Scope, MAX_FORM_DEPTH, MIN_SCAN_PIXELS};
use crate::read::pdf::content::{ContentChunks, CHUNK_BYTES};
use pdf_extract::content::{Content, Operation};
use pdf_extract::{Object, ObjectId};
use std::rc::Rc;

/// A form's content as kept between the times it is drawn.
pub(super) enum FormContent {
    Operations(Vec<Operation>),
    /// Longer than one chunk: decoded each time, never held whole.
    Bytes(Vec<u8>),
}

impl<'a> Rewriter<'a> {
    pub(super) fn xobject(&mut self, o: &Operation, scope: Scope<'a>, depth: usize) {
        let Some(Object::Name(n)) = o.operands.first() else {
            return;
        };
        let Some((id, obj)) = self.resource(scope, b"XObject", n) else {
            return;
        };
        let Ok(stream) = obj.as_stream() else { return };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        match subtype {
            b"Image" => {
                let dim = |k: &[u8]| {
                    stream
                        .dict
                        .get(k)
                        .ok()
                        .and_then(|o| self.deref(o))
                        .and_then(|o| o.as_i64().ok())
                        .unwrap_or(0)
                };
                if dim(b"Width").saturating_mul(dim(b"Height")) >= MIN_SCAN_PIXELS {
                    self.image();
                }
            }
            b"Form" => self.inline_form(stream, id, scope, depth),
            _ => {}
        }
    }

    fn inline_form(
        &mut self,
        stream: &'a pdf_extract::Stream,
        id: Option<ObjectId>,
        scope: Scope<'a>,
        depth: usize,
    ) {
        if depth >= MAX_FORM_DEPTH || id.is_some_and(|id| self.forms_open.contains(&id)) {
            self.warn("form XObjects nested too deep or in a loop: skipped".into());
            return;
        }
        let Some(content) = self.form_content(stream, id) else {
            return;
        };
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| self.deref(o))
            .and_then(|o| o.as_dict().ok());
        let inner = match own {
            Some(res) => {
                let prefix = match id {
                    Some(id) => match self.form_prefix.get(&id) {
                        Some(&p) => p,
                        None => {
                            let p = self.next_prefix;
                            self.next_prefix += 1;
                            self.form_prefix.insert(id, p);
                            p
                        }
                    },
                    None => {
                        self.next_prefix += 1;
                        self.next_prefix - 1
                    }
                };
                Scope {
                    resources: Some(res),
                    prefix,
                }
            }
            // A form without resources uses its caller's.
            None => scope,
        };
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| self.deref(o))
            .and_then(|o| o.as_array().ok())
            .filter(|a| a.len() == 6)
            .and_then(|a| a.iter().map(num).collect::<Option<Vec<f32>>>());
        let outer = self.stack.len();
        self.stack.push(self.state);
        self.emit(op("q", vec![]));
        if let Some(m) = matrix {
            self.emit(op("cm", reals(&m)));
        }
        if let Some(id) = id {
            self.forms_open.push(id);
        }
        match &*content {
            FormContent::Operations(ops) => {
                let base = self.stack.len();
                self.run(ops, inner, depth + 1, base);
            }
            FormContent::Bytes(bytes) => {
                let mut chunks = ContentChunks::new(bytes, Vec::new());
                self.run_chunks(&mut chunks, inner, depth + 1);
                for w in chunks.warnings {
                    self.warn(format!("a form XObject: {w}"));
                }
            }
        }
        if id.is_some() {
            self.forms_open.pop();
        }
        // Close whatever the form left open, then the form itself.
        while self.stack.len() > outer {
            if let Some(s) = self.stack.pop() {
                self.state = s;
            }
            self.emit(op("Q", vec![]));
        }
        self.path.clear();
    }

    /// The content of a form, from the cache when drawn before.
    fn form_content(
        &mut self,
        stream: &pdf_extract::Stream,
        id: Option<ObjectId>,
    ) -> Option<Rc<FormContent>> {
        if let Some(ops) = id.and_then(|id| self.form_cache.get(&id)) {
            return Some(ops.clone());
        }
        let content = match stream.decompressed_content() {
            Ok(c) => c,
            Err(e) => {
                self.warn(format!("a form XObject could not be decompressed: {e}"));
                return None;
            }
        };
        let form = if content.len() > CHUNK_BYTES {
            FormContent::Bytes(content)
        } else {
            let Ok(content) = Content::decode(&content) else {
                self.warn("a form XObject's content could not be parsed".into());
                return None;
            };
            FormContent::Operations(content.operations)
        };
        let ops = Rc::new(form);
        if let Some(id) = id {
            self.form_cache.insert(id, ops.clone());
        }
        Some(ops)
    }
}
