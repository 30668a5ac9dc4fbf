//! One definition per output table (columns, types, keys, enums) with its
//! rows. The CSV, SQLite and Data Package writers all read these, so the
//! three can never disagree about a column.

/// A column's type, as Table Schema and SQLite name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    String,
    Integer,
    /// A decimal written with a fixed number of places.
    Number,
}

impl ColumnType {
    pub fn table_schema(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Integer => "integer",
            ColumnType::Number => "number",
        }
    }

    pub fn sqlite(self) -> &'static str {
        match self {
            ColumnType::String => "TEXT",
            ColumnType::Integer => "INTEGER",
            ColumnType::Number => "REAL",
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: &'static str,
    pub kind: ColumnType,
    pub required: bool,
    /// Allowed values (record.md vocabularies).
    pub allowed: Option<&'static [&'static str]>,
    /// Regular expression every value matches (Table Schema `pattern`).
    pub pattern: Option<&'static str>,
    pub description: &'static str,
}

impl Column {
    pub const fn new(name: &'static str, kind: ColumnType, description: &'static str) -> Column {
        Column {
            name,
            kind,
            required: false,
            allowed: None,
            pattern: None,
            description,
        }
    }

    pub const fn text(name: &'static str, description: &'static str) -> Column {
        Column::new(name, ColumnType::String, description)
    }

    pub const fn int(name: &'static str, description: &'static str) -> Column {
        Column::new(name, ColumnType::Integer, description)
    }

    pub const fn num(name: &'static str, description: &'static str) -> Column {
        Column::new(name, ColumnType::Number, description)
    }

    pub const fn required(mut self) -> Column {
        self.required = true;
        self
    }

    pub const fn one_of(mut self, values: &'static [&'static str]) -> Column {
        self.allowed = Some(values);
        self
    }

    pub const fn pattern(mut self, pattern: &'static str) -> Column {
        self.pattern = Some(pattern);
        self
    }
}

/// A value in a row. Numbers carry their decimal places so every writer
/// prints the same digits.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Num(f64, usize),
    Text(String),
}

impl Cell {
    pub fn opt_int(v: Option<u64>) -> Cell {
        v.map_or(Cell::Null, Cell::from_u64)
    }

    pub fn from_u64(v: u64) -> Cell {
        Cell::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }

    pub fn opt_num(v: Option<f64>, places: usize) -> Cell {
        v.map_or(Cell::Null, |x| Cell::Num(x, places))
    }

    pub fn opt_text<S: AsRef<str>>(v: Option<S>) -> Cell {
        v.map_or(Cell::Null, |s| Cell::text(s.as_ref()))
    }

    /// Text; the empty string is null (CSV cannot tell them apart).
    pub fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Null
        } else {
            Cell::Text(s.to_string())
        }
    }

    /// The CSV spelling: empty for null.
    pub fn csv(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Num(x, places) => format!("{x:.places$}"),
            Cell::Text(s) => s.clone(),
        }
    }
}

/// `fields` of this table reference `reference_fields` of `resource`.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub resource: &'static str,
    pub reference_fields: &'static [&'static str],
}

/// A table with its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Resource / SQL table name; the CSV is `<name>.csv`.
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub columns: Vec<Column>,
    pub primary_key: &'static [&'static str],
    pub foreign_keys: Vec<ForeignKey>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn file_name(&self) -> String {
        format!("{}.csv", self.name)
    }

    /// The `force` foreign key to `records`, shared by most tables.
    pub fn force_key() -> ForeignKey {
        ForeignKey {
            fields: &["force"],
            resource: "records",
            reference_fields: &["force"],
        }
    }

    /// Write as CSV (header, then one line per row; `\n` line ends).
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Writing to a Vec cannot fail.
        let _ = w.write_record(self.columns.iter().map(|c| c.name));
        for row in &self.rows {
            let _ = w.write_record(row.iter().map(Cell::csv));
        }
        w.into_inner().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_spells_nulls_empty_and_numbers_fixed() {
        let t = Table {
            name: "t",
            title: "T",
            description: "",
            columns: vec![
                Column::text("a", ""),
                Column::int("b", ""),
                Column::num("c", ""),
            ],
            primary_key: &["a"],
            foreign_keys: vec![],
            rows: vec![
                vec![Cell::text("x, y"), Cell::Null, Cell::Num(1.5, 2)],
                vec![Cell::text(""), Cell::Int(0), Cell::Num(2.0, 1)],
            ],
        };
        assert_eq!(
            String::from_utf8(t.to_csv()).unwrap(),
            "a,b,c\n\"x, y\",,1.50\n,0,2.0\n"
        );
    }
}
