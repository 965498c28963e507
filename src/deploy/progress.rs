//! What a deploy shows while it works, on stderr: a progress bar (indicatif) when stderr is
//! a terminal, plain lines (one per brand and stage) when it is not, such as in CI logs.
//! It shows keys and counts only, never a URL's credentials or a header.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Progress over `total` steps (uploads and deletes of every brand).
    pub fn new(total: u64) -> Progress {
        let bar = (total > 0 && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar }
    }

    /// One upload or delete done.
    pub fn step(&self, brand: &str, key: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{brand}/{key}"));
            bar.inc(1);
        }
    }

    /// A stage of a brand done: a line in a log, nothing over a bar.
    pub fn stage(&self, text: &str) {
        if self.bar.is_none() {
            eprintln!("{text}");
        }
    }

    /// A line that stays (a summary), printed to stdout above the bar.
    pub fn println(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| println!("{text}")),
            None => println!("{text}"),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
