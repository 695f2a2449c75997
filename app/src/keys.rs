//! The server's signing key: HMAC-SHA-256 tags that prove the server made a value (check-in QR
//! tokens, certificate codes, device hashes). One secret, separated by purpose so a tag made
//! for one use never verifies for another. The key comes from `SCISERVE_SECRET_KEY` or a file
//! the server creates in its data directory on first start (see server/src/config.rs).
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct Keys {
    secret: Vec<u8>,
}

/// The secret never appears in logs or debug output.
impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(..)")
    }
}

impl Keys {
    /// At least 32 bytes of secret; shorter keys are refused by the caller's configuration.
    pub fn new(secret: Vec<u8>) -> Keys {
        Keys { secret }
    }

    /// A fresh random key (tests, and the file written on first start).
    pub fn random() -> Keys {
        use rand::RngCore;
        let mut secret = vec![0u8; 32];
        rand::thread_rng().fill_bytes(&mut secret);
        Keys { secret }
    }

    pub fn secret_hex(&self) -> String {
        hex::encode(&self.secret)
    }

    fn mac(&self, purpose: &str, message: &[u8]) -> HmacSha256 {
        // new_from_slice only fails for fixed-size MACs; HMAC takes any key length.
        let mut mac = HmacSha256::new_from_slice(&self.secret).expect("HMAC accepts any key length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(message);
        mac
    }

    /// The full 32-byte tag of `message` for `purpose`.
    pub fn sign(&self, purpose: &str, message: &[u8]) -> [u8; 32] {
        self.mac(purpose, message).finalize().into_bytes().into()
    }

    /// Checks a tag, or a prefix of one at least 10 bytes long (short codes on paper), in
    /// constant time.
    pub fn verify(&self, purpose: &str, message: &[u8], tag: &[u8]) -> bool {
        tag.len() >= 10 && self.mac(purpose, message).verify_truncated_left(tag).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_verifies_only_for_its_purpose_message_and_key() {
        let keys = Keys::new(vec![7; 32]);
        let tag = keys.sign("checkin", b"activity 1");
        assert!(keys.verify("checkin", b"activity 1", &tag));
        assert!(keys.verify("checkin", b"activity 1", &tag[..12]));
        assert!(!keys.verify("checkin", b"activity 1", &tag[..8]), "too short to trust");
        assert!(!keys.verify("certificate", b"activity 1", &tag));
        assert!(!keys.verify("checkin", b"activity 2", &tag));
        assert!(!Keys::new(vec![8; 32]).verify("checkin", b"activity 1", &tag));
    }

    #[test]
    fn debug_output_hides_the_secret() {
        assert_eq!(format!("{:?}", Keys::new(vec![1; 32])), "Keys(..)");
    }
}
