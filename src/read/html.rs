//! TODO: reader being written.

use super::{Extracted, Input, ReadError, Reader};

pub struct HtmlReader;

impl Reader for HtmlReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("html reader not built yet".into()))
    }
}
