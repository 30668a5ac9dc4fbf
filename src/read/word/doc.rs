//! TODO: reader being written.

use crate::read::{Extracted, Input, ReadError, Reader};

pub struct DocReader;

impl Reader for DocReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("doc reader not built yet".into()))
    }
}
