//! `consult sync [--remote NAME]`: share one consultation through a git
//! server — fetch, merge the remote's work, push.
//!
//! The network side is the `git` program itself (git2 is built without
//! network support): fetch and push use the user's own remotes, ssh keys
//! and credential helpers exactly as `git fetch`/`git push` do. Under the
//! workspace lock: the remote's branch and its `consult/*` tags are
//! fetched; the branch is merged. consult's own records merge without
//! conflicts — one file per reply (named by the original's hash) and per
//! decision. Where two clones disagree:
//! - a reply recorded twice with different details (the same original):
//!   the earlier receipt is kept in both clones alike ([`crate::reply::settle`]);
//!   recorded for two different departments (after either clone's `amend`):
//!   the merge is undone, nothing changes locally, and both departments are
//!   named with their receipt times, to settle with `amend` in one clone;
//! - a decision made differently: both are kept in the file between git's
//!   conflict markers and committed, so every clone sees the disagreement
//!   (`opinions`, `doctor`, `revise` name both decisions and their
//!   authors) until `consult decide` settles it;
//! - anything else (consult.yaml, a draft, a revision): the merge is
//!   undone, nothing changes locally, and the files are named.
//!
//! Then HEAD's branch and the `consult/*` tags are pushed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::t;
use crate::terminal::notice;
use crate::workspace::Workspace;

/// What a sync did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Synced {
    pub remote: String,
    pub branch: String,
    /// `up_to_date`, `fast_forward`, `merged` or `pushed_only`.
    pub merge: String,
    /// Reply records two clones wrote differently, settled.
    pub settled_replies: Vec<String>,
    /// Decisions two clones made differently, kept for `decide` to settle.
    pub conflicting_decisions: Vec<String>,
    /// Tags fetched from the remote.
    pub tags_fetched: Vec<String>,
}

/// Sync the workspace with `remote` (default: the branch's upstream remote,
/// else `origin`, else the only remote).
pub fn sync(ws: &Workspace, remote: Option<&str>) -> Result<Synced> {
    let tx = ws.begin()?;
    let workdir = tx
        .store()
        .work_tree()
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::usage("bare repositories are not workspaces"))?;
    let git = Git {
        dir: workdir,
        identity: tx.store().identity(),
    };
    let branch = tx
        .store()
        .branch()
        .ok_or_else(|| Error::usage(tr("HEAD 不在分支上", "HEAD is not on a branch")))?;
    let remote = choose_remote(&git, &branch, remote)?;
    tx.commit_pending_basis()?;
    let tracking = format!("refs/remotes/{remote}/{branch}");
    git.fetch(&remote, &branch, &tracking)?;
    let tags_fetched = fetch_tags(&git, &remote)?;
    let mut synced = Synced {
        remote: remote.clone(),
        branch: branch.clone(),
        merge: String::new(),
        settled_replies: Vec::new(),
        conflicting_decisions: Vec::new(),
        tags_fetched,
    };
    synced.merge = if git.has_ref(&tracking) {
        merge(ws, &git, &tracking, &mut synced)?
    } else {
        "pushed_only".to_string()
    };
    drop(tx);
    push(&git, &remote, &branch)?;
    Ok(synced)
}

/// Runs `git` in the work tree.
struct Git {
    dir: PathBuf,
    /// Who the commits git makes are by: consult's own identity
    /// ([`crate::store::Store::identity`]), given to git where the
    /// environment does not name one.
    identity: Option<(String, String)>,
}

impl Git {
    fn run(&self, args: &[&str]) -> Result<std::process::Output> {
        let mut command = Command::new("git");
        command
            .args(args)
            .current_dir(&self.dir)
            .env("GIT_TERMINAL_PROMPT", "0");
        if let Some((name, email)) = &self.identity {
            for (key, value) in [
                ("GIT_AUTHOR_NAME", name),
                ("GIT_AUTHOR_EMAIL", email),
                ("GIT_COMMITTER_NAME", name),
                ("GIT_COMMITTER_EMAIL", email),
            ] {
                if std::env::var_os(key).is_none_or(|v| v.is_empty()) {
                    command.env(key, value);
                }
            }
        }
        command.output().map_err(|e| {
            Error::io(
                tr(
                    "无法运行 git（sync 需要 git 命令）",
                    "failed to run git (sync needs the git program)",
                ),
                "git",
                e,
            )
        })
    }

    /// Run and return stdout; an error names the command and git's message.
    fn ok(&self, args: &[&str]) -> Result<String> {
        let out = self.run(args)?;
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).to_string());
        }
        Err(Error::usage(t!(
            "git {} 失败：{}",
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }

    fn has_ref(&self, name: &str) -> bool {
        self.run(&["rev-parse", "--verify", "-q", name])
            .is_ok_and(|o| o.status.success())
    }

    fn fetch(&self, remote: &str, branch: &str, tracking: &str) -> Result<()> {
        let out = self.run(&[
            "fetch",
            "--no-tags",
            remote,
            &format!("+refs/heads/{branch}:{tracking}"),
        ])?;
        if out.status.success() {
            return Ok(());
        }
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        if err.contains("couldn't find remote ref") {
            return Ok(());
        }
        Err(Error::usage(t!(
            "无法从 {} 取回：{}；本地未作任何改动",
            "could not fetch from {}: {}; nothing changed locally",
            remote,
            err.trim()
        ))
        .with_hint(tr(
            "检查网络与远程地址（git remote -v）及凭据，然后重试 consult sync",
            "check the network, the remote's address (git remote -v) and your credentials, then run consult sync again",
        )))
    }
}

/// The remote to use: asked, the branch's upstream, `origin`, or the only one.
fn choose_remote(git: &Git, branch: &str, asked: Option<&str>) -> Result<String> {
    let remotes: Vec<String> = git
        .ok(&["remote"])?
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect();
    if let Some(name) = asked {
        if remotes.iter().any(|r| r == name) {
            return Ok(name.to_string());
        }
        return Err(no_remote(Some(name), &remotes));
    }
    let upstream = git
        .ok(&["config", "--get", &format!("branch.{branch}.remote")])
        .unwrap_or_default();
    let upstream = upstream.trim();
    if !upstream.is_empty() && remotes.iter().any(|r| r == upstream) {
        return Ok(upstream.to_string());
    }
    if remotes.iter().any(|r| r == "origin") {
        return Ok("origin".to_string());
    }
    match remotes.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(no_remote(None, &remotes)),
    }
}

fn no_remote(asked: Option<&str>, remotes: &[String]) -> Error {
    let message = match asked {
        Some(name) => t!(
            "没有名为 {} 的远程仓库（现有：{}）；未写入任何内容",
            "no remote named {} (there are: {}); nothing was written",
            name,
            if remotes.is_empty() {
                "—".to_string()
            } else {
                remotes.join(", ")
            }
        ),
        None if remotes.is_empty() => tr(
            "没有配置远程仓库，无法同步；未写入任何内容",
            "no remote is configured, so there is nothing to sync with; nothing was written",
        )
        .to_string(),
        None => t!(
            "有多个远程仓库（{}），不知同步哪一个；未写入任何内容",
            "there are several remotes ({}); which one to sync with is unclear; nothing was written",
            remotes.join(", ")
        ),
    };
    Error::usage(message).with_hint(tr(
        "添加处里的 git 服务器：git remote add origin URL，或用 --remote NAME 指定",
        "add the office's git server with git remote add origin URL, or name one with --remote NAME",
    ))
}

/// Fetch the remote's `consult/*` tags: new ones are created; one that
/// names a different commit here is left as it is, with a notice.
fn fetch_tags(git: &Git, remote: &str) -> Result<Vec<String>> {
    let out = git.run(&[
        "fetch",
        "--no-tags",
        remote,
        "+refs/tags/consult/*:refs/consult-sync/tags/consult/*",
    ])?;
    if !out.status.success() {
        return Ok(Vec::new());
    }
    let listed = git.ok(&[
        "for-each-ref",
        "--format=%(refname) %(objectname)",
        "refs/consult-sync/tags/",
    ])?;
    let mut fetched = Vec::new();
    for line in listed.lines() {
        let Some((name, id)) = line.split_once(' ') else {
            continue;
        };
        let tag = name.trim_start_matches("refs/consult-sync/tags/");
        let local = format!("refs/tags/{tag}");
        let here = git.ok(&["rev-parse", "--verify", "-q", &local]).ok();
        match here.as_deref().map(str::trim) {
            None => {
                git.ok(&["update-ref", &local, id])?;
                fetched.push(tag.to_string());
            }
            Some(same) if same == id => {}
            Some(_) => notice(&t!(
                "标签 {} 在远程指向另一提交：两个副本各自生成了这一版本；保留本地的",
                "the tag {} names another commit on the remote: two clones each made this version; the local one is kept",
                tag
            )),
        }
        let _ = git.run(&["update-ref", "-d", name]);
    }
    Ok(fetched)
}

/// Merge `tracking` into HEAD, settling consult's own files.
fn merge(ws: &Workspace, git: &Git, tracking: &str, synced: &mut Synced) -> Result<String> {
    let is_ancestor = |a: &str, b: &str| {
        git.run(&["merge-base", "--is-ancestor", a, b])
            .is_ok_and(|o| o.status.success())
    };
    if is_ancestor(tracking, "HEAD") {
        return Ok("up_to_date".to_string());
    }
    if is_ancestor("HEAD", tracking) {
        git.ok(&["merge", "--ff-only", "-q", tracking])
            .map_err(local_changes)?;
        return Ok("fast_forward".to_string());
    }
    let message = format!("sync: merge {tracking}");
    let out = git.run(&[
        "merge",
        "--no-ff",
        "--no-edit",
        "-q",
        "-m",
        &message,
        tracking,
    ])?;
    if out.status.success() {
        return Ok("merged".to_string());
    }
    let conflicted: Vec<String> = git
        .ok(&["diff", "--name-only", "--diff-filter=U"])?
        .lines()
        .map(str::to_string)
        .collect();
    if conflicted.is_empty() {
        let _ = git.run(&["merge", "--abort"]);
        return Err(local_changes(Error::usage(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        )));
    }
    let prefix = workspace_prefix(git, ws)?;
    two_departments(git, ws, &conflicted, &prefix)?;
    let mut foreign = Vec::new();
    for path in &conflicted {
        let rel = path.strip_prefix(&prefix).unwrap_or(path);
        if let Some(reply) = settle_reply(git, ws, path, rel)? {
            synced.settled_replies.push(reply);
        } else if rel.starts_with("decisions/") && rel.ends_with(".yaml") {
            git.ok(&["add", "--", path])?;
            synced.conflicting_decisions.push(
                rel.trim_start_matches("decisions/")
                    .trim_end_matches(".yaml")
                    .to_string(),
            );
        } else {
            foreign.push(path.clone());
        }
    }
    if !foreign.is_empty() {
        let _ = git.run(&["merge", "--abort"]);
        return Err(Error::usage(t!(
            "与远程的修改冲突，且不是 consult 能合并的记录：{}；已撤销合并，本地未作任何改动",
            "the remote's changes conflict with ours outside consult's records: {}; the merge was undone and nothing changed locally",
            foreign.join(", ")
        ))
        .with_hint(tr(
            "手工合并：git merge 后编辑这些文件、git commit，再运行 consult sync",
            "merge by hand: git merge, edit those files, git commit, then run consult sync again",
        )));
    }
    git.ok(&["commit", "--no-edit", "-q", "-m", &message])?;
    for c in crate::decision::conflicts(ws.root())? {
        notice(&t!(
            "两个副本的处理意见冲突，{}；用 consult decide {} … 定夺",
            "two clones decided differently — {}; settle it with consult decide {} …",
            c.describe(),
            c.opinion
        ));
    }
    Ok("merged".to_string())
}

/// Both sides of a conflicted reply record (`path` as git names it, `rel`
/// inside the workspace), read from git's stages; `None` when it is not a
/// reply record.
fn reply_sides(
    git: &Git,
    path: &str,
    rel: &str,
) -> Option<(crate::reply::ReplyRecord, crate::reply::ReplyRecord)> {
    rel.strip_prefix("comments/")
        .filter(|n| !n.contains('/') && n.ends_with(".yaml"))?;
    let side = |stage: u8| -> Option<crate::reply::ReplyRecord> {
        let text = git.ok(&["show", &format!(":{stage}:{path}")]).ok()?;
        crate::yaml::parse(&text, Path::new(path), 1).ok()
    };
    Some((side(2)?, side(3)?))
}

/// The same original recorded for two different departments (after any
/// `amend` either clone made): a reply is never moved silently from one
/// body to another, so the merge is undone (nothing changes locally) and
/// both departments are named with their receipt times.
fn two_departments(git: &Git, ws: &Workspace, conflicted: &[String], prefix: &str) -> Result<()> {
    let amendments = crate::amendment::load_all(ws.root()).unwrap_or_default();
    let effective = |r: crate::reply::ReplyRecord| {
        let mut one = [(PathBuf::new(), r)];
        crate::amendment::apply_all(&mut one, &amendments);
        let [(_, r)] = one;
        r
    };
    let c = ws.consultation();
    let when = |r: &crate::reply::ReplyRecord| {
        let local = r.received_at().map(|t| c.local(t));
        match local.as_deref().map(chrono::DateTime::parse_from_rfc3339) {
            Some(Ok(t)) if t.timestamp() % 60 == 0 => t.format("%Y-%m-%d %H:%M").to_string(),
            Some(Ok(t)) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            _ => r.received.clone(),
        }
    };
    let mut found = Vec::new();
    for path in conflicted {
        let rel = path.strip_prefix(prefix).unwrap_or(path);
        let Some((ours, theirs)) = reply_sides(git, path, rel) else {
            continue;
        };
        let (ours, theirs) = (effective(ours), effective(theirs));
        if ours.department != theirs.department {
            found.push(t!(
                "回复 {}：本副本记为{}（收到 {}），远程记为{}（收到 {}）",
                "reply {}: recorded here for {} (received {}), on the remote for {} (received {})",
                ours.id,
                ours.department,
                when(&ours),
                theirs.department,
                when(&theirs)
            ));
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    let _ = git.run(&["merge", "--abort"]);
    Err(Error::usage(t!(
        "两个副本把同一份回复记给了不同的单位——{}；已撤销合并，本地未作任何改动",
        "two clones recorded the same reply for different departments — {}; the merge was undone and nothing changed locally",
        found.join(tr("；", "; "))
    ))
    .with_hint(tr(
        "先查明这份回复是哪个单位发来的，在其中一个副本用 consult amend <回复编号> --department <正确的单位> 改正，再在两个副本各运行 consult sync",
        "find out which body really sent it, correct one clone with consult amend <reply id> --department <the right body>, then run consult sync in both clones",
    )))
}

/// A conflicted reply record (the same original recorded in two clones):
/// both sides read from git's stages, the earlier receipt kept.
fn settle_reply(git: &Git, ws: &Workspace, path: &str, rel: &str) -> Result<Option<String>> {
    let Some((ours, theirs)) = reply_sides(git, path, rel) else {
        return Ok(None);
    };
    let keep = crate::reply::settle(ours, theirs);
    let text = format!(
        "# consult reply record: {}\n{}",
        keep.department,
        crate::yaml::to_string(&keep)?
    );
    crate::files::write_atomic(&ws.root().join(rel), text.as_bytes())?;
    git.ok(&["add", "--", path])?;
    Ok(Some(keep.id))
}

fn workspace_prefix(git: &Git, ws: &Workspace) -> Result<String> {
    let store = crate::store::Store::open(&git.dir)?;
    store.workdir_prefix(ws.root())
}

fn local_changes(e: Error) -> Error {
    Error::usage(t!(
        "无法合并远程的修改：{}；本地未作任何改动",
        "could not merge the remote's changes: {}; nothing changed locally",
        e
    ))
    .with_hint(tr(
        "先提交或移走本地未提交的修改（git status），再运行 consult sync",
        "commit or move away local uncommitted changes first (git status), then run consult sync again",
    ))
}

/// Push HEAD's branch, then the `consult/*` tags (a tag the remote refuses
/// is a notice: the work itself is pushed).
fn push(git: &Git, remote: &str, branch: &str) -> Result<()> {
    let out = git.run(&["push", "-q", remote, &format!("HEAD:refs/heads/{branch}")])?;
    if !out.status.success() {
        return Err(Error::usage(t!(
            "远程 {} 拒绝了推送：{}",
            "the remote {} refused the push: {}",
            remote,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
        .with_hint(tr(
            "本地的工作都已提交，没有丢失。若有人刚推送过，再运行一次 consult sync；若远程不许推送（权限、保护分支），请服务器管理员开通或换用可推送的远程（--remote NAME）",
            "everything is committed locally; nothing is lost. If someone pushed meanwhile, run consult sync again; if the remote does not accept pushes (permissions, a protected branch), ask its administrator or sync with another remote (--remote NAME)",
        )));
    }
    let tags = git.ok(&["for-each-ref", "--format=%(refname)", "refs/tags/consult/"])?;
    if tags.trim().is_empty() {
        return Ok(());
    }
    let out = git.run(&[
        "push",
        "-q",
        remote,
        "refs/tags/consult/*:refs/tags/consult/*",
    ])?;
    if !out.status.success() {
        notice(&t!(
            "已推送，但部分版本标签未被远程接受：{}",
            "pushed, but the remote did not take some version tags: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}
