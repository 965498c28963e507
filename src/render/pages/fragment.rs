//! A version's fragment (`…/versions/<date>/fragment.html`, or `<doc>/fragment.html` for a
//! document with one version): the text alone, for a product to embed or show in a web view.
//! A minimal HTML document (charset, language, `noindex`, title) around the body, with no
//! navigation, script or style. Its bytes depend only on the version's file and the brand's
//! values, never on the build date or the version's role, so its SHA-256 (in `versions.json`)
//! stays the same when the version goes from upcoming to current to archived.

use super::BrandView;
use crate::content::fill::escape_html;
use crate::site::model::DocId;
use crate::site::plan::PagePlan;

/// What follows `<html …`: the head up to the title's text.
const HEAD: &str = concat!(
    "\">\n<head>\n<meta charset=\"utf-8\">\n",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    "<meta name=\"robots\" content=\"noindex\">\n<title>",
);

impl BrandView<'_> {
    /// The fragment of the version page `p` shows, into `out`; `None` without a file.
    pub fn fragment_page(&self, p: &PagePlan, out: &mut String) -> Option<()> {
        let deeper = p.version.as_ref().is_some_and(|v| v.history.versions.len() > 1);
        self.fragment(p.doc?, deeper, out);
        Some(())
    }

    /// The fragment of document `id` into `out`; `deeper` when it sits beside a version page
    /// (`<doc>/versions/<date>/`), whose relative links climb two more folders.
    pub(super) fn fragment(&self, id: DocId, deeper: bool, out: &mut String) {
        let doc = self.site.doc(id);
        let pieces = if deeper { self.data.deeper_body(id, doc) } else { &doc.body.pieces };
        let lang = self.lang(&doc.file.locale);
        out.reserve(pieces.literal_len() + 256);
        out.push_str("<!doctype html>\n<html lang=\"");
        escape_html(out, &lang.tag);
        out.push_str("\" dir=\"");
        out.push_str(lang.dir);
        out.push_str(HEAD);
        escape_html(out, &self.title_of(doc));
        out.push_str("</title>\n</head>\n<body>\n");
        let values = self.values(&doc.file.locale);
        pieces.fill_into(out, &pieces.values_from(values));
        out.push_str("</body>\n</html>\n");
    }
}
