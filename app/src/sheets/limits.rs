//! Bounds on the work one uploaded file can make the server do.
//!
//! A spreadsheet is a zip of XML; a few kilobytes of it can declare a sheet of 1,048,576 ×
//! 16,384 cells or inflate to gigabytes. Every bound here is checked before or while the
//! bytes are unpacked, never after a sheet has been built in memory.
use std::io::{Cursor, Read};

use super::SheetError;

/// Excel keeps at most this many characters in one cell; a longer cell is not from a sheet
/// a person made, and cutting it keeps one cell from costing more than one cell's worth.
pub(super) const MAX_CELL_CHARS: usize = 32_767;

/// Entries in a zip; a real workbook has a dozen or two.
const MAX_ZIP_ENTRIES: usize = 1_000;

/// What one read may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Data rows (blank, title and example rows aside).
    pub max_rows: usize,
    /// The widest row, in columns.
    pub max_columns: usize,
    /// The file as uploaded.
    pub max_bytes: usize,
    /// Every zip entry unpacked, together; also the text of the cells kept.
    pub max_expanded: u64,
}

impl Limits {
    /// Room for `max_rows` data rows of a registration table: about 17 columns in the
    /// templates, so 256 leaves space for people's own extra columns; 8 MiB holds a
    /// 20,000-row CSV; 64 MiB is several times what such a sheet unpacks to.
    pub fn for_rows(max_rows: usize) -> Limits {
        Limits { max_rows, max_columns: 256, max_bytes: 8 * 1024 * 1024, max_expanded: 64 * 1024 * 1024 }
    }

    /// Rows of the sheet in all, counted by position, so blank rows count too: the data
    /// rows, the header search, and a tenth more for blank and note rows between them.
    pub fn max_lines(&self) -> usize {
        self.max_rows + self.max_rows / 10 + super::read::HEADER_SCAN_ROWS
    }

    pub(super) fn check_size(&self, bytes: &[u8]) -> Result<(), SheetError> {
        if bytes.len() > self.max_bytes {
            return Err(SheetError::TooLarge { max_bytes: self.max_bytes });
        }
        Ok(())
    }

    /// A cell at 1-based `line` and 0-based `column` is within bounds.
    pub(super) fn check_cell(&self, line: usize, column: usize) -> Result<(), SheetError> {
        if line > self.max_lines() {
            return Err(SheetError::TooManyRows { max: self.max_rows });
        }
        if column >= self.max_columns {
            return Err(SheetError::TooManyColumns { max: self.max_columns });
        }
        Ok(())
    }

    fn expands_too_much(&self) -> SheetError {
        SheetError::ExpandsTooMuch { max_bytes: self.max_expanded }
    }

    /// Adds `len` bytes of kept cell text to `total`, refusing past the budget.
    pub(super) fn spend(&self, total: &mut u64, len: usize) -> Result<(), SheetError> {
        *total += len as u64;
        if *total > self.max_expanded {
            return Err(self.expands_too_much());
        }
        Ok(())
    }

    /// Refuses a zip whose entries unpack to more than `max_expanded` bytes together. The
    /// central directory's declared sizes are checked first (cheap, and enough for an
    /// honest bomb); then every entry is inflated into nothing while its bytes are counted,
    /// because declared sizes are whatever the file's author wrote.
    pub(super) fn check_zip(&self, bytes: &[u8]) -> Result<(), SheetError> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| SheetError::Unreadable)?;
        if archive.len() > MAX_ZIP_ENTRIES {
            return Err(SheetError::Unreadable);
        }
        let mut declared = 0u64;
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|_| SheetError::Unreadable)?;
            declared = declared.saturating_add(entry.size());
        }
        if declared > self.max_expanded {
            return Err(self.expands_too_much());
        }
        let mut inflated = 0u64;
        for i in 0..archive.len() {
            let entry = archive.by_index(i).map_err(|_| SheetError::Unreadable)?;
            let budget = self.max_expanded - inflated;
            let n =
                std::io::copy(&mut entry.take(budget + 1), &mut std::io::sink()).map_err(|_| SheetError::Unreadable)?;
            inflated += n;
            if inflated > self.max_expanded {
                return Err(self.expands_too_much());
            }
        }
        Ok(())
    }
}
