//! Mapping documents to records (being written).
