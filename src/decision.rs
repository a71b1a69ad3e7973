//! Decisions: what staff decided on each opinion — 采纳 / 部分采纳 / 不采纳 /
//! 已知悉 — with a reason and, where only part is adopted, the edits
//! actually adopted. One file per opinion under decisions/ (merge-friendly);
//! changing a decision rewrites that file and git keeps the history.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::opinion::{Disposition, Edit, OpinionView};
use crate::t;

/// The folder of decisions, relative to the workspace.
pub const DIR: &str = "decisions";

/// A decision as recorded in decisions/<opinion id>.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub opinion: String,
    pub disposition: Disposition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The edits actually adopted, when staff stated them; otherwise the
    /// opinion's proposed edits apply (for `adopted`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edits: Option<Vec<Edit>>,
    /// Who decided (the git author name of the clone that recorded it), so
    /// that two clones' conflicting decisions can be told apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

impl Decision {
    /// The edits `revise` applies for this decision on `opinion`.
    pub fn effective_edits(&self, proposed: &[Edit]) -> Vec<Edit> {
        match (self.disposition, &self.edits) {
            (Disposition::Adopted | Disposition::PartiallyAdopted, Some(stated)) => stated.clone(),
            (Disposition::Adopted, None) => proposed.to_vec(),
            _ => Vec::new(),
        }
    }
}

/// Parse a disposition word: adopt|partial|reject|note (or the Chinese).
pub fn parse_disposition(word: &str) -> Result<Disposition> {
    match word {
        "adopt" | "adopted" | "采纳" => Ok(Disposition::Adopted),
        "partial" | "partially_adopted" | "部分采纳" => Ok(Disposition::PartiallyAdopted),
        "reject" | "rejected" | "not_adopted" | "不采纳" => Ok(Disposition::NotAdopted),
        "note" | "noted" | "已知悉" => Ok(Disposition::Noted),
        "pending" | "待定" => Ok(Disposition::Pending),
        other => Err(Error::usage(t!(
            "没有这种处理意见：“{}”",
            "no such disposition: “{}”",
            other
        ))
        .with_hint(crate::i18n::tr(
            "可用：adopt（采纳）、partial（部分采纳）、reject（不采纳）、note（已知悉）",
            "use adopt, partial, reject or note",
        ))),
    }
}

/// The path of an opinion's decision file.
pub fn path(root: &Path, opinion: &str) -> PathBuf {
    root.join(DIR).join(format!("{opinion}.yaml"))
}

/// Every recorded decision, by opinion id.
pub fn load_all(root: &Path) -> Result<HashMap<String, Decision>> {
    let dir = root.join(DIR);
    let Some(entries) = crate::files::record_folder(&dir)? else {
        return Ok(HashMap::new());
    };
    let mut decisions = HashMap::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || !name.ends_with(".yaml") {
            continue;
        }
        let path = entry.path();
        let text = crate::files::read_text(&path)?;
        if crate::conflict::has_markers(&text) {
            continue;
        }
        let decision: Decision = crate::yaml::parse(&text, &path, 1)?;
        decisions.insert(decision.opinion.clone(), decision);
    }
    Ok(decisions)
}

/// Two clones decided one opinion differently: the decision file holds
/// git's conflict markers around both decisions.
#[derive(Debug, Clone)]
pub struct Conflict {
    pub opinion: String,
    pub path: PathBuf,
    /// The two decisions (ours, theirs); `None` where a side does not read.
    pub sides: [Option<Decision>; 2],
}

impl Conflict {
    /// “意见 X：采纳（张三）与 不采纳（李四）”.
    pub fn describe(&self) -> String {
        let side = |d: &Option<Decision>| match d {
            Some(d) => format!(
                "{}（{}）",
                d.disposition.chinese(),
                d.by.as_deref().unwrap_or("?")
            ),
            None => "?".to_string(),
        };
        t!(
            "意见 {}：{} 与 {}",
            "opinion {}: {} vs {}",
            self.opinion,
            side(&self.sides[0]),
            side(&self.sides[1])
        )
    }
}

/// Every decision file holding conflict markers, with both sides read.
pub fn conflicts(root: &Path) -> Result<Vec<Conflict>> {
    let dir = root.join(DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(stem) = name
            .strip_suffix(".yaml")
            .filter(|_| !name.starts_with('.'))
        else {
            continue;
        };
        let path = entry.path();
        let text = crate::files::read_text(&path)?;
        if !crate::conflict::has_markers(&text) {
            continue;
        }
        let (ours, theirs) = crate::conflict::sides(&text);
        let read = |t: &str| crate::yaml::parse::<Decision>(t, &path, 1).ok();
        out.push(Conflict {
            opinion: stem.to_string(),
            path: path.clone(),
            sides: [read(&ours), read(&theirs)],
        });
    }
    out.sort_by(|a, b| a.opinion.cmp(&b.opinion));
    Ok(out)
}

/// Give each opinion its recorded disposition and reason.
pub fn apply(opinions: &mut [OpinionView], decisions: &HashMap<String, Decision>) {
    for o in opinions {
        if let Some(d) = decisions.get(&o.id) {
            o.disposition = d.disposition;
            o.reason = d.reason.clone();
            if let Some(edits) = &d.edits {
                o.adopted_edits = Some(edits.clone());
            }
        }
    }
}

/// Find the one opinion whose id is `id` or starts with it.
pub fn find<'a>(opinions: &'a [OpinionView], id: &str) -> Result<&'a OpinionView> {
    if let Some(exact) = opinions.iter().find(|o| o.id == id) {
        return Ok(exact);
    }
    let matches: Vec<&OpinionView> = opinions.iter().filter(|o| o.id.starts_with(id)).collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(
            Error::usage(t!("没有编号为“{}”的意见", "no opinion has the id “{}”", id)).with_hint(
                crate::i18n::tr(
                    "用 `consult opinions` 查看意见编号",
                    "see the ids with `consult opinions`",
                ),
            ),
        ),
        many => {
            let list: Vec<String> = many
                .iter()
                .take(10)
                .map(|o| {
                    format!(
                        "{} ({}: {})",
                        o.id,
                        o.department,
                        crate::terminal::shortened(&o.text, 20)
                    )
                })
                .collect();
            Err(Error::usage(t!(
                "编号“{}”不唯一，可能是：{}",
                "the id “{}” is ambiguous: {}",
                id,
                list.join("; ")
            ))
            .with_hint(crate::i18n::tr("多写几位编号", "type more of the id")))
        }
    }
}
