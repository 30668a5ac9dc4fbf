//! RTF tokens: group braces, control words with their numeric parameter,
//! control symbols, hex bytes (`\'hh`) and plain text bytes.

/// Longest control word name RTF allows.
const MAX_WORD: usize = 32;
/// Most digits read as a parameter (the spec allows a signed 16/32-bit value).
const MAX_DIGITS: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    Open,
    Close,
    /// `\word` or `\word-12`.
    Word(&'a str, Option<i32>),
    /// A control symbol such as `\~`, `\-`, `\*`, `\{`.
    Symbol(u8),
    /// `\'hh`: one byte in the document's code page.
    Hex(u8),
    /// A byte of plain text (line breaks in the source are not text).
    Byte(u8),
    /// `\binN` payload: raw bytes to skip.
    Binary(&'a [u8]),
}

pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a [u8]) -> Self {
        Lexer { src, pos: 0 }
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let b = *self.src.get(self.pos)?;
            self.pos += 1;
            return Some(match b {
                b'{' => Token::Open,
                b'}' => Token::Close,
                b'\r' | b'\n' | 0 => continue,
                b'\\' => self.control(),
                _ => Token::Byte(b),
            });
        }
    }
}

impl<'a> Lexer<'a> {
    fn control(&mut self) -> Token<'a> {
        let src = self.src;
        let Some(&c) = src.get(self.pos) else {
            return Token::Symbol(b'\\');
        };
        if !c.is_ascii_alphabetic() {
            self.pos += 1;
            if c == b'\'' {
                let hex = src.get(self.pos..self.pos + 2).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                });
                if let Some(v) = hex {
                    self.pos += 2;
                    return Token::Hex(v);
                }
                return Token::Symbol(b'\'');
            }
            // `\` before a line break is a paragraph mark.
            if c == b'\n' || c == b'\r' {
                return Token::Word("par", None);
            }
            return Token::Symbol(c);
        }
        let start = self.pos;
        while self.pos < src.len()
            && self.pos - start < MAX_WORD
            && src[self.pos].is_ascii_alphabetic()
        {
            self.pos += 1;
        }
        // The name is ASCII letters, so always valid UTF-8.
        let name = std::str::from_utf8(&src[start..self.pos]).unwrap_or("");
        let mut param = None;
        let neg = src.get(self.pos) == Some(&b'-');
        let digits_start = self.pos + usize::from(neg);
        let mut end = digits_start;
        while end < src.len() && end - digits_start < MAX_DIGITS && src[end].is_ascii_digit() {
            end += 1;
        }
        if end > digits_start {
            let v: i64 = std::str::from_utf8(&src[digits_start..end])
                .ok()
                .and_then(|d| d.parse().ok())
                .unwrap_or(0);
            let v = if neg { -v } else { v };
            param = Some(v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
            self.pos = end;
        }
        // One space delimits the control word and is part of it.
        if src.get(self.pos) == Some(&b' ') {
            self.pos += 1;
        }
        if name == "bin" {
            let n = param.unwrap_or(0).max(0) as usize;
            let end = self.pos.saturating_add(n).min(src.len());
            let data = &src[self.pos..end];
            self.pos = end;
            return Token::Binary(data);
        }
        Token::Word(name, param)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let toks: Vec<Token> =
            Lexer::new(b"{\\rtf1\\u-3913 x\\'a3\\bin2 {}\\*\\cellx-20\r\n}\\").collect();
        assert_eq!(
            toks,
            [
                Token::Open,
                Token::Word("rtf", Some(1)),
                Token::Word("u", Some(-3913)),
                Token::Byte(b'x'),
                Token::Hex(0xa3),
                Token::Binary(b"{}"),
                Token::Symbol(b'*'),
                Token::Word("cellx", Some(-20)),
                Token::Close,
                Token::Symbol(b'\\'),
            ]
        );
    }
}
