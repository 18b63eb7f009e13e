//! Transparent decompression, chosen by magic bytes rather than file names.
//!
//! Corpora get renamed, re-uploaded and piped around, so a `.jsonl` file may
//! well be gzip-compressed and stdin has no name at all. The first bytes of a
//! stream are the only reliable signal, so that is what decides here; names
//! are only used later to pick a container when the content is ambiguous.

use std::io::{self, Read};

use flate2::read::MultiGzDecoder;

/// The gzip magic number (RFC 1952).
const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
/// The zstd frame magic number (RFC 8878), little-endian `0xFD2FB528`.
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

/// A reader that has already read its first bytes, so they can be inspected
/// before anything else decides how to read the stream.
///
/// Stdin cannot seek, so sniffing must not consume: the inspected prefix is
/// replayed before the rest of the stream. A read error hit while filling the
/// prefix (e.g. a gzip stream truncated within its first few KiB) is not
/// reported right away but after the prefix has been replayed, so the records
/// that were intact before the damage still come out in order.
pub(crate) struct Peeked<R> {
    head: Vec<u8>,
    pos: usize,
    err: Option<io::Error>,
    inner: R,
}

impl<R: Read> Peeked<R> {
    /// Reads up to `n` bytes from `inner` (fewer only at end of stream or on
    /// error) and keeps them for inspection and replay.
    pub(crate) fn new(mut inner: R, n: usize) -> Peeked<R> {
        let mut head = Vec::with_capacity(n);
        // `read_to_end` keeps every byte read before an error, which is
        // exactly what deferring the error requires.
        let err = (&mut inner).take(n as u64).read_to_end(&mut head).err();
        Peeked {
            head,
            pos: 0,
            err,
            inner,
        }
    }

    /// The first bytes of the stream (all of it if it was shorter).
    pub(crate) fn head(&self) -> &[u8] {
        &self.head
    }
}

impl<R: Read> Read for Peeked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(rest) = self.head.get(self.pos..).filter(|r| !r.is_empty()) {
            let n = rest.len().min(buf.len());
            buf[..n].copy_from_slice(&rest[..n]);
            self.pos += n;
            return Ok(n);
        }
        if let Some(err) = self.err.take() {
            return Err(err);
        }
        self.inner.read(buf)
    }
}

/// Wraps `raw` in the decompressor its magic bytes call for, or returns it
/// unchanged when it is not compressed.
///
/// Gzip is read with [`MultiGzDecoder`] because WARC.gz files (and anything
/// produced by `cat a.gz b.gz`) are a sequence of gzip members, and a plain
/// decoder would silently stop after the first. zstd likewise decodes every
/// concatenated frame. Errors here only come from setting up the zstd
/// context; damaged data is reported later, when it is read.
pub(crate) fn decompress(raw: Box<dyn Read + Send>) -> io::Result<Box<dyn Read + Send>> {
    let peeked = Peeked::new(raw, ZSTD_MAGIC.len());
    Ok(if peeked.head().starts_with(GZIP_MAGIC) {
        Box::new(MultiGzDecoder::new(peeked))
    } else if peeked.head().starts_with(ZSTD_MAGIC) {
        Box::new(zstd::stream::read::Decoder::new(peeked)?)
    } else {
        Box::new(peeked)
    })
}

/// Returns `name` without a trailing `.gz` or `.zst` (ASCII case-insensitive),
/// so that `corpus.jsonl.gz` is recognised by its inner extension.
pub(crate) fn strip_compression_ext(name: &str) -> &str {
    for ext in [".gz", ".zst"] {
        let split = name.len().saturating_sub(ext.len());
        if let (Some(stem), Some(tail)) = (name.get(..split), name.get(split..)) {
            if tail.eq_ignore_ascii_case(ext) {
                return stem;
            }
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peeked_replays_head_then_rest() {
        let mut p = Peeked::new(&b"hello world"[..], 4);
        assert_eq!(p.head(), b"hell");
        let mut all = String::new();
        p.read_to_string(&mut all).unwrap();
        assert_eq!(all, "hello world");
    }

    #[test]
    fn strips_compression_suffix() {
        assert_eq!(strip_compression_ext("a.jsonl.GZ"), "a.jsonl");
        assert_eq!(strip_compression_ext("a.warc.zst"), "a.warc");
        assert_eq!(strip_compression_ext("a.txt"), "a.txt");
        assert_eq!(strip_compression_ext("é"), "é");
    }
}
