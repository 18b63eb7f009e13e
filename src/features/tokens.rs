//! Character classes and a tokenizer that works for every script.
//!
//! Words of space-separated scripts are maximal runs of letters, digits and
//! combining marks; every Han, kana and hangul character is a token of its
//! own (the same convention as the bench scorer), so density features mean
//! the same thing in Chinese and in English.

use crate::segment::runon::is_cjk;

/// A token: a word or a single CJK character, as a byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// True for a single CJK character.
    pub cjk: bool,
}

/// Splits text into tokens. Punctuation, symbols and spaces are dropped.
pub fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (i, c) = iter.next()?;
        if is_cjk(c) {
            return Some(Token {
                start: i,
                end: i + c.len_utf8(),
                cjk: true,
            });
        }
        if is_word_char(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if is_word_char(d) && !is_cjk(d) {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            return Some(Token {
                start: i,
                end,
                cjk: false,
            });
        }
    })
}

/// Letters, digits and combining marks (approximated by `alphanumeric`
/// plus the combining-mark blocks most scripts use).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF)
}

/// Sentence-ending punctuation in the scripts we know.
pub fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '。' | '！' | '？' | '…' | '؟' | '।' | '｡' | ';' | '；'
    )
}

/// Clause punctuation: commas and their relatives.
pub fn is_clause_punct(c: char) -> bool {
    matches!(c, ',' | '，' | '、' | ':' | '：' | '،')
}

/// Characters used as separators in menus and breadcrumbs.
pub fn is_separator_symbol(c: char) -> bool {
    matches!(
        c,
        '|' | '»'
            | '«'
            | '>'
            | '<'
            | '/'
            | '•'
            | '·'
            | '›'
            | '‹'
            | '→'
            | '←'
            | '＞'
            | '｜'
            | '▪'
            | '■'
            | '►'
            | '▶'
            | '©'
            | '®'
            | '™'
            | '#'
            | '@'
            | '+'
            | '='
            | '_'
            | '*'
            | '~'
            | '^'
            | '【'
            | '】'
            | '['
            | ']'
            | '{'
            | '}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_scripts() {
        let t = "Hello, 世界! naïve x2";
        let toks: Vec<&str> = tokens(t).map(|k| &t[k.start..k.end]).collect();
        assert_eq!(toks, ["Hello", "世", "界", "naïve", "x2"]);
    }
}
