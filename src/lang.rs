//! A cheap language guess for reports: the script decides CJK languages and
//! Cyrillic; for Latin script the function-word lists vote.

use crate::features::tokens::tokens;
use crate::lexicon::Lexicons;

/// How much text is looked at.
const SAMPLE_BYTES: usize = 16 * 1024;

/// Guesses the main language of `text` as an ISO 639-1 code.
pub fn guess(text: &str, lex: &Lexicons) -> Option<&'static str> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let (mut han, mut kana, mut hangul, mut cyr, mut latin) = (0, 0, 0, 0, 0);
    let mut rest = sample;
    loop {
        // ASCII runs in bulk: of the arms below, only the last can match an
        // ASCII char, when it is a letter.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        latin += rest.as_bytes()[..ascii]
            .iter()
            .filter(|b| b.is_ascii_alphabetic())
            .count();
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF => han += 1,
            0xAC00..=0xD7AF => hangul += 1,
            0x0400..=0x04FF => cyr += 1,
            _ if c.is_alphabetic() => latin += 1,
            _ => {}
        }
    }
    let max = *[han + kana, hangul, cyr, latin].iter().max()?;
    if max == 0 {
        return None;
    }
    if han + kana == max {
        return Some(if kana * 10 > han { "ja" } else { "zh" });
    }
    if hangul == max {
        return Some("ko");
    }
    let mut votes: Vec<(&'static str, usize)> = Vec::new();
    let mut lower = String::new();
    for t in tokens(sample).filter(|t| !t.cjk) {
        let word = &sample[t.start..t.end];
        if !lex.may_be_function_word(word) {
            continue;
        }
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        for l in lex.function_word_langs(&lower) {
            match votes.iter_mut().find(|(k, _)| k == l) {
                Some(v) => v.1 += 1,
                None => votes.push((l, 1)),
            }
        }
    }
    let best = votes
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|v| v.0);
    if cyr == max {
        return Some(best.filter(|l| *l == "ru").unwrap_or("ru"));
    }
    best
}
