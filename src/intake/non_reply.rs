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
}
