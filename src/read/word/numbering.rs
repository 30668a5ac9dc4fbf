//! Automatic list numbers ("1.", "a)", "iii.") that word processors draw
//! but do not store in the text. FOI replies number their questions this
//! way, and the mapping stage pairs answers with questions by these
//! numbers, so readers render them in front of the paragraph text as a
//! reader of the letter sees them. Bullets are not rendered.

/// How a list level writes its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumFormat {
    #[default]
    Decimal,
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    /// Bullets and "no number": nothing is rendered.
    None,
}

impl NumFormat {
    /// From a docx `w:numFmt` value.
    pub fn from_docx(v: &str) -> NumFormat {
        match v {
            "decimal" | "decimalEnclosedParen" | "decimalEnclosedFullstop" => NumFormat::Decimal,
            "decimalZero" => NumFormat::DecimalZero,
            "lowerLetter" => NumFormat::LowerLetter,
            "upperLetter" => NumFormat::UpperLetter,
            "lowerRoman" => NumFormat::LowerRoman,
            "upperRoman" => NumFormat::UpperRoman,
            "bullet" | "none" => NumFormat::None,
            _ => NumFormat::Decimal,
        }
    }

    /// From an ODF `style:num-format` or HTML `<ol type>` value.
    pub fn from_symbol(v: &str) -> NumFormat {
        match v {
            "1" => NumFormat::Decimal,
            "a" => NumFormat::LowerLetter,
            "A" => NumFormat::UpperLetter,
            "i" => NumFormat::LowerRoman,
            "I" => NumFormat::UpperRoman,
            _ => NumFormat::None,
        }
    }

    /// The number `n` (1-based) in this format.
    pub fn render(self, n: u32) -> String {
        match self {
            NumFormat::Decimal => n.to_string(),
            NumFormat::DecimalZero => format!("{n:02}"),
            NumFormat::LowerLetter => letters(n),
            NumFormat::UpperLetter => letters(n).to_ascii_uppercase(),
            NumFormat::LowerRoman => roman(n),
            NumFormat::UpperRoman => roman(n).to_ascii_uppercase(),
            NumFormat::None => String::new(),
        }
    }
}

/// `a`..`z`, then `aa`, `bb`... as word processors count.
fn letters(n: u32) -> String {
    if n == 0 {
        return "0".into();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    let times = ((n - 1) / 26 + 1).min(100) as usize;
    std::iter::repeat_n(letter, times).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Counters of one list, nine levels deep (the most any format allows).
#[derive(Debug, Clone, Default)]
pub struct Counters {
    counts: [u32; 9],
    started: [bool; 9],
}

impl Counters {
    /// Make level `level` start again at its first number.
    pub fn restart(&mut self, level: usize) {
        if let Some(s) = self.started.get_mut(level) {
            *s = false;
        }
    }

    /// Advance level `level` (0-based; deeper levels restart) and return
    /// the counts of levels `0..=level`. `start` gives each level's first
    /// number.
    pub fn next(&mut self, level: usize, start: impl Fn(usize) -> u32) -> Vec<u32> {
        let level = level.min(8);
        if self.started[level] {
            self.counts[level] = self.counts[level].saturating_add(1);
        } else {
            self.counts[level] = start(level);
            self.started[level] = true;
        }
        for deeper in level + 1..9 {
            self.started[deeper] = false;
        }
        for upper in 0..level {
            if !self.started[upper] {
                self.counts[upper] = start(upper);
                self.started[upper] = true;
            }
        }
        self.counts[..=level].to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_counters() {
        assert_eq!(NumFormat::LowerLetter.render(28), "bb");
        assert_eq!(NumFormat::UpperRoman.render(14), "XIV");
        assert_eq!(NumFormat::DecimalZero.render(3), "03");
        let mut c = Counters::default();
        assert_eq!(c.next(0, |_| 1), [1]);
        assert_eq!(c.next(1, |_| 1), [1, 1]);
        assert_eq!(c.next(1, |_| 1), [1, 2]);
        assert_eq!(c.next(0, |_| 1), [2]);
        assert_eq!(c.next(1, |_| 1), [2, 1]);
    }
}
