//! Search keywords: the one parser behind every search box (activities, the organisation
//! directory, the roster, "my activities") and the public API's `q`, run in the browser under
//! the field and again on the server, so every path accepts and refuses the same text.
//!
//! A keyword is split into terms at spaces and punctuation; every term must appear. The limits
//! keep one request's cost small whatever is sent:
//! * at most [`MAX_KEYWORD_CHARS`] characters: longer text is not a search (a 100 KB value is
//!   refused after reading at most that many characters);
//! * at most [`MAX_KEYWORD_TERMS`] terms, each one condition of the one scan;
//! * a term of a single character is dropped unless it is a Chinese character (汉字): a lone
//!   letter or digit matches nearly everything and no index can serve it, while a single 汉字
//!   such as 书 or 茶 is a word of its own. Repeated terms count once.
use super::Invalid;

/// Longest keyword accepted, in characters (汉字 count as one).
pub const MAX_KEYWORD_CHARS: usize = 50;
/// Most terms a keyword may have.
pub const MAX_KEYWORD_TERMS: usize = 5;

/// A keyword every rule accepted: its terms, in the order typed, case kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keyword {
    terms: Vec<String>,
}

impl Keyword {
    pub fn parse(raw: &str) -> Result<Keyword, Invalid> {
        let raw = raw.trim();
        if raw.chars().nth(MAX_KEYWORD_CHARS).is_some() {
            return Err(Invalid::TooLong { max: MAX_KEYWORD_CHARS as u32 });
        }
        let mut terms: Vec<String> = Vec::new();
        for term in raw.split(|c: char| !c.is_alphanumeric()).filter(|t| is_word(t)) {
            if !terms.iter().any(|t| t == term) {
                terms.push(term.to_owned());
            }
        }
        if terms.len() > MAX_KEYWORD_TERMS {
            return Err(Invalid::TooManyTerms { max: MAX_KEYWORD_TERMS as u32 });
        }
        Ok(Keyword { terms })
    }

    pub fn terms(&self) -> &[String] {
        &self.terms
    }
}

/// A keyword read from a page's address, trimmed, and cut after the limit with a "…" when longer:
/// one that is too long stays too long (so it is still refused), but the page never copies a
/// huge value into its links and fields.
pub fn keyword_from_address(raw: &str) -> String {
    let raw = raw.trim();
    match raw.char_indices().nth(MAX_KEYWORD_CHARS) {
        Some((end, _)) => format!("{}…", &raw[..end]),
        None => raw.to_owned(),
    }
}

/// Two or more characters, or one Chinese character.
fn is_word(term: &str) -> bool {
    let mut chars = term.chars();
    match (chars.next(), chars.next()) {
        (None, _) => false,
        (Some(c), None) => is_han(c),
        _ => true,
    }
}

/// CJK Unified Ideographs with extension A, the compatibility block and the supplementary
/// planes' extensions (B onwards).
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(raw: &str) -> Vec<String> {
        Keyword::parse(raw).unwrap().terms
    }

    #[test]
    fn terms_split_at_spaces_and_punctuation_and_keep_their_case() {
        assert_eq!(terms("  科普讲座，AI 绘画 "), vec!["科普讲座", "AI", "绘画"]);
        assert_eq!(terms("KJ0000000001"), vec!["KJ0000000001"]);
        assert_eq!(terms("科普 科普"), vec!["科普"]);
        assert!(terms("  ").is_empty());
    }

    #[test]
    fn single_letters_and_digits_are_dropped_single_chinese_characters_kept() {
        assert_eq!(terms("a 1 书 x"), vec!["书"]);
        assert_eq!(terms("C 语言"), vec!["语言"]);
        assert!(terms("a b c d e f g h").is_empty(), "dropped terms do not count");
        assert_eq!(terms("𠀀"), vec!["𠀀"], "extension B");
    }

    #[test]
    fn a_keyword_from_an_address_is_bounded_but_still_refused_when_too_long() {
        let huge = "科".repeat(100_000);
        let bounded = keyword_from_address(&huge);
        assert_eq!(bounded.chars().count(), MAX_KEYWORD_CHARS + 1);
        assert!(Keyword::parse(&bounded).is_err());
        assert_eq!(keyword_from_address(" 科普 "), "科普");
        let spaced = keyword_from_address(&"ab ".repeat(1000));
        assert!(Keyword::parse(&spaced).is_err(), "a cut at a space is still too long: {spaced:?}");
    }

    #[test]
    fn length_and_terms_are_capped() {
        let longest = "科".repeat(MAX_KEYWORD_CHARS);
        assert_eq!(terms(&longest), vec![longest.clone()]);
        assert_eq!(Keyword::parse(&format!("{longest}科")), Err(Invalid::TooLong { max: 50 }));
        assert_eq!(Keyword::parse(&"科普 ".repeat(25_000)), Err(Invalid::TooLong { max: 50 }));
        assert_eq!(terms("书 画 茶 花 鸟").len(), 5);
        assert_eq!(Keyword::parse("书 画 茶 花 鸟 鱼"), Err(Invalid::TooManyTerms { max: 5 }));
    }
}
