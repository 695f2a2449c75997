//! Reading and writing simple tables for spreadsheet import and export.
//!
//! The people who fill in our import files are volunteers and association staff using
//! whatever they have: Excel on Windows (which saves CSV as GB18030/GBK unless told
//! otherwise), WPS, LibreOffice, or a template they downloaded from us and then "improved"
//! with a title row, extra columns or a reordered layout. So reading is deliberately
//! forgiving about layout — the header row is searched for, and columns are matched by
//! header name, not position — while being strict about values: every cell comes back as
//! the text a person sees in the sheet (no `13710986743.0`, no scientific notation, dates
//! as `YYYY-MM-DD`).
//!
//! Writing goes the other way: every cell is written as text so phone numbers and
//! 18-character ID numbers survive a round trip through Excel untouched.
//!
//! Server-only: the crates used here have no place in the WASM bundle.

mod limits;
mod read;
#[cfg(test)]
mod tests;
mod workbook;
mod write;

pub use limits::Limits;
pub use read::{normalize_header, read_table, read_table_within};
pub use write::{template_csv, template_xlsx, write_csv, write_xlsx};

/// The marker the download templates put in the first cell of their example row; a row
/// carrying it is the template's own example, never data.
pub const EXAMPLE_MARKER: &str = "范例";

/// A table read from a spreadsheet: the header cells (trimmed, internal
/// whitespace/newlines removed) and data rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
}

/// One data row: its 1-based row number in the file as a person sees it in Excel, and its
/// cells as strings (same length as headers; missing cells are "").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetRow {
    pub line: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Not a CSV/XLSX/XLS/ODS file, or unreadable/corrupt.
    #[error("unreadable file")]
    Unreadable,
    /// No row matching the expected header was found; `missing` lists expected header
    /// names not present.
    #[error("header not found")]
    HeaderNotFound { missing: Vec<String> },
    /// More than `max` data rows, or more rows in all (blank ones included) than
    /// [`Limits::max_lines`] allows.
    #[error("too many rows")]
    TooManyRows { max: usize },
    /// A row reaches past column `max`.
    #[error("too many columns")]
    TooManyColumns { max: usize },
    /// The file itself is larger than `max_bytes`.
    #[error("file too large")]
    TooLarge { max_bytes: usize },
    /// Unpacked (a zip entry, or the cells read from it), the file grows past `max_bytes`:
    /// a compression bomb, or a sheet far bigger than any real registration table.
    #[error("file expands too much")]
    ExpandsTooMuch { max_bytes: u64 },
}

/// A spreadsheet file format.
///
/// Only [`Format::Csv`] and [`Format::Xlsx`] are written; all four are read (the binary
/// ones through calamine, which also tells XLSX, XLSB, XLS and ODS apart by itself, so a
/// workbook saved under the wrong extension still opens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Xlsx,
    Xls,
    Ods,
}

/// XLSX, XLSB and ODS files are zip archives.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// Legacy XLS files are OLE compound documents.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

impl Format {
    /// The format named by a file name's extension (case-insensitive), if it is one we know.
    pub fn from_file_name(file_name: &str) -> Option<Format> {
        let (_, ext) = file_name.rsplit_once('.')?;
        match ext.trim().to_ascii_lowercase().as_str() {
            "csv" | "txt" | "tsv" => Some(Format::Csv),
            "xlsx" | "xlsm" | "xlsb" => Some(Format::Xlsx),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }

    /// The format suggested by the first bytes: zip (XLSX/ODS), OLE (XLS), otherwise CSV.
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(ZIP_MAGIC) {
            Format::Xlsx
        } else if bytes.starts_with(OLE_MAGIC) {
            Format::Xls
        } else {
            Format::Csv
        }
    }

    /// The format of an uploaded file: by extension, and by content when the extension is
    /// unknown. One exception: a "CSV" whose bytes are a zip or OLE container is a workbook
    /// that was renamed (browsers and chat apps do this), and reading it as text would only
    /// produce a confusing "header not found".
    pub fn detect(file_name: &str, bytes: &[u8]) -> Format {
        match Format::from_file_name(file_name) {
            Some(Format::Csv) | None => Format::sniff(bytes),
            Some(format) => format,
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }

    /// The MIME type for a download response.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Xls => "application/vnd.ms-excel",
            Format::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }
}
