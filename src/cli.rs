//! The command line: clap definitions and what each command prints and returns.
//!
//! Exit codes: 0 success, 1 errors in the site (every one printed), 2 usage errors.

use crate::diag::Diagnostic;
use crate::pipeline::{self, BuildError, BuildOptions};
use crate::plan::Selection;
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
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 2/4")?;
    let k: usize = k
        .trim()
        .parse()
        .map_err(|_| format!("`{k}` is not a whole number"))?;
    let n: usize = n
        .trim()
        .parse()
        .map_err(|_| format!("`{n}` is not a whole number"))?;
    if k == 0 || n == 0 || k > n {
        return Err(format!("K/N needs 1 ≤ K ≤ N, got {k}/{n}"));
    }
    Ok((k, n))
}

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build(args) => build(args),
    }
}

fn build(args: BuildArgs) -> i32 {
    let opts = BuildOptions {
        root: args.root,
        out: args.out,
        selection: Selection {
            brands: args.brands,
            locales: args.locales,
            shard: args.shard,
        },
        drafts: args.drafts,
    };
    match pipeline::build(&opts) {
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
        BuildError::Usage(msg) => {
            eprintln!("error: {msg}");
            2
        }
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

pub fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}
