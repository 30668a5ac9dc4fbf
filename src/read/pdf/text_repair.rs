//! Making glyph text sane: ligatures spelled out, control and invisible
//! characters dropped, odd spaces made plain, and the private-use bullets of
//! Symbol/Wingdings fonts turned into real ones.

/// The text of one glyph, repaired. May be empty (nothing visible) or
/// longer than one character (a ligature).
pub fn repair_glyph_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            // Spaces of every width are word breaks.
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
                out.push(' ')
            }
            '\t' | '\n' | '\r' => out.push(' '),
            // Invisible: soft hyphen, zero-width characters, byte-order mark,
            // the replacement character of an unmapped glyph, controls.
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{FFFD}' => {}
            c if c.is_control() => {}
            // Symbol-font bullets mapped to the private use area.
            '\u{F0B7}' | '\u{F06C}' | '\u{F0A8}' => out.push('\u{2022}'),
            '\u{F0A7}' | '\u{F06E}' => out.push('\u{25AA}'),
            '\u{F0D8}' => out.push('\u{27A2}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_and_invisibles() {
        assert_eq!(repair_glyph_text("\u{FB01}"), "fi");
        assert_eq!(repair_glyph_text("o\u{FB03}ce"), "office");
        assert_eq!(repair_glyph_text("\u{00AD}"), "");
        assert_eq!(repair_glyph_text("\u{0000}"), "");
        assert_eq!(repair_glyph_text("\u{00A0}"), " ");
        assert_eq!(repair_glyph_text("\u{F0B7}"), "\u{2022}");
        assert_eq!(repair_glyph_text("\u{00A3}450"), "\u{00A3}450");
    }
}
