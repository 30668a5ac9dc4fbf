//! TODO: reader being written.

use super::{Extracted, Input, ReadError, Reader};

pub struct WdtkReader;

impl Reader for WdtkReader {
    fn read(&self, _input: &Input) -> Result<Extracted, ReadError> {
        Err(ReadError::Unsupported("wdtk reader not built yet".into()))
    }
}
pub fn looks_like_thread(_text: &str) -> bool {
    false
}
