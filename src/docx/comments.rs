//! Comments: word/comments.xml (author, date, text), their anchors in the
//! body, and reply threads from word/commentsExtended.xml, where a reply's
//! w15:paraIdParent names the w14:paraId of its parent comment's last
//! paragraph.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::read::Anchor;
use super::xml::{Ev, Ns, Parser, Tag};
use super::{Comment, DocxBlock, DocxError, Thread, View};

/// A w:comment as found in comments.xml, with the range of the walk's
/// blocks that holds its paragraphs.
#[derive(Debug, Clone)]
pub struct CommentMeta {
    pub id: String,
    pub author: String,
    pub initials: Option<String>,
    pub date: Option<String>,
    pub blocks: Range<usize>,
}

/// The attributes of a w:comment tag; its blocks start at `first_block`.
pub fn meta(parser: &Parser, tag: &Tag, first_block: usize) -> CommentMeta {
    CommentMeta {
        id: parser.w(tag, "id").unwrap_or_default(),
        author: parser.w(tag, "author").unwrap_or_default(),
        initials: parser.w(tag, "initials"),
        date: parser.w(tag, "date"),
        blocks: first_block..first_block,
    }
}

/// One w15:commentEx: the parent's paragraph id and the resolved flag.
#[derive(Debug, Clone, Default)]
pub struct Extended {
    pub parent: Option<String>,
    pub done: bool,
}

/// Parse word/commentsExtended.xml: paraId → (parent paraId, done).
pub fn parse_extended(text: &str) -> Result<HashMap<String, Extended>, DocxError> {
    let mut parser = Parser::new(text, "word/commentsExtended.xml");
    let mut out = HashMap::new();
    loop {
        match parser.next()? {
            Ev::Eof => break,
            Ev::Start(tag) if tag.is(Ns::W15, "commentEx") => {
                if let Some(id) = parser.attr(&tag, Ns::W15, "paraId") {
                    let done = parser.attr(&tag, Ns::W15, "done");
                    out.insert(
                        id,
                        Extended {
                            parent: parser.attr(&tag, Ns::W15, "paraIdParent"),
                            done: matches!(done.as_deref(), Some("1" | "true")),
                        },
                    );
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The comments: text from their paragraphs, anchors from the body,
/// parents and done flags from commentsExtended.xml.
pub fn assemble(
    metas: Vec<CommentMeta>,
    blocks: &[DocxBlock],
    anchors: &HashMap<String, Anchor>,
    extended: &HashMap<String, Extended>,
) -> Vec<Comment> {
    // The paraId of each comment's last paragraph, and back.
    let mut last_para_id = Vec::with_capacity(metas.len());
    let mut by_para_id: HashMap<String, String> = HashMap::new();
    for meta in &metas {
        let own = blocks.get(meta.blocks.clone()).unwrap_or_default();
        let id = own.iter().rev().find_map(|b| match b {
            DocxBlock::Paragraph(p) => p.para_id.clone(),
            DocxBlock::Table(_) => None,
        });
        if let Some(pid) = &id {
            by_para_id.insert(pid.clone(), meta.id.clone());
        }
        last_para_id.push(id);
    }
    metas
        .into_iter()
        .zip(last_para_id)
        .map(|(meta, para_id)| {
            let own = blocks.get(meta.blocks.clone()).unwrap_or_default();
            let ext = para_id.as_ref().and_then(|p| extended.get(p));
            let anchor = anchors.get(&meta.id);
            let parent = ext
                .and_then(|e| e.parent.as_ref())
                .and_then(|p| by_para_id.get(p))
                .filter(|&p| *p != meta.id)
                .cloned();
            Comment {
                text: blocks_text(own),
                anchor: anchor.map(|a| a.text.clone()).unwrap_or_default(),
                paragraph: anchor.and_then(|a| a.paragraph.or(a.reference)),
                parent,
                done: ext.is_some_and(|e| e.done),
                id: meta.id,
                author: meta.author,
                initials: meta.initials,
                date: meta.date,
            }
        })
        .collect()
}

/// A comment's text: paragraphs (accepted view) joined with `\n`, a
/// table's cells with tabs.
fn blocks_text(blocks: &[DocxBlock]) -> String {
    let lines: Vec<String> = blocks
        .iter()
        .map(|b| match b {
            DocxBlock::Paragraph(p) => p.text(View::Accepted),
            DocxBlock::Table(rows) => rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|c| c.text(View::Accepted))
                        .collect::<Vec<_>>()
                        .join("\t")
                })
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// Group comments into threads: a comment without a known parent is a root;
/// the others join the thread of their topmost ancestor.
pub fn threads(comments: &[Comment]) -> Vec<Thread> {
    let by_id: HashMap<&str, &Comment> = comments.iter().map(|c| (c.id.as_str(), c)).collect();
    let root_of = |c: &Comment| -> String {
        let mut seen = HashSet::new();
        let mut current = c;
        while let Some(parent) = current.parent.as_deref().and_then(|p| by_id.get(p)) {
            if !seen.insert(current.id.as_str()) {
                break;
            }
            current = parent;
        }
        current.id.clone()
    };
    let mut threads: Vec<Thread> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    for c in comments.iter().filter(|c| root_of(c) == c.id) {
        position.insert(c.id.clone(), threads.len());
        threads.push(Thread {
            root: c.clone(),
            replies: Vec::new(),
        });
    }
    for c in comments {
        let root = root_of(c);
        if root == c.id {
            continue;
        }
        match position.get(&root).and_then(|&i| threads.get_mut(i)) {
            Some(t) => t.replies.push(c.clone()),
            None => threads.push(Thread {
                root: c.clone(),
                replies: Vec::new(),
            }),
        }
    }
    threads
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: &str, parent: Option<&str>) -> Comment {
        Comment {
            id: id.into(),
            parent: parent.map(Into::into),
            ..Comment::default()
        }
    }

    #[test]
    fn replies_to_replies_join_the_root_thread() {
        let comments = vec![
            comment("1", None),
            comment("2", Some("1")),
            comment("3", None),
            comment("4", Some("2")),
        ];
        let threads = threads(&comments);
        assert_eq!(threads.len(), 2);
        let ids: Vec<&str> = threads[0].replies.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["2", "4"]);
        assert!(threads[1].replies.is_empty());
    }

    #[test]
    fn a_cycle_of_parents_does_not_hang_and_keeps_every_comment() {
        let comments = vec![comment("1", Some("2")), comment("2", Some("1"))];
        let threads = threads(&comments);
        let total: usize = threads.iter().map(|t| 1 + t.replies.len()).sum();
        assert_eq!(total, 2);
    }
}
