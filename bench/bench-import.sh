#!/usr/bin/env bash
# Times `draftforge-cli import` of manuscripts with many short chapters, in
# an optimised build without sanitizers.  Not part of the test suite.
#
# For each size N it writes a plain-text manuscript of N chapters
# ("Chapter 1" ... "Chapter N", a short paragraph each), imports it into a
# fresh database and checks that the project has N chapters.  Beside it,
# the peer: the sqlite3 shell inserting the same N chapters into the same
# schema (triggers and indexes included) in one transaction, the floor of
# what writing them costs.
#
#   budget: 100,000 chapters in under 30 s; 30,000 in under a third of
#   that (10 s).  Sizes not in the budget are timed only.
#
# Usage: bench/bench-import.sh [N...]     (default: 10000 30000 100000)
# The build goes to build-bench-import/.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build-bench-import
sizes=("$@")
if ((${#sizes[@]} == 0)); then
  sizes=(10000 30000 100000)
fi
for n in "${sizes[@]}"; do
  if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
    echo "bench-import.sh: each N must be a positive number (got '$n')" >&2
    exit 1
  fi
done
for tool in sqlite3 jq; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench-import.sh: $tool is not installed (apt install $tool)" >&2
    exit 1
  fi
done

if [[ -f $build/build.ninja ]]; then
  meson configure "$build" --buildtype=release -Dsanitize=false >/dev/null
else
  meson setup "$build" "$root" --buildtype=release -Dsanitize=false >/dev/null
fi
ninja -C "$build" -j2 src/draftforge-cli >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/draftforge-bench-import.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export DRAFTFORGE_PLUGIN_PATH=$build/plugins
cli=$build/src/draftforge-cli

# manuscript N FILE: N short chapters
manuscript() {
  awk -v n="$1" 'BEGIN {
    for (i = 1; i <= n; i++)
      printf "Chapter %d\n\nIn chapter %d the lighthouse keeper wrote one more line, and the rain went on.\n\n", i, i
  }' >"$2"
}

# peer_sql N: the same chapters as SQL for a database made by draftforge-cli
peer_sql() {
  awk -v n="$1" 'BEGIN {
    print "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; BEGIN;"
    print "INSERT INTO projects (id, slug, title, created_at, updated_at) VALUES (1000, '\''peer'\'', '\''Peer'\'', '\''now'\'', '\''now'\'');"
    for (i = 1; i <= n; i++)
      printf "INSERT INTO chapters (project_id, number, title, slug, content_md, content_hash, words, created_at, updated_at)" \
             " VALUES (1000, %d, '\''Chapter %d'\'', '\''chapter-%d'\'', '\''In chapter %d the lighthouse keeper wrote one more line, and the rain went on.\n'\''," \
             " '\''hash'\'', 15, '\''now'\'', '\''now'\'');\n", i, i, i, i
    print "COMMIT;"
  }'
}

# seconds START_NS END_NS
seconds() {
  awk -v ns=$(($2 - $1)) 'BEGIN { printf "%.2f", ns / 1e9 }'
}

status=0
declare -A took
for n in "${sizes[@]}"; do
  book=$work/long-book-$n.txt
  db=$work/import-$n.db
  manuscript "$n" "$book"

  echo "== $n chapters ($(stat -c %s "$book") bytes): draftforge-cli import =="
  t0=$(date +%s%N)
  if ! slug=$("$cli" --db "$db" import "$book"); then
    echo "FAILED: draftforge-cli import of $n chapters did not succeed" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  took[$n]=$(seconds "$t0" "$t1")
  got=$("$cli" --db "$db" project show "$slug" --json | jq .chapters)
  if [[ $got != "$n" ]]; then
    echo "FAILED: the import of $n chapters gave $got chapters" >&2
    exit 1
  fi
  echo "  ${took[$n]} s, $got chapters"

  peer_db=$work/peer-$n.db
  "$cli" --db "$peer_db" project list >/dev/null   # the schema, empty
  peer_sql "$n" >"$work/peer.sql"
  t0=$(date +%s%N)
  if ! sqlite3 "$peer_db" <"$work/peer.sql" >/dev/null; then
    echo "FAILED: the sqlite3 peer could not insert $n chapters" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  peer_count=$(sqlite3 "$peer_db" "SELECT count(*) FROM chapters")
  if [[ $peer_count != "$n" ]]; then
    echo "FAILED: the sqlite3 peer wrote $peer_count chapters, not $n" >&2
    exit 1
  fi
  echo "  peer (sqlite3 shell, same schema, one transaction): $(seconds "$t0" "$t1") s"
  rm -f "$db" "$db"-* "$peer_db" "$peer_db"-* "$book" "$work/peer.sql"
done

if [[ -n ${took[100000]:-} ]] && awk -v t="${took[100000]}" 'BEGIN { exit !(t >= 30) }'; then
  echo "OVER BUDGET: 100,000 chapters take ${took[100000]} s (budget: under 30 s)"
  status=1
fi
if [[ -n ${took[30000]:-} ]] && awk -v t="${took[30000]}" 'BEGIN { exit !(t >= 10) }'; then
  echo "OVER BUDGET: 30,000 chapters take ${took[30000]} s (budget: under 10 s)"
  status=1
fi
if ((status == 0)); then
  echo "Within budget."
fi
exit $status
