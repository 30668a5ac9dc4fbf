//! TODO: reader being written.

use crate::read::{Extracted, Input, ReadError, Reader};

pub struct DocxReader;

impl Reader for DocxReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("docx reader not built yet".into()))
    }
}
