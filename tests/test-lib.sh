# test-lib.sh: what the shell tests share, sourced after `set -uo pipefail`
#
# $build (the build folder given as the first argument, made absolute),
# $tmp (a folder removed on exit), and ok/fail, which count the failures
# in $failures for the test's last line.
#
# SPDX-License-Identifier: GPL-3.0-or-later

build=${1:?usage: $(basename "$0") BUILD_DIR}
build=$(cd "$build" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failures=0
fail () { echo "not ok: $*"; failures=$((failures + 1)); }
ok () { echo "ok: $*"; }
