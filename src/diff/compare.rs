//! Compare two sides: align their parts, redline each aligned pair and
//! work out the semantic deltas (responsible units, sources, funding).

use std::borrow::Cow;
use std::collections::HashSet;

use crate::names;
use crate::t;

use super::align::{Bodies, Entry, TWO_THREADS_FROM, align_keyed};
use super::inline::{By, one, redline, redline_labelled};
use super::model::{Change, ClauseDiff, DraftDiff, Op, Part, Summary, same_wording};
use super::units::{Side, Unit, body_run, is_body};

/// Make two sides comparable: when either has text but no recognisable
/// clause, both are compared as plain paragraphs; the warnings say so.
pub fn prepare(old: Side, new: Side) -> (Side, Side, Vec<String>) {
    let mut warnings = Vec::new();
    // An empty file is compared (a draft against nothing), but said so: a
    // wrong path or an unsaved file would otherwise read as every clause
    // deleted (tester7 L10).
    for side in [&old, &new] {
        if side.units.is_empty() {
            warnings.push(t!(
                "{} 是空的（没有任何文字）",
                "{} is empty (no text at all)",
                side.name
            ));
        }
    }
    if !old.clauseless && !new.clauseless {
        return (old, new, warnings);
    }
    for side in [&old, &new] {
        if side.clauseless {
            warnings.push(t!(
                "{} 中没有可识别的条款（如 1. 一、 第一条），按段落比较",
                "{} has no recognisable clauses (such as 1. 一、 第一条); comparing it paragraph by paragraph",
                side.name
            ));
        }
    }
    (old.into_paragraphs(), new.into_paragraphs(), warnings)
}

/// Compare two prepared sides.
pub fn compare<'a>(old: &'a Side, new: &'a Side, by: By) -> DraftDiff<'a> {
    let clauses: Vec<ClauseDiff<'a>> = pairs(old, new)
        .into_iter()
        .map(|(o, n, moved)| entry(o, n, moved, by))
        .collect();
    DraftDiff {
        summary: Summary::of(&clauses),
        clauses,
        ..header(old, new)
    }
}

/// One aligned pair: the old unit, the new unit, whether it moved.
pub type Pair<'a> = (Option<&'a Unit>, Option<&'a Unit>, bool);

/// The diff's fields but its clauses and summary.
pub fn header(old: &Side, new: &Side) -> DraftDiff<'static> {
    DraftDiff {
        from: old.name.clone(),
        to: new.name.clone(),
        funding_total_from_wan: old.funding_total_wan,
        funding_total_to_wan: new.funding_total_wan,
        summary: Summary::default(),
        clauses: Vec::new(),
        warnings: Vec::new(),
    }
}

/// The aligned pairs in reading order: title, preamble, the body (clauses,
/// sections, paragraphs) aligned by content, closing.
pub fn pairs<'a>(old: &'a Side, new: &'a Side) -> Vec<Pair<'a>> {
    let (mut old_body, mut new_body) = both_bodies(old, new);
    let mut head = Vec::new();
    for part in [Part::Title, Part::Preamble] {
        single(&mut head, &old_body, &new_body, part);
    }
    let old_text = |i: usize| old_body.get(i).map(|u| u.body()).unwrap_or_default();
    let new_text = |j: usize| new_body.get(j).map(|u| u.body()).unwrap_or_default();
    let entries = align_keyed(
        Bodies {
            keys: &old_body.keys,
            whole: &old_body.whole,
            text: &old_text,
        },
        Bodies {
            keys: &new_body.keys,
            whole: &new_body.whole,
            text: &new_text,
        },
    );
    // The keys are done with: their memory goes before the pairs take theirs.
    for body in [&mut old_body, &mut new_body] {
        body.keys = Cow::Borrowed(&[]);
        body.whole = Cow::Borrowed(&[]);
    }
    // The pairs take the entries' memory (the same size: collected in
    // place, 65 000 fresh entries' pages less at 10 MB); the title and
    // preamble go in front, in the room `align_keyed` leaves for them.
    let mut out: Vec<Pair<'a>> = entries
        .into_iter()
        .filter_map(|e| {
            let (o, n, moved) = match e {
                Entry::Pair { old, new, moved } => (old_body.get(old), new_body.get(new), moved),
                Entry::Deleted(i) => (old_body.get(i), None, false),
                Entry::Inserted(j) => (None, new_body.get(j), false),
            };
            (o.is_some() || n.is_some()).then_some((o, n, moved))
        })
        .collect();
    out.splice(0..0, head);
    single(&mut out, &old_body, &new_body, Part::Closing);
    out
}

/// The bodies of both sides: on two threads for long drafts (each reads
/// 65 000 units at 10 MB) whose keys were not worked out ahead.
fn both_bodies<'a>(old: &'a Side, new: &'a Side) -> (Body<'a>, Body<'a>) {
    let ahead = old.keys_ahead.0.is_some() && new.keys_ahead.0.is_some();
    if ahead || old.units.len() + new.units.len() < TWO_THREADS_FROM {
        return (Body::of(old), Body::of(new));
    }
    std::thread::scope(|s| {
        let other = crate::helper_thread::spawn(s, || Body::of(old));
        let mine = Body::of(new);
        (other.join().unwrap_or_else(|_| Body::of(old)), mine)
    })
}

/// A side's body units — clauses, sections, paragraphs — with their keys.
/// Every side is built title, preamble, body, closing: the body is then
/// one run of units, and the other parts are found at its ends without a
/// search through it.
struct Body<'a> {
    units: Run<'a>,
    /// Borrowed from the side when they were worked out ahead.
    keys: Cow<'a, [u64]>,
    whole: Cow<'a, [u64]>,
    /// The units before and after the body, or all of them when the body
    /// is not one run.
    ends: [&'a [Unit]; 2],
}

enum Run<'a> {
    Slice(&'a [Unit]),
    Picked(Vec<&'a Unit>),
}

impl<'a> Body<'a> {
    fn of(side: &'a Side) -> Body<'a> {
        let units = side.units.as_slice();
        let Some(range) = body_run(units) else {
            return Body::picked(side);
        };
        let (head, rest) = units.split_at(range.start);
        let (run, tail) = rest.split_at(range.len());
        let (keys, whole) = match side.keys_ahead.0.as_deref() {
            Some(ahead) if ahead.run == range => (
                Cow::Borrowed(ahead.keys.as_slice()),
                Cow::Borrowed(ahead.whole.as_slice()),
            ),
            _ => (
                run.iter().map(|u| u.key).collect(),
                run.iter().map(Unit::whole).collect(),
            ),
        };
        Body {
            units: Run::Slice(run),
            keys,
            whole,
            ends: [head, tail],
        }
    }

    /// The body units picked out one by one (a side not built in order).
    fn picked(side: &'a Side) -> Body<'a> {
        let units: Vec<&Unit> = side.units.iter().filter(|u| is_body(u)).collect();
        Body {
            keys: units.iter().map(|u| u.key).collect(),
            whole: units.iter().map(|u| u.whole()).collect(),
            units: Run::Picked(units),
            ends: [side.units.as_slice(), &[]],
        }
    }

    fn get(&self, i: usize) -> Option<&'a Unit> {
        match &self.units {
            Run::Slice(run) => run.get(i),
            Run::Picked(units) => units.get(i).copied(),
        }
    }

    /// The first unit of `part` outside the body.
    fn outside(&self, part: Part) -> Option<&'a Unit> {
        self.ends
            .iter()
            .flat_map(|e| e.iter())
            .find(|u| u.part == part)
    }
}

/// The summary of the pairs: what [`Summary::of`] counts on their entries,
/// without redlining them; and, pair by pair, whether its two units are
/// the same ([`same_unit`]), for [`entry_counted`]: the texts of a long
/// draft's unchanged clauses are then compared once, not twice.
pub fn summary(pairs: &[Pair<'_>]) -> (Summary, Vec<bool>) {
    let mut same = vec![false; pairs.len()];
    if pairs.len() < TWO_THREADS_FROM {
        return (summary_of(pairs, &mut same), same);
    }
    // Long drafts: each half on its own thread (every text is read once).
    let half = pairs.len() / 2;
    let (first, second) = pairs.split_at(half);
    let (same_first, same_second) = same.split_at_mut(half);
    let sum = std::thread::scope(|s| {
        let other = crate::helper_thread::spawn(s, || summary_of(second, same_second));
        let mut sum = summary_of(first, same_first);
        match other.join() {
            Ok(rest) => sum.add(&rest),
            Err(_) => sum.add(&summary_of(second, &mut vec![false; second.len()])),
        }
        sum
    });
    (sum, same)
}

/// [`summary`] on the calling thread alone.
pub fn summary_alone(pairs: &[Pair<'_>]) -> (Summary, Vec<bool>) {
    let mut same = vec![false; pairs.len()];
    (summary_of(pairs, &mut same), same)
}

/// [`summary`] on one thread, `same` filled for each pair.
fn summary_of(pairs: &[Pair<'_>], same: &mut [bool]) -> Summary {
    let mut s = Summary::default();
    for (&(o, n, moved), is_same) in pairs.iter().zip(same.iter_mut()) {
        *is_same = matches!((o, n), (Some(o), Some(n)) if same_unit(o, n));
        // The same units have the same wording: no second look at them.
        let change = match (*is_same, moved) {
            (true, true) => Change::Moved,
            (true, false) => Change::Unchanged,
            (false, _) => change(o, n, moved),
        };
        match change {
            Change::Unchanged => s.unchanged += 1,
            Change::Modified => s.modified += 1,
            Change::Inserted => s.inserted += 1,
            Change::Deleted => s.deleted += 1,
            Change::Moved => s.moved += 1,
        }
        let (from, to) = (o.and_then(|u| u.number), n.and_then(|u| u.number));
        if change == Change::Unchanged && from.is_some() && to.is_some() && from != to {
            s.renumbered += 1;
        }
        if change == Change::Moved
            && !*is_same
            && let (Some(o), Some(n)) = (o, n)
            && !same_wording(o.body(), n.body())
        {
            s.moved_edited += 1;
        }
    }
    s
}

/// The pair for a part each side has at most once (title, preamble, closing).
fn single<'a>(out: &mut Vec<Pair<'a>>, old: &Body<'a>, new: &Body<'a>, part: Part) {
    let o = old.outside(part);
    let n = new.outside(part);
    if o.is_some() || n.is_some() {
        out.push((o, n, false));
    }
}

/// What happened to a pair.
fn change(old: Option<&Unit>, new: Option<&Unit>, moved: bool) -> Change {
    match (old, new) {
        (Some(o), Some(n)) => {
            if moved {
                Change::Moved
            } else if same_wording(o.body(), n.body()) {
                Change::Unchanged
            } else {
                Change::Modified
            }
        }
        (Some(_), None) => Change::Deleted,
        (None, Some(_)) => Change::Inserted,
        (None, None) => Change::Unchanged,
    }
}

/// One aligned entry: change kind, redline and deltas.
pub fn entry<'a>(
    old: Option<&'a Unit>,
    new: Option<&'a Unit>,
    moved: bool,
    by: By,
) -> ClauseDiff<'a> {
    let same = matches!((old, new), (Some(o), Some(n)) if same_unit(o, n));
    entry_counted(old, new, moved, by, same)
}

/// [`entry`] of a pair [`summary`] found the same (`same`) or not: the
/// same entry, without comparing the units again.
pub fn entry_counted<'a>(
    old: Option<&'a Unit>,
    new: Option<&'a Unit>,
    moved: bool,
    by: By,
    same: bool,
) -> ClauseDiff<'a> {
    match (old, new) {
        (Some(o), Some(n)) if same => same_entry(o, n, moved),
        _ => full_entry(old, new, moved, by),
    }
}

/// [`entry`] worked out in full: redline and deltas.
fn full_entry<'a>(
    old: Option<&'a Unit>,
    new: Option<&'a Unit>,
    moved: bool,
    by: By,
) -> ClauseDiff<'a> {
    let change = change(old, new, moved);
    let segments = match (old, new) {
        (Some(o), Some(n)) => redline_labelled(
            o.text.as_str(),
            o.label_len(),
            n.text.as_str(),
            n.label_len(),
            by,
        ),
        (Some(o), None) => one(Op::Delete, o.text.as_str()),
        (None, Some(n)) => one(Op::Insert, n.text.as_str()),
        (None, None) => redline("", "", by),
    };
    let units_of = |u: Option<&'a Unit>| u.map(|u| u.responsible_units()).unwrap_or_default();
    let sources_of = |u: Option<&'a Unit>| u.map(|u| u.sources()).unwrap_or_default();
    let part = new.or(old).map(|u| u.part).unwrap_or(Part::Paragraph);
    ClauseDiff {
        part,
        from_number: old.and_then(|u| u.number),
        to_number: new.and_then(|u| u.number),
        title: new.or(old).map(|u| u.title.as_str()).unwrap_or_default(),
        change,
        units_added: added(units_of(old), units_of(new)),
        units_removed: added(units_of(new), units_of(old)),
        funding_from_wan: old.and_then(|u| u.funding_wan()),
        funding_to_wan: new.and_then(|u| u.funding_wan()),
        sources_added: added(sources_of(old), sources_of(new)),
        sources_removed: added(sources_of(new), sources_of(old)),
        opinions: Vec::new(),
        opinion_notes: Vec::new(),
        format_only: matches!((old, new), (Some(o), Some(n)) if format_only(o, n)),
        segments,
        old,
        new,
    }
}

/// Whether two texts differ only in format: white space, widths, or the
/// way the label is written at the same number (第一条 → 第1条).
fn format_only(o: &Unit, n: &Unit) -> bool {
    let relabelled = o.number == n.number && o.label() != n.label();
    (o.body() != n.body() || relabelled) && same_wording(o.body(), n.body())
}

/// Whether two units are the same text read the same way (most pairs of
/// a long draft): their entry needs no redline and no deltas.
fn same_unit(o: &Unit, n: &Unit) -> bool {
    o.key == n.key
        && o.label_len() == n.label_len()
        && o.text.as_str() == n.text.as_str()
        && o.fields == n.fields
}

/// The entry of two units that are the same: what [`entry`] works out for
/// them, without the work.
fn same_entry<'a>(o: &'a Unit, n: &'a Unit, moved: bool) -> ClauseDiff<'a> {
    ClauseDiff {
        part: n.part,
        from_number: o.number,
        to_number: n.number,
        title: n.title.as_str(),
        change: if moved {
            Change::Moved
        } else {
            Change::Unchanged
        },
        units_added: Vec::new(),
        units_removed: Vec::new(),
        funding_from_wan: o.funding_wan(),
        funding_to_wan: n.funding_wan(),
        sources_added: Vec::new(),
        sources_removed: Vec::new(),
        opinions: Vec::new(),
        opinion_notes: Vec::new(),
        format_only: false,
        segments: one(Op::Equal, o.text.as_str()),
        old: Some(o),
        new: Some(n),
    }
}

/// The names in `to` that are not in `from` (compared in normal form:
/// brackets, widths and white space aside), in `to`'s order, once each.
fn added<'a>(from: &[String], to: &'a [String]) -> Vec<&'a str> {
    if to.is_empty() {
        return Vec::new();
    }
    let known: HashSet<String> = from.iter().map(|s| names::normalise(s)).collect();
    let mut seen = HashSet::new();
    to.iter()
        .filter(|s| {
            let n = names::normalise(s);
            !known.contains(&n) && seen.insert(n)
        })
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_on_two_threads_is_the_summary_on_one() {
        let old: String = (1..=21_000)
            .map(|i| format!("第{i}条　甲{}。\n", i % 7))
            .collect();
        let new = old
            .replace("第5条　甲5。\n", "第5条　乙5。\n")
            .replace("第9条　甲2。\n", "");
        let (o, n, _) = crate::diff::sides_from_markdown(("a", &old), ("b", &new));
        let pairs = pairs(&o, &n);
        assert!(pairs.len() >= TWO_THREADS_FROM);
        let (two, same) = summary(&pairs);
        let mut same_one = vec![false; pairs.len()];
        assert_eq!(two, summary_of(&pairs, &mut same_one));
        assert_eq!(same, same_one);
        assert_eq!((two.modified, two.deleted), (1, 1), "{two:?}");
        // The entries made from the marks are the entries made without.
        for (&(o, n, moved), &same) in pairs.iter().zip(&same) {
            let quick = serde_json::to_value(entry_counted(o, n, moved, By::Char, same));
            let full = serde_json::to_value(entry(o, n, moved, By::Char));
            assert_eq!(quick.ok(), full.ok());
        }
        assert_eq!(
            same.iter().filter(|s| !**s).count(),
            2,
            "the edited and the shifted clause"
        );
    }

    fn clause(n: u32, body: &str) -> Unit {
        Unit::clause(n, format!("{n}.{body}"))
    }

    fn side(name: &str, units: Vec<Unit>) -> Side {
        let funding_total_wan = units.iter().filter_map(|u| u.funding_wan()).sum();
        Side {
            name: name.into(),
            title: String::new(),
            units,
            funding_total_wan,
            clauseless: false,
            keys_ahead: Default::default(),
        }
    }

    fn changes(d: &DraftDiff<'_>) -> Vec<String> {
        d.clauses
            .iter()
            .map(|c| format!("{:?}>{:?}:{}", c.from_number, c.to_number, c.change.key()))
            .collect()
    }

    const A: &str = "支持区域协同联动创新。强化市域统筹协调，共同为溢出产业项目提供落地要素保障。";
    const B: &str = "支持创新载体布局建设。给予最高1000万元建设经费支持。";
    const C: &str = "支持创新主体引进培育。对特别重大的项目，按一事一议给予支持。";

    #[test]
    fn renumbering_alone_is_not_a_modification() {
        let old = side("v1", vec![clause(1, A), clause(2, B), clause(3, C)]);
        let new = side(
            "v2",
            vec![
                clause(1, A),
                clause(2, "全新的一条内容，与其他条款毫无关系。"),
                clause(3, B),
                clause(4, C),
            ],
        );
        let d = compare(&old, &new, By::Char);
        assert_eq!(
            changes(&d),
            [
                "Some(1)>Some(1):unchanged",
                "None>Some(2):inserted",
                "Some(2)>Some(3):unchanged",
                "Some(3)>Some(4):unchanged"
            ]
        );
        let c = &d.clauses[2];
        assert_eq!(c.old_text(), format!("2.{B}"));
        assert_eq!(c.new_text(), format!("3.{B}"));
        assert_eq!(d.summary.renumbered, 2);
        assert_eq!(d.summary.inserted, 1);
    }

    /// tester4 L6: a clause moved and edited is counted once, as moved, and
    /// the count of the moved that were also edited is kept beside it —
    /// the same whether counted on the entries or on the pairs.
    #[test]
    fn t4_l6_a_moved_and_edited_clause_is_counted_as_moved_and_edited() {
        let old = side("a", vec![clause(1, A), clause(2, B), clause(3, C)]);
        let new = side(
            "b",
            vec![
                clause(1, B),
                clause(2, C),
                clause(3, &A.replace("共同为", "共同为本市")),
            ],
        );
        let d = compare(&old, &new, By::Char);
        assert_eq!(d.summary.moved, 1, "{:?}", changes(&d));
        assert_eq!(d.summary.moved_edited, 1);
        assert_eq!(d.summary.modified, 0);
        assert_eq!(summary(&pairs(&old, &new)).0, d.summary);
        let json = serde_json::to_value(&d.summary).unwrap_or_default();
        assert!(json.get("moved_edited").is_none(), "{json}");
        // Moved with the same text: not edited.
        let plain = side("c", vec![clause(1, B), clause(2, C), clause(3, A)]);
        let d = compare(&old, &plain, By::Char);
        assert_eq!((d.summary.moved, d.summary.moved_edited), (1, 0));
        assert_eq!(summary(&pairs(&old, &plain)).0, d.summary);
    }

    #[test]
    fn units_sources_and_funding_deltas() {
        let mut o = clause(5, A);
        o.fields_mut().responsible_units =
            vec!["市委组织部".into(), "各县级市（区）人民政府<管委会>".into()];
        o.fields_mut().sources = vec!["《甲》".into()];
        o.fields_mut().funding_wan = Some(0.0);
        let mut n = clause(5, &A.replace("保障", "保障支持"));
        n.fields_mut().responsible_units = vec![
            "市委组织部".into(),
            "市人社局".into(),
            "各县级市(区)人民政府（管委会）".into(),
        ];
        n.fields_mut().sources = vec!["《乙》".into()];
        n.fields_mut().funding_wan = Some(1000.0);
        let old = side("v1", vec![o]);
        let new = side("v2", vec![n]);
        let d = compare(&old, &new, By::Char);
        let c = &d.clauses[0];
        assert_eq!(c.change, Change::Modified);
        assert_eq!(c.units_added, ["市人社局"]);
        assert!(c.units_removed.is_empty());
        assert_eq!(c.sources_added, ["《乙》"]);
        assert_eq!(c.sources_removed, ["《甲》"]);
        assert_eq!(
            (c.funding_from_wan, c.funding_to_wan),
            (Some(0.0), Some(1000.0))
        );
        assert_eq!(
            (d.funding_total_from_wan, d.funding_total_to_wan),
            (0.0, 1000.0)
        );
        let json = serde_json::to_value(&d).unwrap_or_default();
        assert_eq!(json["funding_total_to_wan"], serde_json::json!(1000));
        assert_eq!(json["clauses"][0]["funding_from_wan"], serde_json::json!(0));
        assert_eq!(json["clauses"][0]["change"], "modified");
    }

    #[test]
    fn pseudo_parts_are_compared() {
        let mut old = side(
            "a",
            vec![
                Unit::plain(Part::Preamble, "为深入贯彻。".into()),
                clause(1, A),
            ],
        );
        old.units.push(Unit::plain(
            Part::Closing,
            "本政策自发布之日起实施。".into(),
        ));
        let new = side(
            "b",
            vec![
                Unit::plain(Part::Preamble, "为深入贯彻落实。".into()),
                clause(1, A),
            ],
        );
        let d = compare(&old, &new, By::Char);
        assert_eq!(
            changes(&d),
            [
                "None>None:modified",
                "Some(1)>Some(1):unchanged",
                "None>None:deleted"
            ]
        );
        assert_eq!(d.clauses[0].part, Part::Preamble);
        assert_eq!(d.clauses[2].part, Part::Closing);
    }

    #[test]
    fn clauseless_drafts_are_compared_as_paragraphs() {
        let mut old = side(
            "a.md",
            vec![Unit::plain(Part::Preamble, "第一段。\n第二段。".into())],
        );
        old.clauseless = true;
        let new = side("b.md", vec![clause(1, A)]);
        let (o, n, warnings) = prepare(old, new);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("a.md"));
        assert_eq!(o.units.len(), 2);
        assert!(o.units.iter().all(|u| u.part == Part::Paragraph));
        assert_eq!(n.units.len(), 1);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Clause bodies that differ from each other.
    fn bodies() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(
            proptest::collection::vec(
                prop_oneof![
                    Just("支持"),
                    Just("创新"),
                    Just("人才"),
                    Just("资金"),
                    Just("项目"),
                    Just("平台"),
                    Just("。")
                ],
                6..20,
            )
            .prop_map(|v| v.concat()),
            1..12,
        )
        .prop_map(|v| {
            let mut seen = std::collections::HashSet::new();
            v.into_iter()
                .enumerate()
                .map(|(i, s)| format!("第{i}项{s}"))
                .filter(|s| seen.insert(s.clone()))
                .collect()
        })
    }

    fn side(name: &str, bodies: &[String], first: u32) -> Side {
        Side {
            name: name.into(),
            title: String::new(),
            units: bodies
                .iter()
                .enumerate()
                .map(|(i, b)| Unit::clause(first + i as u32, format!("{}.{b}", first + i as u32)))
                .collect(),
            funding_total_wan: 0.0,
            clauseless: false,
            keys_ahead: Default::default(),
        }
    }

    /// The quick entry of two same units is the entry worked out in full.
    #[test]
    fn same_units_get_the_entry_worked_out_in_full() {
        let mut o = Unit::clause(3, "3.支持创新（责任单位：市科技局、市财政局）。".into());
        o.fields_mut().responsible_units = vec!["市科技局".into(), "市财政局".into()];
        o.fields_mut().funding_wan = Some(20.0);
        let mut n = o.clone();
        n.number = Some(4);
        for moved in [false, true] {
            assert!(same_unit(&o, &n));
            let quick = serde_json::to_value(same_entry(&o, &n, moved)).unwrap_or_default();
            let full = serde_json::to_value(full_entry(Some(&o), Some(&n), moved, By::Char))
                .unwrap_or_default();
            assert_eq!(quick, full);
        }
        n.fields_mut().sources = vec!["《甲》".into()];
        assert!(!same_unit(&o, &n));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn a_draft_against_itself_is_all_unchanged(b in bodies()) {
            let s = side("a", &b, 1);
            let d = compare(&s, &s, By::Char);
            prop_assert_eq!(d.clauses.len(), b.len());
            prop_assert!(d.clauses.iter().all(|c| c.change == Change::Unchanged));
            prop_assert!(d.clauses.iter().all(|c| c.segments.iter().all(|s| s.op == Op::Equal)));
        }

        #[test]
        fn alignment_is_stable_under_renumbering(b in bodies(), shift in 1u32..50) {
            let old = side("a", &b, 1);
            let new = side("b", &b, 1 + shift);
            let d = compare(&old, &new, By::Char);
            prop_assert_eq!(d.clauses.len(), b.len());
            for (k, c) in d.clauses.iter().enumerate() {
                prop_assert_eq!(c.change, Change::Unchanged);
                prop_assert_eq!(c.from_number, Some(1 + k as u32));
                prop_assert_eq!(c.to_number, Some(1 + shift + k as u32));
                prop_assert_eq!(c.old_text(), old.units[k].text.to_string());
                prop_assert_eq!(c.new_text(), new.units[k].text.to_string());
            }
        }

        #[test]
        fn inserting_a_clause_changes_nothing_else(b in bodies(), at in 0usize..12) {
            let at = at.min(b.len());
            let mut with = b.clone();
            with.insert(at, "全新条款：与任何已有条款都不相似的内容，例如数据安全与隐私保护。".to_string());
            let old = side("a", &b, 1);
            let new = side("b", &with, 1);
            let d = compare(&old, &new, By::Char);
            prop_assert_eq!(d.summary.inserted, 1);
            prop_assert_eq!(d.summary.unchanged, b.len());
            prop_assert_eq!(d.summary.modified + d.summary.deleted + d.summary.moved, 0);
        }

        #[test]
        fn every_entry_rebuilds_its_clauses(b in bodies(), c in bodies()) {
            let old = side("a", &b, 1);
            let new = side("b", &c, 1);
            let d = compare(&old, &new, By::Char);
            let mut olds: Vec<String> = d.clauses.iter().filter(|e| e.old.is_some()).map(|e| e.old_text()).collect();
            let mut news: Vec<String> = d.clauses.iter().filter(|e| e.new.is_some()).map(|e| e.new_text()).collect();
            let mut want_old: Vec<String> = old.units.iter().map(|u| u.text.to_string()).collect();
            let mut want_new: Vec<String> = new.units.iter().map(|u| u.text.to_string()).collect();
            olds.sort();
            news.sort();
            want_old.sort();
            want_new.sort();
            prop_assert_eq!(olds, want_old);
            prop_assert_eq!(news, want_new);
            for e in &d.clauses {
                if let Some(u) = e.old { prop_assert_eq!(e.old_text(), u.text.to_string()); }
                if let Some(u) = e.new { prop_assert_eq!(e.new_text(), u.text.to_string()); }
            }
        }
    }
}
