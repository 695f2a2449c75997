//! Writing: CSV and XLSX downloads whose cells survive a round trip through Excel.
use std::borrow::Cow;

use super::EXAMPLE_MARKER;

/// Excel's widest column is 255 characters; wider than 60 only makes a sheet harder to read.
const MAX_COLUMN_WIDTH: usize = 60;
const MIN_COLUMN_WIDTH: usize = 6;

/// Excel rejects longer sheet names.
const MAX_SHEET_NAME_CHARS: usize = 31;

/// Writes a CSV (UTF-8 with BOM so Excel on Windows shows Chinese correctly, CRLF line
/// ends) with one header row.
///
/// Values are written as given, except that a cell a spreadsheet would run as a formula is
/// neutralised (see [`neutralise`]). CSV cannot mark a cell as text, so Excel will still show
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
        let mut writer =
            csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(&mut out);
        let mut write = |cells: &mut dyn Iterator<Item = &str>| {
            let cells: Vec<Cow<'_, str>> = cells.map(neutralise).collect();
            writer.write_record(cells.iter().map(|c| c.as_bytes()))
        };
        write(&mut headers.iter().copied())?;
        for row in rows {
            write(&mut row.as_ref().iter().map(AsRef::as_ref))?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// A cell as it may go into a CSV: Excel, WPS and LibreOffice run a cell that starts with
/// `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)`, `=cmd|...`), and skip a leading tab or
/// carriage return before looking, so such a cell gets a leading `'` and stays text (OWASP,
/// "CSV Injection"). Every CSV this module writes goes through here; XLSX cells are written as
/// text cells, which no spreadsheet evaluates.
pub(super) fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes an .xlsx with one worksheet named `sheet_name`: a bold, frozen header row,
/// columns auto-ish width (by max char count, CJK counted double, capped at 60), all cells
/// written as TEXT (so phone and ID numbers never become numbers/scientific notation),
/// cells containing newlines wrapped. Returns the bytes. Errors only if the writer fails.
///
/// The whole columns are text-formatted too, so values people type into the sheet later
/// (a new volunteer's ID number) also stay text.
pub fn write_xlsx(sheet_name: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    xlsx_bytes(sheet_name, headers, rows, RowStyle::Data)
}

/// A download template: a sheet like [`write_xlsx`]'s with the header and one example row
/// (grey italic). The example row's first cell is always "范例", whatever `example[0]`
/// says, so that [`read_table`] recognises and skips it when the filled-in template comes
/// back; put the 序号 column first.
pub fn template_xlsx(sheet_name: &str, headers: &[&str], example: &[&str]) -> Result<Vec<u8>, String> {
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
            RowStyle::Example => text.set_italic().set_font_color(rust_xlsxwriter::Color::Gray),
        };
        Styles {
            header_wrapped: header.clone().set_text_wrap(),
            header,
            body_wrapped: body.clone().set_text_wrap(),
            body,
        }
    }
}

fn xlsx_bytes<R, S>(sheet_name: &str, headers: &[&str], rows: &[R], style: RowStyle) -> Result<Vec<u8>, String>
where
    R: AsRef<[S]>,
    S: AsRef<str>,
{
    let styles = Styles::new(style);
    let column_format = rust_xlsxwriter::Format::new().set_num_format("@");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(safe_sheet_name(sheet_name)).map_err(|e| e.to_string())?;
    let widths = column_widths(headers, rows);
    for (col, width) in widths.iter().enumerate() {
        let col = col_num(col)?;
        sheet.set_column_format(col, &column_format).map_err(|e| e.to_string())?;
        sheet.set_column_width(col, *width as f64).map_err(|e| e.to_string())?;
    }
    for (col, header) in headers.iter().enumerate() {
        let format = pick(header, &styles.header, &styles.header_wrapped);
        sheet.write_string_with_format(0, col_num(col)?, *header, format).map_err(|e| e.to_string())?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).map_err(|_| "too many rows".to_string())?;
        for (col, value) in row.as_ref().iter().enumerate() {
            let value = value.as_ref();
            let format = pick(value, &styles.body, &styles.body_wrapped);
            sheet.write_string_with_format(r, col_num(col)?, value, format).map_err(|e| e.to_string())?;
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
pub(super) fn safe_sheet_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '_' } else { c }).collect();
    let cleaned: String = cleaned.trim().trim_matches('\'').chars().take(MAX_SHEET_NAME_CHARS).collect();
    let cleaned = cleaned.trim_matches('\'').trim().to_string();
    if cleaned.is_empty() || cleaned.eq_ignore_ascii_case("history") {
        "Sheet1".to_string()
    } else {
        cleaned
    }
}

/// Column widths in Excel's character units: the widest line in the column (CJK and
/// other full-width characters count double), plus a little padding, within bounds.
pub(super) fn column_widths<R, S>(headers: &[&str], rows: &[R]) -> Vec<usize>
where
    R: AsRef<[S]>,
    S: AsRef<str>,
{
    let columns = rows.iter().map(|r| r.as_ref().len()).chain(std::iter::once(headers.len())).max().unwrap_or(0);
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
    widths.into_iter().map(|w| (w + 2).clamp(MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH)).collect()
}

/// The width of the widest line of `s`, CJK counted double.
fn display_width(s: &str) -> usize {
    s.lines().map(|line| line.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()).max().unwrap_or(0)
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
