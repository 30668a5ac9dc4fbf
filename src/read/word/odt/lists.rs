//! List numbering of an .odt: the numbered levels of each list style
//! (`text:list-style` in `styles.xml` and the automatic styles of
//! `content.xml`) and the counters that give a list item its label.

use crate::read::word::numbering::{Counters, NumFormat};
use crate::read::word::package::{attr, local};
use quick_xml::events::Event;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
struct Level {
    format: NumFormat,
    prefix: String,
    suffix: String,
    start: u32,
    /// How many levels the label shows (`1.2.` shows two).
    display: usize,
}

/// A list being read.
#[derive(Debug, Clone)]
struct OpenList {
    style: Option<String>,
}

/// List styles, counters and the lists open at the reading point.
#[derive(Debug, Default)]
pub struct Lists {
    styles: HashMap<String, Vec<Option<Level>>>,
    counters: HashMap<String, Counters>,
    open: Vec<OpenList>,
}

impl Lists {
    /// Add the list styles defined in one XML part.
    pub fn add_styles(&mut self, xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut current: Option<String> = None;
        loop {
            let (e, open) = match reader.read_event() {
                Ok(Event::Start(e)) => (e, true),
                Ok(Event::Empty(e)) => (e, false),
                Ok(Event::End(e)) => {
                    if local(e.name().0) == "list-style" {
                        current = None;
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => continue,
            };
            let name = e.name();
            match local(name.0) {
                "list-style" if open => {
                    current = attr(&e, "name");
                    if let Some(n) = &current {
                        self.styles.insert(n.clone(), vec![None; 10]);
                    }
                }
                "list-level-style-number" => {
                    let Some(levels) = current.as_ref().and_then(|n| self.styles.get_mut(n)) else {
                        continue;
                    };
                    let level: usize = attr(&e, "level").and_then(|v| v.parse().ok()).unwrap_or(1);
                    if let Some(slot) = levels.get_mut(level.saturating_sub(1)) {
                        *slot = Some(Level {
                            format: NumFormat::from_symbol(
                                &attr(&e, "num-format").unwrap_or_default(),
                            ),
                            prefix: attr(&e, "num-prefix").unwrap_or_default(),
                            suffix: attr(&e, "num-suffix").unwrap_or_default(),
                            start: attr(&e, "start-value")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1),
                            display: attr(&e, "display-levels")
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1),
                        });
                    }
                }
                _ => {}
            }
        }
    }

    /// `text:list` opens: its style, or the enclosing list's. A new
    /// top-level list restarts its style's numbering unless it says it
    /// continues.
    pub fn open_list(&mut self, style: Option<String>, continues: bool) {
        let style = style.or_else(|| self.open.last().and_then(|l| l.style.clone()));
        if self.open.is_empty() && !continues {
            if let Some(s) = &style {
                self.counters.remove(s);
            }
        }
        self.open.push(OpenList { style });
    }

    pub fn close_list(&mut self) {
        self.open.pop();
    }

    /// `text:list-item` opens: advance the counter of its level and return
    /// its label, when the level is numbered.
    pub fn item_label(&mut self, start_value: Option<u32>) -> Option<String> {
        let depth = self.open.len();
        let style = self.open.last()?.style.clone()?;
        let levels = self.styles.get(&style)?;
        let index = depth.checked_sub(1)?.min(9);
        let start = |l: usize| {
            if l == index {
                if let Some(v) = start_value {
                    return v;
                }
            }
            levels
                .get(l)
                .and_then(|lv| lv.as_ref())
                .map_or(1, |lv| lv.start)
        };
        let counters = self.counters.entry(style.clone()).or_default();
        if start_value.is_some() {
            // An explicit start restarts this level.
            counters.restart(index);
        }
        let counts = counters.next(index.min(8), start);
        let level = levels.get(index)?.as_ref()?;
        if level.format == NumFormat::None {
            return None;
        }
        let shown = level.display.clamp(1, counts.len());
        let numbers: Vec<String> = (counts.len() - shown..counts.len())
            .map(|l| {
                let format = levels
                    .get(l)
                    .and_then(|lv| lv.as_ref())
                    .map_or(NumFormat::Decimal, |lv| lv.format);
                format.render(counts[l])
            })
            .collect();
        Some(format!(
            "{}{}{}",
            level.prefix,
            numbers.join("."),
            level.suffix
        ))
    }
}
