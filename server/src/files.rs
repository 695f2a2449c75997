//! Files the server creates hold personal data (the SQLite database) or codes (the SMS outbox):
//! they are created readable by the server's user only, whatever the process umask — files
//! 0600, directories 0700. Existing files and directories keep the permissions they have.
use std::path::Path;

/// Creates `dir` and any missing parents, each private to the server's user.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Options that create a missing file private to the server's user.
pub fn private_file_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// For a `sqlite://FILE` URL, creates FILE's directory and FILE itself (empty; SQLite fills it)
/// before SQLite does, so they are private; SQLite gives its `-wal` and `-shm` files the mode
/// of the database file. Other URLs are left alone.
pub fn prepare_sqlite_file(database_url: &str) -> std::io::Result<()> {
    let Some(rest) = database_url.strip_prefix("sqlite://") else { return Ok(()) };
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    let path = Path::new(path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)?;
    }
    match private_file_options().write(true).create_new(true).open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other.map(|_| ()),
    }
}

/// The server's signing key: `hex` when given (at least 32 bytes), otherwise the key in
/// `DATA_DIR/secret.key`, written (0600) with a fresh random key on first start.
pub fn signing_key(hex_key: Option<&str>, data_dir: &Path) -> anyhow::Result<app::keys::Keys> {
    use std::io::Write;
    if let Some(hex_key) = hex_key {
        let secret =
            hex::decode(hex_key.trim()).map_err(|_| anyhow::anyhow!("SCISERVE_SECRET_KEY must be hex digits"))?;
        anyhow::ensure!(secret.len() >= 32, "SCISERVE_SECRET_KEY must be at least 64 hex digits (32 bytes)");
        return Ok(app::keys::Keys::new(secret));
    }
    let path = data_dir.join("secret.key");
    match std::fs::read_to_string(&path) {
        Ok(text) => signing_key(Some(&text), data_dir),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create_private_dir(data_dir)?;
            let keys = app::keys::Keys::random();
            let mut file = private_file_options().write(true).create_new(true).open(&path)?;
            writeln!(file, "{}", keys.secret_hex())?;
            tracing::info!(path = %path.display(), "made a new signing key");
            Ok(keys)
        }
        Err(e) => Err(anyhow::anyhow!("reading {}: {e}", path.display())),
    }
}
