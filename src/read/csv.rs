//! TODO: reader being written.

use super::{Extracted, Input, ReadError, Reader};

pub struct CsvReader;

impl Reader for CsvReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("csv reader not built yet".into()))
    }
}
