//! Every kind of finding clause reports, in one place: the stable, machine-readable names
//! that `check --format json`, the README and the tests use. A new rule adds a variant here,
//! so no two files can spell one kind two ways, and a test can walk them all.

use serde::{Serialize, Serializer};
use std::fmt;

/// Declares [`Kind`] with each variant's name, and [`Kind::ALL`].
macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// What a finding is about. Its name (`broken-link`) is the stable part of the
        /// contract; the message around it is for people.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind {
            $($(#[$doc])* $variant,)*
        }

        impl Kind {
            /// Every kind, in the order declared.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The kind's name: `broken-link`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }
        }
    };
}

kinds! {
    // site.toml and locales
    ConfigMissing => "config-missing",
    InvalidToml => "invalid-toml",
    UnknownConfigKey => "unknown-config-key",
    InvalidBrandId => "invalid-brand-id",
    InvalidBaseUrl => "invalid-base-url",
    InvalidLocale => "invalid-locale",
    UnknownLocale => "unknown-locale",
    MissingDefaultLocale => "missing-default-locale",
    FallbackCycle => "fallback-cycle",
    // content files
    UnreadableFile => "unreadable-file",
    InvalidUtf8 => "invalid-utf8",
    OutsideLocale => "outside-locale",
    UnclosedFrontMatter => "unclosed-front-matter",
    InvalidFrontMatter => "invalid-front-matter",
    UnknownFrontMatterKey => "unknown-front-matter-key",
    MalformedPlaceholder => "malformed-placeholder",
    UnknownPlaceholder => "unknown-placeholder",
    UnknownBrand => "unknown-brand",
    // versions (SPEC §6)
    InvalidVersionDate => "invalid-version-date",
    VersionDateMismatch => "version-date-mismatch",
    MissingEffectiveDate => "missing-effective-date",
    DuplicateVersion => "duplicate-version",
    UnshownVersion => "unshown-version",
    // the theme
    UnknownTheme => "unknown-theme",
    TemplateError => "template-error",
    InvalidThemeStrings => "invalid-theme-strings",
    UnknownThemeString => "unknown-theme-string",
    // the output folder
    UnsafeOutput => "unsafe-output",
    ForeignOutput => "foreign-output",
    OutputConflict => "output-conflict",
    OutputInTheWay => "output-in-the-way",
    IoError => "io-error",
    // deploy (SPEC §7)
    InvalidDeployUrl => "invalid-deploy-url",
    InvalidDeployHeader => "invalid-deploy-header",
    InvalidMaxDeletes => "invalid-max-deletes",
    OverlappingDeployPlaces => "overlapping-deploy-places",
    NoDeployPlace => "no-deploy-place",
    NotBuilt => "not-built",
    OutputMismatch => "output-mismatch",
    TooManyDeletes => "too-many-deletes",
    DeployFailed => "deploy-failed",
    // `clause translate import` (XLIFF)
    /// Not a well-formed XLIFF file, or a code id that is no number.
    XliffUnreadable => "xliff-unreadable",
    /// A `<file>` whose `original` or `target-language` the site does not have.
    XliffUnknownFile => "xliff-unknown-file",
    /// A unit whose source is no longer the site's (or a unit the source does not have).
    XliffSourceChanged => "xliff-source-changed",
    /// A unit without a target (without `--partial`).
    XliffMissingTarget => "xliff-missing-target",
    /// A target that drops, repeats or invents an inline code, or moves a clause number.
    XliffCodeMismatch => "xliff-code-mismatch",
    /// `{{` typed as text in a target, where the placeholder's code belongs.
    XliffTypedPlaceholder => "xliff-typed-placeholder",
    // what `check` adds
    BrokenLink => "broken-link",
    MissingTranslation => "missing-translation",
    OutdatedTranslation => "outdated-translation",
    PlaceholderMismatch => "placeholder-mismatch",
    ClauseMismatch => "clause-mismatch",
    DuplicateClause => "duplicate-clause",
    UntranslatedOverride => "untranslated-override",
    MissingThemeString => "missing-theme-string",
    MissingSummary => "missing-summary",
    /// A material version after the first, which asks users to accept again, with no summary.
    MaterialWithoutSummary => "material-without-summary",
    /// A translation's `material` differs from its source's (the source's holds).
    MaterialMismatch => "material-mismatch",
    /// An upcoming material version takes effect sooner than `[versions] notice_days`.
    ShortNotice => "short-notice",
    /// The command line asked for something the site does not have, shown where a command
    /// cannot exit 2 (`serve`'s overlay after a rebuild).
    Usage => "usage",
    /// A defect of clause itself, never of the site.
    Internal => "internal",
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// By name, so that findings sort as they always have (by the name they print).
impl Ord for Kind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Kind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_distinct_kebab_case_name() {
        let mut names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')));
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Kind::ALL.len());
    }

    #[test]
    fn kinds_sort_by_their_names() {
        assert!(Kind::BrokenLink < Kind::ConfigMissing);
        assert!(Kind::Usage > Kind::UnsafeOutput);
    }
}
