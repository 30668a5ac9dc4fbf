//! Paragraph styles of a .docx (`word/styles.xml`), read only far enough to
//! tell which style ids are headings and at what level.

use super::outline_level;
use crate::read::word::package::{attr, local};
use quick_xml::events::Event;
use std::collections::HashMap;

/// Longest `w:basedOn` chain followed (a cycle must not loop).
const MAX_BASED_ON: usize = 16;

#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    /// List numbering the style applies (`w:numPr`): numId and level.
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// Paragraph styles by style id.
#[derive(Debug, Default)]
pub struct Styles {
    by_id: HashMap<String, Style>,
}

impl Styles {
    /// Parse `word/styles.xml`; a damaged file gives what was read so far
    /// (styles only refine headings, they never stop the document).
    pub fn parse(xml: &str) -> Styles {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut by_id = HashMap::new();
        let mut current: Option<(String, Style)> = None;
        loop {
            let (e, open) = match reader.read_event() {
                Ok(Event::Start(e)) => (e, true),
                Ok(Event::Empty(e)) => (e, false),
                Ok(Event::End(e)) => {
                    if local(e.name().0) == "style" {
                        if let Some((id, s)) = current.take() {
                            by_id.insert(id, s);
                        }
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => continue,
            };
            let name = e.name();
            match local(name.0) {
                "style" if open => {
                    current = attr(&e, "styleId").map(|id| (id, Style::default()));
                }
                "name" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.name = attr(&e, "val").unwrap_or_default();
                    }
                }
                "basedOn" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.based_on = attr(&e, "val");
                    }
                }
                "outlineLvl" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.outline = outline_level(attr(&e, "val").as_deref());
                    }
                }
                "numId" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.num_id = attr(&e, "val");
                    }
                }
                "ilvl" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.ilvl = attr(&e, "val").and_then(|v| v.parse().ok());
                    }
                }
                _ => {}
            }
        }
        Styles { by_id }
    }

    /// Heading level of paragraph style `id`: from its name (`heading 2`),
    /// its outline level, or those of the styles it is based on; without a
    /// styles part, from the id itself (`Heading2`).
    pub fn heading_level(&self, id: &str) -> Option<u8> {
        let mut id = id.to_string();
        for _ in 0..MAX_BASED_ON {
            let Some(style) = self.by_id.get(&id) else {
                return level_from_name(&id);
            };
            if let Some(level) = level_from_name(&style.name).or(style.outline) {
                return Some(level);
            }
            id = style.based_on.clone()?;
        }
        None
    }
}

impl Styles {
    /// List numbering (numId, level) that paragraph style `id` applies,
    /// itself or through the styles it is based on.
    pub fn numbering(&self, id: &str) -> Option<(String, usize)> {
        let mut id = id.to_string();
        for _ in 0..MAX_BASED_ON {
            let style = self.by_id.get(&id)?;
            if let Some(num) = &style.num_id {
                return Some((num.clone(), style.ilvl.unwrap_or(0)));
            }
            id = style.based_on.clone()?;
        }
        None
    }
}

/// `heading 1`, `Heading1`, `Heading 2 Char` → level.
fn level_from_name(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
    let rest = lower.strip_prefix("heading")?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let level: u8 = digits.parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_names_outline_and_based_on() {
        let xml = r#"<w:styles xmlns:w="w">
          <w:style w:type="paragraph" w:styleId="Titre1"><w:name w:val="heading 1"/></w:style>
          <w:style w:type="paragraph" w:styleId="Custom"><w:name w:val="Force Heading"/>
            <w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Derived"><w:name w:val="Derived"/>
            <w:basedOn w:val="Titre1"/></w:style>
          <w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/>
            <w:basedOn w:val="Loop"/></w:style>
          <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        </w:styles>"#;
        let s = Styles::parse(xml);
        assert_eq!(s.heading_level("Titre1"), Some(1));
        assert_eq!(s.heading_level("Custom"), Some(3));
        assert_eq!(s.heading_level("Derived"), Some(1));
        assert_eq!(s.heading_level("Loop"), None);
        assert_eq!(s.heading_level("Normal"), None);
        assert_eq!(Styles::default().heading_level("Heading2"), Some(2));
    }
}
