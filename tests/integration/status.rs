//! `consult status`: the five states judged at `--now` in the consultation's
//! time zone, whatever the machine's TZ; tables, JSON, --missing, colour.

use crate::harness::Ws;

fn state_of(json: &serde_json::Value, name: &str) -> String {
    json["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("{name} not listed"))["state"]
        .as_str()
        .unwrap()
        .to_string()
}

fn reply(ws: &Ws, file: &str, department: &str, received: &str, body: &str) {
    let text = format!("---\ndepartment: {department}\nreceived: {received}\n---\n{body}\n");
    let path = ws.write(file, text);
    ws.run(&["ingest", path.to_str().unwrap()]).ok();
}

#[test]
fn example_status_after_the_deadline() {
    let ws = Ws::example();
    let json = ws
        .run(&["status", "--json", "--now", "2023-05-29 09:00"])
        .ok()
        .json();
    assert_eq!(json["deadline"], "2023-05-26T17:30:00+08:00");
    assert_eq!(json["now"], "2023-05-29T09:00:00+08:00");
    assert_eq!(json["closed"], true);
    let counts = &json["counts"];
    assert_eq!(counts["total"], 25);
    assert_eq!(counts["replied"], 1);
    assert_eq!(counts["silent"], 24);
    assert_eq!(counts["pending"], 0);
    let talent = json["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "市委组织部（人才办）")
        .unwrap();
    assert_eq!(talent["state"], "replied");
    assert_eq!(talent["received"], "2023-05-24T16:20:00+08:00");
    assert_eq!(talent["opinions"], 1);
    assert_eq!(talent["deemed_no_objection"], false);
    assert_eq!(talent["group"], serde_json::Value::Null);
    let kunshan = json["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"].as_str().unwrap().starts_with("昆山市"))
        .unwrap();
    assert_eq!(kunshan["group"], "各县级市（区）人民政府（管委会）");
    assert_eq!(kunshan["state"], "silent");
    assert_eq!(kunshan["deemed_no_objection"], true);
}

#[test]
fn before_the_deadline_silent_bodies_are_pending() {
    let ws = Ws::example();
    let json = ws
        .run(&["status", "--json", "--now", "2023-05-25 09:00"])
        .ok()
        .json();
    assert_eq!(json["closed"], false);
    assert_eq!(json["counts"]["pending"], 24);
    assert_eq!(json["counts"]["silent"], 0);
    assert_eq!(state_of(&json, "市大数据局"), "pending");
}

#[test]
fn a_reply_not_yet_received_at_now_does_not_count() {
    let ws = Ws::example();
    let json = ws
        .run(&["status", "--json", "--now", "2023-05-20 09:00"])
        .ok()
        .json();
    assert_eq!(state_of(&json, "市委组织部（人才办）"), "pending");
}

#[test]
fn the_deadline_instant_is_on_time_and_one_second_later_is_late() {
    let ws = Ws::example();
    reply(&ws, "a.md", "市教育局", "2023-05-26 17:30", "无修改意见");
    reply(
        &ws,
        "b.md",
        "市交通局",
        "2023-05-26T17:30:01+08:00",
        "第三条：建议删除“上市企业”。",
    );
    let json = ws
        .run(&["status", "--json", "--now", "2023-06-01 09:00"])
        .ok()
        .json();
    assert_eq!(state_of(&json, "市教育局"), "no_objection");
    assert_eq!(state_of(&json, "市交通局"), "late");
    let counts = &json["counts"];
    assert_eq!(counts["no_objection"], 1);
    assert_eq!(counts["late"], 1);
    assert_eq!(counts["silent"], 22);
    let late = json["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "市交通局")
        .unwrap();
    assert_eq!(late["deemed_no_objection"], true);
    assert_eq!(late["opinions"], 1);
}

#[test]
fn deadline_judged_in_the_consultation_zone_whatever_the_machine_tz() {
    let ws = Ws::example();
    // 09:45 UTC is 17:45 in Beijing: late for a 17:30 deadline.
    reply(
        &ws,
        "late.md",
        "市外办",
        "2023-05-26T09:45:00+00:00",
        "第五条：建议增加市外办为责任单位。",
    );
    reply(
        &ws,
        "ontime.md",
        "市工信局",
        "2023-05-26T09:29:00Z",
        "无意见",
    );
    let mut outputs = Vec::new();
    for tz in [
        "UTC",
        "Asia/Shanghai",
        "America/Los_Angeles",
        "Pacific/Kiritimati",
    ] {
        let run = ws
            .run_env(
                &["status", "--json", "--now", "2023-05-27T00:00:00Z"],
                &[("TZ", tz)],
            )
            .ok();
        outputs.push(run.stdout());
    }
    assert!(
        outputs.windows(2).all(|w| w[0] == w[1]),
        "output depends on TZ"
    );
    let json: serde_json::Value = serde_json::from_str(&outputs[0]).unwrap();
    assert_eq!(json["now"], "2023-05-27T08:00:00+08:00");
    assert_eq!(state_of(&json, "市外办"), "late");
    assert_eq!(state_of(&json, "市工信局"), "no_objection");
}

#[test]
fn a_late_reply_never_overturns_an_on_time_one() {
    let ws = Ws::example();
    reply(&ws, "1.md", "市发改委", "2023-05-25 10:00", "无修改意见");
    reply(
        &ws,
        "2.md",
        "市发改委",
        "2023-05-27 10:00",
        "第二条：建议将“最高1000万元”修改为“最高800万元”。",
    );
    let json = ws
        .run(&["status", "--json", "--now", "2023-06-01 09:00"])
        .ok()
        .json();
    assert_eq!(state_of(&json, "市发改委"), "no_objection");
    let ops = ws
        .run(&["opinions", "--json", "--department", "市发改委"])
        .ok()
        .json();
    assert_eq!(ops.as_array().unwrap().len(), 1);
    assert_eq!(ops[0]["late"], true);
}

#[test]
fn the_newest_on_time_reply_decides() {
    let ws = Ws::example();
    reply(
        &ws,
        "1.md",
        "市发改委",
        "2023-05-22 10:00",
        "第二条：建议将“最高1000万元”修改为“最高800万元”。",
    );
    reply(
        &ws,
        "2.md",
        "市发改委",
        "2023-05-25 10:00",
        "经研究，我委无修改意见。",
    );
    let json = ws
        .run(&["status", "--json", "--now", "2023-06-01 09:00"])
        .ok()
        .json();
    assert_eq!(state_of(&json, "市发改委"), "no_objection");
}

#[test]
fn missing_lists_only_bodies_without_a_reply() {
    let ws = Ws::example();
    let out = ws
        .run(&["status", "--missing", "--now", "2023-05-29 09:00"])
        .ok()
        .stdout();
    let names: Vec<&str> = out.lines().collect();
    assert_eq!(names.len(), 24);
    assert!(!names.contains(&"市委组织部（人才办）"));
    assert!(names.contains(&"市大数据局"));
    assert!(names.contains(&"苏州工业园区管委会"));
}

#[test]
fn human_table_in_chinese_and_english() {
    let ws = Ws::example();
    let zh = ws
        .run(&["status", "--lang", "zh", "--now", "2023-05-29 09:00"])
        .ok()
        .stdout();
    assert!(
        zh.contains("已反馈意见") && zh.contains("未反馈") && zh.contains("视为无修改意见"),
        "{zh}"
    );
    let en = ws
        .run(&["status", "--now", "2023-05-29 09:00", "--lang", "en"])
        .ok()
        .stdout();
    assert!(en.contains("replied") && en.contains("silent"), "{en}");
    assert!(en.contains("(Asia/Shanghai)"), "the zone is named: {en}");
    let env_zh = ws
        .run_env(
            &["status", "--now", "2023-05-29 09:00"],
            &[("LANG", "zh_CN.UTF-8")],
        )
        .ok()
        .stdout();
    assert_eq!(env_zh, zh);
}

#[test]
fn colour_only_when_asked_and_never_with_no_color_on_auto() {
    let ws = Ws::example();
    let args = ["status", "--now", "2023-05-29 09:00"];
    let piped = ws.run(&args).ok().stdout();
    assert!(!piped.contains('\u{1b}'), "no colour into a pipe");
    let always = ws
        .run(&["status", "--color", "always", "--now", "2023-05-29 09:00"])
        .ok()
        .stdout();
    assert!(always.contains("\u{1b}["), "colour when asked");
    let never = ws
        .run_env(&["status", "--color", "never"], &[("NO_COLOR", "1")])
        .ok()
        .stdout();
    assert!(!never.contains('\u{1b}'));
    let auto = ws
        .run_env(&["status", "--color", "auto"], &[("NO_COLOR", "1")])
        .ok()
        .stdout();
    assert!(!auto.contains('\u{1b}'));
}

#[test]
fn bad_now_is_exit_2() {
    let ws = Ws::example();
    ws.run(&["status", "--now", "yesterday"])
        .fails_with(&["--now", "yesterday"]);
    ws.run(&["status", "--now", "2023-05-26"])
        .fails_with(&["2023-05-26"]);
}
