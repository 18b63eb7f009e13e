//! Word lists used by segmentation and features, loaded from the data files
//! under `models/lexicon/` (embedded at compile time so the binary needs no
//! files around it). See `models/lexicon/README.md` for where each list
//! comes from.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::prehashed::{fingerprint, FingerprintMap};
use crate::segment::Roles;

/// At most this many languages have function-word lists (the bits of a
/// [`LangMask`]).
pub const MAX_LANGS: usize = LangMask::BITS as usize;

/// A set of languages with function-word lists: bit `i` for
/// [`Lexicons::function_word_langs`]`[i]`.
pub type LangMask = u32;

const _: () = assert!(FUNCTION_WORDS.len() <= MAX_LANGS);

/// Function-word lists, one per language, as `(language, file contents)`.
const FUNCTION_WORDS: [(&str, &str); 21] = [
    (
        "zh",
        include_str!("../models/lexicon/function-words/zh.txt"),
    ),
    (
        "en",
        include_str!("../models/lexicon/function-words/en.txt"),
    ),
    (
        "de",
        include_str!("../models/lexicon/function-words/de.txt"),
    ),
    (
        "fr",
        include_str!("../models/lexicon/function-words/fr.txt"),
    ),
    (
        "es",
        include_str!("../models/lexicon/function-words/es.txt"),
    ),
    (
        "pt",
        include_str!("../models/lexicon/function-words/pt.txt"),
    ),
    (
        "ru",
        include_str!("../models/lexicon/function-words/ru.txt"),
    ),
    (
        "ja",
        include_str!("../models/lexicon/function-words/ja.txt"),
    ),
    (
        "it",
        include_str!("../models/lexicon/function-words/it.txt"),
    ),
    (
        "id",
        include_str!("../models/lexicon/function-words/id.txt"),
    ),
    (
        "ko",
        include_str!("../models/lexicon/function-words/ko.txt"),
    ),
    (
        "nl",
        include_str!("../models/lexicon/function-words/nl.txt"),
    ),
    (
        "pl",
        include_str!("../models/lexicon/function-words/pl.txt"),
    ),
    (
        "uk",
        include_str!("../models/lexicon/function-words/uk.txt"),
    ),
    (
        "ar",
        include_str!("../models/lexicon/function-words/ar.txt"),
    ),
    (
        "fa",
        include_str!("../models/lexicon/function-words/fa.txt"),
    ),
    (
        "he",
        include_str!("../models/lexicon/function-words/he.txt"),
    ),
    (
        "el",
        include_str!("../models/lexicon/function-words/el.txt"),
    ),
    (
        "hi",
        include_str!("../models/lexicon/function-words/hi.txt"),
    ),
    (
        "tr",
        include_str!("../models/lexicon/function-words/tr.txt"),
    ),
    (
        "vi",
        include_str!("../models/lexicon/function-words/vi.txt"),
    ),
];
const SEO: &str = include_str!("../models/lexicon/seo.txt");
const SEO_WEAK: &str = include_str!("../models/lexicon/seo-weak.txt");
const BOILERPLATE: &str = include_str!("../models/lexicon/boilerplate.txt");
const READMORE: &str = include_str!("../models/lexicon/readmore.txt");
const COMMENTS: &str = include_str!("../models/lexicon/comments.txt");
const CLASS_HINTS: &str = include_str!("../models/lexicon/class-hints.txt");
const CREDITS: &str = include_str!("../models/lexicon/credits.txt");
const POINTERS: &str = include_str!("../models/lexicon/pointers.txt");
const TAG_WORDS: &str = include_str!("../models/lexicon/tag-words.txt");
const AD_LABELS: &str = include_str!("../models/lexicon/ad-labels.txt");

/// Blocks longer than this (in bytes, once the punctuation around them is
/// trimmed) are never an ad label: every entry is shorter (a test checks
/// it).
const AD_LABEL_BYTES: usize = 96;

/// A phrase list searched as substrings, case-insensitive (the automaton
/// folds ASCII case; the other capitals are lowercased first),
/// with whole-word matching for entries written in space-separated
/// scripts.
///
/// The automaton is built on first use: the pipeline counts most lists
/// through [`Lexicons::count_phrases`]'s merged automaton and never
/// searches them one by one, and building a DFA is a good part of start-up.
#[derive(Debug, Clone)]
pub struct PhraseList {
    /// The lowercased entries.
    entries: Vec<String>,
    /// None inside only if the automaton could not be built (it never
    /// fails for the embedded lists, which are small); matching then finds
    /// nothing.
    automaton: OnceLock<Option<AhoCorasick>>,
    /// Per pattern: must the match sit on word boundaries?
    whole_word: Vec<bool>,
}

impl PhraseList {
    fn new(data: &str) -> PhraseList {
        let entries = phrase_patterns(data);
        let whole_word = entries.iter().map(|e| is_whole_word(e)).collect();
        PhraseList {
            entries,
            automaton: OnceLock::new(),
            whole_word,
        }
    }

    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                // A full DFA: the lists are small, and it is the fastest
                // automaton to search with.
                AhoCorasickBuilder::new()
                    .kind(Some(AhoCorasickKind::DFA))
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&self.entries)
                    .ok()
            })
            .as_ref()
    }

    /// Byte spans of all non-overlapping matches in `text`.
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(automaton) = self.automaton() else {
            return Vec::new();
        };
        // Spans in the folded copy are spans of `text` (see `fold_case`).
        let folded = fold_case(text);
        let text = folded.as_deref().unwrap_or(text);
        automaton
            .find_iter(text)
            .filter(|m| {
                !self.whole_word[m.pattern().as_usize()]
                    || (boundary_before(text, m.start()) && boundary_after(text, m.end()))
            })
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    /// Number of matches and the number of characters they cover.
    pub fn count(&self, text: &str) -> (usize, usize) {
        let spans = self.find(text);
        let chars = spans
            .iter()
            .map(|&(s, e)| text.get(s..e).map_or(0, |t| t.chars().count()))
            .sum();
        (spans.len(), chars)
    }
}

fn boundary_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric() || is_cjk(c))
}

fn boundary_after(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric() || is_cjk(c))
}

/// The phrase lists [`Lexicons::count_phrases`] counts in one pass. The
/// merged automaton tags each pattern with its list's number here, and
/// [`Merged::count`] returns the counts in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counted {
    Seo,
    SeoWeak,
    Boilerplate,
    Readmore,
    Comments,
}

impl Counted {
    const ALL: [Counted; 5] = [
        Counted::Seo,
        Counted::SeoWeak,
        Counted::Boilerplate,
        Counted::Readmore,
        Counted::Comments,
    ];

    /// The list file.
    fn data(self) -> &'static str {
        match self {
            Counted::Seo => SEO,
            Counted::SeoWeak => SEO_WEAK,
            Counted::Boilerplate => BOILERPLATE,
            Counted::Readmore => READMORE,
            Counted::Comments => COMMENTS,
        }
    }
}

/// How many lists are counted.
const COUNTED: usize = Counted::ALL.len();

/// Is the phrase found at byte `start` of `text` written as a label: at
/// the start of the block (nothing but punctuation, digits or spaces
/// before it), or with a first letter that is not lowercase (a capital, or
/// a script without case)?
fn reads_as_label(text: &str, start: usize) -> bool {
    let first_lowercase = text
        .get(start..)
        .and_then(|t| t.chars().next())
        .is_some_and(char::is_lowercase);
    !first_lowercase
        || text
            .get(..start)
            .is_some_and(|before| !before.chars().any(char::is_alphabetic))
}

/// Per list, the number of matches and the characters they cover, exactly
/// as [`PhraseList::count`] gives them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PhraseCounts {
    /// Strong SEO vocabulary.
    pub seo: (usize, usize),
    /// Weak (commerce) vocabulary.
    pub seo_weak: (usize, usize),
    /// Boilerplate phrases.
    pub boilerplate: (usize, usize),
    /// Read-more / related phrases.
    pub readmore: (usize, usize),
    /// Of the read-more matches, those written as a label: at the start of
    /// the block, or not starting with a lowercase letter ("Most popular",
    /// "Related topics:", "相关阅读"). "the most popular Democrat" or "or
    /// related topics (in the comments" in running prose is a phrase
    /// used in passing, not a pointer to other pages.
    pub readmore_labels: usize,
    /// Comment-section phrases.
    pub comments: (usize, usize),
}

/// All five counted lists in one automaton: one overlapping scan finds
/// every match of every list, and each list's leftmost-longest,
/// non-overlapping matches are then picked from those, as its own automaton
/// would find them. Every block is searched, so one scan instead of five
/// matters.
#[derive(Debug, Clone)]
struct Merged {
    automaton: Option<AhoCorasick>,
    /// Per pattern: its list and whether it must sit on word boundaries.
    patterns: Vec<(u8, bool)>,
}

impl Merged {
    fn new() -> Merged {
        let mut entries = Vec::new();
        let mut patterns = Vec::new();
        for list in Counted::ALL {
            for e in phrase_patterns(list.data()) {
                patterns.push((list as u8, is_whole_word(&e)));
                entries.push(e);
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&entries)
            .ok();
        Merged {
            automaton,
            patterns,
        }
    }

    /// Per list, the matches and the chars they cover; and how many of
    /// the read-more matches are labels (see [`PhraseCounts`]).
    fn count(&self, text: &str) -> ([(usize, usize); COUNTED], usize) {
        let mut out = [(0, 0); COUNTED];
        let mut labels = 0;
        let Some(automaton) = &self.automaton else {
            return (out, labels);
        };
        let original = text;
        let folded = fold_case(text);
        let text = folded.as_deref().unwrap_or(text);
        // (list, start, end, whole word), every match of every pattern.
        let mut found: Vec<(u8, usize, usize, bool)> = automaton
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let &(list, whole) = self.patterns.get(m.pattern().as_usize())?;
                Some((list, m.start(), m.end(), whole))
            })
            .collect();
        if found.is_empty() {
            return (out, labels);
        }
        // Per list: leftmost first, longest first among equal starts.
        found.sort_unstable_by(|a, b| (a.0, a.1, b.2).cmp(&(b.0, b.1, a.2)));
        let mut list = u8::MAX;
        let mut next_free = 0;
        for (l, start, end, whole) in found {
            if l != list {
                list = l;
                next_free = 0;
            }
            if start < next_free {
                continue;
            }
            next_free = end;
            if whole && !(boundary_before(text, start) && boundary_after(text, end)) {
                continue;
            }
            if let Some(slot) = out.get_mut(l as usize) {
                slot.0 += 1;
                slot.1 += text.get(start..end).map_or(0, |t| t.chars().count());
            }
            if l == Counted::Readmore as u8 && reads_as_label(original, start) {
                labels += 1;
            }
        }
        (out, labels)
    }
}

/// `text` with its non-ASCII capitals lowercased ("Читайте также",
/// "Ähnliche Artikel", "À lire aussi"), for the phrase automata, which
/// fold ASCII case only; `None` when it has none, as almost every block
/// of English or Chinese. A capital whose lowercase takes another number
/// of bytes or chars (the Turkish `İ`, the Kelvin sign) is left as it is,
/// so that every byte span and char count of the copy is one of `text`.
fn fold_case(text: &str) -> Option<String> {
    if !may_hold_capital(text.as_bytes()) {
        return None;
    }
    let capital = |c: char| !c.is_ascii() && c.is_uppercase();
    if !text.chars().any(capital) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let mut lower = c.to_lowercase();
        match (capital(c), lower.next(), lower.next()) {
            (true, Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    Some(out)
}

/// Could `text` hold a capital outside ASCII? Every such capital starts
/// with one of a few UTF-8 lead bytes (Latin-1 to Armenian, U+1xxx,
/// U+2100 and up, U+Axxx, fullwidth forms, the other planes); English text
/// whose only non-ASCII chars are curly quotes, dashes or ellipses
/// (U+2000–U+20FF), and Chinese, has none of them, and is turned away
/// before its chars are decoded. (A test checks every capital.)
fn may_hold_capital(text: &[u8]) -> bool {
    if text.is_ascii() {
        return false;
    }
    let mut i = 0;
    while i < text.len() {
        // ASCII, eight bytes at a time.
        if let Some(Ok(word)) = text.get(i..i + 8).map(<[u8; 8]>::try_from) {
            if u64::from_ne_bytes(word) & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        let capital_lead = match text[i] {
            // À to Þ; not à to ÿ, common in Latin-script text.
            0xC3 => text.get(i + 1).is_some_and(|&next| next < 0x9F),
            0xC4..=0xD5 | 0xE1 | 0xEA | 0xEF..=0xF4 => true,
            // U+2100 and up, past the quotes and dashes of U+20xx.
            0xE2 => text.get(i + 1).is_some_and(|&next| next >= 0x84),
            _ => false,
        };
        if capital_lead {
            return true;
        }
        i += 1;
    }
    false
}

/// Entries written in a space-separated script match whole words only.
fn is_whole_word(entry: &str) -> bool {
    entry.chars().any(|c| c.is_alphanumeric() && !is_cjk(c))
}

/// All word lists, ready for matching. Build once and share: it is
/// `Send + Sync` and read-only.
#[derive(Debug, Clone)]
pub struct Lexicons {
    /// SEO / link-farm / commerce-spam vocabulary.
    pub seo: PhraseList,
    /// Commerce words that are also common in ordinary text.
    pub seo_weak: PhraseList,
    /// Navigation, footer, share and legal phrases.
    pub boilerplate: PhraseList,
    /// Phrases that introduce related / trending / read-next lists.
    pub readmore: PhraseList,
    /// Phrases that head (or sit on every entry of) a reader-comment section.
    pub comments: PhraseList,
    /// Function words of space-separated languages, lowercased, with the
    /// languages they belong to (bit `i` for `langs[i]`).
    function_words: FxHashMap<String, LangMask>,
    /// The same words by [`fingerprint`], each with its index in
    /// `function_word_list` and its languages, so that a caller that has
    /// a word's fingerprint looks it up without hashing it again (see
    /// [`Lexicons::function_word_mask_hashed`]). Empty if two of the words
    /// share a fingerprint.
    function_word_prints: FingerprintMap<(u32, LangMask)>,
    /// The words `function_word_prints` points into.
    function_word_list: Vec<String>,
    /// The languages of the function-word lists.
    langs: Vec<&'static str>,
    /// The most chars of any of those words.
    function_word_chars: usize,
    /// Single-character function words of CJK languages.
    function_chars: FxHashSet<char>,
    /// class/id token → role bits.
    class_hints: FxHashMap<String, u16>,
    /// Which (length, first byte, last byte) shapes the class/id tokens
    /// have (see [`shape`]): most class names a page uses are no hint, and
    /// this turns them away before hashing.
    class_shapes: Box<[u64; SHAPE_WORDS]>,
    /// The five phrase lists above in one automaton.
    merged: Merged,
    /// Words that open a picture credit ("photo", "image", "foto").
    credit_labels: Vec<String>,
    /// Picture agencies and wire services ("getty images", "ap").
    credit_agencies: Vec<String>,
    /// Phrases that make a short line a credit ("courtesy of").
    credit_phrases: Vec<String>,
    /// Words that open a link line ("read more", "related", 更多).
    pointers: Vec<String>,
    /// Words that open a tag line ("tags", "filed under", 标签).
    tag_words: Vec<String>,
    /// The whole texts of ad-slot labels ("advertisement", "anzeige"),
    /// lowercased.
    ad_labels: FxHashSet<String>,
    /// The first chars of those labels: most blocks open with another one
    /// and are turned away before they are folded.
    ad_label_firsts: FxHashSet<char>,
}

impl Lexicons {
    /// The lists compiled into the binary.
    pub fn embedded() -> Lexicons {
        let mut function_words: FxHashMap<String, LangMask> = FxHashMap::default();
        let mut function_chars = FxHashSet::default();
        let langs: Vec<&'static str> = FUNCTION_WORDS.iter().map(|(lang, _)| *lang).collect();
        for (bit, (_, data)) in FUNCTION_WORDS.iter().enumerate() {
            for e in entries(data) {
                let e = e.to_lowercase();
                let mut chars = e.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if is_cjk(c) => {
                        function_chars.insert(c);
                    }
                    _ => *function_words.entry(e).or_default() |= 1 << bit,
                }
            }
        }
        let (function_word_prints, function_word_list) = by_fingerprint(&function_words);
        let function_word_chars = function_words
            .keys()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        let mut class_hints = FxHashMap::default();
        for line in entries(CLASS_HINTS) {
            let mut parts = line.split_whitespace();
            let (Some(cat), Some(token)) = (parts.next(), parts.next()) else {
                continue;
            };
            if let Some(&(_, bit)) = Roles::NAMES.iter().find(|(n, _)| *n == cat) {
                *class_hints.entry(token.to_lowercase()).or_insert(0) |= bit;
            }
        }
        Lexicons {
            seo: PhraseList::new(SEO),
            seo_weak: PhraseList::new(SEO_WEAK),
            boilerplate: PhraseList::new(BOILERPLATE),
            readmore: PhraseList::new(READMORE),
            comments: PhraseList::new(COMMENTS),
            merged: Merged::new(),
            function_words,
            function_word_prints,
            function_word_list,
            langs,
            function_word_chars,
            function_chars,
            class_shapes: shapes(class_hints.keys()),
            class_hints,
            ad_labels: entries(AD_LABELS).map(str::to_lowercase).collect(),
            ad_label_firsts: entries(AD_LABELS)
                .filter_map(|e| e.to_lowercase().chars().next())
                .collect(),
            credit_labels: credit_entries("label"),
            credit_agencies: credit_entries("agency"),
            credit_phrases: credit_entries("phrase"),
            pointers: entries(POINTERS).map(str::to_lowercase).collect(),
            tag_words: entries(TAG_WORDS).map(str::to_lowercase).collect(),
        }
    }

    /// Words that open a picture credit, lowercased (see
    /// [`crate::segment::credits`]).
    pub fn credit_labels(&self) -> &[String] {
        &self.credit_labels
    }

    /// Picture agencies and wire services, lowercased.
    pub fn credit_agencies(&self) -> &[String] {
        &self.credit_agencies
    }

    /// Phrases that make a short line a credit on its own, lowercased.
    pub fn credit_phrases(&self) -> &[String] {
        &self.credit_phrases
    }

    /// Words that open a link line, lowercased (see
    /// [`crate::segment::pointers`]).
    pub fn pointers(&self) -> &[String] {
        &self.pointers
    }

    /// The words that open a tag line when a colon follows ("Tags:",
    /// "Filed under:", [`crate::segment::pointers`]); unlike
    /// [`Lexicons::pointers`], not on their own.
    pub fn tag_words(&self) -> &[String] {
        &self.tag_words
    }

    /// Byte spans of strong SEO vocabulary hits in `text`.
    pub fn seo_hits(&self, text: &str) -> Vec<(usize, usize)> {
        self.seo.find(text)
    }

    /// Counts the matches of the five phrase lists in one scan (the same
    /// numbers as each list's [`PhraseList::count`]).
    pub fn count_phrases(&self, text: &str) -> PhraseCounts {
        let (counts, readmore_labels) = self.merged.count(text);
        let of = |list: Counted| counts[list as usize];
        PhraseCounts {
            seo: of(Counted::Seo),
            seo_weak: of(Counted::SeoWeak),
            boilerplate: of(Counted::Boilerplate),
            readmore: of(Counted::Readmore),
            readmore_labels,
            comments: of(Counted::Comments),
        }
    }

    /// Is this (lowercased) word a function word of some language?
    pub fn is_function_word(&self, word: &str) -> bool {
        self.function_words.contains_key(word)
    }

    /// False when `word` is too long to be a function word in any case
    /// (lowercasing never shortens a word in chars), so that callers can
    /// skip lowercasing it.
    pub fn may_be_function_word(&self, word: &str) -> bool {
        word.len() <= self.function_word_chars || word.chars().count() <= self.function_word_chars
    }

    /// The languages whose function-word lists hold this (lowercased) word,
    /// as bits: bit `i` for [`Lexicons::function_word_langs`]`[i]` (0 for
    /// a word that is no function word).
    pub fn function_word_mask(&self, word: &str) -> LangMask {
        self.function_words.get(word).copied().unwrap_or(0)
    }

    /// [`Lexicons::function_word_mask`] for a caller that has the word's
    /// fingerprint (`hash`, from `prehashed::fingerprint`) already: it
    /// finds the entry, and the word is compared to it, so the answer is
    /// the same.
    #[inline]
    pub fn function_word_mask_hashed(&self, hash: u64, word: &str) -> LangMask {
        if self.function_word_prints.is_empty() {
            return self.function_word_mask(word);
        }
        match self.function_word_prints.get(&hash) {
            Some(&(at, mask))
                if self.function_word_list.get(at as usize).map(String::as_str) == Some(word) =>
            {
                mask
            }
            _ => 0,
        }
    }

    /// The languages that have function-word lists, in the order of
    /// [`Lexicons::function_word_mask`]'s bits.
    pub fn function_word_langs(&self) -> &[&'static str] {
        &self.langs
    }

    /// Is this CJK character a function word by itself (的, 了, の...)?
    pub fn is_function_char(&self, c: char) -> bool {
        self.function_chars.contains(&c)
    }

    /// Is this block's whole text an ad slot's label ("Advertisement",
    /// "- ANZEIGE -", "Story continues below advertisement")? Case, runs of
    /// spaces and the punctuation around the label do not matter; a label
    /// inside a sentence is no label.
    pub fn is_ad_label(&self, text: &str) -> bool {
        let label = text.trim_matches(|c: char| !c.is_alphanumeric());
        if label.is_empty() || label.len() > AD_LABEL_BYTES {
            return false;
        }
        let first = label.chars().next().and_then(|c| c.to_lowercase().next());
        if !first.is_some_and(|c| self.ad_label_firsts.contains(&c)) {
            return false;
        }
        // Every block of a page is asked, most of them short navigation
        // items in ASCII: those are folded on the stack, without
        // allocating or decoding chars.
        if label.is_ascii() {
            // The words and the single spaces between them take no more
            // bytes than the label: they fit.
            let mut buf = [0u8; AD_LABEL_BYTES];
            let mut len = 0;
            for word in label.split_ascii_whitespace() {
                if len > 0 {
                    buf[len] = b' ';
                    len += 1;
                }
                let folded = &mut buf[len..len + word.len()];
                folded.copy_from_slice(word.as_bytes());
                folded.make_ascii_lowercase();
                len += word.len();
            }
            return std::str::from_utf8(&buf[..len]).is_ok_and(|l| self.ad_labels.contains(l));
        }
        let mut folded = String::with_capacity(label.len());
        for word in label.split_whitespace() {
            if !folded.is_empty() {
                folded.push(' ');
            }
            folded.extend(word.chars().flat_map(char::to_lowercase));
        }
        self.ad_labels.contains(&folded)
    }

    /// Roles signalled by an element's class and id attributes. Each value
    /// is matched whole (`post-content`) and split into tokens (`post`,
    /// `content`).
    pub fn class_roles(&self, class: Option<&str>, id: Option<&str>) -> u16 {
        let mut roles = 0;
        for value in class.into_iter().chain(id) {
            for whole in value.split_ascii_whitespace() {
                if whole.len() > 64 {
                    continue;
                }
                // Lowercased on the stack: pages have thousands of class
                // names, and this runs for every one.
                let mut buf = [0u8; 64];
                let lowered = &mut buf[..whole.len()];
                lowered.copy_from_slice(whole.as_bytes());
                lowered.make_ascii_lowercase();
                // ASCII lowercasing keeps UTF-8 valid.
                let Ok(whole) = std::str::from_utf8(lowered) else {
                    continue;
                };
                roles |= self.class_hint(whole);
                for token in whole.split(|c: char| !c.is_ascii_alphanumeric()) {
                    if token.len() > 1 && token.len() < whole.len() {
                        roles |= self.class_hint(token);
                    }
                }
            }
        }
        roles
    }
}

/// The words of `words` by [`fingerprint`] (see
/// `Lexicons::function_word_prints`), or nothing if two share one.
fn by_fingerprint(
    words: &FxHashMap<String, LangMask>,
) -> (FingerprintMap<(u32, LangMask)>, Vec<String>) {
    let mut prints = FingerprintMap::default();
    let mut list = Vec::with_capacity(words.len());
    for (word, &mask) in words {
        let entry = (list.len() as u32, mask);
        if prints.insert(fingerprint(word.as_bytes()), entry).is_some() {
            return (FingerprintMap::default(), Vec::new());
        }
        list.push(word.clone());
    }
    (prints, list)
}

impl Lexicons {
    /// The role bits of one lowercased class/id token (0 for none).
    #[inline]
    fn class_hint(&self, token: &str) -> u16 {
        let s = shape(token);
        if self.class_shapes[s / 64] >> (s % 64) & 1 == 0 {
            return 0;
        }
        self.class_hints.get(token).copied().unwrap_or(0)
    }
}

/// Words in the bit set of class-token shapes.
const SHAPE_WORDS: usize = 64;

/// A token's shape: its length, first and last bytes, mixed into one of
/// `64 * SHAPE_WORDS` bits. Tokens of different shapes differ.
#[inline]
fn shape(token: &str) -> usize {
    let b = token.as_bytes();
    let (first, last) = (b.first().copied(), b.last().copied());
    let key =
        (b.len() as u32) << 16 | u32::from(first.unwrap_or(0)) << 8 | u32::from(last.unwrap_or(0));
    (key.wrapping_mul(0x9E37_79B1) >> 20) as usize % (64 * SHAPE_WORDS)
}

/// The bit set of the shapes of `tokens` (see [`shape`]).
fn shapes<'a>(tokens: impl Iterator<Item = &'a String>) -> Box<[u64; SHAPE_WORDS]> {
    let mut bits = Box::new([0u64; SHAPE_WORDS]);
    for t in tokens {
        let s = shape(t);
        bits[s / 64] |= 1 << (s % 64);
    }
    bits
}

/// The phrases of one kind in `credits.txt` (`<kind> <phrase>` lines).
fn credit_entries(kind: &str) -> Vec<String> {
    entries(CREDITS)
        .filter_map(|line| line.split_once(' '))
        .filter(|(k, _)| *k == kind)
        .map(|(_, phrase)| phrase.trim().to_lowercase())
        .collect()
}

/// A phrase list's patterns: its entries, lowercased, and for the entries
/// under a `# tr` or `# az` header, the same entries as Turkish and
/// Azerbaijani write them with capitals: "İlgili haberler" (a title's
/// dotted capital İ, whose lowercase is i) and "İLGİLİ HABERLER",
/// "DEVAMINI OKU" (all capitals: İ for i, I for ı). The automata fold ASCII
/// case, and [`fold_case`] other capitals, but not İ, whose lowercase takes
/// one byte fewer; nor can ASCII folding tell I from ı's capital.
fn phrase_patterns(data: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (lang, line) in tagged_entries(data) {
        let entry = line.to_lowercase();
        if matches!(lang, Some("tr" | "az")) {
            let mut title = String::with_capacity(entry.len() + 4);
            let mut word_start = true;
            for c in entry.chars() {
                title.push(if word_start && c == 'i' { 'İ' } else { c });
                word_start = c == ' ';
            }
            let upper: String = entry
                .chars()
                .map(|c| match c {
                    'i' => 'İ',
                    'ı' => 'I',
                    c => c,
                })
                .collect();
            for variant in [title, upper] {
                if variant != entry && !out.contains(&variant) {
                    out.push(variant);
                }
            }
        }
        out.push(entry);
    }
    out
}

/// Non-comment, non-blank lines of a list file, trimmed.
fn entries(data: &str) -> impl Iterator<Item = &str> {
    tagged_entries(data).map(|(_, entry)| entry)
}

/// [`entries`], each with the language of its section: the last comment
/// line above it whose first word is two lowercase letters (`# tr`,
/// `# en — legal / copyright`) names it.
fn tagged_entries(data: &str) -> impl Iterator<Item = (Option<&str>, &str)> {
    let mut lang = None;
    data.lines().map(str::trim).filter_map(move |line| {
        if let Some(comment) = line.strip_prefix('#') {
            let word = comment.split_whitespace().next().unwrap_or("");
            if word.len() == 2 && word.bytes().all(|b| b.is_ascii_lowercase()) {
                lang = Some(word);
            }
            return None;
        }
        (!line.is_empty()).then_some((lang, line))
    })
}

/// Han, kana and hangul: scripts whose words are not separated by spaces.
pub fn is_cjk(c: char) -> bool {
    crate::segment::runon::is_cjk(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ad_label_is_a_whole_block_whatever_its_case_and_dashes() {
        let lex = Lexicons::embedded();
        for label in [
            "Advertisement",
            "- ADVERTISEMENT -",
            "[Anzeige]",
            "Story  continues below\tadvertisement",
            "Werbung",
            "Publicidad:",
            "広告",
        ] {
            assert!(lex.is_ad_label(label), "{label}");
        }
        for not in [
            "",
            "—",
            "The advertisement was pulled.",
            "Advertisement for the new theatre season",
            "Oberwindener Anzeiger",
        ] {
            assert!(!lex.is_ad_label(not), "{not}");
        }
        // Every entry fits under the length past which no block is looked up.
        assert!(entries(AD_LABELS).all(|e| e.len() <= AD_LABEL_BYTES));
    }

    #[test]
    fn function_words_by_fingerprint_are_the_words() {
        let lex = Lexicons::embedded();
        assert!(!lex.function_word_prints.is_empty());
        for (word, &mask) in &lex.function_words {
            let h = fingerprint(word.as_bytes());
            assert_eq!(lex.function_word_mask_hashed(h, word), mask, "{word}");
            // A word that is not on the list, under a listed word's
            // fingerprint, is not taken for it.
            assert_eq!(lex.function_word_mask_hashed(h, "zzzz-not-a-word"), 0);
        }
        for w in ["council", "budget", "", "théâtre"] {
            let h = fingerprint(w.as_bytes());
            assert_eq!(
                lex.function_word_mask_hashed(h, w),
                lex.function_word_mask(w)
            );
        }
    }

    #[test]
    fn lists_load_and_match() {
        let lex = Lexicons::embedded();
        assert!(lex.is_function_word("the"));
        assert!(lex.is_function_char('的'));
        assert!(!lex.seo_hits("昭通seo优化").is_empty());
        // Whole-word matching for Latin entries: "read" holds no "ad".
        assert_eq!(lex.class_roles(Some("thread"), None) & Roles::AD, 0);
        assert!(lex.class_roles(Some("site-footer"), None) & Roles::FOOTER != 0);
        // The embed codes' blockquote classes, and nothing of a share bar.
        assert!(lex.class_roles(Some("twitter-tweet tw-align-center"), None) & Roles::EMBED != 0);
        assert!(lex.class_roles(Some("instagram-media"), None) & Roles::EMBED != 0);
        assert_eq!(
            lex.class_roles(Some("twitter share-twitter"), None) & Roles::EMBED,
            0
        );
        assert!(lex.class_roles(Some("wp-caption-text"), None) & Roles::CAPTION != 0);
        assert!(lex.class_roles(Some("photoCaption"), None) & Roles::CAPTION != 0);
        assert_eq!(
            lex.class_roles(Some("captionless"), None) & Roles::CAPTION,
            0
        );
    }

    #[test]
    fn one_scan_counts_as_the_lists_do() {
        let lex = Lexicons::embedded();
        let texts = [
            "",
            "Read more: related stories. Share on Facebook. All rights reserved © 2024",
            "seo优化 网站优化 关键词排名 seo优化排名哪家好 按天计费",
            "Buy cheap viagra online, best price, free shipping, casino bonus, loans",
            "Thread: 23 comments. Reply. Login to comment. advertisement ad ads",
            "SEO SEO seo-friendly sEo, Privacy Policy | Terms of Use | Contact Us",
            "点击查看更多 相关阅读 热门推荐 免责声明 版权所有 发表评论 网友评论",
            "Читайте также: Похожие статьи. Ähnliche Artikel, İstanbul K ẞ",
        ];
        for t in texts {
            let c = lex.count_phrases(t);
            assert_eq!(c.seo, lex.seo.count(t), "{t}");
            assert_eq!(c.seo_weak, lex.seo_weak.count(t), "{t}");
            assert_eq!(c.boilerplate, lex.boilerplate.count(t), "{t}");
            assert_eq!(c.readmore, lex.readmore.count(t), "{t}");
            assert_eq!(c.comments, lex.comments.count(t), "{t}");
        }
    }

    /// A read-more phrase counts as a label when it opens the block or
    /// starts with a capital (or in a script without case); in running
    /// prose, lowercase, it is a phrase used in passing.
    #[test]
    fn read_more_labels_are_told_from_phrases_in_passing() {
        let lex = Lexicons::embedded();
        let labels = |t: &str| lex.count_phrases(t).readmore_labels;
        assert_eq!(labels("Most Popular"), 1);
        assert_eq!(labels("most popular"), 1);
        assert_eq!(labels("» related topics:"), 1);
        assert_eq!(labels("Sports news. Related Topics: Baseball"), 1);
        assert_eq!(labels("相关阅读：某某新闻"), 1);
        assert_eq!(labels("Читайте также: новости"), 1);
        let prose = "Former President Barack Obama, the most popular Democrat in \
                     America, raised comments or questions about related topics.";
        assert_eq!(lex.count_phrases(prose).readmore.0, 2);
        assert_eq!(labels(prose), 0);
    }

    /// Capitals outside ASCII match as their lowercase entries do, and the
    /// spans found are spans of the text as given.
    #[test]
    fn phrases_match_whatever_the_case_of_any_script() {
        let lex = Lexicons::embedded();
        for t in ["читайте также:", "Читайте также:", "ЧИТАЙТЕ ТАКЖЕ:"]
        {
            assert_eq!(lex.readmore.count(t), (1, 13), "{t}");
            assert_eq!(lex.count_phrases(t).readmore, (1, 13), "{t}");
        }
        // A capital whose lowercase is longer (İ) keeps the spans aligned.
        let t = "İİ Читайте также";
        let at = t.find("Читайте").unwrap_or(0);
        assert_eq!(lex.readmore.find(t), [(at, t.len())]);
        // Scripts without case, with and without spaces between words.
        for t in ["اقرأ أيضا", "ข่าวที่เกี่ยวข้อง", "यह भी पढ़ें", "Tin liên quan"]
        {
            assert_eq!(lex.count_phrases(t).readmore.0, 1, "{t}");
        }
        // Turkish capitals: the dotted İ, and I for the dotless ı.
        for t in [
            "İlgili Haberler",
            "İLGİLİ HABERLER",
            "ilgili haberler",
            "DEVAMINI OKU",
            "Devamını Oku",
            "TÜM HAKLARI SAKLIDIR",
        ] {
            assert_eq!(lex.count_phrases(t), {
                let c = lex.count_phrases(&t.to_lowercase().replace("i̇", "i"));
                assert!(c.readmore.0 + c.boilerplate.0 > 0, "{t}");
                c
            });
        }
        assert_eq!(fold_case("plain ascii"), None);
        assert_eq!(fold_case("相关阅读"), None);
        assert_eq!(fold_case("Ähnliche İ").as_deref(), Some("ähnliche İ"));
        assert_eq!(fold_case("“Quoted” — and… curly ‘quotes’ 相关阅读"), None);
        // The byte prefilter lets every capital through.
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !c.is_ascii() && c.is_uppercase() {
                assert!(may_hold_capital(c.encode_utf8(&mut buf).as_bytes()), "{c}");
            }
        }
    }
}
