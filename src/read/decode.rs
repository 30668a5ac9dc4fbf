//! Turning bytes of unknown encoding into text: BOMs first (UTF-8, UTF-16
//! LE/BE), then strict UTF-8, then a guess (chardetng) among legacy
//! encodings, which for UK replies is nearly always Windows-1252.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// Decode `bytes` to a `String`, returning the encoding used.
pub fn decode_text(bytes: &[u8]) -> (String, &'static Encoding) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return (text.into_owned(), enc);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), UTF_8);
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let mut enc = det.guess(Some(b"uk"), true);
    if enc == UTF_8 {
        enc = WINDOWS_1252;
    }
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), enc)
}

/// Decode with a named charset (from a MIME header or RTF `\ansicpg`),
/// falling back to [`decode_text`] when the label is unknown.
pub fn decode_with_label(bytes: &[u8], label: &str) -> String {
    match Encoding::for_label(label.trim().as_bytes()) {
        Some(enc) => enc.decode(bytes).0.into_owned(),
        None => decode_text(bytes).0,
    }
}

/// UTF-16 text written without a BOM shows as every other byte NUL.
/// (Also used by format sniffing, so such text is not taken for binary.)
pub fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(512) & !1;
    if n < 8 {
        return None;
    }
    let (even, odd) = bytes[..n].chunks(2).fold((0, 0), |(e, o), p| {
        (e + (p[0] == 0) as usize, o + (p[1] == 0) as usize)
    });
    let pairs = n / 2;
    if odd * 10 > pairs * 8 && even == 0 {
        Some(UTF_16LE)
    } else if even * 10 > pairs * 8 && odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pound_sign_survives_each_encoding() {
        assert_eq!(decode_text("£450".as_bytes()).0, "£450");
        assert_eq!(decode_text(b"\xEF\xBB\xBF\xC2\xA3450").0, "£450");
        assert_eq!(decode_text(b"cost \xA3450 limit").0, "cost £450 limit");
        let le: Vec<u8> = "£450"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(&le);
        assert_eq!(decode_text(&with_bom).0, "£450");
        let long: Vec<u8> = "Force,Scans £450\r\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode_text(&long).0, "Force,Scans £450\r\n");
    }
}
