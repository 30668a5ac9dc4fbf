//! Paragraph properties of a Word 97-2003 binary document, read only as far
//! as tables and headings need: the `PlcBtePapx` points at 512-byte FKP
//! pages in the `WordDocument` stream whose PAPX runs carry the sprms for
//! "in a table", "row end", nesting depth, the row's cell edges and merges
//! (`sprmTDefTable`), outline level and the style index ([MS-DOC] 2.9.23,
//! 2.9.182, 2.6.2/2.6.3). The stylesheet maps style indexes to built-in
//! heading styles.

use super::fib::{slice, u16_at, u32_at};
use crate::read::word::edge_table::CellDef;

/// Bytes of one formatted disk page.
const FKP_SIZE: usize = 512;

const SPRM_P_F_IN_TABLE: u16 = 0x2416;
const SPRM_P_F_TTP: u16 = 0x2417;
const SPRM_P_OUT_LVL: u16 = 0x2640;
const SPRM_P_ITAP: u16 = 0x6649;
const SPRM_P_F_INNER_TABLE_CELL: u16 = 0x244B;
const SPRM_P_F_INNER_TTP: u16 = 0x244C;
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_T_TABLE_HEADER: u16 = 0x3404;
const SPRM_P_ILFO: u16 = 0x460B;
const SPRM_P_ILVL: u16 = 0x260A;
const SPRM_P_CHG_TABS: u16 = 0xC615;

/// What a paragraph's properties say about tables and headings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaProps {
    pub istd: u16,
    pub in_table: bool,
    /// The paragraph is a table row end mark.
    pub row_end: bool,
    /// Table nesting depth (1 for a top-level table).
    pub itap: u32,
    pub inner_cell: bool,
    pub inner_row_end: bool,
    pub outline: Option<u8>,
    /// List override (1-based, 0 for none) and list level.
    pub ilfo: u16,
    pub ilvl: u8,
    /// The row this mark ends repeats as a header row.
    pub header_row: bool,
    /// Cell definitions of the row this mark ends.
    pub cells: Vec<CellDef>,
}

/// PAPX runs by stream offset.
#[derive(Debug, Default)]
pub struct Papx {
    /// `(fc_start, fc_end, props)`, sorted by start.
    runs: Vec<(u32, u32, ParaProps)>,
}

impl Papx {
    /// Read every FKP the bin table names; damaged pages are skipped.
    pub fn read(doc: &[u8], table: &[u8], plc: (u32, u32)) -> Papx {
        let mut runs = Vec::new();
        if let Some(plc) = slice(table, plc) {
            let n = plc.len().saturating_sub(4) / 8;
            for i in 0..n {
                let Ok(pn) = u32_at(plc, (n + 1) * 4 + i * 4) else {
                    break;
                };
                let page_at = (pn & 0x003F_FFFF) as usize * FKP_SIZE;
                if let Some(page) = doc.get(page_at..page_at + FKP_SIZE) {
                    read_fkp(page, &mut runs);
                }
            }
        }
        runs.sort_by_key(|r| r.0);
        Papx { runs }
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Properties of the paragraph whose mark is at stream offset `fc`.
    pub fn at(&self, fc: u32) -> Option<&ParaProps> {
        let i = self.runs.partition_point(|r| r.0 <= fc);
        let (start, end, props) = self.runs.get(i.checked_sub(1)?)?;
        (*start <= fc && fc < *end).then_some(props)
    }
}

fn read_fkp(page: &[u8], runs: &mut Vec<(u32, u32, ParaProps)>) {
    let crun = usize::from(page[FKP_SIZE - 1]);
    for i in 0..crun {
        let (Ok(start), Ok(end)) = (u32_at(page, i * 4), u32_at(page, (i + 1) * 4)) else {
            return;
        };
        let bx = (crun + 1) * 4 + i * 13;
        let Some(&offset) = page.get(bx) else {
            return;
        };
        let at = usize::from(offset) * 2;
        if at == 0 {
            // No properties: a plain paragraph.
            runs.push((start, end, ParaProps::default()));
            continue;
        }
        let Some(&cb) = page.get(at) else {
            continue;
        };
        let (from, len) = if cb == 0 {
            let Some(&cb2) = page.get(at + 1) else {
                continue;
            };
            (at + 2, usize::from(cb2) * 2)
        } else {
            (at + 1, usize::from(cb) * 2 - 1)
        };
        let Some(grp) = page.get(from..(from + len).min(FKP_SIZE)) else {
            continue;
        };
        runs.push((start, end, parse_grpprl_and_istd(grp)));
    }
}

/// Operand size of a sprm whose size its `spra` bits (13–15) fix; `None`
/// for spra 6, whose operand states its own length.
fn fixed_operand_len(sprm: u16) -> Option<usize> {
    match sprm >> 13 {
        0 | 1 => Some(1),
        2 | 4 | 5 => Some(2),
        3 => Some(4),
        7 => Some(3),
        _ => None,
    }
}

fn parse_grpprl_and_istd(grp: &[u8]) -> ParaProps {
    let mut props = ParaProps {
        istd: u16_at(grp, 0).unwrap_or(0),
        ..ParaProps::default()
    };
    let mut at = 2;
    while at + 2 <= grp.len() {
        let Ok(sprm) = u16_at(grp, at) else {
            break;
        };
        at += 2;
        let operand = &grp[at.min(grp.len())..];
        let len = match fixed_operand_len(sprm) {
            Some(len) => len,
            None => match sprm {
                // TDefTableOperand.cb counts the rest of the operand, plus one.
                SPRM_T_DEF_TABLE => {
                    2 + usize::from(u16_at(operand, 0).unwrap_or(1)).saturating_sub(1)
                }
                SPRM_P_CHG_TABS if operand.first() == Some(&255) => break,
                _ => 1 + usize::from(operand.first().copied().unwrap_or(0)),
            },
        };
        let value = operand.get(..len).unwrap_or(operand);
        let byte = value.first().copied().unwrap_or(0);
        match sprm {
            SPRM_P_F_IN_TABLE => props.in_table = byte != 0,
            SPRM_P_F_TTP => props.row_end = byte != 0,
            SPRM_P_ITAP => props.itap = u32_at(value, 0).unwrap_or(0),
            SPRM_P_F_INNER_TABLE_CELL => props.inner_cell = byte != 0,
            SPRM_P_F_INNER_TTP => props.inner_row_end = byte != 0,
            SPRM_T_TABLE_HEADER => props.header_row = byte != 0,
            SPRM_P_ILFO => props.ilfo = u16_at(value, 0).unwrap_or(0),
            SPRM_P_ILVL => props.ilvl = byte,
            SPRM_P_OUT_LVL => props.outline = (byte < 9).then_some(byte + 1),
            SPRM_T_DEF_TABLE => props.cells = table_def(value.get(2..).unwrap_or(&[])),
            _ => {}
        }
        at += len;
    }
    if props.in_table && props.itap == 0 {
        props.itap = 1;
    }
    props
}

/// `TDefTableOperand` after its `cb`: `itcMac`, the cell edges
/// (`rgdxaCenter`) and one `TC80` (20 bytes) per cell with merge flags.
fn table_def(op: &[u8]) -> Vec<CellDef> {
    let Some(&count) = op.first() else {
        return Vec::new();
    };
    let count = usize::from(count);
    let edge = |i: usize| u16_at(op, 1 + i * 2).map(|v| v as i16 as i32);
    let tcs = 1 + (count + 1) * 2;
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let Ok(right) = edge(i + 1) else {
            break;
        };
        let flags = u16_at(op, tcs + i * 20).unwrap_or(0);
        out.push(CellDef {
            right,
            v_first: flags & 0x0040 != 0,
            v_cont: flags & 0x0020 != 0 && flags & 0x0040 == 0,
            h_cont: flags & 0x0002 != 0,
        });
    }
    out
}

/// Heading level of each style index, from the stylesheet: built-in
/// styles 1–9 (`sti`) are Heading 1–9.
pub fn heading_styles(table: &[u8], stshf: (u32, u32)) -> Vec<Option<u8>> {
    let Some(stsh) = slice(table, stshf) else {
        return Vec::new();
    };
    let Ok(cb_stshi) = u16_at(stsh, 0) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = 2 + usize::from(cb_stshi);
    while let Ok(cb) = u16_at(stsh, at) {
        let level = if cb == 0 {
            None
        } else {
            u16_at(stsh, at + 2)
                .ok()
                .map(|w| w & 0x0FFF)
                .filter(|sti| (1..=9).contains(sti))
                .map(|sti| sti as u8)
        };
        out.push(level);
        at += 2 + usize::from(cb);
    }
    out
}

/// `sprmCFRMarkDel`: the run is a tracked deletion.
const SPRM_C_F_RMARK_DEL: u16 = 0x0800;

/// Stream ranges `[start, end)` of text runs marked as tracked deletions,
/// from the character property FKPs (`PlcBteChpx`), sorted.
pub fn deleted_ranges(doc: &[u8], table: &[u8], plc: (u32, u32)) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let Some(plc) = slice(table, plc) else {
        return out;
    };
    let n = plc.len().saturating_sub(4) / 8;
    for i in 0..n {
        let Ok(pn) = u32_at(plc, (n + 1) * 4 + i * 4) else {
            break;
        };
        let page_at = (pn & 0x003F_FFFF) as usize * FKP_SIZE;
        let Some(page) = doc.get(page_at..page_at + FKP_SIZE) else {
            continue;
        };
        let crun = usize::from(page[FKP_SIZE - 1]);
        for r in 0..crun {
            let (Ok(start), Ok(end)) = (u32_at(page, r * 4), u32_at(page, (r + 1) * 4)) else {
                break;
            };
            let Some(&offset) = page.get((crun + 1) * 4 + r) else {
                break;
            };
            let at = usize::from(offset) * 2;
            if at == 0 {
                continue;
            }
            let Some(&cb) = page.get(at) else {
                continue;
            };
            let grpprl = page.get(at + 1..(at + 1 + usize::from(cb)).min(FKP_SIZE));
            if grpprl.is_some_and(marks_deletion) {
                out.push((start, end));
            }
        }
    }
    out.sort_unstable();
    out
}

/// True when a CHPX's sprms switch the deletion mark on (1, or 0x81:
/// the opposite of the style, which never marks deletions).
fn marks_deletion(grpprl: &[u8]) -> bool {
    let mut at = 0;
    while at + 2 <= grpprl.len() {
        let Ok(sprm) = u16_at(grpprl, at) else {
            break;
        };
        at += 2;
        let operand = &grpprl[at.min(grpprl.len())..];
        if sprm == SPRM_C_F_RMARK_DEL {
            return matches!(operand.first(), Some(1 | 0x81));
        }
        at += fixed_operand_len(sprm)
            .unwrap_or_else(|| 1 + usize::from(operand.first().copied().unwrap_or(0)));
    }
    false
}

/// True when stream offset `fc` lies in one of the sorted `ranges`.
pub fn in_ranges(ranges: &[(u32, u32)], fc: u32) -> bool {
    let i = ranges.partition_point(|r| r.0 <= fc);
    i > 0 && ranges.get(i - 1).is_some_and(|r| fc < r.1)
}
