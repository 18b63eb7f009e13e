//! Link lines found by their opening words, in HTML and in text.
//!
//! "READ MORE: China plague outbreak confirmed", "Related: The 15 Weirdest
//! Galaxies in Our Universe", "Leia também: …", "更多>>": a block that opens
//! with a pointer word and a colon points the reader to another page. Such
//! lines sit inside the article, often between two of its paragraphs, and
//! the classifier lends them the paragraphs' confidence; human annotations
//! leave them out (on the bench dumps, none of the 37 lines that open with a
//! read-next phrase and a colon is in the gold). They are marked
//! [`super::Roles::POINTER`]; a context rule makes them junk.
//!
//! A tag line ("Tags: Weather, Power outages", "Filed under: …") is a link
//! line too, to the site's own tag pages. A pointer or tag word on its own
//! ("Related", "Topics") is no link line but a list's label, which heads the
//! links under it ([`is_list_label`]).
//!
//! The words are data (`models/lexicon/pointers.txt`,
//! `models/lexicon/tag-words.txt`).

use super::Roles;
use crate::lexicon::Lexicons;

/// Only the start of a block is read: the pointer words open it.
const HEAD_BYTES: usize = 48;
/// A link line has at most this many chars.
const LINE_CHARS: usize = 200;

/// The roles a block's words give it: a link line ([`Roles::POINTER`]),
/// a tag line among those ([`Roles::TAG_LINE`]), and a list's label
/// ([`Roles::LIST_LABEL`]; "Related:" is both a link line and a label).
pub fn roles(text: &str, lex: &Lexicons) -> u16 {
    let mut roles = 0;
    if is_pointer(text, lex) {
        roles |= Roles::POINTER;
        if is_tag_line(text, lex) {
            roles |= Roles::TAG_LINE;
        }
    }
    if is_list_label(text, lex) {
        roles |= Roles::LIST_LABEL;
    }
    roles
}

/// Does `text` open with a pointer word (or a tag word: "Tags:",
/// [`Lexicons::tag_words`]) followed by a colon, `>>`, `»` or `|`, and is
/// it no longer than a link line?
pub fn is_pointer(text: &str, lex: &Lexicons) -> bool {
    opens_with_mark(text, lex.pointers().iter().chain(lex.tag_words()))
}

/// Does `text` open with a tag word followed by a mark ("Tags: …",
/// "Filed under: …", "标签：")? A tag line is a link line too
/// ([`is_pointer`]), but to the site's own tag pages: navigation, not a
/// headline.
pub fn is_tag_line(text: &str, lex: &Lexicons) -> bool {
    opens_with_mark(text, lex.tag_words().iter())
}

/// Does `text` open with one of `words` followed by a mark, and is it no
/// longer than a link line?
fn opens_with_mark<'w>(text: &str, mut words: impl Iterator<Item = &'w String>) -> bool {
    let text = text.trim();
    if text.is_empty() || text.len() > 4 * LINE_CHARS {
        return false;
    }
    let head = &text[..text.floor_char_boundary(HEAD_BYTES)];
    // Byte by byte first: every mark is an ASCII byte or ends with one of
    // these (`：` in 0x9A, `»` in 0xBB, `》` in 0x8B), so a head without
    // them holds no mark, and the chars need not be decoded.
    if !head.bytes().any(|b| MARK_LAST_BYTES[usize::from(b)]) {
        return false;
    }
    // The mark that ends the pointer word lies inside the head: most
    // blocks have none there and are turned away before any word is
    // compared or any char counted.
    if !head.contains(MARKS) || text.chars().count() > LINE_CHARS {
        return false;
    }
    // Every word is compared from the block's first char: lowercased once
    // here, it turns away the words that open with another letter.
    let first = head.chars().next().and_then(lowercase_char);
    words.any(|word| {
        word.chars().next().is_none_or(|w| Some(w) == first)
            && strip_prefix_lowercase(head, word)
                .is_some_and(|rest| rest.trim_start().starts_with(MARKS))
    })
}

/// A label longer than this (in bytes, its punctuation trimmed) is no
/// pointer or tag word on its own.
const LABEL_BYTES: usize = 40;

/// Is `text` a pointer or tag word on its own ("Related", "SEE ALSO »",
/// "Topics", 更多)? Such a line heads the links under it, as "Related:"
/// opens one; but on its own it may also head a section of the article
/// ("Keywords" in a programming book), so it is not a link line.
pub fn is_list_label(text: &str, lex: &Lexicons) -> bool {
    let label = text.trim_matches(|c: char| !c.is_alphanumeric());
    if label.is_empty() || label.len() > LABEL_BYTES {
        return false;
    }
    let first = label.chars().next().and_then(lowercase_char);
    lex.pointers().iter().chain(lex.tag_words()).any(|word| {
        word.chars().next().is_none_or(|w| Some(w) == first)
            && strip_prefix_lowercase(label, word).is_some_and(str::is_empty)
    })
}

/// Per byte: is it the last byte of a mark (see [`MARKS`])?
const MARK_LAST_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    t[b':' as usize] = true;
    t[b'>' as usize] = true;
    t[b'|' as usize] = true;
    t[0x9A] = true;
    t[0xBB] = true;
    t[0x8B] = true;
    t
};

/// What may follow a pointer word: a colon, `>>`, `»`, `|`, `》`.
const MARKS: [char; 6] = [':', '：', '>', '»', '|', '》'];

/// `c` lowercased, when its lowercase is one char (as
/// [`strip_prefix_lowercase`] requires of every char it compares).
fn lowercase_char(c: char) -> Option<char> {
    let mut lower = c.to_lowercase();
    let l = lower.next()?;
    lower.next().is_none().then_some(l)
}

/// `text` after `word` (lowercase) when `text` starts with it in any case;
/// compared char by char, so that the check runs on every block without
/// lowercasing a copy of it.
fn strip_prefix_lowercase<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let mut chars = text.char_indices();
    for w in word.chars() {
        let (_, c) = chars.next()?;
        if lowercase_char(c) != Some(w) {
            return None;
        }
    }
    Some(chars.next().map_or("", |(i, _)| &text[i..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointer(text: &str) -> bool {
        is_pointer(text, &Lexicons::embedded())
    }

    #[test]
    fn every_mark_ends_with_a_byte_the_prefilter_looks_for() {
        for m in MARKS {
            let last = m.to_string().as_bytes().last().copied();
            assert!(last.is_some_and(|b| MARK_LAST_BYTES[usize::from(b)]), "{m}");
        }
    }

    #[test]
    fn link_lines_open_with_a_pointer_word() {
        assert!(pointer("READ MORE: China plague outbreak confirmed"));
        assert!(pointer("Related: The 15 Weirdest Galaxies in Our Universe"));
        assert!(pointer(
            "SEE MORE: Hong Kong protests: 800 students under siege"
        ));
        assert!(pointer("Leia também: Como escolher a escola"));
        assert!(pointer("更多>>"));
        // Tag lines point to tag pages.
        assert!(pointer("Tags: Weather Power outages County"));
        assert!(pointer("Filed under: Politics, Elections"));
        assert!(pointer("Schlagwörter: Verkehr | Radwege"));
        assert!(pointer("标签：天气 停电"));
        let lex = Lexicons::embedded();
        assert!(is_tag_line("Tags: Weather Power outages County", &lex));
        assert!(!is_tag_line(
            "READ MORE: China plague outbreak confirmed",
            &lex
        ));

        assert!(pointer("Also: See Black Friday coverage at CNET"));
    }

    #[test]
    fn a_pointer_or_tag_word_on_its_own_is_a_list_label() {
        let lex = Lexicons::embedded();
        for label in ["Related", "SEE ALSO »", "更多", "Topics", "Schlagwörter:"] {
            assert!(is_list_label(label, &lex), "{label}");
        }
        for not in [
            "Relatedness",
            "Related reports",
            "Related: Brexit talks",
            "",
        ] {
            assert!(!is_list_label(not, &lex), "{not}");
        }
    }

    #[test]
    fn prose_that_starts_alike_is_no_link_line() {
        assert!(!pointer(
            "More than 4,000 people are expected to receive notice."
        ));
        assert!(!pointer("Related reports suggest the talks stalled."));
        assert!(!pointer("Watching the launch: a diary"));
        assert!(!pointer("Moreover: the council disagreed."));
        assert!(!pointer("Tags are sold at the town hall: two euros each."));
        // A pointer or tag word on its own is a list's label, not a link
        // line.
        assert!(!pointer("Related"));
        assert!(!pointer("Keywords"));
        assert!(!pointer(""));
        let long = format!("Related: {}", "a long paragraph of text ".repeat(20));
        assert!(!pointer(&long));
    }
}
