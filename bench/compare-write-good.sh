#!/usr/bin/env bash
# Runs write-good (the npm package) and DraftForge's style agent on the
# first chapters of Pride and Prejudice and checks that every finding of
# write-good's passive, weasel, adverb, "there is", lexical illusion,
# "so", wordy and cliché checks is among DraftForge's, with the same span
# (write-good's UTF-16 offsets turned into bytes of the same Markdown).
# Prints the coverage per category and the differences, and writes them
# as JSON (comparison.json in OUT, when given).
#
# write-good is installed into a temporary folder (npm install --prefix);
# node and npm must be there.  DraftForge runs from an optimised build in
# build-bench-style/ through `draftforge-cli agent run style --json`.
#
# Exits non-zero when a run fails, or when a category that DraftForge
# means to cover in full (passive, lexical illusion, "there is", "so",
# adverbs) has a write-good finding that DraftForge does not have and
# that is not one of the differences named in docs/agents.md.
#
# Usage: bench/compare-write-good.sh [CHAPTERS] [OUT]     (default: 10)
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/bench-lib.sh
source "$root/bench/bench-lib.sh"
build=${DRAFTFORGE_BENCH_BUILD:-$root/build-bench-style}
chapters=${1:-10}
bench_check_runs compare-write-good.sh "$chapters"
corpus=${DRAFTFORGE_CORPUS:-$root/../shared/corpus}
novel=$corpus/novels/pride-and-prejudice.txt
for tool in node npm; do
  if ! command -v $tool >/dev/null; then
    echo "compare-write-good.sh: $tool is not installed" >&2
    exit 1
  fi
done
if [[ ! -f $novel ]]; then
  echo "compare-write-good.sh: $novel is not there (set DRAFTFORGE_CORPUS)" >&2
  exit 1
fi

bench_build "$root" "$build" src/draftforge-cli plugins/style/libdraftforge-style.so plugins/style/style.plugin

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-compare-wg.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export DRAFTFORGE_PLUGIN_PATH=$build/plugins
cli=$build/src/draftforge-cli
db=$work/book.db
out=${2:-$work/out}
mkdir -p "$out"

if ! npm install --prefix "$work/wg" --no-audit --no-fund --loglevel=error write-good >"$work/npm.log" 2>&1; then
  cat "$work/npm.log" >&2
  echo "compare-write-good.sh: npm install write-good failed" >&2
  exit 1
fi
echo "write-good $(node -p "require('$work/wg/node_modules/write-good/package.json').version")"

slug=$("$cli" --db "$db" import "$novel")
slug=${slug%%$'\n'*}
# The first CHAPTERS chapters in a project of their own, as stored.
"$cli" --db "$db" project new "Sample" >/dev/null
for ((n = 1; n <= chapters; n++)); do
  "$cli" --db "$db" chapter cat "$slug" "$n" >"$out/$n.md"
  "$cli" --db "$db" chapter add sample "Chapter $n" >/dev/null
  "$cli" --db "$db" chapter write sample "$n" <"$out/$n.md"
  # What was stored must be the same bytes: the spans refer to them.
  cmp -s "$out/$n.md" <("$cli" --db "$db" chapter cat sample "$n") || {
    echo "compare-write-good.sh: chapter $n did not round-trip" >&2
    exit 1
  }
done
"$cli" --db "$db" agent run style sample --json >"$out/draftforge.json"
node "$root/bench/compare-write-good.js" "$work/wg" "$out" | tee "$out/report.txt"

# Full coverage where DraftForge means it: any miss there fails the run,
# but for the adjectives in -ly that write-good calls adverbs and
# DraftForge's list of words that are not adverbs names ("lonely").
node -e '
const fs = require("fs");
const r = require(process.argv[1]);
const notAdverbs = new Set(fs.readFileSync(process.argv[2], "utf8").split("\n").map((l) => l.trim()));
const strict = ["passive", "illusion", "thereIs", "so", "adverb"];
let bad = 0;
for (const c of strict) {
  const miss = r.categories[c].missing.filter((m) => !(c === "adverb" && notAdverbs.has(m.words.toLowerCase())));
  if (miss.length) { bad += miss.length; console.error(`compare-write-good.sh: ${c}: ${miss.length} not covered`); }
}
process.exit(bad ? 1 : 0);
' "$out/comparison.json" "$root/plugins/style/lists/not-adverbs.txt"
