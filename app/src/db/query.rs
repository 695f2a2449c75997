//! A WHERE clause assembled from optional filters, with its bound values.
//!
//! Lists with optional filters build their SQL at run time; doing it here keeps the placeholder
//! numbering (`$n`, which both engines accept) and the LIKE escaping in one tested place instead
//! of one hand-counted copy per list. User text is always bound, never spliced into the SQL.
use super::escape_like;
use crate::validation::Keyword;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::Any;

/// One bound value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bind {
    Int(i64),
    Text(String),
}

impl From<i64> for Bind {
    fn from(v: i64) -> Bind {
        Bind::Int(v)
    }
}

impl From<String> for Bind {
    fn from(v: String) -> Bind {
        Bind::Text(v)
    }
}

impl From<&str> for Bind {
    fn from(v: &str) -> Bind {
        Bind::Text(v.to_owned())
    }
}

/// Conditions joined by AND, and the values their placeholders stand for, in order.
#[derive(Clone, Debug, Default)]
pub struct Where {
    conditions: Vec<String>,
    binds: Vec<Bind>,
    /// Values the statement binds itself before the clause's (placeholders continue after them).
    fixed: usize,
}

impl Where {
    pub fn new() -> Where {
        Where::default()
    }

    /// For a statement that binds `fixed` values of its own (`$1`…`$fixed`) before this clause's.
    pub fn after(fixed: usize) -> Where {
        Where { fixed, ..Where::default() }
    }

    /// Binds `value` and returns its placeholder, for a condition that uses several values
    /// (pass the condition to [`Where::and_sql`]).
    pub fn bind(&mut self, value: impl Into<Bind>) -> String {
        self.binds.push(value.into());
        format!("${}", self.fixed + self.binds.len())
    }

    /// Adds a condition whose placeholders came from [`Where::bind`] (or that has none).
    pub fn and_sql(&mut self, condition: impl Into<String>) -> &mut Where {
        self.conditions.push(condition.into());
        self
    }

    /// Adds `condition`; every `?` in it stands for `value`.
    pub fn and(&mut self, condition: &str, value: impl Into<Bind>) -> &mut Where {
        let mark = self.bind(value);
        self.and_sql(condition.replace('?', &mark))
    }

    /// [`Where::and`] when there is a value.
    pub fn and_some<T: Into<Bind>>(&mut self, condition: &str, value: Option<T>) -> &mut Where {
        match value {
            Some(v) => self.and(condition, v),
            None => self,
        }
    }

    /// `column = text`, when the trimmed text is not empty.
    pub fn and_eq_text(&mut self, column: &str, text: &str) -> &mut Where {
        let text = text.trim();
        if text.is_empty() {
            return self;
        }
        self.and(&format!("{column} = ?"), text)
    }

    /// `column` contains the trimmed text literally (`%` and `_` match themselves), when it is
    /// not empty.
    pub fn and_contains(&mut self, column: &str, text: &str) -> &mut Where {
        let text = text.trim();
        if text.is_empty() {
            return self;
        }
        self.and(&format!("{column} LIKE ? ESCAPE '\\'"), contains_pattern(text))
    }

    /// `column` contains every term of `keyword` literally (see [`Where::and_contains`]).
    pub fn and_contains_all(&mut self, column: &str, keyword: &Keyword) -> &mut Where {
        for term in keyword.terms() {
            self.and_contains(column, term);
        }
        self
    }

    /// The comma-separated code list in `column` holds `code`, when the trimmed code is not empty.
    pub fn and_has_code(&mut self, column: &str, code: &str) -> &mut Where {
        let code = code.trim();
        if code.is_empty() {
            return self;
        }
        self.and(&format!("(',' || {column} || ',') LIKE ?"), format!("%,{code},%"))
    }

    /// The person in `user_column` chose `code` in the profile's multi-choice list `kind` (the
    /// profile column's name), when the trimmed code is not empty. Asked of `profile_choices`,
    /// whose statistics let the planner estimate how many match (see its migration).
    pub fn and_has_choice(&mut self, user_column: &str, kind: &'static str, code: &str) -> &mut Where {
        let code = code.trim();
        if code.is_empty() {
            return self;
        }
        let c = self.bind(code);
        self.and_sql(format!(
            "EXISTS (SELECT 1 FROM profile_choices pc WHERE pc.user_id = {user_column} AND pc.kind = '{kind}' AND pc.code = {c})"
        ))
    }

    /// `column IN (…)`; an empty list matches nothing (`IN ()` is not SQL on PostgreSQL).
    pub fn and_in<T: Into<Bind>>(&mut self, column: &str, values: impl IntoIterator<Item = T>) -> &mut Where {
        let marks: Vec<String> = values.into_iter().map(|v| self.bind(v)).collect();
        if marks.is_empty() {
            return self.and_sql("1 = 0");
        }
        self.and_sql(format!("{column} IN ({})", marks.join(", ")))
    }

    /// `" WHERE a AND b"`, or nothing without conditions.
    pub fn clause(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    /// Binds the clause's values to `query` (after any the statement bound itself).
    pub fn bind_all<'q>(&'q self, mut query: Query<'q, Any, AnyArguments<'q>>) -> Query<'q, Any, AnyArguments<'q>> {
        for b in &self.binds {
            query = match b {
                Bind::Int(v) => query.bind(*v),
                Bind::Text(v) => query.bind(v.as_str()),
            };
        }
        query
    }
}

/// The LIKE pattern for "contains `text` literally" (used with `ESCAPE '\'`).
pub fn contains_pattern(text: &str) -> String {
    format!("%{}%", escape_like(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_conditions_make_no_clause() {
        let mut w = Where::new();
        w.and_eq_text("o.city", "  ")
            .and_contains("o.name", "")
            .and_has_code("o.service_categories", " ")
            .and_some::<i64>("o.id > ?", None);
        assert_eq!(w.clause(), "");
        assert!(w.binds.is_empty());
    }

    #[test]
    fn placeholders_count_up_in_bind_order() {
        let mut w = Where::new();
        w.and("o.id > ?", 7).and_eq_text("o.province", " 32 ").and_some("a.project_id = ?", Some(3));
        assert_eq!(w.clause(), " WHERE o.id > $1 AND o.province = $2 AND a.project_id = $3");
        assert_eq!(w.binds, vec![Bind::Int(7), Bind::Text("32".into()), Bind::Int(3)]);
    }

    #[test]
    fn every_mark_in_one_condition_is_the_same_value() {
        let mut w = Where::new();
        w.and("a.x = ?", 1);
        w.and("(b.y = ? OR b.z = ?)", 2);
        assert_eq!(w.clause(), " WHERE a.x = $1 AND (b.y = $2 OR b.z = $2)");
    }

    #[test]
    fn numbering_continues_after_the_statements_own_values() {
        let mut w = Where::after(2);
        w.and("p.id = ?", 5);
        let exact = w.bind("V123");
        let like = w.bind(contains_pattern("x"));
        w.and_sql(format!("(u.no = {exact} OR p.name LIKE {like} ESCAPE '\\')"));
        assert_eq!(w.clause(), " WHERE p.id = $3 AND (u.no = $4 OR p.name LIKE $5 ESCAPE '\\')");
    }

    #[test]
    fn contains_escapes_wildcards() {
        let mut w = Where::new();
        w.and_contains("o.name", " 100%_a\\b ");
        assert_eq!(w.clause(), " WHERE o.name LIKE $1 ESCAPE '\\'");
        assert_eq!(w.binds, vec![Bind::Text("%100\\%\\_a\\\\b%".into())]);
    }

    #[test]
    fn every_keyword_term_is_one_condition() {
        let mut w = Where::new();
        w.and_contains_all("o.name", &Keyword::parse("科普，a 武进").unwrap());
        assert_eq!(w.clause(), " WHERE o.name LIKE $1 ESCAPE '\\' AND o.name LIKE $2 ESCAPE '\\'");
        assert_eq!(w.binds, vec![Bind::Text("%科普%".into()), Bind::Text("%武进%".into())]);
    }

    #[test]
    fn choices_are_asked_of_the_choice_table() {
        let mut w = Where::new();
        w.and_has_choice("m.user_id", "service_fields", "  ").and_has_choice("m.user_id", "service_fields", " law ");
        assert_eq!(
            w.clause(),
            " WHERE EXISTS (SELECT 1 FROM profile_choices pc WHERE pc.user_id = m.user_id AND pc.kind = 'service_fields' AND pc.code = $1)"
        );
        assert_eq!(w.binds, vec![Bind::Text("law".into())]);
    }

    #[test]
    fn code_lists_match_whole_codes() {
        let mut w = Where::new();
        w.and_has_code("o.service_categories", " science ");
        assert_eq!(w.clause(), " WHERE (',' || o.service_categories || ',') LIKE $1");
        assert_eq!(w.binds, vec![Bind::Text("%,science,%".into())]);
    }

    #[test]
    fn in_lists_bind_each_value_and_empty_lists_match_nothing() {
        let mut w = Where::new();
        w.and_in("org_id", [4, 5, 6]);
        assert_eq!(w.clause(), " WHERE org_id IN ($1, $2, $3)");
        assert_eq!(w.binds.len(), 3);
        let mut none = Where::new();
        none.and_in("org_id", Vec::<i64>::new());
        assert_eq!(none.clause(), " WHERE 1 = 0");
    }
}
