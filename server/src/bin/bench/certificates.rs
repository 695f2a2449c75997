//! `bench certificates` (issue 12): renders `--certificates` (1,000) service-record certificates
//! with the real renderer (krilla, the CJK font subset, the QR code), each for a different
//! volunteer with 1 to 60 activity rows, one after another on one core, and prints the total
//! time, the per-certificate p50/p95/p99 and the size of a typical one (20 rows). It leaves the
//! database out: the server's part of a download is a few indexed reads next to this.
//! Prints figures; asserts nothing.
use super::{percentile, Args};
use app::records::certificates::pdf::{CertificateDoc, Row};
use std::path::PathBuf;
use std::time::Instant;

/// A certificate of `rows` activities for volunteer `i`.
fn doc(i: usize, rows: usize) -> CertificateDoc {
    let rows: Vec<Row> = (0..rows)
        .map(|r| Row {
            date: format!("2026-{:02}-{:02}", 1 + r % 12, 1 + r % 28),
            activity: format!("科普进社区：第{}场青少年科学实验课", r + 1),
            org: "常州市武进区科技志愿服务支队".into(),
            hours: format!("{}.5", 1 + r % 4),
        })
        .collect();
    CertificateDoc {
        holder_name: format!("志愿者{i:04}"),
        id_masked: "3204**********015X".into(),
        scope_text: "2026-01-01 至 2026-12-31 期间的志愿服务".into(),
        record_count: rows.len() as i64,
        raw_hours: format!("{}", rows.len() * 2),
        weighted_hours: format!("{}", rows.len() * 2),
        rows,
        platform: "科技志愿服务平台".into(),
        issued_on: "2026-12-01".into(),
        code: format!("{i:024}"),
        verify_url: format!("https://kjzy.example.cn/verify/{i:024}"),
    }
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let font = std::env::var_os("SCISERVE_CERT_FONT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(app::state::DEFAULT_CERT_FONT));
    let n = args.certificates;
    println!("bench certificates: {n} certificates, 1–60 rows each, font {}", font.display());
    let typical = app::records::certificates::render_pdf(&doc(0, 20), &font)?;
    println!("one certificate of 20 rows: {} bytes ({:.1} KB)", typical.len(), typical.len() as f64 / 1024.0);
    let (mut times, mut bytes) = (Vec::with_capacity(n), 0usize);
    let started = Instant::now();
    for i in 0..n {
        let t = Instant::now();
        let pdf = app::records::certificates::render_pdf(&doc(i, 1 + i % 60), &font)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        bytes += pdf.len();
    }
    let total = started.elapsed();
    times.sort_by(f64::total_cmp);
    println!(
        "{n} certificates in {:.1} s ({:.0}/s on one core); per certificate p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms; mean size {:.1} KB",
        total.as_secs_f64(),
        n as f64 / total.as_secs_f64(),
        percentile(&times, 0.50),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        bytes as f64 / n as f64 / 1024.0
    );
    Ok(())
}
