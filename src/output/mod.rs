//! Output writers (being written).
