//! TODO: reader being written.

use crate::read::{Extracted, Input, ReadError, Reader};

pub struct OdtReader;

impl Reader for OdtReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("odt reader not built yet".into()))
    }
}
