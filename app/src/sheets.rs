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

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader};

/// How many rows from the top are searched for the header row. Real files put a title,
/// a date or a "填表说明" line or two above the header; twenty is generous for that and
/// still cheap.
const HEADER_SCAN_ROWS: usize = 20;

/// The marker the download templates put in the first cell of their example row; a row
/// carrying it is the template's own example, never data.
pub const EXAMPLE_MARKER: &str = "范例";

/// The sequence-number column; its cell is also checked for [`EXAMPLE_MARKER`] because
/// people often move or delete the column that held the marker in our templates.
const SEQ_HEADER: &str = "序号";

/// Excel's widest column is 255 characters; wider than 60 only makes a sheet harder to read.
const MAX_COLUMN_WIDTH: usize = 60;
const MIN_COLUMN_WIDTH: usize = 6;

/// Excel rejects longer sheet names.
const MAX_SHEET_NAME_CHARS: usize = 31;

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
    /// More than `max` data rows.
    #[error("too many rows")]
    TooManyRows { max: usize },
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

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

/// Reads the first worksheet (or the CSV), finds the header row by looking for the first
/// row within the first 20 rows whose normalised cells contain ALL of `expected`
/// (normalisation: remove all whitespace incl. newlines and full-width spaces, so
/// "服务领域\n或行业" matches "服务领域或行业", and also treat straight/curly quotes “”""
/// as equal), then maps columns BY HEADER NAME (not position) so that extra or reordered
/// columns still work: the returned Table.headers is exactly `expected` (in that order)
/// and each row's cells are the values of those columns.
///
/// Rows whose expected columns are all empty are skipped (a note typed in an unrelated
/// column does not make a row). A row whose first expected column's cell is "范例" (the
/// seed template's example row) OR whose 序号 cell is "范例" is skipped.
///
/// Numbers in XLSX cells come out as people typed them: integers without ".0", other
/// numbers rounded to Excel's 15 significant digits; date cells as "YYYY-MM-DD" (with
/// " HH:MM:SS" only when there is a time part). CSV: UTF-8 with or without BOM (and UTF-16
/// with BOM, which Excel's "Unicode text" export produces); bytes that are not valid UTF-8
/// are decoded as GB18030. Each cell is trimmed.
pub fn read_table(
    bytes: &[u8],
    file_name: &str,
    expected: &[&str],
    max_rows: usize,
) -> Result<Table, SheetError> {
    match Format::detect(file_name, bytes) {
        Format::Csv => read_csv_table(bytes, expected, max_rows),
        Format::Xlsx | Format::Xls | Format::Ods => read_workbook_table(bytes, expected, max_rows),
    }
}

/// One physical row of the source, before the header is known.
struct RawRow {
    line: usize,
    cells: Vec<String>,
}

/// Where each expected column sits in the file.
struct ColumnMap {
    /// For each expected header (same order), the file's column index.
    columns: Vec<usize>,
    /// The file's 序号 column, whether or not the caller asked for it.
    seq: Option<usize>,
}

fn read_workbook_table(
    bytes: &[u8],
    expected: &[&str],
    max_rows: usize,
) -> Result<Table, SheetError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|_| SheetError::Unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(SheetError::Unreadable)?
        .map_err(|_| SheetError::Unreadable)?;
    // The range starts at the first used cell, not at A1; its start row turns range row
    // indexes back into the row numbers shown in Excel's margin.
    let first_line = range.start().map_or(1, |(row, _)| row as usize + 1);
    let rows = range.rows().enumerate().map(|(i, cells)| {
        Ok(RawRow {
            line: first_line + i,
            cells: cells.iter().map(cell_text).collect(),
        })
    });
    build_table(rows, expected, max_rows)
}

fn read_csv_table(bytes: &[u8], expected: &[&str], max_rows: usize) -> Result<Table, SheetError> {
    let text = decode_text(bytes);
    let delimiter = guess_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut lines = CsvLineCounter::new(text.as_bytes());
    let rows = reader.records().map(move |record| {
        let record = record.map_err(|_| SheetError::Unreadable)?;
        let line = lines.excel_row(&record);
        Ok(RawRow {
            line,
            cells: record.iter().map(csv_cell_text).collect(),
        })
    });
    build_table(rows, expected, max_rows)
}

/// Finds the header among the first rows, then collects the data rows below it.
fn build_table(
    mut rows: impl Iterator<Item = Result<RawRow, SheetError>>,
    expected: &[&str],
    max_rows: usize,
) -> Result<Table, SheetError> {
    let wanted: Vec<String> = expected.iter().map(|h| normalize_header(h)).collect();
    let map = find_header(&mut rows, &wanted, expected)?;
    let mut out = Vec::new();
    for row in rows {
        let row = row?;
        let cells = pick_cells(&row.cells, &map.columns);
        if is_blank(&cells) || is_example_row(&row.cells, &cells, map.seq) {
            continue;
        }
        if out.len() >= max_rows {
            return Err(SheetError::TooManyRows { max: max_rows });
        }
        out.push(SheetRow {
            line: row.line,
            cells,
        });
    }
    Ok(Table {
        headers: expected.iter().map(|h| h.to_string()).collect(),
        rows: out,
    })
}

/// Consumes rows up to and including the header row. On failure reports what the
/// best-matching candidate row lacked, which is what the person needs to fix.
fn find_header(
    rows: &mut impl Iterator<Item = Result<RawRow, SheetError>>,
    wanted: &[String],
    expected: &[&str],
) -> Result<ColumnMap, SheetError> {
    let mut best: Option<Vec<bool>> = None;
    for row in rows.take(HEADER_SCAN_ROWS) {
        let row = row?;
        let found: Vec<String> = row.cells.iter().map(|c| normalize_header(c)).collect();
        let columns: Vec<Option<usize>> = wanted
            .iter()
            .map(|w| found.iter().position(|f| f == w))
            .collect();
        if let Some(columns) = columns.iter().copied().collect::<Option<Vec<usize>>>() {
            let seq_name = normalize_header(SEQ_HEADER);
            let seq = found.iter().position(|f| *f == seq_name);
            return Ok(ColumnMap { columns, seq });
        }
        let present: Vec<bool> = columns.iter().map(Option::is_some).collect();
        let count = |p: &[bool]| p.iter().filter(|x| **x).count();
        if best.as_deref().is_none_or(|b| count(&present) > count(b)) {
            best = Some(present);
        }
    }
    let present = best.unwrap_or_else(|| vec![false; expected.len()]);
    let missing = expected
        .iter()
        .zip(present)
        .filter(|(_, present)| !present)
        .map(|(name, _)| name.to_string())
        .collect();
    Err(SheetError::HeaderNotFound { missing })
}

fn pick_cells(cells: &[String], columns: &[usize]) -> Vec<String> {
    columns
        .iter()
        .map(|&c| cells.get(c).cloned().unwrap_or_default())
        .collect()
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.is_empty())
}

/// The template's example row, recognised by its first expected cell or its 序号 cell.
fn is_example_row(raw: &[String], picked: &[String], seq: Option<usize>) -> bool {
    let is_marker = |s: &str| normalize_header(s) == EXAMPLE_MARKER;
    picked.first().is_some_and(|c| is_marker(c))
        || seq.and_then(|i| raw.get(i)).is_some_and(|c| is_marker(c))
}

/// Header comparison key: people wrap long headers with Alt+Enter, paste full-width
/// spaces, let Word turn quotes curly, type full-width brackets, and mark required
/// columns with "*". None of that changes which column it is.
pub fn normalize_header(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !is_invisible(*c) && !matches!(c, '*' | '＊'))
        .map(|c| match c {
            '“' | '”' | '„' | '‟' | '＂' | '〝' | '〞' => '"',
            '‘' | '’' | '‚' | '‛' | '＇' => '\'',
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect()
}

/// Zero-width characters that are not Unicode whitespace but are just as invisible (a BOM
/// left in the first header cell is the usual one).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Trims a cell, including invisible characters at the ends.
fn clean_cell(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
        .to_string()
}

// --- workbook cells ---------------------------------------------------------------------

/// A workbook cell as the text a person sees in it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => clean_cell(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => excel_datetime_text(dt),
        Data::DateTimeIso(s) => iso_datetime_text(s.trim()),
        Data::DurationIso(s) => s.trim().to_string(),
        Data::Error(e) => e.to_string(),
    }
}

/// Excel stores every number as a float; integers (phone numbers above all) must not
/// grow a ".0", and other values are rounded to the 15 significant digits Excel shows so
/// that a computed 0.1+0.2 reads "0.3".
fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 {
        return format!("{f:.0}");
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    rounded.to_string()
}

/// A date cell as "YYYY-MM-DD", with the time only when there is one; a duration or a
/// bare time of day as "HH:MM:SS".
fn excel_datetime_text(dt: &calamine::ExcelDateTime) -> String {
    if dt.is_duration() {
        return duration_text(dt.as_f64());
    }
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    let has_time = (h, mi, s) != (0, 0, 0);
    if dt.as_f64() < 1.0 && dt.as_f64() >= 0.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if has_time {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02}")
    }
}

fn duration_text(days: f64) -> String {
    let total = (days * 86_400.0).round() as i64;
    let sign = if total < 0 { "-" } else { "" };
    let total = total.abs();
    format!(
        "{sign}{:02}:{:02}:{:02}",
        total / 3600,
        total % 3600 / 60,
        total % 60
    )
}

/// ODS dates arrive as ISO 8601 text: "2019-08-08" or "2019-08-08T10:30:00".
fn iso_datetime_text(s: &str) -> String {
    match s.split_once('T') {
        Some((date, time)) if time.trim_start_matches(['0', ':', '.']).is_empty() => {
            date.to_string()
        }
        Some((date, time)) => format!("{date} {}", time.split('.').next().unwrap_or(time)),
        None => s.to_string(),
    }
}

// --- CSV -------------------------------------------------------------------------------

/// CSV bytes as text: a BOM decides (UTF-8, UTF-16LE/BE); otherwise valid UTF-8 is
/// UTF-8, and anything else is what Chinese Excel writes for "CSV (逗号分隔)": GBK, read
/// as its superset GB18030.
fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0,
    }
}

/// Comma, unless the text is clearly tab-separated (Excel's "Unicode text" export and
/// copy-paste from a sheet both produce tabs).
fn guess_delimiter(text: &str) -> u8 {
    let sample: String = text.chars().take(4096).collect();
    let tabs = sample.matches('\t').count();
    let commas = sample.matches(',').count();
    if tabs > commas {
        b'\t'
    } else {
        b','
    }
}

/// A CSV cell trimmed, with the `="0123"` wrapper some exporters use to keep leading
/// zeros removed.
fn csv_cell_text(s: &str) -> String {
    let s = clean_cell(s);
    match s
        .strip_prefix("=\"")
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Some(inner) if !inner.contains('"') => clean_cell(inner),
        _ => s,
    }
}

/// Turns csv record positions into the row numbers Excel shows for the same file.
///
/// The csv crate counts physical lines, but Excel shows one row per record: newlines
/// inside quoted cells do not start a row, while blank lines (which the csv crate skips)
/// do. A record's position also points at any blank lines before it, so the counter
/// steps over those to the record's first real byte.
struct CsvLineCounter<'a> {
    text: &'a [u8],
    /// Newlines seen inside quoted cells of earlier records.
    embedded: usize,
}

impl<'a> CsvLineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        CsvLineCounter { text, embedded: 0 }
    }

    fn excel_row(&mut self, record: &csv::StringRecord) -> usize {
        let (line, byte) = record
            .position()
            .map_or((1, 0), |p| (p.line() as usize, p.byte() as usize));
        let leading_newlines = self
            .text
            .get(byte..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|b| **b == b'\n')
            .count();
        let row = (line + leading_newlines).saturating_sub(self.embedded);
        self.embedded += record
            .iter()
            .map(|c| c.matches('\n').count())
            .sum::<usize>();
        row
    }
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

/// Writes a CSV (UTF-8 with BOM so Excel on Windows shows Chinese correctly, CRLF line
/// ends) with one header row.
///
/// Values are written as given. CSV cannot mark a cell as text, so Excel will still show
/// an 18-digit ID as 1.1E+17 when it opens the file; offer [`write_xlsx`] for anything
/// people will open in Excel.
pub fn write_csv(headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    csv_bytes(headers, rows).expect("writing CSV into memory cannot fail")
}

/// A download template as CSV: the header and the example row (see [`template_xlsx`]).
pub fn template_csv(headers: &[&str], example: &[&str]) -> Vec<u8> {
    let example = example_row(headers, example);
    csv_bytes(headers, &[example]).expect("writing CSV into memory cannot fail")
}

fn csv_bytes<R, S>(headers: &[&str], rows: &[R]) -> Result<Vec<u8>, csv::Error>
where
    R: AsRef<[S]>,
    S: AsRef<str>,
{
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(&mut out);
        writer.write_record(headers)?;
        for row in rows {
            writer.write_record(row.as_ref().iter().map(AsRef::as_ref))?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// Writes an .xlsx with one worksheet named `sheet_name`: a bold, frozen header row,
/// columns auto-ish width (by max char count, CJK counted double, capped at 60), all cells
/// written as TEXT (so phone and ID numbers never become numbers/scientific notation),
/// cells containing newlines wrapped. Returns the bytes. Errors only if the writer fails.
///
/// The whole columns are text-formatted too, so values people type into the sheet later
/// (a new volunteer's ID number) also stay text.
pub fn write_xlsx(
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, String> {
    xlsx_bytes(sheet_name, headers, rows, RowStyle::Data)
}

/// A download template: a sheet like [`write_xlsx`]'s with the header and one example row
/// (grey italic). The example row's first cell is always "范例", whatever `example[0]`
/// says, so that [`read_table`] recognises and skips it when the filled-in template comes
/// back; put the 序号 column first.
pub fn template_xlsx(
    sheet_name: &str,
    headers: &[&str],
    example: &[&str],
) -> Result<Vec<u8>, String> {
    let example = example_row(headers, example);
    xlsx_bytes(sheet_name, headers, &[example], RowStyle::Example)
}

/// `example` padded or cut to the header's length, with the marker in the first cell.
fn example_row<'a>(headers: &[&str], example: &[&'a str]) -> Vec<&'a str> {
    (0..headers.len())
        .map(|i| match i {
            0 => EXAMPLE_MARKER,
            _ => example.get(i).copied().unwrap_or(""),
        })
        .collect()
}

#[derive(Clone, Copy)]
enum RowStyle {
    Data,
    Example,
}

/// The cell formats of one sheet. All carry the "@" (text) number format.
struct Styles {
    header: rust_xlsxwriter::Format,
    header_wrapped: rust_xlsxwriter::Format,
    body: rust_xlsxwriter::Format,
    body_wrapped: rust_xlsxwriter::Format,
}

impl Styles {
    fn new(style: RowStyle) -> Styles {
        let text = rust_xlsxwriter::Format::new().set_num_format("@");
        let header = text.clone().set_bold();
        let body = match style {
            RowStyle::Data => text,
            RowStyle::Example => text
                .set_italic()
                .set_font_color(rust_xlsxwriter::Color::Gray),
        };
        Styles {
            header_wrapped: header.clone().set_text_wrap(),
            header,
            body_wrapped: body.clone().set_text_wrap(),
            body,
        }
    }
}

fn xlsx_bytes<R, S>(
    sheet_name: &str,
    headers: &[&str],
    rows: &[R],
    style: RowStyle,
) -> Result<Vec<u8>, String>
where
    R: AsRef<[S]>,
    S: AsRef<str>,
{
    let styles = Styles::new(style);
    let column_format = rust_xlsxwriter::Format::new().set_num_format("@");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .set_name(safe_sheet_name(sheet_name))
        .map_err(|e| e.to_string())?;
    let widths = column_widths(headers, rows);
    for (col, width) in widths.iter().enumerate() {
        let col = col_num(col)?;
        sheet
            .set_column_format(col, &column_format)
            .map_err(|e| e.to_string())?;
        sheet
            .set_column_width(col, *width as f64)
            .map_err(|e| e.to_string())?;
    }
    for (col, header) in headers.iter().enumerate() {
        let format = pick(header, &styles.header, &styles.header_wrapped);
        sheet
            .write_string_with_format(0, col_num(col)?, *header, format)
            .map_err(|e| e.to_string())?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).map_err(|_| "too many rows".to_string())?;
        for (col, value) in row.as_ref().iter().enumerate() {
            let value = value.as_ref();
            let format = pick(value, &styles.body, &styles.body_wrapped);
            sheet
                .write_string_with_format(r, col_num(col)?, value, format)
                .map_err(|e| e.to_string())?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    workbook.save_to_buffer().map_err(|e| e.to_string())
}

fn pick<'f>(
    value: &str,
    plain: &'f rust_xlsxwriter::Format,
    wrapped: &'f rust_xlsxwriter::Format,
) -> &'f rust_xlsxwriter::Format {
    if value.contains('\n') {
        wrapped
    } else {
        plain
    }
}

fn col_num(col: usize) -> Result<u16, String> {
    u16::try_from(col).map_err(|_| "too many columns".to_string())
}

/// Excel refuses names with `[]:*?/\`, longer than 31 characters, or starting/ending
/// with an apostrophe; an export should not fail over a title, so such names are mended.
fn safe_sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned: String = cleaned
        .trim()
        .trim_matches('\'')
        .chars()
        .take(MAX_SHEET_NAME_CHARS)
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim().to_string();
    if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
        "Sheet1".to_string()
    } else {
        cleaned
    }
}

/// Column widths in Excel's character units: the widest line in the column (CJK and
/// other full-width characters count double), plus a little padding, within bounds.
fn column_widths<R, S>(headers: &[&str], rows: &[R]) -> Vec<usize>
where
    R: AsRef<[S]>,
    S: AsRef<str>,
{
    let columns = rows
        .iter()
        .map(|r| r.as_ref().len())
        .chain(std::iter::once(headers.len()))
        .max()
        .unwrap_or(0);
    let mut widths = vec![0usize; columns];
    let mut widen = |col: usize, value: &str| widths[col] = widths[col].max(display_width(value));
    for (col, header) in headers.iter().enumerate() {
        widen(col, header);
    }
    for row in rows {
        for (col, value) in row.as_ref().iter().enumerate() {
            widen(col, value.as_ref());
        }
    }
    widths
        .into_iter()
        .map(|w| (w + 2).clamp(MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH))
        .collect()
}

/// The width of the widest line of `s`, CJK counted double.
fn display_width(s: &str) -> usize {
    s.lines()
        .map(|line| line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum())
        .max()
        .unwrap_or(0)
}

/// East Asian wide and full-width characters (the blocks that matter for Chinese text).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3040..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real header of the volunteer registration sheet.
    const VOL: &[&str] = crate::codes::VOLUNTEER_HEADERS;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    fn volunteer(seq: &str, name: &str, phone: &str, id: &str, unit: &str) -> Vec<String> {
        strings(&[
            seq,
            name,
            phone,
            "男",
            id,
            "中共党员",
            "汉族",
            unit,
            "高级工程师",
            "研究生",
            "科研人员",
            "广东省",
            "广州市",
            "天河区",
            "科普宣传",
            "信息技术",
            "否",
        ])
    }

    fn sample_rows() -> Vec<Vec<String>> {
        vec![
            volunteer(
                "1",
                "张三",
                "13710986743",
                "11010119900307123X",
                "广州市科学技术协会",
            ),
            volunteer(
                "2",
                "李四",
                "13800138000",
                "440106198808080011",
                "第一行\n第二行",
            ),
        ]
    }

    fn cells_of(table: &Table) -> Vec<Vec<String>> {
        table.rows.iter().map(|r| r.cells.clone()).collect()
    }

    fn lines_of(table: &Table) -> Vec<usize> {
        table.rows.iter().map(|r| r.line).collect()
    }

    /// A CSV file as people make them: CRLF lines joined by hand.
    fn csv_text(lines: &[&str]) -> String {
        lines.iter().map(|l| format!("{l}\r\n")).collect()
    }

    #[test]
    fn xlsx_round_trip_keeps_every_cell() {
        let rows = sample_rows();
        let bytes = write_xlsx("志愿者", VOL, &rows).unwrap();
        assert!(bytes.starts_with(ZIP_MAGIC));
        let table = read_table(&bytes, "volunteers.XLSX", VOL, 100).unwrap();
        assert_eq!(table.headers, strings(VOL));
        assert_eq!(cells_of(&table), rows);
        assert_eq!(lines_of(&table), vec![2, 3]);
        assert_eq!(table.rows[0].cells[2], "13710986743");
        assert_eq!(table.rows[0].cells[4], "11010119900307123X");
        assert_eq!(table.rows[1].cells[7], "第一行\n第二行");
    }

    #[test]
    fn xlsx_round_trip_with_ragged_rows_pads_missing_cells() {
        let rows = vec![strings(&["1", "王五"])];
        let bytes = write_xlsx("Sheet1", VOL, &rows).unwrap();
        let table = read_table(&bytes, "a.xlsx", VOL, 10).unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].cells.len(), VOL.len());
        assert_eq!(table.rows[0].cells[1], "王五");
        assert!(table.rows[0].cells[2..].iter().all(String::is_empty));
    }

    #[test]
    fn csv_round_trip_with_bom_and_crlf() {
        let rows = sample_rows();
        let bytes = write_csv(VOL, &rows);
        assert!(bytes.starts_with("\u{FEFF}序号,".as_bytes()));
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.contains("是否为基层“四长”\r\n"));
        assert_eq!(
            text.matches("\r\n").count(),
            3,
            "header + 2 rows; the embedded newline is LF"
        );
        let table = read_table(&bytes, "export.csv", VOL, 100).unwrap();
        assert_eq!(cells_of(&table), rows);
        // The second record spans two physical lines but is one Excel row.
        assert_eq!(lines_of(&table), vec![2, 3]);
    }

    #[test]
    fn csv_without_bom_reads_too() {
        let text = csv_text(&[
            &VOL.join(","),
            &volunteer("1", "张三", "13710986743", "11010119900307123X", "科协").join(","),
        ]);
        let table = read_table(text.as_bytes(), "plain.csv", VOL, 10).unwrap();
        assert_eq!(table.rows[0].cells[1], "张三");
    }

    #[test]
    fn gb18030_csv_from_chinese_excel() {
        // Curly quotes exist in GBK, so the header goes through unchanged.
        let header = VOL.join(",");
        let text = csv_text(&[
            &header,
            &volunteer(
                "1",
                "张三",
                "13710986743",
                "11010119900307123X",
                "广州市科协",
            )
            .join(","),
        ]);
        let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        assert!(
            std::str::from_utf8(&gbk).is_err(),
            "test data must not be valid UTF-8"
        );
        let table = read_table(&gbk, "导出.csv", VOL, 10).unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].cells[1], "张三");
        assert_eq!(table.rows[0].cells[7], "广州市科协");
        assert_eq!(table.rows[0].cells[16], "否");
    }

    #[test]
    fn columns_are_matched_by_name_not_position() {
        let header = "备注,手机号,真实姓名,序号";
        let text = csv_text(&[
            header,
            "老会员, 13710986743 ,张三,1",
            "新会员,13800138000,李四,2",
        ]);
        let table = read_table(text.as_bytes(), "x.csv", &["真实姓名", "手机号"], 10).unwrap();
        assert_eq!(table.headers, strings(&["真实姓名", "手机号"]));
        assert_eq!(
            cells_of(&table),
            vec![
                strings(&["张三", "13710986743"]),
                strings(&["李四", "13800138000"])
            ]
        );
    }

    #[test]
    fn xlsx_with_reordered_and_extra_columns() {
        let mut headers: Vec<&str> = VOL.iter().rev().copied().collect();
        headers.insert(3, "备注");
        let source = sample_rows();
        let rows: Vec<Vec<String>> = source
            .iter()
            .map(|r| {
                let mut row: Vec<String> = r.iter().rev().cloned().collect();
                row.insert(3, "随便写".to_string());
                row
            })
            .collect();
        let bytes = write_xlsx("Sheet1", &headers, &rows).unwrap();
        let table = read_table(&bytes, "x.xlsx", VOL, 10).unwrap();
        assert_eq!(cells_of(&table), source);
    }

    #[test]
    fn title_row_example_row_and_wrapped_headers() {
        let mut header: Vec<String> = VOL.iter().map(|h| h.to_string()).collect();
        header[15] = "\"服务领域\n或行业\"".to_string();
        header[16] = "\"是否为基层\"\"四长\"\"\"".to_string();
        header[1] = "真实　姓名".to_string(); // full-width space
        let example = volunteer(
            "范例",
            "张三",
            "13700000000",
            "110101199001010000",
            "某单位",
        )
        .join(",");
        let data = volunteer("1", "李四", "13710986743", "11010119900307123X", "科协").join(",");
        let text = csv_text(&[
            "科技志愿者集体注册信息表,,,",
            "",
            &header.join(","),
            &example,
            &data,
        ]);
        let table = read_table(text.as_bytes(), "志愿者.csv", VOL, 10).unwrap();
        assert_eq!(table.headers, strings(VOL));
        assert_eq!(table.rows.len(), 1, "title and example rows are not data");
        assert_eq!(table.rows[0].cells[1], "李四");
        // title = 1, blank = 2, header = 3–4 (one Excel row, 3), example = 4, data = 5
        assert_eq!(table.rows[0].line, 5);
    }

    #[test]
    fn example_marker_found_in_seq_column_when_not_first() {
        let text = csv_text(&[
            "真实姓名,序号,手机号",
            "张三,范例,13700000000",
            "李四,1,13710986743",
        ]);
        let table = read_table(text.as_bytes(), "x.csv", &["真实姓名", "手机号"], 10).unwrap();
        assert_eq!(cells_of(&table), vec![strings(&["李四", "13710986743"])]);
    }

    #[test]
    fn xlsx_title_row_above_header_gives_excel_line_numbers() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet
            .write_string(0, 0, "科技志愿者集体注册信息表")
            .unwrap();
        for (c, h) in VOL.iter().enumerate() {
            let h = if *h == "服务领域或行业" {
                "服务领域\n或行业"
            } else {
                h
            };
            sheet.write_string(2, c as u16, h).unwrap();
        }
        for (c, v) in volunteer("范例", "示例", "1", "2", "3").iter().enumerate() {
            sheet.write_string(3, c as u16, v).unwrap();
        }
        for (c, v) in volunteer("1", "张三", "13710986743", "11010119900307123X", "科协")
            .iter()
            .enumerate()
        {
            sheet.write_string(5, c as u16, v).unwrap();
        }
        let bytes = workbook.save_to_buffer().unwrap();
        let table = read_table(&bytes, "x.xlsx", VOL, 10).unwrap();
        assert_eq!(lines_of(&table), vec![6]);
        assert_eq!(table.rows[0].cells[1], "张三");
    }

    #[test]
    fn data_starting_below_column_a_and_row_1() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(4, 2, "真实姓名").unwrap();
        sheet.write_string(4, 3, "手机号").unwrap();
        sheet.write_string(6, 2, "张三").unwrap();
        sheet.write_number(6, 3, 13710986743.0).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let table = read_table(&bytes, "x.xlsx", &["手机号", "真实姓名"], 10).unwrap();
        assert_eq!(
            table.rows,
            vec![SheetRow {
                line: 7,
                cells: strings(&["13710986743", "张三"])
            }]
        );
    }

    #[test]
    fn header_not_found_lists_missing_names() {
        let text = csv_text(&["序号,真实姓名,电话,性别", "1,张三,13710986743,男"]);
        let err = read_table(
            text.as_bytes(),
            "x.csv",
            &["序号", "真实姓名", "手机号", "身份证号"],
            10,
        )
        .unwrap_err();
        assert_eq!(
            err,
            SheetError::HeaderNotFound {
                missing: strings(&["手机号", "身份证号"])
            }
        );
    }

    #[test]
    fn header_not_found_in_empty_file_lists_everything() {
        let err = read_table(b"", "x.csv", &["序号", "真实姓名"], 10).unwrap_err();
        assert_eq!(
            err,
            SheetError::HeaderNotFound {
                missing: strings(&["序号", "真实姓名"])
            }
        );
    }

    #[test]
    fn header_below_row_20_is_not_found() {
        let mut lines: Vec<String> = (0..HEADER_SCAN_ROWS).map(|i| format!("说明{i}")).collect();
        lines.push("真实姓名".to_string());
        lines.push("张三".to_string());
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let err = read_table(csv_text(&refs).as_bytes(), "x.csv", &["真实姓名"], 10).unwrap_err();
        assert!(matches!(err, SheetError::HeaderNotFound { .. }));
    }

    #[test]
    fn too_many_rows() {
        let rows: Vec<Vec<String>> = (1..=4)
            .map(|i| strings(&[&i.to_string(), "张三"]))
            .collect();
        let bytes = write_xlsx("Sheet1", &["序号", "真实姓名"], &rows).unwrap();
        let err = read_table(&bytes, "x.xlsx", &["序号", "真实姓名"], 3).unwrap_err();
        assert_eq!(err, SheetError::TooManyRows { max: 3 });
        assert_eq!(
            read_table(&bytes, "x.xlsx", &["序号", "真实姓名"], 4)
                .unwrap()
                .rows
                .len(),
            4
        );
    }

    #[test]
    fn blank_and_example_rows_do_not_count_towards_the_limit() {
        let text = csv_text(&[
            "序号,真实姓名",
            "范例,示例",
            ",",
            "1,张三",
            "",
            ",,,备注在别处",
        ]);
        let table = read_table(text.as_bytes(), "x.csv", &["序号", "真实姓名"], 1).unwrap();
        assert_eq!(cells_of(&table), vec![strings(&["1", "张三"])]);
        assert_eq!(lines_of(&table), vec![4]);
    }

    #[test]
    fn numeric_phone_and_date_cells_read_as_typed() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (c, h) in [
            "真实姓名",
            "手机号",
            "入会日期",
            "身份证号",
            "年龄",
            "比例",
            "时间",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 0, "张三").unwrap();
        sheet.write_number(1, 1, 13710986743.0).unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 8, 8).unwrap();
        let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        sheet
            .write_datetime_with_format(1, 2, &date, &date_format)
            .unwrap();
        sheet.write_string(1, 3, "110101199003071234").unwrap();
        sheet.write_number(1, 4, 35.0).unwrap();
        sheet.write_number(1, 5, 0.1 + 0.2).unwrap();
        let time = rust_xlsxwriter::ExcelDateTime::from_hms(10, 30, 0).unwrap();
        let time_format = rust_xlsxwriter::Format::new().set_num_format("hh:mm:ss");
        sheet
            .write_datetime_with_format(1, 6, &time, &time_format)
            .unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let expected = [
            "真实姓名",
            "手机号",
            "入会日期",
            "身份证号",
            "年龄",
            "比例",
            "时间",
        ];
        let table = read_table(&bytes, "x.xlsx", &expected, 10).unwrap();
        assert_eq!(
            table.rows[0].cells,
            strings(&[
                "张三",
                "13710986743",
                "2019-08-08",
                "110101199003071234",
                "35",
                "0.3",
                "10:30:00"
            ])
        );
    }

    #[test]
    fn number_text_matches_what_excel_shows() {
        assert_eq!(number_text(13710986743.0), "13710986743");
        assert_eq!(number_text(-2.0), "-2");
        assert_eq!(number_text(0.0), "0");
        assert_eq!(number_text(3.5), "3.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1e20), "100000000000000000000");
    }

    #[test]
    fn iso_dates_from_ods() {
        assert_eq!(iso_datetime_text("2019-08-08"), "2019-08-08");
        assert_eq!(iso_datetime_text("2019-08-08T00:00:00"), "2019-08-08");
        assert_eq!(
            iso_datetime_text("2019-08-08T10:30:00.000"),
            "2019-08-08 10:30:00"
        );
    }

    #[test]
    fn garbage_named_xlsx_is_unreadable() {
        let garbage = b"this is not a spreadsheet \x00\x01\x02\xff";
        assert_eq!(
            read_table(garbage, "data.xlsx", VOL, 10),
            Err(SheetError::Unreadable)
        );
        assert_eq!(
            read_table(garbage, "data.xls", VOL, 10),
            Err(SheetError::Unreadable)
        );
        // A zip magic followed by junk is a broken workbook, whatever the name says.
        let broken_zip = b"PK\x03\x04garbage garbage garbage";
        assert_eq!(
            read_table(broken_zip, "upload", VOL, 10),
            Err(SheetError::Unreadable)
        );
        assert_eq!(
            read_table(broken_zip, "upload.csv", VOL, 10),
            Err(SheetError::Unreadable)
        );
    }

    #[test]
    fn workbook_with_unknown_or_wrong_extension_is_sniffed() {
        let bytes = write_xlsx("Sheet1", &["真实姓名"], &[strings(&["张三"])]).unwrap();
        for name in [
            "upload",
            "upload.bin",
            "upload.csv",
            "upload.xls",
            "upload.ods",
        ] {
            let table = read_table(&bytes, name, &["真实姓名"], 10).unwrap();
            assert_eq!(cells_of(&table), vec![strings(&["张三"])], "{name}");
        }
    }

    #[test]
    fn format_detection() {
        assert_eq!(Format::from_file_name("a.CSV"), Some(Format::Csv));
        assert_eq!(Format::from_file_name("a.b.Xlsx"), Some(Format::Xlsx));
        assert_eq!(Format::from_file_name("a.xls"), Some(Format::Xls));
        assert_eq!(Format::from_file_name("a.ods"), Some(Format::Ods));
        assert_eq!(Format::from_file_name("a.pdf"), None);
        assert_eq!(Format::from_file_name("noext"), None);
        assert_eq!(Format::detect("x", b"PK\x03\x04rest"), Format::Xlsx);
        assert_eq!(
            Format::detect("x", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1]),
            Format::Xls
        );
        assert_eq!(Format::detect("x", "序号,姓名".as_bytes()), Format::Csv);
        assert_eq!(Format::detect("x.xlsx", b"abc"), Format::Xlsx);
        assert_eq!(Format::detect("x.csv", b"PK\x03\x04"), Format::Xlsx);
    }

    #[test]
    fn tab_separated_and_utf16_text() {
        let text = "序号\t真实姓名\t手机号\r\n1\t张三\t13710986743\r\n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let table = read_table(&utf16, "unicode.txt", &["真实姓名", "手机号"], 10).unwrap();
        assert_eq!(cells_of(&table), vec![strings(&["张三", "13710986743"])]);
    }

    #[test]
    fn csv_cells_are_trimmed_and_excel_text_wrappers_removed() {
        let text = csv_text(&["真实姓名,身份证号", " 张三\u{3000},=\"11010119900307123X\""]);
        let table = read_table(text.as_bytes(), "x.csv", &["真实姓名", "身份证号"], 10).unwrap();
        assert_eq!(
            cells_of(&table),
            vec![strings(&["张三", "11010119900307123X"])]
        );
    }

    #[test]
    fn quotes_and_brackets_normalise() {
        assert_eq!(
            normalize_header("是否为基层\"四长\""),
            normalize_header("是否为基层“四长”")
        );
        assert_eq!(normalize_header(" 服务领域\r\n或行业 "), "服务领域或行业");
        assert_eq!(normalize_header("*所在区域（省）"), "所在区域(省)");
        assert_eq!(normalize_header("\u{FEFF}序号"), "序号");
    }

    #[test]
    fn template_xlsx_has_example_row_that_import_skips() {
        let example = ["1", "张三", "13710986743", "男", "11010119900307123X"];
        let bytes = template_xlsx("科技志愿者", VOL, &example).unwrap();
        let table = read_table(&bytes, "template.xlsx", VOL, 10).unwrap();
        assert!(table.rows.is_empty());
        // The example row is there, marker first, when read as plain cells.
        let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.as_slice())).unwrap();
        assert_eq!(wb.sheet_names(), vec!["科技志愿者".to_string()]);
        let range = wb.worksheet_range_at(0).unwrap().unwrap();
        let second: Vec<String> = range.rows().nth(1).unwrap().iter().map(cell_text).collect();
        assert_eq!(
            &second[..5],
            &strings(&["范例", "张三", "13710986743", "男", "11010119900307123X"])[..]
        );
        assert_eq!(second.len(), VOL.len());
    }

    #[test]
    fn template_csv_has_header_and_example_row() {
        let bytes = template_csv(
            &["序号", "真实姓名", "手机号"],
            &["1", "张三", "13710986743"],
        );
        assert_eq!(
            bytes,
            "\u{FEFF}序号,真实姓名,手机号\r\n范例,张三,13710986743\r\n".as_bytes()
        );
        let table =
            read_table(&bytes, "template.csv", &["序号", "真实姓名", "手机号"], 10).unwrap();
        assert!(table.rows.is_empty());
    }

    #[test]
    fn sheet_names_are_mended() {
        assert_eq!(safe_sheet_name("志愿者/名单[2024]"), "志愿者_名单_2024_");
        assert_eq!(safe_sheet_name("  "), "Sheet1");
        assert_eq!(safe_sheet_name("'x'"), "x");
        assert_eq!(safe_sheet_name(&"长".repeat(40)).chars().count(), 31);
        assert!(write_xlsx("a:b?c", &["x"], &[]).is_ok());
    }

    #[test]
    fn column_widths_count_cjk_double_and_cap() {
        let rows = vec![strings(&[
            "ab",
            "张三",
            &"x".repeat(100),
            "第一行\n第二行很长很长",
        ])];
        let widths = column_widths(&["序号", "姓名", "备注", "地址"], &rows);
        assert_eq!(widths, vec![6, 6, 60, 2 * 7 + 2]);
    }

    #[test]
    fn written_xlsx_stores_numbers_as_text_cells() {
        let bytes = write_xlsx("Sheet1", &["手机号"], &[strings(&["13710986743"])]).unwrap();
        let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.as_slice())).unwrap();
        let range = wb.worksheet_range_at(0).unwrap().unwrap();
        assert_eq!(
            range.get_value((1, 0)),
            Some(&Data::String("13710986743".to_string()))
        );
    }
}
