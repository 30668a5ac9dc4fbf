//! "Label: value" lines and sentences ("Immigration arrests following a
//! search: 58.", "IABS only – <5", "Total searches = 1,391"): the label
//! names the field, and the value is read with the same grammar as a
//! table cell, so marks (`<5`, `*`, `N/A`), words (`Nil`, `none`,
//! `Twelve (12)`) and decorated counts (`118 (6.9%)`) mean the same
//! wherever they are written.

use crate::doc::Prov;
use crate::map::evidence::{Evidence, Num};
use crate::map::rules::{Outcome, Reason, Vocab};
use crate::map::text::{norm, read_count, Reading};
use crate::record::Database;
use regex::Regex;
use std::sync::LazyLock;

/// A label of 2 to 14 words, a separator, a short value.
static LABEL_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:[-•*]\s*)?([A-Za-z][^:=]{2,110}?)\s*(?::|=|\s[-–]\s)\s*([^:=]{1,28}?)\s*[.;]?\s*$",
    )
    .expect("label value regex")
});

/// The scans or arrests field a label names, if any.
fn label_field(label: &str, vocab: &Vocab) -> Option<Target> {
    let n = norm(label);
    if n.split(' ').count() > 14 {
        return None;
    }
    match vocab.outcomes.classify(&n) {
        Some(Outcome::ImmigrationArrest) => return Some(Target::Arrests),
        Some(_) => return None,
        None => {}
    }
    // A label naming a scan reason ("Suspected immigration offence") is a
    // reasons line, read elsewhere.
    if vocab
        .reasons
        .classify(&n)
        .is_some_and(|r| r != Reason::Immigration)
    {
        return None;
    }
    vocab.databases.classify(&n).map(Target::Scans)
}

enum Target {
    Arrests,
    Scans(Database),
}

/// Read `sentence` as a label–value line into `ev`. True when it was one
/// (its number must then not be read again as a mention).
pub(crate) fn read_label_value(
    sentence: &str,
    prov: &Prov,
    quality: u8,
    vocab: &Vocab,
    ev: &mut Evidence,
) -> bool {
    let Some(c) = LABEL_VALUE.captures(sentence) else {
        return false;
    };
    let reading = read_count(&c[2], None);
    if matches!(reading, Reading::Text | Reading::Empty) {
        return false;
    }
    let Some(target) = label_field(&c[1], vocab) else {
        return false;
    };
    let num = Num {
        reading,
        prov: prov.clone(),
        quality,
    };
    match target {
        Target::Arrests => ev.put_arrests(num),
        Target::Scans(key) => ev.put_scan(key, num),
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::evidence::FROM_PROSE;

    fn read(s: &str) -> Evidence {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        let vocab = crate::map::rules::RuleSet::load(&dir).expect("rules").vocab;
        let mut ev = Evidence::default();
        read_label_value(s, &Prov::file("f.pdf"), FROM_PROSE, &vocab, &mut ev);
        ev
    }

    #[test]
    fn arrests_line_ending_in_a_full_stop() {
        let ev = read("Immigration arrests following a search: 58.");
        assert_eq!(ev.arrests.and_then(|n| n.count()), Some(58));
        let ev = read("Immigration arrests: Nil.");
        assert_eq!(ev.arrests.and_then(|n| n.count()), Some(0));
    }

    #[test]
    fn marks_and_decorations_follow_the_cell_grammar() {
        let ev = read("Arrests for immigration offences: <5");
        assert!(matches!(
            ev.arrests.unwrap().reading,
            Reading::Suppressed(_)
        ));
        let ev = read("IABS only – 1,223 (64.3%)");
        assert_eq!(
            ev.scans.get(&Database::Iabs).and_then(|n| n.count()),
            Some(1223)
        );
    }

    #[test]
    fn reason_and_other_outcome_lines_are_not_scans() {
        assert!(read("Suspected immigration offence: 190").scans.is_empty());
        let ev = read("Referrals to the Home Office: 12");
        assert!(ev.scans.is_empty() && ev.arrests.is_none());
    }
}
