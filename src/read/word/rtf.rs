//! TODO: reader being written.

use crate::read::{Extracted, Input, ReadError, Reader};

pub struct RtfReader;

impl Reader for RtfReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("rtf reader not built yet".into()))
    }
}
