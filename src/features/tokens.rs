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
    /// Length in chars: the tokenizer counts them as it goes, so that the
    /// features that need it do not read the token again.
    pub chars: usize,
}

/// Splits text into tokens. Punctuation, symbols and spaces are dropped.
///
/// Every block is tokenized several times (features, topic words, the
/// language guess), so ASCII is read byte by byte; other characters are
/// decoded and classified as they come.
pub fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(&byte) = b.get(i) {
            let start = i;
            if byte.is_ascii() {
                i += 1;
                if byte.is_ascii_alphanumeric() {
                    let (end, chars) = word_end(text, i);
                    i = end;
                    return Some(Token {
                        start,
                        end,
                        cjk: false,
                        chars: chars + 1,
                    });
                }
                continue;
            }
            let c = text.get(i..).and_then(|t| t.chars().next())?;
            i += c.len_utf8();
            if is_cjk(c) {
                return Some(Token {
                    start,
                    end: i,
                    cjk: true,
                    chars: 1,
                });
            }
            if is_word_char(c) {
                let (end, chars) = word_end(text, i);
                i = end;
                return Some(Token {
                    start,
                    end,
                    cjk: false,
                    chars: chars + 1,
                });
            }
        }
        None
    })
}

/// Where the word that continues at byte `i` ends: the end of the run of
/// word characters other than CJK, and how many chars the run has.
///
/// ASCII bytes are tested with one table lookup, and counted as the bytes
/// they are: only the chars past ASCII are counted one by one, as the
/// bytes they take beyond the first.
#[inline]
fn word_end(text: &str, start: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let mut i = start;
    // Bytes of the run beyond the first of each of its non-ASCII chars.
    let mut extra = 0;
    while let Some(&byte) = b.get(i) {
        if usize::from(byte) < ASCII_WORD.len() {
            if !ASCII_WORD[usize::from(byte)] {
                break;
            }
            i += 1;
            continue;
        }
        match text.get(i..).and_then(|t| t.chars().next()) {
            Some(c) if is_word_char(c) && !is_cjk(c) => {
                i += c.len_utf8();
                extra += c.len_utf8() - 1;
            }
            _ => break,
        }
    }
    (i, i - start - extra)
}

/// Per ASCII byte: is it a letter or a digit (part of a word)?
const ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Letters, digits and combining marks (approximated by `alphanumeric`
/// plus the combining-mark blocks most scripts use).
pub fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF)
}

/// `char::is_alphanumeric`, answered from ranges first for the letters most
/// pages are written in (ASCII, Latin-1 and Latin Extended, Cyrillic, kana,
/// CJK ideographs, Hangul syllables), where every char is a letter, and for
/// general punctuation, where none is, before the general Unicode tables,
/// a binary search per char. (A unit test
/// checks it against `char::is_alphanumeric` for every char.)
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        _ => common_letter(c).unwrap_or_else(|| c.is_alphanumeric()),
    }
}

/// `char::is_alphabetic`, from the same ranges as [`is_alphanumeric`]
/// first (they hold letters only). (A unit test checks it against
/// `char::is_alphabetic` for every char.)
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        _ => common_letter(c).unwrap_or_else(|| c.is_alphabetic()),
    }
}

/// For a non-ASCII char in the ranges most pages are written in: `true`
/// for the letter ranges (Latin-1 and Latin Extended letters, Cyrillic,
/// kana, CJK ideographs, Hangul syllables), `false` for general
/// punctuation (curly quotes, dashes, ellipses, spaces); `None` elsewhere.
#[inline]
fn common_letter(c: char) -> Option<bool> {
    match c as u32 {
        0xC0..=0xD6
        | 0xD8..=0xF6
        | 0xF8..=0x2C1
        | 0x410..=0x44F
        | 0x3041..=0x3096
        | 0x30A1..=0x30FA
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3 => Some(true),
        0x2000..=0x206F => Some(false),
        _ => None,
    }
}

/// `char::is_numeric`, answered from ranges first for the chars most pages
/// are written in that are no digit or number sign (ASCII aside: Latin-1
/// punctuation and letters, Latin Extended, Greek, Cyrillic, general
/// punctuation such as curly quotes and dashes, kana, CJK ideographs,
/// Hangul syllables), before the general Unicode tables, a binary search
/// per char. (A unit test checks it against `char::is_numeric` for every
/// char.)
#[inline]
pub fn is_numeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_digit(),
        0x80..=0xB1
        | 0xB4..=0xB8
        | 0xBA..=0xBB
        | 0xBF..=0x65F
        | 0x2000..=0x206F
        | 0x3040..=0x30FF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3 => false,
        _ => c.is_numeric(),
    }
}

/// Writes `word` lowercased char by char into `out` (cleared first), with a
/// fast path for ASCII: the one lowercasing every word lookup uses, so that
/// the lists and the pages' words meet.
/// Returns whether `word` was ASCII (lowercased byte by byte).
#[inline]
pub fn lowercase_into(word: &str, out: &mut String) -> bool {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        true
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
        false
    }
}

/// Sentence-ending punctuation in the scripts we know: Latin, Chinese and
/// Japanese, and the full stops and question marks of [`is_script_stop`].
pub fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '。' | '！' | '？' | '…' | '｡' | ';' | '；' | '\u{37E}' | '؛'
    ) || is_script_stop(c)
}

/// The full stops and question marks of scripts without capitals: Arabic
/// `؟`, Urdu `۔`, Devanagari `।` `॥`, Armenian `։`, Ethiopic `።`, Burmese
/// `။`, Khmer `។`, Tibetan `།`. After one, a new sentence starts whatever
/// its first letter, where in Latin script it takes a capital.
pub fn is_script_stop(c: char) -> bool {
    matches!(c, '؟' | '۔' | '।' | '॥' | '։' | '።' | '။' | '។' | '།')
}

/// Clause punctuation: commas and their relatives (Arabic `،`, Ethiopic
/// `፣`, Burmese `၊` included).
pub fn is_clause_punct(c: char) -> bool {
    matches!(c, ',' | '，' | '、' | ':' | '：' | '،' | '፣' | '၊')
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

/// Is `c` a letter of a script written without spaces between words, in
/// which a space separates phrases and sentences (Thai, Lao, Burmese,
/// Khmer)?
#[inline]
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_stops_of_other_scripts_end_sentences() {
        for c in ['؟', '۔', '।', '॥', '։', '።', '။', '។', '།'] {
            assert!(is_sentence_end(c) && is_script_stop(c), "{c}");
        }
        assert!(is_sentence_end('.') && !is_script_stop('.'));
        assert!(is_clause_punct('،') && is_clause_punct('፣'));
    }

    #[test]
    fn alphanumeric_ranges_agree_with_the_unicode_tables() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{:#x}", c as u32);
        }
    }

    #[test]
    fn alphabetic_ranges_agree_with_the_unicode_tables() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{:#x}", c as u32);
        }
    }

    #[test]
    fn numeric_ranges_agree_with_the_unicode_tables() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_numeric(c), c.is_numeric(), "{:#x}", c as u32);
        }
    }

    #[test]
    fn mixed_scripts() {
        let t = "Hello, 世界! naïve x2";
        let toks: Vec<&str> = tokens(t).map(|k| &t[k.start..k.end]).collect();
        assert_eq!(toks, ["Hello", "世", "界", "naïve", "x2"]);
    }

    /// The tokenizer char by char, as it was before the ASCII fast path.
    fn reference(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if is_cjk(c) {
                out.push(Token {
                    start: i,
                    end: i + c.len_utf8(),
                    cjk: true,
                    chars: 1,
                });
            } else if is_word_char(c) {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if !is_word_char(d) || is_cjk(d) {
                        break;
                    }
                    end = j + d.len_utf8();
                    iter.next();
                }
                out.push(Token {
                    start: i,
                    end,
                    cjk: false,
                    chars: text[i..end].chars().count(),
                });
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn same_tokens_as_char_by_char(
            text in "([a-zA-Z0-9 ,.'\\-]|[\\u{80}-\\u{3ff}]|[\\u{900}-\\u{dff}]|[\\u{3040}-\\u{30ff}]|[\\u{4e00}-\\u{4e10}]|[\\u{ac00}-\\u{ac10}]|\\PC){0,60}"
        ) {
            proptest::prop_assert_eq!(tokens(&text).collect::<Vec<_>>(), reference(&text));
        }
    }
}
