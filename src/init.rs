//! `consult init`: a new workspace — a git repository with consult.yaml,
//! drafts/ and comments/ — either blank (a commented template) or the
//! embedded Suzhou example.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::Store;
use crate::t;
use crate::workspace::{CONFIG, write_atomic};

/// The consult.yaml of a blank workspace.
const TEMPLATE_CONFIG: &str = include_str!("init_template.yaml");

/// The first draft of a blank workspace.
const TEMPLATE_DRAFT: &str = "# （政策标题）\n\n（征求意见稿）\n\n1.（第一条标题）。（条文内容。）（责任单位：（单位名称））\n\n新增资金测算：0万元\n";

/// Create a workspace in `root`; returns how many files were written.
pub fn init(root: &Path, example: bool) -> Result<usize> {
    if root.join(CONFIG).exists() {
        return Err(Error::usage(t!(
            "{} 已经是工作区（已有 {}）",
            "{} is already a workspace (it has {})",
            root.display(),
            CONFIG
        ))
        .with_hint(crate::i18n::tr("换一个目录", "choose another folder")));
    }
    Store::check_init_target(root)?;
    crate::workspace::refuse_links(root)?;
    let files = if example {
        example_files()
    } else {
        template_files()
    };
    for (rel, _) in &files {
        let path = root.join(rel);
        if path.exists() {
            return Err(Error::usage(t!(
                "{} 已存在，不会覆盖",
                "{} exists already; nothing is overwritten",
                path.display()
            )));
        }
    }
    std::fs::create_dir_all(root).map_err(|e| Error::io("failed to create", root, e))?;
    let mut written: Vec<PathBuf> = Vec::new();
    for (rel, bytes) in &files {
        let path = root.join(rel);
        write_atomic(&path, bytes)?;
        written.push(path);
    }
    let store = Store::init_at(root)?;
    let message = if example {
        "init: 苏州示例征求意见（consult init --example）"
    } else {
        "init: 新建征求意见工作区"
    };
    store.commit_paths(&written, message)?;
    Ok(written.len())
}

fn example_files() -> Vec<(String, Vec<u8>)> {
    crate::example::FILES
        .iter()
        .map(|(rel, bytes)| (rel.to_string(), bytes.to_vec()))
        .collect()
}

fn template_files() -> Vec<(String, Vec<u8>)> {
    vec![
        (CONFIG.to_string(), TEMPLATE_CONFIG.as_bytes().to_vec()),
        (
            "drafts/v1.md".to_string(),
            TEMPLATE_DRAFT.as_bytes().to_vec(),
        ),
        ("comments/.gitkeep".to_string(), Vec::new()),
    ]
}
