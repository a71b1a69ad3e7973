//! `consult show` and `consult export … --format txt|md`: a draft's
//! structure as JSON or as a readable listing, and the draft as text.
//!
//! These functions only build values and strings; the caller prints them.

use serde_json::{Value, json};

use crate::cli::ExportFormat;
use crate::draft::{Clause, Draft};
use crate::i18n::{self, Lang};

/// The text formats of `consult export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTextFormat {
    /// The official plain text (one paragraph a line).
    Txt,
    /// The Markdown source, unchanged.
    Md,
}

impl ExportTextFormat {
    /// The text format of a command-line export format (`None` for html, docx).
    pub fn from_cli(format: ExportFormat) -> Option<ExportTextFormat> {
        match format {
            ExportFormat::Txt => Some(ExportTextFormat::Txt),
            ExportFormat::Md => Some(ExportTextFormat::Md),
            ExportFormat::Html | ExportFormat::Docx => None,
        }
    }
}

/// The draft as text: `txt` is the official text, `md` the source unchanged.
pub fn export(draft: &Draft, format: ExportTextFormat) -> String {
    match format {
        ExportTextFormat::Txt => draft.to_text(),
        ExportTextFormat::Md => draft.source().to_string(),
    }
}

/// An amount of 万元 as a JSON number: an integer when it is whole.
pub fn wan_json(amount: f64) -> Value {
    if amount.is_finite() && amount.fract() == 0.0 && amount.abs() < 9.0e15 {
        json!(amount as i64)
    } else {
        json!(amount)
    }
}

/// An amount of 万元 as text: `1000`, `12.5`.
pub fn wan_text(amount: f64) -> String {
    wan_json(amount).to_string()
}

/// `consult show --json`: version, title, funding total and the clauses.
pub fn show_json(draft: &Draft, version: &str) -> Value {
    json!({
        "version": version,
        "title": draft.title,
        "funding_total_wan": wan_json(draft.funding_total_wan()),
        "clauses": draft.clauses.iter().map(clause_json).collect::<Vec<_>>(),
    })
}

fn clause_json(clause: &Clause) -> Value {
    json!({
        "number": clause.number,
        "label": clause.label,
        "title": clause.title,
        "text": clause.text(),
        "responsible_units": clause.responsible_units,
        "sources": clause.sources,
        "funding_wan": clause.funding_wan.map(wan_json),
        "funding_note": clause.funding_note,
        "line": clause.line,
    })
}

/// `consult show`: a listing of the clauses with their units, sources and
/// funding, then the total, in the process language.
pub fn show_text(draft: &Draft, version: &str) -> String {
    render_text(draft, version, i18n::lang())
}

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn render_text(draft: &Draft, version: &str, lang: Lang) -> String {
    let mut out = format!("{version}  {}\n", draft.title);
    if draft.clauses.is_empty() {
        out.push_str(pick(lang, "（无编号条款）\n", "(no numbered clauses)\n"));
        return out;
    }
    for clause in &draft.clauses {
        out.push('\n');
        out.push_str(&clause_text(clause, lang));
    }
    out.push('\n');
    out.push_str(&match lang {
        Lang::Zh => format!(
            "共{}条，新增资金测算合计：{}万元\n",
            draft.clauses.len(),
            wan_text(draft.funding_total_wan())
        ),
        Lang::En => format!(
            "{} clauses, new funding in total: {} (10k yuan)\n",
            draft.clauses.len(),
            wan_text(draft.funding_total_wan())
        ),
    });
    out
}

fn clause_text(clause: &Clause, lang: Lang) -> String {
    let none = pick(lang, "无", "none");
    let list = |items: &[String]| {
        if items.is_empty() {
            none.to_string()
        } else {
            items.join("、")
        }
    };
    let funding = match (clause.funding_wan, &clause.funding_note) {
        (Some(n), note) => {
            let amount = match lang {
                Lang::Zh => format!("{}万元", wan_text(n)),
                Lang::En => format!("{} (10k yuan)", wan_text(n)),
            };
            match note {
                Some(note) => format!("{amount}，{note}"),
                None => amount,
            }
        }
        (None, Some(note)) => note.clone(),
        (None, None) => pick(lang, "（无新增资金测算）", "(no funding line)").to_string(),
    };
    let (units, sources, money) = match lang {
        Lang::Zh => ("责任单位", "政策来源", "新增资金"),
        Lang::En => ("Units", "Sources", "Funding"),
    };
    format!(
        "{:>2}. {}\n    {units}: {}\n    {sources}: {}\n    {money}: {funding}\n",
        clause.number,
        clause.title,
        list(&clause.responsible_units),
        list(&clause.sources),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = include_str!("../drafts/v1.md");

    #[test]
    fn json_has_the_contract_fields() {
        let v = show_json(&Draft::parse(V1), "v1");
        assert_eq!(v["version"], "v1");
        assert!(
            v["title"]
                .as_str()
                .is_some_and(|t| t.ends_with("的若干政策"))
        );
        assert_eq!(v["funding_total_wan"], json!(10000));
        assert!(v["funding_total_wan"].is_i64());
        let clauses = v["clauses"].as_array().expect("clauses");
        assert_eq!(clauses.len(), 10);
        let c5 = &clauses[4];
        assert_eq!(c5["number"], 5);
        assert_eq!(c5["title"], "支持引进高端人才团队");
        assert_eq!(
            c5["responsible_units"],
            json!([
                "市委组织部",
                "市科技局",
                "市外办",
                "各县级市（区）人民政府<管委会>"
            ])
        );
        assert_eq!(
            c5["sources"],
            json!(["《关于支持产业创新集群建设的若干政策（试行）》（苏委办发〔2022〕6号）"])
        );
        assert_eq!(c5["funding_wan"], json!(0));
        assert!(
            c5["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("5.支持引进高端人才团队。"))
        );
        assert_eq!(c5["label"], "5.");
        assert!(c5["line"].as_u64().is_some());
        assert_eq!(clauses[2]["funding_note"], "在原路径统筹安排");
        let funding: Vec<i64> = clauses
            .iter()
            .filter_map(|c| c["funding_wan"].as_i64())
            .collect();
        assert_eq!(funding, [0, 1000, 0, 2000, 0, 3000, 1000, 0, 2000, 1000]);
    }

    #[test]
    fn amounts() {
        assert_eq!(wan_json(10000.0).to_string(), "10000");
        assert_eq!(wan_json(12.5).to_string(), "12.5");
        assert_eq!(wan_text(0.0), "0");
        assert_eq!(wan_json(f64::NAN), Value::Null);
        let d = Draft::parse("1.甲。\n\n2.乙。\n\n新增资金测算：待定\n");
        let v = show_json(&d, "v2");
        assert_eq!(v["clauses"][0]["funding_wan"], Value::Null);
        assert_eq!(v["clauses"][1]["funding_note"], "待定");
        assert_eq!(v["funding_total_wan"], json!(0));
    }

    #[test]
    fn text_in_chinese() {
        let out = render_text(&Draft::parse(V1), "v1", Lang::Zh);
        assert!(out.starts_with("v1  关于进一步支持"));
        assert!(out.contains(" 5. 支持引进高端人才团队\n    责任单位: 市委组织部、市科技局、市外办、各县级市（区）人民政府<管委会>\n"));
        assert!(out.contains("    政策来源: 无\n"));
        assert!(out.contains("    新增资金: 0万元，在原路径统筹安排\n"));
        assert!(out.contains("10. 支持营造产业生态氛围"));
        assert!(out.ends_with("共10条，新增资金测算合计：10000万元\n"));
    }

    #[test]
    fn text_in_english() {
        let out = render_text(&Draft::parse(V1), "v1", Lang::En);
        assert!(out.contains("    Units: 市委组织部、市科技局"));
        assert!(out.contains("    Funding: 3000 (10k yuan)\n"));
        assert!(out.ends_with("10 clauses, new funding in total: 10000 (10k yuan)\n"));
        let empty = render_text(&Draft::parse("只有一段。"), "v3", Lang::En);
        assert_eq!(empty, "v3  只有一段。\n(no numbered clauses)\n");
    }

    #[test]
    fn exports() {
        let d = Draft::parse(V1);
        assert_eq!(export(&d, ExportTextFormat::Md), V1);
        let txt = export(&d, ExportTextFormat::Txt);
        assert!(!txt.contains('#'));
        assert_eq!(txt.lines().count(), 33);
        assert_eq!(ExportTextFormat::from_cli(ExportFormat::Docx), None);
        assert_eq!(
            ExportTextFormat::from_cli(ExportFormat::Txt),
            Some(ExportTextFormat::Txt)
        );
    }
}
