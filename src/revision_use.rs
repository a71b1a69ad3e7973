//! Which existing versions used an opinion's decision: `revise` records the
//! opinions behind each change in `revisions/<to>.yaml` (see
//! [`crate::diff::provenance`]). A decision a version was built from must
//! not silently change afterwards, or the summary table and the draft it
//! goes with contradict each other.

use crate::error::{Error, Result};
use crate::opinion::{Disposition, Edit, OpinionView};
use crate::t;
use crate::workspace::Workspace;

/// The versions (drafts/<to>.md that exist) whose revision record lists
/// opinion `id`, in name order. Unreadable records are skipped (doctor
/// reports them elsewhere).
pub fn versions_using(ws: &Workspace, id: &str) -> Vec<String> {
    let dir = ws.root().join(crate::revise::DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let to = name.strip_suffix(".yaml")?.to_string();
            let text = std::fs::read_to_string(e.path()).ok()?;
            let rec: crate::revise::Provenance =
                serde_saphyr::from_str_with_options(&text, crate::yaml::options()).ok()?;
            let used = rec
                .changes
                .iter()
                .any(|c| c.opinions.iter().any(|o| o == id));
            (used && ws.draft_path(&to).is_file()).then_some(to)
        })
        .collect();
    found.sort();
    found
}

/// The edits `revise` would apply for `o` decided as `disposition` with
/// the `stated` edits (empty: none stated).
pub fn applied_edits(o: &OpinionView, disposition: Disposition, stated: &[Edit]) -> Vec<Edit> {
    let mut next = o.clone();
    next.disposition = disposition;
    next.adopted_edits = (!stated.is_empty()).then(|| stated.to_vec());
    current_edits(&next)
}

/// The edits `revise` applies for `o` as it is decided now.
pub fn current_edits(o: &OpinionView) -> Vec<Edit> {
    if o.withdrawn || o.clause.is_none() {
        return Vec::new();
    }
    crate::revise::effective(o).to_vec()
}

/// Refuse a new decision on `o` that would no longer apply (or apply other
/// edits than) what an existing version was made from. Re-deciding to the
/// same effect is allowed.
pub fn refuse_change(
    ws: &Workspace,
    o: &OpinionView,
    disposition: Disposition,
    stated: &[Edit],
) -> Result<()> {
    if applied_edits(o, disposition, stated) == current_edits(o) {
        return Ok(());
    }
    let Some(version) = versions_using(ws, &o.id).into_iter().next() else {
        return Ok(());
    };
    Err(Error::usage(t!(
        "意见 {}（{}）的处理（{}）已用于生成 {}：改为{}会使汇总表与 {} 不一致；未写入任何内容",
        "opinion {} ({}) as decided ({}) was used to make {}: changing it to {} would leave the summary and {} contradicting each other; nothing was written",
        o.id,
        o.department,
        o.disposition.chinese(),
        version,
        disposition.chinese(),
        version
    ))
    .with_hint(t!(
        "先撤销该修订（git revert 生成 {} 的提交并删除其标签），或保持原处理、在下一版本中手工修改并记录",
        "undo that revision first (git revert the commit that made {} and delete its tag), or keep this decision and make the change by hand in the next version",
        version
    )))
}

/// Refuse a correction (`amend`) that changes what `revise` applies for an
/// opinion (its clause or edits) when an existing version was made from it:
/// the version would no longer match the opinion it cites.
pub fn refuse_reading_change(
    ws: &Workspace,
    before: &OpinionView,
    after: &OpinionView,
) -> Result<()> {
    if current_edits(before) == current_edits(after) {
        return Ok(());
    }
    let Some(version) = versions_using(ws, &before.id).into_iter().next() else {
        return Ok(());
    };
    Err(Error::usage(t!(
        "意见 {}（{}）已用于生成 {}：更正它的条款或修改内容会使 {} 与意见不一致；未写入任何内容",
        "opinion {} ({}) was used to make {}: correcting its clause or edits would leave {} not matching it; nothing was written",
        before.id,
        before.department,
        version,
        version
    ))
    .with_hint(t!(
        "先撤销该修订（git revert 生成 {} 的提交并删除其标签），或在下一版本中手工修改并记录",
        "undo that revision first (git revert the commit that made {} and delete its tag), or make the change by hand in the next version",
        version
    )))
}
