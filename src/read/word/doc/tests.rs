//! Unit tests of the .doc internals on hand-built structures (the
//! LibreOffice-made fixtures are covered by the integration tests).

use super::*;
use crate::doc::{Block, Body};

/// A CLX with one property block and two pieces: "Hi\r" compressed at
/// byte 100, "£\x07" as UTF-16 at byte 200.
fn clx() -> Vec<u8> {
    let mut c = vec![0x01, 2, 0, 0xAA, 0xBB];
    let mut plc = Vec::new();
    for cp in [0u32, 3, 5] {
        plc.extend(cp.to_le_bytes());
    }
    for fc in [(100u32 * 2) | 0x4000_0000, 200] {
        plc.extend([0, 0]);
        plc.extend(fc.to_le_bytes());
        plc.extend([0, 0]);
    }
    c.push(0x02);
    c.extend((plc.len() as u32).to_le_bytes());
    c.extend(plc);
    c
}

#[test]
fn pieces_decode_both_encodings() {
    let pieces = fib::pieces(&clx()).unwrap();
    assert_eq!(pieces.len(), 2);
    let mut stream = vec![0u8; 300];
    stream[100..103].copy_from_slice(b"Hi\r");
    stream[200..204].copy_from_slice(&[0xA3, 0x00, 0x07, 0x00]);
    let text: String = fib::text(&stream, &pieces, 0, 5)
        .iter()
        .map(|c| c.0)
        .collect();
    assert_eq!(text, "Hi\r£\u{7}");
    assert_eq!(fib::text(&stream, &pieces, 1, 4)[0], ('i', 101));
    // A piece past the end of the stream stops the text, no panic.
    assert_eq!(fib::text(&stream[..150], &pieces, 0, 5).len(), 3);
    assert!(fib::pieces(&[0x01, 0xFF, 0xFF]).is_err());
}

fn main_body(text: &str) -> Body {
    let chars: Vec<(char, u32)> = text.chars().zip(0..).collect();
    let mut flow = Flow::new("x.doc", "document", "doc");
    read_main(
        &chars,
        &Papx::default(),
        &[],
        &mut lists::DocLists::default(),
        &mut flow,
    );
    flow.finish()
}

#[test]
fn fields_keep_results_and_marks_make_tables_without_properties() {
    let body = main_body(
        "Page \u{13} PAGE \u{14}3\u{15}\rA\u{7}B\u{7}\u{7}1\u{7}2\u{7}\u{7}After\u{b}line\r",
    );
    let Block::Paragraph(p) = &body.blocks[0] else {
        panic!()
    };
    assert_eq!(p.text, "Page 3");
    let Block::Table(t) = &body.blocks[1] else {
        panic!("table")
    };
    assert_eq!(t.rows_text(), [["A", "B"], ["1", "2"]]);
    let Block::Paragraph(p) = &body.blocks[2] else {
        panic!()
    };
    assert_eq!(p.text, "After\nline");
}

#[test]
fn fib_flags() {
    let mut word = vec![0u8; 64];
    word[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
    word[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
    word[0x0A] = 0x00;
    word[0x0B] = 0x01;
    let fib = Fib::parse(&word).unwrap();
    assert!(fib.encrypted);
    word[0x0B] = 0x02;
    let fib = Fib::parse(&word).unwrap();
    assert!(!fib.encrypted && fib.table_1);
    // Not encrypted: the FIB must go on, and here it is cut short.
    word[32] = 14;
    assert!(Fib::parse(&word[..40]).is_err());
    assert!(Fib::parse(b"\0\0").is_err());
}
