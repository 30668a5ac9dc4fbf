//! Keys of the vocabulary files that mapping tests for: the signals of
//! `vocab/phrases.toml` (how a reply says what it is), the outcomes of
//! `vocab/outcomes.toml`, the reasons of `vocab/reasons.toml`, and what a
//! question or table rule points at. A file naming any other key is
//! reported by `rules check` with its file and line.

use crate::keys::{text_keys, Field};

text_keys! {
    /// A classification signal: a `vocab/phrases.toml` key.
    pub enum Signal {
        NotHeld = "not_held",
        NotRecorded = "not_recorded",
        Cost = "cost",
        Goodwill = "goodwill",
        Ncnd = "ncnd",
        Refusal = "refusal",
        Clarification = "clarification",
        Acknowledgement = "acknowledgement",
        Review = "review",
        Disclosed = "disclosed",
        Citation = "citation",
        Boilerplate = "boilerplate",
        Annex = "annex",
        BsgNotInUse = "bsg_not_in_use",
        BsgPilot = "bsg_pilot",
        BsgAcquiring = "bsg_acquiring",
        BsgInUse = "bsg_in_use",
        Since = "since",
        Scotland = "scotland",
        Period = "period",
        EveryBoth = "every_both",
        SplitNotRecorded = "split_not_recorded",
        OtherTopic = "other_topic",
        ThisTopic = "this_topic",
        DutyStatement = "duty_statement",
        Corrected = "corrected",
        EarlierAnswer = "earlier_answer",
        Upheld = "upheld",
        DatabaseSplit = "database_split",
    }
}

text_keys! {
    /// What followed a scan: a `vocab/outcomes.toml` key.
    pub enum Outcome {
        ImmigrationArrest = "immigration_arrest",
        Arrest = "arrest",
        HomeOfficeContact = "home_office_contact",
        NoTrace = "no_trace",
    }
}

text_keys! {
    /// Why a scan was done: a `vocab/reasons.toml` key, record.md's reason
    /// codes.
    pub enum Reason {
        NameNotGiven = "name_not_given",
        DetailsDoubtedOrRefused = "details_doubted_or_refused",
        Immigration = "immigration",
        WantedCheck = "wanted_check",
        Other = "other",
        NotStated = "not_stated",
    }
}

/// Record fields a question, a header phrase or a table rule can point at
/// (`vocab/fields.toml` keys).
pub const RULE_FIELDS: [Field; 12] = [
    Field::Scans,
    Field::ScansIabs,
    Field::ScansIdent1,
    Field::ScansBoth,
    Field::ScansTotal,
    Field::Ethnicity,
    Field::Reasons,
    Field::ImmigrationArrests,
    Field::Monthly,
    Field::Bsg,
    Field::BsgSince,
    Field::Period,
];

/// What a question or a table rule points at: a record field, or
/// `"ignore"` (drop the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Field(Field),
    Ignore,
}

impl Target {
    /// The target a rule file's text names.
    pub fn parse(text: &str) -> Option<Target> {
        if text == "ignore" {
            return Some(Target::Ignore);
        }
        rule_field(text).map(Target::Field)
    }

    /// The field pointed at, if any.
    pub fn field(self) -> Option<Field> {
        match self {
            Target::Field(f) => Some(f),
            Target::Ignore => None,
        }
    }

    /// Every target's text, for error messages.
    pub fn expected() -> String {
        let mut names: Vec<&str> = RULE_FIELDS.iter().map(|f| f.name()).collect();
        names.push("ignore");
        names.join(", ")
    }
}

/// A field a rule may point at, by its text.
pub fn rule_field(text: &str) -> Option<Field> {
    Field::parse(text).filter(|f| RULE_FIELDS.contains(f))
}
