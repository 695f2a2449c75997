//! Entry point: parse the command line and hand over to `cli`.
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::cli::main().await
}
