//! TODO: reader being written.

use super::{Extracted, Input, ReadError, Reader};

pub struct SheetReader;

impl Reader for SheetReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("sheet reader not built yet".into()))
    }
}
