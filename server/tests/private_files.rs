//! The database, its companions and the SMS outbox hold personal data and codes: whatever the
//! umask, they are created readable by the server's user only (files 0600, directories 0700).
#![cfg(unix)]

use app::sms::{SmsMessage, SmsSender};
use server::sms::OutboxSender;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sciserve-private-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_database_file_and_its_directory_are_private() {
    let dir = temp_dir("db");
    let db = dir.join("data/sciserve.db");
    // The real binary, as an operator runs it, with a permissive umask in force.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask 022 && exec '{}' migrate", env!("CARGO_BIN_EXE_server")))
        .env("DATABASE_URL", format!("sqlite://{}?mode=rwc", db.display()))
        .env_remove("SCISERVE_CONFIG")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(mode(&dir.join("data")), 0o700);
    for entry in std::fs::read_dir(dir.join("data")).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
    assert_eq!(mode(&db), 0o600);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_sms_outbox_and_its_directory_are_private() {
    let dir = temp_dir("outbox");
    let outbox = dir.join("sms/outbox.jsonl");
    let sender = OutboxSender::new(outbox.clone());
    let message = SmsMessage { to: "13912345678".into(), text: "验证码 123456".into(), code: Some("123456".into()) };
    sender.send(&message).await.unwrap();
    assert_eq!(mode(&dir.join("sms")), 0o700);
    assert_eq!(mode(&outbox), 0o600);
    let _ = std::fs::remove_dir_all(&dir);
}
