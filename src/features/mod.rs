//! Features: one fixed-length `f32` vector per block.
//!
//! The vector is versioned ([`SCHEMA_VERSION`]); a model records the version
//! it was trained on and refuses to run on another. [`NAMES`] documents
//! every slot. Features are language-agnostic where possible (densities,
//! ratios, punctuation) and use the multilingual lexicons where words
//! matter. There are no URL, domain or per-site features: a page is judged
//! by its own content.
//!
//! Extraction is two passes: `local` looks at one block, then
//! `context` fills in what depends on the whole page (neighbours, the
//! page's main-text region, its main container, position) from the local
//! vectors. `ascii` holds the per-char lookup tables of the first pass.

mod ascii;
mod context;
mod local;
pub mod repeats;
pub mod stack;
pub mod tokens;

use rustc_hash::FxHashMap;

use crate::input::Format;
use crate::lang;
use crate::lexicon::Lexicons;
use crate::segment::Segmentation;

/// Version of the feature layout. Bump it whenever [`NAMES`] or the meaning
/// of a slot changes; models trained on another version are rejected.
pub const SCHEMA_VERSION: u32 = 7;

/// Name of every feature slot, in order. These names appear in block
/// reasons (`why`), so they are written to be read by users.
pub const NAMES: [&str; N_FEATURES] = [
    // --- the block itself -------------------------------------------------
    "length",            // ln(1 + chars)
    "words",             // ln(1 + tokens)
    "sentence_punct",    // sentence ends per 100 chars (Thai, Lao, Khmer, Burmese: phrase gaps too)
    "ends_sentence",     // last char ends a sentence
    "clause_punct",      // commas etc. per 100 chars
    "punct_free_run",    // ln(1 + longest run of chars without punctuation)
    "function_words",    // share of tokens that are function words
    "link_density",      // share of chars inside links
    "links",             // links per 100 chars
    "digits",            // share of digit chars
    "symbols",           // share of separator symbols (| » / • ©...)
    "capitalized_words", // share of Latin-script words starting uppercase
    "cjk",               // share of CJK chars
    "unique_tokens",     // distinct tokens / tokens
    "seo_terms",         // share of chars covered by SEO vocabulary
    "commerce_terms",    // share of chars covered by weaker commerce vocabulary
    "boilerplate_terms", // share of chars covered by boilerplate phrases
    "readmore_terms",    // read-next / related phrases written as labels (capped)
    "title_overlap",     // share of the block's tokens that are in the page title
    "date_like",         // contains a date or time stamp
    "heading",           // <h1>-<h6>
    "list_item",         // inside a list (or bullet line)
    "table",             // inside a table
    "depth",             // DOM depth / 40, capped at 1
    "nav_region",        // inside nav/header/menu/breadcrumb
    "footer_region",     // inside a footer
    "sidebar_region",    // inside an aside/sidebar/widget
    "related_region",    // inside a related/recommended/trending region
    "comment_region",    // inside a comment section
    "share_ad_region",   // inside share/social/ad widgets
    "content_region",    // inside article/main/post-body
    "is_html",           // the page was HTML (not a text dump)
    "split_piece",       // a piece of a split run-on line
    "blank_line_before", // text dumps: a blank line precedes
    "repeated_on_page",  // ln(1 + other blocks with the same text)
    "kana",              // share of hiragana/katakana chars
    "word_length",       // mean chars per space-separated word / 10
    // --- context ------------------------------------------------------------
    "position",     // block index / blocks
    "chars_before", // share of page chars before the block
    "prev_length",  // length of the previous block
    "next_length",  // length of the next block
    "prev_link_density",
    "next_link_density",
    "prev_sentence_punct",
    "next_sentence_punct",
    "window_prose",        // mean prose-likeness of the 3 blocks on each side
    "window_link_density", // mean link density of the 3 blocks on each side
    "from_main_text",      // signed distance to the page's densest prose, / blocks
    "blocks_from_main",    // ln(1 + |blocks to the densest prose|)
    "page_blocks",         // ln(1 + blocks on the page)
    "page_link_density",   // link chars / chars over the page
    "page_share",          // block chars / page chars
    "is_title",            // the block is the page title or first <h1>
    "after_main_text",     // the block comes after the last prose block of the main region
    "before_main_text",    // the block comes before the first prose block of the main region
    // --- containers (HTML) ----------------------------------------------------
    "parent_prose_share", // share of the page's prose in the block's parent element
    "grandparent_prose_share", // the same for the grandparent
    "in_main_container",  // inside the deepest element holding half the page's prose
    "container_link_density", // link density of the grandparent's text
    "main_container_share", // share of page chars inside the main container
    "container_blocks",   // ln(1 + blocks under the grandparent)
    // --- flattened-page evidence (schema 4) ---------------------------------
    "glued_joins", // words run together with no space (TitleSummary, Rise?Violence), capped at 3
    "comment_header", // a short block made of a comment-section marker (Comments, Leave a reply, 评论)
    "after_comment_header", // a comment-section marker precedes the block, after the main text's start (HTML) or the first prose (text)
    // --- microdata (schema 5) -------------------------------------------------
    "article_body", // 1 inside the page's itemprop="articleBody", -1 outside it, 0 on pages without one
    "window_glued", // share of the 3 blocks on each side with words run together (a flattened teaser list)
];

/// Number of features.
pub const N_FEATURES: usize = 66;

/// Index of a feature by name (for tests and reasons).
pub fn index_of(name: &str) -> Option<usize> {
    NAMES.iter().position(|n| *n == name)
}

/// The index of every feature slot, named after its entry in [`NAMES`] (a
/// few shortened, such as [`idx::SEO`] for `seo_terms`). Code reads and
/// writes slots through these, never by number, so a renamed slot fails to
/// compile and a slot's writers can be found by name. A unit test
/// checks every constant against the position of its name in [`NAMES`], so
/// a reordered schema fails a test instead of silently moving values into
/// other slots. The meaning of each slot is documented at [`NAMES`].
pub mod idx {
    #![allow(missing_docs)]
    pub const LENGTH: usize = 0;
    pub const WORDS: usize = 1;
    pub const SENTENCE_PUNCT: usize = 2;
    pub const ENDS_SENTENCE: usize = 3;
    pub const CLAUSE_PUNCT: usize = 4;
    pub const PUNCT_FREE_RUN: usize = 5;
    pub const FUNCTION_WORDS: usize = 6;
    pub const LINK_DENSITY: usize = 7;
    pub const LINKS: usize = 8;
    pub const DIGITS: usize = 9;
    pub const SYMBOLS: usize = 10;
    pub const CAPITALIZED_WORDS: usize = 11;
    pub const CJK: usize = 12;
    pub const UNIQUE_TOKENS: usize = 13;
    pub const SEO: usize = 14;
    pub const COMMERCE: usize = 15;
    pub const BOILERPLATE: usize = 16;
    pub const READMORE: usize = 17;
    pub const TITLE_OVERLAP: usize = 18;
    pub const DATE_LIKE: usize = 19;
    pub const HEADING: usize = 20;
    pub const LIST_ITEM: usize = 21;
    pub const TABLE: usize = 22;
    pub const DEPTH: usize = 23;
    pub const NAV_REGION: usize = 24;
    pub const FOOTER_REGION: usize = 25;
    pub const SIDEBAR_REGION: usize = 26;
    pub const RELATED: usize = 27;
    pub const COMMENT_REGION: usize = 28;
    pub const SHARE_AD_REGION: usize = 29;
    pub const CONTENT_REGION: usize = 30;
    pub const IS_HTML: usize = 31;
    pub const SPLIT: usize = 32;
    pub const BLANK_LINE_BEFORE: usize = 33;
    pub const REPEATED_ON_PAGE: usize = 34;
    pub const KANA: usize = 35;
    pub const WORD_LENGTH: usize = 36;
    pub const POSITION: usize = 37;
    pub const CHARS_BEFORE: usize = 38;
    pub const PREV_LENGTH: usize = 39;
    pub const NEXT_LENGTH: usize = 40;
    pub const PREV_LINK_DENSITY: usize = 41;
    pub const NEXT_LINK_DENSITY: usize = 42;
    pub const PREV_SENTENCE_PUNCT: usize = 43;
    pub const NEXT_SENTENCE_PUNCT: usize = 44;
    pub const WINDOW_PROSE: usize = 45;
    pub const WINDOW_LINK_DENSITY: usize = 46;
    pub const FROM_MAIN_TEXT: usize = 47;
    pub const BLOCKS_FROM_MAIN: usize = 48;
    pub const PAGE_BLOCKS: usize = 49;
    pub const PAGE_LINK_DENSITY: usize = 50;
    pub const PAGE_SHARE: usize = 51;
    pub const IS_TITLE: usize = 52;
    pub const AFTER_MAIN: usize = 53;
    pub const BEFORE_MAIN_TEXT: usize = 54;
    pub const PARENT_PROSE_SHARE: usize = 55;
    pub const GRANDPARENT_PROSE_SHARE: usize = 56;
    pub const IN_MAIN_CONTAINER: usize = 57;
    pub const CONTAINER_LINK_DENSITY: usize = 58;
    pub const MAIN_CONTAINER_SHARE: usize = 59;
    pub const CONTAINER_BLOCKS: usize = 60;
    pub const GLUED: usize = 61;
    pub const COMMENT_HEADER: usize = 62;
    pub const AFTER_COMMENT_HEADER: usize = 63;
    pub const ARTICLE_BODY: usize = 64;
    pub const WINDOW_GLUED: usize = 65;
}

/// Extracts the feature matrix of a page: one row per block.
pub fn extract(seg: &Segmentation, format: Format, lex: &Lexicons) -> Vec<[f32; N_FEATURES]> {
    extract_page(seg, format, lex).rows
}

/// What [`extract_page`] finds out about a page.
#[derive(Debug, Clone, Default)]
pub struct PageFeatures {
    /// One feature row per block (see [`NAMES`]).
    pub rows: Vec<[f32; N_FEATURES]>,
    /// Every block's topic words, for the second pass (see
    /// [`stack::topic_words`]).
    pub topics: Vec<Vec<u64>>,
    /// Every block's length in chars.
    pub chars: Vec<usize>,
    /// Every block's language counts (see [`lang::Tally`]), for a guess
    /// from the blocks that turn out to be content
    /// ([`lang::guess_content`]).
    pub tallies: Vec<lang::Tally>,
    /// Every block's word trigrams, for the repeat rule (see
    /// [`repeats::Trigrams`]).
    pub trigrams: repeats::Trigrams,
}

/// [`extract`], plus what the later stages would otherwise tokenize every
/// block again for: its topic words, its word trigrams and the page's
/// language counts, gathered in the same pass over the block's words.
pub fn extract_page(seg: &Segmentation, format: Format, lex: &Lexicons) -> PageFeatures {
    let n = seg.blocks.len();
    let title_tokens = local::title_token_set(seg);
    // Blocks with the same text share a group; each text is hashed once.
    let mut groups: FxHashMap<&str, usize> = FxHashMap::default();
    let mut group_of: Vec<usize> = Vec::with_capacity(n);
    let mut group_size: Vec<u32> = Vec::new();
    for b in &seg.blocks {
        let next = groups.len();
        let g = *groups.entry(b.text(&seg.text)).or_insert(next);
        if g == group_size.len() {
            group_size.push(0);
        }
        group_size[g] += 1;
        group_of.push(g);
    }
    let mut rows: Vec<[f32; N_FEATURES]> = Vec::with_capacity(n);
    let mut topics: Vec<Vec<u64>> = Vec::with_capacity(n);
    let mut chars: Vec<usize> = Vec::with_capacity(n);
    let mut link_chars_total = 0usize;
    let mut tallies: Vec<lang::Tally> = vec![lang::Tally::default(); n];
    let mut scratch = local::Scratch::default();
    let mut trigrams = repeats::Trigrams::default();
    let mut words = stack::TopicWords::default();
    for (i, b) in seg.blocks.iter().enumerate() {
        let text = b.text(&seg.text);
        // The counts segmentation took of this very text, if it did.
        let phrases = seg
            .phrases
            .get(i)
            .copied()
            .flatten()
            .unwrap_or_else(|| lex.count_phrases(text));
        let (row, c) = local::block(
            text,
            b,
            format,
            lex,
            phrases,
            &title_tokens,
            &mut tallies[i],
            &mut words,
            &mut trigrams,
            &mut scratch,
        );
        trigrams.end_block();
        let mut row = row;
        let same = group_of.get(i).and_then(|&g| group_size.get(g)).copied();
        row[idx::REPEATED_ON_PAGE] = ln1(same.unwrap_or(1).saturating_sub(1) as f32);
        row[idx::IS_TITLE] = is_title(text, seg) as u8 as f32;
        rows.push(row);
        topics.push(words.take());
        chars.push(c);
        link_chars_total += b.link_chars as usize;
    }
    context::neighbours_and_main_text(&mut rows, &chars, link_chars_total, format);
    context::containers(seg, &mut rows, &chars);
    context::article_body(seg, &mut rows);
    PageFeatures {
        rows,
        topics,
        chars,
        tallies,
        trigrams,
    }
}

fn is_title(text: &str, seg: &Segmentation) -> bool {
    let eq = |t: &Option<String>| t.as_deref().is_some_and(|t| t == text);
    eq(&seg.h1) || eq(&seg.title)
}

#[inline]
fn ln1(x: f32) -> f32 {
    (1.0 + x).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_count() {
        assert_eq!(NAMES.len(), N_FEATURES);
        assert_eq!(index_of("link_density"), Some(idx::LINK_DENSITY));
        assert_eq!(index_of("seo_terms"), Some(idx::SEO));
        assert_eq!(index_of("position"), Some(idx::POSITION));
        assert_eq!(index_of("split_piece"), Some(idx::SPLIT));
        assert_eq!(index_of("related_region"), Some(idx::RELATED));
    }

    /// Every `idx` constant as (its identifier, its value, the [`NAMES`]
    /// entry it stands for).
    macro_rules! idx_names {
        ($($c:ident => $name:literal,)*) => {
            [$((stringify!($c), idx::$c, $name)),*]
        };
    }
    const IDX_NAMES: [(&str, usize, &str); N_FEATURES] = idx_names! {
        LENGTH => "length",
        WORDS => "words",
        SENTENCE_PUNCT => "sentence_punct",
        ENDS_SENTENCE => "ends_sentence",
        CLAUSE_PUNCT => "clause_punct",
        PUNCT_FREE_RUN => "punct_free_run",
        FUNCTION_WORDS => "function_words",
        LINK_DENSITY => "link_density",
        LINKS => "links",
        DIGITS => "digits",
        SYMBOLS => "symbols",
        CAPITALIZED_WORDS => "capitalized_words",
        CJK => "cjk",
        UNIQUE_TOKENS => "unique_tokens",
        SEO => "seo_terms",
        COMMERCE => "commerce_terms",
        BOILERPLATE => "boilerplate_terms",
        READMORE => "readmore_terms",
        TITLE_OVERLAP => "title_overlap",
        DATE_LIKE => "date_like",
        HEADING => "heading",
        LIST_ITEM => "list_item",
        TABLE => "table",
        DEPTH => "depth",
        NAV_REGION => "nav_region",
        FOOTER_REGION => "footer_region",
        SIDEBAR_REGION => "sidebar_region",
        RELATED => "related_region",
        COMMENT_REGION => "comment_region",
        SHARE_AD_REGION => "share_ad_region",
        CONTENT_REGION => "content_region",
        IS_HTML => "is_html",
        SPLIT => "split_piece",
        BLANK_LINE_BEFORE => "blank_line_before",
        REPEATED_ON_PAGE => "repeated_on_page",
        KANA => "kana",
        WORD_LENGTH => "word_length",
        POSITION => "position",
        CHARS_BEFORE => "chars_before",
        PREV_LENGTH => "prev_length",
        NEXT_LENGTH => "next_length",
        PREV_LINK_DENSITY => "prev_link_density",
        NEXT_LINK_DENSITY => "next_link_density",
        PREV_SENTENCE_PUNCT => "prev_sentence_punct",
        NEXT_SENTENCE_PUNCT => "next_sentence_punct",
        WINDOW_PROSE => "window_prose",
        WINDOW_LINK_DENSITY => "window_link_density",
        FROM_MAIN_TEXT => "from_main_text",
        BLOCKS_FROM_MAIN => "blocks_from_main",
        PAGE_BLOCKS => "page_blocks",
        PAGE_LINK_DENSITY => "page_link_density",
        PAGE_SHARE => "page_share",
        IS_TITLE => "is_title",
        AFTER_MAIN => "after_main_text",
        BEFORE_MAIN_TEXT => "before_main_text",
        PARENT_PROSE_SHARE => "parent_prose_share",
        GRANDPARENT_PROSE_SHARE => "grandparent_prose_share",
        IN_MAIN_CONTAINER => "in_main_container",
        CONTAINER_LINK_DENSITY => "container_link_density",
        MAIN_CONTAINER_SHARE => "main_container_share",
        CONTAINER_BLOCKS => "container_blocks",
        GLUED => "glued_joins",
        COMMENT_HEADER => "comment_header",
        AFTER_COMMENT_HEADER => "after_comment_header",
        ARTICLE_BODY => "article_body",
        WINDOW_GLUED => "window_glued",
    };

    #[test]
    fn every_idx_constant_is_the_position_of_its_name() {
        for (c, i, name) in IDX_NAMES {
            assert_eq!(index_of(name), Some(i), "idx::{c} = {i} is not {name:?}");
        }
        // One constant per slot: none missing, none doubled.
        let mut covered = [false; N_FEATURES];
        for (c, i, _) in IDX_NAMES {
            assert!(!covered[i], "idx::{c}: slot {i} named twice");
            covered[i] = true;
        }
        assert!(covered.iter().all(|&c| c));
        // And the table above lists every constant the module declares.
        let src = include_str!("mod.rs");
        let start = src.find("pub mod idx {").expect("the idx module");
        let body = &src[start..start + src[start..].find("\n}").expect("its end")];
        let mut declared: Vec<&str> = body
            .lines()
            .filter_map(|l| l.trim().strip_prefix("pub const "))
            .filter_map(|l| l.split(':').next())
            .collect();
        let mut listed: Vec<&str> = IDX_NAMES.iter().map(|&(c, _, _)| c).collect();
        declared.sort_unstable();
        listed.sort_unstable();
        assert_eq!(declared, listed);
    }

    #[test]
    fn comment_zone_starts_after_the_main_text_starts() {
        let lex = Lexicons::embedded();
        let prose = "The council approved the new budget on Monday, after a long debate about \
                     the cost of the bridge and the schools that the town has promised to repair.";
        let article = [
            "3 Comments",
            prose,
            prose,
            "Leave a Reply",
            "I think this is a great idea.",
        ];
        // The comment-header marks and the comment zone, of the blocks as
        // paragraphs of a page or as lines of a text.
        let zone = |blocks: &[&str], format: Format| {
            let seg = match format {
                Format::Html => {
                    let page: String = blocks.iter().map(|b| format!("<p>{b}</p>")).collect();
                    crate::segment::html::segment_html(&page, &lex)
                }
                Format::Text => crate::segment::text::segment_text(&blocks.join("\n\n"), &lex),
            };
            let rows = extract(&seg, format, &lex);
            assert_eq!(rows.len(), blocks.len());
            let header: Vec<f32> = rows.iter().map(|r| r[idx::COMMENT_HEADER]).collect();
            let zone: Vec<f32> = rows.iter().map(|r| r[idx::AFTER_COMMENT_HEADER]).collect();
            (header, zone)
        };
        for format in [Format::Html, Format::Text] {
            let (header, after) = zone(&article, format);
            assert_eq!(header, [1.0, 0.0, 0.0, 1.0, 0.0]);
            assert_eq!(after, [0.0, 0.0, 0.0, 0.0, 1.0], "{format:?}");
        }
        // A cookie notice in prose at the top of the page, a menu, then the
        // byline's comment count: in a page, the count still opens no
        // comment zone; in a text, where the main text is a guess from
        // prose alone, any marker after the first prose does.
        let cookies = "We use cookies and other tracking technologies to improve your \
                       browsing experience on our site and to show you personalized content.";
        let menu = [
            "Home", "News", "Sports", "Opinion", "Video", "Podcasts", "Events", "Shop", "Tickets",
            "Stats", "Contact", "About",
        ];
        let page: Vec<&str> = [cookies].into_iter().chain(menu).chain(article).collect();
        let (header, after) = zone(&page, Format::Html);
        assert_eq!(header[13..], [1.0, 0.0, 0.0, 1.0, 0.0]);
        assert_eq!(after[13..], [0.0, 0.0, 0.0, 0.0, 1.0]);
        let (_, after) = zone(&page, Format::Text);
        assert_eq!(after[13..], [0.0, 1.0, 1.0, 1.0, 1.0]);
    }

    /// A wrapper whose class names an article body and a sidebar layout
    /// holds the article: its prose weighs in full, and the main text is
    /// not the cookie notice above it.
    #[test]
    fn the_main_text_may_sit_in_a_sidebar_layout_named_as_content() {
        let lex = Lexicons::embedded();
        let cookies = "<p>We use cookies and other tracking technologies to improve your \
                       browsing experience on our site, show you personalized content and \
                       targeted ads, analyze site traffic and understand where our \
                       audiences come from.</p>";
        let para = "<p>The defence played most of its snaps without two starters, and the \
                    rookies who replaced them held up well against the run.</p>";
        let menu = "<ul><li>Home</li><li>News</li><li>Scores</li><li>Teams</li>\
                    <li>Video</li><li>Shop</li><li>About</li><li>Podcasts</li>\
                    <li>Events</li><li>Tickets</li><li>Stats</li><li>Contact</li></ul>";
        let page = format!(
            "<html><body>{cookies}{menu}<div class=\"l-sidebar-fixed l-article-body-segment\">\
             {}</div></body></html>",
            para.repeat(3)
        );
        // The block the main text is centred on (the cookie notice is
        // block 0, the article blocks 13 to 15).
        let anchor = |page: &str| {
            let seg = crate::segment::html::segment_html(page, &lex);
            let rows = extract(&seg, Format::Html, &lex);
            assert_eq!(rows.len(), 16);
            (-rows[0][idx::FROM_MAIN_TEXT] * rows.len() as f32).round() as usize
        };
        assert!(anchor(&page) > 5, "{}", anchor(&page));
        // Were the wrapper only a sidebar, the cookie notice would win.
        let sidebar = page.replace(" l-article-body-segment", "");
        assert!(anchor(&sidebar) <= 5, "{}", anchor(&sidebar));
    }

    /// A blog post's thread of long comments outweighs the post, but the
    /// main text is the post: prose in a comment region counts a tenth.
    #[test]
    fn the_main_text_is_not_a_thread_of_comments() {
        let lex = Lexicons::embedded();
        let post = "Our goal with these open threads is to give readers a place to raise \
                    questions about our work; we will try to answer them promptly.";
        let comment = "I read your latest report with interest, and I wonder how the \
                       follow-up study changes your view of the program, since its \
                       results seem to point the other way on several measures.";
        let comments = format!("<p>{comment}</p>").repeat(20);
        let page = format!(
            "<html><body><article><p>{post}</p></article>\
             <div class=\"comments\">{comments}</div></body></html>"
        );
        // The block the main text is centred on (the post is block 0).
        let anchor = |page: &str| {
            let seg = crate::segment::html::segment_html(page, &lex);
            let rows = extract(&seg, Format::Html, &lex);
            assert_eq!(rows.len(), 21);
            (-rows[0][idx::FROM_MAIN_TEXT] * rows.len() as f32).round() as usize
        };
        // Its ±5 window holds the post.
        assert!(anchor(&page) <= 5, "{}", anchor(&page));
        // Without the comment region, it is in the middle of the comments.
        assert!(anchor(&page.replace("class=\"comments\"", "")) > 5);
    }

    #[test]
    fn article_body_marks_the_microdata_body_and_the_rest_of_its_page() {
        let lex = Lexicons::embedded();
        let page = r#"<html><body><nav><a href="/">Home</a></nav>
            <div itemscope itemtype="http://schema.org/NewsArticle">
              <h1 itemprop="headline">Title</h1>
              <div class="body" itemprop="text ArticleBody"><p>First paragraph.</p>
                <table><tr><td>1</td><td>Kyle Busch</td></tr></table></div>
            </div><footer>Contact</footer></body></html>"#;
        let seg = crate::segment::html::segment_html(page, &lex);
        let rows = extract(&seg, Format::Html, &lex);
        let marks: Vec<(&str, f32)> = seg
            .blocks
            .iter()
            .zip(&rows)
            .map(|(b, r)| (b.text(&seg.text), r[idx::ARTICLE_BODY]))
            .collect();
        assert_eq!(
            marks,
            [
                ("Home", -1.0),
                ("Title", -1.0),
                ("First paragraph.", 1.0),
                ("1 Kyle Busch", 1.0),
                ("Contact", -1.0)
            ]
        );
        // Without microdata (or in a text dump) the feature is 0.
        let plain = page.replace("itemprop=\"text ArticleBody\"", "");
        let seg = crate::segment::html::segment_html(&plain, &lex);
        assert!(extract(&seg, Format::Html, &lex)
            .iter()
            .all(|r| r[idx::ARTICLE_BODY] == 0.0));
    }

    #[test]
    fn window_glued_counts_the_neighbours_with_words_run_together() {
        let lex = Lexicons::embedded();
        let page =
            "Is Violence In Sports On The Rise?Violence is part of the game in many sports.\n\n\
                    Say Cheese? Detroit's Top 3 Cheese ShopsWondering where to find cheese?\n\n\
                    The 4 Best Vegan Spots In DetroitHoodline crunched the numbers again.\n\n\
                    Michigan health authorities are reporting a sixth fatality on Monday.\n\n\
                    The death occurred on Saturday, officials of the county said.\n";
        let seg = crate::segment::text::segment_text(page, &lex);
        assert_eq!(seg.blocks.len(), 5);
        let rows = extract(&seg, Format::Text, &lex);
        let glued: Vec<f32> = rows.iter().map(|r| r[idx::GLUED]).collect();
        assert_eq!(glued, [1.0, 1.0, 1.0, 0.0, 0.0]);
        let window: Vec<f32> = rows.iter().map(|r| r[idx::WINDOW_GLUED]).collect();
        assert_eq!(
            window,
            [2.0 / 3.0, 2.0 / 4.0, 2.0 / 4.0, 3.0 / 4.0, 2.0 / 3.0]
        );
    }

    #[test]
    fn the_language_tally_counts_what_add_text_add_words_and_add_word_count() {
        let lex = Lexicons::embedded();
        let page = "The council met on Monday, and the mayor spoke.\n\n\
                    Совет собрался в понедельник.\n\nNaïve café – “quoted” ½\n\n\
                    市议会周一开会。ひらがな 한국어\n\nΑθήνα שלום नमस्ते สวัสดี\n";
        let seg = crate::segment::text::segment_text(page, &lex);
        let mut lower = String::new();
        let mut want = Vec::new();
        for b in &seg.blocks {
            let text = b.text(&seg.text);
            let mut expected = lang::Tally::default();
            expected.add_text(text);
            for t in tokens::tokens(text).filter(|t| !t.cjk) {
                expected.add_words(1);
                tokens::lowercase_into(&text[t.start..t.end], &mut lower);
                expected.add_word(lex.function_word_mask(&lower));
            }
            want.push(expected);
        }
        assert_eq!(extract_page(&seg, Format::Text, &lex).tallies, want);
    }
}
