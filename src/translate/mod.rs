//! Stage 7, `translate`: the exchange with translators' CAT tools (`clause translate`). A
//! Markdown file becomes an XLIFF 1.2 file of units (its front matter's words and its blocks,
//! [`units`]), with the Markdown a translator must not touch as inline codes; a file a CAT tool
//! saved comes back as the source's Markdown with the translated words in it ([`rebuild`]),
//! after every unit was checked ([`import`]). What an existing translation already covers is
//! found by aligning the source it was made from with today's ([`prefill`]), which is also
//! what `check` counts as the segments left to translate.

pub mod checks;
pub mod export;
pub mod front;
pub mod heading_ids;
pub mod import;
pub mod pair;
pub mod prefill;
pub mod read;
pub mod rebuild;
pub mod units;
pub mod write;

use std::path::Path;

/// Writes `text` to `path` whole: a temporary file beside it, renamed over (its folders made),
/// so a reader never sees half a file. Export and import both write this way.
pub fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}
