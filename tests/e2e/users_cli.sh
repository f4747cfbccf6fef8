#!/usr/bin/env bash
# opora users add | list | disable | passwd through the real CLI (issue 11 part 2): passwords
# only from stdin or a hidden prompt and stored as argon2id, role × territory level checked,
# Russian refusals with exit code 2, disabling and password changes ending sessions.
# Usage: users_cli.sh OPORA SRC
set -uo pipefail
opora=$1; src=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
db="$work/u.db"
o() { "$opora" --db "$db" --scripts "$src/scripts" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_rc() {  # expect_rc <code> <command...>; stdin is passed through
  local want=$1; shift
  "$@" > "$work/out" 2> "$work/err"; local rc=$?
  [ "$rc" -eq "$want" ] || fail "exit $rc instead of $want: $* ($(head -c 600 "$work/err"))"
}
err_has() { grep -q -- "$1" "$work/err" || fail "stderr lacks «$1»: $(head -c 600 "$work/err")"; }
command -v sqlite3 > /dev/null || { echo "sqlite3 CLI missing" >&2; exit 77; }

expect_rc 0 o init
cat > "$work/schools.csv" <<'CSV'
Логин ОО;Наименование ОО;Муниципалитет;Тип;Местность;Обучающихся
sch740901;МОУ СОШ № 1;chelyabinsk/chebarkul;СОШ;town;400
sch380901;МОУ СОШ № 2;irkutsk/zima;СОШ;town;350
CSV
expect_rc 0 o import schools "$work/schools.csv"

# An empty list says how to add someone.
expect_rc 0 o users list
grep -q "Пользователей нет" "$work/out" || fail "empty list message"

# add with the password on stdin; territory by its last segment.
echo "пароль-аналитика" | expect_rc 0 o users add Analyst74 --role analyst --territory chelyabinsk \
  --name "Иванова И. И." --password-stdin
grep -q "Пользователь «analyst74» создан: аналитик региона, chelyabinsk" "$work/out" ||
  fail "add message: $(cat "$work/out")"
printf 'пароль-методиста\r\n' | expect_rc 0 o users add metod --role methodologist -t chebarkul \
  --password-stdin
echo "пароль-куратора-1" | expect_rc 0 o users add cur1 --role curator -t chebarkul \
  --school sch740901 --password-stdin
echo "пароль-админа-123" | expect_rc 0 o users add root --role admin -t federal --password-stdin

hash=$(sqlite3 "$db" "SELECT p.hash FROM user_passwords p JOIN users u ON u.id = p.user WHERE u.login = 'analyst74'")
case "$hash" in '$argon2id$'*) ;; *) fail "not an argon2id hash: $hash" ;; esac
case "$hash" in *'m=65536'*) ;; *) fail "production hash not at the interactive cost: $hash" ;; esac
sqlite3 "$db" .dump | grep -q "пароль-" && fail "a password is stored in clear"

# Refusals: Russian, exit 2, nothing written.
before=$(sqlite3 "$db" "SELECT count(*) FROM users")
echo "пароль-длинный-1" | expect_rc 2 o users add x --role analyst -t chebarkul --password-stdin
err_has "уровня «регион»"
echo "пароль-длинный-1" | expect_rc 2 o users add x --role methodologist -t chelyabinsk --password-stdin
err_has "«муниципалитет»"
echo "пароль-длинный-1" | expect_rc 2 o users add x --role curator -t chebarkul --password-stdin
err_has "укажите школу"
echo "пароль-длинный-1" | expect_rc 2 o users add x --role curator -t chebarkul --school sch380901 \
  --password-stdin
err_has "относится к территории «irkutsk/zima»"
echo "пароль-длинный-1" | expect_rc 2 o users add x --role boss -t chebarkul --password-stdin
err_has "неизвестная роль «boss»"
err_has "methodologist — методист муниципалитета"
echo "пароль-длинный-1" | expect_rc 2 o users add x --role analyst -t atlantis --password-stdin
err_has "территория «atlantis» не найдена"
echo "короткий" | expect_rc 2 o users add x --role analyst -t chelyabinsk --password-stdin
err_has "пароль короче 10 символов"
echo "пароль-длинный-1" | expect_rc 2 o users add METOD --role analyst -t chelyabinsk --password-stdin
err_has "пользователь «METOD» уже есть"
expect_rc 2 o users add y --role analyst -t chelyabinsk --password-stdin < /dev/null
err_has "стандартный ввод пуст"
# Without --password-stdin and without a terminal: refused, never read silently.
echo "пароль-длинный-1" | expect_rc 2 o users add y --role analyst -t chelyabinsk
err_has "--password-stdin"
expect_rc 2 o users add y --role analyst -t chelyabinsk --password "пароль-длинный-1"
[ "$(sqlite3 "$db" "SELECT count(*) FROM users")" = "$before" ] || fail "a refused add wrote"

# list: login, name, role in Russian, territory, state.
expect_rc 0 o users list
grep -q "^analyst74  Иванова И. И.  аналитик региона  chelyabinsk  активен$" "$work/out" ||
  fail "list line: $(cat "$work/out")"
grep -q "^cur1  —  куратор школы  chelyabinsk/chebarkul  школа sch740901  активен$" "$work/out" ||
  fail "curator line: $(cat "$work/out")"
expect_rc 0 o users list --json
python3 - "$work/out" <<'PY' || fail "users list --json shape"
import json, sys
d = {u["login"]: u for u in json.load(open(sys.argv[1]))}
assert set(d) == {"analyst74", "metod", "cur1", "root"}, d
assert d["metod"]["role"] == "methodologist" and d["metod"]["role_title"] == "методист муниципалитета"
assert d["metod"]["territory"] == "chelyabinsk/chebarkul" and not d["metod"]["disabled"]
assert all("password" not in k and "hash" not in k for u in d.values() for k in u)
PY

# passwd changes the hash and ends the sessions; disable refuses the login and ends sessions.
sqlite3 "$db" "INSERT INTO sessions VALUES ('h1', (SELECT id FROM users WHERE login='metod'), 'c', 0, 9999999999)"
old=$(sqlite3 "$db" "SELECT hash FROM user_passwords WHERE user = (SELECT id FROM users WHERE login='metod')")
echo "новый-пароль-методиста" | expect_rc 0 o users passwd metod --password-stdin
grep -q "Пароль пользователя «metod» изменён" "$work/out" || fail "passwd message"
new=$(sqlite3 "$db" "SELECT hash FROM user_passwords WHERE user = (SELECT id FROM users WHERE login='metod')")
[ "$old" != "$new" ] || fail "passwd did not change the hash"
[ "$(sqlite3 "$db" "SELECT count(*) FROM sessions")" = 0 ] || fail "passwd left a session"
echo "короткий" | expect_rc 2 o users passwd metod --password-stdin
err_has "пароль короче"
echo "новый-пароль-методиста" | expect_rc 2 o users passwd ghost --password-stdin
err_has "пользователь «ghost» не найден"

sqlite3 "$db" "INSERT INTO sessions VALUES ('h2', (SELECT id FROM users WHERE login='metod'), 'c', 0, 9999999999)"
expect_rc 0 o users disable metod
grep -q "Пользователь «metod» отключён" "$work/out" || fail "disable message"
[ "$(sqlite3 "$db" "SELECT count(*) FROM sessions")" = 0 ] || fail "disable left a session"
expect_rc 0 o users list
grep -q "^metod  .*  отключён$" "$work/out" || fail "disabled not shown: $(cat "$work/out")"
expect_rc 2 o users disable ghost
err_has "пользователь «ghost» не найден"
# Account changes are in the store's history.
[ "$(sqlite3 "$db" "SELECT count(*) FROM history WHERE table_name = 'users'")" = 2 ] ||
  fail "users history: $(sqlite3 "$db" "SELECT * FROM history WHERE table_name = 'users'")"

expect_rc 2 o users
echo "OK"
