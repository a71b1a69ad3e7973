//! 意见处理: every opinion (from `ledger::load`, as `consult opinions`),
//! filtered by clause, department, disposition and lateness; each with its
//! text, where it came from, its proposed edits as a small redline against
//! the clause, and the four decisions — each one call to `decide::decide`,
//! one commit, as `consult decide`.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::Uri;
use axum::response::Response;
use serde::Deserialize;

use crate::draft::Draft;
use crate::opinion::{Disposition, Edit, OpinionSource, OpinionView};

use super::page::{self, Chrome, Ctx, Fail, Reply, Req, url_part};

/// Where an opinion was read from, in the page's language.
pub fn source_label(s: OpinionSource) -> &'static str {
    use crate::i18n::tr;
    match s {
        OpinionSource::Text => tr("正文", "letter text"),
        OpinionSource::Table => tr("意见表", "feedback form"),
        OpinionSource::Comment => tr("Word 批注", "Word comment"),
        OpinionSource::Revision => tr("Word 修订", "tracked change"),
        OpinionSource::EditedCopy => tr("改过的文稿", "edited copy"),
        OpinionSource::FrontMatter => tr("登记信息", "front matter"),
    }
}

/// The filters of the page (query string).
#[derive(Deserialize, Default, Clone)]
pub struct Filter {
    #[serde(default)]
    pub clause: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub disposition: String,
    #[serde(default)]
    pub late: String,
    #[serde(default)]
    pub decided: String,
    #[serde(default)]
    pub stale: String,
}

impl Filter {
    fn keeps(&self, o: &OpinionView) -> bool {
        (self.clause.is_empty()
            || o.clause.map(|c| c.to_string()) == Some(self.clause.clone())
            || (self.clause == "general" && o.clause.is_none()))
            && (self.department.is_empty() || o.department == self.department)
            && (self.disposition.is_empty() || o.disposition.key() == self.disposition)
            && match self.late.as_str() {
                "yes" => o.late,
                "no" => !o.late,
                _ => true,
            }
    }

    /// The query string that keeps these filters.
    pub fn query(&self) -> String {
        format!(
            "clause={}&department={}&disposition={}&late={}",
            url_part(&self.clause),
            url_part(&self.department),
            url_part(&self.disposition),
            url_part(&self.late)
        )
    }
}

/// An edit shown against its clause: text before, deleted, inserted, after.
pub struct Redline {
    pub before: String,
    pub del: String,
    pub ins: String,
    pub after: String,
    /// The edit in words (when it is not found in the clause).
    pub words: String,
}

/// One opinion as the page shows it.
pub struct Card {
    pub id: String,
    pub department: String,
    pub clause: String,
    /// The clause as the draft labels it (第七条 / 第7条 / clause 7).
    pub cited: String,
    pub text: String,
    pub late: bool,
    pub received: String,
    pub source: &'static str,
    pub author: String,
    pub anchor: String,
    pub opinion_reason: String,
    pub redlines: Vec<Redline>,
    pub disposition_key: &'static str,
    pub disposition: &'static str,
    pub decided: bool,
    pub reason: String,
    pub adopted: Vec<String>,
    pub withdrawn: bool,
    pub amended: bool,
    pub warnings: Vec<String>,
    /// Its proposed edits were read by OCR: to be confirmed against the original.
    pub ocr_confirm: bool,
}

#[derive(Template)]
#[template(path = "web/opinions.html")]
struct OpinionsPage<'a> {
    c: &'a Chrome,
    f: Filter,
    query: String,
    cards: Vec<Card>,
    total: usize,
    /// (number, cited as the draft labels it) of each clause with opinions.
    clauses: Vec<(u32, String)>,
    departments: Vec<String>,
    dispositions: Vec<(&'static str, &'static str)>,
}

/// `GET /c/{site}/opinions`.
pub async fn page(req: Req, Path(site): Path<String>, Query(f): Query<Filter>) -> Response {
    req.page(move |ctx| render(ctx, &site, f, None)).await
}

fn render(ctx: &Ctx, site: &str, f: Filter, error: Option<String>) -> Result<Reply, Fail> {
    let ws = ctx.workspace(site)?;
    let list = crate::ledger::load(ws.root(), ws.consultation())?;
    let draft = ws.consulting_draft()?;
    let mut clauses: Vec<u32> = list.iter().filter_map(|o| o.clause).collect();
    clauses.sort_unstable();
    clauses.dedup();
    let style = crate::clause_style::ClauseStyle::of_draft(&draft);
    let clauses: Vec<(u32, String)> = clauses
        .into_iter()
        .map(|n| (n, style.cite_local(n)))
        .collect();
    let mut departments: Vec<String> = Vec::new();
    for o in &list {
        if !departments.contains(&o.department) {
            departments.push(o.department.clone());
        }
    }
    let total = list.len();
    let cards = list
        .iter()
        .filter(|o| f.keeps(o))
        .map(|o| card(o, &draft, style))
        .collect();
    let notice = if !f.stale.is_empty() {
        page::stale(&ws, "")
    } else if !f.decided.is_empty() {
        Some(crate::t!(
            "已记录对 {} 的处理。",
            "decision on {} recorded.",
            f.decided
        ))
    } else {
        None
    };
    let c = ctx
        .chrome(site, Some(&ws), "opinions")
        .with_notice(notice)
        .with_error(error);
    let dispositions = [
        Disposition::Pending,
        Disposition::Adopted,
        Disposition::PartiallyAdopted,
        Disposition::NotAdopted,
        Disposition::Noted,
    ]
    .iter()
    .map(|d| (d.key(), label(*d)))
    .collect();
    let page = OpinionsPage {
        c: &c,
        query: f.query(),
        f,
        cards,
        total,
        clauses,
        departments,
        dispositions,
    };
    Ok(Reply::Html(page.render()?))
}

fn label(d: Disposition) -> &'static str {
    if crate::i18n::lang() == crate::i18n::Lang::Zh {
        d.chinese()
    } else {
        match d {
            Disposition::Pending => "pending",
            Disposition::Adopted => "adopted",
            Disposition::PartiallyAdopted => "partly adopted",
            Disposition::NotAdopted => "not adopted",
            Disposition::Noted => "noted",
        }
    }
}

fn card(o: &OpinionView, draft: &Draft, style: crate::clause_style::ClauseStyle) -> Card {
    let clause_text = o
        .clause
        .and_then(|n| draft.clauses.iter().find(|c| c.number == n))
        .map(|c| (draft.source().get(c.range.clone()).unwrap_or(""), c));
    Card {
        id: o.id.clone(),
        department: o.department.clone(),
        clause: o.clause.map(|n| n.to_string()).unwrap_or_default(),
        cited: o.clause.map(|n| style.cite_local(n)).unwrap_or_default(),
        text: o.text.clone(),
        late: o.late,
        received: page::short_time(&o.received),
        source: source_label(o.source),
        author: o.author.clone().unwrap_or_default(),
        anchor: o.anchor.clone().unwrap_or_default(),
        opinion_reason: o.opinion_reason.clone().unwrap_or_default(),
        redlines: o
            .edits
            .iter()
            .map(|e| {
                redline(
                    e,
                    clause_text.map(|(t, _)| t),
                    clause_text.map(|(_, c)| c),
                    draft,
                )
            })
            .collect(),
        disposition_key: if o.withdrawn {
            "withdrawn"
        } else {
            o.disposition.key()
        },
        disposition: if o.withdrawn {
            crate::i18n::tr("已撤回", "withdrawn")
        } else {
            label(o.disposition)
        },
        decided: o.disposition != Disposition::Pending,
        reason: o.reason.clone().unwrap_or_default(),
        adopted: o
            .adopted_edits
            .iter()
            .flatten()
            .map(Edit::describe)
            .collect(),
        withdrawn: o.withdrawn,
        amended: o.amended,
        warnings: o.warnings.clone(),
        ocr_confirm: o
            .warnings
            .iter()
            .any(|w| crate::intake::ocr::is_confirm_warning(w)),
    }
}

/// Up to `n` characters of `s` from the end (`tail`) or the start.
/// The change from `old` to `new` as one deletion and one insertion between
/// what the two share at the start and at the end.
fn unit_redline(old: &str, new: &str) -> Redline {
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    Redline {
        before: cut(&old[..prefix], 40, true),
        del: old[prefix..old.len() - suffix].to_string(),
        ins: new[prefix..new.len() - suffix].to_string(),
        after: cut(&old[old.len() - suffix..], 24, false),
        words: String::new(),
    }
}

fn cut(s: &str, n: usize, tail: bool) -> String {
    if !tail {
        return crate::terminal::shortened(s, n);
    }
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= n {
        return s.to_string();
    }
    format!("…{}", chars[chars.len() - n..].iter().collect::<String>())
}

fn redline(
    e: &Edit,
    clause: Option<&str>,
    c: Option<&crate::draft::Clause>,
    draft: &Draft,
) -> Redline {
    let words = e.describe();
    let around = |needle: &str, del: &str, ins: &str| -> Option<Redline> {
        let text = clause?;
        let at = text.find(needle)?;
        Some(Redline {
            before: cut(&text[..at], 24, true),
            del: del.to_string(),
            ins: ins.to_string(),
            after: cut(&text[at + needle.len()..], 24, false),
            words: String::new(),
        })
    };
    let units = c
        .and_then(|c| c.units_range.clone())
        .and_then(|r| draft.source().get(r))
        .unwrap_or("");
    let found = match e {
        Edit::Replace { from, to } => around(from, from, to),
        Edit::Delete { text } => around(text, text, ""),
        Edit::AddUnit { .. } | Edit::RemoveUnit { .. } if !units.is_empty() => c
            .and_then(|c| crate::revise::units_preview(draft, c, e))
            .map(|(old, new)| unit_redline(&old, &new)),
        _ => None,
    };
    found.unwrap_or(Redline {
        before: String::new(),
        del: String::new(),
        ins: String::new(),
        after: String::new(),
        words,
    })
}

/// The decision form.
#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    head: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    disposition: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    replace_from: String,
    #[serde(default)]
    replace_to: String,
    /// The filters to return to.
    #[serde(default)]
    back: String,
}

/// `POST /c/{site}/opinions/decide`: `decide::decide`, one commit.
pub async fn decide(req: Req, Path(site): Path<String>, Form(form): Form<DecideForm>) -> Response {
    req.post(form.csrf.clone(), move |ctx| {
        let ws = ctx.workspace(&site)?;
        let (base, filter) = back_to(&site, &form.back);
        if page::stale(&ws, &form.head).is_some() {
            return Ok(Reply::Redirect(format!("{base}&stale=1")));
        }
        let replace: Vec<String> = if form.replace_from.trim().is_empty() {
            Vec::new()
        } else {
            vec![form.replace_from.clone(), form.replace_to.clone()]
        };
        let reason = Some(form.reason.as_str()).filter(|r| !r.trim().is_empty());
        let request = crate::decide::Request {
            id: &form.id,
            disposition: &form.disposition,
            reason,
            replace: &replace,
            add_units: &[],
            remove_units: &[],
            delete: &[],
        };
        let done = crate::decide::decide(&ws, &request).map(|d| d.opinion.id);
        let failed = crate::i18n::tr("未记录：", "not recorded: ");
        after(ctx, &site, (&base, filter), done, failed)
    })
    .await
}

/// The page after an action on one opinion: back to that opinion when the
/// core did it (`done` = its id), else the same page again with the core's
/// message after `failed` (422, nothing written).
fn after(
    ctx: &Ctx,
    site: &str,
    (base, filter): (&str, Filter),
    done: crate::Result<String>,
    failed: &str,
) -> Result<Reply, Fail> {
    match done {
        Ok(id) => Ok(Reply::Redirect(format!(
            "{base}&decided={}#op-{}",
            url_part(&id),
            url_part(&id)
        ))),
        Err(e) => {
            let m = format!("{failed}{}", page::public_message(ctx, &e));
            render(ctx, site, filter, Some(m)).map(bad_request)
        }
    }
}

fn bad_request(reply: Reply) -> Reply {
    match reply {
        Reply::Html(body) => Reply::HtmlStatus(axum::http::StatusCode::UNPROCESSABLE_ENTITY, body),
        other => other,
    }
}

/// The filters of a query string.
fn serde_urlencoded_filter(query: &str) -> Filter {
    axum::extract::Query::<Filter>::try_from_uri(
        &format!("/?{query}")
            .parse()
            .unwrap_or_else(|_| Uri::from_static("/")),
    )
    .map(|q| q.0)
    .unwrap_or_default()
}

/// The correction form (`consult amend` on one opinion).
#[derive(Deserialize)]
pub struct AmendForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    head: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    clause: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    replace_from: String,
    #[serde(default)]
    replace_to: String,
    #[serde(default)]
    back: String,
}

/// `POST /c/{site}/opinions/amend`: `amend::amend`, one commit. Only the
/// fields staff changed are sent as corrections.
pub async fn amend(req: Req, Path(site): Path<String>, Form(form): Form<AmendForm>) -> Response {
    req.post(form.csrf.clone(), move |ctx| {
        let ws = ctx.workspace(&site)?;
        let (base, filter) = back_to(&site, &form.back);
        if page::stale(&ws, &form.head).is_some() {
            return Ok(Reply::Redirect(format!("{base}&stale=1")));
        }
        let list = crate::ledger::load(ws.root(), ws.consultation())?;
        let current = crate::decision::find(&list, &form.id)?.clone();
        let clause = form.clause.trim();
        let clause = if clause.is_empty()
            || current.clause.map(|c| c.to_string()).as_deref() == Some(clause)
        {
            None
        } else {
            Some(clause.parse::<u32>().map_err(|_| {
                Fail::Bad(crate::t!(
                    "条款“{}”不是数字",
                    "clause “{}” is not a number",
                    clause
                ))
            })?)
        };
        let text = Some(form.text.trim()).filter(|t| !t.is_empty() && *t != current.text.trim());
        let replace: Vec<String> = if form.replace_from.trim().is_empty() {
            Vec::new()
        } else {
            vec![form.replace_from.clone(), form.replace_to.clone()]
        };
        if clause.is_none() && text.is_none() && replace.is_empty() {
            let m = crate::i18n::tr(
                "没有改动：未做任何修改。",
                "nothing changed: nothing was written.",
            );
            return render(ctx, &site, filter, Some(m.into())).map(bad_request);
        }
        let request = crate::amend::Request {
            id: &form.id,
            clause,
            text,
            replace: &replace,
            ..Default::default()
        };
        let done = crate::amend::amend(&ws, &request).map(|_| form.id.clone());
        let failed = crate::i18n::tr("未更正：", "not corrected: ");
        after(ctx, &site, (&base, filter), done, failed)
    })
    .await
}

/// The withdrawal form (`consult withdraw`).
#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    head: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    back: String,
}

/// `POST /c/{site}/opinions/withdraw`: `withdraw::withdraw`, one commit.
pub async fn withdraw(
    req: Req,
    Path(site): Path<String>,
    Form(form): Form<WithdrawForm>,
) -> Response {
    req.post(form.csrf.clone(), move |ctx| {
        let ws = ctx.workspace(&site)?;
        let (base, filter) = back_to(&site, &form.back);
        if page::stale(&ws, &form.head).is_some() {
            return Ok(Reply::Redirect(format!("{base}&stale=1")));
        }
        let reason = Some(form.reason.as_str()).filter(|r| !r.trim().is_empty());
        let done = crate::withdraw::withdraw(&ws, &form.id, reason).map(|_| form.id.clone());
        let failed = crate::i18n::tr("未撤回：", "not withdrawn: ");
        after(ctx, &site, (&base, filter), done, failed)
    })
    .await
}

/// The opinions page to return to (its filters), as a URL and as a filter.
fn back_to(site: &str, back: &str) -> (String, Filter) {
    let query = if back.contains(['#', '\\']) { "" } else { back };
    (
        format!("/c/{}/opinions?{query}", url_part(site)),
        serde_urlencoded_filter(query),
    )
}
