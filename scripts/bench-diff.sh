#!/usr/bin/env bash
# Benchmark `consult diff --format json` against
# `git diff --no-index --word-diff=porcelain --word-diff-regex=.` on the
# same generated Chinese drafts (1 MB and 10 MB, 1% and 10% of clauses
# edited), in the same run: median wall time and peak memory (RSS, from
# /usr/bin/time) of each. Targets (issue 4): 1 MB ≤ 50 ms; 10 MB ≤ 300 ms
# and ≤ 64 MB; and at most half of git's time.
#
# Usage: scripts/bench-diff.sh [RUNS_1MB] [RUNS_10MB]
set -euo pipefail
cd "$(dirname "$0")/.."

runs_small=${1:-11}
runs_large=${2:-5}

command -v git >/dev/null || { echo "git is needed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

echo "building (release)…" >&2
cargo build --release --quiet --bin consult
cargo bench --quiet --bench diff --no-run 2>/dev/null
consult="${CARGO_TARGET_DIR:-$PWD/target}/release/consult"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One timed run: prints "<milliseconds> <peak RSS in KB>".
measure() {
    local start end rss
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/rss" "$@" >"$work/out" 2>"$work/err" || true
    end=$(date +%s%N)
    rss=$(tail -n 1 "$work/rss")
    echo "$(( (end - start) / 1000000 )) $rss"
}

# Median of the first column and maximum of the second over N runs.
summarise() {
    sort -n -k1,1 | awk '{ t[NR] = $1; if ($2 > m) m = $2 } END { printf "%d %d\n", t[int((NR + 1) / 2)], m }'
}

printf "%-5s %-6s %12s %12s %12s %12s %8s  %s\n" size edited "consult ms" "consult MB" "git ms" "git MB" ratio verdict
fail=0
for mb in 1 10; do
    runs=$runs_small
    [ "$mb" = 10 ] && runs=$runs_large
    for pct in 1 10; do
        dir="$work/${mb}m-${pct}"
        cargo bench --quiet --bench diff -- gen "$dir" "$mb" "$pct"
        a="$dir/a.md"
        b="$dir/b.md"
        # The JSON must be produced (and be a real diff), not an error.
        (cd "$work" && "$consult" diff "$a" "$b" --format json >"$dir/out.json") || {
            echo "consult diff failed on $mb MB / $pct%" >&2
            exit 1
        }
        c=$(cd "$work" && for _ in $(seq "$runs"); do measure "$consult" diff "$a" "$b" --format json; done | summarise)
        g=$(cd "$work" && for _ in $(seq "$runs"); do
            measure git diff --no-index --word-diff=porcelain --word-diff-regex=. "$a" "$b"
        done | summarise)
        read -r cms crss <<<"$c"
        read -r gms grss <<<"$g"
        limit=50
        [ "$mb" = 10 ] && limit=300
        verdict=ok
        if [ "$cms" -gt "$limit" ] || [ $((cms * 2)) -gt "$gms" ]; then verdict=SLOW; fail=1; fi
        if [ "$mb" = 10 ] && [ "$crss" -gt $((64 * 1024)) ]; then verdict="$verdict BIG"; fail=1; fi
        ratio=$(awk -v c="$cms" -v g="$gms" 'BEGIN { if (g > 0) printf "%.2f", c / g; else print "-" }')
        printf "%-5s %-6s %12d %12.1f %12d %12.1f %8s  %s\n" "${mb}MB" "${pct}%" \
            "$cms" "$(awk -v k="$crss" 'BEGIN { print k / 1024 }')" \
            "$gms" "$(awk -v k="$grss" 'BEGIN { print k / 1024 }')" "$ratio" "$verdict"
    done
done
echo "(median of $runs_small runs for 1 MB, $runs_large for 10 MB; ratio = consult / git; $(nproc) CPUs)"
exit $fail
