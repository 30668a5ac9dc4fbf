//! Records for the unit tests of the output stage.

use crate::doc::Prov;
use crate::record::*;

/// A disclosed, in-use record with no figures.
pub fn record(force: &str) -> Record {
    Record {
        schema_version: SCHEMA_VERSION,
        force: force.into(),
        force_name: format!("{force} Police"),
        sources: vec![SourceRef {
            file: format!("{force}/reply.pdf"),
            sha256: "00".into(),
            format: "pdf".into(),
        }],
        response: Response {
            status: ResponseStatus::Disclosed,
            exemptions: vec![],
            reference: None,
            date: None,
        },
        bsg: Bsg {
            status: BsgStatus::InUse,
            since: None,
        },
        period: None,
        scans: Scans::default(),
        immigration: Immigration::default(),
        ethnicity: vec![],
        reasons: vec![],
        monthly: vec![],
        flags: vec![],
        provenance: Default::default(),
    }
}

/// A flag pointing at page 2 of the record's reply.
pub fn flag(field: &str, kind: FlagKind) -> Flag {
    Flag {
        field: Field::parse(field).expect("a record field"),
        kind,
        detail: format!("{field} {}", kind.name()),
        source: Some(Prov {
            page: Some(2),
            ..Prov::file("reply.pdf")
        }),
        also: vec![],
    }
}
