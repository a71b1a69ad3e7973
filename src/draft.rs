//! Drafts: a version of the policy text as CommonMark, read into clauses.
//!
//! OWNER: draft helper. Interface fixed; bodies to be written.

use std::ops::Range;

/// What kind of Markdown block a [`Block`] was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    ListItem,
    Table,
    Other,
}

/// One block of the draft: its plain text (inline Markdown flattened) and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// Byte range in the Markdown source.
    pub range: Range<usize>,
    /// 1-based line in the Markdown source.
    pub line: usize,
}

/// A numbered clause (条款) of a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// The number as written (1 for `1.`, `一、`, `第一条`).
    pub number: u32,
    /// The label as written: `1.`, `一、`, `第一条`.
    pub label: String,
    /// Text after the label up to the first 。 (without it).
    pub title: String,
    /// The clause's blocks in order; the first starts with the label.
    pub blocks: Vec<Block>,
    /// From `（责任单位：…）`, split on 、 and ，, a trailing 等 dropped.
    pub responsible_units: Vec<String>,
    /// Byte range in the source of the text inside `（责任单位：…）`.
    pub units_range: Option<Range<usize>>,
    /// From `政策来源：…`, split on 、 outside brackets.
    pub sources: Vec<String>,
    /// From `新增资金测算：N万元`.
    pub funding_wan: Option<f64>,
    /// Text after the amount (`在原路径统筹安排`).
    pub funding_note: Option<String>,
    /// Byte range of the whole clause in the source.
    pub range: Range<usize>,
    /// 1-based line of the clause's first block.
    pub line: usize,
}

impl Clause {
    /// The clause's text: its blocks' texts joined with newlines.
    pub fn text(&self) -> String {
        self.blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A parsed draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The first heading's text, else the first paragraph's.
    pub title: String,
    /// Blocks before the first clause (after the title).
    pub preamble: Vec<Block>,
    pub clauses: Vec<Clause>,
    /// Blocks after the last clause.
    pub closing: Vec<Block>,
    source: String,
}

impl Draft {
    /// Read a Markdown draft. Never fails: a text without clauses has all
    /// its blocks in the preamble.
    pub fn parse(source: &str) -> Draft {
        Draft {
            title: String::new(),
            preamble: Vec::new(),
            clauses: Vec::new(),
            closing: Vec::new(),
            source: source.to_string(),
        }
    }

    /// The Markdown source.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The clause with this number.
    pub fn clause(&self, number: u32) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.number == number)
    }

    /// Sum of the clauses' funding, in 万元.
    pub fn funding_total_wan(&self) -> f64 {
        self.clauses.iter().filter_map(|c| c.funding_wan).sum()
    }
}
