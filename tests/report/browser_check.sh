#!/usr/bin/env bash
# Renders the monthly report fixture to HTML (through test_report) and opens it in headless
# Chromium: the page must paint (a non-trivial screenshot) and its DOM must hold the report
# title and the SVG charts. Usage: browser_check.sh <test_report> <source dir>.
# OPORA_REPORT_KEEP=<dir> keeps the HTML and PNG there for a human look.
set -u
test_report=$1
chromium=/usr/bin/chromium
if [ ! -x "$chromium" ]; then
  echo "SKIP: $chromium is not installed (apt-get install chromium)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
html=$work/monthly.html
png=$work/monthly.png

fail() { echo "FAIL: $*" >&2; exit 1; }

OPORA_REPORT_HTML_OUT=$html "$test_report" --gtest_filter='RenderHtmlFile.*' >"$work/gtest.log" 2>&1 \
  || { cat "$work/gtest.log"; fail "test_report could not write the HTML"; }
[ -s "$html" ] || fail "no HTML written"

# No network at all: the page must not need it, and Chromium must not phone home.
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
       --disable-component-update --disable-sync --no-first-run --disable-default-apps
       --user-data-dir="$work/profile" --hide-scrollbars)

timeout 90 "$chromium" "${flags[@]}" --screenshot="$png" --window-size=1240,1754 \
  "file://$html" >"$work/shot.log" 2>&1 || { tail -20 "$work/shot.log"; fail "chromium screenshot failed"; }
[ -f "$png" ] || fail "no screenshot"
size=$(stat -c %s "$png")
[ "$size" -gt 10240 ] || fail "screenshot is only $size bytes: the page looks empty"

timeout 90 "$chromium" "${flags[@]}" --dump-dom "file://$html" >"$work/dom.html" 2>"$work/dom.log" \
  || { tail -20 "$work/dom.log"; fail "chromium --dump-dom failed"; }
grep -q "Ежемесячный отчёт о реализации дорожной карты" "$work/dom.html" || fail "title missing in the DOM"
grep -q "<svg" "$work/dom.html" || fail "no <svg> in the DOM"
svgs=$(grep -o "<svg" "$work/dom.html" | wc -l)
[ "$svgs" -ge 5 ] || fail "expected 5 charts in the DOM, found $svgs"

# Printed, the page must come out on A4 sheets (595 × 842 pt), more than one for this report.
pdf=$work/monthly.pdf
timeout 90 "$chromium" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$pdf" "file://$html" \
  >"$work/pdf.log" 2>&1 || { tail -20 "$work/pdf.log"; fail "chromium --print-to-pdf failed"; }
pages=$(grep -a -c '/Type /Page\b' "$pdf")
[ "$pages" -ge 2 ] || fail "expected several printed pages, got $pages"
grep -a -q '/MediaBox \[0 0 59[45][.0-9]* 84[12][.0-9]*\]' "$pdf" || fail "printed pages are not A4"

if [ -n "${OPORA_REPORT_KEEP:-}" ]; then
  mkdir -p "$OPORA_REPORT_KEEP" && cp "$html" "$png" "$pdf" "$OPORA_REPORT_KEEP"/
fi
echo "OK: screenshot $size bytes, $svgs charts in the DOM, $pages A4 pages printed"
