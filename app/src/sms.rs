//! The SMS boundary. The server binary supplies a real sender: the development outbox (a file
//! the operator reads) or the operator's HTTP gateway; both sit behind this trait.
use async_trait::async_trait;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct SmsMessage {
    pub to: String,
    pub text: String,
    /// The one-time code inside `text`, when there is one (lets the outbox be read by tools).
    pub code: Option<String>,
}

#[async_trait]
pub trait SmsSender: Send + Sync + 'static {
    /// Delivers one message; the error text is logged, never shown to the user.
    async fn send(&self, message: &SmsMessage) -> Result<(), String>;
}
