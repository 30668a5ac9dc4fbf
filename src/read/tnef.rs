//! TODO: reader being written.

use super::{Extracted, Input, ReadError, Reader};

pub struct TnefReader;

impl Reader for TnefReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("tnef reader not built yet".into()))
    }
}
