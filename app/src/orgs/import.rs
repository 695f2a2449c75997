//! Collective registration (F-16): the two tables of the Changzhou notice (attachment 1,
//! organisations; attachment 2, volunteers) imported from XLSX or CSV into one organisation.
//!
//! Every row goes through the same validators as the forms. The whole file runs inside one
//! transaction: a dry run (or any refused row) rolls it back, a clean commit keeps it — so the
//! dry-run report is exactly what the commit would do, and a failed import changes nothing.
//! New people are created and enrolled; people who already have an account are only invited
//! (see `invitations`). Every run, dry or not, is audited and counted against the staff
//! member's hourly limit (`import_limit.rs`).
use crate::codes::VOLUNTEER_HEADERS;
use crate::error::AppError;
use crate::i18n::*;
use crate::validation::Invalid;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
#[path = "import_run.rs"]
pub mod run;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Organisations,
    Volunteers,
}

/// Attachment 1's header row, in its order.
pub const ORG_HEADERS: &[&str] = &[
    "序号",
    "组织名称",
    "管理员姓名及手机号",
    "是否在民政部门注册",
    "主管单位类型",
    "主管单位",
    "成立日期",
    "服务类别",
    "所在区域省",
    "所在区域市",
    "所在区域县",
    "组织负责人姓名（选填）",
    "组织负责人职务（选填）",
    "组织负责人单位（选填）",
    "组织负责人电话（选填）",
];

const ORG_EXAMPLE: &[&str] = &[
    "范例",
    "**省**市**县科技志愿服务队",
    "张三\n13710986743",
    "否",
    "地方科协",
    "**县科协",
    "2019/8/8",
    "☑科技培训 □科技咨询 ☑科普报告 □农技服务 □青少年科技教育 □科普讲解 □网络科普 □其他",
    "省名",
    "市名",
    "县区名",
    "",
    "",
    "",
    "",
];

const VOLUNTEER_EXAMPLE: &[&str] = &[
    "范例",
    "张三",
    "13710986743",
    "男",
    "22030219****280203",
    "群众",
    "汉族",
    "阿里巴巴",
    "副高",
    "本科",
    "企业",
    "省名",
    "市名",
    "县区名",
    "科技培训、科普报告",
    "科技咨询类、科学教育类",
    "基层医院院长",
];

impl ImportKind {
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Organisations => "organisations",
            ImportKind::Volunteers => "volunteers",
        }
    }

    pub fn from_code(code: &str) -> Option<ImportKind> {
        match code.trim() {
            "organisations" | "organizations" | "orgs" => Some(ImportKind::Organisations),
            "volunteers" => Some(ImportKind::Volunteers),
            _ => None,
        }
    }

    pub fn headers(self) -> &'static [&'static str] {
        match self {
            ImportKind::Organisations => ORG_HEADERS,
            ImportKind::Volunteers => VOLUNTEER_HEADERS,
        }
    }

    pub fn example(self) -> &'static [&'static str] {
        match self {
            ImportKind::Organisations => ORG_EXAMPLE,
            ImportKind::Volunteers => VOLUNTEER_EXAMPLE,
        }
    }

    /// The sheet and file name of the template (the seed's table titles).
    pub fn title(self) -> &'static str {
        match self {
            ImportKind::Organisations => "科技志愿服务组织集体注册信息表",
            ImportKind::Volunteers => "科技志愿者集体注册信息表",
        }
    }
}

/// Why one row (or one cell of it) cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "issue", rename_all = "snake_case")]
pub enum RowIssue {
    /// The cell failed the same validator the form uses.
    Field { invalid: Invalid },
    /// The same phone, ID number or organisation name appears on an earlier row.
    DuplicateInFile { first_line: usize },
    /// 管理员姓名及手机号 must hold a name and an 11-digit mobile ("张三 13710986743").
    AdminCell,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The row number Excel shows.
    pub line: usize,
    /// The header of the column at fault (empty for the whole row).
    pub column: String,
    #[serde(flatten)]
    pub issue: RowIssue,
}

/// Why the file as a whole was not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum FileProblem {
    Unreadable,
    HeaderNotFound { missing: Vec<String> },
    NoRows,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub kind: ImportKind,
    /// Data rows read.
    pub rows: usize,
    pub file_problem: Option<FileProblem>,
    pub problems: Vec<RowProblem>,
    /// True only when everything was written.
    pub committed: bool,
    /// New accounts or organisations (that would be) created.
    pub created: usize,
    /// Rows matching an existing account (by phone or ID number): those people are invited and
    /// join only if they accept; nothing is written onto their accounts. One number whichever
    /// way a row matched, so the report reveals no pairing of phone and ID number.
    pub invited: usize,
}

impl ImportReport {
    pub fn is_clean(&self) -> bool {
        self.file_problem.is_none() && self.problems.is_empty()
    }
}

/// One problem as a sentence, in `locale` (the page and the CLI print the same words).
pub fn problem_text(locale: Locale, problem: &RowIssue) -> String {
    match problem {
        RowIssue::Field { invalid } => crate::ui::errors::invalid_text_in(locale, *invalid),
        RowIssue::DuplicateInFile { first_line } => {
            td_string!(locale, import.duplicate_in_file, line = *first_line).to_string()
        }
        RowIssue::AdminCell => td_string!(locale, import.admin_cell).to_string(),
    }
}

pub fn file_problem_text(locale: Locale, problem: &FileProblem) -> String {
    match problem {
        FileProblem::Unreadable => td_string!(locale, import.unreadable).to_string(),
        FileProblem::HeaderNotFound { missing } => {
            let missing = missing.join("、");
            td_string!(locale, import.header_not_found, missing = missing).to_string()
        }
        FileProblem::NoRows => td_string!(locale, import.no_rows).to_string(),
    }
}

/// Receives a spreadsheet from the import page: multipart fields `org_id`, `kind`
/// (organisations | volunteers), `commit` ("1" to write, anything else is a dry run) and `file`.
///
/// A file beyond the upload bounds is refused with a message under the file field and the
/// status that says why (`AppError::status`): 413 when it is too large, 422 when its sheet is.
#[server(endpoint = "orgs/import", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn import_upload(data: leptos::server_fn::codec::MultipartData) -> Result<ImportReport, AppError> {
    upload::receive(data).await
}

#[cfg(feature = "ssr")]
#[path = "import_upload.rs"]
mod upload;

#[cfg(feature = "ssr")]
#[path = "import_limit.rs"]
pub mod limit;
