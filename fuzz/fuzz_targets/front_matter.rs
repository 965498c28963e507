//! Front matter splitting and parsing never panic, and errors point inside the file.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match clause::content::frontmatter::split(&text) {
        Ok(split) => {
            assert!(split.body_offset <= text.len());
            if let Err(e) = clause::content::frontmatter::parse(&split) {
                let lines = text.lines().count().max(1) + 1;
                assert!(e.line.unwrap_or(1) <= lines, "error line {:?} past the end ({lines})", e.line);
            }
        }
        Err(e) => assert_eq!(e.line, Some(1)),
    }
});
