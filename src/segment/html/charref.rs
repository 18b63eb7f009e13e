//! Character references in text (`&amp;`, `&#8217;`, `&copy`), decoded as
//! the HTML5 tokenizer does, with html5ever's table of named references.

use std::borrow::Cow;

use markup5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};

/// Decodes the character references of a text run. Text without `&` is
/// returned as it is, without copying.
pub fn decode(text: &str) -> Cow<'_, str> {
    let Some(first) = memchr::memchr(b'&', text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    loop {
        // `rest` starts with '&'.
        let after = &rest[1..];
        let (decoded, used) = if let Some(num) = after.strip_prefix('#') {
            numeric(num).map_or((None, 0), |(c, n)| (Some(c), n + 1))
        } else {
            named(after).map_or((None, 0), |(c, n)| (Some(c), n))
        };
        match decoded {
            Some(chars) => {
                out.extend(chars.into_iter().flatten());
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
        match memchr::memchr(b'&', rest.as_bytes()) {
            Some(i) => {
                out.push_str(&rest[..i]);
                rest = &rest[i..];
            }
            None => {
                out.push_str(rest);
                return Cow::Owned(out);
            }
        }
    }
}

/// A numeric reference after `&#`: the character and the bytes used
/// (digits, `x`, and the optional `;`), or None when there are no digits.
fn numeric(s: &str) -> Option<([Option<char>; 2], usize)> {
    let b = s.as_bytes();
    let (radix, start) = match b.first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let digits = b[start..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || (radix == 16 && c.is_ascii_hexdigit()))
        .count();
    if digits == 0 {
        return None;
    }
    let mut n: u32 = 0;
    let mut too_big = false;
    for &c in &b[start..start + digits] {
        let d = char::from(c).to_digit(radix).unwrap_or(0);
        n = match n.checked_mul(radix).and_then(|n| n.checked_add(d)) {
            Some(v) => v,
            None => {
                too_big = true;
                break;
            }
        };
    }
    let mut used = start + digits;
    if b.get(used) == Some(&b';') {
        used += 1;
    }
    let c = match n {
        _ if too_big || n > 0x10FFFF => '\u{fffd}',
        0x00 | 0xD800..=0xDFFF => '\u{fffd}',
        0x80..=0x9F => C1_REPLACEMENTS
            .get((n - 0x80) as usize)
            .copied()
            .flatten()
            .or_else(|| char::from_u32(n))
            .unwrap_or('\u{fffd}'),
        n => char::from_u32(n).unwrap_or('\u{fffd}'),
    };
    Some(([Some(c), None], used))
}

/// A named reference after `&`: the longest name in the table that the text
/// starts with (with or without its `;`, as the table allows), and its
/// length, as the tokenizer matches it.
fn named(s: &str) -> Option<([Option<char>; 2], usize)> {
    let mut best: Option<((u32, u32), usize)> = None;
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        match NAMED_ENTITIES.get(&s[..end]) {
            Some(&m) => {
                if m.0 != 0 {
                    best = Some((m, end));
                }
            }
            None => break,
        }
    }
    let ((c1, c2), used) = best?;
    let c2 = (c2 != 0).then(|| char::from_u32(c2)).flatten();
    Some(([char::from_u32(c1), c2], used))
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn references_decode_like_html5() {
        assert_eq!(decode("no refs"), "no refs");
        assert_eq!(decode("a &amp; b &lt;c&gt;"), "a & b <c>");
        assert_eq!(decode("&#8217;&#x2014;&#X41;"), "\u{2019}\u{2014}A");
        assert_eq!(
            decode("&copy2024 &notit; &nbsp;x"),
            "\u{a9}2024 \u{ac}it; \u{a0}x"
        );
        assert_eq!(
            decode("&#150; &#0; &#xD800; &#99999999999;"),
            "\u{2013} \u{fffd} \u{fffd} \u{fffd}"
        );
        assert_eq!(decode("& &# &#x; &bogus; &"), "& &# &#x; &bogus; &");
        assert_eq!(decode("Fish &amp Chips"), "Fish & Chips");
    }
}
