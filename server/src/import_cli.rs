//! `server import organisations|volunteers FILE --into ORG_ID [--dry-run]`: the import page's
//! collective registration from the command line, with the same report in Chinese. People who
//! already have an account are invited, as from the page; their text messages wait in the
//! outbox for the running server's job to send. The operator at the server's shell is not a
//! staff member, so no per-staff limit applies here.
use anyhow::Context;
use app::db::Db;
use app::i18n::Locale;
use app::orgs::import::{file_problem_text, problem_text, run::import, ImportKind, ImportReport};
use app::state::Policy;
use std::path::Path;

/// The report as printed: one line per refused cell, then a summary.
pub fn render(report: &ImportReport, dry_run: bool) -> String {
    let mut out = String::new();
    if let Some(problem) = &report.file_problem {
        out.push_str(&format!("文件无法导入：{}\n", file_problem_text(Locale::zh_CN, problem)));
        return out;
    }
    for p in &report.problems {
        out.push_str(&format!("第 {} 行\t{}\t{}\n", p.line, p.column, problem_text(Locale::zh_CN, &p.issue)));
    }
    let what = match report.kind {
        ImportKind::Organisations => "组织",
        ImportKind::Volunteers => "志愿者",
    };
    let outcome = if report.committed {
        "已导入"
    } else if !report.problems.is_empty() {
        "有错误，未导入任何数据"
    } else if dry_run {
        "检查通过（试运行，未写入）"
    } else {
        "未导入"
    };
    out.push_str(&format!(
        "{what}表：共 {} 行，{} 处错误；新建 {}，邀请已有账号 {}。{outcome}\n",
        report.rows,
        report.problems.len(),
        report.created,
        report.invited
    ));
    out
}

/// Runs the import and prints the report; `Ok(false)` when anything was refused.
pub async fn run(db: &Db, policy: &Policy, kind: &str, file: &Path, into: i64, dry_run: bool) -> anyhow::Result<bool> {
    let kind = ImportKind::from_code(kind)
        .with_context(|| format!("kind must be organisations or volunteers, not {kind:?}"))?;
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let report =
        import(db, policy, kind, into, None, &name, &bytes, !dry_run).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    print!("{}", render(&report, dry_run));
    Ok(report.is_clean())
}
