//! `clause translate export|import`: XLIFF 1.2 files for translators' CAT tools, out of the
//! site and back in (the work is [`crate::translate`]'s). Nothing is written unless every file
//! and unit was read and checked.

use crate::diag::{Diagnostics, UsageError};
use crate::site::model::{LoadOptions, Site};
use crate::site::selection::check_locale_tags;
use crate::translate::{export, import};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum TranslateCommand {
    /// Write one XLIFF 1.2 file per document and version that LOCALE translates.
    Export(ExportArgs),
    /// Read XLIFF files a CAT tool saved and write the translations into content/.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The locale to translate into.
    #[arg(long, value_name = "LOCALE")]
    pub to: String,
    /// The locale to translate from (default: each document's source up LOCALE's fallback chain).
    #[arg(long, value_name = "LOCALE")]
    pub from: Option<String>,
    /// Only units that are new or changed since the translation (each with the unit before it, locked).
    #[arg(long)]
    pub changed: bool,
    /// Where the files go: <DIR>/<LOCALE>/<path>.xlf (default: translations/ in the site's folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Keep the existing translation of units that have no target.
    #[arg(long)]
    pub partial: bool,
    /// The XLIFF files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Runs `clause translate …`; returns the exit code (usage errors are the caller's, exit 2).
pub fn translate(command: TranslateCommand) -> Result<i32, UsageError> {
    match command {
        TranslateCommand::Export(args) => run_export(args),
        TranslateCommand::Import(args) => run_import(args),
    }
}

/// The site, or its errors printed (a site with errors is not translated).
fn load(root: &Path) -> Result<Site, i32> {
    match Site::load(root, LoadOptions::default()) {
        Ok((site, diags)) if !diags.has_errors() => Ok(site),
        Ok((_, diags)) | Err(diags) => Err(failed(diags, "the site has errors")),
    }
}

fn failed(diags: Diagnostics, what: &str) -> i32 {
    let all = diags.into_sorted();
    let n = all.iter().filter(|d| d.is_error()).count();
    all.iter().for_each(|d| eprintln!("{d}"));
    eprintln!("{what}: {n} error{}; nothing was written", if n == 1 { "" } else { "s" });
    1
}

fn run_export(args: ExportArgs) -> Result<i32, UsageError> {
    let site = match load(&args.root) {
        Ok(site) => site,
        Err(code) => return Ok(code),
    };
    let tags: Vec<String> = [Some(args.to.clone()), args.from.clone()].into_iter().flatten().collect();
    check_locale_tags(&site, &tags)?;
    let source_of_to = site.locale(&args.to).and_then(|l| l.source());
    if args.from.as_deref().or(source_of_to).is_none_or(|from| from == args.to) {
        let others: Vec<&str> =
            site.locales.iter().map(|l| l.tag.as_str()).filter(|t| *t != args.to).collect();
        return Err(UsageError(format!(
            "--to {}: that locale translates from no other (it is the source); give --from, one of {}",
            args.to,
            others.join(", ")
        )));
    }
    let opts = export::Options { to: args.to.clone(), from: args.from, changed: args.changed };
    let files = match export::export(&site, &opts) {
        Ok(files) => files,
        Err(diags) => return Ok(failed(diags, "export failed")),
    };
    let out = args.out.unwrap_or_else(|| args.root.join("translations"));
    for f in &files {
        let path = out.join(&f.rel);
        if let Err(e) = crate::translate::write_whole(&path, &f.text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return Ok(1);
        }
    }
    let units: usize = files.iter().map(|f| f.units).sum();
    println!(
        "wrote {} XLIFF file{} for {} into {} ({units} units to translate)",
        files.len(),
        plural(files.len()),
        args.to,
        out.join(&args.to).display()
    );
    Ok(0)
}

fn run_import(args: ImportArgs) -> Result<i32, UsageError> {
    let site = match load(&args.root) {
        Ok(site) => site,
        Err(code) => return Ok(code),
    };
    let translated = match import::import(&site, &args.files, import::Options { partial: args.partial }) {
        Ok(t) => t,
        Err(diags) => return Ok(failed(diags, "import failed")),
    };
    if let Err(e) = import::write_all(&args.root, &translated) {
        eprintln!("error: cannot write the translations: {e}");
        return Ok(1);
    }
    for t in &translated {
        println!("wrote {} ({} units)", t.rel.display(), t.units);
    }
    Ok(0)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
