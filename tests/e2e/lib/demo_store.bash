# Sourced by e2e scripts (`. "$2/tests/e2e/lib/demo_store.bash" "$@"`): the arguments ctest
# passes (the opora binary, the source tree), a temporary folder removed on exit, `fail`, and
# the demo store of 50 synthetic schools plus the seed documents' municipalities as OPORA_DB,
# with the source tree's scripts. Without the demo store (plugins missing) the test is skipped.
set -u
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$opora" demo --out "$work" --schools 50 >/dev/null 2>"$work/demo.err" || {
  echo "demo store not built (plugins missing?): $(tail -1 "$work/demo.err")" >&2; exit 77; }
export OPORA_DB=$work/opora-demo.db
export OPORA_SCRIPTS=$src/scripts
