//! Splitting run-on lines: one line of text that glues several blocks
//! together with no separator.
//!
//! Scrapers that flatten a page often concatenate the text of sibling
//! elements. The classic victim is an SEO link farm ("PHP网站源码昭通seo优化
//! 福永百度网站优化排名哪家好…") followed, on the same line, by dozens of
//! trending headlines. Neither markup nor punctuation marks the boundary, so
//! it is found from the vocabulary itself: link-farm text is a dense chain of
//! SEO/commerce lexicon hits, one every few characters, and where that chain
//! stops the farm stops. The rest of the line becomes its own block(s), which
//! the classifier then judges on their own features.

use crate::lexicon::{Lexicons, PhraseCounts};

/// Lines shorter than this (in chars) are never split.
const MIN_LINE_CHARS: usize = 80;
/// Two lexicon hits farther apart than this (in chars) do not belong to the
/// same farm run. Farm items are "place + service + price word", a handful
/// of characters each; prose between two SEO words is much longer.
const MAX_GAP_CHARS: usize = 14;
/// A farm run needs at least this many hits...
const MIN_HITS: usize = 5;
/// ...and its hits must cover at least this share of its characters.
const MIN_COVER: f32 = 0.3;
/// A piece shorter than this (in chars) is merged into its neighbour rather
/// than left as a block of its own.
const MIN_PIECE_CHARS: usize = 12;

/// True when `line` is too short for [`split_counted`] to split it or to
/// count its phrases: it would return the whole line and no counts.
pub fn never_split(line: &str) -> bool {
    line.len() < MIN_LINE_CHARS
}

/// Returns the spans (byte offsets into `line`) of the blocks `line` is made
/// of. A line that needs no split comes back as one span covering it.
pub fn split(line: &str, lex: &Lexicons) -> Vec<(usize, usize)> {
    split_counted(line, lex).0
}

/// [`split`], and the phrase counts of the whole line
/// ([`Lexicons::count_phrases`]) when it took them.
///
/// Whether a long line holds enough SEO vocabulary to be worth splitting
/// is read off the counts the features need for every block anyway: most
/// long lines are not split, so the block is the line and its counts are
/// already taken (the features read them from
/// [`super::Segmentation::phrases`]), and only the lines that hold a farm
/// search the SEO list on its own for the hits' spans.
pub fn split_counted(line: &str, lex: &Lexicons) -> (Vec<(usize, usize)>, Option<PhraseCounts>) {
    let whole = vec![(0, line.len())];
    if line.len() < MIN_LINE_CHARS || line.chars().count() < MIN_LINE_CHARS {
        return (whole, None);
    }
    // The number of strong hits is the number of spans `seo_hits` finds.
    let counts = lex.count_phrases(line);
    if counts.seo.0 < MIN_HITS {
        return (whole, Some(counts));
    }
    (split_farm(line, lex).unwrap_or(whole), Some(counts))
}

/// The pieces of a line with enough SEO hits to hold a farm, or None when
/// there is none to cut out.
fn split_farm(line: &str, lex: &Lexicons) -> Option<Vec<(usize, usize)>> {
    let strong = lex.seo_hits(line);
    if strong.len() < MIN_HITS {
        return None;
    }
    let runs = farm_runs(line, &merge_hits(strong, lex.seo_weak.find(line)));
    if runs.is_empty() {
        return None;
    }
    // Cut points: the start and end of every farm run.
    let mut cuts = vec![0];
    for (s, e) in runs {
        let e = extend_word(line, e);
        cuts.push(s);
        cuts.push(e);
    }
    cuts.push(line.len());
    cuts.dedup();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for w in cuts.windows(2) {
        let (s, e) = trim(line, w[0], w[1]);
        if s >= e {
            continue;
        }
        let short = line[s..e].chars().count() < MIN_PIECE_CHARS;
        match pieces.last_mut() {
            Some(last) if short => last.1 = e,
            _ => pieces.push((s, e)),
        }
    }
    // A short first piece merged into nothing above: glue it forward.
    if pieces.len() > 1 && line[pieces[0].0..pieces[0].1].chars().count() < MIN_PIECE_CHARS {
        let first = pieces.remove(0);
        pieces[0].0 = first.0;
    }
    if pieces.is_empty() {
        return None;
    }
    Some(pieces)
}

/// A lexicon hit: byte span and whether it is strong SEO vocabulary.
type Hit = (usize, usize, bool);

/// Strong and weak hits in text order, dropping weak hits that overlap a
/// strong one.
fn merge_hits(strong: Vec<(usize, usize)>, weak: Vec<(usize, usize)>) -> Vec<Hit> {
    let mut all: Vec<Hit> = strong.iter().map(|&(s, e)| (s, e, true)).collect();
    for (s, e) in weak {
        if !strong.iter().any(|&(a, b)| s < b && a < e) {
            all.push((s, e, false));
        }
    }
    all.sort_unstable();
    all
}

/// Groups lexicon hits into dense runs and keeps those that look like a
/// farm. Weak (commerce) words extend a run, but only strong SEO words
/// count towards making it one.
fn farm_runs(line: &str, hits: &[Hit]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < hits.len() {
        let mut j = i;
        let mut strong = usize::from(hits[i].2);
        let mut covered = hits[i].1 - hits[i].0;
        while j + 1 < hits.len() {
            let gap = line
                .get(hits[j].1..hits[j + 1].0)
                .map_or(usize::MAX, |g| g.chars().count());
            if gap > MAX_GAP_CHARS {
                break;
            }
            j += 1;
            covered += hits[j].1.saturating_sub(hits[j].0.max(hits[j - 1].1));
            strong += usize::from(hits[j].2);
        }
        let (s, e) = (hits[i].0, hits[j].1);
        let span = e - s;
        if strong >= MIN_HITS && span > 0 && covered as f32 / span as f32 >= MIN_COVER {
            runs.push((s, e));
        }
        i = j + 1;
    }
    runs
}

/// Moves `end` to the end of the word it is in, for scripts that separate
/// words with spaces (a hit "seo" inside "seotools" ends the word, not the run).
fn extend_word(line: &str, end: usize) -> usize {
    let rest = &line[end..];
    let n: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() && !is_cjk(*c))
        .map(char::len_utf8)
        .sum();
    end + n
}

fn trim(line: &str, s: usize, e: usize) -> (usize, usize) {
    let piece = &line[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.trim_end().len();
    (s + lead, s + trail.max(lead))
}

/// Han, kana and hangul: scripts whose words are not separated by spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_not_split() {
        let lex = Lexicons::embedded();
        assert_eq!(split("网站优化", &lex), vec![(0, "网站优化".len())]);
    }

    #[test]
    fn farm_then_headlines() {
        let lex = Lexicons::embedded();
        let farm = "PHP网站源码昭通seo优化福永百度网站优化排名哪家好佛山网站推广工具价格眉山网站优化价格垦利建网站报价吕梁seo优化宁波关键词按天计费报价";
        let heads = "歼20紧急升空逼退外机英媒称团队夜以继日筹划王妃复出草木蔓发春山在望成都发生巨响当地回应";
        let line = format!("{farm}{heads}");
        let pieces = split(&line, &lex);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert_eq!(&line[pieces[0].0..pieces[0].1], farm);
        assert_eq!(&line[pieces[1].0..pieces[1].1], heads);
    }
}
