#!/usr/bin/env bash
# Issue 9 §4: the demo reports of the five seed municipalities say everything in words — no
# category code (low_results, social_risk …), no figure id (teachers_total), no «2 из 0», no
# «ВПР/5/Математика» — in the HTML and Markdown a methodologist sends on.
# Usage: report_words.sh OPORA SRC
set -u
opora=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPORA_SCRIPTS=$src/scripts
fail() { echo "FAIL: $*" >&2; exit 1; }

"$opora" demo --out "$work" --schools 200 >/dev/null 2>"$work/demo.err" || {
  echo "demo store not built (plugins missing?): $(tail -1 "$work/demo.err")" >&2; exit 77; }
export OPORA_DB=$work/opora-demo.db

# Every category code any package declares: none of them may reach the reader.
codes=$(grep -rhoE 'category *\{ *code *= *"[a-z_]+"' "$src/scripts" | sed -E 's/.*"([a-z_]+)"/\1/' |
        sort -u | paste -sd'|')
[ -n "$codes" ] || fail "no category codes found in the packages"

printf 'В марте проведены все семинары.\n\nОтчёт подготовлен по данным школ.\n' >"$work/note.txt"
n=0
for t in zima:2024:2024-05 chebarkul:2023:2023-03 bagan:2022:2022-11 serafimovich:2023:2023-03 \
         sochi:2020:2021-02; do
  IFS=: read -r terr year month <<<"$t"
  "$opora" roadmap create -t "$terr" -y "$year" >/dev/null 2>&1 || fail "roadmap create $terr $year"
  "$opora" progress simulate -t "$terr" -y "$year" -m "$month" >/dev/null 2>&1 || fail "simulate $terr"
  "$opora" report -t "$terr" -m "$month" -f html -o "$work/$terr.html" \
    --explanatory "$work/note.txt" --executor "Иванова И.И., методист" >/dev/null ||
    fail "report html $terr"
  "$opora" report -t "$terr" -m "$month" -f md >"$work/$terr.md" || fail "report md $terr"
  # The HTML's text, without markup (attributes carry section ids, not words).
  python3 - "$work/$terr.html" >"$work/$terr.txt" <<'PY' || fail "html text $terr"
import html, re, sys
t = open(sys.argv[1], encoding="utf-8").read()
t = re.sub(r"<style.*?</style>", " ", t, flags=re.S)
print(html.unescape(re.sub(r"<[^>]+>", " ", t)))
PY
  for f in "$work/$terr.txt" "$work/$terr.md"; do
    if grep -noE "\\b($codes)\\b" "$f" | head -3 | grep -q .; then
      fail "$terr: category code in $(basename "$f"): $(grep -noE "\\b($codes)\\b" "$f" | head -3)"
    fi
    grep -q 'teachers_total' "$f" && fail "$terr: figure id in $(basename "$f")"
    grep -qE '(^|[^0-9])из 0([^0-9,]|$)' "$f" &&
      fail "$terr: «из 0» in $(basename "$f"): $(grep -oE '.{40}из 0([^0-9,]|$)' "$f" | head -2)"
    grep -qE '(ВПР|ОГЭ|ЕГЭ)/[0-9]+/' "$f" && fail "$terr: work key as a path in $(basename "$f")"
  done
  # The month in words, the document's own blocks of §4 and the user's note with the signature.
  m=$(python3 -c "import sys; y,m=sys.argv[1].split('-'); print(['январь','февраль','март','апрель','май','июнь','июль','август','сентябрь','октябрь','ноябрь','декабрь'][int(m)-1]+' '+y)" "$month")
  grep -q "$m" "$work/$terr.txt" || fail "$terr: month not written as «$m»"
  grep -q 'Выполнение дорожной карты с начала её действия' "$work/$terr.txt" || fail "$terr: cumulative table"
  grep -q 'Отметка о выполнении' "$work/$terr.md" || fail "$terr: «Отметка о выполнении»"
  grep -q 'Пояснительная записка' "$work/$terr.txt" || fail "$terr: explanatory note"
  grep -q 'В марте проведены все семинары.' "$work/$terr.txt" || fail "$terr: note text"
  grep -q 'Исполнитель: Иванова И.И., методист' "$work/$terr.txt" || fail "$terr: executor"
  n=$((n + 1))
done
[ "$n" -eq 5 ] || fail "expected 5 reports, got $n"

# --explanatory is one territory's note: refused with --all, not copied into every report.
"$opora" report --all -m 2023-03 -f md -o "$work/all" --explanatory "$work/note.txt" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--explanatory with --all is not a usage error"
echo OK
