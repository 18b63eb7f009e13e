//! The first pass of feature extraction: what one block says on its own
//! (length, punctuation, function words, lexicon hits, title words,
//! markup hints), in one walk over its chars and one over its words.

use rustc_hash::FxHashSet;

use super::ascii::{AsciiCounts, ASCII_CLASS, LOWER, SPACE, UPPER, WORD_OR_SPACE};
use super::tokens::{self, is_clause_punct, is_sentence_end, is_separator_symbol};
use super::{idx, ln1, repeats, stack, N_FEATURES};
use crate::input::Format;
use crate::lang;
use crate::lexicon::{Lexicons, PhraseCounts};
use crate::prehashed::{fingerprint, fingerprint_ascii_lowercase, FingerprintSet};
use crate::segment::{BlockTag, Roles, Segmentation};

pub(super) fn title_token_set(seg: &Segmentation) -> TitleWords {
    let mut set = TitleWords::default();
    for t in [&seg.title, &seg.h1].into_iter().flatten() {
        for k in tokens::tokens(t) {
            // Lowercased char by char, as [`block`] lowercases block words.
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
/// word is looked up by the fingerprint [`block`] takes of it anyway, and
/// compared as a string only when that is in the title (most words are
/// not).
#[derive(Default)]
pub(super) struct TitleWords {
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
/// or the CJK char), which [`block`] takes anyway. Equal tokens have equal
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

/// Buffers [`block`] reuses from block to block, so that a page's blocks
/// cost no allocation each for them.
#[derive(Default)]
pub(super) struct Scratch<'s> {
    /// The block's distinct words.
    uniq: FxHashSet<Distinct<'s>>,
    /// The current word, lowercased.
    lower: String,
}

/// Features of one block on its own; returns the row and the char count.
/// The block's letters by script and its function words also go to
/// `tally` (what [`lang::Tally::add_text`] and [`lang::Tally::add_word`]
/// would count, from the same pass over the chars), and every token to
/// `words`. `phrases` are the block's phrase counts
/// ([`Lexicons::count_phrases`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn block<'s>(
    text: &'s str,
    b: &crate::segment::Block,
    format: Format,
    lex: &Lexicons,
    phrases: PhraseCounts,
    title_tokens: &TitleWords,
    tally: &mut lang::Tally,
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
    // The position (in chars, from 1) of the last Thai, Lao, Khmer or
    // Burmese letter.
    let mut last_unspaced = 0usize;
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
        tally.add_char(c);
        if is_sentence_end(c) {
            sent += 1;
        }
        // Thai, Lao, Khmer and Burmese write no spaces between words and
        // few punctuation marks: a space between two of their letters
        // ends a phrase or a sentence, as a comma or a full stop would.
        if tokens::is_unspaced_script(c) {
            if tokens::is_unspaced_script(last_nonspace) && last_unspaced + 1 < chars {
                sent += 1;
                run = 0;
            }
            last_unspaced = chars;
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
    tally.add_ascii_letters(ascii_letters);
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
                tally.add_word(mask);
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
    tally.add_words(latin_words);
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn dates() {
        assert!(looks_dated("Reuters November 18, 2019 11:03 PM", false));
        assert!(looks_dated("2022 12/ 10 09:30:52", false));
        assert!(!looks_dated("we sold 12 cars", false));
        assert!(looks_dated("发布时间：12月10日", true));
        assert!(crate::lexicon::is_cjk('年') && crate::lexicon::is_cjk('月'));
    }

    #[test]
    fn a_space_between_thai_phrases_ends_a_phrase() {
        let lex = Lexicons::embedded();
        let features = |text: &str| {
            let seg = crate::segment::text::segment_text(text, &lex);
            super::super::extract(&seg, Format::Text, &lex)[0]
        };
        let spaced = features(
            "ผู้ว่าราชการจังหวัดกล่าวว่า ทางจังหวัดได้เตรียมเครื่องสูบน้ำไว้แล้ว \
                               เพื่อป้องกันพื้นที่เศรษฐกิจ",
        );
        let joined = features(
            "ผู้ว่าราชการจังหวัดกล่าวว่าทางจังหวัดได้เตรียมเครื่องสูบน้ำไว้แล้ว\
                               เพื่อป้องกันพื้นที่เศรษฐกิจ",
        );
        assert!(spaced[idx::SENTENCE_PUNCT] > 0.0);
        assert_eq!(joined[idx::SENTENCE_PUNCT], 0.0);
        // Latin words around a space are not phrases.
        assert_eq!(features("two words")[idx::SENTENCE_PUNCT], 0.0);
    }

    #[test]
    fn prose_in_every_listed_language_has_function_words() {
        let lex = Lexicons::embedded();
        let sentences = [
            ("uk", "Міністерство повідомило, що кампанія триватиме шість тижнів і вакцини будуть безкоштовні."),
            ("ar", "وقال المتحدث باسم الوزارة إن الحملة ستستمر لمدة ستة أسابيع في جميع المحافظات."),
            ("fa", "وزارت بهداشت امروز از آغاز کمپین ملی واکسیناسیون خبر داد که تا شش هفته ادامه دارد."),
            ("he", "משרד הבריאות הודיע היום על הרחבת המבצע לכל האוכלוסייה, וגם על פתיחת מוקדים חדשים."),
            ("el", "Το υπουργείο ανακοίνωσε ότι οι επισκέπτες θα μπορούν να εισέρχονται στον χώρο από το πρωί."),
            ("hi", "अधिकारियों ने बताया कि नदी का जलस्तर लगातार बढ़ रहा है और लोगों को सलाह दी गई है।"),
        ];
        let latin = [
            ("tr", "Bakan, değişikliklerin öğrencilerin düşünme becerilerini geliştirmeyi amaçladığını ve ders saatlerinde bir azalma olmayacağını söyledi."),
            ("vi", "Theo đó, thí sinh sẽ thi bốn môn, trong đó có hai môn bắt buộc là Toán và Ngữ văn."),
        ];
        for (lang, text) in sentences.into_iter().chain(latin) {
            let seg = crate::segment::text::segment_text(text, &lex);
            let row = super::super::extract(&seg, Format::Text, &lex)[0];
            assert!(
                row[idx::FUNCTION_WORDS] >= 0.1,
                "{lang}: {}",
                row[idx::FUNCTION_WORDS]
            );
        }
    }
}
