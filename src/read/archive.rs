//! TODO: reader being written.

use super::{Extracted, Input, ReadError, Reader};

pub struct ZipReader;

impl Reader for ZipReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported(
            "archive reader not built yet".into(),
        ))
    }
}
