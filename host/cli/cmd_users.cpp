// users add|list|disable|passwd: the accounts of the web workplace (`opora serve`). Passwords
// come from stdin (--password-stdin) or a prompt without echo; never from the command line,
// where other users of the machine could read them.
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "auth/accounts.hpp"
#include "cli/app.hpp"

namespace opora::host {

namespace {

struct UsersArgs {
  std::string login, role, territory, school, name;
  bool password_stdin = false;
  bool json = false;
};

// A line of stdin without its line ending.
std::string read_line(std::istream& in) {
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

// Prompts on the terminal with echo off, restoring it even when reading fails.
std::string prompt_hidden(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
  if (restore) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  auto line = read_line(std::cin);
  if (restore) tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << "\n";
  return line;
}

std::string read_password(bool from_stdin) {
  if (from_stdin) {
    if (!std::cin) throw UsageError("пароль не прочитан со стандартного ввода");
    auto p = read_line(std::cin);
    if (p.empty()) throw UsageError("стандартный ввод пуст: передайте пароль строкой");
    return p;
  }
  if (!isatty(STDIN_FILENO))
    throw UsageError(
        "пароль не задан: передайте его строкой на стандартный ввод с --password-stdin "
        "(в командной строке пароль не указывается)");
  auto first = prompt_hidden("Пароль: ");
  auto second = prompt_hidden("Повторите пароль: ");
  if (first != second) throw UsageError("пароли не совпадают");
  return first;
}

auth::Role role_of(const std::string& text) {
  if (auto r = auth::parse_role(text)) return *r;
  std::string all;
  for (auto r : auth::all_roles())
    all += "\n  " + std::string(auth::role_id(r)) + " — " + std::string(auth::role_title(r));
  throw UsageError("неизвестная роль «" + text + "»; возможные роли:" + all);
}

// Account refusals are about what the user typed: bad usage, exit code 2.
template <class F>
void refusing(F&& f) {
  try {
    f();
  } catch (const auth::Error& e) {
    throw UsageError(e.what());
  }
}

void run_add(Runtime& rt, const UsersArgs& a) {
  auto role = role_of(a.role);
  auto territory = rt.territory(a.territory);
  auth::Accounts acc(rt.db());
  // Checked before the password is asked for, so a typo does not cost typing it twice.
  if (acc.find_login(a.login)) throw UsageError("пользователь «" + a.login + "» уже есть");
  auto password = read_password(a.password_stdin);
  refusing([&] {
    auto u = acc.add(a.login, a.name, role, territory, a.school, password);
    std::cout << "Пользователь «" << u.login << "» создан: " << auth::role_title(u.role) << ", "
              << u.territory << (u.school.empty() ? "" : ", школа " + u.school) << "\n";
  });
}

void run_list(Runtime& rt, const UsersArgs& a) {
  auto users = auth::Accounts(rt.db()).list();
  if (a.json) {
    auto out = nlohmann::json::array();
    for (const auto& u : users)
      out.push_back({{"login", u.login},
                     {"name", u.name},
                     {"role", auth::role_id(u.role)},
                     {"role_title", auth::role_title(u.role)},
                     {"territory", u.territory},
                     {"school", u.school},
                     {"disabled", u.disabled}});
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (users.empty()) {
    std::cout << "Пользователей нет (создать: opora users add ЛОГИН --role ... --territory ...)\n";
    return;
  }
  for (const auto& u : users) {
    std::cout << u.login << "  " << (u.name.empty() ? "—" : u.name) << "  "
              << auth::role_title(u.role) << "  " << u.territory;
    if (!u.school.empty()) std::cout << "  школа " << u.school;
    std::cout << (u.disabled ? "  отключён" : "  активен") << "\n";
  }
}

void run_disable(Runtime& rt, const UsersArgs& a) {
  refusing([&] { auth::Accounts(rt.db()).disable(a.login); });
  std::cout << "Пользователь «" << a.login << "» отключён, его сеансы закрыты\n";
}

void run_passwd(Runtime& rt, const UsersArgs& a) {
  auth::Accounts acc(rt.db());
  if (!acc.find_login(a.login)) throw UsageError("пользователь «" + a.login + "» не найден");
  auto password = read_password(a.password_stdin);
  refusing([&] { acc.set_password(a.login, password); });
  std::cout << "Пароль пользователя «" << a.login << "» изменён, его сеансы закрыты\n";
}

}  // namespace

void add_users_commands(CLI::App& app, Runtime& rt) {
  auto a = std::make_shared<UsersArgs>();
  auto* users = add_command(app, rt, "users", "Пользователи рабочего места (opora serve)",
                            StoreUse::none);
  users->require_subcommand(1);

  auto* add = add_command(*users, rt, "add", "Создать пользователя", StoreUse::write);
  add->add_option("login", a->login, "Логин (латинские буквы, цифры, . _ - @)")->required();
  add->add_option("--role,-r", a->role,
                  "Роль: admin, analyst (аналитик региона), methodologist (методист "
                  "муниципалитета), curator (куратор школы)")
      ->required();
  add->add_option("--territory,-t", a->territory, "Территория пользователя")->required();
  add->add_option("--school,-s", a->school, "Логин школы (для куратора)");
  add->add_option("--name", a->name, "ФИО или должность");
  add->add_flag("--password-stdin", a->password_stdin, "Прочитать пароль со стандартного ввода");
  add->callback([&rt, a] { run_add(rt, *a); });

  auto* list = add_command(*users, rt, "list", "Список пользователей", StoreUse::read);
  list->add_flag("--json", a->json, "Вывод в JSON");
  list->callback([&rt, a] { run_list(rt, *a); });

  auto* disable = add_command(*users, rt, "disable",
                              "Отключить пользователя (вход запрещён, сеансы закрыты)",
                              StoreUse::write);
  disable->add_option("login", a->login, "Логин")->required();
  disable->callback([&rt, a] { run_disable(rt, *a); });

  auto* passwd = add_command(*users, rt, "passwd", "Сменить пароль пользователя", StoreUse::write);
  passwd->add_option("login", a->login, "Логин")->required();
  passwd->add_flag("--password-stdin", a->password_stdin,
                   "Прочитать пароль со стандартного ввода");
  passwd->callback([&rt, a] { run_passwd(rt, *a); });
}

}  // namespace opora::host
