//! Open fields (page numbers, dates, cross-references) of .docx and .doc:
//! each has a code part (`PAGE`, `DATE \@ ...`) and a result part; only
//! the result is shown. Fields nest, so the state is a stack, with a count
//! of those in their code part so "is this text shown" stays O(1).

#[derive(Debug, Default)]
pub struct FieldStack {
    /// Per open field: still in its code part.
    in_code: Vec<bool>,
    code_count: usize,
}

impl FieldStack {
    /// A field begins (its code follows).
    pub fn begin(&mut self) {
        self.in_code.push(true);
        self.code_count += 1;
    }

    /// The innermost field's result follows.
    pub fn separate(&mut self) {
        if let Some(f) = self.in_code.last_mut() {
            if *f {
                *f = false;
                self.code_count -= 1;
            }
        }
    }

    /// The innermost field ends.
    pub fn end(&mut self) {
        if self.in_code.pop() == Some(true) {
            self.code_count -= 1;
        }
    }

    /// True when text here is shown (not inside any field code).
    pub fn shown(&self) -> bool {
        self.code_count == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_fields() {
        let mut f = FieldStack::default();
        f.begin();
        assert!(!f.shown());
        f.begin();
        f.separate();
        assert!(!f.shown(), "outer code still open");
        f.end();
        f.separate();
        assert!(f.shown());
        f.end();
        f.end(); // unbalanced end: ignored
        assert!(f.shown());
    }
}
