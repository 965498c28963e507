//! The `clause` binary: parses the command line and hands it to the library.

use clap::Parser;

fn main() {
    let cli = clause::commands::cli::Cli::parse();
    std::process::exit(clause::commands::cli::run(cli));
}

// Rendering allocates many short-lived strings on every core; mimalloc serves them faster
// than the system allocator (measured in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
