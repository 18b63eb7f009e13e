//! Plain-text segmentation: one block per non-blank line, then run-on lines
//! are split further by [`super::runon`], and a whole page flattened onto
//! one line by [`super::flat`].

use super::{flat, runon, Block, BlockTag, Roles, Segmentation, NO_NODE};
use crate::lexicon::Lexicons;

/// Segments a plain-text document. Spans index the document text itself.
pub fn segment_text(source: &str, lex: &Lexicons) -> Segmentation {
    segment_text_capped(source, lex, usize::MAX)
}

/// [`segment_text`], reading no further once more than `limit` blocks are
/// found ([`Segmentation::over_limit`]).
pub fn segment_text_capped(source: &str, lex: &Lexicons, limit: usize) -> Segmentation {
    let mut out = Segmentation {
        text: source.to_string(),
        ..Segmentation::default()
    };
    let mut gap = false;
    let mut offset = 0usize;
    for raw_line in source.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let Some((s, e)) = trim_span(raw_line) else {
            gap = true;
            continue;
        };
        let (s, e) = (line_start + s, line_start + e);
        let line = &source[s..e];
        let bullet = starts_with_bullet(line);
        if runon::never_split(line) && flat::never_split(line) {
            // Most lines: one block, cut by neither splitter, with no
            // phrase counts taken (short lines are not counted here).
            out.blocks
                .push(line_block(s, e, BlockTag::Line, bullet, gap));
            gap = false;
            if out.cut_at(limit) {
                break;
            }
            continue;
        }
        let (farm_pieces, counts) = runon::split_counted(line, lex);
        let split = farm_pieces.len() > 1;
        // A whole page flattened onto one line is cut back into paragraphs;
        // those pieces are lines of the page, not pieces of a run-on line.
        let pieces = farm_pieces.into_iter().flat_map(|(ps, pe)| {
            let cut = flat::split(&line[ps..pe]);
            let flattened = cut.len() > 1;
            cut.into_iter()
                .map(move |(fs, fe)| (ps + fs, ps + fe, flattened))
        });
        for (ps, pe, flattened) in pieces {
            // The line's counts are the block's only when the block is the
            // whole line.
            let whole_line = ps == 0 && pe == line.len();
            if let Some(c) = counts.filter(|_| whole_line) {
                out.phrases.resize(out.blocks.len(), None);
                out.phrases.push(Some(c));
            }
            let tag = if split {
                BlockTag::Split
            } else if flattened {
                BlockTag::Piece
            } else {
                BlockTag::Line
            };
            out.blocks
                .push(line_block(s + ps, s + pe, tag, bullet, gap));
            gap = false;
        }
        if out.cut_at(limit) {
            break;
        }
    }
    // A dump's first line is very often the page title.
    out.title = out.blocks.first().map(|b| b.text(&out.text).to_string());
    out
}

/// A block of a text dump: `start..end` of the text, from a line (or a
/// piece of one) that opens with a bullet or not and follows a blank line
/// or not.
fn line_block(start: usize, end: usize, tag: BlockTag, bullet: bool, gap: bool) -> Block {
    Block {
        start,
        end,
        tag,
        link_chars: 0,
        links: 0,
        depth: 0,
        in_list: bullet,
        in_table: false,
        roles: Roles::default(),
        tag_path: String::new(),
        gap_before: gap,
        node: NO_NODE,
        element: NO_NODE,
    }
}

/// The span of `line` without surrounding whitespace, or None if blank.
fn trim_span(line: &str) -> Option<(usize, usize)> {
    let is_ws = |c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}';
    let start = line.len() - line.trim_start_matches(is_ws).len();
    let end = line.trim_end_matches(is_ws).len();
    (start < end).then_some((start, end))
}

fn starts_with_bullet(line: &str) -> bool {
    line.starts_with([
        '•', '·', '●', '○', '■', '□', '▪', '►', '▶', '-', '*', '–', '—', '»', '>',
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_spans() {
        let src = "Title\r\n\n  body line one.  \n\u{3000}第二段。\n";
        let s = segment_text(src, &Lexicons::embedded());
        let texts: Vec<&str> = s.blocks.iter().map(|b| b.text(&s.text)).collect();
        assert_eq!(texts, ["Title", "body line one.", "第二段。"]);
        assert!(s.blocks[1].gap_before);
        assert!(!s.blocks[2].gap_before);
        for b in &s.blocks {
            assert_eq!(&src[b.start..b.end], b.text(&s.text));
        }
    }

    /// A capped segmentation keeps the first `limit` blocks, says the page
    /// had more, and keeps the phrase counts in step with the blocks.
    #[test]
    fn capped_segmentation_stops_at_the_limit() {
        let lex = Lexicons::embedded();
        let src = "one\ntwo\n\nthree\nfour\n";
        let at = segment_text_capped(src, &lex, 4);
        assert_eq!(at.blocks.len(), 4);
        assert!(!at.over_limit);
        for limit in [2, 3] {
            let over = segment_text_capped(src, &lex, limit);
            assert!(over.over_limit);
            let texts: Vec<&str> = over.blocks.iter().map(|b| b.text(&over.text)).collect();
            assert_eq!(texts, ["one", "two", "three"][..limit]);
            assert!(over.phrases.len() <= over.blocks.len());
        }
    }

    /// The counts segmentation keeps are those of the block's own text,
    /// and only whole lines keep them.
    #[test]
    fn kept_phrase_counts_are_the_blocks_own() {
        let lex = Lexicons::embedded();
        let farm = "PHP网站源码昭通seo优化福永百度网站优化排名哪家好佛山网站推广工具价格眉山网站优化价格垦利建网站报价吕梁seo优化宁波关键词按天计费报价";
        let heads = "歼20紧急升空逼退外机英媒称团队夜以继日筹划王妃复出草木蔓发春山在望成都发生巨响当地回应";
        let src = format!(
            "Home\nRead more: related stories. Share on Facebook. All rights reserved \
             © 2024 Example News, privacy policy and terms of use.\n{farm}{heads}\nshort\n"
        );
        let s = segment_text(&src, &lex);
        assert_eq!(s.blocks.len(), 5);
        let kept: Vec<bool> = (0..s.blocks.len())
            .map(|i| s.phrases.get(i).copied().flatten().is_some())
            .collect();
        assert_eq!(kept, [false, true, false, false, false]);
        for (b, c) in s.blocks.iter().zip(&s.phrases) {
            if let Some(c) = c {
                assert_eq!(*c, lex.count_phrases(b.text(&s.text)));
            }
        }
    }
}
