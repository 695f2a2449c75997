//! The keyword index (F-22). Chinese has no spaces, and a two-character word such as 科普 is
//! below what trigram indexes (SQLite FTS5 trigram, PostgreSQL pg_trgm) can look up, so the
//! index holds every distinct pair of adjacent characters of each word: any keyword of two or
//! more characters contains a pair the index finds in one key lookup, on either engine. The
//! match is then confirmed against the full text, which also enforces character order.
use crate::validation::Keyword;
use std::collections::BTreeSet;

/// Lower-cased words: runs of letters and digits (punctuation and spaces separate them).
fn words(text: &str) -> impl Iterator<Item = Vec<char>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().flat_map(char::to_lowercase).collect::<Vec<char>>())
}

/// The text a keyword is confirmed against: words lower-cased, separated by one space.
pub fn normalise(text: &str) -> String {
    words(text).map(|w| w.into_iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// Every key `text` is indexed under.
pub fn index_terms(text: &str) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    for word in words(text) {
        for pair in word.windows(2) {
            terms.insert(pair.iter().collect());
        }
    }
    terms
}

/// A keyword's terms as the words that must all appear (lower-cased, as [`normalise`] stores
/// them), and the key to look up: the first pair of the longest word. `None` as key when every
/// word is a single 汉字, which the index cannot serve (the search then scans the upcoming
/// activities instead, once, whatever the number of words).
pub fn parse_keyword(keyword: &Keyword) -> (Vec<String>, Option<String>) {
    let words: Vec<Vec<char>> = keyword.terms().iter().flat_map(|t| words(t)).collect();
    let key = words.iter().filter(|w| w.len() >= 2).max_by_key(|w| w.len()).map(|w| w[..2].iter().collect());
    (words.into_iter().map(|w| w.into_iter().collect()).collect(), key)
}

/// Every pair of adjacent characters of the keyword's words, first seen first: each is a key the
/// index could be entered by, and any one gives the same result (the words are confirmed
/// against the text), so the search enters by the rarest (see `repo::search::rarest_key`).
pub fn key_candidates(words: &[String]) -> Vec<String> {
    let mut pairs: Vec<String> = Vec::new();
    for word in words {
        let chars: Vec<char> = word.chars().collect();
        for pair in chars.windows(2) {
            let pair: String = pair.iter().collect();
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kw(text: &str) -> Keyword {
        Keyword::parse(text).unwrap()
    }

    #[test]
    fn a_two_character_word_is_one_key() {
        let terms = index_terms("社区科普讲座：家庭安全用电");
        assert!(terms.contains("科普"));
        assert!(terms.contains("安全"));
        assert!(!terms.contains("座家"), "punctuation separates words");
        assert_eq!(parse_keyword(&kw("科普")), (vec!["科普".to_string()], Some("科普".to_string())));
    }

    #[test]
    fn latin_words_are_lower_cased_and_single_characters_have_no_key() {
        assert!(index_terms("AI 绘画 Workshop").contains("wo"));
        assert_eq!(parse_keyword(&kw(" AI ")).1, Some("ai".to_string()));
        assert_eq!(parse_keyword(&kw("书")).1, None);
        assert_eq!(parse_keyword(&kw("人工智能 讲座")).1, Some("人工".to_string()));
        assert_eq!(normalise("家庭·安全  用电!"), "家庭 安全 用电");
    }

    #[test]
    fn every_pair_of_every_word_is_a_candidate_key() {
        let (words, _) = parse_keyword(&kw("安全教育 科普"));
        assert_eq!(key_candidates(&words), vec!["安全", "全教", "教育", "科普"]);
        assert!(key_candidates(&parse_keyword(&kw("书 画")).0).is_empty());
    }
}
