//! Logs are read by more people, and kept longer, than the data they describe: a full phone
//! number or a code never appears in them. This file holds one test, because it installs the
//! process's log collector.
mod common;

use app::accounts::model::{CodeSent, SessionUser};
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_hold_no_full_mobile_and_no_code() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("debug,hyper=info,hyper_util=info,reqwest=info,h2=info"))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        // Timestamps carry six-digit fractions that could match a code by chance.
        .without_time()
        .init();

    let app = common::spawn_app().await;
    let mobile = "13912345678";
    let _: CodeSent = app.call("accounts/send-code", &[("mobile", mobile)]).await.unwrap();
    let code = app.last_code(mobile);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let _ = app.call::<SessionUser>("accounts/login-code", &[("mobile", mobile), ("code", wrong)]).await.unwrap_err();
    let _: SessionUser = app.call("accounts/login-code", &[("mobile", mobile), ("code", &code)]).await.unwrap();
    app.age_codes(mobile, 120).await;
    let _: CodeSent = app.call("accounts/send-own-code", &[]).await.unwrap();
    let second = app.last_code(mobile);
    let () = app.call("accounts/set-password", &[("password", "kexue2026"), ("code", &second)]).await.unwrap();
    let _ = app
        .call_as::<SessionUser>(&app.new_client(), "accounts/login-password", &[("mobile", mobile), ("password", "x")])
        .await
        .unwrap_err();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("139****5678"), "the sender logged, masked: {logs}");
    for secret in [mobile, code.as_str(), second.as_str(), "kexue2026"] {
        assert!(!logs.contains(secret), "{secret} in the logs:\n{logs}");
    }
}
