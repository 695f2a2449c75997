//! The schema is written twice: `migrations/sqlite/*.sql` and `migrations/postgres/*.sql`, one
//! folder per engine, with the same file names (see "Storage" in the README). Nothing else keeps
//! the two in step: each server test suite runs one engine, so a column added to one folder only
//! surfaces when a query hits it on the other engine. This test parses both folders itself, applies
//! every file in order, and compares the resulting schemas: the file names, the tables, each
//! table's columns (name, type class, NOT NULL, has a DEFAULT), its primary-key, unique and
//! foreign-key constraints, and the indexes (name, table, columns, unique, partial or not).
//!
//! Type words are compared by class, so `INTEGER` ~ `BIGINT`/`INT`/`SMALLINT`/`BIGSERIAL`,
//! `TEXT` ~ `VARCHAR(n)`, `BLOB` ~ `BYTEA`, `REAL` ~ `DOUBLE PRECISION`; how a key is generated
//! (`INTEGER PRIMARY KEY`, `AUTOINCREMENT`, `GENERATED ... AS IDENTITY`) and table options such as
//! SQLite's `WITHOUT ROWID` are engine details and are not compared. CHECK constraints, default
//! values and WHERE clauses are engine-specific text; only their presence is compared.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Clone, Debug, PartialEq)]
struct Column {
    class: String,
    not_null: bool,
    default: bool,
}

#[derive(Clone, Debug, Default)]
struct Table {
    columns: BTreeMap<String, Column>,
    /// `primary key (a, b)`, `unique (a)`, `foreign key (a) references t (id)`.
    keys: BTreeSet<String>,
}

#[derive(Clone, Debug, PartialEq)]
struct Index {
    table: String,
    columns: Vec<String>,
    unique: bool,
    partial: bool,
}

#[derive(Debug, Default)]
struct Schema {
    tables: BTreeMap<String, Table>,
    indexes: BTreeMap<String, Index>,
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}{}", self.class, if self.not_null { " not null" } else { "" })?;
        write!(f, "{}", if self.default { " default" } else { "" })
    }
}

impl std::fmt::Display for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let unique = if self.unique { "unique " } else { "" };
        let partial = if self.partial { " where ..." } else { "" };
        write!(f, "{unique}on {} ({}){partial}", self.table, self.columns.join(", "))
    }
}

/// Words that end a column's type and start its constraints.
const COLUMN_KEYWORDS: &[&str] = &[
    "not",
    "null",
    "primary",
    "unique",
    "references",
    "default",
    "check",
    "constraint",
    "generated",
    "collate",
    "autoincrement",
    "identity",
];

/// One class per family of equivalent type words; an unknown type is compared as written.
fn type_class(words: &[String]) -> String {
    let first = words.first().map(String::as_str).unwrap_or("");
    let class = match first {
        "" => "untyped",
        "integer" | "int" | "bigint" | "smallint" | "tinyint" | "mediumint" | "int2" | "int4" | "int8" | "serial"
        | "bigserial" | "smallserial" | "serial4" | "serial8" => "integer",
        "text" | "varchar" | "char" | "character" | "nvarchar" | "nchar" | "clob" | "citext" => "text",
        "blob" | "bytea" => "blob",
        "real" | "double" | "float" | "float4" | "float8" => "real",
        "numeric" | "decimal" => "numeric",
        "boolean" | "bool" => "boolean",
        "timestamp" | "timestamptz" | "datetime" => "timestamp",
        _ => return words.join(" "),
    };
    class.to_string()
}

/// Lower-cased words, `'strings'`, `$$bodies$$` and single punctuation characters; comments
/// (`-- ...` and `/* ... */`) are dropped and quoted identifiers lose their quotes.
fn tokenize(sql: &str) -> Vec<String> {
    let chars: Vec<char> = sql.chars().collect();
    let (mut out, mut i) = (Vec::new(), 0);
    let take_until = |start: usize, end: &[char]| -> usize {
        let mut j = start;
        while j < chars.len() && !chars[j..].starts_with(end) {
            j += 1;
        }
        (j + end.len()).min(chars.len())
    };
    while i < chars.len() {
        let c = chars[i];
        let rest = &chars[i..];
        if c.is_whitespace() {
            i += 1;
        } else if rest.starts_with(&['-', '-']) {
            i = take_until(i, &['\n']);
        } else if rest.starts_with(&['/', '*']) {
            i = take_until(i + 2, &['*', '/']);
        } else if c == '\'' {
            let end = take_until(i + 1, &['\'']);
            out.push(chars[i..end].iter().collect());
            i = end;
        } else if c == '"' || c == '`' || c == '[' {
            let close = if c == '[' { ']' } else { c };
            let end = take_until(i + 1, &[close]);
            out.push(chars[i + 1..end - 1].iter().collect::<String>().to_lowercase());
            i = end;
        } else if let Some(tag_len) = dollar_tag(rest) {
            let tag = chars[i..i + tag_len].to_vec();
            let end = take_until(i + tag_len, &tag);
            out.push(chars[i..end].iter().collect());
            i = end;
        } else if c.is_alphanumeric() || c == '_' {
            let mut j = i;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_' || chars[j] == '.') {
                j += 1;
            }
            out.push(chars[i..j].iter().collect::<String>().to_lowercase());
            i = j;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

/// The length of a `$$` or `$tag$` opening a dollar-quoted body at the start of `rest`.
fn dollar_tag(rest: &[char]) -> Option<usize> {
    let inner = rest.iter().skip(1).position(|&d| !(d.is_alphanumeric() || d == '_'))?;
    (rest[0] == '$' && rest[inner + 1] == '$' && !rest.get(1).is_some_and(char::is_ascii_digit)).then_some(inner + 2)
}

/// Statements split at `;`, keeping a SQLite trigger's `BEGIN ... END` body together.
fn statements(tokens: Vec<String>) -> Vec<Vec<String>> {
    let (mut out, mut current) = (Vec::new(), Vec::<String>::new());
    for token in tokens {
        let in_body = current.iter().any(|t| t == "trigger") && current.iter().any(|t| t == "begin");
        if token == ";" && !(in_body && current.last().map(String::as_str) != Some("end")) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(token);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Index of the `)` matching the `(` at `open`.
fn close_paren(t: &[String], open: usize) -> Result<usize, String> {
    let mut depth = 0;
    for (i, token) in t.iter().enumerate().skip(open) {
        depth += match token.as_str() {
            "(" => 1,
            ")" => -1,
            _ => 0,
        };
        if depth == 0 {
            return Ok(i);
        }
    }
    Err("unbalanced parentheses".into())
}

/// The comma-separated items of `t[open]` = `(` up to its matching `)`, and the index after it.
fn paren_items(t: &[String], open: usize) -> Result<(Vec<Vec<String>>, usize), String> {
    if t.get(open).map(String::as_str) != Some("(") {
        return Err(format!("expected `(` at `{}`", t.get(open).cloned().unwrap_or_default()));
    }
    let close = close_paren(t, open)?;
    let (mut items, mut item, mut depth) = (Vec::new(), Vec::new(), 0);
    for token in &t[open + 1..close] {
        match token.as_str() {
            "," if depth == 0 => {
                items.push(std::mem::take(&mut item));
                continue;
            }
            "(" => depth += 1,
            ")" => depth -= 1,
            _ => {}
        }
        item.push(token.clone());
    }
    items.push(item);
    Ok((items, close + 1))
}

fn names(items: &[Vec<String>]) -> String {
    items.iter().map(|i| i.join(" ")).collect::<Vec<_>>().join(", ")
}

/// Skips `IF NOT EXISTS` / `IF EXISTS` at `t[i]`.
fn skip_if_exists(t: &[String], mut i: usize) -> usize {
    while matches!(t.get(i).map(String::as_str), Some("if" | "not" | "exists")) {
        i += 1;
    }
    i
}

/// A table constraint (`PRIMARY KEY (..)`, `UNIQUE (..)`, `FOREIGN KEY`, `CHECK`) as a key, if any.
fn table_constraint(item: &[String]) -> Result<Option<String>, String> {
    let item = if item[0] == "constraint" { &item[2..] } else { item };
    match item.first().map(String::as_str) {
        Some("primary") => Ok(Some(format!("primary key ({})", names(&paren_items(item, 2)?.0)))),
        Some("unique") => Ok(Some(format!("unique ({})", names(&paren_items(item, 1)?.0)))),
        Some("foreign") => {
            let (cols, next) = paren_items(item, 2)?;
            let target = item.get(next + 1).cloned().unwrap_or_default();
            let target_cols = paren_items(item, next + 2).map(|(c, _)| names(&c)).unwrap_or_default();
            Ok(Some(format!("foreign key ({}) references {target} ({target_cols})", names(&cols))))
        }
        Some("check" | "exclude") => Ok(None),
        _ => Err(format!("unknown table constraint `{}`", item.join(" "))),
    }
}

/// A column definition: its name, the column, and the keys its inline constraints declare.
fn column_def(def: &[String]) -> Result<(String, Column, Vec<String>), String> {
    let name = def.first().ok_or("empty column definition")?.clone();
    let mut i = 1;
    let mut type_words = Vec::new();
    while i < def.len() && !COLUMN_KEYWORDS.contains(&def[i].as_str()) {
        if def[i] == "(" {
            i = close_paren(def, i)?; // `VARCHAR(20)`, `NUMERIC(10, 2)`: the size is not compared
        } else {
            type_words.push(def[i].clone());
        }
        i += 1;
    }
    let mut column = Column { class: type_class(&type_words), not_null: false, default: false };
    let mut keys = Vec::new();
    while i < def.len() {
        match def[i].as_str() {
            "not" if def.get(i + 1).map(String::as_str) == Some("null") => {
                column.not_null = true;
                i += 1;
            }
            "primary" => {
                column.not_null = true;
                keys.push(format!("primary key ({name})"));
                i += 1;
            }
            "unique" => keys.push(format!("unique ({name})")),
            "references" => {
                let target = def.get(i + 1).cloned().unwrap_or_default();
                let cols = paren_items(def, i + 2).map(|(c, _)| names(&c)).unwrap_or_default();
                keys.push(format!("foreign key ({name}) references {target} ({cols})"));
                i += 1;
            }
            "default" => {
                column.default = true;
                i += 1;
                if matches!(def.get(i).map(String::as_str), Some("-" | "+")) {
                    i += 1;
                }
                if def.get(i).map(String::as_str) == Some("(") {
                    i = close_paren(def, i)?;
                }
            }
            // `GENERATED BY DEFAULT AS IDENTITY [(...)]` is a key generator, not a default;
            // `GENERATED ALWAYS AS (expr) STORED` is a computed column.
            "generated" => match def[i..].iter().position(|w| w == "identity" || w == "(") {
                Some(p) if def[i + p] == "identity" => i += p,
                Some(p) => {
                    column.class.push_str(" generated");
                    i = close_paren(def, i + p)?;
                }
                None => return Err("GENERATED without IDENTITY or expression".into()),
            },
            "check" => i = close_paren(def, i + 1)?,
            "collate" | "constraint" => i += 1,
            "(" => i = close_paren(def, i)?, // `IDENTITY (START WITH 1)`, `REFERENCES t (id)`
            _ => {}                          // NULL, AUTOINCREMENT, ON DELETE CASCADE, ASC, ...
        }
        i += 1;
    }
    Ok((name, column, keys))
}

/// Applies one statement to the schema. Statements that do not shape tables or indexes (data,
/// triggers, views, pragmas) are skipped; anything else not understood is an error, so the test
/// never silently compares less than the migrations say.
fn apply(schema: &mut Schema, t: &[String]) -> Result<(), String> {
    let word = |i: usize| t.get(i).map(String::as_str).unwrap_or("");
    match (word(0), word(1)) {
        ("create", _) => {
            let mut i = 1;
            let unique = word(i) == "unique";
            while matches!(word(i), "unique" | "temp" | "temporary" | "unlogged") {
                i += 1;
            }
            match word(i) {
                "table" => {
                    i = skip_if_exists(t, i + 1);
                    let name = word(i).to_string();
                    let (items, _) = paren_items(t, i + 1)?; // `WITHOUT ROWID`, `STRICT` ignored
                    let mut table = Table::default();
                    for item in items.iter().filter(|item| !item.is_empty()) {
                        if matches!(
                            item[0].as_str(),
                            "primary" | "unique" | "foreign" | "check" | "constraint" | "exclude"
                        ) {
                            table.keys.extend(table_constraint(item)?);
                        } else {
                            let (col, column, keys) = column_def(item)?;
                            table.columns.insert(col, column);
                            table.keys.extend(keys);
                        }
                    }
                    if schema.tables.insert(name.clone(), table).is_some() {
                        return Err(format!("table `{name}` created twice"));
                    }
                }
                "index" => {
                    i = skip_if_exists(t, if word(i + 1) == "concurrently" { i + 2 } else { i + 1 });
                    let name = word(i).to_string();
                    if word(i + 1) != "on" {
                        return Err(format!("index without a name or ON: `{}`", t.join(" ")));
                    }
                    i += 2;
                    if word(i) == "only" {
                        i += 1;
                    }
                    let table = word(i).to_string();
                    i += 1;
                    if word(i) == "using" {
                        i += 2;
                    }
                    let (items, next) = paren_items(t, i)?;
                    let columns = items.iter().map(|c| c.join(" ")).collect();
                    let partial = t[next..].iter().any(|w| w == "where");
                    schema.indexes.insert(name, Index { table, columns, unique, partial });
                }
                "trigger" | "view" | "extension" | "function" | "sequence" | "type" => {}
                other => return Err(format!("unsupported CREATE {other}")),
            }
        }
        ("alter", "table") => {
            let i = skip_if_exists(t, 2);
            let name = word(i).to_string();
            let table = schema.tables.get_mut(&name).ok_or(format!("ALTER TABLE of unknown table `{name}`"))?;
            match (word(i + 1), word(i + 2)) {
                ("add", "column") | ("add", _)
                    if !matches!(word(i + 2), "constraint" | "primary" | "unique" | "foreign" | "check") =>
                {
                    let start = if word(i + 2) == "column" { skip_if_exists(t, i + 3) } else { i + 2 };
                    let (col, column, keys) = column_def(&t[start..])?;
                    table.columns.insert(col, column);
                    table.keys.extend(keys);
                }
                ("add", _) => table.keys.extend(table_constraint(&t[i + 2..])?),
                ("drop", _) => {
                    let col = word(skip_if_exists(t, if word(i + 2) == "column" { i + 3 } else { i + 2 }));
                    table.columns.remove(col).ok_or(format!("DROP of unknown column `{name}.{col}`"))?;
                }
                ("rename", "to") => {
                    let table = schema.tables.remove(&name).unwrap();
                    let new = word(i + 3).to_string();
                    schema.tables.insert(new.clone(), table);
                    schema.indexes.values_mut().filter(|x| x.table == name).for_each(|x| x.table = new.clone());
                }
                _ => return Err(format!("unsupported ALTER TABLE: `{}`", t.join(" "))),
            }
        }
        ("drop", "table") => {
            let name = word(skip_if_exists(t, 2)).to_string();
            schema.tables.remove(&name);
            schema.indexes.retain(|_, index| index.table != name);
        }
        ("drop", "index") => {
            schema.indexes.remove(word(skip_if_exists(t, 2)));
        }
        ("insert" | "update" | "delete" | "pragma" | "comment" | "select" | "begin" | "commit" | "drop", _) => {}
        _ => return Err(format!("unsupported statement: `{}`", t.join(" "))),
    }
    Ok(())
}

/// The schema after applying `files` (name, SQL) in order; problems are pushed to `errors`.
fn build(engine: &str, files: &[(String, String)], errors: &mut Vec<String>) -> Schema {
    let mut schema = Schema::default();
    for (file, sql) in files {
        for statement in statements(tokenize(sql)) {
            if let Err(e) = apply(&mut schema, &statement) {
                errors.push(format!("{engine}/{file}: cannot read statement: {e}"));
            }
        }
    }
    schema
}

fn diff_keys<V>(a: &BTreeMap<String, V>, b: &BTreeMap<String, V>) -> (Vec<String>, Vec<String>) {
    let only =
        |x: &BTreeMap<String, V>, y: &BTreeMap<String, V>| x.keys().filter(|k| !y.contains_key(*k)).cloned().collect();
    (only(a, b), only(b, a))
}

/// Every difference between the two engines' schemas, one sentence each.
fn compare_sql(sqlite: &[(String, String)], postgres: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    let (s, p) = (build("sqlite", sqlite, &mut out), build("postgres", postgres, &mut out));
    let (only_s, only_p) = diff_keys(&s.tables, &p.tables);
    out.extend(only_s.iter().map(|t| format!("table `{t}` exists only in sqlite")));
    out.extend(only_p.iter().map(|t| format!("table `{t}` exists only in postgres")));
    for (name, st) in &s.tables {
        let Some(pt) = p.tables.get(name) else { continue };
        let (only_s, only_p) = diff_keys(&st.columns, &pt.columns);
        out.extend(only_s.iter().map(|c| format!("table `{name}`: column `{c}` exists only in sqlite")));
        out.extend(only_p.iter().map(|c| format!("table `{name}`: column `{c}` exists only in postgres")));
        for (col, sc) in &st.columns {
            match pt.columns.get(col) {
                Some(pc) if pc != sc => {
                    out.push(format!("table `{name}`: column `{col}` is `{sc}` in sqlite but `{pc}` in postgres"))
                }
                _ => {}
            }
        }
        out.extend(st.keys.difference(&pt.keys).map(|k| format!("table `{name}`: `{k}` only in sqlite")));
        out.extend(pt.keys.difference(&st.keys).map(|k| format!("table `{name}`: `{k}` only in postgres")));
    }
    let (only_s, only_p) = diff_keys(&s.indexes, &p.indexes);
    out.extend(only_s.iter().map(|i| format!("index `{i}` exists only in sqlite ({})", s.indexes[i])));
    out.extend(only_p.iter().map(|i| format!("index `{i}` exists only in postgres ({})", p.indexes[i])));
    for (name, si) in &s.indexes {
        match p.indexes.get(name) {
            Some(pi) if pi != si => out.push(format!("index `{name}` is `{si}` in sqlite but `{pi}` in postgres")),
            _ => {}
        }
    }
    out
}

/// The `*.sql` files of a folder, sorted by name as sqlx applies them.
fn read_dir(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap()))
        .collect();
    files.sort();
    files
}

/// Every difference between two migration folders: file names first, then the schemas.
fn compare(sqlite_dir: &Path, pg_dir: &Path) -> Vec<String> {
    let (s, p) = (read_dir(sqlite_dir), read_dir(pg_dir));
    let name_set = |files: &[(String, String)]| files.iter().map(|(n, _)| n.clone()).collect::<BTreeSet<_>>();
    let (sn, pn) = (name_set(&s), name_set(&p));
    let mut out: Vec<String> = sn.difference(&pn).map(|n| format!("file `{n}` exists only in sqlite")).collect();
    out.extend(pn.difference(&sn).map(|n| format!("file `{n}` exists only in postgres")));
    out.extend(compare_sql(&s, &p));
    out
}

#[test]
fn sqlite_and_postgres_migrations_describe_the_same_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let problems = compare(&root.join("sqlite"), &root.join("postgres"));
    assert!(
        problems.is_empty(),
        "migrations/sqlite and migrations/postgres differ ({} problems):\n  {}\n",
        problems.len(),
        problems.join("\n  ")
    );
}

#[cfg(test)]
mod checker {
    use super::*;

    fn pair(sqlite: &str, postgres: &str) -> Vec<String> {
        compare_sql(&[("1.sql".into(), sqlite.into())], &[("1.sql".into(), postgres.into())])
    }

    const SQLITE: &str = "-- base ; with a semicolon in a comment
        CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,
                        score REAL, photo BLOB, owner INTEGER REFERENCES users(id), flag INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE pairs (a INTEGER NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
        CREATE UNIQUE INDEX t_name ON t (name) WHERE flag = 1;";
    const POSTGRES: &str = "
        CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE,
                        score DOUBLE PRECISION, photo BYTEA, owner BIGINT REFERENCES users(id), flag SMALLINT NOT NULL DEFAULT 0);
        CREATE TABLE pairs (a BIGINT NOT NULL, b TEXT NOT NULL, CONSTRAINT pairs_pk PRIMARY KEY (a, b));
        CREATE UNIQUE INDEX IF NOT EXISTS t_name ON t (name) WHERE flag = 1;";

    fn reported(problems: &[String], words: &[&str]) -> bool {
        problems.iter().any(|p| words.iter().all(|w| p.contains(w)))
    }

    #[test]
    fn equivalent_types_and_key_generators_compare_equal() {
        assert_eq!(pair(SQLITE, POSTGRES), Vec::<String>::new());
        let serial = pair(
            "CREATE TABLE x (id INTEGER PRIMARY KEY AUTOINCREMENT);",
            "CREATE TABLE x (id BIGSERIAL PRIMARY KEY);",
        );
        assert_eq!(serial, Vec::<String>::new());
    }

    #[test]
    fn a_missing_column_is_reported() {
        let p = pair(&format!("{SQLITE} ALTER TABLE t ADD COLUMN note TEXT;"), POSTGRES);
        assert!(reported(&p, &["table `t`", "column `note`", "only in sqlite"]), "{p:?}");
    }

    #[test]
    fn a_different_type_class_or_nullability_is_reported() {
        let p = pair(SQLITE, &POSTGRES.replace("score DOUBLE PRECISION", "score TEXT"));
        assert!(reported(&p, &["column `score`", "`real` in sqlite", "`text` in postgres"]), "{p:?}");
        let p = pair(SQLITE, &POSTGRES.replace("photo BYTEA", "photo BYTEA NOT NULL"));
        assert!(reported(&p, &["column `photo`", "`blob not null` in postgres"]), "{p:?}");
    }

    #[test]
    fn a_missing_or_different_index_is_reported() {
        let p = pair(&format!("{SQLITE} CREATE INDEX t_owner ON t (owner, id);"), POSTGRES);
        assert!(reported(&p, &["index `t_owner`", "only in sqlite", "on t (owner, id)"]), "{p:?}");
        let p = pair(SQLITE, &POSTGRES.replace("WHERE flag = 1", ""));
        assert!(reported(&p, &["index `t_name`", "where ...` in sqlite", "postgres"]), "{p:?}");
        let p = pair(SQLITE, &POSTGRES.replace("UNIQUE INDEX", "INDEX"));
        assert!(reported(&p, &["index `t_name`", "`unique on t (name)"]), "{p:?}");
    }

    #[test]
    fn an_extra_table_or_key_is_reported() {
        let p = pair(SQLITE, &format!("{POSTGRES} CREATE TABLE extra (id BIGINT);"));
        assert!(reported(&p, &["table `extra` exists only in postgres"]), "{p:?}");
        let p = pair(SQLITE, &POSTGRES.replace("NOT NULL UNIQUE", "NOT NULL"));
        assert!(reported(&p, &["table `t`", "unique (name)", "only in sqlite"]), "{p:?}");
    }

    #[test]
    fn drops_are_applied_and_unknown_statements_are_errors() {
        let p = pair(&format!("{SQLITE} CREATE TABLE gone (id INTEGER); DROP TABLE gone;"), POSTGRES);
        assert_eq!(p, Vec::<String>::new());
        let p = pair(&format!("{SQLITE} ALTER TABLE t ALTER COLUMN name SET NOT NULL;"), POSTGRES);
        assert!(reported(&p, &["sqlite/1.sql", "unsupported ALTER TABLE"]), "{p:?}");
    }

    #[test]
    fn differing_file_names_are_reported() {
        let dir = std::env::temp_dir().join(format!("migration_parity_{}", std::process::id()));
        let (s, p) = (dir.join("sqlite"), dir.join("postgres"));
        std::fs::create_dir_all(&s).unwrap();
        std::fs::create_dir_all(&p).unwrap();
        std::fs::write(s.join("001_a.sql"), SQLITE).unwrap();
        std::fs::write(p.join("001_b.sql"), POSTGRES).unwrap();
        let problems = compare(&s, &p);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(reported(&problems, &["file `001_a.sql` exists only in sqlite"]), "{problems:?}");
        assert!(reported(&problems, &["file `001_b.sql` exists only in postgres"]), "{problems:?}");
    }
}
