//! What an existing translation already covers of today's source. The translation was made
//! from the source in force on its `effective_date`; that source's segments pair one for one
//! with the translation's (same structure), and are aligned with today's by the redline's
//! block alignment. A segment the same since then keeps its translation (`translated`), a
//! changed one shows it for review (`needs-review-translation`), a new one has none.

use crate::content::placeholders::Template;
use crate::content::segments::{BlockKind, Code};
use crate::render::align::{align_texts, Step};
use crate::translate::rebuild::{KnownText, Tag};
use crate::translate::units::{template_tags, Source, Unit, UnitKind, FRONT_KEYS};
use std::collections::HashMap;

/// How far a unit's target can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// The source is the same as when it was translated.
    Translated,
    /// The source changed since: the old translation is shown for review.
    NeedsReview,
}

/// A unit's target taken from the translation: tags in the source unit's code ids, and the
/// bytes the translation writes its text runs with.
#[derive(Debug)]
pub struct Prefill {
    pub tags: Vec<Tag>,
    pub known: KnownText,
    pub state: State,
}

/// For each unit of `source` (today's), the translation's target, if any. `old` is the source
/// the translation was made from (`None`: not found, every target is shown for review).
pub fn prefill(source: &Source, old: Option<&Source>, translation: &Source) -> Vec<Option<Prefill>> {
    let review = old.is_none();
    let old = old.unwrap_or(source);
    let mut out: Vec<Option<Prefill>> = source.units.iter().map(|_| None).collect();
    for (i, unit) in source.units.iter().enumerate() {
        if unit.kind == UnitKind::Front {
            out[i] = front(unit, (source, old), translation, review);
        }
    }
    let offset = source.units.iter().take_while(|u| u.kind == UnitKind::Front).count();
    if !same_structure(old, translation) {
        return out;
    }
    let (old_units, tr_units) = (block_units(old), block_units(translation));
    for step in align_texts(&texts(&old_units), &texts(&block_units(source))) {
        let (o, n, state) = match step {
            Step::Same(o, n) if !review => (o, n, State::Translated),
            Step::Same(o, n) | Step::Changed(o, n) => (o, n, State::NeedsReview),
            Step::Removed(_) | Step::Added(_) => continue,
        };
        let tr_segment = &translation.segments[o];
        let tr_tags: Vec<(Tag, Option<String>)> = tr_segment
            .parts
            .iter()
            .map(|p| {
                (crate::translate::rebuild::tag_of(p), Some(translation.body()[p.raw().clone()].to_string()))
            })
            .collect();
        let target = &source.units[offset + n];
        out[offset + n] =
            renumber(tr_units[o], &tr_tags, target).map(|(tags, known)| Prefill { tags, known, state });
    }
    out
}

fn front(
    unit: &Unit,
    (source, old): (&Source, &Source),
    translation: &Source,
    review: bool,
) -> Option<Prefill> {
    let key = FRONT_KEYS.iter().find(|k| **k == unit.id)?;
    let value = translation.front_value(key)?;
    let (template, _) = Template::parse(value).ok()?;
    let (tags, codes) = template_tags(&template);
    let tr = Unit { id: unit.id.clone(), tags: tags.clone(), codes, kind: UnitKind::Front };
    let with_raw: Vec<(Tag, Option<String>)> = tags.into_iter().map(|t| (t, None)).collect();
    let (tags, known) = renumber(&tr, &with_raw, unit)?;
    let same = !review && old.front_value(key) == source.front_value(key);
    Some(Prefill { tags, known, state: if same { State::Translated } else { State::NeedsReview } })
}

/// Whether a translation has the blocks of its source, kind for kind: then its n-th segment
/// translates the source's n-th.
fn same_structure(source: &Source, translation: &Source) -> bool {
    source.segments.len() == translation.segments.len()
        && source.segments.iter().zip(&translation.segments).all(|(a, b)| a.kind == b.kind)
}

fn block_units(source: &Source) -> Vec<&Unit> {
    source.units.iter().filter(|u| u.kind != UnitKind::Front).collect()
}

fn texts(units: &[&Unit]) -> Vec<(&'static str, String)> {
    let kind = |u: &Unit| match u.kind {
        UnitKind::Block(BlockKind::Heading) => "h",
        UnitKind::Block(BlockKind::Cell) => "td",
        _ => "p",
    };
    units.iter().map(|u| (kind(u), format!("{}{}", u.words(), codes_key(u)))).collect()
}

/// The codes of a unit as text, so that a segment whose link or placeholder changed is not
/// "the same" (a translation keeps its words but the codes come from the source).
fn codes_key(unit: &Unit) -> String {
    unit.codes.iter().map(|(_, raw)| format!("\u{1}{raw}")).collect()
}

/// The translation's tags with each code given the id of the source's code it stands for:
/// the n-th code of a kind (placeholders: of a name) is the source's n-th. `None` when the two
/// do not have the same codes.
fn renumber(tr: &Unit, tags: &[(Tag, Option<String>)], source: &Unit) -> Option<(Vec<Tag>, KnownText)> {
    let ids = |unit: &Unit| -> HashMap<(String, usize), u32> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out = HashMap::new();
        for (i, (code, raw)) in unit.codes.iter().enumerate() {
            let kind = code_kind(*code, raw);
            let n = seen.entry(kind.clone()).or_default();
            out.insert((kind, *n), i as u32 + 1);
            *n += 1;
        }
        out
    };
    let (from, to) = (ids(tr), ids(source));
    if from.len() != to.len() {
        return None;
    }
    let map: HashMap<u32, u32> =
        from.iter().map(|(k, id)| Some((*id, *to.get(k)?))).collect::<Option<_>>()?;
    let re = |t: &Tag| -> Option<Tag> {
        Some(match t {
            Tag::Text(s) => Tag::Text(s.clone()),
            Tag::Open(id) => Tag::Open(*map.get(id)?),
            Tag::Close(id) => Tag::Close(*map.get(id)?),
            Tag::Alone(id) => Tag::Alone(*map.get(id)?),
        })
    };
    let renumbered: Vec<(Tag, Option<String>)> =
        tags.iter().map(|(t, raw)| Some((re(t)?, raw.clone()))).collect::<Option<_>>()?;
    let known = KnownText::of_tags(&renumbered);
    Some((renumbered.into_iter().map(|(t, _)| t).collect(), known))
}

/// What makes two codes the same code in two languages: their kind, and a placeholder's name.
fn code_kind(code: Code, raw: &str) -> String {
    match code {
        Code::Placeholder => raw.to_string(),
        other => format!("{other:?}"),
    }
}
