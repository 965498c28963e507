//! The least any build can spend writing a set of files: reads them from an earlier output
//! into memory, then writes them into a copy of its folders (made beforehand, as a build has
//! made them for its pages) with N threads, one `open`, `write`, `close` per file, no rendering,
//! no hashing. BENCHMARKS.md ("Sixteenth session") compares it with what the data files of
//! issue 24 cost inside a build.
//!
//! ```text
//! rustc -O -o /tmp/write_floor bench/write_floor.rs
//! cd OUT && find . -name fragment.html -o -name '*.json' ! -name manifest.json > /tmp/data.list
//! /tmp/write_floor /tmp/data.list OUT NEW 2      # NEW: a folder with OUT's folders in it
//! ```

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::thread;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().collect();
    let [_, list, from, to, threads] = args.as_slice() else {
        eprintln!("usage: write_floor LIST FROM TO THREADS");
        return ExitCode::from(2);
    };
    match run(Path::new(list), Path::new(from), Path::new(to), threads.parse().unwrap_or(2)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("write_floor: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(list: &Path, from: &Path, to: &Path, threads: usize) -> std::io::Result<()> {
    let names: Vec<String> = fs::read_to_string(list)?.lines().map(str::to_string).collect();
    let files = names
        .iter()
        .map(|n| Ok((to.join(n), fs::read(from.join(n))?)))
        .collect::<std::io::Result<Vec<(PathBuf, Vec<u8>)>>>()?;
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let (files, threads) = (&files, threads.max(1));
    let start = Instant::now();
    thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| s.spawn(move || write_share(files, t, threads)))
            .collect();
        workers.into_iter().try_for_each(|w| w.join().unwrap_or_else(|_| Err(std::io::Error::other("panic"))))
    })?;
    let secs = start.elapsed().as_secs_f64();
    println!("{} files, {:.1} MB, {secs:.3} s with {threads} threads", files.len(), bytes as f64 / 1e6);
    Ok(())
}

/// Every `threads`-th file from `first`.
fn write_share(files: &[(PathBuf, Vec<u8>)], first: usize, threads: usize) -> std::io::Result<()> {
    files.iter().skip(first).step_by(threads).try_for_each(|(path, bytes)| fs::write(path, bytes))
}
