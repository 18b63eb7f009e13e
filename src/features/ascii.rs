//! Lookup tables for the ASCII chars of a block: most page text is ASCII,
//! and one table lookup answers what the first pass asks of every char.

#[cfg(test)]
use super::tokens::{is_clause_punct, is_sentence_end, is_separator_symbol};

/// Counts of ASCII chars that [`super::local::block`] takes per char: sentence ends,
/// clause punctuation, digits, separator symbols and letters, as 12-bit
/// lanes of one word (see [`ASCII_COUNTS`]): one table lookup and one
/// addition per char instead of five tests and five additions. The lanes
/// are emptied into `totals` every 4,095 chars, before any can overflow.
#[derive(Default)]
pub(super) struct AsciiCounts {
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
    pub(super) fn add(&mut self, b: u8) {
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
    pub(super) fn totals(mut self) -> [usize; COUNT_LANES] {
        self.empty();
        self.totals
    }
}

/// Per ASCII char, a one in each [`AsciiCounts`] lane it counts in (from
/// [`ASCII_CLASS`]).
pub(super) const ASCII_COUNTS: [u64; 128] = {
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

// Bits of [`ASCII_CLASS`]: what the first pass asks of every char, for ASCII.
pub(super) const SENTENCE_END: u8 = 1;
pub(super) const CLAUSE: u8 = 2;
pub(super) const DIGIT: u8 = 4;
pub(super) const SEPARATOR: u8 = 8;
pub(super) const WORD_OR_SPACE: u8 = 16;
pub(super) const SPACE: u8 = 32;
pub(super) const LOWER: u8 = 64;
pub(super) const UPPER: u8 = 128;

/// Per ASCII char, the answers of [`is_sentence_end`], [`is_clause_punct`],
/// `is_numeric`, [`is_separator_symbol`], `is_alphanumeric ||
/// is_whitespace`, `is_whitespace`, `is_lowercase` and `is_uppercase` (a
/// unit test checks them against those functions): most page text is
/// ASCII, and one lookup replaces eight tests.
pub(super) const ASCII_CLASS: [u8; 128] = {
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
}
