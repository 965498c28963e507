//! `clause check`: its flags, one call into the check stage ([`crate::check`]), and the
//! report printed as text, JSON or a status page, with its exit code.

use crate::check::{print, status_page};
use crate::content::frontmatter::Date;
use crate::diag::UsageError;
use crate::site::build_date::parse_as_of;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Output for people (text), tools (json) or a status page (html, one self-contained page).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The date the site is built for (which version of each document is in force):
    /// YYYY-MM-DD; default: SOURCE_DATE_EPOCH's date, else today (UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Html,
}

/// Runs `clause check`; returns the exit code: 1 with errors (or warnings under
/// `--strict`); a usage error is the caller's to report (exit 2).
pub fn check(args: CheckArgs) -> Result<i32, UsageError> {
    let report = crate::check::check(&args.root, args.as_of)?;
    match args.format {
        Format::Json => println!("{}", print::to_json(&report)),
        Format::Html => match status_page::to_html(&report, &args.root) {
            Ok(page) => print!("{page}"),
            Err(e) => {
                eprintln!("error: cannot write the status page: {e}");
                return Ok(1);
            }
        },
        Format::Text => {
            let _ = write!(anstream::stdout(), "{}", print::to_text(&report));
        }
    }
    Ok(i32::from(report.errors() > 0 || (args.strict && report.warnings() > 0)))
}
