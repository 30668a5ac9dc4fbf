//! Typed keys of the record contract: the field paths that flags, stated
//! gaps, provenance and checks name (`scans.iabs`, `ethnicity`…) and the
//! scan databases. Each key is written once, with the text record.md uses;
//! serde, CSV and the vocabulary files all go through that text.

/// An enum of keys, each with the one text it is written as: `name()`,
/// `parse()`, serde (as that text), `Display`, and an order by text (so a
/// map keyed by it serialises in the order a map keyed by text would).
macro_rules! text_keys {
    ($(#[$m:meta])* $vis:vis enum $name:ident {
        $($(#[$vm:meta])* $var:ident = $text:literal,)*
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vm])* $var,)* }

        impl $name {
            /// Every key, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var,)*];

            /// The key's text.
            pub fn name(self) -> &'static str {
                match self { $($name::$var => $text,)* }
            }

            /// The key a text names, if any.
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$var),)* _ => None }
            }

            /// Every key's text, comma-separated, for error messages.
            pub fn expected() -> String {
                Self::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
            }
        }

        impl $crate::keys::Key for $name {
            fn name(self) -> &'static str {
                $name::name(self)
            }
            fn parse(text: &str) -> Option<Self> {
                $name::parse(text)
            }
            fn expected() -> String {
                $name::expected()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.name().cmp(other.name())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "unknown key {text:?}; expected one of {}",
                        $name::expected()
                    ))
                })
            }
        }
    };
}
pub(crate) use text_keys;

/// A key written as one text: what vocabularies and rule files name.
pub trait Key: Copy + Eq + std::fmt::Debug + 'static {
    fn name(self) -> &'static str;
    fn parse(text: &str) -> Option<Self>;
    /// Every key's text, comma-separated, for error messages.
    fn expected() -> String;
}

text_keys! {
    /// A record field path, as flags (`flags[].field`), stated gaps,
    /// provenance, checks and the vocabularies name it.
    pub enum Field {
        Bsg = "bsg",
        BsgSince = "bsg.since",
        BsgStatus = "bsg.status",
        Ethnicity = "ethnicity",
        ImmigrationArrests = "immigration.arrests",
        ImmigrationScans = "immigration.scans",
        Monthly = "monthly",
        Period = "period",
        Reasons = "reasons",
        Response = "response",
        ResponseDate = "response.date",
        ResponseExemptions = "response.exemptions",
        ResponseReference = "response.reference",
        ResponseStatus = "response.status",
        Scans = "scans",
        ScansBoth = "scans.both",
        ScansIabs = "scans.iabs",
        ScansIdent1 = "scans.ident1",
        ScansTotal = "scans.total",
    }
}

impl Field {
    /// True for `scans` and its parts.
    pub fn is_scans(self) -> bool {
        matches!(
            self,
            Field::Scans
                | Field::ScansBoth
                | Field::ScansIabs
                | Field::ScansIdent1
                | Field::ScansTotal
        )
    }

    /// The scans part of a database.
    pub fn scans(db: Database) -> Field {
        match db {
            Database::Iabs => Field::ScansIabs,
            Database::Ident1 => Field::ScansIdent1,
            Database::Both => Field::ScansBoth,
            Database::Total => Field::ScansTotal,
        }
    }

    /// The database of a scans field (`scans` is the total).
    pub fn database(self) -> Option<Database> {
        match self {
            Field::ScansIabs => Some(Database::Iabs),
            Field::ScansIdent1 => Some(Database::Ident1),
            Field::ScansBoth => Some(Database::Both),
            Field::ScansTotal | Field::Scans => Some(Database::Total),
            _ => None,
        }
    }
}

text_keys! {
    /// A part of `scans`: the database a search was checked against, or
    /// the total (`vocab/databases.toml` keys).
    pub enum Database {
        Iabs = "iabs",
        Ident1 = "ident1",
        Both = "both",
        Total = "total",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A map keyed by fields serialises in the order the same map keyed by
    /// their text did, so provenance and outputs keep their order.
    #[test]
    fn fields_order_as_their_text() {
        let mut by_text: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        by_text.sort();
        let mut fields = Field::ALL.to_vec();
        fields.sort();
        let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
        assert_eq!(names, by_text);
    }

    #[test]
    fn keys_round_trip_through_serde_as_their_text() {
        for f in Field::ALL {
            let json = serde_json::to_string(f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.name()));
            assert_eq!(serde_json::from_str::<Field>(&json).unwrap(), *f);
        }
        for d in Database::ALL {
            assert_eq!(Database::parse(d.name()), Some(*d));
            assert_eq!(Field::scans(*d).database(), Some(*d));
        }
        let err = serde_json::from_str::<Field>("\"scans.pnc\"").unwrap_err();
        assert!(
            err.to_string().contains("unknown key \"scans.pnc\""),
            "{err}"
        );
    }
}
