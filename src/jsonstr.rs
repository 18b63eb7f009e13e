//! JSON string bytes: finding the bytes that end a run of plain string
//! characters, which both the JSONL reader (to decode) and the output
//! writer (to escape) need, and escaping a string exactly as serde_json
//! does.
//!
//! Why not serde_json's escaper for the clean text: it looks up every byte
//! in a table and branches on it, a dozen instructions a byte; the clean
//! text of a page is a few kilobytes with an escape every line or so, and
//! finding the next byte to escape eight bytes at a time, then copying the
//! run before it whole, costs a fraction of that.

/// The position of the first byte that ends a run of plain string
/// characters: a quote, a backslash or a (forbidden) control character.
///
/// Eight bytes at a time, with the usual bit tricks: for each byte, the top
/// bit of `x.wrapping_sub(0x01..) & !x & 0x80..` is set when `x` is zero,
/// which finds the quote and the backslash once XORed away, and
/// `x.wrapping_sub(0x20..) & !x & 0x80..` flags the bytes below 0x20. A
/// borrow can set the flag of a byte after a flagged one, never before it,
/// so the lowest flag is exact. It runs at several GB/s, where memchr's
/// setup cost dominates on runs this short.
pub(crate) fn find_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut words = bytes.chunks_exact(8);
    let mut base = 0;
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let x = u64::from_le_bytes(w);
        let flags = zero(x ^ (ONES * u64::from(b'"')))
            | zero(x ^ (ONES * u64::from(b'\\')))
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGH);
        if flags != 0 {
            return Some(base + (flags.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    let tail = words.remainder();
    tail.iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|i| base + i)
}

/// Appends `s` to `out` as a JSON string, quotes included, byte for byte as
/// `serde_json::to_writer(out, s)` writes it: `"` and `\\` escaped with a
/// backslash, `\b \f \n \r \t` by their short forms, the other control
/// characters below 0x20 as `\u00xx` (lowercase hex), everything else as is.
pub(crate) fn write_escaped(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut rest = s.as_bytes();
    out.reserve(rest.len() + 2);
    out.push(b'"');
    while let Some(at) = find_special(rest) {
        let (run, tail) = rest.split_at(at);
        out.extend_from_slice(run);
        let Some((&byte, tail)) = tail.split_first() else {
            break;
        };
        let short = match byte {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0c => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            _ => 0,
        };
        if short == 0 {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', short]);
        }
        rest = tail;
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_special_byte() {
        for len in 0..40 {
            for at in 0..len {
                for special in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                    // Bytes around the special one that come close to it:
                    // 0x20 and 0x21, 0x5b and 0x5d, 0x23, and high bytes.
                    let mut bytes: Vec<u8> = (0..len)
                        .map(|i| [0x20, 0x21, 0x23, 0x5b, 0x5d, 0x80, 0xff, b'a'][i % 8])
                        .collect();
                    bytes[at] = special;
                    if at + 1 < len {
                        bytes[at + 1] = b'"';
                    }
                    assert_eq!(find_special(&bytes), Some(at), "{bytes:?}");
                }
            }
            let plain: Vec<u8> = (0..len).map(|i| [0x20, 0x7f, 0xc3, 0xa9][i % 4]).collect();
            assert_eq!(find_special(&plain), None);
        }
    }

    #[test]
    fn escapes_as_serde_json_does() {
        let mut samples: Vec<String> = (0u8..0x80)
            .map(|b| format!("a{}b", char::from(b)))
            .collect();
        samples.extend(
            [
                "",
                "plain text of some length, longer than a word",
                "\"quoted\" and back\\slashed\n\tline\r\u{1}\u{1f}\u{7f}",
                "héllo wörld — 中文 \u{10ffff} \"",
                "\n\n\n\n\n\n\n\n\n\n",
            ]
            .map(String::from),
        );
        for s in samples {
            let mut ours = Vec::new();
            write_escaped(&mut ours, &s);
            let theirs = serde_json::to_vec(&s).unwrap_or_default();
            assert_eq!(ours, theirs, "{s:?}");
        }
    }
}
