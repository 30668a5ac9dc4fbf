//! TODO: reader being written.

pub mod table;

use crate::read::{Extracted, Input, ReadError, Reader};

pub struct PdfReader;

impl Reader for PdfReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("pdf reader not built yet".into()))
    }
}
