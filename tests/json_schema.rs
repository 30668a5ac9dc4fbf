//! JSON Schema 2020-12 validation of records against the contract
//! (`schemas/record.schema.json`) with the maintained `jsonschema` crate,
//! which implements every keyword of the draft: a keyword the schema gains
//! later is checked too, never silently accepted. Built without its HTTP and
//! file resolvers: the contract's references are all local.

use serde_json::Value;

/// A compiled validator for a draft 2020-12 schema; panics on a schema that
/// is not valid 2020-12 (a broken contract is a test failure).
pub fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::new(schema)
        .unwrap_or_else(|e| panic!("not a valid 2020-12 schema: {e}"))
}

/// Every violation of `schema` by `value`, as `path: message`.
pub fn validate(schema: &jsonschema::Validator, value: &Value) -> Vec<String> {
    schema
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn json_schema_validator_checks_every_2020_12_keyword() {
    let schema = validator(&serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "additionalProperties": false,
        "required": ["a"],
        "properties": {
            "a": {"$ref": "#/$defs/n"},
            "b": {"enum": ["x"]},
            // Keywords the old hand-written subset accepted whatever the value.
            "c": {"type": "array", "prefixItems": [{"type": "string"}], "uniqueItems": true},
            "d": {"type": "string", "maxLength": 3},
            "e": {"type": "object", "dependentRequired": {"x": ["y"]}}
        },
        "$defs": {"n": {"type": ["integer", "null"], "minimum": 0}}
    }));
    assert!(validate(&schema, &serde_json::json!({"a": 3})).is_empty());
    assert!(validate(&schema, &serde_json::json!({"a": null, "b": "x"})).is_empty());
    assert_eq!(validate(&schema, &serde_json::json!({"a": -1})).len(), 1);
    assert_eq!(
        validate(&schema, &serde_json::json!({"b": "y", "c": 1})).len(),
        3
    );
    for bad in [
        serde_json::json!({"a": 1, "c": [1]}),
        serde_json::json!({"a": 1, "c": ["x", "x"]}),
        serde_json::json!({"a": 1, "d": "long"}),
        serde_json::json!({"a": 1, "e": {"x": 1}}),
    ] {
        let errors = validate(&schema, &bad);
        assert_eq!(errors.len(), 1, "{bad}: {errors:?}");
    }
    // Errors name where in the instance they are.
    let errors = validate(&schema, &serde_json::json!({"a": 1, "d": "long"}));
    assert!(errors[0].starts_with("/d: "), "{errors:?}");
}
