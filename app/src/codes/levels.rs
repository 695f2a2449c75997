//! The names of the organisation hierarchy's levels (F-12): configuration the operator sets,
//! read by the organisation pages, the import and the server's policy.

/// The top level's suffix; reserved for level 1.
pub const CORPS_SUFFIX: &str = "总队";

/// The configured level names, top first (总队, 队, 支队, 分队 by default). Levels deeper than
/// the list reuse its last name, so the tree can be as deep as the data needs.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LevelNames(pub Vec<String>);

impl Default for LevelNames {
    fn default() -> Self {
        LevelNames(["总队", "队", "支队", "分队"].map(String::from).to_vec())
    }
}

impl LevelNames {
    /// Parses "总队,队,支队,大队" (commas or 、); `None` when empty or when the top is not 总队.
    pub fn parse(list: &str) -> Option<LevelNames> {
        let names: Vec<String> =
            list.split([',', '，', '、']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
        (names.first().map(String::as_str) == Some(CORPS_SUFFIX)).then_some(LevelNames(names))
    }

    /// The name of `level` (1-based).
    pub fn name(&self, level: u32) -> &str {
        let index = (level.max(1) as usize - 1).min(self.0.len().saturating_sub(1));
        self.0.get(index).map(String::as_str).unwrap_or(CORPS_SUFFIX)
    }
}
