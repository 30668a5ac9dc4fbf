//! The gap matrix: for each force and each field analysts ask about first,
//! whether the value is present, missing, not recorded, withheld,
//! inconsistent, ambiguous or unreadable, from the record's values and its
//! flags. Each status has a letter so the matrix survives black-and-white
//! printing.

use crate::record::{BsgStatus, Field, Flag, FlagKind, Record, ResponseStatus};

/// A column of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GapField {
    ScansByDatabase,
    ScansTotal,
    ImmigrationArrests,
    Ethnicity,
    Reasons,
}

impl GapField {
    pub const ALL: [GapField; 5] = [
        GapField::ScansByDatabase,
        GapField::ScansTotal,
        GapField::ImmigrationArrests,
        GapField::Ethnicity,
        GapField::Reasons,
    ];
    pub const NAMES: &'static [&'static str] = &[
        "scans_by_database",
        "scans_total",
        "immigration_arrests",
        "ethnicity",
        "reasons",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn title(self) -> &'static str {
        match self {
            GapField::ScansByDatabase => "Scans by database",
            GapField::ScansTotal => "Total scans",
            GapField::ImmigrationArrests => "Immigration arrests",
            GapField::Ethnicity => "Ethnicity",
            GapField::Reasons => "Reasons",
        }
    }

    /// Whether a flag on `field` (a record field path) speaks about this column.
    fn covers(self, field: Field, record: &Record) -> bool {
        let s = &record.scans;
        match self {
            GapField::ScansByDatabase => {
                matches!(
                    field,
                    Field::ScansIabs | Field::ScansIdent1 | Field::ScansBoth
                ) || (field == Field::Scans
                    && s.iabs.is_none()
                    && s.ident1.is_none()
                    && s.both.is_none())
            }
            GapField::ScansTotal => matches!(field, Field::Scans | Field::ScansTotal),
            GapField::ImmigrationArrests => field == Field::ImmigrationArrests,
            GapField::Ethnicity => field == Field::Ethnicity,
            GapField::Reasons => field == Field::Reasons,
        }
    }

    fn present(self, r: &Record) -> bool {
        match self {
            GapField::ScansByDatabase => {
                r.scans.iabs.is_some() && r.scans.ident1.is_some() && r.scans.both.is_some()
            }
            GapField::ScansTotal => r.scans.total.is_some(),
            GapField::ImmigrationArrests => r.immigration.arrests.is_some(),
            GapField::Ethnicity => r.ethnicity.iter().any(|e| e.count.is_some()),
            GapField::Reasons => r.reasons.iter().any(|e| e.count.is_some()),
        }
    }
}

/// A cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GapStatus {
    Present,
    Missing,
    NotRecorded,
    Withheld,
    Inconsistent,
    Ambiguous,
    Unreadable,
    NotApplicable,
}

impl GapStatus {
    pub const ALL: [GapStatus; 8] = [
        GapStatus::Present,
        GapStatus::Missing,
        GapStatus::NotRecorded,
        GapStatus::Withheld,
        GapStatus::Inconsistent,
        GapStatus::Ambiguous,
        GapStatus::Unreadable,
        GapStatus::NotApplicable,
    ];
    pub const NAMES: &'static [&'static str] = &[
        "present",
        "missing",
        "not_recorded",
        "withheld",
        "inconsistent",
        "ambiguous",
        "unreadable",
        "not_applicable",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// One letter for print.
    pub fn letter(self) -> &'static str {
        match self {
            GapStatus::Present => "P",
            GapStatus::Missing => "M",
            GapStatus::NotRecorded => "N",
            GapStatus::Withheld => "W",
            GapStatus::Inconsistent => "I",
            GapStatus::Ambiguous => "A",
            GapStatus::Unreadable => "U",
            GapStatus::NotApplicable => "-",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            GapStatus::Present => "present",
            GapStatus::Missing => "missing (reply silent)",
            GapStatus::NotRecorded => "not recorded by the force",
            GapStatus::Withheld => "withheld (exemption or cost)",
            GapStatus::Inconsistent => "inconsistent (numbers disagree)",
            GapStatus::Ambiguous => "ambiguous (could not be mapped with confidence)",
            GapStatus::Unreadable => "unreadable file",
            GapStatus::NotApplicable => {
                "not applicable (force does not use the devices, or no scans)"
            }
        }
    }

    /// Whether an analyst has something to chase.
    pub fn is_gap(self) -> bool {
        !matches!(self, GapStatus::Present | GapStatus::NotApplicable)
    }

    fn of_flag(kind: FlagKind) -> GapStatus {
        match kind {
            FlagKind::Missing => GapStatus::Missing,
            FlagKind::NotRecorded => GapStatus::NotRecorded,
            FlagKind::Withheld => GapStatus::Withheld,
            FlagKind::Inconsistent => GapStatus::Inconsistent,
            FlagKind::Ambiguous => GapStatus::Ambiguous,
            FlagKind::Unreadable => GapStatus::Unreadable,
        }
    }

    /// Which of two flag statuses a cell shows: the one that says most
    /// about why the value is not usable.
    fn rank(self) -> u8 {
        match self {
            GapStatus::Inconsistent => 6,
            GapStatus::Withheld => 5,
            GapStatus::NotRecorded => 4,
            GapStatus::Ambiguous => 3,
            GapStatus::Unreadable => 2,
            GapStatus::Missing => 1,
            GapStatus::Present | GapStatus::NotApplicable => 0,
        }
    }
}

/// One cell: the status and the indices of the record's flags behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct GapCell {
    pub field: GapField,
    pub status: GapStatus,
    pub flags: Vec<usize>,
}

/// The matrix row of one record.
pub fn row(record: &Record) -> Vec<GapCell> {
    GapField::ALL.iter().map(|&f| cell(record, f)).collect()
}

fn cell(record: &Record, field: GapField) -> GapCell {
    let flags: Vec<usize> = record
        .flags
        .iter()
        .enumerate()
        .filter(|(_, f): &(usize, &Flag)| field.covers(f.field, record))
        .map(|(i, _)| i)
        .collect();
    let flagged = flags
        .iter()
        .filter_map(|&i| record.flags.get(i))
        .map(|f| GapStatus::of_flag(f.kind))
        .max_by_key(|s| s.rank());
    let status = if let Some(s) = flagged {
        s
    } else if field.present(record) {
        GapStatus::Present
    } else {
        match record.response.status {
            ResponseStatus::Refused => GapStatus::Withheld,
            ResponseStatus::NoResponse | ResponseStatus::Clarification => GapStatus::Missing,
            ResponseStatus::Unclear => GapStatus::Unreadable,
            _ if matches!(
                record.bsg.status,
                BsgStatus::Acquiring | BsgStatus::NotInUse | BsgStatus::Unknown
            ) =>
            {
                GapStatus::NotApplicable
            }
            _ if record.scans.total == Some(0) && field != GapField::ScansTotal => {
                GapStatus::NotApplicable
            }
            _ => GapStatus::Missing,
        }
    };
    GapCell {
        field,
        status,
        flags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testdata::{flag, record};

    #[test]
    fn flags_decide_then_values_then_the_response() {
        let mut r = record("kent");
        r.scans.iabs = Some(113);
        r.scans.ident1 = Some(398);
        r.scans.both = Some(0);
        r.scans.total = Some(511);
        r.immigration.arrests = Some(19);
        r.flags = vec![
            flag("ethnicity", FlagKind::NotRecorded),
            flag("reasons", FlagKind::Missing),
            flag("reasons", FlagKind::Withheld),
        ];
        let statuses: Vec<&str> = row(&r).iter().map(|c| c.status.letter()).collect();
        assert_eq!(statuses, vec!["P", "P", "P", "N", "W"]);
        assert_eq!(row(&r)[4].flags, vec![1, 2]);

        let mut refused = record("essex");
        refused.response.status = ResponseStatus::Refused;
        assert!(row(&refused)
            .iter()
            .all(|c| c.status == GapStatus::Withheld));

        let mut none = record("cleveland");
        none.response.status = ResponseStatus::NotHeld;
        none.bsg.status = BsgStatus::NotInUse;
        assert!(row(&none)
            .iter()
            .all(|c| c.status == GapStatus::NotApplicable));
    }
}
