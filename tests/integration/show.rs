//! `consult show` and `consult export --format txt|md` on the Suzhou example
//! and on drafts written in other numbering styles.

use serde_json::json;

use crate::harness::{Ws, project_dir};

const SEED: &str = include_str!("../fixtures/seed.txt");
const COMMENT: &str = "市委人才办：建议第五点责任单位加上市人社局\tComment by gxc: 市委人才办：建议第五点责任单位加上市人社局";

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The seed's 附件2 from its title line, the Word comment marker removed.
fn seed_annex2() -> String {
    let at = SEED.find("附件2：").expect("seed has 附件2") + "附件2：".len();
    SEED[at..].replace(COMMENT, "")
}

#[test]
fn show_json_is_the_contract() {
    let ws = Ws::example();
    let v = ws.run(&["show", "--json"]).ok().json();
    assert_eq!(v["version"], "v1");
    assert!(
        v["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("关于进一步支持"))
    );
    assert_eq!(v["funding_total_wan"].to_string(), "10000");
    let clauses = v["clauses"].as_array().expect("clauses");
    let numbers: Vec<u64> = clauses
        .iter()
        .filter_map(|c| c["number"].as_u64())
        .collect();
    assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
    let funding: Vec<String> = clauses
        .iter()
        .map(|c| c["funding_wan"].to_string())
        .collect();
    assert_eq!(
        funding,
        [
            "0", "1000", "0", "2000", "0", "3000", "1000", "0", "2000", "1000"
        ]
    );
    let c5 = &clauses[4];
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
    let text = c5["text"].as_str().expect("text");
    assert!(text.starts_with("5.支持引进高端人才团队。"));
    assert!(!text.contains("Comment by"));
    let units7 = clauses[6]["responsible_units"].as_array().expect("units");
    assert!(units7.contains(&json!("市农业农村局")));
    assert!(!units7.contains(&json!("市农业农村局等")));
}

#[test]
fn show_json_with_explicit_version_and_global_options_after() {
    let ws = Ws::example();
    let a = ws.run(&["show", "v1", "--json"]).ok().json();
    let b = ws
        .run(&["show", "--json", "--lang", "zh", "v1"])
        .ok()
        .json();
    assert_eq!(a, b);
}

#[test]
fn show_lists_clauses_in_chinese_and_english() {
    let ws = Ws::example();
    ws.run(&["show", "--lang", "zh"]).ok().stdout_has(&[
        " 5. 支持引进高端人才团队",
        "责任单位: 市委组织部、市科技局、市外办、各县级市（区）人民政府<管委会>",
        "0万元，在原路径统筹安排",
        "共10条，新增资金测算合计：10000万元",
    ]);
    ws.run(&["--lang", "en", "show"]).ok().stdout_has(&[
        "10. 支持营造产业生态氛围",
        "Units: 市科技局、市工信局",
        "10 clauses, new funding in total: 10000 (10k yuan)",
    ]);
}

#[test]
fn show_of_the_project_itself() {
    let ws = Ws::empty();
    let dir = project_dir();
    let dir = dir.to_str().expect("utf-8 path");
    let v = ws.run(&["-C", dir, "show", "--json"]).ok().json();
    assert_eq!(v["funding_total_wan"].to_string(), "10000");
}

#[test]
fn export_txt_is_the_seed_annex() {
    let ws = Ws::example();
    let before = ws.snapshot();
    let txt = ws.run(&["export", "v1", "--format", "txt"]).ok().stdout();
    assert_eq!(no_space(&txt), no_space(&seed_annex2()));
    assert!(txt.starts_with("关于进一步支持"));
    assert!(txt.contains("\n（征求意见稿）\n"));
    assert_eq!(ws.snapshot(), before, "export to stdout writes nothing");
}

#[test]
fn export_md_is_the_source() {
    let ws = Ws::example();
    let md = ws.run(&["export", "v1", "--format", "md"]).ok().stdout();
    assert_eq!(md, ws.read("drafts/v1.md"));
}

#[test]
fn export_to_a_file() {
    let ws = Ws::example();
    std::fs::create_dir_all(ws.join("out")).unwrap();
    ws.run(&["export", "v1", "--format", "txt", "-o", "out/v1.txt"])
        .ok();
    let shown = ws.run(&["export", "v1", "--format", "txt"]).ok().stdout();
    assert_eq!(ws.read("out/v1.txt"), shown);
}

#[test]
fn a_missing_version_is_named_with_the_existing_ones() {
    let ws = Ws::example();
    let before = ws.snapshot();
    ws.run(&["show", "v9"]).fails_with(&["drafts/v9.md", "v1"]);
    ws.run(&["show", "v9", "--json"])
        .fails_with(&["drafts/v9.md", "v1"]);
    ws.run(&["export", "v9", "--format", "txt"])
        .fails_with(&["drafts/v9.md", "v1"]);
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn drafts_in_other_numbering_styles() {
    let ws = Ws::example();
    ws.write(
        "drafts/v2.md",
        "# 管理办法\n\n## 第一条 总则\n\n为了规范管理。（责任单位：市科技局、市财政局等）\n\n新增资金测算：12.5万元\n\n## 第二条 适用范围\n\n本办法适用于全市。\n",
    );
    let v = ws.run(&["show", "v2", "--json"]).ok().json();
    assert_eq!(v["title"], "管理办法");
    assert_eq!(v["funding_total_wan"], json!(12.5));
    let clauses = v["clauses"].as_array().expect("clauses");
    assert_eq!(clauses.len(), 2);
    assert_eq!(clauses[0]["title"], "总则");
    assert_eq!(
        clauses[0]["responsible_units"],
        json!(["市科技局", "市财政局"])
    );
    assert_eq!(clauses[1]["funding_wan"], json!(null));

    ws.write(
        "drafts/v3.md",
        "一、总体要求\n\n（一）加强领导。\n\n二、保障措施\n",
    );
    let v = ws.run(&["show", "v3", "--json"]).ok().json();
    let numbers: Vec<u64> = v["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .filter_map(|c| c["number"].as_u64())
        .collect();
    assert_eq!(numbers, [1, 2]);

    ws.write("drafts/v4.md", "只有说明，没有条款。\n");
    let v = ws.run(&["show", "v4", "--json"]).ok().json();
    assert_eq!(v["clauses"], json!([]));
    assert_eq!(v["funding_total_wan"], json!(0));
}

#[test]
fn output_into_a_missing_folder_or_onto_a_folder_is_refused() {
    let ws = Ws::example();
    let before = ws.snapshot();
    ws.run(&[
        "export",
        "v1",
        "--format",
        "txt",
        "-o",
        "no/such/dir/v1.txt",
    ])
    .fails_with(&["no/such/dir"]);
    ws.run(&[
        "diff",
        "v1",
        "v1",
        "--format",
        "html",
        "-o",
        "nowhere/d.html",
    ])
    .fails_with(&["nowhere"]);
    ws.run(&["export", "v1", "--format", "txt", "-o", "drafts"])
        .fails_with(&["drafts"]);
    assert_eq!(before, ws.snapshot());
}
