//! The certificate as a PDF (server only), drawn with krilla: the CJK font is embedded as a
//! subset of the glyphs used, with a ToUnicode map, so the text can be searched, copied and read
//! back (the tests do). The QR code is drawn as filled squares, one per dark module.
use crate::error::AppError;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One row of the activities table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// YYYY-MM-DD
    pub date: String,
    pub activity: String,
    pub org: String,
    /// "3.5"
    pub hours: String,
}

/// Everything printed on a certificate, already formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateDoc {
    pub holder_name: String,
    pub id_masked: String,
    /// "2026-01-01 至 2026-12-31", the organisation's name or the activity's title, with its kind.
    pub scope_text: String,
    pub record_count: i64,
    pub raw_hours: String,
    pub weighted_hours: String,
    pub rows: Vec<Row>,
    pub platform: String,
    /// YYYY-MM-DD, Asia/Shanghai
    pub issued_on: String,
    pub code: String,
    /// {public_url or request host}/verify/{code}; what the QR code holds.
    pub verify_url: String,
}

const W: f32 = 595.0; // A4 in points
const H: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// Fonts read once per path (the CJK font is several megabytes).
static FONT: Mutex<Option<(PathBuf, Font)>> = Mutex::new(None);

fn font(path: &Path) -> Result<Font, AppError> {
    let mut cached = FONT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((p, f)) = cached.as_ref() {
        if p == path {
            return Ok(f.clone());
        }
    }
    let bytes = std::fs::read(path).map_err(|e| {
        AppError::internal(format!(
            "certificate font {} cannot be read ({e}); install fonts-wqy-microhei (scripts/setup.sh) or set SCISERVE_CERT_FONT",
            path.display()
        ))
    })?;
    let f = Font::new(bytes.into(), 0)
        .ok_or_else(|| AppError::internal(format!("certificate font {} is not a usable font", path.display())))?;
    *cached = Some((path.to_owned(), f.clone()));
    Ok(f)
}

fn black() -> Fill {
    Fill { paint: rgb::Color::new(0, 0, 0).into(), opacity: NormalizedF32::ONE, rule: Default::default() }
}

fn text(surface: &mut Surface, font: &Font, x: f32, y: f32, size: f32, s: &str) {
    if s.is_empty() {
        return;
    }
    surface.draw_text(Point::from_xy(x, y), font.clone(), size, s, false, TextDirection::Auto);
}

/// Roughly how wide `s` is: CJK and full-width characters one em, the rest about half.
fn width(s: &str, size: f32) -> f32 {
    s.chars().map(|c| if c.is_ascii() { 0.55 } else { 1.0 }).sum::<f32>() * size
}

/// `s` cut to fit `max` points, with an ellipsis when cut.
fn fit(s: &str, size: f32, max: f32) -> String {
    if width(s, size) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out, size) + width(&c.to_string(), size) + size > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn rule(surface: &mut Surface, x1: f32, y: f32, x2: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(x1, y);
    pb.line_to(x2, y);
    if let Some(path) = pb.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke { width: 0.6, ..Default::default() }));
        surface.draw_path(&path);
        surface.set_stroke(None);
        surface.set_fill(Some(black()));
    }
}

fn qr(surface: &mut Surface, url: &str, x: f32, y: f32, size: f32) -> Result<(), AppError> {
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).map_err(AppError::internal)?;
    let n = code.width();
    let quiet = 2usize;
    let module = size / (n + 2 * quiet) as f32;
    let mut pb = PathBuilder::new();
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (cx, cy) = ((i % n + quiet) as f32, (i / n + quiet) as f32);
            if let Some(rect) = Rect::from_xywh(x + cx * module, y + cy * module, module, module) {
                pb.push_rect(rect);
            }
        }
    }
    if let Some(path) = pb.finish() {
        surface.set_fill(Some(black()));
        surface.draw_path(&path);
    }
    Ok(())
}

/// The certificate as PDF bytes. CPU-bound (a few milliseconds); call it off the async runtime
/// (`spawn_blocking`) on a server. A missing or unreadable font is the operator's fault: an
/// internal error with a log line naming the path.
pub fn render_pdf(doc: &CertificateDoc, font_path: &Path) -> Result<Vec<u8>, AppError> {
    let font = font(font_path)?;
    let mut document = Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(format!("科技志愿服务记录证明 {}", doc.code))
            .language("zh-CN".to_owned())
            .creator(doc.platform.clone()),
    );
    let settings = || PageSettings::from_wh(W, H).ok_or_else(|| AppError::internal("page size"));
    let mut page = document.start_page_with(settings()?);
    let mut surface = page.surface();
    surface.set_fill(Some(black()));

    let title = "科技志愿服务记录证明";
    text(&mut surface, &font, (W - width(title, 24.0)) / 2.0, 96.0, 24.0, title);
    let mut y = 140.0;
    let line = |surface: &mut Surface, y: &mut f32, s: &str| {
        text(surface, &font, MARGIN, *y, 12.0, s);
        *y += 22.0;
    };
    line(&mut surface, &mut y, &format!("姓名：{}", doc.holder_name));
    line(&mut surface, &mut y, &format!("身份证号：{}", doc.id_masked));
    line(&mut surface, &mut y, &format!("证明范围：{}", fit(&doc.scope_text, 12.0, W - 2.0 * MARGIN - 70.0)));
    line(&mut surface, &mut y, &format!("服务时长：{} 小时", doc.raw_hours));
    line(&mut surface, &mut y, &format!("折算时长：{} 小时", doc.weighted_hours));
    line(&mut surface, &mut y, &format!("服务记录：{} 条", doc.record_count));
    y += 8.0;

    // The table: date, activity, organisation, hours.
    let cols = [MARGIN, MARGIN + 80.0, MARGIN + 290.0, W - MARGIN - 50.0];
    let header = |surface: &mut Surface, y: &mut f32| {
        for (x, h) in cols.iter().zip(["日期", "活动名称", "组织", "时长（小时）"]) {
            text(surface, &font, *x, *y, 10.0, h);
        }
        rule(surface, MARGIN, *y + 5.0, W - MARGIN);
        *y += 20.0;
    };
    header(&mut surface, &mut y);
    for row in &doc.rows {
        if y > H - 200.0 {
            surface.finish();
            page.finish();
            page = document.start_page_with(settings()?);
            surface = page.surface();
            surface.set_fill(Some(black()));
            y = 72.0;
            header(&mut surface, &mut y);
        }
        text(&mut surface, &font, cols[0], y, 10.0, &row.date);
        text(&mut surface, &font, cols[1], y, 10.0, &fit(&row.activity, 10.0, cols[2] - cols[1] - 8.0));
        text(&mut surface, &font, cols[2], y, 10.0, &fit(&row.org, 10.0, cols[3] - cols[2] - 8.0));
        text(&mut surface, &font, cols[3], y, 10.0, &row.hours);
        y += 18.0;
    }
    rule(&mut surface, MARGIN, y - 10.0, W - MARGIN);

    // Footer: who issued it, when, and how to check it.
    let top = H - 170.0;
    let mut fy = top;
    let foot = |surface: &mut Surface, y: &mut f32, s: &str| {
        text(surface, &font, MARGIN, *y, 10.0, s);
        *y += 18.0;
    };
    foot(&mut surface, &mut fy, &format!("出具平台：{}", doc.platform));
    foot(&mut surface, &mut fy, &format!("出具日期：{}", doc.issued_on));
    foot(&mut surface, &mut fy, &format!("验证码：{}", doc.code));
    foot(&mut surface, &mut fy, "扫描右侧二维码或访问以下网址核验本证明：");
    foot(&mut surface, &mut fy, &fit(&doc.verify_url, 9.0, W - 2.0 * MARGIN - 120.0));
    qr(&mut surface, &doc.verify_url, W - MARGIN - 110.0, top - 20.0, 110.0)?;
    surface.finish();
    page.finish();
    document.finish().map_err(|e| AppError::internal(format!("certificate PDF: {e:?}")))
}
