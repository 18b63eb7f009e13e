//! Deterministic, lazy directory traversal.
//!
//! Batch runs must be reproducible: the same directory has to produce the
//! same records in the same order on every machine, so entries are sorted by
//! name instead of taken in whatever order the file system returns them. The
//! walk is lazy (one sorted listing per directory on the current path), so a
//! corpus tree with millions of files does not have to be listed up front.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::compress::strip_compression_ext;

/// Extensions of files that are read when found by walking a directory,
/// each optionally followed by `.gz` or `.zst`.
const WANTED_EXTS: &[&str] = &[
    ".jsonl", ".json", ".ndjson", ".warc", ".html", ".htm", ".xhtml", ".txt",
];

/// A directory that could not be listed, or an entry that could not be
/// inspected.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub(crate) struct WalkError {
    pub(crate) path: PathBuf,
    #[source]
    pub(crate) source: io::Error,
}

/// Yields the wanted files below a root directory, depth first, in sorted
/// order.
///
/// Symbolic links to files are read like files; symbolic links to
/// directories are not followed, which rules out cycles without having to
/// remember every directory visited.
pub(crate) struct Walk {
    root: Option<PathBuf>,
    stack: Vec<std::vec::IntoIter<PathBuf>>,
}

impl Walk {
    /// Prepares a walk of `root`; nothing is read until the first `next`.
    pub(crate) fn new(root: PathBuf) -> Walk {
        Walk {
            root: Some(root),
            stack: Vec::new(),
        }
    }

    fn push_dir(&mut self, dir: &Path) -> Result<(), WalkError> {
        let err = |source| WalkError {
            path: dir.to_path_buf(),
            source,
        };
        let mut entries = fs::read_dir(dir)
            .map_err(err)?
            .map(|e| e.map(|e| e.path()))
            .collect::<io::Result<Vec<_>>>()
            .map_err(err)?;
        entries.sort();
        self.stack.push(entries.into_iter());
        Ok(())
    }
}

impl Iterator for Walk {
    type Item = Result<PathBuf, WalkError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(Err(e)) = self.root.take().map(|root| self.push_dir(&root)) {
            return Some(Err(e));
        }
        loop {
            let path = match self.stack.last_mut()?.next() {
                Some(path) => path,
                None => {
                    self.stack.pop();
                    continue;
                }
            };
            let meta = match fs::symlink_metadata(&path) {
                Ok(meta) => meta,
                Err(source) => return Some(Err(WalkError { path, source })),
            };
            if meta.is_dir() {
                if let Err(e) = self.push_dir(&path) {
                    return Some(Err(e));
                }
                continue;
            }
            let is_file = meta.is_file()
                || (meta.file_type().is_symlink()
                    && fs::metadata(&path).is_ok_and(|m| m.is_file()));
            if is_file && has_wanted_ext(&path) {
                return Some(Ok(path));
            }
        }
    }
}

/// Whether a file found in a directory looks like something to read.
///
/// Anything else (images, archives, editor backups, `.DS_Store`) is skipped
/// silently, because corpus directories routinely contain such files.
pub(crate) fn has_wanted_ext(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let name = strip_compression_ext(name).to_ascii_lowercase();
    WANTED_EXTS.iter().any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wanted_extensions() {
        for yes in [
            "a.jsonl",
            "a.JSON.gz",
            "b.ndjson.zst",
            "c.warc.gz",
            "d.htm",
            "e.txt",
        ] {
            assert!(has_wanted_ext(Path::new(yes)), "{yes}");
        }
        for no in ["a.png", "a.gz", "a.arc.gz", "warc", "a.html.bak"] {
            assert!(!has_wanted_ext(Path::new(no)), "{no}");
        }
    }
}
