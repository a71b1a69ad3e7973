#!/bin/sh
# Intake scaling: times `consult ingest --dry-run --json` on adversarial
# replies (scripts/gen-adversarial.py) of SIZE bytes each, in a temporary
# workspace. Usage: scripts/bench-intake-scaling.sh [SIZE ...]
# (default 1000000 8000000). Needs a release build: cargo build --release.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
exe=${CONSULT:-$here/target/release/consult}
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT
cd "$ws"
{
  printf 'title: 压力测试\nissuer: 市科技局\ndeadline: 2023-05-26\ntimezone: Asia/Shanghai\ndepartments:\n'
  for i in 0000 0001 0002 0003 0004 0005 0006 0007 0008 0009 0010; do
    printf '  - name: 测试单位%s局\n    aliases: [测试%s]\n' $i $i
  done
} > consult.yaml
mkdir drafts
for c in 1 2 3 4 5 6 7 8 9 10; do
  printf '%s.支持第%s项工作。对符合条件的单位给予最高%s00万元支持。\n\n' $c $c $c
done > drafts/v1.md
git init -q && git add . && git -c user.name=b -c user.email=b@l commit -qm init
for size in ${@:-1000000 8000000}; do
  python3 "$here/scripts/gen-adversarial.py" "in$size" "$size"
  for f in "in$size"/*; do
    start=$(date +%s.%N)
    case $f in *.eml) dept="--department 测试0000" ;; *) dept= ;; esac
    # shellcheck disable=SC2086
    "$exe" ingest --dry-run --json $dept "$f" > /dev/null 2>&1 || echo "  (exit $? on $f)"
    end=$(date +%s.%N)
    printf '%-10s %-18s %6.2f s\n' "$size" "$(basename "$f")" "$(echo "$end - $start" | bc)"
  done
done
