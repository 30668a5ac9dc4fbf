//! Turning a calamine cell value into the model's typed value and the text a
//! person would see in the cell: integers without a spurious `.0`, dates as
//! ISO 8601, and (where the source gives a number format) thousands
//! separators, fixed decimals and percentages as formatted.

use crate::doc::CellValue;
use calamine::{CellErrorType, Data, ExcelDateTime};

/// The displayed text and typed value of a cell. `format` is the cell's
/// number format code when the reader knows it (xlsx), else `None`.
pub fn convert(data: &Data, format: Option<&str>) -> (String, CellValue) {
    match data {
        Data::Empty => (String::new(), CellValue::Empty),
        // Numbers stored as text (`1,209` pasted from another system) are
        // typed as every other reader types text; the text is kept as is.
        Data::String(s) => (s.clone(), CellValue::from_text(s)),
        Data::Int(i) => {
            let n = *i as f64;
            (display_number(n, format), CellValue::Number(n))
        }
        Data::Float(f) => (display_number(*f, format), CellValue::Number(*f)),
        Data::Bool(b) => (
            if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellValue::Bool(*b),
        ),
        Data::Error(e) => {
            let text = error_text(e).to_string();
            (text.clone(), CellValue::Error(text))
        }
        Data::DateTime(dt) => excel_datetime(dt),
        Data::DateTimeIso(s) => iso_datetime(s),
        Data::DurationIso(s) => (s.clone(), CellValue::Text(s.clone())),
    }
}

/// An Excel serial date as the model sees it: a date or date-time becomes
/// `CellValue::Date` in ISO 8601; a bare time of day or a duration stays
/// text (it is not a date).
fn excel_datetime(dt: &ExcelDateTime) -> (String, CellValue) {
    if dt.is_duration() {
        let secs = (dt.as_f64() * 86_400.0).round() as i64;
        let text = format!(
            "{}:{:02}:{:02}",
            secs / 3600,
            (secs % 3600).abs() / 60,
            secs.abs() % 60
        );
        return (text.clone(), CellValue::Text(text));
    }
    // The ExcelDateTime carries its own epoch flag.
    let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
    if dt.as_f64() < 1.0 && dt.as_f64() >= 0.0 {
        let text = format!("{h:02}:{mi:02}:{s:02}");
        return (text.clone(), CellValue::Text(text));
    }
    let text = if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
    };
    (text.clone(), CellValue::Date(text))
}

/// An ODS date value (`2019-03-01`, `2019-03-01T00:00:00`): dates with a
/// zero time are shortened to the date; bare times stay text.
fn iso_datetime(s: &str) -> (String, CellValue) {
    let trimmed = s
        .strip_suffix("T00:00:00")
        .or_else(|| s.strip_suffix("T00:00:00.000"))
        .unwrap_or(s);
    let looks_dated = trimmed.len() >= 10 && trimmed.as_bytes().get(4) == Some(&b'-');
    if looks_dated {
        (trimmed.to_string(), CellValue::Date(trimmed.to_string()))
    } else {
        (trimmed.to_string(), CellValue::Text(trimmed.to_string()))
    }
}

/// Turn a serial number the reader knows to be a date (an xls formula
/// result under a date format, calamine #640) into a date value.
pub fn serial_to_date(serial: f64, is_1904: bool) -> (String, CellValue) {
    let dt = ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, is_1904);
    excel_datetime(&dt)
}

fn error_text(e: &CellErrorType) -> &'static str {
    match e {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#GETTING_DATA",
    }
}

/// A number as displayed: under a known format (thousands separators, fixed
/// decimals, percent), else as Excel's General format would show it.
pub fn display_number(n: f64, format: Option<&str>) -> String {
    if let Some(spec) = format.and_then(NumberSpec::parse) {
        return spec.render(n);
    }
    general(n)
}

/// Excel's General format in short: integers without a decimal point, other
/// values to 15 significant digits with trailing zeros dropped (so binary
/// noise such as `0.30000000000000004` shows as `0.3`).
pub fn general(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    let rounded: f64 = format!("{n:.14e}").parse().unwrap_or(n);
    format!("{rounded}")
}

/// The parts of a plain number format this reader renders.
#[derive(Debug, PartialEq)]
struct NumberSpec {
    decimals: usize,
    thousands: bool,
    percent: bool,
}

impl NumberSpec {
    /// Understand `0`, `0.00`, `#,##0`, `#,##0.0`, `0%`, `0.0%` (first
    /// section only, literals and colours ignored); anything else (dates,
    /// text, scientific, fractions) gives `None` and General is used.
    fn parse(code: &str) -> Option<NumberSpec> {
        let section = code.split(';').next()?;
        let mut decimals = 0;
        let mut seen_point = false;
        let mut thousands = false;
        let mut percent = false;
        let mut digits = 0;
        let mut chars = section.chars();
        while let Some(c) = chars.next() {
            match c {
                '0' | '#' | '?' => {
                    digits += 1;
                    if seen_point {
                        decimals += 1;
                    }
                }
                '.' => seen_point = true,
                ',' if !seen_point => thousands = true,
                '%' => percent = true,
                '"' => {
                    for q in chars.by_ref() {
                        if q == '"' {
                            break;
                        }
                    }
                }
                '[' => {
                    for q in chars.by_ref() {
                        if q == ']' {
                            break;
                        }
                    }
                }
                '\\' | '_' | '*' => {
                    chars.next();
                }
                ' ' | '-' | '(' | ')' | '£' | '$' | '€' => {}
                _ => return None,
            }
        }
        (digits > 0).then_some(NumberSpec {
            decimals,
            thousands,
            percent,
        })
    }

    fn render(&self, n: f64) -> String {
        let v = if self.percent { n * 100.0 } else { n };
        let (int_part, frac) = round_decimal(v.abs(), self.decimals);
        let int_part = if self.thousands {
            group_thousands(&int_part)
        } else {
            int_part
        };
        let mut out = String::new();
        if v < 0.0
            && format!("{int_part}{frac}")
                .chars()
                .any(|c| c.is_ascii_digit() && c != '0')
        {
            out.push('-');
        }
        out.push_str(&int_part);
        if !frac.is_empty() {
            out.push('.');
            out.push_str(&frac);
        }
        if self.percent {
            out.push('%');
        }
        out
    }
}

/// A non-negative number rounded to `decimals` places, half away from zero,
/// the way a spreadsheet shows it: on its 15-significant-digit decimal form,
/// so binary noise (`0.0025 * 100` = `0.25000…`) does not change the tie.
/// Returns the integer digits and the fraction digits.
fn round_decimal(v: f64, decimals: usize) -> (String, String) {
    if !v.is_finite() {
        return (v.to_string(), String::new());
    }
    let sci = format!("{v:.14e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    // Digits before the decimal point.
    let point = exp + 1;
    let mut int: Vec<u8> = Vec::new();
    let mut frac: Vec<u8> = Vec::new();
    if point <= 0 {
        int.push(b'0');
        frac.extend(std::iter::repeat_n(b'0', (-point) as usize));
        frac.extend(&digits);
    } else if point as usize >= digits.len() {
        int.extend(&digits);
        int.extend(std::iter::repeat_n(b'0', point as usize - digits.len()));
    } else {
        int.extend(&digits[..point as usize]);
        frac.extend(&digits[point as usize..]);
    }
    frac.resize(frac.len().max(decimals + 1), b'0');
    let round_up = frac[decimals] >= b'5';
    frac.truncate(decimals);
    if round_up {
        // Carry through the kept fraction, then the integer digits.
        let mut carry = true;
        for d in frac.iter_mut().rev().chain(int.iter_mut().rev()) {
            if *d == b'9' {
                *d = b'0';
            } else {
                *d += 1;
                carry = false;
                break;
            }
        }
        if carry {
            int.insert(0, b'1');
        }
    }
    while int.len() > 1 && int[0] == b'0' {
        int.remove(0);
    }
    (
        String::from_utf8(int).unwrap_or_default(),
        String::from_utf8(frac).unwrap_or_default(),
    )
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// True when an Excel number format code shows a date or time (used for
/// xls formula results, which calamine leaves as plain numbers).
pub fn is_date_format(code: &str) -> bool {
    let section = code.split(';').next().unwrap_or("");
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                // `[h]`, `[mm]` are elapsed-time formats; `[Red]`, `[$-409]` are not.
                let inner: String = chars.by_ref().take_while(|&q| q != ']').collect();
                if !inner.is_empty() && inner.chars().all(|q| "hHmMsS".contains(q)) {
                    return true;
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

/// Built-in BIFF/OOXML number format ids that are dates or times.
pub fn is_builtin_date_format(id: u16) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_holding_numbers_are_numbers() {
        let (text, value) = convert(&Data::String("1,209".into()), None);
        assert_eq!((text.as_str(), value), ("1,209", CellValue::Number(1209.0)));
        let (_, value) = convert(&Data::String("IC1".into()), None);
        assert_eq!(value, CellValue::Text("IC1".into()));
        assert_eq!(
            convert(&Data::String("  ".into()), None).1,
            CellValue::Empty
        );
    }

    #[test]
    fn general_numbers_have_no_spurious_decimals() {
        assert_eq!(general(1209.0), "1209");
        assert_eq!(general(0.1 + 0.2), "0.3");
        assert_eq!(general(-3.5), "-3.5");
        assert_eq!(general(0.0424), "0.0424");
    }

    #[test]
    fn formatted_numbers() {
        assert_eq!(display_number(1209.0, Some("#,##0")), "1,209");
        assert_eq!(display_number(28056.4, Some("#,##0.0")), "28,056.4");
        assert_eq!(display_number(0.1734, Some("0.0%")), "17.3%");
        assert_eq!(display_number(0.5, Some("0%")), "50%");
        // Ties round away from zero, as spreadsheets show them.
        assert_eq!(display_number(0.0025, Some("0.0%")), "0.3%");
        assert_eq!(display_number(1.005, Some("0.00")), "1.01");
        assert_eq!(display_number(9.96, Some("0.0")), "10.0");
        assert_eq!(display_number(999999.5, Some("#,##0")), "1,000,000");
        assert_eq!(display_number(0.0004, Some("0.0%")), "0.0%");
        assert_eq!(display_number(-0.0004, Some("0.0%")), "0.0%");
        assert_eq!(display_number(1.5e20, Some("0")), "150000000000000000000");
        assert_eq!(display_number(3.0, Some("0.00")), "3.00");
        assert_eq!(display_number(-1234.0, Some("#,##0;[Red]-#,##0")), "-1,234");
        assert_eq!(display_number(1209.0, Some("General")), "1209");
        assert_eq!(display_number(43525.0, Some("mmm yyyy")), "43525");
    }

    #[test]
    fn date_formats() {
        assert!(is_date_format("DD/MM/YYYY"));
        assert!(is_date_format("mmm yyyy"));
        assert!(is_date_format("[h]:mm:ss"));
        assert!(is_date_format("[$-409]d-mmm-yy"));
        assert!(!is_date_format("#,##0"));
        assert!(!is_date_format("0.0%"));
        assert!(!is_date_format("[Red]0.00"));
        assert!(!is_date_format("\"days\" 0"));
        assert!(is_builtin_date_format(14));
        assert!(!is_builtin_date_format(3));
    }

    #[test]
    fn serials_become_iso_dates() {
        assert_eq!(
            serial_to_date(43525.0, false),
            (
                "2019-03-01".to_string(),
                CellValue::Date("2019-03-01".into())
            )
        );
        assert_eq!(serial_to_date(43525.5, false).0, "2019-03-01T12:00:00");
        assert_eq!(
            iso_datetime("2019-03-01T00:00:00").1,
            CellValue::Date("2019-03-01".into())
        );
    }
}
