//! Word lists used by segmentation and features, loaded from the data files
//! under `models/lexicon/` (embedded at compile time so the binary needs no
//! files around it). See `models/lexicon/README.md` for where each list
//! comes from.

use rustc_hash::{FxHashMap, FxHashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::segment::Roles;

/// Function-word lists, one per language, as `(language, file contents)`.
const FUNCTION_WORDS: [(&str, &str); 13] = [
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
];
const SEO: &str = include_str!("../models/lexicon/seo.txt");
const SEO_WEAK: &str = include_str!("../models/lexicon/seo-weak.txt");
const BOILERPLATE: &str = include_str!("../models/lexicon/boilerplate.txt");
const READMORE: &str = include_str!("../models/lexicon/readmore.txt");
const COMMENTS: &str = include_str!("../models/lexicon/comments.txt");
const CLASS_HINTS: &str = include_str!("../models/lexicon/class-hints.txt");

/// A phrase list searched as substrings (ASCII case-insensitive), with
/// whole-word matching for entries written in space-separated scripts.
#[derive(Debug, Clone)]
pub struct PhraseList {
    /// None only if the automaton could not be built (it never fails for
    /// the embedded lists, which are small); matching then finds nothing.
    automaton: Option<AhoCorasick>,
    /// Per pattern: must the match sit on word boundaries?
    whole_word: Vec<bool>,
}

impl PhraseList {
    fn new(data: &str) -> PhraseList {
        let entries: Vec<String> = entries(data).map(str::to_lowercase).collect();
        let whole_word = entries
            .iter()
            .map(|e| e.chars().any(|c| c.is_alphanumeric() && !is_cjk(c)))
            .collect();
        // A full DFA: the lists are small, and it is the fastest automaton
        // to search with, which matters since every block is searched.
        let automaton = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&entries)
            .ok();
        PhraseList {
            automaton,
            whole_word,
        }
    }

    /// Byte spans of all non-overlapping matches in `text`.
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .find_iter(text)
            .filter(|m| {
                !self.whole_word[m.pattern().as_usize()]
                    || (boundary_before(bytes, text, m.start()) && boundary_after(text, m.end()))
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

fn boundary_before(_bytes: &[u8], text: &str, at: usize) -> bool {
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
    /// languages they belong to.
    function_words: FxHashMap<String, Vec<&'static str>>,
    /// Single-character function words of CJK languages.
    function_chars: FxHashSet<char>,
    /// class/id token → role bits.
    class_hints: FxHashMap<String, u16>,
}

impl Lexicons {
    /// The lists compiled into the binary.
    pub fn embedded() -> Lexicons {
        let mut function_words: FxHashMap<String, Vec<&'static str>> = FxHashMap::default();
        let mut function_chars = FxHashSet::default();
        for (lang, data) in FUNCTION_WORDS {
            for e in entries(data) {
                let e = e.to_lowercase();
                let mut chars = e.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if is_cjk(c) => {
                        function_chars.insert(c);
                    }
                    _ => {
                        let langs = function_words.entry(e).or_default();
                        if !langs.contains(&lang) {
                            langs.push(lang);
                        }
                    }
                }
            }
        }
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
            function_words,
            function_chars,
            class_hints,
        }
    }

    /// Byte spans of strong SEO vocabulary hits in `text`.
    pub fn seo_hits(&self, text: &str) -> Vec<(usize, usize)> {
        self.seo.find(text)
    }

    /// Is this (lowercased) word a function word of some language?
    pub fn is_function_word(&self, word: &str) -> bool {
        self.function_words.contains_key(word)
    }

    /// The languages whose function-word lists hold this (lowercased) word.
    pub fn function_word_langs(&self, word: &str) -> &[&'static str] {
        self.function_words.get(word).map_or(&[], Vec::as_slice)
    }

    /// Is this CJK character a function word by itself (的, 了, の...)?
    pub fn is_function_char(&self, c: char) -> bool {
        self.function_chars.contains(&c)
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
                let whole = whole.to_ascii_lowercase();
                if let Some(r) = self.class_hints.get(&whole) {
                    roles |= r;
                }
                for token in whole.split(|c: char| !c.is_ascii_alphanumeric()) {
                    if token.len() > 1 && token.len() < whole.len() {
                        if let Some(r) = self.class_hints.get(token) {
                            roles |= r;
                        }
                    }
                }
            }
        }
        roles
    }
}

/// Non-comment, non-blank lines of a list file, trimmed.
fn entries(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Han, kana and hangul: scripts whose words are not separated by spaces.
pub fn is_cjk(c: char) -> bool {
    crate::segment::runon::is_cjk(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_and_match() {
        let lex = Lexicons::embedded();
        assert!(lex.is_function_word("the"));
        assert!(lex.is_function_char('的'));
        assert!(!lex.seo_hits("昭通seo优化").is_empty());
        // Whole-word matching for Latin entries: "read" holds no "ad".
        assert_eq!(lex.class_roles(Some("thread"), None) & Roles::AD, 0);
        assert!(lex.class_roles(Some("site-footer"), None) & Roles::FOOTER != 0);
    }
}
