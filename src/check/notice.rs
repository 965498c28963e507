//! `short-notice`: an upcoming material version that takes effect fewer than `[versions]
//! notice_days` (30 by default, the notice GitHub gives of material changes) after the
//! build date, so that CI can stop a change announced too late.

use crate::check::versions::{is_material, later_versions, version_date};
use crate::content::frontmatter::Date;
use crate::diag::{Diagnostic, Diagnostics, Kind, Pos};
use crate::site::model::Site;

/// Adds a `short-notice` warning for every material version after the first of its
/// document that takes effect after `as_of` but fewer than `notice_days` days after it.
pub fn check_notice(site: &Site, as_of: Date, diags: &mut Diagnostics) {
    let notice = i64::from(site.config.versions.notice_days.0);
    for d in later_versions(site).filter(|d| is_material(site, d)) {
        let Some(date) = version_date(d).filter(|date| *date > as_of) else { continue };
        let Some(days) = days_between(as_of, date).filter(|days| *days < notice) else { continue };
        diags.push(
            Diagnostic::warning(
                Kind::ShortNotice,
                format!(
                    "this material version takes effect on {}, {days} day{} after {}: fewer than the {notice} days of notice asked",
                    date.iso(),
                    if days == 1 { "" } else { "s" },
                    as_of.iso()
                ),
            )
            .in_file(d.file.rel.clone())
            .at(Pos::new(1, 1))
            .locale(&d.file.locale)
            .help("announce material changes earlier (move the date later), mark a mere correction `material = false`, or lower [versions] notice_days in site.toml"),
        );
    }
}

/// Days from `from` to `to`; `None` for a date the calendar cannot hold.
fn days_between(from: Date, to: Date) -> Option<i64> {
    let day = |d: Date| {
        let month = time::Month::try_from(d.month).ok()?;
        time::Date::from_calendar_date(d.year, month, d.day).ok()
    };
    Some((day(to)? - day(from)?).whole_days())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::prepare::test_site::{doc, load, SITE};

    fn d(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    fn warned(site_toml: &str, as_of: Date) -> Vec<String> {
        let v =
            |date: &str, extra: &str| doc("Policy", &format!("effective_date = {date}\n{extra}"), "Text.");
        let (_root, front) = load(
            site_toml,
            &[
                ("content/en/policy.md", &v("2024-01-01", "")),
                ("content/en/policy@2026-03-01.md", &v("2026-03-01", "")),
                ("content/en/policy@2026-03-10.md", &v("2026-03-10", "material = false\n")),
            ],
        );
        let mut diags = Diagnostics::default();
        check_notice(&front.site, as_of, &mut diags);
        diags.into_sorted().iter().map(|d| d.file.as_ref().unwrap().display().to_string()).collect()
    }

    #[test]
    fn a_material_version_announced_too_late_is_warned_about() {
        // 29 days before: too late; 30 days before: enough. A correction never needs notice.
        assert_eq!(warned(SITE, d(2026, 1, 31)), ["content/en/policy@2026-03-01.md"]);
        assert!(warned(SITE, d(2026, 1, 30)).is_empty());
        assert!(warned(SITE, d(2026, 3, 1)).is_empty(), "in force: no notice left to give");
        let longer = SITE
            .replace("default_locale = \"en\"\n", "default_locale = \"en\"\n[versions]\nnotice_days = 60\n");
        assert_eq!(warned(&longer, d(2026, 1, 1)), ["content/en/policy@2026-03-01.md"]);
    }

    #[test]
    fn days_count_across_months_and_leap_years() {
        assert_eq!(days_between(d(2024, 2, 1), d(2024, 3, 1)), Some(29));
        assert_eq!(days_between(d(2025, 12, 31), d(2026, 1, 1)), Some(1));
    }
}
