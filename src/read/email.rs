//! TODO: reader being written.

use super::{Extracted, Input, ReadError, Reader};

pub struct EmlReader;
pub struct MsgReader;

impl Reader for EmlReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("eml reader not built yet".into()))
    }
}

impl Reader for MsgReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("msg".into()))
    }
}
