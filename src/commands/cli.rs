//! The command line: clap definitions and what each command prints and returns.
//!
//! Exit codes: 0 success, 1 errors in the site (every one printed), 2 usage errors.

use crate::commands::build::{self, BuildOptions};
use crate::content::frontmatter::Date;
use crate::diag::{Diagnostic, UsageError};
use crate::render::prepare::BuildError;
use crate::site::build_date::parse_as_of;
use crate::site::selection::Selection;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "clause",
    version,
    about = "Builds one static legal site per brand from one multilingual content tree"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build every brand × locale × document into the output folder.
    Build(BuildArgs),
    /// Check the site without writing: build errors, broken links and anchors, translations.
    Check(crate::commands::check::CheckArgs),
    /// Build and serve the site over HTTP; with --watch, rebuild and reload on every change.
    Serve(ServeArgs),
    /// Publish each brand's built folder to its place on an object store, uploading only what changed.
    Deploy(DeployArgs),
    /// Exchange XLIFF 1.2 files with translators' CAT tools: export a locale's work, import what comes back.
    #[command(subcommand)]
    Translate(crate::commands::translate::TranslateCommand),
    /// Write a small working site into DIR (which must be new or empty).
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port (0: any free port; the address is printed).
    #[arg(long, default_value_t = 1313)]
    pub port: u16,
    /// Build and list only this brand (repeatable).
    #[arg(long = "brand", value_name = "ID")]
    pub brands: Vec<String>,
    /// Rebuild on every change and reload open pages.
    #[arg(long)]
    pub watch: bool,
    /// The date the site is built for (which version of each document is in force):
    /// YYYY-MM-DD; default: SOURCE_DATE_EPOCH's date, else today (UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<Date>,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The output folder (overrides output_dir in site.toml).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Build only this brand (repeatable).
    #[arg(long = "brand", value_name = "ID")]
    pub brands: Vec<String>,
    /// Build only this locale (repeatable).
    #[arg(long = "locale", value_name = "TAG")]
    pub locales: Vec<String>,
    /// Build the K-th of N equal shares of the brands, sorted by id.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Build drafts too.
    #[arg(long)]
    pub drafts: bool,
    /// The date the site is built for (which version of each document is in force):
    /// YYYY-MM-DD; default: SOURCE_DATE_EPOCH's date, else today (UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<Date>,
}

#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The output folder to deploy (overrides output_dir in site.toml).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Deploy only this brand (repeatable; default: every brand the output holds).
    #[arg(long = "brand", value_name = "ID")]
    pub brands: Vec<String>,
    /// Print what would be uploaded and deleted; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Upload every file, changed or not.
    #[arg(long)]
    pub force: bool,
    /// Allow up to N deletes per brand in this run (overrides deploy.max_deletes).
    #[arg(long, value_name = "N")]
    pub max_deletes: Option<u64>,
    /// Write the URL paths changed, one a line, for a CDN purge (`{brand}` in FILE: one file per brand).
    #[arg(long, value_name = "FILE")]
    pub changed_paths: Option<PathBuf>,
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 2/4")?;
    let k: usize = k.trim().parse().map_err(|_| format!("`{k}` is not a whole number"))?;
    let n: usize = n.trim().parse().map_err(|_| format!("`{n}` is not a whole number"))?;
    if k == 0 || n == 0 || k > n {
        return Err(format!("K/N needs 1 ≤ K ≤ N, got {k}/{n}"));
    }
    Ok((k, n))
}

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => crate::commands::check::check(args).unwrap_or_else(|u| report_usage(&u)),
        Command::Serve(a) => crate::commands::serve::serve(crate::commands::serve::ServeOptions {
            root: a.root,
            bind: a.bind,
            port: a.port,
            brands: a.brands,
            watch: a.watch,
            as_of: a.as_of,
        }),
        Command::Deploy(a) => deploy(a),
        Command::Translate(c) => {
            crate::commands::translate::translate(c).unwrap_or_else(|u| report_usage(&u))
        }
        Command::Init { dir } => init(&dir),
    }
}

fn deploy(a: DeployArgs) -> i32 {
    let opts = crate::deploy::DeployOptions {
        root: a.root,
        out: a.out,
        brands: a.brands,
        dry_run: a.dry_run,
        force: a.force,
        max_deletes: a.max_deletes,
        changed_paths: a.changed_paths,
    };
    match crate::deploy::deploy(&opts) {
        Ok(()) => 0,
        Err(crate::deploy::DeployError::Usage(usage)) => report_usage(&usage),
        Err(crate::deploy::DeployError::Failed(diags)) => {
            print_diagnostics(&diags);
            eprintln!("deploy failed with {} error{}", diags.len(), if diags.len() == 1 { "" } else { "s" });
            1
        }
    }
}

fn init(dir: &std::path::Path) -> i32 {
    match crate::commands::init::init(dir) {
        Ok(files) => {
            println!(
                "wrote a new site in {} ({} files); build it with: clause build --root {}",
                dir.display(),
                files.len(),
                dir.display()
            );
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn build(args: BuildArgs) -> i32 {
    crate::output::interrupt::undo_on_interrupt();
    let opts = BuildOptions {
        root: args.root,
        out: args.out,
        selection: Selection {
            brands: args.brands,
            locales: args.locales,
            shard: args.shard,
            as_of: args.as_of,
        },
        drafts: args.drafts,
    };
    match build::build(&opts) {
        Ok(report) => {
            println!("{}", report.summary());
            0
        }
        Err(e) => report_build_error(e),
    }
}

/// Prints a failed run's errors to stderr and returns its exit code.
pub fn report_build_error(e: BuildError) -> i32 {
    match e {
        BuildError::Usage(usage) => report_usage(&usage),
        BuildError::Failed(diags) => {
            print_diagnostics(&diags);
            let n = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "build failed with {n} error{}; the output folder was left as it was",
                if n == 1 { "" } else { "s" }
            );
            1
        }
    }
}

/// Prints a usage error (the command line asked for what the site lacks); exit code 2.
pub fn report_usage(usage: &UsageError) -> i32 {
    eprintln!("error: {usage}");
    2
}

pub fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}
