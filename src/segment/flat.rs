//! Splitting a flattened page: a whole page of text on one line.
//!
//! Some corpora collapse every run of whitespace, newlines included, so a
//! page's menu, headline, article, teaser list and footer arrive as one line
//! of several thousand characters. Line-based filters (C4, FineWeb) can only
//! keep or drop such a line whole. Here it is cut back into pieces the
//! classifier can judge, from two signals that survive the flattening:
//!
//! - **Sentence ends.** `. ! ?` followed by a space and a capital, digit or
//!   quote, `。！？` anywhere, and the stops of scripts without capitals
//!   (`؟ ۔ । ።`...) before any letter, close a sentence; so does a space
//!   between two letters of Thai, Lao, Khmer or Burmese, which write no
//!   spaces between words.
//! - **Title-case runs.** Menus, headlines and teaser lists are runs of
//!   capitalised words ("Home About Me Contact Raising Boys Parenting");
//!   prose is full of lowercase words of four letters or more ("when",
//!   "water", "hiking"), which title case capitalises. A long stretch of
//!   words without a single such word, most of them capitalised, is cut out
//!   and into pieces of a few words, as the short lines it was before the
//!   flattening, and the sentence that follows it starts a new piece.
//!   Chinese and Japanese have no capitals: there a short space-separated
//!   chunk without clause punctuation (a menu item) counts as a capitalised
//!   word. Korean has none either, and its words are never taken for a menu.
//!
//! Consecutive sentences are then grouped back into paragraph-sized pieces,
//! the size of the blocks the classifier learned from. Every constant below
//! was chosen on the dev sets' dumps flattened (`junksift eval --field
//! flat`, docs/evaluation.md).

use crate::features::tokens::{
    is_alphabetic, is_alphanumeric, is_numeric, is_script_stop, is_unspaced_script,
};

/// Only lines of at least this many chars are taken for a flattened page.
/// One line in a thousand of the dev sets' English text dumps is this
/// long, and cutting those (long paragraphs, glued link lists) into groups
/// of sentences costs nothing measurable; a flattened page is several times
/// longer.
pub const MIN_FLAT_CHARS: usize = 700;
/// The same for Chinese and Japanese text (at least 30% CJK chars), which
/// says as much in fewer chars: a flattened Chinese news page can be 500
/// chars long.
pub const MIN_FLAT_CJK_CHARS: usize = 300;
/// Sentences are grouped into pieces of about this many chars...
const PARAGRAPH_CHARS: usize = 300;
/// ...or this many in Chinese and Japanese text.
const PARAGRAPH_CJK_CHARS: usize = 200;
/// A space-delimited chunk of Chinese or Japanese this short (in chars) and
/// without clause punctuation is a menu item or a headline fragment, the
/// counterpart of a capitalised word; a longer one, or one with clause
/// punctuation, is prose.
const CJK_ITEM_CHARS: usize = 12;
/// A title-case run has at least this many words...
const MIN_RUN_WORDS: usize = 7;
/// ...of which at least this share start with a capital (or a digit).
const MIN_RUN_CAPS: f32 = 0.6;
/// A title-case run is cut into pieces of this many words...
const RUN_CHUNK_WORDS: usize = 8;
/// ...or of this many items in Chinese or Japanese.
const RUN_CHUNK_CJK_ITEMS: usize = 3;
/// Lowercase words at least this long (in chars) mark prose.
const PROSE_WORD_CHARS: usize = 4;

/// Where a piece boundary comes from: a sentence end is weak (sentences of
/// one stretch of prose are grouped again), a title-case run's edge is hard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cut {
    Sentence,
    Run,
}

/// Returns the spans (byte offsets into `line`) of the pieces a flattened
/// line is made of; a line shorter than [`MIN_FLAT_CHARS`] ([`MIN_FLAT_CJK_CHARS`]
/// for Chinese and Japanese) comes back whole.
pub fn split(line: &str) -> Vec<(usize, usize)> {
    let Some(cjk) = flattened(line) else {
        return vec![(0, line.len())];
    };
    let mut cuts: Vec<(usize, Cut)> = sentence_cuts(line)
        .into_iter()
        .map(|c| (c, Cut::Sentence))
        .collect();
    cuts.extend(run_cuts(line).into_iter().map(|c| (c, Cut::Run)));
    // At a position cut by both, the hard cut (sorted first) wins.
    cuts.sort_unstable_by_key(|&(at, kind)| (at, std::cmp::Reverse(kind)));
    cuts.dedup_by_key(|c| c.0);
    let paragraph = if cjk {
        PARAGRAPH_CJK_CHARS
    } else {
        PARAGRAPH_CHARS
    };
    group(line, &cuts, paragraph)
}

/// True when `line` is too short for [`split`] to cut: it would return
/// the whole line.
pub fn never_split(line: &str) -> bool {
    line.len() < MIN_FLAT_CJK_CHARS
}

/// A text flattened the way some corpora store pages: its non-blank lines,
/// trimmed, joined by single spaces. (What `junksift train --field flat`
/// and `junksift eval --field flat` feed the pipeline.)
pub fn flatten(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Is `line` long enough to be a flattened page? `Some(true)` when it is
/// Chinese or Japanese text (at least 30% CJK chars).
fn flattened(line: &str) -> Option<bool> {
    if line.len() < MIN_FLAT_CJK_CHARS {
        return None;
    }
    let chars = line.chars().count();
    // Every CJK char's UTF-8 form starts with a byte of 0xE3 or more, so
    // these bytes bound the CJK chars from above: when they are too few,
    // so are the CJK chars, and the chars need not be decoded one by one.
    let wide = line.bytes().filter(|&b| b >= 0xE3).count();
    let is_cjk = wide * 10 >= chars * 3 && {
        let cjk = line.chars().filter(|&c| crate::lexicon::is_cjk(c)).count();
        cjk * 10 >= chars * 3
    };
    let min = if is_cjk {
        MIN_FLAT_CJK_CHARS
    } else {
        MIN_FLAT_CHARS
    };
    (chars >= min).then_some(is_cjk)
}

/// Byte offsets where a new sentence starts.
fn sentence_cuts(line: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut chars = line.char_indices().peekable();
    let mut prev_word_len = 0usize;
    let mut prev = ' ';
    while let Some((_, c)) = chars.next() {
        // Thai, Lao, Khmer and Burmese: a space between two letters ends a
        // phrase or a sentence.
        if c.is_whitespace() && is_unspaced_script(prev) {
            if let Some(&(at, next)) = chars.peek() {
                if is_unspaced_script(next) {
                    cuts.push(at);
                }
            }
        }
        prev = c;
        let latin_end = matches!(c, '.' | '!' | '?' | '…');
        let cjk_end = matches!(c, '。' | '！' | '？');
        let script_end = is_script_stop(c);
        if !latin_end && !cjk_end && !script_end {
            prev_word_len = if is_alphanumeric(c) {
                prev_word_len + 1
            } else {
                0
            };
            continue;
        }
        // Closing quotes and brackets belong to the sentence.
        while let Some(&(_, q)) = chars.peek() {
            if matches!(q, '"' | '\'' | '”' | '’' | ')' | '」' | '』' | '）' | '»') {
                chars.next();
            } else {
                break;
            }
        }
        let Some(&(at, next)) = chars.peek() else {
            break;
        };
        if cjk_end {
            if !next.is_whitespace() {
                cuts.push(at);
            }
        } else if script_end {
            // No capital to wait for: the next sentence starts at the next
            // letter, after the space if there is one.
            cuts.extend(next_non_space(line, at).map(|(s, _)| s));
        } else if next.is_whitespace() && (c != '.' || prev_word_len >= 2) {
            // "U.S. officials", "J. Smith": a one-letter word before the
            // period is an initial, not a sentence end.
            if let Some((s, first)) = next_non_space(line, at) {
                if first.is_uppercase()
                    || first.is_ascii_digit()
                    || matches!(first, '"' | '“' | '‘' | '«' | '(')
                    || crate::lexicon::is_cjk(first)
                {
                    cuts.push(s);
                }
            }
        }
        prev_word_len = 0;
    }
    cuts
}

/// The first char at or after byte `at` of `line` that is not whitespace,
/// with its offset.
fn next_non_space(line: &str, at: usize) -> Option<(usize, char)> {
    line.get(at..)?
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map(|(i, c)| (at + i, c))
}

/// One whitespace-separated word: where it starts and what its case says.
struct Word {
    start: usize,
    /// Starts with a capital letter or a digit.
    cap: bool,
    /// A lowercase word long enough to mark prose, or a long or punctuated
    /// chunk of Chinese or Japanese.
    prose: bool,
}

fn words(line: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let w = &line[s..i];
                let first = w.chars().find(|&c| is_alphanumeric(c));
                let letters = w.chars().filter(|&c| is_alphabetic(c)).count();
                // Korean separates words with spaces but has no capitals:
                // its words neither make nor break runs... they break them,
                // so that Korean prose is never taken for a menu.
                let hangul = first.is_some_and(is_hangul);
                let cjk = first.is_some_and(crate::lexicon::is_cjk) && !hangul;
                let cjk_prose = cjk
                    && (w.chars().count() > CJK_ITEM_CHARS
                        || w.contains(['，', '。', '、', '；', '：', '！', '？', ',']));
                out.push(Word {
                    start: s,
                    cap: first.is_some_and(|f| f.is_uppercase() || is_numeric(f))
                        || cjk && !cjk_prose,
                    prose: first.is_some_and(char::is_lowercase) && letters >= PROSE_WORD_CHARS
                        || cjk_prose
                        || hangul,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Hangul syllables and jamo.
fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}

/// Byte offsets of the edges of title-case runs: where one starts, and
/// where the sentence after it starts.
fn run_cuts(line: &str) -> Vec<usize> {
    let words = words(line);
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i].prose {
            i += 1;
            continue;
        }
        let end = (i..words.len())
            .find(|&k| words[k].prose)
            .unwrap_or(words.len());
        let run = &words[i..end];
        let caps = run.iter().filter(|w| w.cap).count();
        if run.len() >= MIN_RUN_WORDS && caps as f32 >= MIN_RUN_CAPS * run.len() as f32 {
            cuts.push(run[0].start);
            // A menu or a headline list was many short lines before it was
            // flattened: cut back into short pieces it reads as such, where
            // one long piece would pass for a paragraph.
            let chunk = if line[run[0].start..]
                .chars()
                .next()
                .is_some_and(crate::lexicon::is_cjk)
            {
                RUN_CHUNK_CJK_ITEMS
            } else {
                RUN_CHUNK_WORDS
            };
            let mut k = i + chunk;
            while k < end {
                cuts.push(words[k].start);
                k += chunk;
            }
            if end < words.len() {
                // The prose sentence after the run starts with its last
                // capitalised word ("... Trail Guide | When we go hiking"):
                // walk back over the short lowercase words before the first
                // prose word.
                let mut k = end;
                while k > i + 1 && !words[k - 1].cap {
                    k -= 1;
                }
                let first = if k > i + 1 { k - 1 } else { end };
                cuts.push(words[first].start);
            }
        }
        i = end;
    }
    cuts
}

/// Pieces between the cuts, sentences grouped up to about
/// `paragraph` chars; a run cut always ends a piece.
fn group(line: &str, cuts: &[(usize, Cut)], paragraph: usize) -> Vec<(usize, usize)> {
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let (mut piece_start, mut last, mut chars) = (0usize, 0usize, 0usize);
    let end = std::iter::once((line.len(), Cut::Run));
    for (at, kind) in cuts.iter().copied().chain(end) {
        if at <= last {
            continue;
        }
        // Counted per stretch between cuts, so a piece of many short
        // sentences is not recounted from its start at every cut.
        chars += line[last..at].chars().count();
        last = at;
        if kind == Cut::Sentence && chars < paragraph {
            continue;
        }
        let (s, e) = trim(line, piece_start, at);
        if s < e {
            pieces.push((s, e));
        }
        (piece_start, chars) = (at, 0);
    }
    if pieces.is_empty() {
        return vec![(0, line.len())];
    }
    pieces
}

/// `line[s..e]` without surrounding whitespace.
fn trim(line: &str, s: usize, e: usize) -> (usize, usize) {
    let piece = &line[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    (s + lead, (e - trail).max(s + lead))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cjk_char_starts_with_a_byte_of_0xe3_or_more() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if crate::lexicon::is_cjk(c) {
                assert!(c.to_string().as_bytes()[0] >= 0xE3, "{:#x}", c as u32);
            }
        }
    }

    fn pieces(line: &str) -> Vec<&str> {
        split(line).into_iter().map(|(s, e)| &line[s..e]).collect()
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any long line, menus, prose, CJK, closers, odd spaces and
        /// arbitrary chars: the pieces are in order, on char boundaries,
        /// never overlap, and leave out nothing but whitespace.
        #[test]
        fn pieces_cover_the_line_in_order(parts in proptest::collection::vec(
            prop_oneof![
                Just("Home About News ".to_string()),
                Just("we went hiking in the rain. ".to_string()),
                Just("U.S. 2.5 J. Smith ".to_string()),
                Just("记者今天获悉，公园开放。".to_string()),
                Just("首页 新闻 ".to_string()),
                Just("한국어 문장입니다. ".to_string()),
                Just("?!…」』”) ".to_string()),
                Just("\u{3000}\u{a0}\t".to_string()),
                "[A-Za-z]{1,12} ",
                any::<char>().prop_map(|c| c.to_string()),
            ],
            60..400,
        )) {
            let line = parts.concat();
            let p = split(&line);
            let mut last = 0;
            for &(s, e) in &p {
                prop_assert!(s >= last && s <= e && e <= line.len());
                prop_assert!(line.is_char_boundary(s) && line.is_char_boundary(e));
                prop_assert!(line[last..s].trim().is_empty(), "lost {:?}", &line[last..s]);
                last = e;
            }
            prop_assert!(line[last..].trim().is_empty());
        }
    }

    #[test]
    fn flatten_joins_the_non_blank_lines() {
        assert_eq!(
            flatten("  Home | About \r\n\nThe river rose.\n"),
            "Home | About The river rose."
        );
    }

    #[test]
    fn short_lines_stay_whole() {
        assert_eq!(
            pieces("Home About. One sentence here."),
            ["Home About. One sentence here."]
        );
    }

    #[test]
    fn a_flattened_page_comes_apart_at_its_menus_and_paragraphs() {
        let menu = "Home About Me Contact Raising Boys Parenting Teens Natural Parenting";
        let title = "Everything You Need to Know About Water on a Mountain Hike";
        let sentence = "When we go hiking in the summer, we always bring more water than we \
                        think we will need, because the trails are long and the shade is rare.";
        let footer = "Related Posts Best Trails Near Denver Five Hiking Snacks Copyright 2019 \
                      Jane Doe All Rights Reserved Privacy Policy Terms of Use";
        let line = format!(
            "{menu} {title} {s} {s} {s} {s} {s} {s} {footer}",
            s = sentence
        );
        let p = pieces(&line);
        // The menu and the headline come back as short pieces, eight words
        // at most, as the lines they were; the article starts a piece.
        let story = p.iter().position(|p| p.starts_with("When we go hiking"));
        let Some(story) = story else { panic!("{p:?}") };
        assert_eq!(p[..story].join(" "), format!("{menu} {title}"));
        assert!(
            p[..story].iter().all(|p| p.split(' ').count() <= 8),
            "{p:?}"
        );
        assert!(
            p[story..].iter().filter(|p| p.starts_with("When")).count() >= 2,
            "{p:?}"
        );
        assert!(p.last().is_some_and(|l| footer.ends_with(l)), "{p:?}");
        // Nothing is lost or reordered.
        assert_eq!(p.join(" "), line);
    }

    #[test]
    fn a_chinese_menu_of_short_items_is_a_piece_of_its_own() {
        let menu = "首页 新闻 体育 娱乐 财经 科技 汽车 房产";
        let body = "记者今天从市政府获悉，全市新建的三座公园将于下月对市民开放。".repeat(12);
        let line = format!("{menu} {body}");
        let p = pieces(&line);
        // Three items a piece; as after a Latin run, the run's last item
        // opens the next piece (there it is the sentence's capitalised first
        // word; here it is most often the headline glued to the story's
        // first sentence).
        assert_eq!(
            p[..3],
            ["首页 新闻 体育", "娱乐 财经 科技", "汽车"],
            "{p:?}"
        );
        assert!(p[3].starts_with("房产 记者今天"), "{p:?}");
    }

    #[test]
    fn initials_and_decimals_do_not_end_sentences() {
        let s = "The U.S. economy grew 2.5 percent, J. Smith said on Monday in a long speech \
                 about prices and wages and the outlook for the rest of the year. ";
        let line = s.repeat(10);
        for p in pieces(&line) {
            assert!(p.starts_with("The U.S. economy"), "{p}");
        }
    }

    #[test]
    fn chinese_sentences_are_grouped_into_paragraphs() {
        let line = "记者今天从市政府获悉，全市新建的三座公园将于下月对市民开放。".repeat(40);
        let p = pieces(&line);
        assert!(p.len() > 1);
        assert!(p.iter().all(|p| p.ends_with('。')), "{p:?}");
        assert_eq!(p.concat(), line);
    }

    #[test]
    fn thai_is_cut_at_the_spaces_between_its_phrases() {
        let sentence = "เจ้าหน้าที่ระบุว่าระดับน้ำในแม่น้ำเพิ่มสูงขึ้นอย่างต่อเนื่อง \
                        และขอให้ประชาชนติดตามข่าวสารอย่างใกล้ชิด ";
        let line = sentence.repeat(12);
        let p = pieces(&line);
        assert!(p.len() > 1, "{p:?}");
        // Every piece ends at a phrase's end, none inside a word.
        assert!(p.iter().all(|p| p.trim_end().ends_with("ชิด")), "{p:?}");
        assert_eq!(p.concat().replace(' ', ""), line.replace(' ', ""));
    }

    #[test]
    fn the_stops_of_scripts_without_capitals_end_sentences() {
        for sentence in [
            "अधिकारियों ने बताया कि नदी का जलस्तर लगातार बढ़ रहा है और लोगों को सलाह दी गई है। ",
            "وزارت صحت نے آج بتایا کہ یہ مہم چھ ہفتے تک جاری رہے گی اور ویکسین مفت ہوگی۔ ",
            "ሚኒስቴሩ ዛሬ እንዳስታወቀው ዘመቻው ለስድስት ሳምንታት የሚቆይ ሲሆን ክትባቱ በነጻ ይሰጣል። ",
        ] {
            let line = sentence.repeat(12);
            let p = pieces(&line);
            assert!(p.len() > 1, "{p:?}");
            let stop = sentence.trim_end().chars().last();
            assert!(
                p.iter().all(|p| p.trim_end().chars().last() == stop),
                "{p:?}"
            );
            assert_eq!(p.concat().replace(' ', ""), line.replace(' ', ""));
        }
    }
}
