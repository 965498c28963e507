//! The words a redline writes in the reader's language, from the theme's interface strings:
//! what screen readers hear before a change, and the notes on a changed link or heading level.

/// The words the redline writes in the reader's language.
#[derive(Debug, Clone)]
pub struct Labels {
    /// Heard by screen readers before a change: "inserted: ", "deleted: ".
    pub inserted: String,
    pub deleted: String,
    /// Before a changed link destination: "link destination:".
    pub link: String,
    /// After a heading that changed level, `{from}` its old level: "(was a level-{from} heading)".
    pub level: String,
}

impl Labels {
    /// The labels from a theme's interface strings, `string(key, default)`.
    pub fn from_strings(string: impl Fn(&str, &str) -> String) -> Labels {
        Labels {
            inserted: string("inserted", "inserted:") + " ",
            deleted: string("deleted", "deleted:") + " ",
            link: string("link_destination", "link destination:"),
            level: string("heading_level_changed", "(was a level-{from} heading)"),
        }
    }
}
