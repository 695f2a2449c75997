//! The two real SMS senders behind `app::sms::SmsSender`.
use crate::files::{create_private_dir, private_file_options};
use app::accounts::mobile::Mobile;
use app::sms::{SmsMessage, SmsSender};
use async_trait::async_trait;
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;
use tokio::sync::Mutex;

/// Development and test sender: appends each message as one JSON line
/// `{"to","text","code","at"}` to a file the operator (or a test) reads, and logs that it did.
/// The file stands in for the phones, so it holds codes: it is created readable by the
/// server's user only. The log holds neither the number nor the text (see [`masked`]).
pub struct OutboxSender {
    path: PathBuf,
    lock: Mutex<()>,
}

impl OutboxSender {
    pub fn new(path: PathBuf) -> Self {
        OutboxSender { path, lock: Mutex::new(()) }
    }
}

/// "139****5678": logs are read by more people, and kept longer, than the data they describe.
pub fn masked(to: &str) -> String {
    Mobile::parse(to).map(|m| m.masked()).unwrap_or_else(|_| "***".into())
}

#[async_trait]
impl SmsSender for OutboxSender {
    async fn send(&self, message: &SmsMessage) -> Result<(), String> {
        let line = serde_json::json!({
            "to": message.to,
            "text": message.text,
            "code": message.code,
            "at": chrono::Utc::now().to_rfc3339(),
        });
        let _guard = self.lock.lock().await;
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let mut options = private_file_options();
        options.create(true).append(true);
        let mut file = tokio::fs::OpenOptions::from(options)
            .open(&self.path)
            .await
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        file.write_all(format!("{line}\n").as_bytes()).await.map_err(|e| e.to_string())?;
        // tokio's File finishes writes in the background; flush so a reader sees the line now.
        file.flush().await.map_err(|e| e.to_string())?;
        tracing::info!(to = %masked(&message.to), outbox = %self.path.display(), "sms written to outbox");
        Ok(())
    }
}

/// Production sender: POSTs `{"to","text"}` as JSON to the operator's gateway with a bearer
/// token; any non-success status is a failure.
pub struct GatewaySender {
    url: String,
    token: Option<String>,
    client: reqwest::Client,
}

impl GatewaySender {
    pub fn new(url: String, token: Option<String>) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build()?;
        Ok(GatewaySender { url, token, client })
    }
}

#[async_trait]
impl SmsSender for GatewaySender {
    async fn send(&self, message: &SmsMessage) -> Result<(), String> {
        let mut request =
            self.client.post(&self.url).json(&serde_json::json!({ "to": message.to, "text": message.text }));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| format!("gateway unreachable: {e}"))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("gateway answered {}", response.status()))
        }
    }
}
