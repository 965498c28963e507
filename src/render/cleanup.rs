//! The cleanup of a word diff, as diff-match-patch does it: a short equal stretch between two
//! changes joins them (semantic), and a lone insertion or deletion slides to the nearest
//! sentence, word or tag edge (lossless), so a redline marks phrases a reader can follow.

use std::borrow::Cow;
use std::ops::Range;

/// A stretch of a word diff: tokens `old` of the earlier run and `new` of the later one, the
/// same (`same`) or changed (either range may then be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub old: Range<usize>,
    pub new: Range<usize>,
    pub same: bool,
}

/// Appends `span`, joined with the last one when both are changes; an empty span is dropped.
pub(crate) fn push(spans: &mut Vec<Span>, span: Span) {
    if span.old.is_empty() && span.new.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if !last.same && !span.same => {
            last.old.end = span.old.end;
            last.new.end = span.new.end;
        }
        Some(last) if last.same && span.same => {
            last.old.end = span.old.end;
            last.new.end = span.new.end;
        }
        _ => spans.push(span),
    }
}

/// The length of tokens as a reader sees it: characters, tags counting nothing.
fn seen_len(toks: &[Cow<'_, str>]) -> usize {
    toks.iter().filter(|t| !t.starts_with('<')).map(|t| t.chars().count()).sum()
}

/// Semantic cleanup: an equal stretch no longer than the change before it and the change after
/// it (each measured by its longer side) becomes part of one change with both.
pub(crate) fn absorb_short_equalities(
    spans: Vec<Span>,
    old: &[Cow<'_, str>],
    new: &[Cow<'_, str>],
) -> Vec<Span> {
    let size = |s: &Span| seen_len(&old[s.old.clone()]).max(seen_len(&new[s.new.clone()]));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        push(&mut out, span);
        while let [.., before, equal, after] = &out[..] {
            let joins = !before.same && equal.same && !after.same;
            // Two insertions (or two deletions) around a space stay apart: joined, the space
            // would be a deletion of white space alone, which is not shown, and the earlier
            // reading would run two words together ("repository<ins>, you </ins>can").
            let one_sided = before.old.is_empty() && after.old.is_empty()
                || before.new.is_empty() && after.new.is_empty();
            let space = old[equal.old.clone()].iter().all(|t| t.trim().is_empty());
            if !(joins && !(one_sided && space) && size(equal) <= size(before) && size(equal) <= size(after))
            {
                break;
            }
            let joined = Span {
                old: before.old.start..after.old.end,
                new: before.new.start..after.new.end,
                same: false,
            };
            out.truncate(out.len() - 3);
            push(&mut out, joined);
        }
    }
    out
}

/// Lossless cleanup: an insertion or a deletion between two equal stretches can often sit
/// a few tokens earlier or later and say the same ("data<ins>. We share data</ins>." is
/// "data.<ins> We share data.</ins>"); it is put where its edges score best.
pub(crate) fn slide_to_edges(mut spans: Vec<Span>, old: &[Cow<'_, str>], new: &[Cow<'_, str>]) -> Vec<Span> {
    for i in 1..spans.len().saturating_sub(1) {
        let (before, change, after) = (&spans[i - 1], &spans[i], &spans[i + 1]);
        if !before.same || change.same || !after.same || (!change.old.is_empty() && !change.new.is_empty()) {
            continue;
        }
        let inserted = change.old.is_empty();
        let (toks, lo, start, end, hi) = if inserted {
            (new, before.new.start, change.new.start, change.new.end, after.new.end)
        } else {
            (old, before.old.start, change.old.start, change.old.end, after.old.end)
        };
        let shift = best_shift(toks, lo, start, end, hi);
        if shift != 0 {
            for (k, span) in spans[i - 1..=i + 1].iter_mut().enumerate() {
                let moved = |r: &mut Range<usize>, a: bool, b: bool| {
                    r.start = (r.start as isize + if a { shift } else { 0 }) as usize;
                    r.end = (r.end as isize + if b { shift } else { 0 }) as usize;
                };
                let (a, b) = (k > 0, k < 2);
                moved(&mut span.old, a, b);
                moved(&mut span.new, a, b);
            }
        }
    }
    let mut out = Vec::with_capacity(spans.len());
    spans.into_iter().for_each(|s| push(&mut out, s));
    out
}

/// By how many tokens the edit `toks[start..end]`, with equal tokens `lo..start` before it and
/// `end..hi` after it, is best moved: the one whose two edges score highest (the latest of
/// equals, as diff-match-patch does).
fn best_shift(toks: &[Cow<'_, str>], lo: usize, start: usize, end: usize, hi: usize) -> isize {
    let mut left = 0;
    while start - left > lo && toks[start - left - 1] == toks[end - left - 1] {
        left += 1;
    }
    let (mut best, mut best_score) = (0, None);
    let mut k = -(left as isize);
    loop {
        let (s, e) = ((start as isize + k) as usize, (end as isize + k) as usize);
        let score = edge_score(toks, s) + edge_score(toks, e);
        if best_score.is_none_or(|b| score >= b) {
            (best, best_score) = (k, Some(score));
        }
        if e >= hi || toks[s] != toks[e] {
            return best;
        }
        k += 1;
    }
}

/// How good a place the boundary before token `at` is for an edit to start or end: the edge
/// of the run (6), at a tag or a line break (4), after the end of a sentence (3), at white
/// space (2), at other punctuation (1), inside a run of words (0).
fn edge_score(toks: &[Cow<'_, str>], at: usize) -> u8 {
    let (Some(left), Some(right)) = (at.checked_sub(1).and_then(|i| toks.get(i)), toks.get(at)) else {
        return 6;
    };
    let (l, r) = (left.chars().last().unwrap_or(' '), right.chars().next().unwrap_or(' '));
    if left.starts_with('<') || right.starts_with('<') || l == '\n' || r == '\n' {
        4
    } else if matches!(l, '。' | '！' | '？' | '；')
        || matches!(l, '.' | '!' | '?' | ';' | ':') && r.is_whitespace()
    {
        3
    } else if l.is_whitespace() || r.is_whitespace() {
        2
    } else if !l.is_alphanumeric() || !r.is_alphanumeric() {
        1
    } else {
        0
    }
}
