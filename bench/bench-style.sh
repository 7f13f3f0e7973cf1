#!/usr/bin/env bash
# The style agent on the whole of War and Peace beside write-good (the npm
# package), in one run, in an optimised build without sanitizers
# (build-bench-style/).  Not part of the test suite.
#
# - the whole book, every check on: `draftforge-cli style report --json`
#   (every chapter read from the database, checked and its figures made;
#   nothing stored) and `agent run style --json` (the same, its 40,000-odd
#   findings stored as a run and printed), each the median of RUNS runs,
#   beside write-good on the same chapters' Markdown (its time checking,
#   in the process, and the process's), a round of write-good then a
#   report at a time so that both meet the same load; min / median / max
#   of both, and the CPU time of both processes (which the load of a
#   shared machine changes less);  budget: 1/50 of write-good's checking
#   time, and proselint's time / 100 when proselint is installed;
# - re-checking one paragraph as the editor does (the style agent's
#   check_text on every paragraph of the longest chapter, 5 rounds, and on
#   its longest paragraph 200 times): budget under 2 ms;
# - the memory the check adds: the peak resident size of `style report`
#   less that of `agent list` (the same program, the plugins loaded, no
#   book read), from /usr/bin/time -v: budget under 50 MB.
#
# Every run is checked (exit status, the report's chapter count and
# words, write-good's finding count) and the script stops at the first
# that fails.
#
# Usage: bench/bench-style.sh [RUNS]     (default: 3)
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/bench-lib.sh
source "$root/bench/bench-lib.sh"
build=${DRAFTFORGE_BENCH_BUILD:-$root/build-bench-style}
runs=${1:-3}
bench_check_runs bench-style.sh "$runs"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
novel=$corpus/novels/war-and-peace.txt
fail() { echo "bench-style.sh: $*" >&2; exit 1; }
for tool in node npm jq; do
  command -v $tool >/dev/null || fail "$tool is not installed"
done
[[ -x /usr/bin/time ]] || fail "/usr/bin/time is not installed (apt install time)"
[[ -f $novel ]] || fail "$novel is not there (set DRAFTFORGE_CORPUS)"

bench_build "$root" "$build" src/draftforge-cli src/draftforge-plugin-runner plugins/style/libdraftforge-style.so plugins/style/style.plugin \
  bench/bench-style-paragraph

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-bench-style.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export DRAFTFORGE_PLUGIN_PATH=$build/plugins
cli=$build/src/draftforge-cli
db=$work/book.db

npm install --prefix "$work/wg" --no-audit --no-fund --loglevel=error write-good >"$work/npm.log" 2>&1 ||
  { cat "$work/npm.log" >&2; fail "npm install write-good failed"; }
wg_version=$(node -p "require('$work/wg/node_modules/write-good/package.json').version")

slug=$("$cli" --db "$db" import "$novel") || fail "import failed"
slug=${slug%%$'\n'*}
n_chapters=$("$cli" --db "$db" chapter list "$slug" --json | jq length)
words=$("$cli" --db "$db" project show "$slug" --json | jq .words)
mkdir -p "$work/chapters"
for ((n = 1; n <= n_chapters; n++)); do
  "$cli" --db "$db" chapter cat "$slug" "$n" >"$work/chapters/$n.md" || fail "chapter cat $n failed"
done
echo "War and Peace: $n_chapters chapters, $words words; write-good $wg_version; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

ms_now() { date +%s%N; }
TIMEFORMAT='%3R %3U %3S'   # bash's time: elapsed, user, system (seconds)
elapsed_ms() { echo $((($(ms_now) - $1) / 1000000)); }

# write-good: every chapter's Markdown, its default checks.
cat >"$work/wg.js" <<'JS'
const fs = require('fs');
const writeGood = require(process.argv[2]);
const dir = process.argv[3];
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.md'));
let found = 0, ms = 0;
for (const f of files) {
  const text = fs.readFileSync(dir + '/' + f, 'utf8');
  const t0 = process.hrtime.bigint();
  found += writeGood(text).length;
  ms += Number(process.hrtime.bigint() - t0) / 1e6;
}
console.log(JSON.stringify({ chapters: files.length, findings: found, check_ms: Math.round(ms) }));
JS
# Each round runs write-good, then the report, one after the other, so
# that both meet the same load on a shared machine.
wg_check=() wg_wall=() wg_cpu=()
df_report=() df_run=() df_cpu=()
for ((r = 0; r < runs; r++)); do
  t=$(ms_now)
  out=$(/usr/bin/time -o "$work/wg-cpu" -f '%U %S' node "$work/wg.js" "$work/wg/node_modules/write-good" "$work/chapters") ||
    fail "write-good failed"
  wg_wall+=("$(elapsed_ms "$t")")
  wg_cpu+=("$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$work/wg-cpu")")
  [[ $(jq .chapters <<<"$out") == "$n_chapters" && $(jq .findings <<<"$out") -gt 0 ]] || fail "write-good: $out"
  wg_check+=("$(jq .check_ms <<<"$out")")
  wg_found=$(jq .findings <<<"$out")

  # DraftForge: the report (nothing stored), timed by the shell itself
  # (its elapsed, user and system time, to the millisecond), so that no
  # timing program's own start is counted.
  report_status=0
  { time "$cli" --db "$db" style report "$slug" --json >"$work/report.json" 2>"$work/report.err"; } 2>"$work/cpu" ||
    report_status=$?
  [[ $report_status == 0 ]] || { cat "$work/report.err" >&2; fail "style report failed (status $report_status)"; }
  df_report+=("$(awk '{ printf "%d", $1 * 1000 }' "$work/cpu")")
  df_cpu+=("$(awk '{ printf "%d", ($2 + $3) * 1000 }' "$work/cpu")")
  [[ $(jq '.chapters | length' "$work/report.json") == "$n_chapters" ]] || fail "style report: wrong chapters"
  [[ $(jq '.book.words' "$work/report.json") -gt 500000 ]] || fail "style report: too few words"
done

# A stored run, its findings printed.
for ((r = 0; r < runs; r++)); do
  t=$(ms_now)
  "$cli" --db "$db" agent run style "$slug" --json >"$work/run.json" || fail "agent run style failed"
  df_run+=("$(elapsed_ms "$t")")
  df_found=$(jq '.issues | length' "$work/run.json")
  [[ $df_found -gt 0 ]] || fail "agent run style found nothing"
done

# proselint, when installed (Debian: python3-proselint): the whole text
# once, with an empty cache of its own (it keeps every check's results by
# the text's hash, and a second run would only read them back).  It takes
# about 12 minutes here; DRAFTFORGE_BENCH_NO_PROSELINT=1 leaves it out.
# It exits 1 when it found something, as it does on this book.
pl_ms=""
if command -v proselint >/dev/null && [[ -z ${DRAFTFORGE_BENCH_NO_PROSELINT:-} ]]; then
  echo "proselint on the whole book (about 12 minutes)…"
  t=$(ms_now)
  status=0
  XDG_CACHE_HOME=$work/proselint-cache proselint "$novel" >"$work/proselint.out" 2>"$work/proselint.err" || status=$?
  pl_ms=$(elapsed_ms "$t")
  [[ ($status == 0 || $status == 1) && -s $work/proselint.out ]] ||
    { cat "$work/proselint.err" >&2; fail "proselint failed (status $status) or found nothing"; }
  pl_found=$(wc -l <"$work/proselint.out")
elif ! command -v proselint >/dev/null; then
  echo "proselint is not installed (apt install python3-proselint): its budget is not measured"
fi

# One paragraph at a time: the longest chapter.
longest=$(ls -S "$work/chapters" | head -1)
para=$("$build/bench/bench-style-paragraph" "$work/chapters/$longest" 5) || fail "bench-style-paragraph failed"

# Memory: peak resident size with the book checked, and without.
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }'; }
rss_report=$(rss "$cli" --db "$db" style report "$slug" --json)
rss_base=$(rss "$cli" --db "$db" agent list --json)
[[ -n $rss_report && -n $rss_base ]] || fail "/usr/bin/time gave no peak memory"
added_mb=$(awk -v a="$rss_report" -v b="$rss_base" 'BEGIN { printf "%.1f", (a - b) / 1024 }')

# min / median / max of a list of numbers
spread() {
  local sorted
  sorted=$(printf '%s\n' "$@" | sort -g)
  printf '%s / %s / %s' "$(head -1 <<<"$sorted")" "$(bench_median "$@")" "$(tail -1 <<<"$sorted")"
}
wg_c=$(bench_median "${wg_check[@]}")
wg_u=$(bench_median "${wg_cpu[@]}")
wg_w=$(bench_median "${wg_wall[@]}")
rep=$(bench_median "${df_report[@]}")
cpu=$(bench_median "${df_cpu[@]}")
run=$(bench_median "${df_run[@]}")
printf '\n%-46s %10s   (load at the end: %s)\n' "War and Peace, every check on (median of $runs)" "ms" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-46s %10s  (%s findings; min / median / max %s)\n' "write-good, checking" "$wg_c" "$wg_found" \
  "$(spread "${wg_check[@]}")"
printf '%-46s %10s\n' "write-good, the whole node process" "$wg_w"
printf '%-46s %10s  (min / median / max %s; CPU %s ms, on %s threads)\n' \
  "DraftForge style report (process, from the db)" "$rep" "$(spread "${df_report[@]}")" "$cpu" "$(nproc)"
printf '%-46s %10s  (%s findings stored)\n' "DraftForge agent run style --json (stored)" "$run" "$df_found"
[[ -n $pl_ms ]] && printf '%-46s %10s  (%s findings)\n' "proselint" "$pl_ms" "$pl_found"
awk -v wg="$wg_c" -v df="$rep" -v run="$run" 'BEGIN {
  printf "write-good / style report: %.1f× (budget 50×: %s); write-good / agent run: %.1f×\n",
         wg / df, ((wg / df >= 50) ? "met" : "NOT MET"), wg / run }'
awk -v wg="$wg_u" -v df="$cpu" 'BEGIN {
  printf "CPU time, the whole processes: write-good %d ms, style report %d ms: %.1f×\n", wg, df, wg / df }'
if [[ -n $pl_ms ]]; then
  awk -v pl="$pl_ms" -v df="$rep" 'BEGIN {
    printf "proselint / style report: %.1f× (budget 100×: %s)\n", pl / df, ((pl / df >= 100) ? "met" : "NOT MET") }'
fi
echo "one paragraph at a time ($longest): $para"
jq -r '"  median \(.median_ms) ms, 99th percentile \(.p99_ms) ms, worst \(.max_ms) ms; the longest paragraph (\(.longest_bytes) bytes) \(.longest_median_ms) ms (budget 2 ms, on the 99th percentile: " + (if .p99_ms < 2 then "met" else "NOT MET" end) + ")"' <<<"$para"
echo "peak memory: style report $((rss_report / 1024)) MB, agent list $((rss_base / 1024)) MB: the check adds $added_mb MB (budget 50 MB: $(awk -v m="$added_mb" 'BEGIN { print ((m < 50) ? "met" : "NOT MET") }'))"
