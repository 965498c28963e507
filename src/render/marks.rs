//! The inline marks of a redline: two runs of text word by word, inserted text in `<ins>`,
//! deleted text in `<del>` (each announced for screen readers), and a changed link
//! destination shown after its link, old and new, since in a legal text where a link leads
//! is part of what it says.

use crate::content::fill::escape_html;
use crate::render::compare::{cut_words, diff, keys};
use crate::render::html_tree::{attribute, without_attribute, Tok};
use crate::render::redline::Emit;

impl Emit<'_> {
    /// Two inline runs, word by word.
    pub(crate) fn words(&mut self, old: &[Tok], new: &[Tok]) {
        let (old, new) = (&cut_words(old)[..], &cut_words(new)[..]);
        for span in diff(&keys(old), &keys(new)) {
            let (o, n) = (&old[span.old], &new[span.new]);
            if span.same {
                for t in n {
                    match t {
                        Tok::Text(s) => self.html.push_str(s),
                        Tok::Tag(tag) => self.tag(tag, None),
                    }
                }
                continue;
            }
            // Tags alone (bold to italic, another image) are a change too, if not a marked one.
            self.any = true;
            // A link added to words or taken from them (no text changed) is noted too; in a
            // changed phrase only a link that leads elsewhere is.
            let retext = o.iter().chain(n).any(|t| matches!(t, Tok::Text(s) if !s.trim().is_empty()));
            self.deleted(o, false);
            self.inserted(n, !retext);
            // A link taken from words is noted after them, where its `</a>` was.
            let gone = std::mem::take(&mut self.gone_links);
            for href in gone.into_iter().filter(|_| !retext) {
                match self.pending_link {
                    None => self.pending_link = Some((Some(href), None)),
                    Some(_) => self.link_note(Some(&href), None),
                }
            }
        }
        self.flush_link_note();
    }

    /// New tokens: tags as they are, each run of text in `<ins>` but a clause's own `§` link,
    /// written as it is (it is clause's, not the text's). A link's destination is compared
    /// with that of the deleted link it replaces; with `note_new_links`, a link that replaces
    /// none is noted too.
    pub(crate) fn inserted(&mut self, toks: &[Tok], note_new_links: bool) {
        let mut run: Vec<&str> = Vec::new();
        let mut in_self_link = false;
        for t in toks {
            match t {
                Tok::Text(s) if in_self_link => self.html.push_str(s),
                Tok::Text(s) => run.push(s),
                Tok::Tag(tag) => {
                    self.mark("ins", &std::mem::take(&mut run));
                    in_self_link = is_self_link(tag) || in_self_link && !tag.starts_with("</a");
                    self.tag(tag, Some(note_new_links));
                }
            }
        }
        self.mark("ins", &run);
    }

    /// A tag of the later version. An inserted link opening (`inserted` is `Some`) whose
    /// destination differs from the deleted one it replaces (or, when `Some(true)`, that
    /// replaces none) gets a note after its `</a>`.
    fn tag(&mut self, tag: &str, inserted: Option<bool>) {
        self.html.push_str(tag);
        if let (Some(note_new), Some(href)) = (inserted, link_destination(tag)) {
            let old = (!self.gone_links.is_empty()).then(|| self.gone_links.remove(0));
            if old.as_deref() != Some(href) && (old.is_some() || note_new) {
                self.pending_link = Some((old, Some(href.to_string())));
            }
        } else if tag.starts_with("</a") {
            self.flush_link_note();
        }
    }

    /// The note of a changed link destination waiting for the end of its link.
    fn flush_link_note(&mut self) {
        if let Some((old, new)) = self.pending_link.take() {
            self.link_note(old.as_deref(), new.as_deref());
        }
    }

    /// Old tokens: their text in `<del>`, but a clause's own `§` link, left out. In a whole
    /// removed block (`whole`) their tags are kept, balanced, without ids and without a link
    /// to an id the later version lacks; inside a changed block tags are dropped, and link
    /// destinations kept to compare with the inserted ones.
    pub(crate) fn deleted(&mut self, toks: &[Tok], whole: bool) {
        let mut run: Vec<&str> = Vec::new();
        let mut in_self_link = false;
        for t in toks {
            match t {
                Tok::Text(s) if !in_self_link => run.push(s),
                Tok::Text(_) => {}
                Tok::Tag(tag) if is_self_link(tag) => in_self_link = true,
                Tok::Tag(tag) if in_self_link && tag.starts_with("</a") => in_self_link = false,
                Tok::Tag(tag) if !whole => {
                    if let Some(href) = link_destination(tag) {
                        self.gone_links.push(href.to_string());
                    } else if tag.starts_with("</a") && matches!(self.pending_link, Some((_, None))) {
                        // A link taken from words: its note follows them. A link that leads
                        // elsewhere waits for its new `</a>`.
                        self.struck(&std::mem::take(&mut run), whole);
                        self.flush_link_note();
                    }
                }
                Tok::Tag(tag) => {
                    self.struck(&std::mem::take(&mut run), whole);
                    self.html.push_str(&self.kept_tag(tag));
                }
            }
        }
        self.struck(&run, whole);
    }

    /// Deleted text in `<del>`; white space alone kept as it is in a removed block (where the
    /// later version has none to show) and dropped in a changed one.
    fn struck(&mut self, run: &[&str], whole: bool) {
        match run.iter().all(|s| s.trim().is_empty()) {
            true if whole => run.iter().for_each(|s| self.html.push_str(s)),
            _ => self.mark("del", run),
        }
    }

    /// A tag of a removed block as it is kept: no id, and no `href` to an id that is gone.
    fn kept_tag(&self, tag: &str) -> String {
        let tag = without_attribute(tag, "id");
        match attribute(&tag, "href").and_then(|h| h.strip_prefix('#')) {
            Some(id) if !self.new_ids.contains(id) => without_attribute(&tag, "href"),
            _ => tag,
        }
    }

    /// After a link: "(link destination: old → new)", each side marked.
    fn link_note(&mut self, old: Option<&str>, new: Option<&str>) {
        let labels = self.labels;
        self.html.push_str(" <span class=\"link-change\">(");
        escape_html(&mut self.html, &labels.link);
        self.html.push(' ');
        if let Some(old) = old {
            self.mark("del", &[old]);
        }
        if old.is_some() && new.is_some() {
            self.html.push_str(" → ");
        }
        if let Some(new) = new {
            self.mark("ins", &[new]);
        }
        self.html.push_str(")</span>");
    }

    /// After a heading that moved to another level, its old level, in a note.
    pub(crate) fn level_note(&mut self, old: &str) {
        self.changed();
        let labels = self.labels;
        self.html.push_str(" <span class=\"redline-note\">");
        escape_html(&mut self.html, &labels.level.replace("{from}", old.trim_start_matches('h')));
        self.html.push_str("</span>");
    }

    /// A run of text in `<ins>` or `<del>`, announced; white space alone is not a change.
    pub(crate) fn mark(&mut self, element: &str, run: &[&str]) {
        let text: String = run.concat();
        if text.trim().is_empty() {
            if element == "ins" {
                self.html.push_str(&text);
            }
            return;
        }
        self.changed();
        let labels = self.labels;
        let label = if element == "ins" { &labels.inserted } else { &labels.deleted };
        self.html.push_str(&format!("<{element}><span class=\"visually-hidden\">"));
        escape_html(&mut self.html, label);
        self.html.push_str("</span>");
        self.html.push_str(&text);
        self.html.push_str(&format!("</{element}>"));
    }
}

/// Whether `tag` opens a heading's or clause's own `§`/`#` link.
fn is_self_link(tag: &str) -> bool {
    tag.contains("class=\"self-link\"")
}

/// The destination of a link's opening tag (`<a href="…">`), as written (escaped); none for
/// a heading's or clause's own `§`/`#` link, which is clause's, not the text's (a renumbered
/// clause is no link that leads elsewhere).
fn link_destination(tag: &str) -> Option<&str> {
    let is_a = tag.len() > 2
        && tag.as_bytes()[1].eq_ignore_ascii_case(&b'a')
        && tag.as_bytes()[2].is_ascii_whitespace();
    if is_a && !is_self_link(tag) {
        attribute(tag, "href")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::content::fill::Pieces;
    use crate::content::placeholders::Sentinels;
    use crate::render::redline::{redline, Labels, Redline};

    fn diff(old: &str, new: &str) -> (String, Redline) {
        let pieces = |html: &str| Pieces::from_html(html, &Sentinels::default());
        let r = redline(&pieces(old), &pieces(new), &Labels::from_strings(|_, d| d.to_string()), 0);
        (r.pieces.fill(&[]), r)
    }

    const DEL: &str = "<del><span class=\"visually-hidden\">deleted: </span>";
    const INS: &str = "<ins><span class=\"visually-hidden\">inserted: </span>";

    /// The earlier reading (the text without `<ins>`) keeps its spaces. GitHub's community
    /// guidelines (github/site-policy, CC0-1.0) read "repository<ins>, you </ins>can", and
    /// without the insertion "repositorycan": a space between two insertions was joined to
    /// them as a deletion of white space alone, which is not written.
    #[test]
    fn the_earlier_reading_keeps_its_spaces() {
        let old = "<p><strong>Moderate Comments</strong> - Users with <a href=\"/levels/\">write-access privileges</a> for a repository can <a href=\"/moderating/managing-disruptive-comments\">edit, delete, or hide anyone's comments</a> on commits, pull requests, and issues. Anyone with read access to a repository can view a comment's edit history. Comment authors and people with write access to a repository can also delete sensitive information from a <a href=\"/moderating/tracking-changes-in-a-comment\">comment's edit history</a>.</p>";
        let new = "<p><strong>Moderate Comments</strong> - If you have <a href=\"/levels/\">write-access privileges</a> for a repository, you can edit, delete, or hide anyone's comments on commits, pull requests, and issues. Anyone with read access to a repository can view a comment's edit history. Comment authors and people with write access to a repository can delete sensitive information from a comment's edit history. For more information, see &quot;<a href=\"/tracking-changes-in-a-comment\">Tracking changes in a comment</a>&quot;.</p>";
        let (html, _) = diff(old, new);
        let mut earlier = html.clone();
        while let (Some(a), Some(b)) = (earlier.find("<ins>"), earlier.find("</ins>")) {
            earlier.replace_range(a..b + 6, "");
        }
        let earlier = earlier.replace("<span class=\"visually-hidden\">deleted: </span>", "");
        let text: String =
            earlier.split('<').map(|t| t.split_once('>').map_or(t, |(_, rest)| rest)).collect();
        assert!(text.contains("for a repository can edit"), "{text}\n{html}");
    }

    #[test]
    fn a_link_that_leads_elsewhere_is_a_change_shown_old_and_new() {
        let para = |url: &str| {
            format!("<p id=\"clause-2\">2 We make our <a href=\"{url}\">uptime public here</a>.</p>\n")
        };
        let (html, r) =
            diff(&para("https://basecamp.com/3/uptime"), &para("https://www.37status.com/uptime"));
        assert_eq!(
            html,
            format!("<p id=\"clause-2\">2 We make our <a href=\"https://www.37status.com/uptime\">uptime public here</a> <span class=\"link-change\">(link destination: {DEL}https://basecamp.com/3/uptime</del> → {INS}https://www.37status.com/uptime</ins>)</span>.</p>\n")
        );
        assert_eq!(r.changed, vec!["clause-2"]);
        assert!(!r.unchanged);
    }

    #[test]
    fn a_link_given_to_words_or_taken_from_them_is_noted() {
        let (html, _) = diff("<p>See the terms.</p>", "<p>See <a href=\"t.html\">the terms</a>.</p>");
        assert_eq!(html, format!("<p>See <a href=\"t.html\">the terms</a> <span class=\"link-change\">(link destination: {INS}t.html</ins>)</span>.</p>"));
        let (html, _) = diff("<p>See <a href=\"t.html\">the terms</a>.</p>", "<p>See the terms.</p>");
        assert_eq!(html, format!("<p>See the terms <span class=\"link-change\">(link destination: {DEL}t.html</del>)</span>.</p>"));
    }

    /// China's accounting law renumbered 第二十六条 as 第二十四条 (2017 → 2024): its `§` link
    /// changed with it, which is no change of a link in the text.
    #[test]
    fn a_renumbered_clause_s_own_link_is_no_link_change() {
        let clause = |n: &str| {
            format!("<p id=\"clause-{n}\" class=\"clause\"><a class=\"self-link\" href=\"#clause-{n}\" aria-label=\"§ {n}\">§</a> <span class=\"clause-number\">第{n}条</span> 会计资料。</p>")
        };
        let (html, _) = diff(&clause("26"), &clause("24"));
        assert!(!html.contains("link-change"), "{html}");
        assert!(html.contains(&format!("{INS}24</ins>")), "the number's change is marked: {html}");
    }

    /// A paragraph that became a clause, and one that stopped being one (China's accounting
    /// law): the `§` link is no inserted or deleted text.
    #[test]
    fn a_clause_s_own_link_is_never_marked() {
        let clause = "<p id=\"clause-2\" class=\"clause\"><a class=\"self-link\" href=\"#clause-2\">§</a> 第二条 本法施行。</p>";
        let (html, _) = diff("<p>本法施行。</p>", clause);
        assert!(html.contains("<a class=\"self-link\" href=\"#clause-2\">§</a>"), "{html}");
        let (html, _) = diff(clause, "<p>本法施行。</p>");
        assert!(!html.contains("§"), "{html}");
    }

    #[test]
    fn a_new_link_in_new_words_is_not_noted_twice() {
        let (html, _) = diff("<p>Write to us.</p>", "<p>Write to <a href=\"mailto:a@b\">a@b</a>.</p>");
        assert!(!html.contains("link-change"), "{html}");
        let (html, _) = diff(
            "<p>We use <a href=\"https://www.hcaptcha.com/\">hCaptcha</a> here.</p>",
            "<p>We use <a href=\"https://en.wikipedia.org/wiki/CAPTCHA\">CAPTCHA</a> here.</p>",
        );
        assert!(html.contains(&format!("(link destination: {DEL}https://www.hcaptcha.com/</del> → {INS}https://en.wikipedia.org/wiki/CAPTCHA</ins>)")), "{html}");
    }

    /// GitHub's DMCA takedown policy (github/site-policy, CC0-1.0, 2001-06-30 → 2001-07-10 in
    /// the helper's dated copy): "you can [skip to the end](#f-…)." became "you can skip to
    /// \"[G. Submitting Notices](#g-…).\"". The note that the old link is gone was written
    /// before the struck words it was on ("skip to (link destination: …)the end"); it goes
    /// after them, where the old `</a>` was.
    #[test]
    fn a_link_s_note_follows_the_words_it_was_on() {
        let (html, _) = diff(
            "<p>(If you just want to submit a notice, you can <a href=\"#f-submitting-notices\">skip to the end</a>.)</p>",
            "<p>(If you just want to submit a notice, you can skip to &quot;<a href=\"#g-submitting-notices\">G. Submitting Notices</a>.&quot;)</p>",
        );
        let words = html.find("the end").unwrap_or(usize::MAX);
        let note = html.find("link-change").unwrap_or(0);
        assert!(words < note, "{html}");
        assert!(html.contains("the end</del> <span class=\"link-change\">"), "{html}");
    }

    /// GitHub's Corporate Terms of Service (github/site-policy, CC0-1.0): "GitHub's
    /// [Community Guidelines](…guidelines) and [Acceptable Use Policy](…policies)" became
    /// "[GitHub's Acceptable Use Policy](…policies) and [GitHub's Community Guidelines](…)".
    /// The first link leads elsewhere: its note comes after the new link's words, not in them.
    #[test]
    fn a_link_s_new_destination_is_noted_after_its_new_words() {
        let (html, _) = diff(
            "<p>Use must comply with <a href=\"/cg\">GitHub's Community Guidelines</a> and <a href=\"/aup\">Acceptable Use Policy</a>.</p>",
            "<p>Use must comply with <a href=\"/aup\">GitHub's Acceptable Use Policy</a> and <a href=\"/cg\">GitHub's Community Guidelines</a>.</p>",
        );
        let first = html.find("</a>").unwrap_or(usize::MAX);
        let note = html.find("link-change").unwrap_or(0);
        assert!(first < note, "{html}");
    }
}
