//! The `clause` binary: parses the command line and hands it to the library.

use clap::Parser;

fn main() {
    purge_sooner();
    let cli = clause::commands::cli::Cli::parse();
    std::process::exit(clause::commands::cli::run(cli));
}

/// mimalloc v3 keeps memory it freed committed for a second (its `purge_delay`, 1,000 ms)
/// before handing it back, longer than a build lasts: a build's peak memory then counted
/// much of what it had ever freed. At 25 ms the memory goes back while the build runs, at no
/// measured cost in time; at 0 it goes back on every free, 23 % slower (BENCHMARKS.md,
/// "Versions as data").
fn purge_sooner() {
    /// `mi_option_purge_delay` in mimalloc's option enum (the same in its v2 and v3).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one of the allocator's plain options, before any other thread runs; the
    // option is a number of milliseconds, read whenever mimalloc schedules a purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 25) }
}

// Rendering allocates many short-lived strings on every core; mimalloc serves them faster
// than the system allocator (measured in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
