//! A tolerant HTML tag scanner: splits markup into start tags (with
//! attributes), end tags and text, skipping comments, declarations,
//! processing instructions and the content of `script`/`style`-like
//! elements. It builds no tree: the reader above it only needs the events,
//! and unclosed or misnested tags in real replies must not stop it.

use std::borrow::Cow;

/// One piece of markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// A start tag; `name` is lower-case, attribute names too.
    Start {
        name: String,
        attrs: Vec<(String, String)>,
    },
    End {
        name: String,
    },
    /// Raw text, entities not yet decoded.
    Text(&'a str),
}

impl Token<'_> {
    /// Value of attribute `key` of a start tag.
    pub fn attr(&self, key: &str) -> Option<&str> {
        match self {
            Token::Start { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

/// Elements whose content is not markup and not shown.
const RAW_SKIPPED: [&str; 5] = ["script", "style", "title", "noscript", "template"];

/// Iterator over the tokens of an HTML text.
pub struct Scanner<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(src: &'a str) -> Self {
        Scanner { src, pos: 0 }
    }

    /// Move past the first `needle` (ASCII, case-insensitive) at or after
    /// `from`, or to the end.
    fn skip_past(&mut self, from: usize, needle: &str) {
        self.pos = find_ci(self.src.as_bytes(), from, needle.as_bytes())
            .map(|i| i + needle.len())
            .unwrap_or(self.src.len());
    }
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let bytes = self.src.as_bytes();
        loop {
            let start = self.pos;
            if start >= bytes.len() {
                return None;
            }
            if bytes[start] != b'<' {
                let end = next_tag_open(bytes, start + 1);
                self.pos = end;
                return Some(Token::Text(&self.src[start..end]));
            }
            let rest = &bytes[start + 1..];
            if rest.starts_with(b"!--") {
                self.skip_past(start + 4, "-->");
                continue;
            }
            if rest.starts_with(b"!") || rest.starts_with(b"?") {
                // Doctype, CDATA-like Outlook conditionals, PIs.
                self.skip_past(start + 1, ">");
                continue;
            }
            let is_end = rest.first() == Some(&b'/');
            let name_start = start + 1 + usize::from(is_end);
            if !bytes
                .get(name_start)
                .is_some_and(|b| b.is_ascii_alphabetic())
            {
                // A lone `<` in text.
                let end = next_tag_open(bytes, start + 1);
                self.pos = end;
                return Some(Token::Text(&self.src[start..end]));
            }
            let tag_end = tag_end(bytes, name_start);
            self.pos = (tag_end + 1).min(bytes.len());
            let inner = &self.src[name_start..tag_end.min(bytes.len())];
            let name_len = inner
                .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
                .unwrap_or(inner.len());
            let name = inner[..name_len].to_ascii_lowercase();
            if is_end {
                return Some(Token::End { name });
            }
            let attrs = parse_attrs(&inner[name_len..]);
            if RAW_SKIPPED.contains(&name.as_str()) {
                let close = format!("</{name}");
                self.skip_past(self.pos, &close);
                self.skip_past(self.pos, ">");
                continue;
            }
            return Some(Token::Start { name, attrs });
        }
    }
}

fn next_tag_open(bytes: &[u8], from: usize) -> usize {
    bytes[from.min(bytes.len())..]
        .iter()
        .position(|&b| b == b'<')
        .map(|i| from + i)
        .unwrap_or(bytes.len())
}

/// Index of the `>` closing a tag, skipping quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            // Only a quote right after `=` opens a value.
            None if (b == b'"' || b == b'\'') && i > 0 && bytes[i - 1] == b'=' => {
                quote = Some(b);
            }
            None if b == b'>' => return i,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() || needle.is_empty() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|i| from + i)
}

/// `a=1 b="x y" c='z' d` → pairs, names lower-case, values decoded.
fn parse_attrs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
    while !rest.is_empty() {
        let name_len = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after_eq) = rest.strip_prefix('=') {
            let v = after_eq.trim_start();
            let (raw, remaining) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &v[1..];
                    match body.find(q) {
                        Some(end) => (&body[..end], &body[end + 1..]),
                        None => (body, ""),
                    }
                }
                _ => {
                    let end = v.find(|c: char| c.is_ascii_whitespace()).unwrap_or(v.len());
                    (&v[..end], &v[end..])
                }
            };
            value = decode_entities(raw).into_owned();
            rest = remaining;
        }
        if !name.is_empty() {
            out.push((name, value));
        }
        // Every pass consumes a name or an `=value`, so this ends.
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
    }
    out
}

/// Decode character and named references (`&amp;`, `&#163;`, `&pound;`);
/// anything unrecognised is kept as written.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // Entity names are short; look for `;` close by.
        let semi = rest[1..]
            .char_indices()
            .take(32)
            .find(|&(_, c)| c == ';' || !(c.is_ascii_alphanumeric() || c == '#'))
            .filter(|&(_, c)| c == ';')
            .map(|(j, _)| j + 1);
        let decoded = semi.and_then(|end| resolve(&rest[1..end]).map(|d| (d, end + 1)));
        match decoded {
            Some((text, len)) => {
                out.push_str(&text);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn resolve(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // Windows-1252 code points written as numeric references (common
        // in old HTML: `&#150;` for an en dash).
        let c = match code {
            0x80..=0x9F => {
                let b = [code as u8];
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(&b)
                    .0
                    .chars()
                    .next()
            }
            _ => char::from_u32(code),
        };
        return c.map(String::from);
    }
    quick_xml::escape::resolve_html5_entity(name).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_text_comments_and_raw_elements() {
        let html = "<!DOCTYPE html><!-- note <p> --><P Class=x>A &amp; B<br/>\
                    <script>if (a<b) {}</script><td colspan=2 title='a>b'>1&nbsp;2</td></p><![if !x]>< 3";
        let toks: Vec<Token> = Scanner::new(html).collect();
        assert_eq!(
            toks,
            [
                Token::Start {
                    name: "p".into(),
                    attrs: vec![("class".into(), "x".into())]
                },
                Token::Text("A &amp; B"),
                Token::Start {
                    name: "br".into(),
                    attrs: vec![]
                },
                Token::Start {
                    name: "td".into(),
                    attrs: vec![
                        ("colspan".into(), "2".into()),
                        ("title".into(), "a>b".into())
                    ]
                },
                Token::Text("1&nbsp;2"),
                Token::End { name: "td".into() },
                Token::End { name: "p".into() },
                Token::Text("< 3"),
            ]
        );
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("&pound;450 &#163; &#x41; &#150; &bogus; a&b"),
            "£450 £ A – &bogus; a&b"
        );
        assert_eq!(decode_entities("&amp"), "&amp");
    }

    #[test]
    fn unterminated_markup_ends_cleanly() {
        assert_eq!(Scanner::new("<p class=\"x").count(), 1);
        assert_eq!(Scanner::new("<!-- open").count(), 0);
        assert_eq!(Scanner::new("<script>x").count(), 0);
        assert_eq!(Scanner::new("<").count(), 1);
    }
}
