//! consult.yaml read strictly, end to end: a malformed file, an unknown key,
//! a bad time zone or deadline, a name listed twice, a YAML bomb — each makes
//! `consult status` exit 2 naming the file, line, column and value, and
//! write nothing.

use crate::harness::Ws;

/// The 1-based number of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in consult.yaml"))
}

/// The example with its consult.yaml edited: `from` replaced by `to`.
/// Returns the workspace and the edited text.
fn example_with(from: &str, to: &str) -> (Ws, String) {
    let ws = Ws::example();
    let text = ws.read("consult.yaml");
    assert!(
        text.contains(from),
        "{from:?} not in the example's consult.yaml"
    );
    let edited = text.replacen(from, to, 1);
    ws.write("consult.yaml", &edited);
    (ws, edited)
}

/// `consult status` (and `status --json`) fail with exit 2, every needle
/// in stderr, nothing on stdout and nothing written.
fn status_fails(ws: &Ws, needles: &[&str]) -> String {
    let before = ws.snapshot();
    let run = ws
        .run(&["status", "--now", "2023-05-29 09:00"])
        .fails_with(needles);
    assert_eq!(run.stdout(), "", "stdout must stay empty");
    let json = ws.run(&["status", "--json"]).fails_with(needles);
    assert_eq!(json.stdout(), "", "stdout must stay empty");
    assert_eq!(ws.snapshot(), before, "something was written");
    run.stderr()
}

#[test]
fn the_example_consultation_is_read() {
    let ws = Ws::example();
    let json = ws
        .run(&["status", "--json", "--now", "2023-05-29 09:00"])
        .ok()
        .json();
    assert_eq!(json["deadline"], "2023-05-26T17:30:00+08:00");
    assert_eq!(json["counts"]["total"], 25);
}

#[test]
fn a_malformed_consult_yaml() {
    let (ws, text) = example_with("\ndeadline: 2023-05-26", "\n  deadline: 2023-05-26");
    let line = line_of(&text, "  deadline: 2023-05-26");
    let at = format!("consult.yaml:{line}:");
    status_fails(&ws, &[&at, "deadline: 2023-05-26"]);
}

#[test]
fn a_list_where_a_name_belongs() {
    let (ws, text) = example_with("aliases: [市卫健委,", "aliases: [[市卫健委],");
    let line = line_of(&text, "[[市卫健委");
    let at = format!("consult.yaml:{line}:15");
    status_fails(&ws, &[&at, "aliases: [[市卫健委"]);
}

#[test]
fn an_unknown_key_in_a_department() {
    let (ws, text) = example_with("    aliases: [市卫健委", "    alias: [市卫健委");
    let line = line_of(&text, "    alias: [市卫健委");
    let at = format!("consult.yaml:{line}:5");
    let err = status_fails(&ws, &[&at, "alias", "aliases", "members"]);
    assert!(err.contains("hint"), "{err}");
}

#[test]
fn an_unknown_top_level_key() {
    let (ws, text) = example_with("\nconsulting: v1", "\nconsulting: v1\nconsult_version: v1");
    let line = line_of(&text, "consult_version");
    let at = format!("consult.yaml:{line}:1");
    status_fails(&ws, &[&at, "consult_version", "consulting"]);
}

#[test]
fn an_unknown_key_in_chinese() {
    let (ws, text) = example_with("    aliases: [市卫健委", "    别名: [市卫健委");
    let line = line_of(&text, "    别名: [市卫健委");
    let at = format!("consult.yaml:{line}:5");
    let before = ws.snapshot();
    ws.run(&["--lang", "zh", "status"])
        .fails_with(&[&at, "未知的键", "别名", "aliases"]);
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn a_bad_time_zone() {
    let (ws, text) = example_with("timezone: Asia/Shanghai", "timezone: Asia/Shangai");
    let line = line_of(&text, "timezone: Asia/Shangai");
    let at = format!("consult.yaml:{line}:11");
    status_fails(&ws, &[&at, "Asia/Shangai", "Asia/Shanghai"]);
}

#[test]
fn a_bad_deadline() {
    let (ws, text) = example_with("deadline: 2023-05-26", "deadline: 2023-02-30");
    let line = line_of(&text, "deadline: 2023-02-30");
    let at = format!("consult.yaml:{line}:11");
    status_fails(&ws, &[&at, "2023-02-30"]);
}

#[test]
fn a_deadline_skipped_by_daylight_saving() {
    let (ws, text) = example_with("timezone: Asia/Shanghai", "timezone: America/New_York");
    let edited = text.replacen("deadline: 2023-05-26", "deadline: 2023-03-12 02:30", 1);
    ws.write("consult.yaml", &edited);
    let line = line_of(&edited, "deadline: 2023-03-12 02:30");
    let at = format!("consult.yaml:{line}:11");
    status_fails(&ws, &[&at, "2023-03-12 02:30", "America/New_York"]);
}

#[test]
fn a_name_listed_for_two_bodies() {
    let (ws, text) = example_with(
        "    aliases: [市政府外办",
        "    aliases: [市卫健委, 市政府外办",
    );
    let line = line_of(&text, "[市卫健委, 市政府外办");
    let first = line_of(&text, "[市卫健委, 市卫生健康委员会");
    let at = format!("consult.yaml:{line}:15");
    let other = first.to_string();
    status_fails(&ws, &[&at, "市卫健委", &other, "市卫生健康委"]);
}

#[test]
fn a_group_without_members() {
    let ws = Ws::example();
    let text = "title: 测试\nissuer: 市科技局\ndeadline: 2023-05-26\ndepartments:\n  - group: 各县级市（区）人民政府（管委会）\n";
    ws.write("consult.yaml", text);
    status_fails(
        &ws,
        &["consult.yaml:5:12", "各县级市（区）人民政府（管委会）"],
    );
}

#[test]
fn a_yaml_bomb_fails_fast() {
    // 60 groups × 60 members × 60 aliases of a 1,000-character name: 650 MB
    // if the aliases were expanded.
    let long = "长".repeat(1_000);
    let aliases = vec!["*s"; 60].join(", ");
    let mut members = vec!["*m".to_string(); 59];
    members.insert(0, format!("&m {{name: 成员, aliases: [{aliases}]}}"));
    let mut text = format!(
        "title: 炸弹\nissuer: 市科技局\ndeadline: 2023-05-26\ndepartments:\n  - name: &s \"{long}\"\n  - &d\n    group: 组\n    members: [{}]\n",
        members.join(", ")
    );
    text.push_str(&"  - *d\n".repeat(59));
    let ws = Ws::example();
    ws.write("consult.yaml", &text);
    status_fails(&ws, &["consult.yaml:", "&", "*"]);
}

#[test]
fn the_classic_billion_laughs_fails_fast() {
    let mut text = String::from("lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let refs = vec![format!("*a{}", level - 1); 9].join(", ");
        text.push_str(&format!("lol{level}: &a{level} [{refs}]\n"));
    }
    let ws = Ws::example();
    ws.write("consult.yaml", &text);
    status_fails(&ws, &["consult.yaml:1:1", "lol0"]);
}
