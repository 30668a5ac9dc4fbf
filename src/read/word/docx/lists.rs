//! List numbering of a .docx (`word/numbering.xml`): which `w:num` uses
//! which abstract definition, each level's format, start and text pattern
//! (`%1.%2`), and the running counters that turn a numbered paragraph into
//! its label.

use crate::read::word::numbering::{Counters, NumFormat};
use crate::read::word::package::{attr, local};
use quick_xml::events::Event;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: NumFormat,
    text: String,
}

/// Numbering definitions and counters.
#[derive(Debug, Default)]
pub struct Lists {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, per-level start overrides).
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
    counters: HashMap<String, Counters>,
}

impl Lists {
    /// Parse `word/numbering.xml`; damage gives what was read so far.
    pub fn parse(xml: &str) -> Lists {
        let mut lists = Lists::default();
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<usize> = None;
        loop {
            let e = match reader.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => e,
                Ok(Event::End(e)) => {
                    match local(e.name().0) {
                        "abstractNum" => abstract_id = None,
                        "num" => num_id = None,
                        "lvl" | "lvlOverride" => level = None,
                        _ => {}
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => continue,
            };
            let name = e.name();
            let val = || attr(&e, "val").unwrap_or_default();
            match local(name.0) {
                "abstractNum" => {
                    abstract_id = attr(&e, "abstractNumId");
                    if let Some(id) = &abstract_id {
                        lists
                            .abstracts
                            .insert(id.clone(), vec![Level::default(); 9]);
                    }
                }
                "num" => {
                    num_id = attr(&e, "numId");
                    if let Some(id) = &num_id {
                        lists
                            .nums
                            .insert(id.clone(), (String::new(), HashMap::new()));
                    }
                }
                "abstractNumId" => {
                    if let Some(n) = num_id.as_ref().and_then(|id| lists.nums.get_mut(id)) {
                        n.0 = val();
                    }
                }
                "lvl" | "lvlOverride" => {
                    level = attr(&e, "ilvl")
                        .and_then(|v| v.parse::<usize>().ok())
                        .filter(|&l| l < 9);
                }
                "startOverride" => {
                    if let (Some(l), Some(n)) =
                        (level, num_id.as_ref().and_then(|id| lists.nums.get_mut(id)))
                    {
                        n.1.insert(l, val().parse().unwrap_or(1));
                    }
                }
                tag @ ("start" | "numFmt" | "lvlText") if num_id.is_none() => {
                    let Some(lvl) = abstract_id
                        .as_ref()
                        .and_then(|id| lists.abstracts.get_mut(id))
                        .and_then(|levels| levels.get_mut(level?))
                    else {
                        continue;
                    };
                    match tag {
                        "start" => lvl.start = val().parse().unwrap_or(1),
                        "numFmt" => lvl.format = NumFormat::from_docx(&val()),
                        _ => lvl.text = val(),
                    }
                }
                _ => {}
            }
        }
        lists
    }

    /// The label of the next paragraph of list `num_id` at level `ilvl`
    /// (`3.`, `2.1`, `b)`), advancing the counters; `None` for bullets,
    /// unnumbered levels and unknown lists.
    pub fn label(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let (abstract_id, overrides) = self.nums.get(num_id)?;
        let levels = self.abstracts.get(abstract_id)?;
        let ilvl = ilvl.min(8);
        let start = |l: usize| {
            overrides
                .get(&l)
                .copied()
                .or_else(|| levels.get(l).map(|lv| lv.start))
                .unwrap_or(1)
        };
        let counts = self
            .counters
            .entry(num_id.to_string())
            .or_default()
            .next(ilvl, start);
        let level = levels.get(ilvl)?;
        if level.format == NumFormat::None || level.text.is_empty() {
            return None;
        }
        let mut label = level.text.clone();
        for (l, n) in counts.iter().enumerate().rev() {
            let format = levels.get(l).map(|lv| lv.format).unwrap_or_default();
            label = label.replace(&format!("%{}", l + 1), &format.render(*n));
        }
        Some(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_levels_and_overrides() {
        let xml = r#"<w:numbering xmlns:w="w">
          <w:abstractNum w:abstractNumId="7">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2)"/></w:lvl>
          </w:abstractNum>
          <w:abstractNum w:abstractNumId="8">
            <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
          </w:abstractNum>
          <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
          <w:num w:numId="2"><w:abstractNumId w:val="7"/>
            <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
          <w:num w:numId="3"><w:abstractNumId w:val="8"/></w:num>
        </w:numbering>"#;
        let mut l = Lists::parse(xml);
        assert_eq!(l.label("1", 0).as_deref(), Some("1."));
        assert_eq!(l.label("1", 1).as_deref(), Some("1.a)"));
        assert_eq!(l.label("1", 1).as_deref(), Some("1.b)"));
        assert_eq!(l.label("1", 0).as_deref(), Some("2."));
        assert_eq!(l.label("2", 0).as_deref(), Some("5."));
        assert_eq!(l.label("3", 0), None);
        assert_eq!(l.label("9", 0), None);
    }
}
