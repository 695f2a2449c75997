//! Reading: finding the header, mapping columns by name, and cells as people see them.
use std::borrow::Cow;

use super::{Format, Limits, SheetError, SheetRow, Table, EXAMPLE_MARKER};

/// How many rows from the top are searched for the header row. Real files put a title,
/// a date or a "填表说明" line or two above the header; twenty is generous for that and
/// still cheap.
pub(super) const HEADER_SCAN_ROWS: usize = 20;

/// The sequence-number column; its cell is also checked for [`EXAMPLE_MARKER`] because
/// people often move or delete the column that held the marker in our templates.
const SEQ_HEADER: &str = "序号";

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
pub fn read_table(bytes: &[u8], file_name: &str, expected: &[&str], max_rows: usize) -> Result<Table, SheetError> {
    read_table_within(bytes, file_name, expected, &Limits::for_rows(max_rows))
}

/// [`read_table`] with every bound of [`Limits`]: the file's size first, then rows and
/// columns as they are read, blank rows counted by position.
pub fn read_table_within(
    bytes: &[u8],
    file_name: &str,
    expected: &[&str],
    limits: &Limits,
) -> Result<Table, SheetError> {
    limits.check_size(bytes)?;
    match Format::detect(file_name, bytes) {
        Format::Csv => read_csv_table(bytes, expected, limits),
        Format::Xlsx | Format::Xls | Format::Ods => super::workbook::read_workbook_table(bytes, expected, limits),
    }
}

/// One physical row of the source, before the header is known.
pub(super) struct RawRow {
    pub(super) line: usize,
    pub(super) cells: Vec<String>,
}

/// Where each expected column sits in the file.
struct ColumnMap {
    /// For each expected header (same order), the file's column index.
    columns: Vec<usize>,
    /// The file's 序号 column, whether or not the caller asked for it.
    seq: Option<usize>,
}

fn read_csv_table(bytes: &[u8], expected: &[&str], limits: &Limits) -> Result<Table, SheetError> {
    let text = decode_text(bytes);
    let delimiter = guess_delimiter(&text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut lines = CsvLineCounter::new(text.as_bytes());
    let rows = reader.records().map(move |record| {
        let record = record.map_err(|_| SheetError::Unreadable)?;
        let line = lines.excel_row(&record);
        limits.check_cell(line, record.len().saturating_sub(1))?;
        Ok(RawRow { line, cells: record.iter().map(csv_cell_text).collect() })
    });
    build_table(rows, expected, limits)
}

/// Finds the header among the first rows, then collects the data rows below it.
/// The rows are pulled one at a time, so only the kept cells stay in memory, and their
/// text counts against [`Limits::max_expanded`].
pub(super) fn build_table(
    mut rows: impl Iterator<Item = Result<RawRow, SheetError>>,
    expected: &[&str],
    limits: &Limits,
) -> Result<Table, SheetError> {
    let wanted: Vec<String> = expected.iter().map(|h| normalize_header(h)).collect();
    let map = find_header(&mut rows, &wanted, expected)?;
    let mut out = Vec::new();
    let mut kept = 0u64;
    for row in rows {
        let row = row?;
        let cells = pick_cells(&row.cells, &map.columns);
        if is_blank(&cells) || is_example_row(&row.cells, &cells, map.seq) {
            continue;
        }
        if out.len() >= limits.max_rows {
            return Err(SheetError::TooManyRows { max: limits.max_rows });
        }
        limits.spend(&mut kept, cells.iter().map(String::len).sum())?;
        out.push(SheetRow { line: row.line, cells });
    }
    Ok(Table { headers: expected.iter().map(|h| h.to_string()).collect(), rows: out })
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
        let columns: Vec<Option<usize>> = wanted.iter().map(|w| found.iter().position(|f| f == w)).collect();
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
    let missing =
        expected.iter().zip(present).filter(|(_, present)| !present).map(|(name, _)| name.to_string()).collect();
    Err(SheetError::HeaderNotFound { missing })
}

fn pick_cells(cells: &[String], columns: &[usize]) -> Vec<String> {
    columns.iter().map(|&c| cells.get(c).cloned().unwrap_or_default()).collect()
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.is_empty())
}

/// The template's example row, recognised by its first expected cell or its 序号 cell.
fn is_example_row(raw: &[String], picked: &[String], seq: Option<usize>) -> bool {
    let is_marker = |s: &str| normalize_header(s) == EXAMPLE_MARKER;
    picked.first().is_some_and(|c| is_marker(c)) || seq.and_then(|i| raw.get(i)).is_some_and(|c| is_marker(c))
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
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Trims a cell, including invisible characters at the ends.
pub(super) fn clean_cell(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c)).to_string()
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
    match s.strip_prefix("=\"").and_then(|rest| rest.strip_suffix('"')) {
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
        let (line, byte) = record.position().map_or((1, 0), |p| (p.line() as usize, p.byte() as usize));
        let leading_newlines = self
            .text
            .get(byte..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|b| **b == b'\n')
            .count();
        let row = (line + leading_newlines).saturating_sub(self.embedded);
        self.embedded += record.iter().map(|c| c.matches('\n').count()).sum::<usize>();
        row
    }
}
