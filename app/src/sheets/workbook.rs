//! Workbook cells (XLSX above all; XLS and ODS too) as the text a person sees in them.
//!
//! An XLSX sheet is read cell by cell from its XML, never built whole in memory: the declared
//! `<dimension>` and then every cell's position are checked against [`Limits`] before the
//! cell is kept, so a sheet that claims a million rows is refused before any work is done.
use std::io::{Cursor, Read, Seek};

use calamine::{Data, DataRef, Reader, XlsxCellReader};

use super::limits::MAX_CELL_CHARS;
use super::read::{build_table, clean_cell, RawRow};
use super::{Limits, SheetError, Table, ZIP_MAGIC};

pub(super) fn read_workbook_table(bytes: &[u8], expected: &[&str], limits: &Limits) -> Result<Table, SheetError> {
    if bytes.starts_with(ZIP_MAGIC) {
        limits.check_zip(bytes)?;
    }
    match calamine::Xlsx::new(Cursor::new(bytes)) {
        Ok(mut workbook) => {
            let name = workbook.sheet_names().into_iter().next().ok_or(SheetError::Unreadable)?;
            let cells = workbook.worksheet_cells_reader(&name).map_err(|_| SheetError::Unreadable)?;
            let declared = cells.dimensions();
            limits.check_cell(declared.end.0 as usize + 1, declared.end.1 as usize)?;
            build_table(XlsxRows { cells, limits: *limits, next: None, done: false }, expected, limits)
        }
        Err(_) => read_other_workbook(bytes, expected, limits),
    }
}

/// XLS, XLSB and ODS, through calamine's whole-sheet range. Their sizes are bounded by the
/// file size and, for the zipped ones, by the zip check; the range's extent is checked
/// before its cells are turned into text.
fn read_other_workbook(bytes: &[u8], expected: &[&str], limits: &Limits) -> Result<Table, SheetError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| SheetError::Unreadable)?;
    let range = workbook.worksheet_range_at(0).ok_or(SheetError::Unreadable)?.map_err(|_| SheetError::Unreadable)?;
    if let Some((row, column)) = range.end() {
        limits.check_cell(row as usize + 1, column as usize)?;
    }
    // The range starts at the first used cell, not at A1; its start row turns range row
    // indexes back into the row numbers shown in Excel's margin.
    let first_line = range.start().map_or(1, |(row, _)| row as usize + 1);
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| Ok(RawRow { line: first_line + i, cells: cells.iter().map(cell_text).collect() }));
    build_table(rows, expected, limits)
}

/// The rows of an XLSX sheet, pulled from its cell stream one row at a time. Rows without
/// a value yield nothing; row numbers are Excel's, so gaps show in the report's lines.
struct XlsxRows<'a, RS: Read + Seek> {
    cells: XlsxCellReader<'a, RS>,
    limits: Limits,
    /// The first cell of the next row, read while finding where the last one ended.
    next: Option<(usize, usize, String)>,
    done: bool,
}

impl<RS: Read + Seek> XlsxRows<'_, RS> {
    fn stop(&mut self, error: SheetError) -> Option<Result<RawRow, SheetError>> {
        self.done = true;
        Some(Err(error))
    }
}

impl<RS: Read + Seek> Iterator for XlsxRows<'_, RS> {
    type Item = Result<RawRow, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut row =
            self.next.take().map(|(line, column, text)| RawRow { line, cells: placed(Vec::new(), column, text) });
        loop {
            let cell = match self.cells.next_cell() {
                Ok(Some(cell)) => cell,
                Ok(None) => {
                    self.done = true;
                    return row.map(Ok);
                }
                Err(_) => return self.stop(SheetError::Unreadable),
            };
            let (r, c) = cell.get_position();
            let (line, column) = (r as usize + 1, c as usize);
            if let Err(e) = self.limits.check_cell(line, column) {
                return self.stop(e);
            }
            let text = data_ref_text(cell.get_value());
            if text.is_empty() {
                continue;
            }
            match row {
                Some(current) if current.line == line => {
                    row = Some(RawRow { line, cells: placed(current.cells, column, text) });
                }
                Some(current) => {
                    self.next = Some((line, column, text));
                    return Some(Ok(current));
                }
                None => row = Some(RawRow { line, cells: placed(Vec::new(), column, text) }),
            }
        }
    }
}

fn placed(mut cells: Vec<String>, column: usize, text: String) -> Vec<String> {
    if cells.len() <= column {
        cells.resize(column + 1, String::new());
    }
    cells[column] = text;
    cells
}

/// A streamed cell as text. Text is cut to Excel's cell limit before it is copied, so one
/// shared string repeated in every cell costs no more than that limit per cell.
fn data_ref_text(value: &DataRef<'_>) -> String {
    let cut = |s: &str| -> String {
        let end = s.char_indices().nth(MAX_CELL_CHARS).map_or(s.len(), |(i, _)| i);
        clean_cell(&s[..end])
    };
    match value {
        DataRef::SharedString(s) => cut(s),
        DataRef::String(s) => cut(s),
        other => cell_text(&Data::from(other.clone())),
    }
}

/// A workbook cell as the text a person sees in it.
pub(super) fn cell_text(cell: &Data) -> String {
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
pub(super) fn number_text(f: f64) -> String {
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
    format!("{sign}{:02}:{:02}:{:02}", total / 3600, total % 3600 / 60, total % 60)
}

/// ODS dates arrive as ISO 8601 text: "2019-08-08" or "2019-08-08T10:30:00".
pub(super) fn iso_datetime_text(s: &str) -> String {
    match s.split_once('T') {
        Some((date, time)) if time.trim_start_matches(['0', ':', '.']).is_empty() => date.to_string(),
        Some((date, time)) => format!("{date} {}", time.split('.').next().unwrap_or(time)),
        None => s.to_string(),
    }
}
