//! A cheap language guess for reports: the script decides most languages
//! (Chinese, Japanese, Korean, Russian, Arabic, Greek, Hebrew, Hindi, Thai
//! and the other scripts listed below, with the letters of Ukrainian,
//! Persian or Urdu told apart); for Latin script the function-word lists
//! vote, and a Latin-script language they do not cover is left unnamed.
//!
//! The counts are a [`Tally`] per block, which the feature extractor fills
//! while it reads each block anyway (its words are already lowercased and
//! looked up in the function-word lists there), so that the guess needs no
//! pass of its own. Once the blocks are labelled, [`guess_content`] adds up
//! those of the content: the language of the clean text, not of the menu
//! above it. [`guess`] counts a text of its own.

use crate::features::tokens::{lowercase_into, tokens};
use crate::lexicon::{LangMask, Lexicons, MAX_LANGS};

/// How much text is looked at: the first this many bytes (for [`guess`]),
/// or the blocks that start in them (for [`guess_content`]).
pub const SAMPLE_BYTES: usize = 16 * 1024;

/// Script and function-word counts of a text. The counts are `u32` (a page
/// is at most a few megabytes): the feature extractor keeps one tally per
/// block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    han: u32,
    kana: u32,
    hangul: u32,
    latin: u32,
    /// Words of a script that separates them with spaces (Latin, Cyrillic,
    /// Greek...): the denominator of the function-word share.
    words: u32,
    /// Letters per entry of [`SCRIPTS`].
    scripts: [u32; SCRIPTS.len()],
    /// Letters that tell the languages of one script apart, per entry of
    /// [`MARKERS`].
    markers: [u32; MARKERS.len()],
    /// Function words per language, indexed like
    /// [`Lexicons::function_word_mask`]'s bits.
    votes: [u32; MAX_LANGS],
}

/// Scripts other than Latin, Han, kana and Hangul, with their Unicode
/// blocks and the language a page mostly written in them is guessed to be
/// in. A script shared by several languages names the most common one;
/// [`MARKERS`] then looks for the letters of the others.
const SCRIPTS: [(&str, &[(u32, u32)]); 21] = [
    ("ru", &[(0x0400, 0x052F)]),
    (
        "ar",
        &[
            (0x0600, 0x06FF),
            (0x0750, 0x077F),
            (0x08A0, 0x08FF),
            (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFF),
        ],
    ),
    ("el", &[(0x0370, 0x03FF), (0x1F00, 0x1FFF)]),
    ("he", &[(0x0590, 0x05FF)]),
    ("hy", &[(0x0530, 0x058F)]),
    ("hi", &[(0x0900, 0x097F)]),
    ("bn", &[(0x0980, 0x09FF)]),
    ("pa", &[(0x0A00, 0x0A7F)]),
    ("gu", &[(0x0A80, 0x0AFF)]),
    ("ta", &[(0x0B80, 0x0BFF)]),
    ("te", &[(0x0C00, 0x0C7F)]),
    ("kn", &[(0x0C80, 0x0CFF)]),
    ("ml", &[(0x0D00, 0x0D7F)]),
    ("si", &[(0x0D80, 0x0DFF)]),
    ("th", &[(0x0E00, 0x0E7F)]),
    ("lo", &[(0x0E80, 0x0EFF)]),
    ("my", &[(0x1000, 0x109F)]),
    ("ka", &[(0x10A0, 0x10FF)]),
    ("am", &[(0x1200, 0x139F)]),
    ("km", &[(0x1780, 0x17FF)]),
    ("mn", &[(0x1800, 0x18AF)]),
];

/// The Unicode blocks of [`SCRIPTS`], sorted by their first code point, each
/// with its entry's index: a binary search finds a char's script (every
/// non-ASCII letter of a page is looked up).
const BLOCKS: [(u32, u32, usize); N_BLOCKS] = sorted_blocks();

/// How many Unicode blocks [`SCRIPTS`] lists.
const N_BLOCKS: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < SCRIPTS.len() {
        n += SCRIPTS[i].1.len();
        i += 1;
    }
    n
};

/// [`BLOCKS`], built at compile time by an insertion sort.
const fn sorted_blocks() -> [(u32, u32, usize); N_BLOCKS] {
    let mut out = [(0, 0, 0); N_BLOCKS];
    let mut n = 0;
    let mut i = 0;
    while i < SCRIPTS.len() {
        let blocks = SCRIPTS[i].1;
        let mut j = 0;
        while j < blocks.len() {
            let (lo, hi) = blocks[j];
            let mut k = n;
            while k > 0 && out[k - 1].0 > lo {
                out[k] = out[k - 1];
                k -= 1;
            }
            out[k] = (lo, hi, i);
            n += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// Index of Cyrillic in [`SCRIPTS`].
const CYRILLIC: usize = 0;
/// Index of Arabic script in [`SCRIPTS`].
const ARABIC: usize = 1;

/// Letters one language of a shared script uses and its most common
/// language does not: `(script, language, letters, share)`. The language
/// wins when its letters are at least `share` of the script's letters
/// (the first that does, in this order: Urdu writes Persian's letters
/// too). Russian has none of і ї є ґ ў ђ ј љ њ ћ џ; Arabic has none of
/// پ چ ژ گ ی ک, nor Urdu's ٹ ڈ ڑ ں ھ ے.
const MARKERS: [(usize, &str, &str, f32); 5] = [
    (CYRILLIC, "uk", "іїєґ", 0.02),
    (CYRILLIC, "be", "ў", 0.005),
    (CYRILLIC, "sr", "ђјљњћџ", 0.01),
    (ARABIC, "ur", "ٹڈڑںھے", 0.02),
    (ARABIC, "fa", "پچژگیک", 0.02),
];

/// A Latin-script language needs function words to be at least this share
/// of the words: function words are a third or more of running text in the
/// languages the lists cover, and a page in another language (Finnish,
/// Czech, Swahili...) gets its few votes from an English menu.
const MIN_FUNCTION_WORD_SHARE: f32 = 0.05;

impl Tally {
    /// Adds the counts of `other` to these.
    pub fn merge(&mut self, other: &Tally) {
        fn add<const N: usize>(a: &mut [u32; N], b: &[u32; N]) {
            for (a, b) in a.iter_mut().zip(b) {
                *a = a.saturating_add(*b);
            }
        }
        self.han = self.han.saturating_add(other.han);
        self.kana = self.kana.saturating_add(other.kana);
        self.hangul = self.hangul.saturating_add(other.hangul);
        self.latin = self.latin.saturating_add(other.latin);
        self.words = self.words.saturating_add(other.words);
        add(&mut self.scripts, &other.scripts);
        add(&mut self.markers, &other.markers);
        add(&mut self.votes, &other.votes);
    }

    /// Letters counted, of every script.
    pub fn letters(&self) -> usize {
        [self.han, self.kana, self.hangul, self.latin]
            .into_iter()
            .chain(self.scripts)
            .map(|n| n as usize)
            .sum()
    }

    /// Counts the letters of `text` by script.
    pub fn add_text(&mut self, text: &str) {
        let mut rest = text;
        loop {
            // ASCII runs in bulk: of the arms below, only the last can match
            // an ASCII char, when it is a letter.
            let ascii = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            self.add_ascii_letters(
                rest.as_bytes()[..ascii]
                    .iter()
                    .filter(|b| b.is_ascii_alphabetic())
                    .count(),
            );
            rest = &rest[ascii..];
            let Some(c) = rest.chars().next() else {
                break;
            };
            rest = &rest[c.len_utf8()..];
            self.add_char(c);
        }
    }

    /// Counts one char of a text by script, as [`Tally::add_text`] does,
    /// for a caller that reads the chars anyway (the feature extractor);
    /// it must count ASCII letters with [`Tally::add_ascii_letters`].
    #[inline]
    pub fn add_char(&mut self, c: char) {
        match c as u32 {
            0..=0x7F => self.latin += u32::from(c.is_ascii_alphabetic()),
            0x3040..=0x30FF => self.kana += 1,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF => self.han += 1,
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => self.hangul += 1,
            // Latin-1 to Latin Extended-B, IPA.
            0x80..=0x2AF => self.latin += u32::from(c.is_alphabetic()),
            _ => self.add_other(c),
        }
    }

    /// [`Tally::add_char`] for the scripts of [`SCRIPTS`] and the rest.
    fn add_other(&mut self, c: char) {
        let u = c as u32;
        // General Punctuation (’ “ ” – — …, the most common non-ASCII chars
        // of Latin-script pages) holds no letter: spare those chars the
        // Unicode table lookup of `is_alphabetic`.
        if (0x2000..=0x206F).contains(&u) || !c.is_alphabetic() {
            return;
        }
        let at = BLOCKS.partition_point(|&(lo, _, _)| lo <= u);
        let script = at
            .checked_sub(1)
            .and_then(|i| BLOCKS.get(i))
            .filter(|&&(_, hi, _)| u <= hi);
        let Some(&(_, _, k)) = script else {
            self.latin += 1;
            return;
        };
        self.scripts[k] += 1;
        for (m, (s, _, letters, _)) in MARKERS.iter().enumerate() {
            if *s == k && letters.chars().any(|l| l == c) {
                self.markers[m] += 1;
            }
        }
    }

    /// Counts `n` ASCII letters (see [`Tally::add_char`]).
    #[inline]
    pub fn add_ascii_letters(&mut self, n: usize) {
        self.latin = self.latin.saturating_add(count(n));
    }

    /// Counts `n` words of a script that separates words with spaces (not
    /// Chinese or Japanese chars), the words function words are a share of.
    #[inline]
    pub fn add_words(&mut self, n: usize) {
        self.words = self.words.saturating_add(count(n));
    }

    /// Counts one function word, given the languages it belongs to (see
    /// [`Lexicons::function_word_mask`]).
    #[inline]
    pub fn add_word(&mut self, mask: LangMask) {
        if mask == 0 {
            return;
        }
        // A word belongs to one language or a few: visit its bits only.
        let mut bits = mask;
        while bits != 0 {
            if let Some(v) = self.votes.get_mut(bits.trailing_zeros() as usize) {
                *v += 1;
            }
            bits &= bits - 1;
        }
    }

    /// The main language (ISO 639-1) these counts point to: the script
    /// with the most letters decides, and for Latin script the
    /// function-word lists vote. `None` when nothing is written in letters,
    /// or when the page is in a Latin-script language the lists do not
    /// cover.
    pub fn guess(&self, lex: &Lexicons) -> Option<&'static str> {
        // Sums and products in u64: one block of a page without a size
        // limit can hold billions of letters.
        let (han, kana) = (u64::from(self.han), u64::from(self.kana));
        let cjk = han + kana;
        let (top, &top_n) = self
            .scripts
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
        let top_n = u64::from(top_n);
        let (hangul, latin) = (u64::from(self.hangul), u64::from(self.latin));
        let max = *[cjk, hangul, top_n, latin].iter().max()?;
        if max == 0 {
            return None;
        }
        if cjk == max {
            return Some(if kana * 10 > han { "ja" } else { "zh" });
        }
        if hangul == max {
            return Some("ko");
        }
        if top_n == max {
            let marked = MARKERS
                .iter()
                .zip(self.markers)
                .find(|((s, _, _, share), n)| *s == top && *n as f32 >= share * top_n as f32);
            return Some(marked.map_or(SCRIPTS[top].0, |((_, lang, _, _), _)| *lang));
        }
        // The most votes; on a tie, the first code in alphabetical order.
        let (lang, votes) = lex
            .function_word_langs()
            .iter()
            .zip(self.votes)
            .filter(|&(_, v)| v > 0)
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))?;
        (votes as f32 >= MIN_FUNCTION_WORD_SHARE * self.words as f32).then_some(*lang)
    }
}

/// Guesses the main language of `text` (its first [`SAMPLE_BYTES`]) as an
/// ISO 639-1 code.
pub fn guess(text: &str, lex: &Lexicons) -> Option<&'static str> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let mut tally = Tally::default();
    tally.add_text(sample);
    let mut lower = String::new();
    for t in tokens(sample).filter(|t| !t.cjk) {
        tally.add_words(1);
        let word = &sample[t.start..t.end];
        if !lex.may_be_function_word(word) {
            continue;
        }
        lowercase_into(word, &mut lower);
        tally.add_word(lex.function_word_mask(&lower));
    }
    tally.guess(lex)
}

/// Guesses the language of a page's clean text from its blocks' tallies,
/// given with each block's length in bytes and whether it is content: the
/// content blocks that start in the first [`SAMPLE_BYTES`] of the clean
/// text vote, and the page's blocks that start in its first
/// [`SAMPLE_BYTES`] join them when the content is too short to tell (a page
/// where nothing or only a line is content).
///
/// The clean text is what a corpus keeps, so its language is the one to
/// report and to filter on: a page that opens with a long menu (a
/// documentation page's 700 links to other pages) or an article under a
/// site menu in another language would otherwise be named by its menu.
pub fn guess_content<'a>(
    blocks: impl IntoIterator<Item = (&'a Tally, usize, bool)>,
    lex: &Lexicons,
) -> Option<&'static str> {
    let mut content = Tally::default();
    let mut page = Tally::default();
    let (mut content_bytes, mut page_bytes) = (0, 0);
    for (tally, len, is_content) in blocks {
        if is_content && content_bytes < SAMPLE_BYTES {
            content.merge(tally);
            content_bytes += len;
        }
        if page_bytes < SAMPLE_BYTES {
            page.merge(tally);
            page_bytes += len;
        } else if content_bytes >= SAMPLE_BYTES {
            break;
        }
    }
    if content.letters() < MIN_CONTENT_LETTERS {
        content.merge(&page);
    }
    content.guess(lex)
}

/// Content with fewer letters than this is too short to vote alone (a
/// byline, "» Coluna de Adauto Silva": one "de", Spanish or Portuguese), so
/// the page's first blocks are counted with it.
const MIN_CONTENT_LETTERS: usize = 200;

/// `n` as a [`Tally`] count.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_punctuation_holds_no_letter() {
        assert!((0x2000..=0x206F)
            .filter_map(char::from_u32)
            .all(|c| !c.is_alphabetic()));
    }

    #[test]
    fn the_sorted_blocks_are_the_scripts_blocks_and_do_not_overlap() {
        assert!(BLOCKS.windows(2).all(|w| w[0].1 < w[1].0));
        for (k, (_, blocks)) in SCRIPTS.iter().enumerate() {
            for &(lo, hi) in blocks.iter() {
                assert!(BLOCKS.contains(&(lo, hi, k)), "{lo:#x}..{hi:#x}");
            }
        }
    }

    #[test]
    fn scripts_and_function_words_decide() {
        let lex = Lexicons::embedded();
        let cases = [
            (
                "The cat sat on the mat and it was happy with the day.",
                Some("en"),
            ),
            ("Der Hund und die Katze sind nicht in dem Haus.", Some("de")),
            ("这是一个关于天气的新闻报道。", Some("zh")),
            ("これは天気についてのニュースです。", Some("ja")),
            ("이것은 날씨에 관한 뉴스입니다", Some("ko")),
            ("Это новости о погоде и о том, что будет.", Some("ru")),
            ("12345 !!! ---", None),
            (
                "وقال المتحدث باسم الوزارة إن الحملة ستستمر لمدة ستة أسابيع",
                Some("ar"),
            ),
            (
                "وزارت بهداشت امروز از آغاز کمپین ملی واکسیناسیون خبر داد که چند هفته ادامه دارد",
                Some("fa"),
            ),
            (
                "وزارت صحت نے آج بتایا کہ یہ مہم چھ ہفتے تک جاری رہے گی اور ویکسین مفت ہوگی",
                Some("ur"),
            ),
            (
                "Міністерство охорони здоров'я повідомило, що кампанія триватиме шість тижнів.",
                Some("uk"),
            ),
            (
                "Министерство сообщило, что кампания продлится шесть недель.",
                Some("ru"),
            ),
            (
                "Το υπουργείο ανακοίνωσε σήμερα την επαναλειτουργία του χώρου.",
                Some("el"),
            ),
            ("משרד הבריאות הודיע היום על הרחבת מבצע החיסונים", Some("he")),
            ("नई दिल्ली में आज मौसम विभाग ने चेतावनी जारी की है।", Some("hi")),
            ("กรมอุตุนิยมวิทยาประกาศเตือนประชาชนในพื้นที่ภาคกลาง", Some("th")),
            (
                "Home News Sport Contact. Bộ Giáo dục và Đào tạo vừa công bố phương án tổ \
                 chức kỳ thi tốt nghiệp trung học phổ thông năm nay, với nhiều điểm mới về \
                 cấu trúc đề thi và lịch thi, theo đó thí sinh sẽ thi bốn môn học",
                Some("vi"),
            ),
            // Latin script in a language the function-word lists do not
            // cover, under an English menu: no guess rather than "en".
            (
                "Home News Sport Contact. Opetusministeriö julkisti tänään uuden \
                 opetussuunnitelman, joka otetaan käyttöön ensi syksynä kaikissa \
                 kouluissa, kertoi ministeriön tiedote maanantaina",
                None,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(guess(text, &lex), want, "{text}");
        }
    }
}
