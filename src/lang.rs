//! A cheap language guess for reports: the script decides CJK languages and
//! Cyrillic; for Latin script the function-word lists vote.
//!
//! The counts are a [`Tally`], which the feature extractor fills while it
//! reads each block anyway (its words are already lowercased and looked up
//! in the function-word lists there), so that the guess needs no pass of
//! its own; [`guess`] fills one from a text.

use crate::features::tokens::{lowercase_into, tokens};
use crate::lexicon::{Lexicons, MAX_LANGS};

/// How much text is looked at: the first this many bytes (for [`guess`]),
/// or the blocks that start in them (for the feature extractor's tally).
pub const SAMPLE_BYTES: usize = 16 * 1024;

/// Script and function-word counts of a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    han: usize,
    kana: usize,
    hangul: usize,
    cyrillic: usize,
    latin: usize,
    /// Function words per language, indexed like
    /// [`Lexicons::function_word_mask`]'s bits.
    votes: [u32; MAX_LANGS],
}

impl Tally {
    /// Counts the letters of `text` by script.
    pub fn add_text(&mut self, text: &str) {
        let mut rest = text;
        loop {
            // ASCII runs in bulk: of the arms below, only the last can match
            // an ASCII char, when it is a letter.
            let ascii = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            self.latin += rest.as_bytes()[..ascii]
                .iter()
                .filter(|b| b.is_ascii_alphabetic())
                .count();
            rest = &rest[ascii..];
            let Some(c) = rest.chars().next() else {
                break;
            };
            rest = &rest[c.len_utf8()..];
            self.add_char(c);
        }
    }

    /// Counts one char of a text by script, as [`Tally::add_text`] does,
    /// for a caller that reads the chars anyway (the feature extractor);
    /// it must count ASCII letters with [`Tally::add_ascii_letters`].
    #[inline]
    pub fn add_char(&mut self, c: char) {
        match c as u32 {
            0..=0x7F => self.latin += usize::from(c.is_ascii_alphabetic()),
            0x3040..=0x30FF => self.kana += 1,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF => self.han += 1,
            0xAC00..=0xD7AF => self.hangul += 1,
            0x0400..=0x04FF => self.cyrillic += 1,
            _ if c.is_alphabetic() => self.latin += 1,
            _ => {}
        }
    }

    /// Counts `n` ASCII letters (see [`Tally::add_char`]).
    #[inline]
    pub fn add_ascii_letters(&mut self, n: usize) {
        self.latin += n;
    }

    /// Counts one function word, given the languages it belongs to (see
    /// [`Lexicons::function_word_mask`]).
    #[inline]
    pub fn add_word(&mut self, mask: u16) {
        if mask == 0 {
            return;
        }
        for (i, v) in self.votes.iter_mut().enumerate() {
            *v += u32::from(mask >> i & 1);
        }
    }

    /// The main language (ISO 639-1) these counts point to.
    pub fn guess(&self, lex: &Lexicons) -> Option<&'static str> {
        let cjk = self.han + self.kana;
        let max = *[cjk, self.hangul, self.cyrillic, self.latin].iter().max()?;
        if max == 0 {
            return None;
        }
        if cjk == max {
            return Some(if self.kana * 10 > self.han {
                "ja"
            } else {
                "zh"
            });
        }
        if self.hangul == max {
            return Some("ko");
        }
        if self.cyrillic == max {
            return Some("ru");
        }
        // The most votes; on a tie, the first code in alphabetical order.
        lex.function_word_langs()
            .iter()
            .zip(self.votes)
            .filter(|&(_, v)| v > 0)
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(l, _)| *l)
    }
}

/// Guesses the main language of `text` (its first [`SAMPLE_BYTES`]) as an
/// ISO 639-1 code.
pub fn guess(text: &str, lex: &Lexicons) -> Option<&'static str> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let mut tally = Tally::default();
    tally.add_text(sample);
    let mut lower = String::new();
    for t in tokens(sample).filter(|t| !t.cjk) {
        let word = &sample[t.start..t.end];
        if !lex.may_be_function_word(word) {
            continue;
        }
        lowercase_into(word, &mut lower);
        tally.add_word(lex.function_word_mask(&lower));
    }
    tally.guess(lex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_function_words_decide() {
        let lex = Lexicons::embedded();
        let cases = [
            (
                "The cat sat on the mat and it was happy with the day.",
                Some("en"),
            ),
            ("Der Hund und die Katze sind nicht in dem Haus.", Some("de")),
            ("这是一个关于天气的新闻报道。", Some("zh")),
            ("これは天気についてのニュースです。", Some("ja")),
            ("이것은 날씨에 관한 뉴스입니다", Some("ko")),
            ("Это новости о погоде и о том, что будет.", Some("ru")),
            ("12345 !!! ---", None),
        ];
        for (text, want) in cases {
            assert_eq!(guess(text, &lex), want, "{text}");
        }
    }
}
