//! A stretch of a redline where the same text sits in blocks built another way, compared
//! text run by text run. Markdown changes the blocks around a text with its indentation and
//! list markers alone: a paragraph indented into the list item above it, a `*` item next to
//! `-` items (two lists, then one), `3)` becoming `3.`, a sentence made a bullet under a new
//! lead-in. Paired block by block, the blocks of such a stretch did not match, and every
//! unchanged sentence in it showed struck and inserted again (GitHub's Registered Developer
//! Agreement, 2021: 3,193 words each way, none changed). So where a stretch of changed,
//! removed and added blocks holds a run of text both versions have word for word (or, when
//! no block in it paired, runs alike enough to compare), its runs of text (its leaves) are
//! paired instead: the later version's blocks are written as they are,
//! each leaf compared with its counterpart word by word, a leaf without one inserted, and the
//! earlier leaves without one written struck before the block that follows them.

use crate::render::align::{align, is_heading, Keys, Step};
use crate::render::compare::blank;
use crate::render::html_tree::{Block, Node, Tok};
use crate::render::redline::Emit;

/// The blocks a stretch may hold to be compared leaf by leaf: text and lists, whose shape
/// Markdown changes with white space and markers alone. Tables, code, rules and others keep
/// their block-by-block comparison.
const REGROUPED: [&str; 10] = ["p", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5", "h6"];

/// A run of text, the block it is in (none at the top of the stretch), and how many list
/// items it is in.
struct Leaf<'n, 'a> {
    toks: &'n [Tok<'a>],
    block: Option<&'n Block<'a>>,
    depth: usize,
}

/// A stretch to write leaf by leaf.
pub(crate) struct Plan<'n, 'a> {
    old: Vec<Leaf<'n, 'a>>,
    /// Each new leaf's counterpart among the old ones.
    partner: Vec<Option<usize>>,
    paired: Vec<bool>,
    /// New leaves written, old leaves written or passed.
    next_new: usize,
    next_old: usize,
    /// The stretch is a list's items: a struck leaf is written as an item.
    items: bool,
}

/// When the stretch of changes `steps` opens (up to the next equal block) is best compared
/// leaf by leaf: its number of steps and its plan.
pub(crate) fn region<'n, 'a>(
    steps: &[Step],
    old: &[&'n Node<'a>],
    new: &[&'n Node<'a>],
) -> Option<(usize, Plan<'n, 'a>)> {
    let len = steps.iter().position(|s| matches!(s, Step::Same(..))).unwrap_or(steps.len());
    let run = &steps[..len];
    let whole = run.iter().any(|s| matches!(s, Step::Removed(_) | Step::Added(_)));
    let (olds, news) = sides(run);
    if len < 2 || !whole || olds.is_empty() || news.is_empty() {
        return None;
    }
    let (mut old_leaves, mut new_leaves) = (Vec::new(), Vec::new());
    olds.iter().try_for_each(|&i| leaves(old[i], None, 0, &mut old_leaves))?;
    news.iter().try_for_each(|&j| leaves(new[j], None, 0, &mut new_leaves))?;
    let (partner, same) = pair(&old_leaves, &new_leaves);
    let mut paired = vec![false; old_leaves.len()];
    partner.iter().flatten().for_each(|&i| paired[i] = true);
    // Text the same word for word; or, where no block paired at all, text alike enough to
    // compare (an item that lost its sub-list, a bullet made a paragraph with a new title);
    // or leaves that leave less than half the words unpaired that whole blocks would mark
    // (a title and its text in one paragraph split by `<br>`, then in two).
    let unpaired = !run.iter().any(|s| matches!(s, Step::Changed(..)));
    let alone = |leaves: &[Leaf], mine: &dyn Fn(usize) -> bool| {
        leaves.iter().enumerate().filter(|&(k, _)| !mine(k)).map(|(_, l)| words(l.toks)).sum::<usize>()
    };
    let left = alone(&old_leaves, &|i| paired[i]) + alone(&new_leaves, &|j| partner[j].is_some());
    let whole: usize = run.iter().map(|s| whole_words(*s, old, new)).sum();
    if !(same || unpaired && partner.iter().any(Option::is_some) || 2 * left < whole) {
        return None;
    }
    let item = |n: &Node| matches!(n, Node::Block(b) if b.name == "li");
    let items = news.iter().any(|&j| item(new[j])) || olds.iter().any(|&i| item(old[i]));
    let plan = Plan { old: old_leaves, partner, paired, next_new: 0, next_old: 0, items };
    Some((len, plan))
}

/// The words a step marks when it writes a whole block, removed or added.
fn whole_words(step: Step, old: &[&Node], new: &[&Node]) -> usize {
    match step {
        Step::Removed(i) => node_words(old[i]),
        Step::Added(j) => node_words(new[j]),
        _ => 0,
    }
}

fn node_words(node: &Node) -> usize {
    match node {
        Node::Inline(toks) => words(toks),
        Node::Block(b) => b.children.iter().map(node_words).sum(),
    }
}

/// The words of a run of text.
fn words(toks: &[Tok]) -> usize {
    toks.iter().map(|t| if let Tok::Text(s) = t { s.split_whitespace().count() } else { 0 }).sum()
}

/// The old and the new nodes a run of steps covers, in order.
fn sides(run: &[Step]) -> (Vec<usize>, Vec<usize>) {
    let (mut olds, mut news) = (Vec::new(), Vec::new());
    for step in run {
        match *step {
            Step::Removed(i) => olds.push(i),
            Step::Added(j) => news.push(j),
            Step::Changed(i, j) | Step::Same(i, j) => {
                olds.push(i);
                news.push(j);
            }
        }
    }
    (olds, news)
}

/// The new nodes of a stretch, in order.
pub(crate) fn new_nodes(run: &[Step]) -> Vec<usize> {
    sides(run).1
}

/// The leaves of `node` into `out`; `None` when it holds a block not in [`REGROUPED`].
fn leaves<'n, 'a>(
    node: &'n Node<'a>,
    block: Option<&'n Block<'a>>,
    depth: usize,
    out: &mut Vec<Leaf<'n, 'a>>,
) -> Option<()> {
    match node {
        Node::Inline(toks) => {
            pieces(toks)
                .into_iter()
                .filter(|p| leaf(p))
                .for_each(|toks| out.push(Leaf { toks, block, depth }));
            Some(())
        }
        Node::Block(b) if REGROUPED.contains(&b.name) => {
            let depth = depth + usize::from(b.name == "li");
            b.children.iter().try_for_each(|c| leaves(c, Some(b), depth, out))
        }
        Node::Block(_) => None,
    }
}

/// Whether a piece of a run of text is a leaf: not white space alone, not a line break.
fn leaf(piece: &[Tok]) -> bool {
    !blank(piece) && !matches!(piece, [Tok::Tag(t)] if breaks(t))
}

/// A line break: `<br>`, or the comment a `<br>` in Markdown becomes when raw HTML is off.
fn breaks(tag: &str) -> bool {
    tag.starts_with("<br") || tag.starts_with("<!--")
}

/// A run of text cut at its line breaks outside any inline element, each break a piece of
/// its own: a title and its text in one paragraph (`**Fees**<br><br>There may be…`) are two
/// leaves, as they are when a later version makes them two paragraphs.
fn pieces<'t, 'a>(toks: &'t [Tok<'a>]) -> Vec<&'t [Tok<'a>]> {
    let (mut out, mut start, mut depth) = (Vec::new(), 0, 0i32);
    for (k, tok) in toks.iter().enumerate() {
        let Tok::Tag(tag) = tok else { continue };
        if breaks(tag) && depth == 0 {
            out.extend([&toks[start..k], &toks[k..k + 1]]);
            start = k + 1;
        } else if tag.starts_with("</") {
            depth -= 1;
        } else if !breaks(tag) && !tag.ends_with("/>") && !tag.starts_with("<img") {
            depth += 1;
        }
    }
    out.push(&toks[start..]);
    out
}

/// Each new leaf's counterpart, by the redline's own alignment (a heading's text pairs only
/// with a heading's), and whether any two are the same word for word.
fn pair<'a>(old: &[Leaf<'_, 'a>], new: &[Leaf<'_, 'a>]) -> (Vec<Option<usize>>, bool) {
    let as_node = |leaf: &Leaf<'_, 'a>| {
        let heading = leaf.block.map(|b| b.name).filter(|n| is_heading(n)).unwrap_or("p");
        Node::Block(Block {
            name: heading,
            open: "",
            children: vec![Node::Inline(leaf.toks.to_vec())],
            close: "",
        })
    };
    let (on, nn): (Vec<Node>, Vec<Node>) =
        (old.iter().map(as_node).collect(), new.iter().map(as_node).collect());
    let (ov, nv): (Vec<&Node>, Vec<&Node>) = (on.iter().collect(), nn.iter().collect());
    let mut keys = Keys::default();
    let ok: Vec<u32> = ov.iter().map(|n| keys.of(n)).collect();
    let nk: Vec<u32> = nv.iter().map(|n| keys.of(n)).collect();
    let (mut partner, mut same) = (vec![None; new.len()], false);
    for step in align(&ov, &nv, &ok, &nk) {
        match step {
            Step::Same(i, j) => (partner[j], same) = (Some(i), true),
            Step::Changed(i, j) => partner[j] = Some(i),
            _ => {}
        }
    }
    (partner, same)
}

/// The old counterpart of the first paired leaf in `node`, the next node to write.
fn first_partner(plan: &Plan, node: &Node) -> Option<usize> {
    plan.partner[plan.next_new..plan.next_new + count(node)].iter().flatten().next().copied()
}

/// The number of leaves in `node`.
fn count(node: &Node) -> usize {
    match node {
        Node::Inline(toks) => pieces(toks).into_iter().filter(|p| leaf(p)).count(),
        Node::Block(b) => b.children.iter().map(count).sum(),
    }
}

impl Emit<'_> {
    /// One new node of a stretch: first the old leaves without a counterpart that come
    /// before its first paired leaf, then the node, leaf by leaf.
    pub(crate) fn regrouped(&mut self, plan: &mut Plan, node: &Node) {
        // Blocks built another way are a change, if no word changed (as bold to italics is).
        self.any = true;
        if let Some(first) = first_partner(plan, node) {
            self.struck_leaves(plan, first, plan.items);
        }
        self.leaf_node(plan, node);
    }

    /// The old leaves without a counterpart left at the end of a stretch.
    pub(crate) fn regrouped_end(&mut self, plan: &mut Plan) {
        self.struck_leaves(plan, plan.old.len(), plan.items);
    }

    fn leaf_node(&mut self, plan: &mut Plan, node: &Node) {
        let (n, paired) = (count(node), first_partner(plan, node).is_some());
        match node {
            Node::Inline(toks) => {
                for piece in pieces(toks) {
                    if !leaf(piece) {
                        piece.iter().for_each(|t| self.html.push_str(t.text()));
                        continue;
                    }
                    match plan.partner[plan.next_new] {
                        Some(i) => {
                            self.struck_within(plan, i);
                            plan.next_old = i + 1;
                            self.words(plan.old[i].toks, piece);
                        }
                        None => self.inserted(piece, false),
                    }
                    plan.next_new += 1;
                }
            }
            Node::Block(b) if paired => {
                self.enter(b);
                self.html.push_str(b.open);
                for child in &b.children {
                    // Struck leaves go before the block holding the next paired one.
                    if let (Node::Block(_), Some(first)) = (child, first_partner(plan, child)) {
                        self.struck_leaves(plan, first, matches!(b.name, "ul" | "ol"));
                    }
                    self.leaf_node(plan, child);
                }
                if b.name == "li" {
                    self.struck_sub_items(plan);
                }
                self.html.push_str(b.close);
            }
            Node::Block(_) => {
                self.added(node);
                plan.next_new += n;
            }
        }
    }

    /// Inside a block, before the text paired with old leaf `upto`: the old leaves between
    /// without a counterpart, struck where they stand, so no earlier text is lost.
    fn struck_within(&mut self, plan: &mut Plan, upto: usize) {
        while plan.next_old < upto {
            if !plan.paired[plan.next_old] {
                self.deleted(plan.old[plan.next_old].toks, true);
                self.html.push(' ');
            }
            plan.next_old += 1;
        }
    }

    /// At the end of a list item, the old sub-items without a counterpart that follow it,
    /// struck, in a list of their own (so they take no number from the item's list).
    fn struck_sub_items(&mut self, plan: &mut Plan) {
        let upto = plan.partner[plan.next_new..].iter().flatten().next().copied().unwrap_or(plan.old.len());
        let mut open = false;
        while plan.next_old < upto && (plan.paired[plan.next_old] || plan.old[plan.next_old].depth > 1) {
            let (leaf, paired) = (&plan.old[plan.next_old], plan.paired[plan.next_old]);
            plan.next_old += 1;
            if !paired {
                if !std::mem::replace(&mut open, true) {
                    self.html.push_str("\n<ul class=\"block-removed\">\n");
                }
                self.struck_leaf(leaf, "li");
            }
        }
        if open {
            self.html.push_str("</ul>\n");
        }
    }

    /// The old leaves before `upto` without a counterpart, struck, each a block of its own (a
    /// list item among `items`).
    fn struck_leaves(&mut self, plan: &mut Plan, upto: usize, items: bool) {
        while plan.next_old < upto {
            let leaf = &plan.old[plan.next_old];
            plan.next_old += 1;
            if plan.paired[plan.next_old - 1] {
                continue;
            }
            let own = leaf.block.map_or("p", |b| if is_heading(b.name) { b.name } else { "p" });
            if items && leaf.depth == 0 && self.struck_in_item_before(leaf, own) {
                continue;
            }
            let name = if items { "li" } else { own };
            if !self.html.ends_with('\n') {
                self.html.push('\n');
            }
            self.struck_leaf(leaf, name);
        }
    }

    /// A struck paragraph that was in no list, among the later list's items: at the end of
    /// the item before it, so it takes no number. SNCF Connect's conditions (Open Terms
    /// Archive) continued item 1 in a paragraph after the list, later joined into the item;
    /// struck as an item of its own, it showed as a "4." the old list never had. False, with
    /// nothing written, when no item was just closed.
    fn struck_in_item_before(&mut self, leaf: &Leaf, name: &'static str) -> bool {
        let Some(kept) = self.html.strip_suffix("</li>\n").map(str::len) else { return false };
        let close = self.html.split_off(kept);
        if !self.html.ends_with('\n') {
            self.html.push('\n');
        }
        self.struck_leaf(leaf, name);
        self.html.push_str(&close);
        true
    }

    /// An old leaf without a counterpart, struck, as a block `name` of its own (with its
    /// block's attributes, so a clause it held is listed as removed), on a line of its own.
    fn struck_leaf(&mut self, leaf: &Leaf, name: &'static str) {
        let children = vec![Node::Inline(leaf.toks.to_vec())];
        let open = leaf.block.map_or("", |b| b.open);
        self.removed(&Node::Block(Block { name, open, children, close: "/" }));
        self.html.push('\n');
    }
}
