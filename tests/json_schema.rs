//! A validator for the subset of JSON Schema 2020-12 that
//! `schemas/record.schema.json` uses: type, const, enum, pattern,
//! minLength, minimum, required, properties, additionalProperties, items,
//! minItems, maxItems, local `$ref` and oneOf. Small enough to read; the
//! `jsonschema` crate would pull an HTTP stack for remote references.

use serde_json::Value;

/// Every violation of `schema` by `value`, as `path: message`.
pub fn validate(root: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(root, root, value, "$", &mut errors);
    errors
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let path = reference.strip_prefix("#/")?;
    path.split('/').try_fold(root, |v, k| v.get(k))
}

fn check(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        match resolve(root, r) {
            Some(target) => check(root, target, v, path, errors),
            None => errors.push(format!("{path}: unresolved $ref {r}")),
        }
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let passing = options
            .iter()
            .filter(|o| {
                let mut e = Vec::new();
                check(root, o, v, path, &mut e);
                e.is_empty()
            })
            .count();
        if passing != 1 {
            errors.push(format!("{path}: matches {passing} of oneOf"));
        }
    }
    if let Some(t) = schema.get("type") {
        let ok = match t {
            Value::String(s) => type_ok(s, v),
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).any(|s| type_ok(s, v)),
            _ => true,
        };
        if !ok {
            errors.push(format!("{path}: {v} is not of type {t}"));
            return;
        }
    }
    if let Some(c) = schema.get("const") {
        if c != v {
            errors.push(format!("{path}: {v} is not {c}"));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            errors.push(format!("{path}: {v} not in enum"));
        }
    }
    if let (Some(p), Some(s)) = (schema.get("pattern").and_then(Value::as_str), v.as_str()) {
        if !regex::Regex::new(p)
            .map(|re| re.is_match(s))
            .unwrap_or(false)
        {
            errors.push(format!("{path}: {s:?} does not match {p}"));
        }
    }
    if let (Some(n), Some(s)) = (schema.get("minLength").and_then(Value::as_u64), v.as_str()) {
        if (s.chars().count() as u64) < n {
            errors.push(format!("{path}: shorter than {n}"));
        }
    }
    if let (Some(m), Some(x)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if x < m {
            errors.push(format!("{path}: {x} below {m}"));
        }
    }
    if let Some(obj) = v.as_object() {
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(k) = r.as_str() {
                if !obj.contains_key(k) {
                    errors.push(format!("{path}: missing {k}"));
                }
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (k, val) in obj {
            let sub = format!("{path}.{k}");
            match props.and_then(|p| p.get(k)) {
                Some(s) => check(root, s, val, &sub, errors),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        errors.push(format!("{path}: unexpected property {k}"))
                    }
                    Some(s @ Value::Object(_)) => check(root, s, val, &sub, errors),
                    _ => {}
                },
            }
        }
    }
    if let Some(arr) = v.as_array() {
        if let Some(n) = schema.get("minItems").and_then(Value::as_u64) {
            if (arr.len() as u64) < n {
                errors.push(format!("{path}: fewer than {n} items"));
            }
        }
        if let Some(n) = schema.get("maxItems").and_then(Value::as_u64) {
            if (arr.len() as u64) > n {
                errors.push(format!("{path}: more than {n} items"));
            }
        }
        if let Some(items) = schema.get("items") {
            for (i, item) in arr.iter().enumerate() {
                check(root, items, item, &format!("{path}[{i}]"), errors);
            }
        }
    }
}

#[test]
fn validator_catches_violations() {
    let schema: Value = serde_json::from_str(
        r##"{"type":"object","additionalProperties":false,"required":["a"],
            "properties":{"a":{"$ref":"#/$defs/n"},"b":{"enum":["x"]}},
            "$defs":{"n":{"type":["integer","null"],"minimum":0}}}"##,
    )
    .unwrap();
    assert!(validate(&schema, &serde_json::json!({"a": 3})).is_empty());
    assert!(validate(&schema, &serde_json::json!({"a": null, "b": "x"})).is_empty());
    assert_eq!(validate(&schema, &serde_json::json!({"a": -1})).len(), 1);
    assert_eq!(
        validate(&schema, &serde_json::json!({"b": "y", "c": 1})).len(),
        3
    );
}
