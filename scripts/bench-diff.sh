#!/usr/bin/env bash
# Benchmark `consult diff --format json` against
# `git diff --no-index --word-diff=porcelain --word-diff-regex=.` on the
# same generated Chinese drafts in three shapes — paragraphs as in the
# Suzhou draft (1% and 10% of clauses edited), a regulation written one
# clause per line with repeating clause texts (`lines`, 2% edited), and the
# same as offices write it (`reg`: 第一百二十三条 labels, chapters, 责任单位
# lists, 附件, sender and date; 2% edited) — at 1 MB and 10 MB, in
# the same run: median wall time (the diff benchmark's `race`: the two
# processes in turn, each writing a new file, timed without a shell in
# between), and peak memory and CPU time (RSS, from /usr/bin/time, over
# three more runs) of each. Targets (issues 4 and 11): 1 MB ≤ 50 ms; 10 MB ≤ 300 ms and
# ≤ 64 MB; and at most half of git's time.
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

# One timed run: prints "<wall ms> <peak RSS in KB> <CPU ms (user+sys)>".
# The output goes to a new file, as when a user redirects it: the last
# run's output is removed before the clock starts (truncating 39 MB of
# JSON left by the run before is not this run's work).
# /usr/bin/time's figures are read from its own line, marked "TIME", so a
# note it adds ("Command exited with non-zero status 1", which git diff
# gives when the files differ) is never taken for them.
measure() {
    local start end rss cpu
    rm -f "$work/out"
    start=$(date +%s%N)
    /usr/bin/time -f "TIME %M %U %S" -o "$work/rss" "$@" >"$work/out" 2>"$work/err" || true
    end=$(date +%s%N)
    read -r rss cpu < <(awk '$1 == "TIME" { printf "%d %d\n", $2, ($3 + $4) * 1000 + 0.5 }' "$work/rss")
    if [ -z "${cpu:-}" ]; then
        echo "no figures from /usr/bin/time for: $*" >&2
        cat "$work/rss" >&2
        exit 1
    fi
    echo "$(( (end - start) / 1000000 )) $rss $cpu"
}

# Median wall time, maximum RSS and median CPU time over N runs.
summarise() {
    local lines wall rss cpu
    lines=$(cat)
    wall=$(cut -d' ' -f1 <<<"$lines" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    rss=$(cut -d' ' -f2 <<<"$lines" | sort -n | tail -n 1)
    cpu=$(cut -d' ' -f3 <<<"$lines" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    echo "$wall $rss $cpu"
}

printf "%-5s %-5s %-6s %11s %11s %11s %11s %11s %11s %6s %6s  %s\n" size shape edited "consult ms" "(cpu ms)" "consult MB" "git ms" "(cpu ms)" "git MB" ratio "(cpu)" verdict
fail=0
# shape:percent pairs
cases="para:1 para:10 lines:2 reg:2"
for mb in 1 10; do
    runs=$runs_small
    [ "$mb" = 10 ] && runs=$runs_large
    for case in $cases; do
        shape=${case%%:*}
        pct=${case##*:}
        dir="$work/${mb}m-${shape}-${pct}"
        cargo bench --quiet --bench diff -- gen "$dir" "$mb" "$pct" "$shape"
        a="$dir/a.md"
        b="$dir/b.md"
        # The JSON must be produced (and be a real diff), not an error.
        (cd "$work" && "$consult" diff "$a" "$b" --format json >"$dir/out.json") || {
            echo "consult diff failed on $mb MB / $pct%" >&2
            exit 1
        }
        # Wall time: consult and git in turn, so a change in the machine's
        # load weighs on both alike.
        read -r cms gms ratio < <(cargo bench --quiet --bench diff -- race "$runs" "$work/out" \
            -- "$consult" diff "$a" "$b" --format json \
            -- git diff --no-index --word-diff=porcelain --word-diff-regex=. "$a" "$b")
        # Peak memory and CPU time: three runs of each through /usr/bin/time.
        : >"$work/c.runs"
        : >"$work/g.runs"
        for _ in 1 2 3; do
            (cd "$work" && measure "$consult" diff "$a" "$b" --format json) >>"$work/c.runs"
            (cd "$work" && measure git diff --no-index --word-diff=porcelain --word-diff-regex=. "$a" "$b") >>"$work/g.runs"
        done
        read -r _ crss ccpu <<<"$(summarise <"$work/c.runs")"
        read -r _ grss gcpu <<<"$(summarise <"$work/g.runs")"
        limit=50
        [ "$mb" = 10 ] && limit=300
        verdict=ok
        if awk -v c="$cms" -v g="$gms" -v l="$limit" 'BEGIN { exit !(c > l || c * 2 > g) }'; then verdict=SLOW; fail=1; fi
        if [ "$mb" = 10 ] && [ "$crss" -gt $((64 * 1024)) ]; then verdict="$verdict BIG"; fail=1; fi
        cratio=$(awk -v c="$ccpu" -v g="$gcpu" 'BEGIN { if (g > 0) printf "%.2f", c / g; else print "-" }')
        printf "%-5s %-5s %-6s %11.1f %11d %11.1f %11.1f %11d %11.1f %6s %6s  %s\n" "${mb}MB" "$shape" "${pct}%" \
            "$cms" "$ccpu" "$(awk -v k="$crss" 'BEGIN { print k / 1024 }')" \
            "$gms" "$gcpu" "$(awk -v k="$grss" 'BEGIN { print k / 1024 }')" "$ratio" "$cratio" "$verdict"
    done
done
# What starting and ending any process costs here, timed the same way on
# a program that does nothing (it is in both wall times above).
read -r tms _ _ < <(cargo bench --quiet --bench diff -- race "$runs_small" "$work/out" -- true -- true)
echo "(median of $runs_small runs for 1 MB, $runs_large for 10 MB; ratio = consult / git wall time, (cpu) = the same for CPU time over 3 runs;"
echo " each run writes a new file; a process that does nothing (\`true\`) takes ${tms} ms timed the same way;"
echo " consult reads the two drafts on two threads, so its CPU time can exceed its wall time; git uses one;"
echo " $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg): wall times grow with the load, CPU times less)"
exit $fail
