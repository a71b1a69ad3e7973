//! A file that is not a reply at all: a configuration file, a log, a
//! program listing ingested by mistake (`ingest /etc/passwd --department
//! 市外办` read as 25 "general" opinions). It is not refused — a reply can
//! be odd — but ingest says plainly that it does not look like one: no
//! opinion names a clause, none uses the words replies use (意见, 建议,
//! 修改 …), and the text is mostly not Chinese prose.

use crate::opinion::{OpinionKind, OpinionRecord};

/// Words every real reply uses at least one of.
const REPLY_WORDS: [&str; 12] = [
    "意见", "建议", "修改", "改为", "增加", "删除", "删去", "调整", "同意", "补充", "表述", "条",
];

/// Least share of Chinese characters among the non-space characters of
/// prose written in Chinese.
const CHINESE_SHARE: f64 = 0.3;

/// The warning for `opinions` when together they do not look like a reply
/// (see the module doc); `None` when they do, or there are none.
pub fn warning(opinions: &[OpinionRecord]) -> Option<String> {
    if let Some(w) = long_document(opinions) {
        return Some(w);
    }
    if opinions.is_empty()
        || opinions
            .iter()
            .any(|o| o.clause.is_some() || o.kind == Some(OpinionKind::NewClause))
    {
        return None;
    }
    let text: String = opinions.iter().map(|o| o.text.as_str()).collect();
    if REPLY_WORDS.iter().any(|w| text.contains(w)) {
        return None;
    }
    let visible: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let chinese = visible
        .iter()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(*c))
        .count();
    if visible.is_empty() || chinese as f64 >= CHINESE_SHARE * visible.len() as f64 {
        return None;
    }
    Some(crate::t!(
        "这份文件不像反馈意见：{}条意见都没有指明条款，没有“意见”“建议”“修改”等字样，且大多不是中文文字；请核对是否选错了文件（如有误，用 consult amend 更正或撤回）",
        "this file does not look like a reply: none of its {} opinions names a clause, none says 意见, 建议 or 修改, and most of it is not Chinese text; check that the right file was chosen (correct or withdraw with consult amend / consult withdraw)",
        opinions.len()
    ))
}

/// At least this many opinions before a document is judged by its share
/// of opinion-like paragraphs.
const MANY: usize = 20;

/// A long Chinese document that is no reply (a tender notice, a draft of
/// something else): many "opinions", few of which use a reply's words.
fn long_document(opinions: &[OpinionRecord]) -> Option<String> {
    if opinions.len() < MANY {
        return None;
    }
    let worded = opinions
        .iter()
        .filter(|o| {
            REPLY_WORDS[..REPLY_WORDS.len() - 1]
                .iter()
                .any(|w| o.text.contains(w))
        })
        .count();
    // Fewer than one in six paragraphs says 意见, 建议, 修改 ….
    if worded * 6 >= opinions.len() {
        return None;
    }
    Some(crate::t!(
        "这份文件不像反馈意见：读出的{}条意见中只有{}条含有“意见”“建议”“修改”等字样；请核对是否选错了文件（如有误，用 consult withdraw 撤回）",
        "this file does not look like a reply: of the {} opinions read, only {} say 意见, 建议, 修改 or the like; check that the right file was chosen (withdraw it with consult withdraw if not)",
        opinions.len(),
        worded
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn general(text: &str) -> OpinionRecord {
        OpinionRecord {
            text: text.into(),
            kind: Some(OpinionKind::General),
            ..OpinionRecord::default()
        }
    }

    #[test]
    fn a_password_file_is_not_a_reply_a_general_opinion_is() {
        let passwd = [
            general("root:x:0:0:root:/root:/bin/bash"),
            general("daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin"),
        ];
        assert!(warning(&passwd).is_some());
        assert!(warning(&[general("总体同意，建议加强统筹")]).is_none());
        assert!(warning(&[general("请抓紧推进相关工作")]).is_none());
        assert!(warning(&[]).is_none());
    }

    #[test]
    fn a_long_document_of_few_opinion_words_is_not_a_reply() {
        let mut notice: Vec<OpinionRecord> = (0..30)
            .map(|i| general(&format!("第{i}章 采购公告")))
            .collect();
        assert!(warning(&notice).is_some());
        for o in notice.iter_mut().take(6) {
            o.text = "建议增加市人社局".into();
        }
        assert!(warning(&notice).is_none(), "one in five says 建议: a reply");
    }
}
