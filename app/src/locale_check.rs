//! The two locale files must offer the same keys with the same `{{ values }}`: leptos_i18n
//! checks keys against the default locale at compile time, and this closes the gap for English.
use serde_json::Value;
use std::collections::BTreeMap;

fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        Value::String(text) => {
            let mut vars: Vec<String> =
                text.split("{{").skip(1).filter_map(|s| s.split("}}").next()).map(|v| v.trim().to_owned()).collect();
            vars.sort();
            out.insert(prefix.to_owned(), vars);
        }
        other => panic!("{prefix}: unexpected {other}"),
    }
}

fn keys(json: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    flatten("", &serde_json::from_str(json).expect("locale file is JSON"), &mut out);
    out
}

#[test]
fn english_and_chinese_have_the_same_keys_and_values() {
    let zh = keys(include_str!("../locales/zh-CN.json"));
    let en = keys(include_str!("../locales/en.json"));
    let only_zh: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    assert!(only_zh.is_empty() && only_en.is_empty(), "only in zh-CN: {only_zh:?}; only in en: {only_en:?}");
    for (key, vars) in &zh {
        assert_eq!(Some(vars), en.get(key), "interpolations differ for {key}");
    }
}
