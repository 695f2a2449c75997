use super::read::*;
use super::workbook::*;
use super::write::*;
use super::*;
use calamine::{Data, Reader};
use std::io::Cursor;

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
        volunteer("1", "张三", "13710986743", "11010119900307123X", "广州市科学技术协会"),
        volunteer("2", "李四", "13800138000", "440106198808080011", "第一行\n第二行"),
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
    assert_eq!(text.matches("\r\n").count(), 3, "header + 2 rows; the embedded newline is LF");
    let table = read_table(&bytes, "export.csv", VOL, 100).unwrap();
    assert_eq!(cells_of(&table), rows);
    // The second record spans two physical lines but is one Excel row.
    assert_eq!(lines_of(&table), vec![2, 3]);
}

#[test]
fn csv_without_bom_reads_too() {
    let text =
        csv_text(&[&VOL.join(","), &volunteer("1", "张三", "13710986743", "11010119900307123X", "科协").join(",")]);
    let table = read_table(text.as_bytes(), "plain.csv", VOL, 10).unwrap();
    assert_eq!(table.rows[0].cells[1], "张三");
}

#[test]
fn gb18030_csv_from_chinese_excel() {
    // Curly quotes exist in GBK, so the header goes through unchanged.
    let header = VOL.join(",");
    let text =
        csv_text(&[&header, &volunteer("1", "张三", "13710986743", "11010119900307123X", "广州市科协").join(",")]);
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "test data must not be valid UTF-8");
    let table = read_table(&gbk, "导出.csv", VOL, 10).unwrap();
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].cells[1], "张三");
    assert_eq!(table.rows[0].cells[7], "广州市科协");
    assert_eq!(table.rows[0].cells[16], "否");
}

#[test]
fn columns_are_matched_by_name_not_position() {
    let header = "备注,手机号,真实姓名,序号";
    let text = csv_text(&[header, "老会员, 13710986743 ,张三,1", "新会员,13800138000,李四,2"]);
    let table = read_table(text.as_bytes(), "x.csv", &["真实姓名", "手机号"], 10).unwrap();
    assert_eq!(table.headers, strings(&["真实姓名", "手机号"]));
    assert_eq!(cells_of(&table), vec![strings(&["张三", "13710986743"]), strings(&["李四", "13800138000"])]);
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
    let example = volunteer("范例", "张三", "13700000000", "110101199001010000", "某单位").join(",");
    let data = volunteer("1", "李四", "13710986743", "11010119900307123X", "科协").join(",");
    let text = csv_text(&["科技志愿者集体注册信息表,,,", "", &header.join(","), &example, &data]);
    let table = read_table(text.as_bytes(), "志愿者.csv", VOL, 10).unwrap();
    assert_eq!(table.headers, strings(VOL));
    assert_eq!(table.rows.len(), 1, "title and example rows are not data");
    assert_eq!(table.rows[0].cells[1], "李四");
    // title = 1, blank = 2, header = 3–4 (one Excel row, 3), example = 4, data = 5
    assert_eq!(table.rows[0].line, 5);
}

#[test]
fn example_marker_found_in_seq_column_when_not_first() {
    let text = csv_text(&["真实姓名,序号,手机号", "张三,范例,13700000000", "李四,1,13710986743"]);
    let table = read_table(text.as_bytes(), "x.csv", &["真实姓名", "手机号"], 10).unwrap();
    assert_eq!(cells_of(&table), vec![strings(&["李四", "13710986743"])]);
}

#[test]
fn xlsx_title_row_above_header_gives_excel_line_numbers() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "科技志愿者集体注册信息表").unwrap();
    for (c, h) in VOL.iter().enumerate() {
        let h = if *h == "服务领域或行业" { "服务领域\n或行业" } else { h };
        sheet.write_string(2, c as u16, h).unwrap();
    }
    for (c, v) in volunteer("范例", "示例", "1", "2", "3").iter().enumerate() {
        sheet.write_string(3, c as u16, v).unwrap();
    }
    for (c, v) in volunteer("1", "张三", "13710986743", "11010119900307123X", "科协").iter().enumerate() {
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
    assert_eq!(table.rows, vec![SheetRow { line: 7, cells: strings(&["13710986743", "张三"]) }]);
}

#[test]
fn header_not_found_lists_missing_names() {
    let text = csv_text(&["序号,真实姓名,电话,性别", "1,张三,13710986743,男"]);
    let err = read_table(text.as_bytes(), "x.csv", &["序号", "真实姓名", "手机号", "身份证号"], 10).unwrap_err();
    assert_eq!(err, SheetError::HeaderNotFound { missing: strings(&["手机号", "身份证号"]) });
}

#[test]
fn header_not_found_in_empty_file_lists_everything() {
    let err = read_table(b"", "x.csv", &["序号", "真实姓名"], 10).unwrap_err();
    assert_eq!(err, SheetError::HeaderNotFound { missing: strings(&["序号", "真实姓名"]) });
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
    let rows: Vec<Vec<String>> = (1..=4).map(|i| strings(&[&i.to_string(), "张三"])).collect();
    let bytes = write_xlsx("Sheet1", &["序号", "真实姓名"], &rows).unwrap();
    let err = read_table(&bytes, "x.xlsx", &["序号", "真实姓名"], 3).unwrap_err();
    assert_eq!(err, SheetError::TooManyRows { max: 3 });
    assert_eq!(read_table(&bytes, "x.xlsx", &["序号", "真实姓名"], 4).unwrap().rows.len(), 4);
}

#[test]
fn blank_and_example_rows_do_not_count_towards_the_limit() {
    let text = csv_text(&["序号,真实姓名", "范例,示例", ",", "1,张三", "", ",,,备注在别处"]);
    let table = read_table(text.as_bytes(), "x.csv", &["序号", "真实姓名"], 1).unwrap();
    assert_eq!(cells_of(&table), vec![strings(&["1", "张三"])]);
    assert_eq!(lines_of(&table), vec![4]);
}

#[test]
fn numeric_phone_and_date_cells_read_as_typed() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in ["真实姓名", "手机号", "入会日期", "身份证号", "年龄", "比例", "时间"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "张三").unwrap();
    sheet.write_number(1, 1, 13710986743.0).unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 8, 8).unwrap();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_datetime_with_format(1, 2, &date, &date_format).unwrap();
    sheet.write_string(1, 3, "110101199003071234").unwrap();
    sheet.write_number(1, 4, 35.0).unwrap();
    sheet.write_number(1, 5, 0.1 + 0.2).unwrap();
    let time = rust_xlsxwriter::ExcelDateTime::from_hms(10, 30, 0).unwrap();
    let time_format = rust_xlsxwriter::Format::new().set_num_format("hh:mm:ss");
    sheet.write_datetime_with_format(1, 6, &time, &time_format).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let expected = ["真实姓名", "手机号", "入会日期", "身份证号", "年龄", "比例", "时间"];
    let table = read_table(&bytes, "x.xlsx", &expected, 10).unwrap();
    assert_eq!(
        table.rows[0].cells,
        strings(&["张三", "13710986743", "2019-08-08", "110101199003071234", "35", "0.3", "10:30:00"])
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
    assert_eq!(iso_datetime_text("2019-08-08T10:30:00.000"), "2019-08-08 10:30:00");
}

#[test]
fn garbage_named_xlsx_is_unreadable() {
    let garbage = b"this is not a spreadsheet \x00\x01\x02\xff";
    assert_eq!(read_table(garbage, "data.xlsx", VOL, 10), Err(SheetError::Unreadable));
    assert_eq!(read_table(garbage, "data.xls", VOL, 10), Err(SheetError::Unreadable));
    // A zip magic followed by junk is a broken workbook, whatever the name says.
    let broken_zip = b"PK\x03\x04garbage garbage garbage";
    assert_eq!(read_table(broken_zip, "upload", VOL, 10), Err(SheetError::Unreadable));
    assert_eq!(read_table(broken_zip, "upload.csv", VOL, 10), Err(SheetError::Unreadable));
}

#[test]
fn workbook_with_unknown_or_wrong_extension_is_sniffed() {
    let bytes = write_xlsx("Sheet1", &["真实姓名"], &[strings(&["张三"])]).unwrap();
    for name in ["upload", "upload.bin", "upload.csv", "upload.xls", "upload.ods"] {
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
    assert_eq!(Format::detect("x", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1]), Format::Xls);
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
    assert_eq!(cells_of(&table), vec![strings(&["张三", "11010119900307123X"])]);
}

#[test]
fn quotes_and_brackets_normalise() {
    assert_eq!(normalize_header("是否为基层\"四长\""), normalize_header("是否为基层“四长”"));
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
    assert_eq!(&second[..5], &strings(&["范例", "张三", "13710986743", "男", "11010119900307123X"])[..]);
    assert_eq!(second.len(), VOL.len());
}

#[test]
fn template_csv_has_header_and_example_row() {
    let bytes = template_csv(&["序号", "真实姓名", "手机号"], &["1", "张三", "13710986743"]);
    assert_eq!(bytes, "\u{FEFF}序号,真实姓名,手机号\r\n范例,张三,13710986743\r\n".as_bytes());
    let table = read_table(&bytes, "template.csv", &["序号", "真实姓名", "手机号"], 10).unwrap();
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
    let rows = vec![strings(&["ab", "张三", &"x".repeat(100), "第一行\n第二行很长很长"])];
    let widths = column_widths(&["序号", "姓名", "备注", "地址"], &rows);
    assert_eq!(widths, vec![6, 6, 60, 2 * 7 + 2]);
}

#[test]
fn written_xlsx_stores_numbers_as_text_cells() {
    let bytes = write_xlsx("Sheet1", &["手机号"], &[strings(&["13710986743"])]).unwrap();
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.as_slice())).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.get_value((1, 0)), Some(&Data::String("13710986743".to_string())));
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised() {
    for cell in ["=1+1", "+86 137", "-2", "@SUM(A1)", "\t=cmd", "\r=cmd", "=HYPERLINK(\"http://x\")"] {
        assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
    }
    for cell in ["张三", "13710986743", "a=b", " =x", "", "'=already"] {
        assert_eq!(neutralise(cell), cell, "{cell:?}");
    }
}

#[test]
fn written_csv_and_templates_carry_no_formula() {
    let bytes = write_csv(&["=header", "姓名"], &[strings(&["=1+1", "@x"]), strings(&["-", "张三"])]);
    let text = std::str::from_utf8(&bytes).unwrap();
    assert_eq!(text, "\u{FEFF}'=header,姓名\r\n'=1+1,'@x\r\n'-,张三\r\n");
    let template = template_csv(&["序号", "备注"], &["1", "+1 发起"]);
    assert!(std::str::from_utf8(&template).unwrap().ends_with("范例,'+1 发起\r\n"));
}

/// A zip whose one entry claims 10 bytes in both headers but inflates to 2 MiB.
fn lying_zip() -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    out.start_file("xl/big.xml", options).unwrap();
    out.write_all(&vec![b' '; 2 * 1024 * 1024]).unwrap();
    let mut bytes = out.finish().unwrap().into_inner();
    for (signature, size_at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let at = bytes.windows(4).position(|w| w == signature).unwrap() + size_at;
        bytes[at..at + 4].copy_from_slice(&10u32.to_le_bytes());
    }
    bytes
}

#[test]
fn zip_entries_are_counted_while_inflating_not_only_by_their_declared_size() {
    let limits = Limits { max_expanded: 1024 * 1024, ..Limits::for_rows(10) };
    let refused = limits.check_zip(&lying_zip()).unwrap_err();
    assert!(matches!(refused, SheetError::ExpandsTooMuch { .. } | SheetError::Unreadable), "{refused:?}");
    let honest = write_xlsx("Sheet1", &["真实姓名"], &[strings(&["张三"])]).unwrap();
    assert_eq!(limits.check_zip(&honest), Ok(()));
}

#[test]
fn csv_bounds_count_blank_lines_and_columns() {
    let limits = Limits::for_rows(2);
    assert_eq!(limits.max_lines(), 2 + HEADER_SCAN_ROWS);
    let mut text = "真实姓名\r\n".to_string();
    text.push_str(&"\r\n".repeat(limits.max_lines()));
    text.push_str("张三\r\n");
    assert_eq!(
        read_table_within(text.as_bytes(), "x.csv", &["真实姓名"], &limits),
        Err(SheetError::TooManyRows { max: 2 })
    );
    let wide = format!("真实姓名{}\r\n张三\r\n", ",".repeat(300));
    assert_eq!(
        read_table_within(wide.as_bytes(), "x.csv", &["真实姓名"], &limits),
        Err(SheetError::TooManyColumns { max: 256 })
    );
    let large = vec![b'a'; limits.max_bytes + 1];
    assert_eq!(
        read_table_within(&large, "x.csv", &["真实姓名"], &limits),
        Err(SheetError::TooLarge { max_bytes: limits.max_bytes })
    );
}
