//! The `clause` binary: parses the command line and hands it to the library.

use clap::Parser;

fn main() {
    let cli = clause::cli::Cli::parse();
    std::process::exit(clause::cli::run(cli));
}
