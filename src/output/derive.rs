//! Where each headline value of a record came from: a place in a file (its
//! provenance), or a derivation from other values the way record.md allows
//! (`both` = total where the reply says every scan checks both databases;
//! immigration scans = IABS only + both), or nothing at all. The report
//! prints one of the three beside every value, so no value is shown
//! without saying where it came from.

use crate::doc::Prov;
use crate::output::report::svg::fmt_int;
use crate::record::{Field, Record};

/// A headline value of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKey {
    ScansIabs,
    ScansIdent1,
    ScansBoth,
    ScansTotal,
    ImmigrationScans,
    ImmigrationArrests,
}

impl ValueKey {
    pub const ALL: [ValueKey; 6] = [
        ValueKey::ScansIabs,
        ValueKey::ScansIdent1,
        ValueKey::ScansBoth,
        ValueKey::ScansTotal,
        ValueKey::ImmigrationScans,
        ValueKey::ImmigrationArrests,
    ];

    /// The record field this value is (the key of `provenance`).
    pub fn field(self) -> Field {
        match self {
            ValueKey::ScansIabs => Field::ScansIabs,
            ValueKey::ScansIdent1 => Field::ScansIdent1,
            ValueKey::ScansBoth => Field::ScansBoth,
            ValueKey::ScansTotal => Field::ScansTotal,
            ValueKey::ImmigrationScans => Field::ImmigrationScans,
            ValueKey::ImmigrationArrests => Field::ImmigrationArrests,
        }
    }

    /// The record field path, as record.md spells it.
    pub fn path(self) -> &'static str {
        self.field().name()
    }

    pub fn value(self, r: &Record) -> Option<u64> {
        match self {
            ValueKey::ScansIabs => r.scans.iabs,
            ValueKey::ScansIdent1 => r.scans.ident1,
            ValueKey::ScansBoth => r.scans.both,
            ValueKey::ScansTotal => r.scans.total,
            ValueKey::ImmigrationScans => r.immigration.scans,
            ValueKey::ImmigrationArrests => r.immigration.arrests,
        }
    }
}

/// Where a value came from.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueSource<'a> {
    /// Read from this place in a file.
    Cited(&'a Prov),
    /// Computed from other values; the text says how.
    Derived(String),
    /// A value with neither (a mapping bug: the report says so).
    Unsourced,
    /// No value.
    Absent,
}

/// Whether `both` is the total carried over because the reply says every
/// scan checks both databases and gives no split (record.md): it then has
/// no place of its own, and the parts by one database stay null.
pub fn both_is_the_total(r: &Record) -> bool {
    let s = &r.scans;
    s.both.is_some()
        && s.both == s.total
        && s.iabs.is_none()
        && s.ident1.is_none()
        && !r.provenance.contains_key(&ValueKey::ScansBoth.field())
}

/// Where the value of `key` in `r` came from.
pub fn source(r: &Record, key: ValueKey) -> ValueSource<'_> {
    let Some(value) = key.value(r) else {
        return ValueSource::Absent;
    };
    if let Some(p) = r.provenance.get(&key.field()) {
        return ValueSource::Cited(p);
    }
    let total_at = r
        .provenance
        .get(&ValueKey::ScansTotal.field())
        .map_or_else(String::new, |p| format!(" ({})", p.short()));
    let s = &r.scans;
    match key {
        ValueKey::ScansBoth if both_is_the_total(r) => ValueSource::Derived(format!(
            "derived: the total{total_at}, as the reply says every scan checks both databases"
        )),
        ValueKey::ImmigrationScans => match (s.iabs, s.both) {
            (Some(i), Some(b)) if i + b == value => ValueSource::Derived(format!(
                "derived: IABS only + both databases ({} + {})",
                fmt_int(i),
                fmt_int(b)
            )),
            (None, Some(b)) if b == value && both_is_the_total(r) => ValueSource::Derived(
                format!("derived: every scan checked both databases, so all touched IABS (the total{total_at})"),
            ),
            _ => ValueSource::Unsourced,
        },
        _ => ValueSource::Unsourced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testdata::record;

    #[test]
    fn every_value_has_a_place_or_a_derivation() {
        let mut r = record("west-yorkshire");
        r.scans.total = Some(1_472);
        r.scans.both = Some(1_472);
        r.immigration.scans = Some(1_472);
        r.provenance
            .insert(Field::ScansTotal, Prov::file("wy/reply.pdf"));
        let both = source(&r, ValueKey::ScansBoth);
        assert_eq!(
            both,
            ValueSource::Derived(
                "derived: the total (wy/reply.pdf), as the reply says every scan checks both databases"
                    .into()
            )
        );
        assert!(matches!(
            source(&r, ValueKey::ImmigrationScans),
            ValueSource::Derived(_)
        ));
        assert!(matches!(
            source(&r, ValueKey::ScansTotal),
            ValueSource::Cited(_)
        ));
        assert_eq!(source(&r, ValueKey::ScansIabs), ValueSource::Absent);
        r.immigration.arrests = Some(18);
        assert_eq!(
            source(&r, ValueKey::ImmigrationArrests),
            ValueSource::Unsourced
        );
        r.scans.iabs = Some(3);
        r.scans.both = Some(10);
        r.immigration.scans = Some(13);
        assert_eq!(
            source(&r, ValueKey::ImmigrationScans),
            ValueSource::Derived("derived: IABS only + both databases (3 + 10)".into())
        );
        assert!(!both_is_the_total(&r));
    }
}
