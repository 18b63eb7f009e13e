//! Image captions found by their picture credit, in HTML and in text.
//!
//! A `<figcaption>` says it is a caption, but many sites write captions in
//! plain `<p>`s or `<span>`s, and a text dump keeps no markup at all. What a
//! caption keeps everywhere is its credit: "China has warned … (Image:
//! GETTY)", "Photo: Damian Dovarganes, AP", "Sakib Ali/Hindustan Times/Getty
//! Images". Human main-content annotations leave captions out (on the bench
//! pages, 1 of the 84 dump lines ending with such a credit is in the gold),
//! so a block that ends with one is marked [`super::Roles::CAPTION`], as a
//! `<figcaption>` is, and the context rules treat both alike.
//!
//! The credit words are data (`models/lexicon/credits.txt`): `label`s that
//! open a credit when a colon or "by" follows ("Photo by", "Image credit:",
//! "Foto:"), picture `agency` names that end a block after a slash or a
//! bar, and `phrase`s that make a short line a credit on their own
//! ("Courtesy of NASA").

use crate::lexicon::Lexicons;

/// Only the end of a block is read: a credit is its last words.
const TAIL_BYTES: usize = 160;
/// A parenthesised credit has at most this many chars inside.
const PAREN_CHARS: usize = 60;
/// A block that is a credit and nothing else has at most this many chars.
const LINE_CHARS: usize = 80;

/// Does `text` end with a picture credit (see the module docs)?
pub fn ends_with_credit(text: &str, lex: &Lexicons) -> bool {
    check(text, lex, true)
}

/// [`ends_with_credit`], with or without the test [`may_hold_credit`] that
/// turns most blocks away before their tail is lowercased (the tests
/// check that it changes no answer).
fn check(text: &str, lex: &Lexicons, prefilter: bool) -> bool {
    let text = text.trim_end();
    let short = text.len() <= 4 * LINE_CHARS && text.chars().count() <= LINE_CHARS;
    // Most blocks end with a sentence's full stop and no credit mark near
    // it: they are turned away before anything is lowercased.
    let end = &text[text.floor_char_boundary(text.len().saturating_sub(40))..];
    if !short && !end.ends_with([')', '）']) && !end.contains(['/', '|', ':', '：']) {
        return false;
    }
    let tail = &text[text.floor_char_boundary(text.len().saturating_sub(TAIL_BYTES))..];
    if prefilter && !may_hold_credit(tail, short, lex) {
        return false;
    }
    let tail = tail.to_lowercase();
    let tail = tail.as_str();
    if let Some(body) = tail.strip_suffix([')', '）']) {
        if let Some(open) = body.rfind(['(', '（']) {
            let inner = body[open..].trim_start_matches(['(', '（']).trim();
            if inner.chars().count() <= PAREN_CHARS
                && (opens_credit(inner, lex) || ends_with_agency(inner, lex))
            {
                return true;
            }
        }
    }
    if ends_with_agency(tail, lex) {
        return true;
    }
    // A line that is a credit, or a credit after the caption's last
    // sentence ("… compared to its hibernation-based equivalent. Credit:
    // ESA"); either is a name, not a sentence of its own ("Photos by the
    // hundred lay on the floor.").
    let unpunctuated = !tail.ends_with(['.', '!', '?', '。', '！', '？']);
    unpunctuated
        && ((short && (opens_credit(tail, lex) || is_credit_phrase(tail, lex)))
            || tail.rfind(". ").is_some_and(|stop| {
                let credit = &tail[stop + 2..];
                credit.chars().count() <= PAREN_CHARS && opens_credit(credit, lex)
            }))
}

/// Could `tail` (not lowercased yet) pass one of the tests of
/// [`ends_with_credit`] once lowercased? Every test but the credit-phrase
/// one needs a colon, a slash, a bar or "by " in the lowercased tail, and
/// lowercasing makes none of them out of other chars (a unit test checks
/// every char), so they are looked for in `tail` as it is, "by " in either
/// case. The credit-phrase test needs a short, unpunctuated line whose
/// first char lowercases to the first char of a phrase.
fn may_hold_credit(tail: &str, short: bool, lex: &Lexicons) -> bool {
    if has_mark(tail) {
        return true;
    }
    if !short || tail.ends_with(['.', '!', '?', '。', '！', '？']) {
        return false;
    }
    let Some(first) = tail.trim_start().chars().next() else {
        return true;
    };
    // A capital sigma's lowercase depends on what follows it: not worth
    // deciding here.
    let lower = first.to_lowercase().next();
    first == 'Σ'
        || lex
            .credit_phrases()
            .iter()
            .any(|p| p.chars().next().is_none_or(|c| Some(c) == lower))
}

/// Does `s` hold a colon, a slash, a bar or "by " (in any ASCII case)?
/// One pass over the bytes, a little wider than the chars: `：` ends in
/// 0x9A, which a few other chars do too (they only cost the full test).
fn has_mark(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| match MARK_BYTES[usize::from(c)] {
            0 => false,
            MARK => true,
            // A `b`: a mark when "y " follows.
            _ => matches!(b.get(i + 1..i + 3), Some(&[y, b' ']) if y | 0x20 == b'y'),
        })
}

/// [`MARK_BYTES`]: a byte that is a mark.
const MARK: u8 = 1;
/// [`MARK_BYTES`]: a byte that starts "by ".
const B: u8 = 2;

/// Per byte, what [`has_mark`] makes of it.
const MARK_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b':' as usize] = MARK;
    t[b'/' as usize] = MARK;
    t[b'|' as usize] = MARK;
    t[0x9A] = MARK;
    t[b'b' as usize] = B;
    t[b'B' as usize] = B;
    t
};

/// Does `s` (lowercased) open with a credit label followed by a colon or
/// "by", with "credit" or "source" between them or not ("photo by",
/// "image credit:", "foto:")?
fn opens_credit(s: &str, lex: &Lexicons) -> bool {
    // The colon or "by " that ends the label is in `s`: most blocks have
    // neither, and no label is compared.
    if !s.contains([':', '：']) && !s.contains("by ") {
        return false;
    }
    let s = s.trim_start();
    lex.credit_labels().iter().any(|label| {
        let Some(rest) = s.strip_prefix(label.as_str()) else {
            return false;
        };
        let rest = rest.trim_start();
        let rest = rest
            .strip_prefix("credit")
            .or_else(|| rest.strip_prefix("source"))
            .unwrap_or(rest)
            .trim_start();
        rest.starts_with([':', '：']) || rest.starts_with("by ")
    })
}

/// Does `s` (lowercased) open with a phrase that is a credit on its own
/// ("courtesy of nasa", "личный архив …")?
fn is_credit_phrase(s: &str, lex: &Lexicons) -> bool {
    let s = s.trim_start();
    lex.credit_phrases()
        .iter()
        .any(|phrase| s.starts_with(phrase.as_str()))
}

/// Does `s` (lowercased) end with a picture agency right after a slash or
/// a bar ("…/getty images", "… | ap")?
fn ends_with_agency(s: &str, lex: &Lexicons) -> bool {
    // The slash or bar before the agency is in `s`: most blocks have
    // neither, and no agency is compared.
    if !s.contains(['/', '|']) {
        return false;
    }
    let s = s.trim_end();
    lex.credit_agencies().iter().any(|agency| {
        s.strip_suffix(agency.as_str())
            .is_some_and(|before| before.trim_end().ends_with(['/', '|']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credit(text: &str) -> bool {
        ends_with_credit(text, &Lexicons::embedded())
    }

    #[test]
    fn lowercasing_makes_no_credit_mark_out_of_another_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for m in c.to_lowercase() {
                if matches!(m, ':' | '：' | '/' | '|' | 'b' | 'y' | ' ') {
                    assert_eq!(c.to_ascii_lowercase(), m, "{:#x}", c as u32);
                }
            }
        }
    }

    /// The prefilter turns away only blocks the full test rejects: every
    /// block of a few thousand random ones built from credit words and
    /// marks gets the same answer with and without it.
    #[test]
    fn the_prefilter_changes_no_answer() {
        let lex = Lexicons::embedded();
        let words = [
            "Photo",
            "PHOTO",
            "photo",
            "By",
            "bY",
            "by",
            "Courtesy",
            "courtesy of",
            "Фото",
            "личный архив",
            "Getty Images",
            "AP",
            "Reuters",
            "Σ",
            "İ",
            "credit",
            "source",
            "the",
            "news",
        ];
        let seps = [
            " ", ": ", "：", "/", "|", "(", ")", "）", ". ", ".", "!", "  ", "- ",
        ];
        // A fixed linear congruential sequence: the same blocks every run.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..next(9) {
                text.push_str(words[next(words.len())]);
                text.push_str(seps[next(seps.len())]);
            }
            assert_eq!(
                check(&text, &lex, true),
                check(&text, &lex, false),
                "{text:?}"
            );
        }
    }

    #[test]
    fn captions_end_with_their_credit() {
        assert!(credit(
            "China has warned they will cease control of Hong Kong (Image: GETTY )"
        ));
        assert!(credit(
            "Scooter Braun and Scott Borchetta pose for a photo. (Photo by Kevin Mazur/Getty Images)"
        ));
        assert!(credit(
            "The core stage of the rocket. (credit: NASA/Jude Guidry)"
        ));
        assert!(credit("Photo: Damian Dovarganes, AP"));
        assert!(credit("Photograph: Tim Robberts/Getty Images"));
        assert!(credit("Image Credit: WeWork"));
        assert!(credit(
            "in Delhi. Biplov Bhuyan/Hindustan Times/Getty Images"
        ));
        assert!(credit("Natalie Naccache | Bloomberg | Getty Images"));
        assert!(credit("Spieler beim Training (Foto: dpa)"));
        assert!(credit("fans in Madrid, Tuesday. (Manu Fernandez/AP)"));
        assert!(credit("Courtesy of the Smithsonian Institution"));
        assert!(credit("личный архив Анны Меркуровой"));
        assert!(credit(
            "A habitation module for a crewed Mars mission. Credit: ESA"
        ));
    }

    #[test]
    fn prose_and_asides_are_no_credit() {
        assert!(!credit("The photo was taken in 1969 by her father."));
        assert!(!credit("He said the picture was clear (and he was right)."));
        assert!(!credit("WASHINGTON (AP) — The Senate voted on Tuesday."));
        assert!(!credit("Photos of the launch"));
        assert!(!credit("Courtesy of the council, the bridge was reopened."));
        assert!(!credit(
            "He stopped. Photos by the hundred lay on the floor."
        ));
        assert!(!credit(
            "The agency said so. Image: that of a city in ruins, it wrote, and more."
        ));
        assert!(!credit("They met in Japan and moved to a cheap flat."));
        assert!(!credit(
            "See the map (photo by a reader, taken last spring on the hill above the old town)"
        ));
        assert!(!credit(""));
        assert!(!credit("我们的图片来源"));
    }
}
