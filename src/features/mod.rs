//! Features: one fixed-length `f32` vector per block.
//!
//! The vector is versioned ([`SCHEMA_VERSION`]); a model records the version
//! it was trained on and refuses to run on another. [`NAMES`] documents
//! every slot. Features are language-agnostic where possible (densities,
//! ratios, punctuation) and use the multilingual lexicons where words
//! matter. There are no URL, domain or per-site features: a page is judged
//! by its own content.
//!
//! Extraction is two passes: `local` looks at one block, then context
//! features (neighbours, the page's main-text region, position) are filled
//! in from the local vectors of the whole page.

pub mod repeats;
pub mod stack;
pub mod tokens;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::input::Format;
use crate::lang;
use crate::lexicon::{Lexicons, PhraseCounts};
use crate::prehashed::{fingerprint, fingerprint_ascii_lowercase, FingerprintSet};
use crate::segment::{BlockTag, Roles, Segmentation};
use tokens::{is_clause_punct, is_sentence_end, is_separator_symbol};

/// Version of the feature layout. Bump it whenever [`NAMES`] or the meaning
/// of a slot changes; models trained on another version are rejected.
pub const SCHEMA_VERSION: u32 = 7;

/// Name of every feature slot, in order. These names appear in block
/// reasons (`why`), so they are written to be read by users.
pub const NAMES: [&str; N_FEATURES] = [
    // --- the block itself -------------------------------------------------
    "length",            // ln(1 + chars)
    "words",             // ln(1 + tokens)
    "sentence_punct",    // sentence-ending punctuation per 100 chars
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
    /// The language counts of the blocks that start in the first
    /// [`lang::SAMPLE_BYTES`] of the text (see [`lang::Tally`]).
    pub lang: lang::Tally,
    /// Every block's word trigrams, for the repeat rule (see
    /// [`repeats::Trigrams`]).
    pub trigrams: repeats::Trigrams,
}

/// [`extract`], plus what the later stages would otherwise tokenize every
/// block again for: its topic words, its word trigrams and the page's
/// language counts, gathered in the same pass over the block's words.
pub fn extract_page(seg: &Segmentation, format: Format, lex: &Lexicons) -> PageFeatures {
    let n = seg.blocks.len();
    let title_tokens = title_token_set(seg);
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
    let mut tally = lang::Tally::default();
    let mut scratch = Scratch::default();
    let mut trigrams = repeats::Trigrams::default();
    let mut words = stack::TopicWords::default();
    for (i, b) in seg.blocks.iter().enumerate() {
        let text = b.text(&seg.text);
        let sampled = b.start < lang::SAMPLE_BYTES;
        // The counts segmentation took of this very text, if it did.
        let phrases = seg
            .phrases
            .get(i)
            .copied()
            .flatten()
            .unwrap_or_else(|| lex.count_phrases(text));
        let (row, c) = local(
            text,
            b,
            format,
            lex,
            phrases,
            &title_tokens,
            sampled.then_some(&mut tally),
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
    context(&mut rows, &chars, link_chars_total, format);
    containers(seg, &mut rows, &chars);
    article_body(seg, &mut rows);
    PageFeatures {
        rows,
        topics,
        chars,
        lang: tally,
        trigrams,
    }
}

/// Container features: readability's insight that the article is the
/// element holding most of the prose, learned rather than hard-coded.
fn containers(seg: &Segmentation, rows: &mut [[f32; N_FEATURES]], chars: &[usize]) {
    let np = seg.parents.len();
    if np == 0 {
        return;
    }
    let parent = |i: u32| seg.parent_of(i);
    let mut mass = vec![0f32; np];
    let mut text = vec![0f32; np];
    let mut links = vec![0f32; np];
    let mut blocks = vec![0u32; np];
    let mut total_mass = 0f32;
    for ((b, row), &c) in seg.blocks.iter().zip(rows.iter()).zip(chars) {
        let m = prose(row) * c as f32;
        total_mass += m;
        let mut node = Some(b.node).filter(|&n| (n as usize) < np);
        let mut steps = 0;
        while let Some(n) = node {
            let k = n as usize;
            mass[k] += m;
            text[k] += c as f32;
            links[k] += b.link_chars as f32;
            blocks[k] += 1;
            node = parent(n);
            steps += 1;
            if steps > 4096 {
                break;
            }
        }
    }
    if total_mass <= 0.0 {
        return;
    }
    // Elements come in document order, so a parent's index is smaller than
    // its children's: depths fill in one pass.
    let mut depth = vec![0u32; np];
    for i in 0..np {
        if let Some(p) = parent(i as u32).filter(|&p| (p as usize) < i) {
            depth[i] = depth[p as usize] + 1;
        }
    }
    let main = (0..np)
        .filter(|&i| mass[i] >= 0.5 * total_mass)
        .max_by_key(|&i| (depth[i], std::cmp::Reverse(i)));
    let total_chars: f32 = chars.iter().sum::<usize>().max(1) as f32;
    let main_share = main.map_or(0.0, |m| text[m] / total_chars);
    for (b, row) in seg.blocks.iter().zip(rows.iter_mut()) {
        let own = Some(b.node).filter(|&n| (n as usize) < np);
        let p = own.and_then(parent);
        let g = p.and_then(parent);
        row[idx::PARENT_PROSE_SHARE] = p.map_or(0.0, |p| mass[p as usize] / total_mass);
        row[idx::GRANDPARENT_PROSE_SHARE] = g.map_or(0.0, |g| mass[g as usize] / total_mass);
        let mut inside = false;
        let mut node = own;
        let mut steps = 0;
        while let (Some(n), Some(m)) = (node, main) {
            if n as usize == m {
                inside = true;
                break;
            }
            node = parent(n);
            steps += 1;
            if steps > 4096 {
                break;
            }
        }
        row[idx::IN_MAIN_CONTAINER] = inside as u8 as f32;
        row[idx::CONTAINER_LINK_DENSITY] =
            g.map_or(0.0, |g| links[g as usize] / text[g as usize].max(1.0));
        row[idx::MAIN_CONTAINER_SHARE] = main_share;
        row[idx::CONTAINER_BLOCKS] = g.map_or(0.0, |g| ln1(blocks[g as usize] as f32));
    }
}

/// Microdata's answer to "where is the article?", when the page gives one:
/// the blocks inside `itemprop="articleBody"` against the rest of the page
/// (see [`crate::segment::Roles::ARTICLE_BODY`]). Pages without it (most,
/// and every text dump) get 0, so the model can tell "outside the marked
/// body" from "no body marked".
fn article_body(seg: &Segmentation, rows: &mut [[f32; N_FEATURES]]) {
    let inside = |b: &crate::segment::Block| b.roles.has(Roles::ARTICLE_BODY);
    if !seg.blocks.iter().any(inside) {
        return;
    }
    for (b, row) in seg.blocks.iter().zip(rows.iter_mut()) {
        row[idx::ARTICLE_BODY] = if inside(b) { 1.0 } else { -1.0 };
    }
}

fn is_title(text: &str, seg: &Segmentation) -> bool {
    let eq = |t: &Option<String>| t.as_deref().is_some_and(|t| t == text);
    eq(&seg.h1) || eq(&seg.title)
}

fn title_token_set(seg: &Segmentation) -> TitleWords {
    let mut set = TitleWords::default();
    for t in [&seg.title, &seg.h1].into_iter().flatten() {
        for k in tokens::tokens(t) {
            // Lowercased char by char, as `local` lowercases block words.
            let word: String = t[k.start..k.end]
                .chars()
                .flat_map(char::to_lowercase)
                .collect();
            set.fingerprints.insert(fingerprint(word.as_bytes()));
            set.words.insert(word);
        }
    }
    set
}

/// The page title's words, lowercased, and their fingerprints: a block's
/// word is looked up by the fingerprint `local` takes of it anyway, and
/// compared as a string only when that is in the title (most words are
/// not).
#[derive(Default)]
struct TitleWords {
    words: FxHashSet<String>,
    fingerprints: FingerprintSet,
}

impl TitleWords {
    /// Is `word` (with fingerprint `hash`) a title word?
    #[inline]
    fn contains(&self, hash: u64, word: &str) -> bool {
        self.fingerprints.contains(&hash) && self.words.contains(word)
    }
}

/// A block's token in the set of its distinct tokens: compared as the
/// text it is, hashed by the fingerprint of its key (the word lowercased,
/// or the CJK char), which `local` takes anyway. Equal tokens have equal
/// keys, so equal fingerprints.
#[derive(Clone, Copy)]
struct Distinct<'s> {
    hash: u64,
    text: &'s str,
}

impl PartialEq for Distinct<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Distinct<'_> {}

impl std::hash::Hash for Distinct<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

#[inline]
fn ln1(x: f32) -> f32 {
    (1.0 + x).ln()
}

/// Buffers [`local`] reuses from block to block, so that a page's blocks
/// cost no allocation each for them.
#[derive(Default)]
struct Scratch<'s> {
    /// The block's distinct words.
    uniq: FxHashSet<Distinct<'s>>,
    /// The current word, lowercased.
    lower: String,
}

/// Features of one block on its own; returns the row and the char count.
/// The block's letters by script and its function words also go to
/// `tally`, when given (what [`lang::Tally::add_text`] and
/// [`lang::Tally::add_word`] would count, from the same pass over the
/// chars), and every token to `words`. `phrases` are the block's phrase counts
/// ([`Lexicons::count_phrases`]).
#[allow(clippy::too_many_arguments)]
fn local<'s>(
    text: &'s str,
    b: &crate::segment::Block,
    format: Format,
    lex: &Lexicons,
    phrases: PhraseCounts,
    title_tokens: &TitleWords,
    mut tally: Option<&mut lang::Tally>,
    words: &mut stack::TopicWords,
    trigrams: &mut repeats::Trigrams,
    scratch: &mut Scratch<'s>,
) -> ([f32; N_FEATURES], usize) {
    let mut f = [0f32; N_FEATURES];
    let mut chars = 0usize;
    let mut sent = 0usize;
    let mut clause = 0usize;
    let mut digits = 0usize;
    let mut symbols = 0usize;
    let mut cjk = 0usize;
    let mut kana = 0usize;
    let mut run = 0usize;
    let mut max_run = 0usize;
    let mut last_nonspace = ' ';
    let mut ascii = AsciiCounts::default();
    let mut glue = GlueCounter::default();
    for c in text.chars() {
        chars += 1;
        if c.is_ascii() {
            // The same counts as below, from table lookups.
            let class = ASCII_CLASS[c as usize];
            let has = |bit: u8| class & bit != 0;
            glue.push_ascii(has(LOWER), has(UPPER), c);
            ascii.add(c as u8);
            // Without branches: word chars and spaces come and go at
            // random.
            run = (run + 1) * usize::from(has(WORD_OR_SPACE));
            max_run = max_run.max(run);
            last_nonspace = if has(SPACE) { last_nonspace } else { c };
            continue;
        }
        glue.push(c);
        if let Some(tally) = tally.as_deref_mut() {
            tally.add_char(c);
        }
        if is_sentence_end(c) {
            sent += 1;
        }
        if is_clause_punct(c) {
            clause += 1;
        }
        if tokens::is_numeric(c) {
            digits += 1;
        }
        if is_separator_symbol(c) {
            symbols += 1;
        }
        if crate::lexicon::is_cjk(c) {
            cjk += 1;
            if matches!(c as u32, 0x3040..=0x30FF) {
                kana += 1;
            }
        }
        if tokens::is_alphanumeric(c) || c.is_whitespace() {
            run += 1;
            max_run = max_run.max(run);
        } else {
            run = 0;
        }
        if !c.is_whitespace() {
            last_nonspace = c;
        }
    }
    let [ascii_sent, ascii_clause, ascii_digits, ascii_symbols, ascii_letters] = ascii.totals();
    sent += ascii_sent;
    clause += ascii_clause;
    digits += ascii_digits;
    symbols += ascii_symbols;
    if let Some(tally) = tally.as_deref_mut() {
        tally.add_ascii_letters(ascii_letters);
    }
    let cf = chars.max(1) as f32;
    let mut nt = 0usize;
    let mut fw = 0usize;
    let mut caps = 0usize;
    let mut latin_words = 0usize;
    let mut word_chars = 0usize;
    let Scratch { uniq, lower } = scratch;
    uniq.clear();
    let mut in_title = 0usize;
    for t in tokens::tokens(text) {
        nt += 1;
        let w = &text[t.start..t.end];
        // The token's key: the word lowercased, or the CJK char itself;
        // its fingerprint serves the trigrams, the topic words, the
        // distinct tokens and the title lookup alike.
        let (key, key_hash) = if t.cjk {
            if let Some(c) = w.chars().next() {
                if lex.is_function_char(c) {
                    fw += 1;
                }
            }
            let h = fingerprint(w.as_bytes());
            trigrams.push_hash(h);
            (w, h)
        } else {
            latin_words += 1;
            word_chars += t.chars;
            if w.chars().next().is_some_and(char::is_uppercase) {
                caps += 1;
            }
            let ascii = tokens::lowercase_into(w, lower);
            let h = fingerprint(lower.as_bytes());
            let mask = lex.function_word_mask_hashed(h, lower);
            if mask != 0 {
                fw += 1;
                if let Some(tally) = tally.as_deref_mut() {
                    tally.add_word(mask);
                }
            }
            // Trigrams lowercase ASCII letters only: for an ASCII word,
            // that is `lower`.
            trigrams.push_hash(if ascii {
                h
            } else {
                fingerprint_ascii_lowercase(w.as_bytes())
            });
            (lower.as_str(), h)
        };
        uniq.insert(Distinct {
            hash: key_hash,
            text: w,
        });
        words.push_hashed(text, &t, key_hash);
        if title_tokens.contains(key_hash, key) {
            in_title += 1;
        }
    }
    let ntf = nt.max(1) as f32;
    let (_, seo_c) = phrases.seo;
    let (_, weak_c) = phrases.seo_weak;
    let (_, boiler_c) = phrases.boilerplate;
    let readmore_n = phrases.readmore_labels;

    f[idx::LENGTH] = ln1(chars as f32);
    f[idx::WORDS] = ln1(nt as f32);
    f[idx::SENTENCE_PUNCT] = 100.0 * sent as f32 / cf;
    f[idx::ENDS_SENTENCE] = is_sentence_end(last_nonspace) as u8 as f32
        + matches!(last_nonspace, '"' | '”' | '」' | '』' | ')' | '）') as u8 as f32 * 0.5;
    f[idx::CLAUSE_PUNCT] = 100.0 * clause as f32 / cf;
    f[idx::PUNCT_FREE_RUN] = ln1(max_run as f32);
    f[idx::FUNCTION_WORDS] = fw as f32 / ntf;
    f[idx::LINK_DENSITY] = (b.link_chars as f32 / cf).min(1.0);
    f[idx::LINKS] = 100.0 * b.links as f32 / cf;
    f[idx::DIGITS] = digits as f32 / cf;
    f[idx::SYMBOLS] = symbols as f32 / cf;
    f[idx::CAPITALIZED_WORDS] = if latin_words > 0 {
        caps as f32 / latin_words as f32
    } else {
        0.0
    };
    f[idx::CJK] = cjk as f32 / cf;
    f[idx::UNIQUE_TOKENS] = uniq.len() as f32 / ntf;
    f[idx::SEO] = seo_c as f32 / cf;
    f[idx::COMMERCE] = weak_c as f32 / cf;
    f[idx::BOILERPLATE] = boiler_c as f32 / cf;
    f[idx::READMORE] = readmore_n.min(3) as f32;
    f[idx::TITLE_OVERLAP] = in_title as f32 / ntf;
    f[idx::DATE_LIKE] = looks_dated(text, cjk > 0) as u8 as f32;
    f[idx::HEADING] = (b.tag == BlockTag::Heading) as u8 as f32;
    f[idx::LIST_ITEM] = b.in_list as u8 as f32;
    f[idx::TABLE] = b.in_table as u8 as f32;
    f[idx::DEPTH] = (b.depth as f32 / 40.0).min(1.0);
    let r = b.roles;
    f[idx::NAV_REGION] = (r.has(Roles::NAV) || r.has(Roles::BREADCRUMB)) as u8 as f32;
    f[idx::FOOTER_REGION] = r.has(Roles::FOOTER) as u8 as f32;
    f[idx::SIDEBAR_REGION] = r.has(Roles::SIDEBAR) as u8 as f32;
    f[idx::RELATED] = r.has(Roles::RELATED) as u8 as f32;
    f[idx::COMMENT_REGION] = r.has(Roles::COMMENT) as u8 as f32;
    f[idx::SHARE_AD_REGION] = (r.has(Roles::SHARE) || r.has(Roles::AD)) as u8 as f32;
    f[idx::CONTENT_REGION] = r.has(Roles::CONTENT) as u8 as f32;
    f[idx::IS_HTML] = (format == Format::Html) as u8 as f32;
    f[idx::SPLIT] = (b.tag == BlockTag::Split) as u8 as f32;
    f[idx::BLANK_LINE_BEFORE] = b.gap_before as u8 as f32;
    f[idx::KANA] = kana as f32 / cf;
    f[idx::WORD_LENGTH] = if latin_words > 0 {
        word_chars as f32 / latin_words as f32 / 10.0
    } else {
        0.0
    };
    f[idx::GLUED] = glue.count.min(3) as f32;
    f[idx::COMMENT_HEADER] = (nt <= 12 && chars <= 80 && phrases.comments.0 > 0) as u8 as f32;
    (f, chars)
}

/// Counts places where one word runs into the next without a space: a
/// lowercase run of three or more letters directly followed by a capital
/// ("Student-AthleteA 24-year-old", "RenovationMichigan"), or a word ending
/// in `?!.:` directly followed by a capital ("Rise?Violence"). Flattening
/// `<a>headline</a><p>summary</p>` to text leaves exactly this seam, so it
/// marks teaser lists in text dumps; in prose it is rare (camel-case brand
/// names like "PlayStation" are the usual false hits, hence a cap).
#[derive(Default)]
struct GlueCounter {
    /// Length of the current run of lowercase letters.
    lower_run: u32,
    /// The previous char was `?!.:` right after a lowercase letter.
    after_word_punct: bool,
    count: u32,
}

impl GlueCounter {
    #[inline]
    fn push(&mut self, c: char) {
        self.push_ascii(c.is_lowercase(), c.is_uppercase(), c);
    }

    /// [`GlueCounter::push`] with the case of `c` already known.
    #[inline]
    fn push_ascii(&mut self, lower: bool, upper: bool, c: char) {
        if lower {
            self.lower_run += 1;
            self.after_word_punct = false;
            return;
        }
        if upper && (self.lower_run >= 3 || self.after_word_punct) {
            self.count += 1;
        }
        self.after_word_punct = self.lower_run > 0 && matches!(c, '?' | '!' | '.' | ':');
        self.lower_run = 0;
    }
}

/// Counts of ASCII chars that `local` takes per char: sentence ends,
/// clause punctuation, digits, separator symbols and letters, as 12-bit
/// lanes of one word (see [`ASCII_COUNTS`]): one table lookup and one
/// addition per char instead of five tests and five additions. The lanes
/// are emptied into `totals` every 4,095 chars, before any can overflow.
#[derive(Default)]
struct AsciiCounts {
    lanes: u64,
    pending: u32,
    totals: [usize; COUNT_LANES],
}

/// Lanes of [`AsciiCounts`], in the order [`AsciiCounts::totals`] returns.
const COUNT_LANES: usize = 5;
/// Bits per lane.
const LANE_BITS: u32 = 12;
/// Chars a lane holds before it must be emptied.
const LANE_MAX: u32 = (1 << LANE_BITS) - 1;

impl AsciiCounts {
    #[inline]
    fn add(&mut self, b: u8) {
        self.lanes += ASCII_COUNTS[usize::from(b & 0x7F)];
        self.pending += 1;
        if self.pending == LANE_MAX {
            self.empty();
        }
    }

    fn empty(&mut self) {
        for (k, total) in self.totals.iter_mut().enumerate() {
            *total += ((self.lanes >> (LANE_BITS * k as u32)) & u64::from(LANE_MAX)) as usize;
        }
        self.lanes = 0;
        self.pending = 0;
    }

    /// Sentence ends, clause punctuation, digits, separator symbols and
    /// letters.
    fn totals(mut self) -> [usize; COUNT_LANES] {
        self.empty();
        self.totals
    }
}

/// Per ASCII char, a one in each [`AsciiCounts`] lane it counts in (from
/// [`ASCII_CLASS`]).
const ASCII_COUNTS: [u64; 128] = {
    let mut t = [0u64; 128];
    let mut b = 0;
    while b < 128 {
        let class = ASCII_CLASS[b];
        let bits = [SENTENCE_END, CLAUSE, DIGIT, SEPARATOR, LOWER | UPPER];
        let mut k = 0;
        while k < COUNT_LANES {
            if class & bits[k] != 0 {
                t[b] |= 1 << (LANE_BITS * k as u32);
            }
            k += 1;
        }
        b += 1;
    }
    t
};

// Bits of [`ASCII_CLASS`]: what `local` asks of every char, for ASCII.
const SENTENCE_END: u8 = 1;
const CLAUSE: u8 = 2;
const DIGIT: u8 = 4;
const SEPARATOR: u8 = 8;
const WORD_OR_SPACE: u8 = 16;
const SPACE: u8 = 32;
const LOWER: u8 = 64;
const UPPER: u8 = 128;

/// Per ASCII char, the answers of [`is_sentence_end`], [`is_clause_punct`],
/// `is_numeric`, [`is_separator_symbol`], `is_alphanumeric ||
/// is_whitespace`, `is_whitespace`, `is_lowercase` and `is_uppercase` (a
/// unit test checks them against those functions): most page text is
/// ASCII, and one lookup replaces eight tests.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let mut bits = 0;
        if matches!(c, b'.' | b'!' | b'?' | b';') {
            bits |= SENTENCE_END;
        }
        if matches!(c, b',' | b':') {
            bits |= CLAUSE;
        }
        if c.is_ascii_digit() {
            bits |= DIGIT;
        }
        if matches!(
            c,
            b'|' | b'>'
                | b'<'
                | b'/'
                | b'#'
                | b'@'
                | b'+'
                | b'='
                | b'_'
                | b'*'
                | b'~'
                | b'^'
                | b'['
                | b']'
                | b'{'
                | b'}'
        ) {
            bits |= SEPARATOR;
        }
        // char::is_whitespace for ASCII: \t \n \x0b \x0c \r and space.
        let space = matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
        if c.is_ascii_alphanumeric() || space {
            bits |= WORD_OR_SPACE;
        }
        if space {
            bits |= SPACE;
        }
        if c.is_ascii_lowercase() {
            bits |= LOWER;
        }
        if c.is_ascii_uppercase() {
            bits |= UPPER;
        }
        t[b] = bits;
        b += 1;
    }
    t
};

/// A date (2019-11-18, 2022/12/10, 18.11.2019, 12月10日) or a clock time.
/// `has_cjk` says whether `text` holds a CJK char: without one (most
/// blocks of most pages), 年, 月 and 日 are not looked for.
fn looks_dated(text: &str, has_cjk: bool) -> bool {
    let b = text.as_bytes();
    let mut digits = 0;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_digit() {
            digits += 1;
            continue;
        }
        if digits >= 1 && matches!(c, b'-' | b'/' | b'.' | b':') {
            let next_digit = b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if next_digit && digits <= 4 {
                let after: usize = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
                if (1..=4).contains(&after) && (digits == 4 || after == 4 || c == b':') {
                    return true;
                }
            }
        }
        digits = 0;
    }
    has_cjk
        && (text.contains('年') && text.contains('月') && text.contains('日')
            || text.contains("月")
                && text.contains("日")
                && text.chars().any(|c| c.is_ascii_digit()))
}

/// How much a block reads like running prose, in [0, 1]: long, punctuated,
/// not made of links. Used to find the page's main-text region.
fn prose(row: &[f32; N_FEATURES]) -> f32 {
    let len = ((row[idx::LENGTH].exp() - 1.0) / 150.0).min(1.0);
    let punct = if row[idx::SENTENCE_PUNCT] > 0.0 || row[idx::CLAUSE_PUNCT] > 0.0 {
        1.0
    } else {
        0.3
    };
    len * punct * (1.0 - row[idx::LINK_DENSITY]) * (1.0 - row[idx::SEO].min(1.0))
}

/// How much a block's prose counts towards the main text: a tenth in a
/// region that is not the article's (HTML only; text has no regions). A
/// sidebar the markup also names as content is the exception: layout
/// classes such as `l-sidebar-fixed l-article-body-segment` (the wrapper
/// of an article column and its sidebar) say both, and prose marked as
/// content but weighed as an aside would lose the main text to a cookie
/// notice. Comments and footers are inside `<main>` or a `post-comments`
/// element often enough that content names them too.
fn region_weight(row: &[f32; N_FEATURES]) -> f32 {
    let aside = [
        idx::COMMENT_REGION,
        idx::FOOTER_REGION,
        idx::RELATED,
        idx::NAV_REGION,
    ]
    .iter()
    .any(|&k| row[k] > 0.0);
    let sidebar = row[idx::SIDEBAR_REGION] > 0.0 && row[idx::CONTENT_REGION] == 0.0;
    if aside || sidebar {
        0.1
    } else {
        1.0
    }
}

fn context(rows: &mut [[f32; N_FEATURES]], chars: &[usize], link_chars: usize, format: Format) {
    let n = rows.len();
    if n == 0 {
        return;
    }
    let total: usize = chars.iter().sum::<usize>().max(1);
    let prose_v: Vec<f32> = rows.iter().map(prose).collect();
    // The main text: the block whose ±5 neighbourhood holds the most prose
    // characters. Prose in a region the markup names as not the article's
    // (reader comments, a footer's disclaimer, a sidebar's or a related
    // box's excerpts) weighs a tenth: a blog post's thread of long
    // comments outweighs the post itself.
    let mass: Vec<f32> = prose_v
        .iter()
        .zip(chars)
        .zip(rows.iter())
        .map(|((p, &c), r)| p * c as f32 * region_weight(r))
        .collect();
    let mut prefix = vec![0f32; n + 1];
    for i in 0..n {
        prefix[i + 1] = prefix[i] + mass[i];
    }
    let window = |i: usize, k: usize| prefix[(i + k + 1).min(n)] - prefix[i.saturating_sub(k)];
    let anchor = (0..n)
        .max_by(|&a, &b| window(a, 5).total_cmp(&window(b, 5)).then(b.cmp(&a)))
        .unwrap_or(0);
    // The main region: walk back from the anchor, then forward, while prose
    // keeps appearing within a few blocks.
    let is_prose = |i: usize| prose_v[i] > 0.5;
    let mut first_main = anchor;
    let mut j = anchor;
    while j > 0 {
        j -= 1;
        if is_prose(j) {
            first_main = j;
        } else if j + 6 < first_main {
            break;
        }
    }
    let mut last_main = anchor;
    let mut i = anchor;
    while i < n {
        if is_prose(i) {
            last_main = i;
        } else if i > last_main + 6 {
            break;
        }
        i += 1;
    }
    // The anchor is the first of the windows that tie, so it may be a
    // heading or a byline up to five blocks above the main text: the main
    // text starts at its first prose block.
    if let Some(k) = (first_main..=last_main).find(|&k| is_prose(k)) {
        first_main = k;
    }
    // A comment-section marker after the start of the main text opens the
    // comment zone. Markers above it do not: a "New, 6 comments" or
    // "[ 167 comments ]" byline link, a "Comments" button by the headline,
    // an RSS "comments feed" menu entry, even when a cookie notice or a
    // teaser written in prose comes before them. Plain text has no regions
    // to place its main text by, which is then more often a cookie notice
    // or the comments themselves: there, any marker after the page's first
    // prose opens the zone.
    let zone_from = if format == Format::Html {
        first_main
    } else {
        (0..n).find(|&i| is_prose(i)).unwrap_or(n)
    };
    let comment_start = (zone_from + 1..n).find(|&i| rows[i][idx::COMMENT_HEADER] > 0.0);
    let page_link = link_chars as f32 / total as f32;
    let nf = n as f32;
    let mut before = 0usize;
    let local: Vec<[f32; N_FEATURES]> = rows.to_vec();
    for i in 0..n {
        let r = &mut rows[i];
        r[idx::POSITION] = i as f32 / nf;
        r[idx::CHARS_BEFORE] = before as f32 / total as f32;
        before += chars[i];
        let prev = i.checked_sub(1).map(|j| &local[j]);
        let next = local.get(i + 1);
        r[idx::PREV_LENGTH] = prev.map_or(0.0, |p| p[idx::LENGTH]);
        r[idx::NEXT_LENGTH] = next.map_or(0.0, |p| p[idx::LENGTH]);
        r[idx::PREV_LINK_DENSITY] = prev.map_or(0.0, |p| p[idx::LINK_DENSITY]);
        r[idx::NEXT_LINK_DENSITY] = next.map_or(0.0, |p| p[idx::LINK_DENSITY]);
        r[idx::PREV_SENTENCE_PUNCT] = prev.map_or(0.0, |p| p[idx::SENTENCE_PUNCT]);
        r[idx::NEXT_SENTENCE_PUNCT] = next.map_or(0.0, |p| p[idx::SENTENCE_PUNCT]);
        let lo = i.saturating_sub(3);
        let hi = (i + 3).min(n - 1);
        let mut cnt = 0.0;
        let mut wp = 0.0;
        let mut wl = 0.0;
        let mut wg = 0.0;
        for j in lo..=hi {
            if j != i {
                cnt += 1.0;
                wp += prose_v[j];
                wl += local[j][idx::LINK_DENSITY];
                wg += f32::from(local[j][idx::GLUED] > 0.0);
            }
        }
        if cnt > 0.0 {
            r[idx::WINDOW_PROSE] = wp / cnt;
            r[idx::WINDOW_LINK_DENSITY] = wl / cnt;
            r[idx::WINDOW_GLUED] = wg / cnt;
        }
        let d = i as f32 - anchor as f32;
        r[idx::FROM_MAIN_TEXT] = d / nf;
        r[idx::BLOCKS_FROM_MAIN] = ln1(d.abs());
        r[idx::PAGE_BLOCKS] = ln1(nf);
        r[idx::PAGE_LINK_DENSITY] = page_link;
        r[idx::PAGE_SHARE] = chars[i] as f32 / total as f32;
        r[idx::AFTER_MAIN] = (i > last_main) as u8 as f32;
        r[idx::BEFORE_MAIN_TEXT] = (i < first_main) as u8 as f32;
        r[idx::AFTER_COMMENT_HEADER] = comment_start.is_some_and(|h| i > h) as u8 as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_table_answers_as_the_char_tests_do() {
        for b in 0u8..128 {
            let c = b as char;
            let class = ASCII_CLASS[b as usize];
            let has = |bit: u8| class & bit != 0;
            assert_eq!(has(SENTENCE_END), is_sentence_end(c), "{b}");
            assert_eq!(has(CLAUSE), is_clause_punct(c), "{b}");
            assert_eq!(has(DIGIT), c.is_numeric(), "{b}");
            assert_eq!(has(SEPARATOR), is_separator_symbol(c), "{b}");
            assert_eq!(
                has(WORD_OR_SPACE),
                c.is_alphanumeric() || c.is_whitespace(),
                "{b}"
            );
            assert_eq!(has(SPACE), c.is_whitespace(), "{b}");
            assert_eq!(has(LOWER), c.is_lowercase(), "{b}");
            assert_eq!(has(UPPER), c.is_uppercase(), "{b}");
        }
    }

    #[test]
    fn ascii_counts_add_up_past_the_lane_size() {
        let text: String = "Hello, world. 42 | x; "
            .chars()
            .cycle()
            .take(3 * LANE_MAX as usize + 7)
            .collect();
        let mut counts = AsciiCounts::default();
        text.bytes().for_each(|b| counts.add(b));
        let expected = [
            text.chars().filter(|&c| is_sentence_end(c)).count(),
            text.chars().filter(|&c| is_clause_punct(c)).count(),
            text.chars().filter(char::is_ascii_digit).count(),
            text.chars().filter(|&c| is_separator_symbol(c)).count(),
            text.chars().filter(char::is_ascii_alphabetic).count(),
        ];
        assert_eq!(counts.totals(), expected);
    }

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

    fn glue(text: &str) -> u32 {
        let mut g = GlueCounter::default();
        text.chars().for_each(|c| g.push(c));
        g.count
    }

    #[test]
    fn glued_words() {
        assert_eq!(
            glue("Death Of U of M-Dearborn Student-AthleteA 24-year-old woman"),
            1
        );
        assert_eq!(
            glue("Is Violence In Sports On The Rise?Violence is part of the game"),
            1
        );
        assert_eq!(glue("FacebookTwitterYouTube"), 2);
        assert_eq!(
            glue("The iPhone and the McDonald's menu. Then U.S. officials said: Yes."),
            0
        );
        assert_eq!(glue("Москва сегодняНовости"), 1);
        assert_eq!(glue("没有大小写的中文"), 0);
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
    fn the_language_tally_counts_what_add_text_and_add_word_count() {
        let lex = Lexicons::embedded();
        let page = "The council met on Monday, and the mayor spoke.\n\n\
                    Совет собрался в понедельник.\n\nNaïve café – “quoted” ½\n\n\
                    市议会周一开会。ひらがな 한국어\n";
        let seg = crate::segment::text::segment_text(page, &lex);
        let mut expected = lang::Tally::default();
        let mut lower = String::new();
        for b in &seg.blocks {
            let text = b.text(&seg.text);
            expected.add_text(text);
            for t in tokens::tokens(text).filter(|t| !t.cjk) {
                tokens::lowercase_into(&text[t.start..t.end], &mut lower);
                expected.add_word(lex.function_word_mask(&lower));
            }
        }
        assert_eq!(extract_page(&seg, Format::Text, &lex).lang, expected);
    }

    #[test]
    fn dates() {
        assert!(looks_dated("Reuters November 18, 2019 11:03 PM", false));
        assert!(looks_dated("2022 12/ 10 09:30:52", false));
        assert!(!looks_dated("we sold 12 cars", false));
        assert!(looks_dated("发布时间：12月10日", true));
        assert!(crate::lexicon::is_cjk('年') && crate::lexicon::is_cjk('月'));
    }
}
