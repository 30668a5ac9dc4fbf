//! The File Information Block of a Word 97-2003 binary document and the
//! piece table it points at ([MS-DOC] 2.5.1, 2.8.35, 2.9.177): where the
//! text of each character position (CP) lives in the `WordDocument`
//! stream, and whether it is stored as 8-bit or UTF-16.

use crate::read::ReadError;

/// `wIdent` of a Word binary FIB.
const W_IDENT: u16 = 0xA5EC;
/// First `nFib` of Word 97; older files (Word 6/95) have another layout.
pub const NFIB_WORD97: u16 = 0x00C1;

/// Little-endian reads that fail as "corrupt" instead of panicking.
pub fn u16_at(b: &[u8], at: usize) -> Result<u16, ReadError> {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
        .ok_or_else(|| ReadError::corrupt(format!("structure cut short at byte {at}")))
}

pub fn u32_at(b: &[u8], at: usize) -> Result<u32, ReadError> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| ReadError::corrupt(format!("structure cut short at byte {at}")))
}

/// The FIB fields this reader uses.
#[derive(Debug, Clone, Default)]
pub struct Fib {
    pub n_fib: u16,
    pub encrypted: bool,
    /// `1Table` (true) or `0Table` holds the tables.
    pub table_1: bool,
    /// Character counts of the subdocuments, stored one after another:
    /// main text, footnotes, headers, macros, comments, endnotes, text
    /// boxes, header text boxes.
    pub ccp_text: u32,
    pub ccp_ftn: u32,
    pub ccp_hdd: u32,
    pub ccp_mcr: u32,
    pub ccp_atn: u32,
    pub ccp_edn: u32,
    pub ccp_txbx: u32,
    pub ccp_hdr_txbx: u32,
    /// (offset, length) pairs in the table stream.
    pub stshf: (u32, u32),
    pub plcf_hdd: (u32, u32),
    pub plcf_bte_chpx: (u32, u32),
    pub plcf_bte_papx: (u32, u32),
    pub clx: (u32, u32),
    pub plf_lst: (u32, u32),
    pub plf_lfo: (u32, u32),
}

impl Fib {
    pub fn parse(doc: &[u8]) -> Result<Fib, ReadError> {
        if u16_at(doc, 0)? != W_IDENT {
            return Err(ReadError::corrupt("WordDocument stream has no Word FIB"));
        }
        let n_fib = u16_at(doc, 2)?;
        let flags = u16_at(doc, 0x0A)?;
        let mut fib = Fib {
            n_fib,
            // fEncrypted, or fObfuscated (XOR): both need a password.
            encrypted: flags & 0x0100 != 0 || flags & 0x8000 != 0,
            table_1: flags & 0x0200 != 0,
            ..Fib::default()
        };
        if fib.encrypted || n_fib < NFIB_WORD97 {
            return Ok(fib);
        }
        // FibBase (32 bytes), csw + fibRgW, cslw + fibRgLw, cbRgFcLcb + blob.
        let csw = usize::from(u16_at(doc, 32)?);
        let lw = 34 + csw * 2;
        let cslw = usize::from(u16_at(doc, lw)?);
        let lw_start = lw + 2;
        let lw_u32 = |i: usize| -> Result<u32, ReadError> {
            if i < cslw {
                u32_at(doc, lw_start + i * 4)
            } else {
                Ok(0)
            }
        };
        fib.ccp_text = lw_u32(3)?;
        fib.ccp_ftn = lw_u32(4)?;
        fib.ccp_hdd = lw_u32(5)?;
        fib.ccp_mcr = lw_u32(6)?;
        fib.ccp_atn = lw_u32(7)?;
        fib.ccp_edn = lw_u32(8)?;
        fib.ccp_txbx = lw_u32(9)?;
        fib.ccp_hdr_txbx = lw_u32(10)?;
        let blob_len_at = lw_start + cslw * 4;
        let pairs = usize::from(u16_at(doc, blob_len_at)?);
        let blob = blob_len_at + 2;
        let pair = |i: usize| -> Result<(u32, u32), ReadError> {
            if i < pairs {
                Ok((u32_at(doc, blob + i * 8)?, u32_at(doc, blob + i * 8 + 4)?))
            } else {
                Ok((0, 0))
            }
        };
        fib.stshf = pair(1)?;
        fib.plcf_hdd = pair(11)?;
        fib.plcf_bte_chpx = pair(12)?;
        fib.plcf_bte_papx = pair(13)?;
        fib.clx = pair(33)?;
        fib.plf_lst = pair(73)?;
        fib.plf_lfo = pair(74)?;
        Ok(fib)
    }
}

impl Fib {
    /// CP ranges of the endnotes, text boxes and header text boxes.
    pub fn later_stories(&self) -> [(u32, u32); 3] {
        let edn = [
            self.ccp_text,
            self.ccp_ftn,
            self.ccp_hdd,
            self.ccp_mcr,
            self.ccp_atn,
        ]
        .iter()
        .fold(0u32, |a, &b| a.saturating_add(b));
        let txbx = edn.saturating_add(self.ccp_edn);
        let hdr_txbx = txbx.saturating_add(self.ccp_txbx);
        [
            (edn, txbx),
            (txbx, hdr_txbx),
            (hdr_txbx, hdr_txbx.saturating_add(self.ccp_hdr_txbx)),
        ]
    }
}

/// The bytes `(offset, length)` of `stream`, if they lie inside it.
pub fn slice(stream: &[u8], (fc, lcb): (u32, u32)) -> Option<&[u8]> {
    let start = fc as usize;
    stream.get(start..start.checked_add(lcb as usize)?)
}

/// One piece of text: CPs `[cp_start, cp_end)` stored from byte `fc`.
#[derive(Debug, Clone, Copy)]
pub struct Piece {
    pub cp_start: u32,
    pub cp_end: u32,
    pub fc: u32,
    /// 8-bit Windows-1252 (true) or UTF-16LE.
    pub compressed: bool,
}

/// Parse the CLX: skip the `Prc` property blocks, read the `PlcPcd`.
pub fn pieces(clx: &[u8]) -> Result<Vec<Piece>, ReadError> {
    let mut at = 0usize;
    while clx.get(at) == Some(&0x01) {
        let cb = usize::from(u16_at(clx, at + 1)?);
        at += 3 + cb;
    }
    if clx.get(at) != Some(&0x02) {
        return Err(ReadError::corrupt("no piece table in the CLX"));
    }
    let lcb = u32_at(clx, at + 1)? as usize;
    let plc = clx
        .get(at + 5..at + 5 + lcb)
        .ok_or_else(|| ReadError::corrupt("piece table cut short"))?;
    if lcb < 4 {
        return Ok(Vec::new());
    }
    let n = (lcb - 4) / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp_start = u32_at(plc, i * 4)?;
        let cp_end = u32_at(plc, (i + 1) * 4)?;
        let pcd = (n + 1) * 4 + i * 8;
        let fc_raw = u32_at(plc, pcd + 2)?;
        let compressed = fc_raw & 0x4000_0000 != 0;
        let fc = fc_raw & 0x3FFF_FFFF;
        if cp_end <= cp_start {
            continue;
        }
        out.push(Piece {
            cp_start,
            cp_end,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(out)
}

/// Characters of CPs `[from, to)` with the stream offset of each (paragraph
/// properties are looked up by offset). Bytes outside the stream end the
/// text there; a legitimate file never has more characters than stream
/// bytes, so overlapping hostile pieces stop there too.
pub fn text(doc: &[u8], pieces: &[Piece], from: u32, to: u32) -> Vec<(char, u32)> {
    let mut out = Vec::new();
    for p in pieces {
        if out.len() >= doc.len() {
            break;
        }
        let a = p.cp_start.max(from);
        let b = p.cp_end.min(to);
        if a >= b {
            continue;
        }
        for cp in a..b {
            let k = cp - p.cp_start;
            if p.compressed {
                let at = p.fc.saturating_add(k);
                let Some(&byte) = doc.get(at as usize) else {
                    return out;
                };
                out.push((cp1252(byte), at));
            } else {
                let at = p.fc.saturating_add(k.saturating_mul(2));
                let Ok(unit) = u16_at(doc, at as usize) else {
                    return out;
                };
                out.push((char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}'), at));
            }
        }
    }
    out
}

fn cp1252(b: u8) -> char {
    if b < 0x80 {
        return char::from(b);
    }
    let bytes = [b];
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    text.chars().next().unwrap_or('\u{fffd}')
}
