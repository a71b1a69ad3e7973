#!/usr/bin/env bash
# Render each page of `consult serve` with headless Chromium into
# docs/serve-*.png, at desktop (1280×900) and phone (390×844) width, over a
# Suzhou round in progress (a few replies recorded, some decided, one
# revision). Needs chromium; uses the debug build.
#
# Usage: scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
command -v chromium >/dev/null || { echo "SKIP: chromium is not installed" >&2; exit 0; }
cargo build --quiet --bin consult
bin="$root/target/debug/consult"
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
ws="$work/苏州科技政策"
mkdir -p "$ws"
cd "$ws"
export LANG=C GIT_AUTHOR_NAME=王芳 GIT_AUTHOR_EMAIL=wang@example.com GIT_COMMITTER_NAME=王芳 GIT_COMMITTER_EMAIL=wang@example.com
"$bin" init --example . >/dev/null
reply() { printf -- '---\ndepartment: %s\nreceived: %s\n---\n%s\n' "$1" "$2" "$3" > "$work/$4.md"; "$bin" ingest "$work/$4.md" >/dev/null; }
reply 市发改委 "2023-05-25 09:10" "第二条：建议将“最高1000万元”修改为“最高1500万元”。理由：与省级政策衔接。" fgw
reply 市教育局 "2023-05-25 10:30" "无修改意见" jyj
reply 市外办 "2023-05-26 16:00" "第四条：建议删除“（苏州）”字样。" wb
reply 张家港市 "2023-05-24 11:00" "无意见" zjg
reply 昆山市 "2023-05-29 09:00" "第九条：建议增加对区级配套资金的说明。" ks
ids=$("$bin" opinions --json | python3 -c 'import json,sys; print(" ".join(o["id"] for o in json.load(sys.stdin)))')
set -- $ids
"$bin" decide "$1" adopt >/dev/null
"$bin" decide "$2" reject --reason "资金规模已在年度预算中统筹安排" >/dev/null
"$bin" revise >/dev/null
"$bin" decide "$3" adopt >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --port "$port" --now "2023-05-29 10:00" > "$work/serve.out" &
server=$!
for _ in $(seq 50); do grep -q http "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/c/_"
mkdir -p "$root/docs"
shot() { # name path width height
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --lang=zh-CN --accept-lang=zh-CN,zh --user-data-dir="$work/profile-$1" \
    --window-size="$3,$4" --screenshot="$root/docs/serve-$1.png" "$url$2" >/dev/null 2>&1
  echo "docs/serve-$1.png"
}
for w in desktop:1280:900 phone:390:844; do
  IFS=: read -r tag width height <<< "$w"
  shot "dashboard-$tag" "/" "$width" "$height"
  shot "opinions-$tag" "/opinions" "$width" "$height"
  shot "intake-$tag" "/intake" "$width" "$height"
done
shot "revise-desktop" "/revise" 1280 900
shot "documents-desktop" "/documents?preview=table.html" 1280 900
shot "version-desktop" "/versions/v2" 1280 900
shot "history-desktop" "/history" 1280 900
shot "check-desktop" "/check" 1280 900
