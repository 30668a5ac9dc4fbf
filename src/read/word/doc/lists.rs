//! List numbering of a Word 97-2003 binary document ([MS-DOC] 2.9.147
//! PlfLst, 2.9.150 LVL, 2.9.131 PlfLfo): each paragraph names a list
//! override (`sprmPIlfo`) and level (`sprmPIlvl`); the override names a
//! list (`lsid`) whose level gives the number format and the label
//! template, in which characters 0–8 stand for the numbers of levels 1–9.

use super::fib::{slice, u16_at, u32_at};
use crate::read::word::numbering::{Counters, NumFormat};
use std::collections::HashMap;

/// Bytes of an LSTF, an LVLF and an LFO.
const LSTF_SIZE: usize = 28;
const LVLF_SIZE: usize = 28;
const LFO_SIZE: usize = 16;
/// Most lists and overrides read (Word itself caps lists far lower).
const MAX_LISTS: usize = 10_000;

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: NumFormat,
    /// Label template: `Err(level)` for a number placeholder.
    template: Vec<Result<char, usize>>,
}

/// Lists, list overrides and counters.
#[derive(Debug, Default)]
pub struct DocLists {
    levels: HashMap<u32, Vec<Level>>,
    /// ilfo (1-based) → lsid.
    overrides: Vec<u32>,
    counters: HashMap<u32, Counters>,
}

impl DocLists {
    /// Read `PlfLst` (with the LVLs that follow it) and `PlfLfo`; damaged
    /// structures give what was read before the damage.
    pub fn read(table: &[u8], plf_lst: (u32, u32), plf_lfo: (u32, u32)) -> DocLists {
        let mut lists = DocLists::default();
        if let Some(lst) = slice(table, plf_lst) {
            let count = (u16_at(lst, 0).unwrap_or(0) as i16).max(0) as usize;
            // The LVLs follow the PlfLst in the table stream.
            let mut at = plf_lst.0 as usize + lst.len();
            for i in 0..count.min(MAX_LISTS) {
                let lstf = 2 + i * LSTF_SIZE;
                let (Ok(lsid), Some(&flags)) = (u32_at(lst, lstf), lst.get(lstf + 26)) else {
                    break;
                };
                let n_levels = if flags & 1 != 0 { 1 } else { 9 };
                let mut levels = Vec::with_capacity(n_levels);
                for _ in 0..n_levels {
                    match read_level(table, at) {
                        Some((level, next)) => {
                            levels.push(level);
                            at = next;
                        }
                        None => break,
                    }
                }
                lists.levels.insert(lsid, levels);
            }
        }
        if let Some(lfo) = slice(table, plf_lfo) {
            let count = u32_at(lfo, 0).unwrap_or(0) as usize;
            for i in 0..count.min(MAX_LISTS) {
                let Ok(lsid) = u32_at(lfo, 4 + i * LFO_SIZE) else {
                    break;
                };
                lists.overrides.push(lsid);
            }
        }
        lists
    }

    /// The label of the next paragraph of list override `ilfo` at level
    /// `ilvl`, advancing the counters; `None` for bullets and no list.
    pub fn label(&mut self, ilfo: u16, ilvl: u8) -> Option<String> {
        let lsid = *self.overrides.get(usize::from(ilfo).checked_sub(1)?)?;
        let levels = self.levels.get(&lsid)?;
        let ilvl = usize::from(ilvl).min(8);
        let level = levels.get(ilvl)?;
        let counts = self
            .counters
            .entry(lsid)
            .or_default()
            .next(ilvl, |l| levels.get(l).map_or(1, |lv| lv.start));
        if level.format == NumFormat::None {
            return None;
        }
        let mut label = String::new();
        for part in &level.template {
            match part {
                Ok(c) => label.push(*c),
                Err(l) => {
                    let format = levels.get(*l).map(|lv| lv.format).unwrap_or_default();
                    if let Some(n) = counts.get(*l) {
                        label.push_str(&format.render(*n));
                    }
                }
            }
        }
        let label = label.trim().to_string();
        (!label.is_empty()).then_some(label)
    }
}

/// One LVL at `at`: the level and the offset just after it.
fn read_level(table: &[u8], at: usize) -> Option<(Level, usize)> {
    let lvlf = table.get(at..at + LVLF_SIZE)?;
    let start = u32_at(lvlf, 0).ok()?;
    let format = match lvlf[4] {
        0 => NumFormat::Decimal,
        1 => NumFormat::UpperRoman,
        2 => NumFormat::LowerRoman,
        3 => NumFormat::UpperLetter,
        4 => NumFormat::LowerLetter,
        22 => NumFormat::DecimalZero,
        23 | 255 => NumFormat::None,
        _ => NumFormat::Decimal,
    };
    let cb_chpx = usize::from(lvlf[24]);
    let cb_papx = usize::from(lvlf[25]);
    let xst = at + LVLF_SIZE + cb_papx + cb_chpx;
    let cch = usize::from(u16_at(table, xst).ok()?);
    let chars = table.get(xst + 2..xst + 2 + cch * 2)?;
    let template = chars
        .chunks_exact(2)
        .map(|u| u16::from_le_bytes([u[0], u[1]]))
        .map(|u| match u {
            0..=8 => Err(usize::from(u)),
            _ => Ok(char::from_u32(u32::from(u)).unwrap_or('\u{fffd}')),
        })
        .collect();
    Some((
        Level {
            start,
            format,
            template,
        },
        xst + 2 + cch * 2,
    ))
}
