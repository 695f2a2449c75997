//! Check-in tokens (F-30): `{activity}.{window}.{i|o}.{tag}`, the tag being the first 12 bytes of
//! the HMAC (purpose "checkin") of the rest, in hex. A window is `qr_rotation_s` long; staff
//! screens show the current one, and the current and previous windows are taken, so a code
//! scanned just before it changed still works.
use crate::attendance::model::{Direction, Token};
use crate::keys::Keys;

pub const PURPOSE: &str = "checkin";
const TAG_BYTES: usize = 12;

/// The window an instant (UTC microseconds) falls in.
pub fn window_of(at_us: i64, rotation_s: i64) -> i64 {
    at_us.div_euclid(rotation_s.max(1) * 1_000_000)
}

/// The token of `activity_id` for `window`.
pub fn issue(keys: &Keys, activity_id: i64, window: i64, direction: Direction) -> Token {
    let tag = keys.sign(PURPOSE, Token::message(activity_id, window, direction).as_bytes());
    Token { activity_id, window, direction, tag: hex::encode(&tag[..TAG_BYTES]) }
}

/// Whether the server made this token (its tag matches, in constant time).
pub fn genuine(keys: &Keys, token: &Token) -> bool {
    let Ok(tag) = hex::decode(&token.tag) else { return false };
    tag.len() == TAG_BYTES
        && keys.verify(PURPOSE, Token::message(token.activity_id, token.window, token.direction).as_bytes(), &tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_genuine_only_as_issued() {
        let keys = Keys::new(vec![3; 32]);
        let t = issue(&keys, 7, 1000, Direction::In);
        assert!(genuine(&keys, &t));
        assert!(genuine(&keys, &Token::parse(&t.to_text()).unwrap()));
        assert!(!genuine(&keys, &Token { activity_id: 8, ..t.clone() }), "another activity");
        assert!(!genuine(&keys, &Token { window: 1001, ..t.clone() }), "another window");
        assert!(!genuine(&keys, &Token { direction: Direction::Out, ..t.clone() }), "check-out");
        assert!(!genuine(&keys, &Token { tag: t.tag[..20].to_owned(), ..t.clone() }), "shortened");
        assert!(!genuine(&Keys::new(vec![4; 32]), &t), "another server's key");
        assert_eq!(window_of(61_000_000, 30), 2);
        assert_eq!(window_of(-1, 30), -1);
    }
}
