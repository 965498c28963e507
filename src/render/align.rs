//! Which block of a version is which block of the one before, for the redline: blocks equal
//! in both are matched first (a patience diff), then, inside each stretch that changed, every
//! block is paired with its most similar counterpart, so a reworded paragraph is compared with
//! itself rather than with the neighbour at its old position. Pairs keep the document's
//! order, so the redline reads top to bottom; a moved block shows as removed and added.

use crate::render::compare::{normalize, words_of};
use crate::render::html_tree::{self, Node, Tok};
use rustc_hash::FxBuildHasher;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::HashMap;
use std::ops::Range;

/// Below this similarity two blocks are not one block changed: the earlier is shown removed
/// and the later added, each whole. The similarity is the word-level ratio 2·M / (a + b),
/// M the words the two have in common in order (their longest common subsequence), a and b
/// their numbers of words, white space and punctuation aside. At one half, at least half of
/// the words of the two blocks together are kept: less reads as a new text, not an edit.
pub const THRESHOLD: f64 = 0.5;

/// A changed stretch of more than this many pairs of blocks (old × new) is paired by a greedy
/// look-ahead instead, so the pairing stays linear however large a rewrite is.
const MAX_CELLS: usize = 1024;

/// How many later blocks the greedy pairing compares an earlier block with.
const LOOKAHEAD: usize = 8;

/// One step of the alignment, in document order; indices are into the two lists aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Equal in both versions (`new` is written as it is).
    Same(usize, usize),
    /// One block changed: compared inside.
    Changed(usize, usize),
    Removed(usize),
    Added(usize),
}

/// Aligns two lists of sibling nodes (white space between blocks left out by the caller);
/// `keys` are what makes two nodes equal ([`Keys`]).
pub fn align<'a>(old: &[&Node<'a>], new: &[&Node<'a>], old_keys: &[u32], new_keys: &[u32]) -> Vec<Step> {
    let mut words = Numbers::default();
    align_by(old_keys, new_keys, |o, n| {
        let mut profiles = |list: &[&Node<'a>]| list.iter().map(|n| profile(n, &mut words)).collect();
        (profiles(&old[o]), profiles(&new[n]))
    })
}

/// Aligns two lists of texts, each with its kind (a heading pairs only with a heading): a
/// translation's segments against its source's, by the same rules as the redline's blocks.
pub fn align_texts<'t>(old: &'t [(&'static str, String)], new: &'t [(&'static str, String)]) -> Vec<Step> {
    let mut texts = Numbers::default();
    let mut keys =
        |v: &[(&str, String)]| v.iter().map(|(k, t)| texts.id(format!("{k}\u{0}{t}"))).collect::<Vec<_>>();
    let (old_keys, new_keys) = (keys(old), keys(new));
    let mut words = Numbers::default();
    let mut profile = |(kind, text): &'t (&'static str, String)| {
        let mut list = Vec::new();
        words_of(text, &mut list);
        Profile::new(kind, words.ids(list))
    };
    align_by(&old_keys, &new_keys, |o, n| {
        (old[o].iter().map(&mut profile).collect(), new[n].iter().map(&mut profile).collect())
    })
}

/// Equal keys first (a patience diff), then each changed stretch paired by similarity;
/// `profiles` gives the profiles of a stretch of old and new items.
fn align_by(
    old_keys: &[u32],
    new_keys: &[u32],
    mut profiles: impl FnMut(Range<usize>, Range<usize>) -> (Vec<Profile>, Vec<Profile>),
) -> Vec<Step> {
    let mut steps = Vec::with_capacity(new_keys.len() + 4);
    for op in capture_diff_slices(Algorithm::Patience, old_keys, new_keys) {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                steps.extend((0..len).map(|k| Step::Same(old_index + k, new_index + k)));
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                steps.extend((old_index..old_index + old_len).map(Step::Removed));
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                steps.extend((new_index..new_index + new_len).map(Step::Added));
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let (po, pn) = profiles(old_index..old_index + old_len, new_index..new_index + new_len);
                let pairs = if po.len() * pn.len() > MAX_CELLS { greedy(&po, &pn) } else { best(&po, &pn) };
                steps.extend(with_unpaired(&pairs, po.len(), pn.len(), old_index, new_index));
            }
        }
    }
    steps
}

/// What a node is compared by: its kind (headings of any level are one kind, so a heading
/// moved up or down a level pairs with itself) and its words, by their [`Numbers`].
struct Profile {
    kind: &'static str,
    words: Vec<u32>,
    /// The same words sorted, for [`common_words`] (sorted once, not for every pair).
    sorted: Vec<u32>,
}

impl Profile {
    fn new(kind: &'static str, words: Vec<u32>) -> Profile {
        let mut sorted = words.clone();
        sorted.sort_unstable();
        Profile { kind, words, sorted }
    }
}

/// Whether an element is a heading, `h1` to `h6`.
pub(crate) fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// An inline run's words are left out: two runs pair whatever they say ([`similarity`]).
fn profile<'a>(node: &Node<'a>, words: &mut Numbers<&'a str>) -> Profile {
    let kind = match node {
        Node::Block(b) if is_heading(b.name) => "h",
        Node::Block(b) => b.name,
        Node::Inline(_) => return Profile::new("", Vec::new()),
    };
    let mut list = Vec::new();
    text_words(node, &mut list);
    Profile::new(kind, words.ids(list))
}

/// What makes two nodes equal, their element name and their normalized text and tags, as
/// numbers (equal numbers for equal keys, so the diffs compare integers). A node written as
/// one seen before gets its number without being normalized again: an unchanged block costs
/// a hash.
pub struct Keys {
    written: Numbers<String>,
    normalized: Numbers<String>,
    buf: String,
}

impl Default for Keys {
    /// Room for the blocks of two long documents: growing would hash every key again.
    fn default() -> Self {
        let room = || Numbers(HashMap::with_capacity_and_hasher(1024, Default::default()));
        Keys { written: room(), normalized: room(), buf: String::new() }
    }
}

impl Keys {
    /// The number of `node`'s key.
    pub fn of(&mut self, node: &Node) -> u32 {
        let name = match node {
            Node::Block(b) => b.name,
            Node::Inline(_) => "",
        };
        self.buf.clear();
        self.buf.push_str(name);
        self.buf.push('\0');
        html_tree::write(node, &mut self.buf);
        if let Some(&id) = self.written.0.get(self.buf.as_str()) {
            return id;
        }
        let key = format!("{name}\u{0}{}", normalize(self.buf[name.len() + 1..].trim()));
        let id = self.normalized.id(key);
        self.written.0.insert(self.buf.clone(), id);
        id
    }
}

/// Each distinct word (or key) of an alignment as a number, equal numbers for equal words:
/// the diffs and sorts of [`similarity`] then compare integers, with the same results.
/// FxHash (rustc's hasher): words are short, keys are hashed once, and the tables of one
/// redline need no defence against chosen collisions.
struct Numbers<K>(HashMap<K, u32, FxBuildHasher>);

impl<K> Default for Numbers<K> {
    fn default() -> Self {
        Numbers(HashMap::default())
    }
}

impl<K: std::hash::Hash + Eq> Numbers<K> {
    fn id(&mut self, k: K) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(k).or_insert(next)
    }

    fn ids(&mut self, list: Vec<K>) -> Vec<u32> {
        list.into_iter().map(|k| self.id(k)).collect()
    }
}

fn text_words<'a>(node: &Node<'a>, out: &mut Vec<&'a str>) {
    match node {
        Node::Inline(toks) => toks.iter().for_each(|t| {
            if let Tok::Text(s) = t {
                words_of(s, out);
            }
        }),
        Node::Block(b) => b.children.iter().for_each(|c| text_words(c, out)),
    }
}

/// Blocks that hold other blocks: two of a kind that share a word are one container changed,
/// however much of it changed, because what is inside (list items, rows, quoted paragraphs)
/// is aligned block by block in its turn; a list of which most items were reworded is still
/// that list, and each item is compared with its counterpart.
const CONTAINERS: &[&str] = &["ul", "ol", "blockquote", "table", "thead", "tbody", "div"];

/// How alike two nodes are, from 0 to 1, or `None` when they are not one node changed: other
/// kinds, or a similarity below [`THRESHOLD`]. Two inline runs always pair (they are the text
/// of two blocks already paired), as do two blocks without words (a rule, an image), and two
/// containers of a kind that share a word ([`CONTAINERS`]).
fn similarity(a: &Profile, b: &Profile) -> Option<f64> {
    if a.kind != b.kind {
        return retitled(a, b).then_some(1.0);
    }
    let total = a.words.len() + b.words.len();
    if total == 0 || a.kind.is_empty() {
        return Some(1.0);
    }
    if CONTAINERS.contains(&a.kind) {
        let common = common_words(&a.sorted, &b.sorted);
        return (common > 0).then(|| (2.0 * common as f64 / total as f64).max(f64::EPSILON));
    }
    // The words in common regardless of order bound those in common in order: most pairs
    // are told apart without a diff.
    let ratio = |common: usize| 2.0 * common as f64 / total as f64;
    if ratio(common_words(&a.sorted, &b.sorted)) < THRESHOLD {
        return None;
    }
    let ops = capture_diff_slices(Algorithm::Myers, &a.words, &b.words);
    let kept: usize = ops.iter().map(|op| if let DiffOp::Equal { len, .. } = op { *len } else { 0 }).sum();
    Some(ratio(kept)).filter(|&r| r >= THRESHOLD)
}

/// A paragraph made a heading, or a heading a paragraph, with the same words: French terms
/// wrote `**ARTICLE 1 - CHAMP D'APPLICATION**`, then the same words as a heading (Open Terms
/// Archive's france-versions, Cdiscount). Only the same words: a paragraph and a heading that
/// merely look alike are two texts.
fn retitled(a: &Profile, b: &Profile) -> bool {
    let kinds = [a.kind, b.kind];
    kinds.contains(&"p") && kinds.contains(&"h") && !a.words.is_empty() && a.words == b.words
}

/// How many words two sorted lists share, counted with repeats.
fn common_words(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => (i, j, n) = (i + 1, j + 1, n + 1),
        }
    }
    n
}

/// The pairs (in order) that make the total similarity largest: a dynamic programme over the
/// old × new grid, as a sequence alignment with gaps free.
fn best(old: &[Profile], new: &[Profile]) -> Vec<(usize, usize)> {
    let (n, m) = (old.len(), new.len());
    let sim: Vec<Option<f64>> = (0..n * m).map(|k| similarity(&old[k / m], &new[k % m])).collect();
    // score[i][j]: the best total over old[i..] and new[j..].
    let mut score = vec![0.0f64; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let pair = sim[i * m + j].map_or(f64::NEG_INFINITY, |s| s + score[at(i + 1, j + 1)]);
            score[at(i, j)] = pair.max(score[at(i + 1, j)]).max(score[at(i, j + 1)]);
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        match sim[i * m + j] {
            Some(s) if s + score[at(i + 1, j + 1)] >= score[at(i, j)] => {
                pairs.push((i, j));
                (i, j) = (i + 1, j + 1);
            }
            _ if score[at(i + 1, j)] >= score[at(i, j + 1)] => i += 1,
            _ => j += 1,
        }
    }
    pairs
}

/// The pairs a look-ahead finds: each earlier block with the first of the next few later
/// ones it is similar enough to.
fn greedy(old: &[Profile], new: &[Profile]) -> Vec<(usize, usize)> {
    let (mut next, mut pairs) = (0, Vec::new());
    for (i, o) in old.iter().enumerate() {
        let ahead = next..new.len().min(next + LOOKAHEAD);
        if let Some(j) = ahead.into_iter().find(|&j| similarity(o, &new[j]).is_some()) {
            pairs.push((i, j));
            next = j + 1;
        }
    }
    pairs
}

/// The steps of a changed stretch: its pairs in order, and before each pair the earlier
/// blocks left unpaired (removed), then the later ones (added).
fn with_unpaired(pairs: &[(usize, usize)], n: usize, m: usize, o0: usize, n0: usize) -> Vec<Step> {
    let (mut i, mut j, mut steps) = (0, 0, Vec::with_capacity(n + m));
    for &(pi, pj) in pairs.iter().chain(std::iter::once(&(n, m))) {
        steps.extend((i..pi).map(|k| Step::Removed(o0 + k)));
        steps.extend((j..pj).map(|k| Step::Added(n0 + k)));
        if pi < n {
            steps.push(Step::Changed(o0 + pi, n0 + pj));
        }
        (i, j) = (pi + 1, pj + 1);
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html_tree::parse;

    /// The steps for two lists of paragraphs, by their text.
    fn steps(old: &[&str], new: &[&str]) -> Vec<Step> {
        let html = |ps: &[&str]| ps.iter().map(|p| format!("<p>{p}</p>")).collect::<String>();
        let (oh, nh) = (html(old), html(new));
        let (on, nn) = (parse(&oh), parse(&nh));
        let (o, n): (Vec<&Node>, Vec<&Node>) = (on.iter().collect(), nn.iter().collect());
        let (ok, nk) = ids(old, new);
        align(&o, &n, &ok, &nk)
    }

    /// Keys as numbers, equal for equal texts.
    fn ids(old: &[&str], new: &[&str]) -> (Vec<u32>, Vec<u32>) {
        let mut numbers = Numbers::default();
        (numbers.ids(old.to_vec()), numbers.ids(new.to_vec()))
    }

    #[test]
    fn a_reworded_paragraph_pairs_with_itself_not_with_its_old_neighbour() {
        // The first is similar enough (0.57) to pair, the second is the same paragraph (0.89).
        let old = [
            "Please tell us about malware you found.",
            "Please share what you know about the account and how you found it.",
        ];
        let new = ["Please tell us what you know about the account and how you found it."];
        use Step::*;
        assert_eq!(steps(&old, &new), vec![Removed(0), Changed(1, 0)]);
    }

    #[test]
    fn below_the_threshold_a_block_is_removed_and_another_added() {
        // "a b c d" against "a b x y": 2 of 4 words kept on each side, 0.5: one block changed.
        use Step::*;
        assert_eq!(steps(&["a b c d"], &["a b x y"]), vec![Changed(0, 0)]);
        // "a b c d" against "a x y z": 0.25.
        assert_eq!(steps(&["a b c d"], &["a x y z"]), vec![Removed(0), Added(0)]);
        // The same words in another order are not the same text.
        assert_eq!(steps(&["a b c d e f"], &["f e d c b a"]), vec![Removed(0), Added(0)]);
    }

    #[test]
    fn headings_of_any_level_pair_and_a_paragraph_only_with_a_heading_of_its_words() {
        let oh = "<h4>1. Scope</h4><p>1. Scope</p><p>2. Fees apply</p>";
        let nh = "<h3>1. Scope</h3><h2>1. Scope</h2><h2>2. Fees</h2>";
        let (on, nn) = (parse(oh), parse(nh));
        let (o, n): (Vec<&Node>, Vec<&Node>) = (on.iter().collect(), nn.iter().collect());
        let (ok, nk) = ids(&["h4", "p", "p2"], &["h3", "h2", "h2b"]);
        use Step::*;
        assert_eq!(align(&o, &n, &ok, &nk), vec![Changed(0, 0), Changed(1, 1), Removed(2), Added(2)]);
    }

    #[test]
    fn equal_blocks_anchor_and_pairs_keep_the_order() {
        use Step::*;
        let got = steps(&["same", "one two three four", "five six seven"], &["five six seven eight", "same"]);
        assert_eq!(got, vec![Added(0), Same(0, 1), Removed(1), Removed(2)]);
    }

    #[test]
    fn a_large_rewrite_is_paired_by_the_look_ahead() {
        let old: Vec<String> = (0..40).map(|i| format!("clause {i} says w{i} x{i} y{i}")).collect();
        let new: Vec<String> = (0..40).map(|i| format!("clause {i} says w{i} x{i} z{i}")).collect();
        let (o, n): (Vec<&str>, Vec<&str>) =
            (old.iter().map(|s| s.as_str()).collect(), new.iter().map(|s| s.as_str()).collect());
        let got = steps(&o, &n);
        assert_eq!(got, (0..40).map(|i| Step::Changed(i, i)).collect::<Vec<_>>());
    }
}
