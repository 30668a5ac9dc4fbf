//! Disproportionality pooled over forces, through the written outputs.

use super::seed::base;
use super::{options, read, Dir};
use crate::util::csv_rows;
use foi_extract::output::write_all;
use foi_extract::record::{EthnicityEntry, EthnicityScheme};

fn eth(code: &str, count: Option<u64>) -> EthnicityEntry {
    EthnicityEntry {
        label: code.into(),
        scheme: EthnicityScheme::Officer,
        code: Some(code.into()),
        count,
        source: None,
    }
}

/// Kent gives its White count but suppresses Black, Chinese and Arab: it
/// was in the pooled White baseline but not in those groups' rates, so the
/// pooled ratios compared different forces (10.18 where matched forces give
/// about 8.85 on the sample replies). Each group is now compared with the
/// White group over the same forces, and the row names them.
#[test]
fn pooled_baseline_mixes_force_sets() {
    let mut cheshire = base("cheshire", "Cheshire Constabulary");
    cheshire.ethnicity = vec![eth("IC1", Some(798)), eth("IC3", Some(141))];
    let mut kent = base("kent", "Kent Police");
    kent.ethnicity = vec![eth("IC1", Some(20_000)), eth("IC3", None)];
    let dir = Dir::new();
    write_all(dir.path(), &[cheshire, kent], &[], &options(None)).unwrap();
    let per_force = csv_rows(&dir.path().join("disproportionality.csv"));
    let cheshire_black = per_force
        .iter()
        .find(|r| r["force"] == "cheshire" && r["group"] == "Black")
        .unwrap();
    let pooled = csv_rows(&dir.path().join("disproportionality_pooled.csv"));
    let black = pooled.iter().find(|r| r["group"] == "Black").unwrap();
    assert_eq!(black["ratio"], cheshire_black["ratio"]);
    assert_eq!(black["ratio"], "53.92");
    assert_eq!(
        (black["forces"].as_str(), black["force_list"].as_str()),
        ("1", "cheshire")
    );
    assert_eq!(black["reference_scans"], "798");
    let white = pooled.iter().find(|r| r["group"] == "White").unwrap();
    assert_eq!(white["force_list"], "cheshire;kent");
    let report = read(dir.path(), "report.html");
    assert!(
        report.contains("1 force: Cheshire Constabulary"),
        "the report names the forces"
    );
    assert!(report.contains("2 forces: Cheshire Constabulary, Kent Police"));
}
